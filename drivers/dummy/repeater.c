/* repeater: mirrors a remote upsd's UPS over an upsclient_ev connection on
 * the driver's loop (see repeater.h). Each poll starts a round: LIST VAR,
 * LIST RW and LIST CMD go out pipelined (GET TYPE follows for newly writable
 * variables), each reply is applied as it comes, and the round's end says
 * whether the data is fresh. What disappeared remotely is removed locally;
 * remote driver.* variables describe the remote driver and are not copied
 * over ours. INSTCMD/SET go out as the same commands (after USERNAME/
 * PASSWORD and SET TRACKING ON, sent once per connection); "OK TRACKING
 * <id>" is followed with GET TRACKING until the remote has the result. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "log.h"
#include "repeater.h"
#include "strutil.h"
#include "upsclient.h"
#include "upsclient_ev.h"

/* One INSTCMD/SET on its way to the remote upsd and back. */
struct rep_req {
	struct rep_req *next;
	struct repeater *r;
	drv_req_t h;
	char *id;          /* the remote's TRACKING id, once it gave one */
	ev_timer_id timer; /* the next GET TRACKING; 0 while a request is out */
	uint64_t deadline_ms;
};

/* A GET TYPE out for one variable. */
struct rep_type {
	struct repeater *r;
	char name[ST_MAX_NAME];
};

struct repeater {
	struct drv_ctx *d;
	char *upsname;
	char *host;
	uint16_t port;
	char *user, *pass;
	struct ucl_ev *conn;
	int fresh;    /* what the last finished round found */
	int failing;  /* the remote's current trouble was logged */
	int round;    /* replies the running round still waits for; 0: none runs */
	int round_ok; /* no reply of the running round said "stale" */
	int closing;  /* rep_free: callbacks only let go of their memory */
	struct rep_req *reqs;
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

/* The remote's ERR words, as our results. */
static const struct rep_errmap {
	const char *word;
	int result;
} rep_errmap[] = {
    {"UNKNOWN", DRP_UNKNOWN},
    {"CMD-NOT-SUPPORTED", DRP_UNKNOWN},
    {"VAR-NOT-SUPPORTED", DRP_UNKNOWN},
    {"UNKNOWN-UPS", DRP_UNKNOWN},
    {"INVALID-ARGUMENT", DRP_INVALID},
    {"INVALID-VALUE", DRP_INVALID},
    {"TOO-LONG", DRP_INVALID},
    {"READONLY", DRP_INVALID},
    {NULL, DRP_FAILED},
};

static int rep_result_of(const struct ucl_ev_line *ln)
{
	const struct rep_errmap *m;

	if (ln == NULL || ln->argc < 2)
		return DRP_FAILED;
	for (m = rep_errmap; m->word != NULL; m++) {
		if (strcmp(m->word, ln->argv[1]) == 0)
			break;
	}
	return m->result;
}

static const struct ucl_ev_line *rep_line(const struct ucl_ev_reply *rp)
{
	return rp->answered && rp->nlines > 0 ? &rp->lines[0] : NULL;
}

/* --- the listings --- */

static void rep_round_end(struct repeater *r)
{
	r->fresh = r->round_ok;
	if (!r->fresh) {
		drv_dataok(r->d, 0);
		return;
	}
	if (r->failing)
		log_info("ups %s: %s@%s:%u is back", drv_upsname(r->d), r->upsname, r->host,
		         (unsigned)r->port);
	r->failing = 0;
	drv_dataok(r->d, 1);
}

/* One reply of the round is in: 0 when it can be applied. A remote that
 * has no fresh data (DATA-STALE, DRIVER-NOT-CONNECTED, UNKNOWN-UPS) makes
 * ours stale; no reply at all is the connection's end (on_state). */
static int rep_round_reply(struct repeater *r, const struct ucl_ev_reply *rp)
{
	const struct ucl_ev_line *ln = rep_line(rp);

	if (r->closing || !rp->answered) {
		r->round_ok = 0;
		return -1;
	}
	if (rp->is_err) {
		if (!r->failing)
			log_warnx("ups %s: remote: %s", drv_upsname(r->d),
			          ln != NULL && ln->argc > 1 ? ln->argv[1] : "error");
		r->failing = 1;
		r->round_ok = 0;
		return -1;
	}
	return 0;
}

static void rep_round_done(struct repeater *r)
{
	if (--r->round == 0 && !r->closing)
		rep_round_end(r);
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

static void on_vars(struct ucl_ev *c, const struct ucl_ev_reply *rp, void *arg)
{
	struct repeater *r = arg;
	struct rep_names seen = {NULL, 0};
	struct rep_gone_ctx g = {&seen, {NULL, 0}};
	size_t i;

	(void)c;
	if (rep_round_reply(r, rp) == 0) {
		for (i = 0; i < rp->nlines && seen.n < REP_MAX_ITEMS; i++) {
			const struct ucl_ev_line *ln = &rp->lines[i];

			if (ln->argc < 4 || strncmp(ln->argv[2], "driver.", 7) == 0)
				continue;
			rep_names_add(&seen, ln->argv[2]);
			(void)drv_set(r->d, ln->argv[2], ln->argv[3]);
		}
		(void)st_foreach(drv_tree(r->d), rep_gone_var, &g);
		for (i = 0; i < g.gone.n; i++)
			(void)drv_del(r->d, g.gone.v[i]);
		rep_names_free(&g.gone);
		rep_names_free(&seen);
	}
	rep_round_done(r);
}

/* GET TYPE of a newly writable variable: STRING and its maximum length. */
static void on_type(struct ucl_ev *c, const struct ucl_ev_reply *rp, void *arg)
{
	struct rep_type *t = arg;
	struct repeater *r = t->r;
	const struct ucl_ev_line *ln = rep_line(rp);
	unsigned flags = ST_FLAG_RW;
	long aux = 0;
	int k;

	(void)c;
	if (!r->closing && rp->answered) {
		for (k = 3; !rp->is_err && ln != NULL && k < ln->argc; k++) {
			if (strncmp(ln->argv[k], "STRING:", 7) == 0) {
				flags |= ST_FLAG_STRING;
				aux = strtol(ln->argv[k] + 7, NULL, 10);
			}
		}
		if (st_get(drv_tree(r->d), t->name) != NULL) {
			(void)drv_set_flags(r->d, t->name, flags);
			if (aux > 0)
				(void)drv_set_aux(r->d, t->name, aux);
		}
	}
	free(t);
	rep_round_done(r);
}

static void on_rw(struct ucl_ev *c, const struct ucl_ev_reply *rp, void *arg)
{
	struct repeater *r = arg;
	size_t i;

	if (rep_round_reply(r, rp) == 0) {
		for (i = 0; i < rp->nlines && i < REP_MAX_ITEMS; i++) {
			const struct ucl_ev_line *ln = &rp->lines[i];
			const struct st_var *v;
			struct rep_type *t;
			const char *q[4];

			if (ln->argc < 3)
				continue;
			/* A type rarely changes: asked once, when the variable
			 * becomes writable here. */
			v = st_get(drv_tree(r->d), ln->argv[2]);
			if (v == NULL || (v->flags & ST_FLAG_RW))
				continue;
			t = xcalloc(1, sizeof(*t));
			t->r = r;
			if (str_copy(t->name, sizeof(t->name), ln->argv[2]) < 0) {
				free(t);
				continue;
			}
			q[0] = "GET";
			q[1] = "TYPE";
			q[2] = r->upsname;
			q[3] = t->name;
			if (ucl_ev_request(c, 0, 4, q, on_type, t) < 0) {
				free(t);
				continue;
			}
			r->round++;
		}
	}
	rep_round_done(r);
}

static void on_cmds(struct ucl_ev *c, const struct ucl_ev_reply *rp, void *arg)
{
	struct repeater *r = arg;
	struct rep_names seen = {NULL, 0};
	struct rep_gone_ctx g = {&seen, {NULL, 0}};
	size_t i;

	(void)c;
	if (rep_round_reply(r, rp) == 0) {
		for (i = 0; i < rp->nlines && seen.n < REP_MAX_ITEMS; i++) {
			const struct ucl_ev_line *ln = &rp->lines[i];

			if (ln->argc < 3)
				continue;
			rep_names_add(&seen, ln->argv[2]);
			(void)drv_add_cmd(r->d, ln->argv[2]);
		}
		(void)st_foreach_cmd(drv_tree(r->d), rep_gone_cmd, &g);
		for (i = 0; i < g.gone.n; i++)
			(void)drv_del_cmd(r->d, g.gone.v[i]);
		rep_names_free(&g.gone);
		rep_names_free(&seen);
	}
	rep_round_done(r);
}

static void rep_round(struct repeater *r)
{
	static const struct {
		const char *what;
		ucl_ev_reply_cb cb;
	} lists[] = {{"VAR", on_vars}, {"RW", on_rw}, {"CMD", on_cmds}};
	size_t i;

	if (r->round > 0 || !ucl_ev_is_up(r->conn))
		return;
	r->round_ok = 1;
	r->round = 1; /* held while sending: no end before the last is out */
	for (i = 0; i < sizeof(lists) / sizeof(lists[0]); i++) {
		const char *q[3] = {"LIST", lists[i].what, r->upsname};

		if (ucl_ev_request(r->conn, 1, 3, q, lists[i].cb, r) < 0)
			r->round_ok = 0;
		else
			r->round++;
	}
	rep_round_done(r);
}

/* --- forwarded requests --- */

static void rep_req_done(struct rep_req *q, int result)
{
	struct repeater *r = q->r;
	struct rep_req **pp;

	if (!r->closing)
		drv_request_done(r->d, q->h, result);
	for (pp = &r->reqs; *pp != NULL; pp = &(*pp)->next) {
		if (*pp == q) {
			*pp = q->next;
			break;
		}
	}
	if (q->timer != 0)
		ev_timer_cancel(drv_loop(r->d), q->timer);
	free(q->id);
	free(q);
}

static void rep_track_ask(struct ev_loop *loop, void *arg);

static void on_track(struct ucl_ev *c, const struct ucl_ev_reply *rp, void *arg)
{
	struct rep_req *q = arg;
	const struct ucl_ev_line *ln = rep_line(rp);

	(void)c;
	if (ln == NULL || rp->is_err) {
		rep_req_done(q, rp->is_err ? rep_result_of(ln) : DRP_FAILED);
		return;
	}
	if (strcmp(ln->argv[0], "SUCCESS") == 0) {
		rep_req_done(q, DRP_HANDLED);
		return;
	}
	if (strcmp(ln->argv[0], "PENDING") != 0 || ev_now_ms() >= q->deadline_ms) {
		rep_req_done(q, DRP_FAILED);
		return;
	}
	q->timer = ev_timer_add(drv_loop(q->r->d), REP_TRACK_POLL_MS, 0, rep_track_ask, q);
	if (q->timer == 0)
		rep_req_done(q, DRP_FAILED);
}

static void rep_track_ask(struct ev_loop *loop, void *arg)
{
	struct rep_req *q = arg;
	const char *w[3] = {"GET", "TRACKING", q->id};

	(void)loop;
	q->timer = 0;
	if (ucl_ev_request(q->r->conn, 0, 3, w, on_track, q) < 0)
		rep_req_done(q, DRP_FAILED);
}

/* The remote's first answer: "OK TRACKING <id>" (the result comes later),
 * plain "OK" (a server without tracking: sent is all we learn), or ERR. */
static void on_sent(struct ucl_ev *c, const struct ucl_ev_reply *rp, void *arg)
{
	struct rep_req *q = arg;
	const struct ucl_ev_line *ln = rep_line(rp);

	(void)c;
	if (ln == NULL || rp->is_err) {
		if (ln != NULL && !q->r->closing)
			log_info("ups %s: remote answered ERR %s", drv_upsname(q->r->d),
			         ln->argc > 1 ? ln->argv[1] : "");
		rep_req_done(q, rp->is_err ? rep_result_of(ln) : DRP_FAILED);
		return;
	}
	if (strcmp(ln->argv[0], "OK") != 0) {
		rep_req_done(q, DRP_FAILED);
		return;
	}
	if (ln->argc < 3 || strcmp(ln->argv[1], "TRACKING") != 0) {
		rep_req_done(q, DRP_HANDLED);
		return;
	}
	q->id = xstrdup(ln->argv[2]);
	rep_track_ask(NULL, q);
}

static int rep_forward(struct repeater *r, int argc, const char *const *words)
{
	struct rep_req *q;

	if (!ucl_ev_is_up(r->conn)) {
		log_info("ups %s: %s %s: not connected to %s", drv_upsname(r->d), words[0],
		         words[2], r->host);
		return DRP_FAILED;
	}
	q = xcalloc(1, sizeof(*q));
	q->r = r;
	q->deadline_ms = ev_now_ms() + REP_REQUEST_MS;
	q->h = drv_request_defer(r->d, REP_REQUEST_MS);
	if (q->h == 0 || ucl_ev_request(r->conn, 0, argc, words, on_sent, q) < 0) {
		free(q);
		return DRP_FAILED;
	}
	q->next = r->reqs;
	r->reqs = q;
	return DRP_PENDING;
}

int rep_instcmd(struct repeater *r, const char *cmd, const char *extra)
{
	const char *w[4] = {"INSTCMD", r->upsname, cmd, extra};

	return rep_forward(r, extra != NULL ? 4 : 3, w);
}

int rep_setvar(struct repeater *r, const char *var, const char *value)
{
	const char *w[5] = {"SET", "VAR", r->upsname, var, value};

	return rep_forward(r, 5, w);
}

/* --- the connection --- */

static void on_session(struct ucl_ev *c, const struct ucl_ev_reply *rp, void *arg)
{
	struct repeater *r = arg;
	const struct ucl_ev_line *ln = rep_line(rp);

	(void)c;
	if (!r->closing && rp->answered && rp->is_err)
		log_warnx("ups %s: %s@%s:%u refused the session set-up: %s", drv_upsname(r->d),
		          r->upsname, r->host, (unsigned)r->port,
		          ln != NULL && ln->argc > 1 ? ln->argv[1] : "ERR");
}

static void on_state(struct ucl_ev *c, int up, const char *why, void *arg)
{
	struct repeater *r = arg;
	struct rep_req *q, *next;
	char reason[256];

	if (r->closing)
		return;
	if (up) {
		const char *tr[3] = {"SET", "TRACKING", "ON"};
		const char *un[2] = {"USERNAME", r->user};
		const char *pw[2] = {"PASSWORD", r->pass};

		log_debug(1, "ups %s: connected to %s", drv_upsname(r->d), r->host);
		/* SET TRACKING needs a user, as INSTCMD and SET do: without
		 * one the remote refuses those anyway. */
		if (r->user != NULL) {
			(void)ucl_ev_request(c, 0, 2, un, on_session, r);
			if (r->pass != NULL)
				(void)ucl_ev_request(c, 0, 2, pw, on_session, r);
			(void)ucl_ev_request(c, 0, 3, tr, on_session, r);
		}
		drv_device_back(r->d); /* polls at once when it was lost */
		rep_round(r);
		return;
	}
	/* Requests on the wire failed with the connection; those waiting to
	 * ask again fail now. */
	for (q = r->reqs; q != NULL; q = next) {
		next = q->next;
		if (q->timer != 0)
			rep_req_done(q, DRP_FAILED);
	}
	r->fresh = 0;
	r->failing = 1;
	(void)str_fmt(reason, sizeof(reason), "%s@%s:%u: %s", r->upsname, r->host,
	              (unsigned)r->port, why != NULL ? why : "connection lost");
	drv_device_lost(r->d, reason);
}

struct repeater *rep_new(struct drv_ctx *d, const char *spec, const char *user, const char *pass,
                         char *err, size_t errlen)
{
	struct repeater *r = xcalloc(1, sizeof(*r));

	if (upscli_splitname(spec, &r->upsname, &r->host, &r->port) < 0) {
		(void)str_fmt(err, errlen, "expected ups@host[:port]");
		free(r);
		return NULL;
	}
	r->d = d;
	r->user = user != NULL ? xstrdup(user) : NULL;
	r->pass = pass != NULL ? xstrdup(pass) : NULL;
	return r;
}

void rep_start(struct repeater *r)
{
	drv_dataok(r->d, 0); /* until the first listing */
	if (r->conn == NULL) {
		r->conn = ucl_ev_new(drv_loop(r->d), r->host, r->port, REP_TIMEOUT_MS, on_state, r);
		if (r->conn == NULL) {
			log_warnx("ups %s: out of memory", drv_upsname(r->d));
			return;
		}
	}
	(void)ucl_ev_connect(r->conn);
}

int rep_poll(struct repeater *r)
{
	if (r->conn == NULL || !ucl_ev_is_up(r->conn))
		return -1;
	rep_round(r);
	return r->fresh ? 0 : -1;
}

int rep_reconnect(struct repeater *r)
{
	if (r->conn == NULL)
		return -1;
	if (ucl_ev_is_up(r->conn))
		return 0;
	(void)ucl_ev_connect(r->conn); /* its end comes through on_state */
	return -1;
}

void rep_free(struct repeater *r)
{
	if (r == NULL)
		return;
	r->closing = 1;
	if (r->conn != NULL)
		ucl_ev_free(r->conn); /* on-the-wire requests let go of theirs */
	while (r->reqs != NULL)
		rep_req_done(r->reqs, DRP_FAILED);
	free(r->upsname);
	free(r->host);
	free(r->user);
	if (r->pass != NULL)
		explicit_bzero(r->pass, strlen(r->pass));
	free(r->pass);
	free(r);
}
