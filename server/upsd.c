/* upsd: the server context -- loading upsd.conf, upsd.users and ups.conf,
 * building the UPS table, SIGHUP reload (parse all into new structures, swap
 * only when every file is valid; clients and healthy driver links stay) and
 * shutdown.
 *
 * There is no periodic tick: upsd sleeps until its next deadline. Each
 * driver link has its own timer (drvconn.c); the idle-timeout timer is set
 * for the least recently active client only while clients exist, and the
 * TRACKINGDELAY timer for the oldest tracked result only while results are
 * held. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "client.h"
#include "drvconn.h"
#include "listen.h"
#include "log.h"
#include "paths.h"
#include "upsconf.h"
#include "upsdconf.h"
#include "users.h"

struct upsd_files {
	struct upsd_conf conf;
	struct users users;
	struct upsconf ups;
};

/* Loads all three files; 0, or -1 with nothing kept (every error logged). */
static int upsd_load_files(struct upsd_files *f)
{
	char path[4096];
	int bad = 0;

	memset(f, 0, sizeof(*f));
	upsdconf_defaults(&f->conf);
	if (path_conf_file(path, sizeof(path), "upsd.conf") < 0 ||
	    upsdconf_load(path, 0, &f->conf) < 0)
		bad = 1;
	if (path_conf_file(path, sizeof(path), "upsd.users") < 0 || users_load(path, &f->users) < 0)
		bad = 1;
	if (path_conf_file(path, sizeof(path), "ups.conf") < 0 || upsconf_load(path, &f->ups) < 0)
		bad = 1;
	if (!bad && f->ups.nups == 0 && !f->conf.allow_no_device) {
		log_warnx("%s: no UPS defined (set ALLOW_NO_DEVICE in upsd.conf to start anyway)",
		          path);
		bad = 1;
	}
	if (bad) {
		upsdconf_free(&f->conf);
		users_free(&f->users);
		upsconf_free(&f->ups);
		return -1;
	}
	return 0;
}

static const char *upsd_statepath(const struct upsd_conf *c)
{
	return c->statepath != NULL ? c->statepath : path_state();
}

struct ups_entry *upsd_find_ups(const struct upsd *u, const char *name)
{
	size_t i;

	for (i = 0; i < u->nups; i++)
		if (strcasecmp(u->ups[i]->name, name) == 0)
			return u->ups[i];
	return NULL;
}

/* Builds the UPS table from ups.conf, reusing entries whose name, driver and
 * socket path did not change (their links and mirrors stay). 0 or -1. */
static int upsd_apply_ups(struct upsd *u, const struct upsconf *uc, const char *statepath)
{
	struct ups_entry **nv;
	struct ups_entry *e;
	struct client *c;
	size_t i, k;

	nv = calloc(uc->nups + 1, sizeof(*nv));
	if (nv == NULL)
		return -1;
	for (k = 0; k < u->nups; k++)
		u->ups[k]->keep = 0;
	for (i = 0; i < uc->nups; i++) {
		const struct upsconf_ups *s = &uc->ups[i];
		const char *driver = upsconf_get(s, "driver");
		const char *desc = upsconf_get(s, "desc");

		e = NULL;
		for (k = 0; k < u->nups; k++) {
			struct ups_entry *o = u->ups[k];

			if (strcmp(o->name, s->name) == 0 && strcmp(o->driver, driver) == 0 &&
			    !o->keep) {
				e = o;
				break;
			}
		}
		if (e != NULL) {
			char want[4096];

			/* Built as drvconn_new() builds it: "dir/" and "dir" are the
			 * same socket, and keep their links and logins on reload. */
			if (path_driver_socket(want, sizeof(want), statepath, driver, s->name) ==
			        0 &&
			    strcmp(want, e->sockpath) == 0) {
				e->keep = 1;
				drvconn_set_desc(e, desc);
				nv[i] = e;
				continue;
			}
		}
		nv[i] = drvconn_new(u, s->name, driver, desc, statepath);
		if (nv[i] == NULL) {
			while (i-- > 0)
				if (!nv[i]->keep)
					drvconn_free(nv[i]);
			free(nv);
			return -1;
		}
	}
	for (k = 0; k < u->nups; k++) {
		if (u->ups[k]->keep)
			continue;
		for (c = u->clients; c != NULL; c = c->next)
			if (c->login == u->ups[k])
				c->login = NULL;
		log_info("ups %s: removed from ups.conf", u->ups[k]->name);
		drvconn_free(u->ups[k]);
	}
	free(u->ups);
	u->ups = nv;
	u->nups = uc->nups;
	if (u->drivers_live)
		upsd_connect_drivers(u);
	return 0;
}

void upsd_connect_drivers(struct upsd *u)
{
	size_t i;

	u->drivers_live = 1;
	for (i = 0; i < u->nups; i++)
		if (!u->ups[i]->keep && !drvconn_connected(u->ups[i]))
			(void)drvconn_connect(u->ups[i]);
}

static void upsd_idle_fire(struct ev_loop *loop, void *arg)
{
	struct upsd *u = arg;

	(void)loop;
	u->idle_timer = 0;
	(void)client_expire_idle(u, ev_now_ms());
	upsd_schedule_idle(u);
	/* Paused by an accept() error (EMFILE...): a chance to resume. */
	upsd_client_gone(u);
}

void upsd_schedule_idle(struct upsd *u)
{
	uint64_t idle_ms = (uint64_t)u->conf.idle_timeout_s * 1000;
	uint64_t due, now;

	if (u->clients_tail == NULL || idle_ms == 0)
		return;
	due = u->clients_tail->last_active_ms + idle_ms;
	/* Already set for no later than that: the tail only gets younger. */
	if (u->idle_timer != 0 && u->idle_due_ms <= due)
		return;
	if (u->idle_timer != 0)
		ev_timer_cancel(u->loop, u->idle_timer);
	now = ev_now_ms();
	u->idle_due_ms = due;
	u->idle_timer = ev_timer_add(u->loop, due > now ? due - now : 0, 0, upsd_idle_fire, u);
	if (u->idle_timer == 0)
		log_warn("cannot set the idle timeout timer");
}

static void upsd_tracking_fire(struct ev_loop *loop, void *arg)
{
	struct upsd *u = arg;

	(void)loop;
	u->tracking_timer = 0;
	tracking_expire(&u->tracking, ev_now_ms(), (uint64_t)u->conf.trackingdelay_s * 1000);
	upsd_schedule_tracking(u);
}

void upsd_schedule_tracking(struct upsd *u)
{
	const struct tracking *t = &u->tracking;
	uint64_t due, now;

	if (t->n == 0 || u->tracking_timer != 0)
		return;
	/* The oldest result goes first; tracking_expire() drops it once older
	 * than TRACKINGDELAY. */
	due = t->ring[t->head].born_ms + (uint64_t)u->conf.trackingdelay_s * 1000 + 1;
	now = ev_now_ms();
	u->tracking_timer =
	    ev_timer_add(u->loop, due > now ? due - now : 0, 0, upsd_tracking_fire, u);
	if (u->tracking_timer == 0)
		log_warn("cannot set the tracking expiry timer");
}

/* The debug level: -D (or NUT_DEBUG_LEVEL), raised to DEBUG_MIN. */
static void upsd_apply_debug(struct upsd *u)
{
	int level = u->conf.debug_min > u->debug_base ? u->conf.debug_min : u->debug_base;

	if (level != log_get_debug()) {
		log_set_debug(level);
		log_debug(1, "debug level is %d (-D %d, DEBUG_MIN %d)", level, u->debug_base,
		          u->conf.debug_min);
	}
}

int upsd_check_config(void)
{
	struct upsd_files f;

	if (upsd_load_files(&f) < 0)
		return -1;
	upsdconf_free(&f.conf);
	users_free(&f.users);
	upsconf_free(&f.ups);
	return 0;
}

int upsd_start(struct upsd *u, struct ev_loop *loop)
{
	struct upsd_files f;

	memset(u, 0, sizeof(*u));
	u->loop = loop;
	u->debug_base = log_get_debug();
	if (upsd_load_files(&f) < 0)
		return -1;
	u->conf = f.conf;
	u->users = f.users;
	upsd_apply_debug(u);
	/* The replies of one client turn: below the high-water mark, plus one
	 * reply (client.c). */
	if (buf_init(&u->reply, UPSD_OUTQ_MAX) < 0 || listen_open(u) < 0)
		goto fail;
	if (upsd_apply_ups(u, &f.ups, upsd_statepath(&u->conf)) < 0)
		goto fail;
	upsconf_free(&f.ups);
	return 0;
fail:
	upsconf_free(&f.ups);
	upsd_stop(u);
	return -1;
}

void upsd_reload(struct upsd *u)
{
	struct upsd_files f;
	size_t i;

	log_info("reloading configuration");
	if (upsd_load_files(&f) < 0) {
		log_warnx("reload failed, the previous configuration stays in force");
		return;
	}
	(void)upsdconf_keep_fixed(&u->conf, &f.conf);
	if (upsd_apply_ups(u, &f.ups, upsd_statepath(&f.conf)) < 0) {
		log_warnx(
		    "reload failed (out of memory), the previous configuration stays in force");
		upsdconf_free(&f.conf);
		users_free(&f.users);
		upsconf_free(&f.ups);
		return;
	}
	upsconf_free(&f.ups);
	users_free(&u->users);
	u->users = f.users;
	upsdconf_free(&u->conf);
	u->conf = f.conf;
	upsd_apply_debug(u);
	/* MAXAGE, IDLE_TIMEOUT and TRACKINGDELAY may have changed: set the
	 * timers again from the new values. */
	for (i = 0; i < u->nups; i++)
		drvconn_schedule(u->ups[i]);
	if (u->idle_timer != 0)
		ev_timer_cancel(u->loop, u->idle_timer);
	u->idle_timer = 0;
	upsd_schedule_idle(u);
	if (u->tracking_timer != 0)
		ev_timer_cancel(u->loop, u->tracking_timer);
	u->tracking_timer = 0;
	upsd_schedule_tracking(u);
	if (u->accept_paused && u->nclients < (size_t)u->conf.maxconn)
		listen_watch(u, 1);
}

void upsd_client_gone(struct upsd *u)
{
	if (u->accept_paused && u->nclients < (size_t)u->conf.maxconn)
		listen_watch(u, 1);
}

void upsd_stop(struct upsd *u)
{
	size_t i;

	while (u->clients != NULL)
		client_free(u->clients, "server stopping");
	if (u->idle_timer != 0)
		ev_timer_cancel(u->loop, u->idle_timer);
	if (u->tracking_timer != 0)
		ev_timer_cancel(u->loop, u->tracking_timer);
	u->idle_timer = u->tracking_timer = 0;
	if (u->spare_tok != NULL) {
		proto_tok_free(u->spare_tok);
		free(u->spare_tok);
		u->spare_tok = NULL;
	}
	listen_close(u);
	for (i = 0; i < u->nups; i++)
		drvconn_free(u->ups[i]);
	free(u->ups);
	u->ups = NULL;
	u->nups = 0;
	users_free(&u->users);
	upsdconf_free(&u->conf);
	buf_free(&u->reply);
	tracking_free(&u->tracking);
}
