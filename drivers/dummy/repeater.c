/* repeater: mirrors a remote upsd's UPS through libupsclient (see
 * repeater.h). Each poll lists the remote variables, writable variables and
 * commands and publishes the differences; what disappeared remotely is
 * removed locally. Remote driver.* variables describe the remote driver and
 * are not copied over ours. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "proto.h"
#include "repeater.h"
#include "strutil.h"
#include "upsclient.h"

#define REP_MAX_ITEMS 4096 /* variables or commands taken from one listing */
/* The repeater still talks to the remote upsd synchronously from the poll
 * callback (a non-blocking client is future work), so every connect is
 * bounded: an unreachable host must not stall the driver's socket for the
 * system's TCP connect timeout (minutes). */
#define REP_CONNECT_TIMEOUT_S 3

struct repeater {
	struct drv_ctx *d;
	char *upsname;
	char *host;
	uint16_t port;
	UPSCONN_t conn;
	int connected;
	int failing; /* logged the current outage already */
};

/* A set of names seen in one listing, to find what disappeared. */
struct rep_names {
	char **v;
	size_t n;
};

static int rep_names_has(const struct rep_names *s, const char *name)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (strcmp(s->v[i], name) == 0)
			return 1;
	}
	return 0;
}

static void rep_names_add(struct rep_names *s, const char *name)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof(*s->v));
	s->v[s->n++] = xstrdup(name);
}

static void rep_names_free(struct rep_names *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

struct repeater *rep_new(struct drv_ctx *d, const char *spec, char *err, size_t errlen)
{
	struct repeater *r = calloc(1, sizeof(*r));

	if (r == NULL) {
		(void)str_fmt(err, errlen, "out of memory");
		return NULL;
	}
	if (upscli_splitname(spec, &r->upsname, &r->host, &r->port) < 0) {
		(void)str_fmt(err, errlen, "expected ups@host[:port]");
		free(r);
		return NULL;
	}
	r->d = d;
	return r;
}

static void rep_drop(struct repeater *r, const char *why)
{
	if (!r->failing)
		log_warnx("ups %s: %s@%s:%u: %s", drv_upsname(r->d), r->upsname, r->host,
		          (unsigned)r->port, why);
	r->failing = 1;
	if (r->connected)
		(void)upscli_disconnect(&r->conn);
	r->connected = 0;
}

static int rep_connect(struct repeater *r)
{
	struct timeval tv = {REP_CONNECT_TIMEOUT_S, 0};

	if (r->connected)
		return 0;
	if (upscli_tryconnect(&r->conn, r->host, r->port, 0, &tv) < 0) {
		rep_drop(r, upscli_strerror(&r->conn));
		return -1;
	}
	r->connected = 1;
	return 0;
}

/* Deletes local variables/commands not in seen (driver.* and overrides kept). */
struct rep_gone_ctx {
	const struct rep_names *seen;
	struct rep_names gone;
};

static int rep_gone_var(const struct st_var *v, void *arg)
{
	struct rep_gone_ctx *g = arg;

	if (strncmp(v->name, "driver.", 7) == 0 || (v->flags & ST_FLAG_IMMUTABLE))
		return 0;
	if (!rep_names_has(g->seen, v->name))
		rep_names_add(&g->gone, v->name);
	return 0;
}

static int rep_gone_cmd(const char *cmd, void *arg)
{
	struct rep_gone_ctx *g = arg;

	if (strcmp(cmd, DRV_KILLPOWER_CMD) == 0)
		return 0; /* the local core's own */
	if (!rep_names_has(g->seen, cmd))
		rep_names_add(&g->gone, cmd);
	return 0;
}

static int rep_sync_vars(struct repeater *r)
{
	const char *q[2] = {"VAR", r->upsname};
	struct rep_names seen = {NULL, 0};
	struct rep_gone_ctx g;
	size_t na, i;
	char **a;
	int rc;

	if (upscli_list_start(&r->conn, 2, q) < 0)
		return -1;
	while ((rc = upscli_list_next(&r->conn, 2, q, &na, &a)) == 1) {
		if (na < 4 || strncmp(a[2], "driver.", 7) == 0 || seen.n >= REP_MAX_ITEMS)
			continue;
		rep_names_add(&seen, a[2]);
		(void)drv_set(r->d, a[2], a[3]);
	}
	if (rc < 0) {
		rep_names_free(&seen);
		return -1;
	}
	g.seen = &seen;
	g.gone.v = NULL;
	g.gone.n = 0;
	(void)st_foreach(drv_tree(r->d), rep_gone_var, &g);
	for (i = 0; i < g.gone.n; i++)
		(void)drv_del(r->d, g.gone.v[i]);
	rep_names_free(&g.gone);
	rep_names_free(&seen);
	return 0;
}

/* Writable variables: RW plus STRING and its maximum length from GET TYPE. */
static int rep_sync_rw(struct repeater *r)
{
	const char *q[2] = {"RW", r->upsname};
	struct rep_names rw = {NULL, 0};
	size_t na, i, k;
	char **a;
	int rc;

	if (upscli_list_start(&r->conn, 2, q) < 0)
		return -1;
	while ((rc = upscli_list_next(&r->conn, 2, q, &na, &a)) == 1) {
		if (na >= 3 && rw.n < REP_MAX_ITEMS)
			rep_names_add(&rw, a[2]);
	}
	if (rc < 0) {
		rep_names_free(&rw);
		return -1;
	}
	for (i = 0; i < rw.n; i++) {
		const char *tq[3] = {"TYPE", r->upsname, rw.v[i]};
		const struct st_var *v = st_get(drv_tree(r->d), rw.v[i]);
		unsigned flags = ST_FLAG_RW;
		long aux = 0;

		/* A type rarely changes: one GET TYPE per variable, not per poll. */
		if (v == NULL || (v->flags & ST_FLAG_RW))
			continue;

		if (upscli_get(&r->conn, 3, tq, &na, &a) == 0) {
			for (k = 3; k < na; k++) {
				if (strncmp(a[k], "STRING:", 7) == 0) {
					flags |= ST_FLAG_STRING;
					aux = strtol(a[k] + 7, NULL, 10);
				}
			}
		}
		(void)drv_set_flags(r->d, rw.v[i], flags);
		if (aux > 0)
			(void)drv_set_aux(r->d, rw.v[i], aux);
	}
	rep_names_free(&rw);
	return 0;
}

static int rep_sync_cmds(struct repeater *r)
{
	const char *q[2] = {"CMD", r->upsname};
	struct rep_names seen = {NULL, 0};
	struct rep_gone_ctx g;
	size_t na, i;
	char **a;
	int rc;

	if (upscli_list_start(&r->conn, 2, q) < 0)
		return -1;
	while ((rc = upscli_list_next(&r->conn, 2, q, &na, &a)) == 1) {
		if (na < 3 || seen.n >= REP_MAX_ITEMS)
			continue;
		rep_names_add(&seen, a[2]);
		(void)drv_add_cmd(r->d, a[2]);
	}
	if (rc < 0) {
		rep_names_free(&seen);
		return -1;
	}
	g.seen = &seen;
	g.gone.v = NULL;
	g.gone.n = 0;
	(void)st_foreach_cmd(drv_tree(r->d), rep_gone_cmd, &g);
	for (i = 0; i < g.gone.n; i++)
		(void)drv_del_cmd(r->d, g.gone.v[i]);
	rep_names_free(&g.gone);
	rep_names_free(&seen);
	return 0;
}

int rep_poll(struct repeater *r)
{
	if (rep_connect(r) < 0)
		return -1;
	if (rep_sync_vars(r) < 0 || rep_sync_rw(r) < 0 || rep_sync_cmds(r) < 0) {
		/* DATA-STALE or DRIVER-NOT-CONNECTED at the far end is stale here
		 * too; a broken connection is retried on the next poll. */
		int e = upscli_upserror(&r->conn);

		if (e == UPSCLI_ERR_DATASTALE || e == UPSCLI_ERR_UNKNOWNUPS) {
			if (!r->failing)
				log_warnx("ups %s: remote: %s", drv_upsname(r->d),
				          upscli_strerror(&r->conn));
			r->failing = 1;
		} else {
			rep_drop(r, upscli_strerror(&r->conn));
		}
		return -1;
	}
	if (r->failing)
		log_info("ups %s: %s@%s:%u is back", drv_upsname(r->d), r->upsname, r->host,
		         (unsigned)r->port);
	r->failing = 0;
	return 0;
}

/* Sends one command line and maps the answer: OK -> handled, ERR -> the
 * closest enum drp_result. */
static int rep_command(struct repeater *r, const char *line)
{
	char reply[512];

	if (rep_connect(r) < 0)
		return DRP_FAILED;
	if (upscli_sendline(&r->conn, line, strlen(line)) < 0 ||
	    upscli_readline(&r->conn, reply, sizeof(reply)) < 0) {
		rep_drop(r, upscli_strerror(&r->conn));
		return DRP_FAILED;
	}
	if (strncmp(reply, "OK", 2) == 0)
		return DRP_HANDLED;
	log_info("ups %s: remote answered: %s", drv_upsname(r->d), reply);
	if (strstr(reply, "CMD-NOT-SUPPORTED") != NULL || strstr(reply, "VAR-NOT-SUPPORTED"))
		return DRP_UNKNOWN;
	if (strstr(reply, "INVALID-VALUE") != NULL || strstr(reply, "TOO-LONG") != NULL)
		return DRP_INVALID;
	return DRP_FAILED;
}

int rep_instcmd(struct repeater *r, const char *cmd, const char *extra)
{
	char line[PROTO_MAX_LINE], esc[ST_MAX_VALUE * 2];
	int n;

	if (extra != NULL) {
		if (proto_escape(esc, sizeof(esc), extra) < 0)
			return DRP_INVALID;
		n = snprintf(line, sizeof(line), "INSTCMD %s %s \"%s\"\n", r->upsname, cmd, esc);
	} else {
		n = snprintf(line, sizeof(line), "INSTCMD %s %s\n", r->upsname, cmd);
	}
	if (n < 0 || (size_t)n >= sizeof(line))
		return DRP_INVALID;
	return rep_command(r, line);
}

int rep_setvar(struct repeater *r, const char *var, const char *value)
{
	char line[PROTO_MAX_LINE], esc[ST_MAX_VALUE * 2];
	int n;

	if (proto_escape(esc, sizeof(esc), value) < 0)
		return DRP_INVALID;
	n = snprintf(line, sizeof(line), "SET VAR %s %s \"%s\"\n", r->upsname, var, esc);
	if (n < 0 || (size_t)n >= sizeof(line))
		return DRP_INVALID;
	return rep_command(r, line);
}

void rep_free(struct repeater *r)
{
	if (r == NULL)
		return;
	if (r->connected)
		(void)upscli_disconnect(&r->conn);
	free(r->upsname);
	free(r->host);
	free(r);
}
