/* upssched: NUT's timer helper, run by upsmon as its NOTIFYCMD with the
 * notify message as argv[1] and NOTIFYTYPE and UPSNAME in the environment.
 * Reads upssched.conf, and for every AT line matching the event, in file
 * order: EXECUTE runs CMDSCRIPT at once; START-TIMER(-SHARED) and
 * CANCEL-TIMER(-MATCHED) go to the timer daemon on PIPEFN, which the first
 * call that needs it starts (under LOCKFN, see schedd.h). A CANCEL when no
 * daemon runs has nothing to cancel: its command, if any, runs at once.
 * Exit 0, or 1 when the environment or the file is wrong or the daemon could
 * not be reached. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "ev.h"
#include "log.h"
#include "net.h"
#include "paths.h"
#include "proc.h"
#include "schedconf.h"
#include "schedcore.h"
#include "schedd.h"

#define UPSSCHED_REPLY_TIMEOUT_MS 5000   /* the daemon's answer to one request */
#define UPSSCHED_SEND_TRIES       5      /* connections tried for one request */
#define UPSSCHED_EXEC_TIMEOUT_MS  300000 /* an EXECUTE or local cancel command */
#define UPSSCHED_MAX_FD_SCAN      65536  /* descriptors the new daemon closes */

struct upssched {
	struct sched_conf conf;
	const char *ups;
	const char *ntype;
	int fd; /* connection to the daemon, or -1 */
};

/* Runs CMDSCRIPT with arg here and now, bounded; the environment (UPSNAME,
 * NOTIFYTYPE) is the caller's. */
static void upssched_exec(const struct upssched *u, const char *arg)
{
	const char *argv[SCHED_CMD_MAX_ARGV];
	char store[SCHED_CMD_MAX_BYTES], err[256], how[64];
	struct proc_opts po;
	struct proc_status st;

	if (sched_build_argv(u->conf.cmdscript, arg, store, sizeof(store), argv,
	                     SCHED_CMD_MAX_ARGV) < 0) {
		log_warnx("CMDSCRIPT %s: command line too long (%d words, %d bytes at most)", arg,
		          SCHED_CMD_MAX_ARGV - 1, SCHED_CMD_MAX_BYTES);
		return;
	}
	memset(&po, 0, sizeof(po));
	po.new_group = 1;
	log_debug(1, "executing %s %s", argv[0], arg);
	if (proc_run(argv, &po, UPSSCHED_EXEC_TIMEOUT_MS, 1, &st, err, sizeof(err)) < 0) {
		log_warnx("CMDSCRIPT %s: %s", argv[0], err);
		return;
	}
	if (st.how != PROC_EXITED || st.code != 0)
		log_warnx("CMDSCRIPT %s %s: %s", argv[0], arg,
		          proc_status_str(&st, how, sizeof(how)));
}

/* Connects to a running daemon: fd, -1 when none answers, -2 when it is
 * there but its queue is full (try again). */
static int upssched_connect(const struct upssched *u)
{
	char err[256];
	int fd = net_connect_unix(u->conf.pipefn, 1, err, sizeof(err));

	if (fd < 0)
		return errno == EAGAIN ? -2 : -1;
	if (net_set_nonblock(fd, 0) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* The daemon outlives its caller (upsmon): it keeps none of the caller's
 * descriptors but stdio (pointed at /dev/null next) and its socket. */
static void upssched_close_inherited(int keep)
{
	long max = sysconf(_SC_OPEN_MAX);
	int fd;

	if (max < 0 || max > UPSSCHED_MAX_FD_SCAN)
		max = UPSSCHED_MAX_FD_SCAN;
	for (fd = 3; fd < max; fd++)
		if (fd != keep)
			(void)close(fd);
}

/* Binds PIPEFN and forks the daemon onto it; called with LOCKFN held, so the
 * socket listens before anyone else can look. 0 or -1. */
static int upssched_start_daemon(struct upssched *u, int lockfd)
{
	char err[256];
	pid_t pid;
	int lfd, nul;

	lfd = net_listen_unix(u->conf.pipefn, 16, 0660, err, sizeof(err));
	if (lfd < 0) {
		log_warnx("PIPEFN %s", err);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		log_warn("fork");
		close(lfd);
		unlink(u->conf.pipefn);
		return -1;
	}
	if (pid == 0) {
		/* The daemon. Its copy of the lock fd goes without unlocking:
		 * the lock belongs to the parent until it lets go. */
		close(lockfd);
		if (u->fd >= 0)
			close(u->fd);
		upssched_close_inherited(lfd);
		(void)setsid();
		if (chdir("/") < 0)
			_exit(1);
		nul = open("/dev/null", O_RDWR);
		if (nul >= 0) {
			(void)dup2(nul, 0);
			(void)dup2(nul, 1);
			(void)dup2(nul, 2);
			if (nul > 2)
				close(nul);
		}
		log_set_dest(LOG_TO_SYSLOG);
		_exit(schedd_run(lfd, u->conf.cmdscript, u->conf.pipefn, u->conf.lockfn));
	}
	close(lfd);
	log_debug(1, "timer daemon started, pid %ld", (long)pid);
	return 0;
}

/* A connection to the daemon, starting it if need be (unless start is 0).
 * 0 with u->fd set, 1 when no daemon runs and start is 0, -1 on failure. */
static int upssched_reach(struct upssched *u, int start)
{
	int fd, lk, rc = -1, tries;

	for (tries = 0; tries < 50; tries++) {
		struct timespec ts = {0, 20 * 1000 * 1000};

		fd = upssched_connect(u);
		if (fd >= 0) {
			u->fd = fd;
			return 0;
		}
		if (fd == -1)
			break;
		nanosleep(&ts, NULL); /* a full accept queue drains quickly */
	}
	lk = sched_lock(u->conf.lockfn);
	if (lk < 0)
		return -1;
	/* Another call may have started one while we waited for the lock. */
	fd = upssched_connect(u);
	if (fd >= 0) {
		u->fd = fd;
		rc = 0;
	} else if (!start) {
		rc = 1;
	} else if (upssched_start_daemon(u, lk) == 0) {
		fd = upssched_connect(u);
		if (fd >= 0) {
			u->fd = fd;
			rc = 0;
		} else {
			log_warn("PIPEFN %s: connect to the new daemon", u->conf.pipefn);
		}
	}
	sched_unlock(lk);
	return rc;
}

/* Reads one answer line. 1 "OK", 0 "ERR ..." (logged), -1 nothing (closed,
 * timeout: the caller tries again). */
static int upssched_answer(struct upssched *u)
{
	char line[256];
	size_t n = 0;

	while (n < sizeof(line) - 1) {
		struct pollfd pfd = {u->fd, POLLIN, 0};
		ssize_t r;

		if (poll(&pfd, 1, UPSSCHED_REPLY_TIMEOUT_MS) <= 0)
			return -1;
		r = read(u->fd, line + n, 1);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		if (line[n] == '\n') {
			line[n] = '\0';
			if (strcmp(line, "OK") == 0)
				return 1;
			log_warnx("timer daemon: %s", line);
			return 0;
		}
		n++;
	}
	return -1;
}

/* Sends one request; 0 done, -1 failed (logged). */
static int upssched_send(struct upssched *u, const struct schedreq *r)
{
	int cancel = r->verb == SCHEDREQ_CANCEL || r->verb == SCHEDREQ_CANCEL_MATCHED;
	struct buf b;
	int tries, rc;

	if (buf_init(&b, SCHED_PROTO_MAX_LINE) < 0 || schedreq_format(&b, r) < 0) {
		buf_free(&b);
		log_warnx("timer %s: request too long", r->name);
		return -1;
	}
	for (tries = 0; tries < UPSSCHED_SEND_TRIES; tries++) {
		if (u->fd < 0) {
			rc = upssched_reach(u, !cancel);
			if (rc == 1) {
				/* No daemon, so no timer to cancel. */
				buf_free(&b);
				if (r->cmd != NULL)
					upssched_exec(u, r->cmd);
				return 0;
			}
			if (rc < 0)
				break;
		}
		if (net_write_all(u->fd, buf_head(&b), buf_used(&b)) == 0) {
			rc = upssched_answer(u);
			if (rc >= 0) {
				buf_free(&b);
				return rc == 1 ? 0 : -1;
			}
		}
		/* The daemon was on its way out: a new one takes the request. */
		close(u->fd);
		u->fd = -1;
	}
	buf_free(&b);
	log_warnx("timer %s: cannot reach the timer daemon on %s", r->name, u->conf.pipefn);
	return -1;
}

static int upssched_rule(struct upssched *u, const struct sched_rule *rule)
{
	struct schedreq r;

	memset(&r, 0, sizeof(r));
	r.name = rule->name;
	r.ups = u->ups;
	r.ntype = u->ntype;
	r.delay_s = rule->delay_s;
	r.cmd = rule->cmd;
	switch (rule->action) {
	case SCHED_EXECUTE:
		upssched_exec(u, rule->name);
		return 0;
	case SCHED_START_TIMER:
		r.verb = SCHEDREQ_START;
		break;
	case SCHED_START_SHARED:
		r.verb = SCHEDREQ_START_SHARED;
		break;
	case SCHED_CANCEL_TIMER:
		r.verb = SCHEDREQ_CANCEL;
		break;
	case SCHED_CANCEL_MATCHED:
		r.verb = SCHEDREQ_CANCEL_MATCHED;
		break;
	}
	return upssched_send(u, &r);
}

static int upssched_env_ok(const char *v)
{
	size_t i, n;

	if (v == NULL || *v == '\0')
		return 0;
	n = strlen(v);
	if (n >= SCHED_MAX_WORD)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
			return 0;
	return 1;
}

int main(int argc, char **argv)
{
	struct upssched u;
	char path[4096];
	size_t i;
	int rc = 0;

	(void)argc;
	(void)argv; /* argv[1], the notify message, is not used (nor by NUT) */
	log_init("upssched", LOG_TO_STDERR | LOG_TO_SYSLOG, 0);
	memset(&u, 0, sizeof(u));
	u.fd = -1;
	u.ups = getenv("UPSNAME");
	u.ntype = getenv("NOTIFYTYPE");
	if (u.ups == NULL || u.ntype == NULL || *u.ups == '\0' || *u.ntype == '\0') {
		fprintf(stderr, "Error: UPSNAME and NOTIFYTYPE must be set.\n"
		                "upssched is meant to be run by upsmon as its NOTIFYCMD.\n");
		return 1;
	}
	if (!upssched_env_ok(u.ups) || !upssched_env_ok(u.ntype)) {
		log_warnx("UPSNAME or NOTIFYTYPE longer than %d bytes or with control characters",
		          SCHED_MAX_WORD - 1);
		return 1;
	}
	if (path_conf_file(path, sizeof(path), "upssched.conf") < 0) {
		log_warnx("configuration path too long");
		return 1;
	}
	if (schedconf_load(path, &u.conf) < 0)
		return 1;
	for (i = 0; i < u.conf.nrules; i++) {
		if (!schedconf_match(&u.conf.rules[i], u.ntype, u.ups))
			continue;
		log_debug(1, "%s:%d: %s %s", path, u.conf.rules[i].lineno,
		          schedconf_action_name(u.conf.rules[i].action), u.conf.rules[i].name);
		if (upssched_rule(&u, &u.conf.rules[i]) < 0)
			rc = 1;
	}
	if (u.fd >= 0)
		close(u.fd);
	schedconf_free(&u.conf);
	return rc;
}
