/* schedd: the upssched timer daemon (see schedd.h).
 *
 * One event loop: the listening socket, up to SCHEDD_MAX_CLIENTS request
 * connections (each with a tokenizer of bounded line length and an idle
 * timer), one timer armed at the earliest deadline, SIGCHLD for the one
 * CMDSCRIPT run in flight, and the linger timer before exit. A peer that
 * sends a line we cannot decode gets "ERR <word>" and is dropped; a peer
 * that does not read its answers is dropped too. Nothing a peer sends is
 * fatal.
 *
 * Exit: with nothing left to do for SCHEDD_IDLE_EXIT_MS, the daemon takes
 * LOCKFN, makes sure no connection is waiting to be accepted, removes PIPEFN
 * and closes the socket, then lets the lock go. An upssched call that
 * connected just before gets end-of-file without an answer and tries again
 * (starting a new daemon under the lock), so no request is lost. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"
#include "log.h"
#include "net.h"
#include "proc.h"
#include "proto.h"
#include "schedcore.h"
#include "schedd.h"
#include "strutil.h"

#define SCHEDD_READ_CHUNK    4096 /* bytes read from a client per turn */
#define SCHEDD_EXIT_RETRY_MS 100  /* lock busy at exit time: try again after */

int sched_lock(const char *lockfn)
{
	struct stat st;
	uint64_t deadline = ev_now_ms() + SCHED_LOCK_WAIT_MS;
	int fd;

	fd = open(lockfn, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK, 0600);
	if (fd < 0) {
		log_warn("LOCKFN %s", lockfn);
		return -1;
	}
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		log_warnx("LOCKFN %s: not a regular file", lockfn);
		close(fd);
		return -1;
	}
	for (;;) {
		struct timespec ts = {0, 10 * 1000 * 1000};

		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return fd;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			log_warn("LOCKFN %s: flock", lockfn);
			break;
		}
		if (ev_now_ms() >= deadline) {
			log_warnx("LOCKFN %s: still locked after %d ms", lockfn,
			          SCHED_LOCK_WAIT_MS);
			break;
		}
		nanosleep(&ts, NULL);
	}
	close(fd);
	return -1;
}

void sched_unlock(int fd)
{
	if (fd < 0)
		return;
	(void)flock(fd, LOCK_UN);
	close(fd);
}

struct schedd;

struct schedd_client {
	struct schedd *d;
	int fd;
	struct proto_tok tok;
	ev_timer_id idle;
};

struct schedd_run_item {
	char *arg;
	char *ups;
	char *ntype;
};

struct schedd {
	struct ev_loop *loop;
	int lfd;
	const char *cmdscript, *pipefn, *lockfn;
	struct sched_timers timers;
	ev_timer_id due_timer;
	ev_timer_id idle_timer;
	struct schedd_client *clients[SCHEDD_MAX_CLIENTS];
	int nclients;
	struct schedd_run_item queue[SCHEDD_MAX_PENDING_RUNS];
	int qhead, qlen;
	pid_t child; /* the CMDSCRIPT run in flight, or 0 */
	char child_arg[64];
	ev_timer_id child_timer;
	int child_killed; /* 0, or the last signal sent on timeout */
	int exit_code;
};

static void schedd_check_idle(struct schedd *d);
static void schedd_arm(struct schedd *d);

/* ------------------------------------------------------------ CMDSCRIPT runs */

static void schedd_run_free(struct schedd_run_item *it)
{
	free(it->arg);
	free(it->ups);
	free(it->ntype);
	memset(it, 0, sizeof(*it));
}

static void schedd_child_timeout(struct ev_loop *loop, void *arg)
{
	struct schedd *d = arg;

	d->child_timer = 0;
	if (d->child <= 0)
		return;
	if (d->child_killed == 0) {
		log_warnx("CMDSCRIPT %s: still running after %d ms, stopping it", d->child_arg,
		          SCHEDD_RUN_TIMEOUT_MS);
		d->child_killed = SIGTERM;
		(void)kill(-d->child, SIGTERM);
		d->child_timer = ev_timer_add(loop, PROC_TERM_GRACE_MS, 0, schedd_child_timeout, d);
	} else {
		d->child_killed = SIGKILL;
		(void)kill(-d->child, SIGKILL);
	}
}

/* Starts the next queued run unless one is in flight. */
static void schedd_run_next(struct schedd *d)
{
	while (d->child == 0 && d->qlen > 0) {
		struct schedd_run_item it = d->queue[d->qhead];
		const char *argv[SCHED_CMD_MAX_ARGV];
		char store[SCHED_CMD_MAX_BYTES];
		char eups[SCHED_CMD_MAX_BYTES], etype[SCHED_CMD_MAX_BYTES], err[256];
		const char *env[3];
		struct proc_opts po;
		pid_t pid;

		d->qhead = (d->qhead + 1) % SCHEDD_MAX_PENDING_RUNS;
		d->qlen--;
		if (sched_build_argv(d->cmdscript, it.arg, store, sizeof(store), argv,
		                     SCHED_CMD_MAX_ARGV) < 0 ||
		    str_fmt(eups, sizeof(eups), "UPSNAME=%s", it.ups) < 0 ||
		    str_fmt(etype, sizeof(etype), "NOTIFYTYPE=%s", it.ntype) < 0) {
			log_warnx(
			    "CMDSCRIPT %s: command line too long (%d words, %d bytes at most)",
			    it.arg, SCHED_CMD_MAX_ARGV - 1, SCHED_CMD_MAX_BYTES);
			schedd_run_free(&it);
			continue;
		}
		env[0] = eups;
		env[1] = etype;
		env[2] = NULL;
		memset(&po, 0, sizeof(po));
		po.env_add = env;
		po.new_group = 1;
		log_info("timer %s: running %s", it.arg, argv[0]);
		if (proc_spawn(argv, &po, &pid, err, sizeof(err)) < 0) {
			log_warnx("CMDSCRIPT %s: %s", argv[0], err);
			schedd_run_free(&it);
			continue;
		}
		d->child = pid;
		d->child_killed = 0;
		(void)str_copy(d->child_arg, sizeof(d->child_arg), it.arg);
		d->child_timer =
		    ev_timer_add(d->loop, SCHEDD_RUN_TIMEOUT_MS, 0, schedd_child_timeout, d);
		schedd_run_free(&it);
	}
}

static void schedd_queue_run(struct schedd *d, const char *arg, const char *ups, const char *ntype)
{
	struct schedd_run_item *it;

	if (d->qlen >= SCHEDD_MAX_PENDING_RUNS) {
		log_warnx("CMDSCRIPT %s: %d runs already waiting, this one is dropped", arg,
		          SCHEDD_MAX_PENDING_RUNS);
		return;
	}
	it = &d->queue[(d->qhead + d->qlen) % SCHEDD_MAX_PENDING_RUNS];
	it->arg = strdup(arg);
	it->ups = strdup(ups);
	it->ntype = strdup(ntype);
	if (it->arg == NULL || it->ups == NULL || it->ntype == NULL) {
		log_warnx("CMDSCRIPT %s: out of memory, run dropped", arg);
		schedd_run_free(it);
		return;
	}
	d->qlen++;
	schedd_run_next(d);
}

static void schedd_sigchld(struct ev_loop *loop, int signo, void *arg)
{
	struct schedd *d = arg;
	struct proc_status st;
	char how[64];

	(void)loop;
	(void)signo;
	if (d->child <= 0)
		return;
	if (proc_wait(d->child, 0, 0, 0, &st) < 0) {
		if (errno != ECHILD)
			return;
		/* Not ours any more (cannot happen unless someone reaped it):
		 * do not wait for it forever. */
		st.how = PROC_EXITED;
		st.code = -1;
		st.timed_out = 0;
	} else if (st.how == PROC_RUNNING) {
		return;
	}
	(void)proc_status_str(&st, how, sizeof(how));
	if (st.how == PROC_EXITED && st.code == 0)
		log_debug(1, "CMDSCRIPT %s: done", d->child_arg);
	else
		log_warnx("CMDSCRIPT %s: %s", d->child_arg, how);
	d->child = 0;
	ev_timer_cancel(d->loop, d->child_timer);
	d->child_timer = 0;
	schedd_run_next(d);
	schedd_check_idle(d);
}

/* ------------------------------------------------------------ timers */

static void schedd_due(struct ev_loop *loop, void *arg)
{
	struct schedd *d = arg;
	struct sched_fired f;
	int rc;

	(void)loop;
	d->due_timer = 0;
	while ((rc = sched_pop_due(&d->timers, ev_now_ms(), &f)) != 0) {
		if (rc < 0) {
			log_warnx("timer: out of memory, a timer was dropped");
			continue;
		}
		log_info("timer %s: fired", f.name);
		schedd_queue_run(d, f.name, f.upsnames, f.ntypes);
		sched_fired_free(&f);
	}
	schedd_arm(d);
	schedd_check_idle(d);
}

static void schedd_arm(struct schedd *d)
{
	uint64_t due = sched_next_due(&d->timers), now = ev_now_ms();

	ev_timer_cancel(d->loop, d->due_timer);
	d->due_timer = 0;
	if (due == UINT64_MAX)
		return;
	d->due_timer = ev_timer_add(d->loop, due > now ? due - now : 0, 0, schedd_due, d);
	if (d->due_timer == 0)
		log_warn("timer: cannot arm");
}

/* ------------------------------------------------------------ exit */

static int schedd_busy(const struct schedd *d)
{
	return d->timers.n > 0 || d->child != 0 || d->qlen > 0 || d->nclients > 0;
}

static void schedd_shutdown(struct schedd *d)
{
	struct stat st;

	if (lstat(d->pipefn, &st) == 0 && S_ISSOCK(st.st_mode) && unlink(d->pipefn) < 0)
		log_warn("PIPEFN %s: unlink", d->pipefn);
	ev_io_del(d->loop, d->lfd);
	close(d->lfd);
	d->lfd = -1;
	ev_stop(d->loop);
}

static void schedd_idle(struct ev_loop *loop, void *arg)
{
	struct schedd *d = arg;
	struct pollfd pfd;
	int lk;

	d->idle_timer = 0;
	if (schedd_busy(d))
		return;
	/* Not sched_lock(): the loop must not wait; try now, again later. */
	lk = open(d->lockfn, O_RDWR | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (lk >= 0 && flock(lk, LOCK_EX | LOCK_NB) < 0) {
		close(lk);
		d->idle_timer = ev_timer_add(loop, SCHEDD_EXIT_RETRY_MS, 0, schedd_idle, d);
		return;
	}
	pfd.fd = d->lfd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) > 0) {
		/* Someone is knocking: serve it; the loop accepts it next. */
		sched_unlock(lk);
		return;
	}
	log_debug(1, "no timer left, exiting");
	schedd_shutdown(d);
	sched_unlock(lk);
}

static void schedd_check_idle(struct schedd *d)
{
	if (schedd_busy(d) || d->lfd < 0) {
		ev_timer_cancel(d->loop, d->idle_timer);
		d->idle_timer = 0;
		return;
	}
	if (d->idle_timer == 0)
		d->idle_timer = ev_timer_add(d->loop, SCHEDD_IDLE_EXIT_MS, 0, schedd_idle, d);
}

/* ------------------------------------------------------------ clients */

static void schedd_client_close(struct schedd_client *c)
{
	struct schedd *d = c->d;
	int i;

	for (i = 0; i < d->nclients; i++) {
		if (d->clients[i] == c) {
			d->clients[i] = d->clients[--d->nclients];
			break;
		}
	}
	ev_io_del(d->loop, c->fd);
	ev_timer_cancel(d->loop, c->idle);
	close(c->fd);
	proto_tok_free(&c->tok);
	free(c);
	schedd_check_idle(d);
}

static void schedd_client_idle(struct ev_loop *loop, void *arg)
{
	struct schedd_client *c = arg;

	(void)loop;
	c->idle = 0;
	log_debug(1, "client: silent for %d ms, dropped", SCHEDD_CLIENT_TIMEOUT_MS);
	schedd_client_close(c);
}

/* One short answer; a peer whose socket buffer is full is not reading: -1. */
static int schedd_reply(struct schedd_client *c, const char *line)
{
	size_t n = strlen(line);
	ssize_t w;

	do
		w = send(c->fd, line, n, MSG_NOSIGNAL | MSG_DONTWAIT);
	while (w < 0 && errno == EINTR);
	return w == (ssize_t)n ? 0 : -1;
}

/* Handles one request line. 0 to go on, -1 to drop the client. */
static int schedd_request(struct schedd_client *c)
{
	struct schedd *d = c->d;
	struct schedreq r;
	const char *err, *run_cmd;
	char ans[64];

	if (schedreq_decode(c->tok.argc, c->tok.argv, &r, &err) < 0) {
		log_warnx("client: bad request (%s), dropped", err);
		(void)str_fmt(ans, sizeof(ans), "ERR %s\n", err);
		(void)schedd_reply(c, ans);
		return -1;
	}
	if (sched_apply(&d->timers, &r, ev_now_ms(), &run_cmd, &err) < 0) {
		log_warnx("timer %s: %s", r.name, err);
		(void)str_fmt(ans, sizeof(ans), "ERR %s\n", err);
		return schedd_reply(c, ans);
	}
	switch (r.verb) {
	case SCHEDREQ_START:
	case SCHEDREQ_START_SHARED:
		log_debug(1, "timer %s: started for %s (%s), %ld s", r.name, r.ups, r.ntype,
		          r.delay_s);
		break;
	case SCHEDREQ_CANCEL:
	case SCHEDREQ_CANCEL_MATCHED:
		if (run_cmd != NULL)
			schedd_queue_run(d, run_cmd, r.ups, r.ntype);
		break;
	}
	schedd_arm(d);
	return schedd_reply(c, "OK\n");
}

static void schedd_client_read(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct schedd_client *c = arg;
	char chunk[SCHEDD_READ_CHUNK];
	ssize_t n;
	size_t off = 0, used;

	(void)events;
	n = read(fd, chunk, sizeof(chunk));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		schedd_client_close(c);
		return;
	}
	ev_timer_cancel(loop, c->idle);
	c->idle = ev_timer_add(loop, SCHEDD_CLIENT_TIMEOUT_MS, 0, schedd_client_idle, c);
	while (off < (size_t)n) {
		enum proto_result res = proto_feed(&c->tok, chunk + off, (size_t)n - off, &used);

		off += used;
		if (res == PROTO_MORE)
			break;
		if (res != PROTO_LINE) {
			log_warnx("client: %s, dropped", proto_strerror(res));
			(void)schedd_reply(c, "ERR INVALID-ARGUMENT\n");
			schedd_client_close(c);
			return;
		}
		if (schedd_request(c) < 0) {
			schedd_client_close(c);
			return;
		}
	}
}

static void schedd_accept(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct schedd *d = arg;
	struct sockaddr_storage ss;
	socklen_t sl;
	int cfd;

	(void)events;
	for (;;) {
		struct schedd_client *c;

		sl = sizeof(ss);
		cfd = net_accept(fd, &ss, &sl);
		if (cfd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR &&
			    errno != ECONNABORTED)
				log_warn("PIPEFN %s: accept", d->pipefn);
			break;
		}
		if (d->nclients >= SCHEDD_MAX_CLIENTS) {
			log_warnx("client: %d connections already, refused", SCHEDD_MAX_CLIENTS);
			close(cfd);
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (c == NULL ||
		    proto_tok_init(&c->tok, 0, SCHED_PROTO_MAX_LINE, SCHED_PROTO_MAX_ARGS) < 0) {
			free(c);
			close(cfd);
			continue;
		}
		c->d = d;
		c->fd = cfd;
		c->idle = ev_timer_add(loop, SCHEDD_CLIENT_TIMEOUT_MS, 0, schedd_client_idle, c);
		if (ev_io_add(loop, cfd, EV_READ, schedd_client_read, c) < 0) {
			ev_timer_cancel(loop, c->idle);
			proto_tok_free(&c->tok);
			free(c);
			close(cfd);
			continue;
		}
		d->clients[d->nclients++] = c;
	}
	schedd_check_idle(d);
}

static void schedd_term(struct ev_loop *loop, int signo, void *arg)
{
	struct schedd *d = arg;
	int lk;

	(void)loop;
	log_info("signal %d: exiting, %zu timer(s) dropped", signo, d->timers.n);
	if (d->lfd < 0)
		return;
	lk = sched_lock(d->lockfn);
	schedd_shutdown(d);
	sched_unlock(lk);
}

int schedd_run(int lfd, const char *cmdscript, const char *pipefn, const char *lockfn)
{
	struct schedd d;
	int i;

	memset(&d, 0, sizeof(d));
	d.lfd = lfd;
	d.cmdscript = cmdscript;
	d.pipefn = pipefn;
	d.lockfn = lockfn;
	d.loop = ev_loop_new(EV_BACKEND_DEFAULT);
	if (d.loop == NULL) {
		log_warn("event loop");
		return 1;
	}
	signal(SIGHUP, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	if (ev_io_add(d.loop, lfd, EV_READ, schedd_accept, &d) < 0 ||
	    ev_signal_add(d.loop, SIGCHLD, schedd_sigchld, &d) < 0 ||
	    ev_signal_add(d.loop, SIGTERM, schedd_term, &d) < 0 ||
	    ev_signal_add(d.loop, SIGINT, schedd_term, &d) < 0) {
		log_warn("event loop set-up");
		ev_loop_free(d.loop);
		return 1;
	}
	log_info("timer daemon started on %s", pipefn);
	schedd_check_idle(&d);
	if (ev_run(d.loop) < 0) {
		log_warn("event loop");
		d.exit_code = 1;
	}
	while (d.nclients > 0)
		schedd_client_close(d.clients[0]);
	if (d.child > 0) {
		struct proc_status st;

		/* A run in flight finishes (bounded) before the daemon is gone. */
		(void)proc_wait(d.child, SCHEDD_RUN_TIMEOUT_MS, 1, 1, &st);
	}
	for (i = 0; i < d.qlen; i++)
		schedd_run_free(&d.queue[(d.qhead + i) % SCHEDD_MAX_PENDING_RUNS]);
	sched_timers_free(&d.timers);
	if (d.lfd >= 0)
		close(d.lfd);
	ev_loop_free(d.loop);
	return d.exit_code;
}
