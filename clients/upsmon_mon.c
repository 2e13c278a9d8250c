/* upsmon_mon.c: connections, polls, notifications and the shutdown
 * sequence (see upsmon_mon.h). Nothing here waits: every request is a
 * callback, every delay a timer, every child process is looked at by a
 * timer until it ends or is killed. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "proc.h"
#include "strutil.h"
#include "upsclient.h"
#include "upsmon_mon.h"
#include "upsmon_priv.h"

#define UM_REAP_MS 100 /* how often running notifiers are looked at */

static void um_poll_round(struct um_ctx *x);
static void um_check_power(struct um_ctx *x);
static void um_final(struct um_ctx *x);

/* ------------------------------------------------------------ notifiers */

static void um_reap(struct ev_loop *loop, void *arg);

static void um_reap_arm(struct um_ctx *x)
{
	if (x->reap_timer == 0)
		x->reap_timer = ev_timer_add(x->loop, UM_REAP_MS, UM_REAP_MS, um_reap, x);
}

static void um_reap(struct ev_loop *loop, void *arg)
{
	struct um_ctx *x = arg;
	struct proc_status st;
	uint64_t now = ev_now_ms();
	char how[64];
	int i, left = 0;

	for (i = 0; i < UM_MAX_NOTIFY_PROCS; i++) {
		struct um_proc *p = &x->procs[i];

		if (p->pid <= 0)
			continue;
		if (proc_wait(p->pid, 0, 0, 0, &st) < 0) {
			p->pid = 0; /* not ours any more (reaped elsewhere) */
			continue;
		}
		if (st.how != PROC_RUNNING) {
			if (!(st.how == PROC_EXITED && st.code == 0) && !p->killed)
				log_warnx("%s: %s", p->what,
				          proc_status_str(&st, how, sizeof(how)));
			p->pid = 0;
			continue;
		}
		if (!p->killed && now - p->start_ms >= UM_NOTIFY_TIMEOUT_MS) {
			log_warnx("%s (pid %ld) still running after %d ms: killed", p->what,
			          (long)p->pid, UM_NOTIFY_TIMEOUT_MS);
			(void)kill(-p->pid, SIGKILL);
			(void)kill(p->pid, SIGKILL);
			p->killed = 1;
		}
		left++;
	}
	if (left == 0) {
		ev_timer_cancel(loop, x->reap_timer);
		x->reap_timer = 0;
	}
}

static void um_spawn(struct um_ctx *x, const char *what, const char *const *argv,
                     const char *const *env)
{
	struct proc_opts o = {env, NULL, 1};
	char err[256];
	pid_t pid;
	int i;

	for (i = 0; i < UM_MAX_NOTIFY_PROCS; i++)
		if (x->procs[i].pid <= 0)
			break;
	if (i == UM_MAX_NOTIFY_PROCS) {
		log_warnx("%s not run: %d notifiers are still running", what, UM_MAX_NOTIFY_PROCS);
		return;
	}
	if (proc_spawn(argv, &o, &pid, err, sizeof(err)) < 0) {
		log_warnx("%s: %s", what, err);
		return;
	}
	x->procs[i].pid = pid;
	x->procs[i].start_ms = ev_now_ms();
	x->procs[i].killed = 0;
	(void)str_copy(x->procs[i].what, sizeof(x->procs[i].what), what);
	um_reap_arm(x);
}

static void um_notify(struct um_ctx *x, enum um_notify t, const char *ups)
{
	unsigned flags = x->conf.notifyflag[t];
	char msg[UM_MAX_MESSAGE], envt[64], envu[CONF_MAX_LINE + 16];

	if ((flags & UM_NF_IGNORE) != 0)
		return;
	um_conf_message(&x->conf, t, ups != NULL ? ups : "", msg, sizeof(msg));
	if ((flags & UM_NF_SYSLOG) != 0)
		log_info("%s", msg);
	if ((flags & UM_NF_WALL) != 0 && access(UM_WALL_PATH, X_OK) == 0) {
		const char *argv[] = {UM_WALL_PATH, msg, NULL};

		um_spawn(x, "wall", argv, NULL);
	}
	if ((flags & UM_NF_EXEC) != 0 && x->conf.notifycmd != NULL) {
		char shell[CONF_MAX_LINE + 16];
		const char *argv[] = {"/bin/sh", "-c", shell, "upsmon-notify", msg, NULL};
		const char *env[] = {envt, envu, NULL};

		/* NOTIFYCMD is a shell command, as NUT runs it; the message goes
		 * in as "$1", never through the shell's parser. */
		if (str_fmt(shell, sizeof(shell), "%s \"$1\"", x->conf.notifycmd) < 0 ||
		    str_fmt(envt, sizeof(envt), "NOTIFYTYPE=%s", um_notify_name(t)) < 0 ||
		    str_fmt(envu, sizeof(envu), "UPSNAME=%s", ups != NULL ? ups : "") < 0) {
			log_warnx("NOTIFYCMD not run: command or UPS name too long");
			return;
		}
		um_spawn(x, "NOTIFYCMD", argv, env);
	}
}

static void um_emit(enum um_notify t, void *arg)
{
	struct um_ups *u = arg;

	um_notify(u->x, t, u->m.system);
}

/* ------------------------------------------------------------ upsd requests */

static int um_req(struct um_ups *u, ucl_ev_reply_cb cb, int n, const char *a0, const char *a1,
                  const char *a2, const char *a3)
{
	const char *argv[4] = {a0, a1, a2, a3};

	return ucl_ev_request(u->conn, 0, n, argv, cb, u);
}

static void um_poll_failed(struct um_ups *u, const char *why)
{
	struct um_ctx *x = u->x;

	log_debug(1, "ups %s: poll failed: %s", u->m.system, why);
	um_comm_fail(&u->st, &x->conf.rules, ev_now_ms(), um_emit, u);
	um_check_power(x);
}

static void um_on_status(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct um_ups *u = arg;
	const struct ucl_ev_line *l;
	unsigned flags;

	(void)c;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	u->poll_pending = 0;
	if (!r->answered) {
		um_poll_failed(u, "no reply");
		return;
	}
	l = &r->lines[0];
	if (r->err != 0 || l->argc != 4 || strcmp(l->argv[0], "VAR") != 0 ||
	    strcmp(l->argv[1], u->m.upsname) != 0 || strcmp(l->argv[2], "ups.status") != 0) {
		um_poll_failed(u, l->argc > 1 ? l->argv[1] : "unexpected reply");
		return;
	}
	flags = um_parse_status(l->argv[3]);
	if ((flags & (UM_OL | UM_OB | UM_FSD | UM_OFF)) == 0) {
		um_poll_failed(u, "no usable status yet"); /* WAIT, or nothing known */
		return;
	}
	log_debug(2, "ups %s: status [%s]", u->m.system, l->argv[3]);
	um_status(&u->st, &u->x->conf.rules, flags, ev_now_ms(), um_emit, u);
	um_check_power(u->x);
}

static void um_poll(struct um_ups *u)
{
	if (u->poll_pending || !ucl_ev_is_up(u->conn))
		return;
	if (um_req(u, um_on_status, 4, "GET", "VAR", u->m.upsname, "ups.status") < 0) {
		um_poll_failed(u, "cannot queue the request");
		return;
	}
	u->poll_pending = 1;
}

static void um_on_login_step(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct um_ups *u = arg;

	(void)c;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	if (r->answered && r->err != 0)
		log_warnx("ups %s: login as %s refused: %s", u->m.system, u->m.user,
		          r->lines[0].argc > 1 ? r->lines[0].argv[1] : "ERR");
}

static void um_on_login(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct um_ups *u = arg;

	(void)c;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	if (!r->answered)
		return;
	if (r->err != 0) {
		log_warnx("ups %s: LOGIN refused: %s (polling without it)", u->m.system,
		          r->lines[0].argc > 1 ? r->lines[0].argv[1] : "ERR");
		return;
	}
	u->logged_in = 1;
	log_debug(1, "ups %s: logged in as %s", u->m.system, u->m.user);
}

static void um_on_master(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct um_ups *u = arg;

	(void)c;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	if (r->answered && r->err != 0)
		log_warnx("ups %s: primary rights refused (PRIMARY and MASTER): %s; FSD will fail",
		          u->m.system, r->lines[0].argc > 1 ? r->lines[0].argv[1] : "ERR");
}

static void um_on_primary(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct um_ups *u = arg;

	(void)c;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	if (!r->answered || r->err == 0)
		return;
	/* A server older than NUT 2.8 knows only MASTER. */
	if (um_req(u, um_on_master, 2, "MASTER", u->m.upsname, NULL, NULL) < 0)
		log_warnx("ups %s: cannot ask for MASTER", u->m.system);
}

static void um_on_conn(struct ucl_ev *c, int up, const char *why, void *arg)
{
	struct um_ups *u = arg;

	(void)c;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	if (!up) {
		u->logged_in = 0;
		u->poll_pending = 0;
		u->logout_pending = 0;
		if (u->x->phase == UM_LOGOUT || u->x->phase == UM_DONE)
			return;
		um_poll_failed(u, why != NULL ? why : "connection lost");
		return;
	}
	log_debug(1, "ups %s: connected", u->m.system);
	if (um_req(u, um_on_login_step, 2, "USERNAME", u->m.user, NULL, NULL) < 0 ||
	    um_req(u, um_on_login_step, 2, "PASSWORD", u->m.pass, NULL, NULL) < 0 ||
	    um_req(u, um_on_login, 2, "LOGIN", u->m.upsname, NULL, NULL) < 0 ||
	    (u->m.primary && um_req(u, um_on_primary, 2, "PRIMARY", u->m.upsname, NULL, NULL) < 0))
		log_warnx("ups %s: cannot queue the login", u->m.system);
	um_poll(u);
}

/* ------------------------------------------------------------ poll rounds */

static int um_any_on_battery(const struct um_ctx *x)
{
	size_t i;

	for (i = 0; i < x->nups; i++)
		if (um_on_battery(&x->ups[i].st))
			return 1;
	return 0;
}

static void um_on_poll_timer(struct ev_loop *loop, void *arg)
{
	struct um_ctx *x = arg;

	(void)loop;
	x->poll_timer = 0;
	um_poll_round(x);
}

static void um_poll_round(struct um_ctx *x)
{
	uint64_t now = ev_now_ms();
	size_t i;
	int next_s;

	for (i = 0; i < x->nups; i++) {
		struct um_ups *u = &x->ups[i];

		if (x->phase == UM_LOGOUT || x->phase == UM_DONE)
			break;
		if (!ucl_ev_is_up(u->conn))
			(void)ucl_ev_connect(u->conn); /* the state callback tells the outcome */
		else
			um_poll(u);
		um_tick(&u->st, &x->conf.rules, now, um_emit, u);
	}
	um_check_power(x);
	next_s = um_any_on_battery(x) ? x->conf.pollfreqalert_s : x->conf.pollfreq_s;
	if (x->poll_timer == 0)
		x->poll_timer =
		    ev_timer_add(x->loop, (uint64_t)next_s * 1000, 0, um_on_poll_timer, x);
}

/* ------------------------------------------------------------ shutdown */

static void um_check_power(struct um_ctx *x)
{
	uint64_t now = ev_now_ms();
	const char *why, *first_why = NULL;
	int sum = 0;
	size_t i, first = 0;

	if (x->phase != UM_RUNNING)
		return;
	for (i = 0; i < x->nups; i++) {
		struct um_ups *u = &x->ups[i];

		if (u->m.power == 0)
			continue;
		if (um_critical(&u->st, &x->conf.rules, now, &why)) {
			if (first_why == NULL) {
				first_why = why;
				first = i;
			}
			continue;
		}
		sum += u->m.power;
	}
	if (sum >= x->conf.minsupplies || first_why == NULL)
		return; /* (no critical UPS: the load check makes the sum reach MINSUPPLIES) */
	log_warnx("ups %s is critical (%s): power value %d left, MINSUPPLIES %d: shutting down",
	          x->ups[first].m.system, first_why, sum, x->conf.minsupplies);
	(void)str_copy(x->sd_ups, sizeof(x->sd_ups), x->ups[first].m.system);
	um_force_shutdown(x);
}

static void um_on_exit_timer(struct ev_loop *loop, void *arg)
{
	(void)arg;
	ev_stop(loop);
}

static void um_after_shutdowncmd(struct um_ctx *x, int ok)
{
	(void)ok;
	x->phase = UM_DONE;
	if (x->conf.shutdownexit == UM_SDEXIT_NO) {
		log_info("SHUTDOWNEXIT no: staying until stopped");
		return;
	}
	if (x->conf.shutdownexit > 0) {
		log_info("exiting in %d s (SHUTDOWNEXIT)", x->conf.shutdownexit);
		(void)ev_timer_add(x->loop, (uint64_t)x->conf.shutdownexit * 1000, 0,
		                   um_on_exit_timer, NULL);
		return;
	}
	ev_stop(x->loop);
}

static int um_is_primary(const struct um_ctx *x)
{
	size_t i;

	for (i = 0; i < x->nups; i++)
		if (x->ups[i].m.primary)
			return 1;
	return 0;
}

static void um_privileged_steps(struct um_ctx *x)
{
	char err[512];
	int want_flag = x->conf.powerdownflag != NULL && um_is_primary(x);

	if (x->sd_timer != 0) {
		ev_timer_cancel(x->loop, x->sd_timer);
		x->sd_timer = 0;
	}
	if (x->privfd < 0) {
		if (want_flag) {
			if (um_pdflag_write(x->conf.powerdownflag, err, sizeof(err)) < 0)
				log_warnx("%s", err);
			else
				log_info("power down flag %s written", x->conf.powerdownflag);
		}
		if (x->conf.shutdowncmd == NULL) {
			log_warnx("no SHUTDOWNCMD set: nothing to run");
			um_after_shutdowncmd(x, 0);
			return;
		}
		log_warnx("executing automatic power-fail shutdown: %s", x->conf.shutdowncmd);
		um_after_shutdowncmd(
		    x, um_run_shell("SHUTDOWNCMD", x->conf.shutdowncmd, UM_SHUTDOWNCMD_MS) == 0);
		return;
	}
	if (x->parent_gone) {
		log_warnx("the privileged parent is gone: cannot run SHUTDOWNCMD");
		um_after_shutdowncmd(x, 0);
		return;
	}
	if ((want_flag && ump_send(x->privfd, UMP_REQ_PDFLAG) < 0) ||
	    ump_send(x->privfd, UMP_REQ_SHUTDOWN) < 0) {
		log_warn("cannot ask the privileged parent to shut down");
		um_after_shutdowncmd(x, 0);
	}
	/* The answer to the SHUTDOWN request ends this (um_on_priv). */
}

static void um_on_logout(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct um_ups *u = arg;
	size_t i;

	(void)c, (void)r;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	u->logout_pending = 0;
	for (i = 0; i < u->x->nups; i++)
		if (u->x->ups[i].logout_pending)
			return;
	if (u->x->phase == UM_LOGOUT)
		um_privileged_steps(u->x);
}

static void um_on_logout_timer(struct ev_loop *loop, void *arg)
{
	struct um_ctx *x = arg;

	(void)loop;
	x->sd_timer = 0;
	log_debug(1, "LOGOUT replies not all in after %d ms: going on", UM_LOGOUT_WAIT_MS);
	um_privileged_steps(x);
}

/* FINALDELAY is over: leave every upsd (so a primary sees this host go),
 * then the privileged steps. */
static void um_on_finaldelay(struct ev_loop *loop, void *arg)
{
	struct um_ctx *x = arg;
	size_t i;
	int waiting = 0;

	(void)loop;
	x->sd_timer = 0;
	x->phase = UM_LOGOUT;
	if (x->poll_timer != 0) {
		ev_timer_cancel(x->loop, x->poll_timer);
		x->poll_timer = 0;
	}
	for (i = 0; i < x->nups; i++) {
		struct um_ups *u = &x->ups[i];

		if (!ucl_ev_is_up(u->conn))
			continue;
		u->logout_pending = 1;
		if (um_req(u, um_on_logout, 1, "LOGOUT", NULL, NULL, NULL) < 0)
			u->logout_pending = 0;
		else
			waiting = 1;
	}
	if (!waiting) {
		um_privileged_steps(x);
		return;
	}
	x->sd_timer = ev_timer_add(x->loop, UM_LOGOUT_WAIT_MS, 0, um_on_logout_timer, x);
}

static void um_final(struct um_ctx *x)
{
	if (x->sd_timer != 0) {
		ev_timer_cancel(x->loop, x->sd_timer);
		x->sd_timer = 0;
	}
	x->phase = UM_FINAL;
	um_notify(x, UM_N_SHUTDOWN, x->sd_ups);
	x->sd_timer =
	    ev_timer_add(x->loop, (uint64_t)x->conf.finaldelay_s * 1000, 0, um_on_finaldelay, x);
}

static void um_on_numlogins(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct um_ups *u = arg;
	const struct ucl_ev_line *l;
	long n;

	(void)c;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	if (!r->answered || r->err != 0)
		return;
	l = &r->lines[0];
	if (l->argc == 3 && strcmp(l->argv[0], "NUMLOGINS") == 0 &&
	    conf_parse_long(l->argv[2], 0, 1000000, &n) == 0)
		u->numlogins = (int)n;
}

/* While a primary waits: the secondaries are gone when NUMLOGINS of every
 * UPS it is primary for shows itself alone (or nobody: our own link may
 * be down), or HOSTSYNC has passed. */
static void um_on_fsd_check(struct ev_loop *loop, void *arg)
{
	struct um_ctx *x = arg;
	uint64_t now = ev_now_ms();
	size_t i;
	int all_gone = 1;

	(void)loop;
	for (i = 0; i < x->nups; i++) {
		struct um_ups *u = &x->ups[i];

		if (u->m.primary && ucl_ev_is_up(u->conn) && (u->numlogins < 0 || u->numlogins > 1))
			all_gone = 0;
	}
	if (!all_gone) {
		/* Asked again only while somebody is left: the answers come by
		 * the next check. */
		for (i = 0; i < x->nups; i++) {
			struct um_ups *u = &x->ups[i];

			if (u->m.primary && ucl_ev_is_up(u->conn))
				(void)um_req(u, um_on_numlogins, 3, "GET", "NUMLOGINS",
				             u->m.upsname, NULL);
		}
	}
	if (all_gone) {
		log_info("the secondaries have logged out");
		um_final(x);
		return;
	}
	if (now - x->phase_ms >= (uint64_t)x->conf.rules.hostsync_s * 1000) {
		log_warnx("secondaries still logged in after HOSTSYNC %d s: going on",
		          x->conf.rules.hostsync_s);
		um_final(x);
	}
}

static void um_on_fsd(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct um_ups *u = arg;

	(void)c;
	if (u->dying)
		return; /* being freed (reload, exit): nothing to learn */
	if (!r->answered)
		log_warnx("ups %s: no answer to FSD", u->m.system);
	else if (r->err != 0)
		log_warnx("ups %s: FSD refused: %s", u->m.system,
		          r->lines[0].argc > 1 ? r->lines[0].argv[1] : "ERR");
	else
		log_info("ups %s: FSD set", u->m.system);
}

void um_force_shutdown(struct um_ctx *x)
{
	size_t i;
	int primary = 0;

	if (x->phase != UM_RUNNING)
		return;
	x->phase_ms = ev_now_ms();
	if (x->sd_ups[0] == '\0' && x->nups > 0)
		(void)str_copy(x->sd_ups, sizeof(x->sd_ups), x->ups[0].m.system);
	for (i = 0; i < x->nups; i++) {
		struct um_ups *u = &x->ups[i];

		if (!u->m.primary)
			continue;
		primary = 1;
		u->numlogins = -1;
		if (!ucl_ev_is_up(u->conn) ||
		    um_req(u, um_on_fsd, 2, "FSD", u->m.upsname, NULL, NULL) < 0)
			log_warnx("ups %s: not connected, cannot set FSD", u->m.system);
	}
	if (!primary) {
		um_final(x);
		return;
	}
	x->phase = UM_FSD_WAIT;
	x->sd_timer = ev_timer_add(x->loop, UM_FSD_CHECK_MS, UM_FSD_CHECK_MS, um_on_fsd_check, x);
	um_on_fsd_check(x->loop, x); /* asks NUMLOGINS at once */
}

/* ------------------------------------------------------------ the parent */

static void um_on_priv(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct um_ctx *x = arg;
	uint8_t buf[UMP_FRAME + 1];
	struct ump_msg m;
	ssize_t n;

	(void)events;
	n = recv(fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		ev_io_del(loop, fd);
		x->parent_gone = 1;
		log_warnx("the privileged parent is gone: shutdown impossible");
		um_notify(x, UM_N_NOPARENT, NULL);
		if (x->phase == UM_LOGOUT)
			um_after_shutdowncmd(x, 0);
		return;
	}
	if (ump_decode_answer(buf, (size_t)n, &m) < 0) {
		log_warnx("privileged parent: malformed answer ignored");
		return;
	}
	if (m.type == (UMP_ANSWER | UMP_REQ_PDFLAG)) {
		if (m.status != 0)
			log_warnx("the power down flag could not be written");
		return;
	}
	um_after_shutdowncmd(x, m.status == 0);
}

/* ------------------------------------------------------------ set-up */

static int um_ups_init(struct um_ctx *x, struct um_ups *u, const struct um_monitor *m)
{
	int tmo = x->conf.pollfreq_s * 1000;

	memset(u, 0, sizeof(*u));
	u->x = x;
	u->numlogins = -1;
	u->m = *m;
	u->m.system = xstrdup(m->system);
	u->m.upsname = xstrdup(m->upsname);
	u->m.host = xstrdup(m->host);
	u->m.user = xstrdup(m->user);
	u->m.pass = xstrdup(m->pass);
	if (tmo < UM_REQ_TIMEOUT_MIN_MS)
		tmo = UM_REQ_TIMEOUT_MIN_MS;
	if (tmo > UM_REQ_TIMEOUT_MAX_MS)
		tmo = UM_REQ_TIMEOUT_MAX_MS;
	um_state_init(&u->st, m->primary, ev_now_ms());
	u->conn = ucl_ev_new(x->loop, u->m.host, u->m.port, tmo, um_on_conn, u);
	return u->conn == NULL ? -1 : 0;
}

static void um_ups_free(struct um_ups *u)
{
	u->dying = 1; /* ucl_ev_free fails what is queued: not a poll failure */
	if (u->conn != NULL)
		ucl_ev_free(u->conn);
	free(u->m.system);
	free(u->m.upsname);
	free(u->m.host);
	free(u->m.user);
	free(u->m.pass);
	memset(u, 0, sizeof(*u));
}

static int um_build(struct um_ctx *x, struct um_ups **out)
{
	struct um_ups *v = xcalloc(x->conf.nmon, sizeof(*v));
	size_t i;

	for (i = 0; i < x->conf.nmon; i++) {
		if (um_ups_init(x, &v[i], &x->conf.mon[i]) < 0) {
			while (i-- > 0)
				um_ups_free(&v[i]);
			free(v);
			return -1;
		}
	}
	*out = v;
	return 0;
}

static void um_free_all(struct um_ups *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		um_ups_free(&v[i]);
	free(v);
}

int um_start(struct um_ctx *x, struct ev_loop *loop, const char *conf_path, struct um_conf *conf,
             int privfd)
{
	size_t i;

	memset(x, 0, sizeof(*x));
	x->loop = loop;
	x->conf_path = conf_path;
	x->conf = *conf;
	memset(conf, 0, sizeof(*conf));
	x->privfd = privfd;
	if (um_build(x, &x->ups) < 0) {
		log_warnx("out of memory");
		um_conf_free(&x->conf);
		return -1;
	}
	x->nups = x->conf.nmon;
	if (privfd >= 0 && ev_io_add(loop, privfd, EV_READ, um_on_priv, x) < 0) {
		log_warn("cannot watch the privileged parent");
		return -1;
	}
	for (i = 0; i < x->nups; i++)
		log_info("ups %s: power value %d, %s", x->ups[i].m.system, x->ups[i].m.power,
		         x->ups[i].m.primary ? "primary" : "secondary");
	um_poll_round(x);
	return 0;
}

void um_reload(struct um_ctx *x)
{
	struct um_conf nc;
	struct um_ups *nv, *ov = x->ups;
	size_t i, j, on = x->nups;

	if (x->phase != UM_RUNNING) {
		log_warnx("reload ignored: shutting down");
		return;
	}
	if (um_conf_load(x->conf_path, &nc) < 0) {
		log_warnx("%s: not reloaded, going on with the configuration in force",
		          x->conf_path);
		return;
	}
	/* SHUTDOWNCMD and POWERDOWNFLAG are the parent's, fixed at start. */
	if ((nc.shutdowncmd == NULL) != (x->conf.shutdowncmd == NULL) ||
	    (nc.shutdowncmd != NULL && strcmp(nc.shutdowncmd, x->conf.shutdowncmd) != 0) ||
	    (nc.powerdownflag == NULL) != (x->conf.powerdownflag == NULL) ||
	    (nc.powerdownflag != NULL && strcmp(nc.powerdownflag, x->conf.powerdownflag) != 0))
		log_warnx("%s: SHUTDOWNCMD and POWERDOWNFLAG take effect at the next start only",
		          x->conf_path);
	free(nc.shutdowncmd);
	free(nc.powerdownflag);
	nc.shutdowncmd = x->conf.shutdowncmd;
	nc.powerdownflag = x->conf.powerdownflag;
	x->conf.shutdowncmd = NULL;
	x->conf.powerdownflag = NULL;
	um_conf_free(&x->conf);
	x->conf = nc;
	if (um_build(x, &nv) < 0) {
		log_warnx("out of memory: monitoring stopped");
		ev_stop(x->loop);
		return;
	}
	/* What is known of a UPS kept under the same name survives. */
	for (i = 0; i < x->conf.nmon; i++)
		for (j = 0; j < on; j++)
			if (strcmp(nv[i].m.system, ov[j].m.system) == 0) {
				int primary = nv[i].m.primary;

				nv[i].st = ov[j].st;
				nv[i].st.primary = primary;
				break;
			}
	um_free_all(ov, on);
	x->ups = nv;
	x->nups = x->conf.nmon;
	log_info("%s reloaded: %zu UPS", x->conf_path, x->nups);
	if (x->poll_timer != 0) {
		ev_timer_cancel(x->loop, x->poll_timer);
		x->poll_timer = 0;
	}
	um_poll_round(x);
}

void um_stop(struct um_ctx *x)
{
	int i;

	um_free_all(x->ups, x->nups);
	x->ups = NULL;
	x->nups = 0;
	/* Notifiers still running are left to finish on their own. */
	for (i = 0; i < UM_MAX_NOTIFY_PROCS; i++)
		x->procs[i].pid = 0;
	um_conf_free(&x->conf);
}
