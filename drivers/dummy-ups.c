/* dummy-ups: a simulated UPS. It publishes a .dev file (a upsc dump, read
 * once and again whenever it changes) or plays a .seq file (blocks of
 * "var: value" lines separated by "TIMER <s>"), or, in repeater mode,
 * republishes a UPS read from another upsd. SET changes a variable until the
 * file changes again. INSTCMD answers UNKNOWN (TRACKING "ERR UNKNOWN"), as
 * NUT's dummy-ups does: a simulation has nothing to switch. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "dummy/repeater.h"
#include "dummy/seqfile.h"
#include "dummy/vartypes.h"
#include "conf.h"
#include "driver.h"
#include "ev.h"
#include "log.h"
#include "paths.h"
#include "pidfile.h"
#include "strutil.h"

enum dummy_mode {
	DUMMY_ONCE,     /* play the file once, then follow its changes */
	DUMMY_LOOP,     /* play the file over and over */
	DUMMY_REPEATER, /* mirror a remote upsd */
};

/* Words accepted by the "mode" option; "dummy" is the historic name of loop. */
static const struct dummy_mode_name {
	const char *name;
	enum dummy_mode mode;
} dummy_modes[] = {
    {"dummy-once", DUMMY_ONCE},   {"dummy-loop", DUMMY_LOOP}, {"dummy", DUMMY_LOOP},
    {"repeater", DUMMY_REPEATER}, {NULL, DUMMY_ONCE},
};

/* Commands every simulated UPS offers, as NUT's dummy-ups does. */
static const char *const dummy_cmds[] = {"load.off", NULL};
/* Kill-power commands the simulation takes from sdcommands (ups.conf). */
static const char *const dummy_killpower_cmds[] = {"shutdown.return", "shutdown.stayoff", NULL};

static const struct drv_option dummy_options[] = {
    {"mode", DRV_OPT_VALUE,
     "Specify mode instead of guessing it from port value (dummy = dummy-loop, dummy-once, "
     "repeater)"},
    {"username", DRV_OPT_VALUE,
     "Repeater: user to log in to the remote upsd as, for INSTCMD and SET"},
    {"password", DRV_OPT_SECRET, "Repeater: that user's password (never published)"},
    {NULL, DRV_OPT_VALUE, NULL},
};

struct dummy {
	struct drv_ctx *d;
	enum dummy_mode mode;
	char path[4096];
	struct stat st; /* of the file as last read */
	int have_st;
	struct seq_file seq;
	size_t pos;        /* next entry to play */
	ev_timer_id timer; /* pending TIMER, 0 when none */
	struct repeater *rep;
};

static const char *dummy_mode_name(enum dummy_mode m)
{
	return m == DUMMY_ONCE ? "dummy-once" : m == DUMMY_LOOP ? "dummy-loop" : "repeater";
}

/* What NUT's dummy-ups publishes when a dump lacks these (they then also
 * reach device.mfr/device.model through the core, drv_device_info). */
static const struct dummy_default {
	const char *name, *value;
} dummy_defaults[] = {
    {"ups.mfr", "Dummy Manufacturer"},
    {"ups.model", "Dummy UPS"},
};
#define DUMMY_NDEFAULTS (sizeof(dummy_defaults) / sizeof(dummy_defaults[0]))

/* Publishes one variable from the file. Every simulated variable is writable
 * (as in NUT's dummy-ups); its type comes from the name (vartypes.c), never
 * from the value. driver.* lines of a dump describe the driver that made it,
 * not us, and are skipped. */
static void dummy_publish(struct dummy *u, const char *name, const char *value)
{
	const struct dummy_vartype *t;

	if (strncmp(name, "driver.", 7) == 0)
		return;
	if (drv_set(u->d, name, value) < 0)
		return;
	t = dummy_vartype_of(name);
	(void)drv_set_flags(u->d, name, t->flags);
	if (t->flags & ST_FLAG_STRING)
		(void)drv_set_aux(u->d, name, t->aux);
}

static int dummy_file_has(const struct seq_file *seq, const char *name)
{
	size_t i;

	for (i = 0; i < seq->n; i++) {
		if (seq->e[i].kind == SEQ_SET && strcmp(seq->e[i].name, name) == 0)
			return 1;
	}
	return 0;
}

static int dummy_is_default(const char *name)
{
	size_t i;

	for (i = 0; i < DUMMY_NDEFAULTS; i++) {
		if (strcmp(dummy_defaults[i].name, name) == 0)
			return 1;
	}
	return 0;
}

/* The defaults for what the file does not list (or has not played yet). */
static void dummy_apply_defaults(struct dummy *u)
{
	size_t i;

	for (i = 0; i < DUMMY_NDEFAULTS; i++) {
		if (drv_get(u->d, dummy_defaults[i].name) == NULL ||
		    !dummy_file_has(&u->seq, dummy_defaults[i].name))
			dummy_publish(u, dummy_defaults[i].name, dummy_defaults[i].value);
	}
}

static void dummy_step(struct dummy *u);

static void dummy_timer_cb(struct ev_loop *loop, void *arg)
{
	struct dummy *u = arg;

	u->timer = 0;
	dummy_step(u);
}

/* Plays entries from pos up to the next TIMER (then waits for it) or the end
 * of the file (then starts over in loop mode). Bounded to one pass over the
 * file so a loop file without a TIMER cannot spin. */
static void dummy_step(struct dummy *u)
{
	size_t budget = u->seq.n + 1;

	while (budget-- > 0) {
		const struct seq_entry *e;

		if (u->pos >= u->seq.n) {
			if (u->mode != DUMMY_LOOP || u->seq.ntimers == 0)
				return;
			u->pos = 0;
		}
		e = &u->seq.e[u->pos++];
		if (e->kind == SEQ_TIMER) {
			u->timer = ev_timer_add(drv_loop(u->d), (uint64_t)e->timer_s * 1000, 0,
			                        dummy_timer_cb, u);
			if (u->timer == 0)
				log_warn("ups %s: timer", drv_upsname(u->d));
			return;
		}
		dummy_publish(u, e->name, e->value);
	}
}

static int dummy_file_changed(const struct dummy *u, const struct stat *st)
{
	return !u->have_st || st->st_mtim.tv_sec != u->st.st_mtim.tv_sec ||
	       st->st_mtim.tv_nsec != u->st.st_mtim.tv_nsec || st->st_size != u->st.st_size ||
	       st->st_ino != u->st.st_ino;
}

/* device.type, and device.X while the file has ups.X (or the default gives
 * it one): the core sets them again after the load (drv_device_info). */
static int dummy_core_keeps(const struct seq_file *seq, const char *name)
{
	char from[ST_MAX_NAME];

	if (!drv_device_derived(name))
		return 0;
	if (strcmp(name, "device.type") == 0)
		return 1;
	if (snprintf(from, sizeof(from), "ups.%s", name + 7) >= (int)sizeof(from))
		return 0;
	return dummy_is_default(from) || dummy_file_has(seq, from);
}

/* Removes what an edited dump no longer lists, so the published state is
 * exactly the file (only for files without TIMERs: a sequence builds its
 * state over time). The defaults above and the device.* names the core
 * derives stay: they are set again right after. */
struct dummy_gone {
	const struct seq_file *seq;
	char **names;
	size_t n;
};

static int dummy_collect_gone(const struct st_var *v, void *arg)
{
	struct dummy_gone *g = arg;

	if (strncmp(v->name, "driver.", 7) == 0 || (v->flags & ST_FLAG_IMMUTABLE) ||
	    dummy_is_default(v->name) || dummy_file_has(g->seq, v->name) ||
	    dummy_core_keeps(g->seq, v->name))
		return 0;
	g->names = xreallocarray(g->names, g->n + 1, sizeof(*g->names));
	g->names[g->n++] = xstrdup(v->name);
	return 0;
}

static void dummy_drop_gone(struct dummy *u)
{
	struct dummy_gone g = {&u->seq, NULL, 0};
	size_t i;

	(void)st_foreach(drv_tree(u->d), dummy_collect_gone, &g);
	for (i = 0; i < g.n; i++) {
		(void)drv_del(u->d, g.names[i]);
		free(g.names[i]);
	}
	free(g.names);
}

/* Reads the file again and plays it from the start. On a read error the
 * previous state stays published. 0 or -1. */
static int dummy_load(struct dummy *u, int reloaded)
{
	struct seq_file seq;
	struct stat st;

	if (stat(u->path, &st) < 0) {
		log_warn("ups %s: %s", drv_upsname(u->d), u->path);
		return -1;
	}
	if (seq_load(u->path, &seq) < 0)
		return -1;
	seq_free(&u->seq);
	u->seq = seq;
	u->st = st;
	u->have_st = 1;
	u->pos = 0;
	if (u->timer != 0) {
		ev_timer_cancel(drv_loop(u->d), u->timer);
		u->timer = 0;
	}
	log_debug(1, "ups %s: %s: %zu entries, %zu timers", drv_upsname(u->d), u->path, seq.n,
	          seq.ntimers);
	if (u->seq.ntimers == 0)
		dummy_drop_gone(u);
	dummy_step(u);
	dummy_apply_defaults(u);
	/* At start-up the core does this after init_info; a file read again
	 * is a new device image. */
	if (reloaded)
		drv_device_info(u->d);
	return 0;
}

static int dummy_pick_mode(struct drv_ctx *d, const char *port, enum dummy_mode *mode)
{
	const char *m = drv_getopt(d, "mode");
	const struct dummy_mode_name *mn;
	size_t n = strlen(port);

	if (m != NULL) {
		for (mn = dummy_modes; mn->name != NULL; mn++) {
			if (strcasecmp(mn->name, m) == 0) {
				*mode = mn->mode;
				return 0;
			}
		}
		log_warnx("ups %s: unknown mode '%s' (dummy-once, dummy-loop, dummy, repeater)",
		          drv_upsname(d), m);
		return -1;
	}
	if (strchr(port, '@') != NULL)
		*mode = DUMMY_REPEATER;
	else if (n > 4 && strcasecmp(port + n - 4, ".seq") == 0)
		*mode = DUMMY_LOOP;
	else
		*mode = DUMMY_ONCE;
	return 0;
}

static int dummy_open(struct drv_ctx *d, void **priv)
{
	const char *port = drv_getopt(d, "port");
	struct dummy *u;
	char err[256];
	int r;

	u = calloc(1, sizeof(*u));
	if (u == NULL)
		return -1;
	u->d = d;
	if (dummy_pick_mode(d, port, &u->mode) < 0)
		goto fail;
	(void)drv_set_param(d, "mode", dummy_mode_name(u->mode));
	if (u->mode == DUMMY_REPEATER) {
		u->rep = rep_new(d, port, drv_getopt(d, "username"), drv_getopt(d, "password"), err,
		                 sizeof(err));
		if (u->rep == NULL) {
			log_warnx("ups %s: port %s: %s", drv_upsname(d), port, err);
			goto fail;
		}
		*priv = u;
		return 0;
	}
	/* Relative names live beside ups.conf, as in NUT. */
	r = port[0] == '/' ? str_copy(u->path, sizeof(u->path), port)
	                   : path_conf_file(u->path, sizeof(u->path), port);
	if (r < 0) {
		log_warnx("ups %s: path of %s too long", drv_upsname(d), port);
		goto fail;
	}
	if (access(u->path, R_OK) < 0) {
		log_warn("ups %s: %s", drv_upsname(d), u->path);
		goto fail;
	}
	*priv = u;
	return 0;
fail:
	free(u);
	return -1;
}

static int dummy_init_info(struct drv_ctx *d, void *priv)
{
	struct dummy *u = priv;
	const char *const *c;

	for (c = dummy_cmds; *c != NULL; c++)
		(void)drv_add_cmd(d, *c);
	if (u->mode == DUMMY_REPEATER) {
		/* An unreachable server is not fatal: stale until a listing
		 * comes, reconnected with backoff meanwhile. */
		rep_start(u->rep);
		return 0;
	}
	return dummy_load(u, 0);
}

static int dummy_poll(struct drv_ctx *d, void *priv)
{
	struct dummy *u = priv;
	struct stat st;

	if (u->mode == DUMMY_REPEATER)
		return rep_poll(u->rep);
	if (stat(u->path, &st) < 0) {
		log_warn("ups %s: %s", drv_upsname(d), u->path);
		return 0; /* keep serving the last good state */
	}
	if (dummy_file_changed(u, &st)) {
		log_debug(1, "ups %s: %s changed, reading it again", drv_upsname(d), u->path);
		(void)dummy_load(u, 1);
	}
	return 0;
}

static int dummy_killpower(struct drv_ctx *d, const char *how);

static int dummy_instcmd(struct drv_ctx *d, void *priv, const char *cmd, const char *extra)
{
	struct dummy *u = priv;
	const char *const *k;

	if (u->mode == DUMMY_REPEATER)
		return rep_instcmd(u->rep, cmd, extra);
	/* Not offered to clients (the core refuses commands the tree does not
	 * list); reached only from the kill-power step's sdcommands. */
	for (k = dummy_killpower_cmds; *k != NULL; k++) {
		if (strcmp(cmd, *k) == 0)
			return dummy_killpower(d, cmd) == 0 ? DRP_HANDLED : DRP_FAILED;
	}
	return DRP_UNKNOWN; /* nothing to switch in a simulation (NUT: ERR UNKNOWN) */
}

static int dummy_setvar(struct drv_ctx *d, void *priv, const char *var, const char *value)
{
	struct dummy *u = priv;

	if (u->mode == DUMMY_REPEATER)
		return rep_setvar(u->rep, var, value);
	if (strncmp(var, "driver.", 7) == 0)
		return DRP_INVALID;
	if (drv_set(d, var, value) < 0)
		return DRP_INVALID;
	dummy_publish(u, var, value);
	return DRP_HANDLED;
}

static int dummy_reload(struct drv_ctx *d, void *priv)
{
	struct dummy *u = priv;

	return u->mode == DUMMY_REPEATER ? 0 : dummy_load(u, 1);
}

/* The delays a kill-power order uses: the simulated UPS's own
 * ups.delay.shutdown / ups.delay.start as published (from its file, or
 * ups.conf's override.*), else these (the defaults of NUT's HID and Q1
 * drivers' offdelay and ondelay). */
#define DUMMY_DEFAULT_OFFDELAY_S 20
#define DUMMY_DEFAULT_ONDELAY_S  30
#define DUMMY_KILLPOWER_SUFFIX   ".killpower"
#define DUMMY_RECORD_MAX         1024

static long dummy_delay(struct drv_ctx *d, const char *name, long def)
{
	const char *v = drv_get(d, name);
	long n;

	return v != NULL && conf_parse_long(v, 0, 1000000, &n) == 0 ? n : def;
}

/* The kill-power step (-k, driver.killpower, or a shutdown.* command listed
 * in sdcommands): a simulation has no power to cut, so the order is recorded
 * where tests and people can see it: STATEPATH/dummy-ups-<ups>.killpower, in
 * .dev form (killpower.ups, killpower.command, killpower.time,
 * ups.delay.shutdown, ups.delay.start), replaced whole at each request
 * (file_replace: no symlink followed). how names what asked for it. */
static int dummy_killpower(struct drv_ctx *d, const char *how)
{
	char base[4096], path[4096], rec[DUMMY_RECORD_MAX];
	long off_s = dummy_delay(d, "ups.delay.shutdown", DUMMY_DEFAULT_OFFDELAY_S);
	long on_s = dummy_delay(d, "ups.delay.start", DUMMY_DEFAULT_ONDELAY_S);
	int n;

	if (path_driver_socket(base, sizeof(base), path_state(), "dummy-ups", drv_upsname(d)) < 0 ||
	    str_fmt(path, sizeof(path), "%s%s", base, DUMMY_KILLPOWER_SUFFIX) < 0) {
		log_warnx("ups %s: kill-power record name too long", drv_upsname(d));
		return -1;
	}
	n = snprintf(rec, sizeof(rec),
	             "killpower.ups: %s\nkillpower.command: %s\nkillpower.time: %lld\n"
	             "ups.delay.shutdown: %ld\nups.delay.start: %ld\n",
	             drv_upsname(d), how, (long long)time(NULL), off_s, on_s);
	if (n < 0 || (size_t)n >= sizeof(rec) || file_replace(path, rec, (size_t)n, 0644) < 0) {
		log_warn("ups %s: %s", drv_upsname(d), path);
		return -1;
	}
	log_info("ups %s: simulated shutdown: power off in %ld s, back on %ld s after mains "
	         "return (recorded in %s)",
	         drv_upsname(d), off_s, on_s, path);
	return 0;
}

static int dummy_reconnect(struct drv_ctx *d, void *priv)
{
	struct dummy *u = priv;

	(void)d;
	return u->mode == DUMMY_REPEATER ? rep_reconnect(u->rep) : 0;
}

static int dummy_shutdown(struct drv_ctx *d, void *priv)
{
	return dummy_killpower(d, "shutdown");
}

static void dummy_close(struct drv_ctx *d, void *priv)
{
	struct dummy *u = priv;

	if (u == NULL)
		return;
	if (u->timer != 0)
		ev_timer_cancel(drv_loop(d), u->timer);
	if (u->rep != NULL)
		rep_free(u->rep);
	seq_free(&u->seq);
	free(u);
}

static const struct driver_ops dummy_ops = {
    .name = "dummy-ups",
    .version = "0.15",
    .description = "Device simulation and repeater driver",
    .options = dummy_options,
    .open = dummy_open,
    .init_info = dummy_init_info,
    .poll = dummy_poll,
    .instcmd = dummy_instcmd,
    .setvar = dummy_setvar,
    .shutdown = dummy_shutdown,
    .close = dummy_close,
    .reload = dummy_reload,
    .reconnect = dummy_reconnect,
};

int main(int argc, char **argv)
{
	return drv_main(argc, argv, &dummy_ops);
}
