/* Unit tests for common/ev: every test runs once per backend (epoll, poll) on
 * real pipes and socketpairs, real signals (kill(getpid())) and the monotonic
 * clock.  Timing checks only assert lower bounds the code guarantees plus very
 * generous upper bounds, so a loaded machine cannot make them flaky. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "ev.h"

/* Upper bound for "this should happen soon": only hit when something is broken. */
#define SOON_MS 5000

static const enum ev_backend be_epoll = EV_BACKEND_EPOLL;
static const enum ev_backend be_poll = EV_BACKEND_POLL;

static struct ev_loop *new_loop(void **state)
{
	enum ev_backend be = *(const enum ev_backend *)*state;
	struct ev_loop *loop = ev_loop_new(be);

	assert_non_null(loop);
	return loop;
}

static void sleep_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static void make_pipe(int p[2])
{
	assert_int_equal(pipe2(p, O_NONBLOCK | O_CLOEXEC), 0);
}

/* ---- fd watches ---- */

struct io_rec {
	int calls;
	int fd;
	unsigned events;
};

static void rec_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct io_rec *r = arg;

	r->calls++;
	r->fd = fd;
	r->events = events;
}

static void test_backend_names(void **state)
{
	struct ev_loop *loop = new_loop(state);
	enum ev_backend be = *(const enum ev_backend *)*state;

	assert_string_equal(ev_backend_name(loop), be == EV_BACKEND_EPOLL ? "epoll" : "poll");
	ev_loop_free(loop);
	loop = ev_loop_new(EV_BACKEND_DEFAULT);
	assert_non_null(loop);
	assert_string_equal(ev_backend_name(loop), "epoll");
	ev_loop_free(loop);
}

static void test_io_read(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct io_rec r = {0};
	int p[2];

	make_pipe(p);
	assert_int_equal(ev_io_add(loop, p[0], EV_READ, rec_cb, &r), 0);
	/* Nothing to read: a short wait times out without a callback. */
	assert_int_equal(ev_run_once(loop, 20), 0);
	assert_int_equal(r.calls, 0);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.fd, p[0]);
	assert_int_equal(r.events, EV_READ);
	/* Level-triggered: not drained, so reported again. */
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.calls, 2);
	ev_io_del(loop, p[0]);
	assert_int_equal(ev_run_once(loop, 20), 0);
	assert_int_equal(r.calls, 2);
	close(p[0]);
	close(p[1]);
	ev_loop_free(loop);
}

static void test_io_write_and_mod(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct io_rec r = {0};
	int sv[2];

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
	assert_int_equal(ev_io_add(loop, sv[0], EV_WRITE, rec_cb, &r), 0);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.events, EV_WRITE);

	/* Readable and writable, but asking for nothing: no callback. */
	assert_int_equal(write(sv[1], "y", 1), 1);
	assert_int_equal(ev_io_mod(loop, sv[0], 0), 0);
	assert_int_equal(ev_run_once(loop, 20), 0);
	assert_int_equal(r.calls, 1);

	assert_int_equal(ev_io_mod(loop, sv[0], EV_READ), 0);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.calls, 2);
	assert_int_equal(r.events, EV_READ);

	assert_int_equal(ev_io_mod(loop, sv[0], EV_READ | EV_WRITE), 0);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.calls, 3);
	assert_int_equal(r.events, EV_READ | EV_WRITE);

	close(sv[0]);
	close(sv[1]);
	ev_loop_free(loop);
}

static void test_io_errors(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct io_rec r = {0};
	int p[2];

	make_pipe(p);
	assert_int_equal(ev_io_add(loop, -1, EV_READ, rec_cb, &r), -1);
	assert_int_equal(ev_io_add(loop, p[0], EV_READ, rec_cb, &r), 0);
	errno = 0;
	assert_int_equal(ev_io_add(loop, p[0], EV_READ, rec_cb, &r), -1);
	assert_int_equal(errno, EEXIST);
	assert_int_equal(ev_io_mod(loop, p[1], EV_READ), -1);
	ev_io_del(loop, p[1]);    /* unknown: ignored */
	ev_io_del(loop, 1000000); /* out of table: ignored */
	ev_io_del(loop, p[0]);
	ev_io_del(loop, p[0]); /* twice: ignored */
	/* Re-adding after a delete works. */
	assert_int_equal(ev_io_add(loop, p[0], EV_READ, rec_cb, &r), 0);
	close(p[0]);
	close(p[1]);
	ev_io_del(loop, p[0]); /* after close: still cleaned up */
	ev_loop_free(loop);
}

static void test_io_hangup(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct io_rec r = {0};
	char c;
	int p[2], sv[2];

	/* Pipe whose writer went away: reported as an error plus readable, and
	 * the read sees EOF. */
	make_pipe(p);
	close(p[1]);
	assert_int_equal(ev_io_add(loop, p[0], EV_READ, rec_cb, &r), 0);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.calls, 1);
	assert_true(r.events & EV_READ);
	assert_true(r.events & EV_ERROR);
	assert_int_equal(read(p[0], &c, 1), 0);
	ev_io_del(loop, p[0]);
	close(p[0]);

	/* Socket peer closed: readable (EOF). */
	memset(&r, 0, sizeof(r));
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, sv), 0);
	close(sv[1]);
	assert_int_equal(ev_io_add(loop, sv[0], EV_READ, rec_cb, &r), 0);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.calls, 1);
	assert_true(r.events & EV_READ);
	assert_int_equal(read(sv[0], &c, 1), 0);
	ev_io_del(loop, sv[0]);
	close(sv[0]);
	ev_loop_free(loop);
}

/* Regular files are always readable/writable for poll(); epoll refuses them,
 * and the loop must still treat them the same way on both backends. */
static void test_io_regular_file(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct io_rec r = {0};
	char path[] = "/tmp/test_ev.XXXXXX";
	uint64_t t0;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	unlink(path);
	assert_int_equal(ev_io_add(loop, fd, EV_READ, rec_cb, &r), 0);
	t0 = ev_now_ms();
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_true(ev_now_ms() - t0 < SOON_MS); /* did not sleep */
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.events, EV_READ);
	assert_int_equal(ev_io_mod(loop, fd, EV_WRITE), 0);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.calls, 2);
	assert_int_equal(r.events, EV_WRITE);
	/* Asking for nothing: no callback, and the wait is a real wait. */
	assert_int_equal(ev_io_mod(loop, fd, 0), 0);
	assert_int_equal(ev_run_once(loop, 20), 0);
	assert_int_equal(r.calls, 2);
	ev_io_del(loop, fd);
	assert_int_equal(ev_run_once(loop, 20), 0);
	assert_int_equal(r.calls, 2);
	close(fd);
	ev_loop_free(loop);
}

/* Deleting and closing the fd being dispatched, from its own callback. */
static void del_self_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	int *calls = arg;

	(*calls)++;
	ev_io_del(loop, fd);
	close(fd);
}

static void test_io_del_self(void **state)
{
	struct ev_loop *loop = new_loop(state);
	int calls = 0, p[2];

	make_pipe(p);
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(ev_io_add(loop, p[0], EV_READ, del_self_cb, &calls), 0);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(calls, 1);
	assert_int_equal(ev_run_once(loop, 20), 0);
	assert_int_equal(calls, 1);
	close(p[1]);
	ev_loop_free(loop);
}

/* Two ready fds; whichever is dispatched first deletes the other, then (in
 * the reuse variant) puts a fresh, empty pipe on the other's fd number. The
 * stale readiness must reach neither the old nor the new watch. */
struct pair_ctx {
	int fd[2];
	int calls[2];
	int reuse;
	int fresh[2];
	int fresh_calls;
};

static void fresh_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct pair_ctx *c = arg;

	c->fresh_calls++;
}

static void pair_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct pair_ctx *c = arg;
	int me = fd == c->fd[0] ? 0 : 1;
	int other = c->fd[1 - me];

	c->calls[me]++;
	if (other < 0)
		return;
	ev_io_del(loop, other);
	close(other);
	c->fd[1 - me] = -1;
	if (c->reuse) {
		make_pipe(c->fresh);
		/* Usually the lowest free number already is the old one. */
		if (c->fresh[0] != other) {
			assert_int_equal(dup3(c->fresh[0], other, O_CLOEXEC), other);
			close(c->fresh[0]);
			c->fresh[0] = other;
		}
		assert_int_equal(ev_io_add(loop, other, EV_READ, fresh_cb, c), 0);
	}
}

static void run_pair(void **state, int reuse)
{
	struct ev_loop *loop = new_loop(state);
	struct pair_ctx c = {.reuse = reuse, .fresh = {-1, -1}};
	int p[2], q[2];

	make_pipe(p);
	make_pipe(q);
	c.fd[0] = p[0];
	c.fd[1] = q[0];
	assert_int_equal(write(p[1], "x", 1), 1);
	assert_int_equal(write(q[1], "x", 1), 1);
	assert_int_equal(ev_io_add(loop, p[0], EV_READ, pair_cb, &c), 0);
	assert_int_equal(ev_io_add(loop, q[0], EV_READ, pair_cb, &c), 0);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(c.calls[0] + c.calls[1], 1);
	assert_int_equal(c.fresh_calls, 0);
	if (reuse) {
		/* The new watch does work once its own pipe has data. */
		assert_int_equal(write(c.fresh[1], "z", 1), 1);
		assert_int_equal(ev_run_once(loop, SOON_MS), 0);
		assert_int_equal(c.fresh_calls, 1);
		ev_io_del(loop, c.fresh[0]);
		close(c.fresh[0]);
		close(c.fresh[1]);
	}
	for (int i = 0; i < 2; i++) {
		if (c.fd[i] >= 0) {
			ev_io_del(loop, c.fd[i]);
			close(c.fd[i]);
		}
	}
	close(p[1]);
	close(q[1]);
	ev_loop_free(loop);
}

static void test_io_del_other(void **state)
{
	run_pair(state, 0);
}

static void test_io_fd_reuse(void **state)
{
	run_pair(state, 1);
}

/* ---- timers ---- */

struct tm_rec {
	int calls;
	uint64_t at_ms;
};

static void tm_cb(struct ev_loop *loop, void *arg)
{
	struct tm_rec *r = arg;

	r->calls++;
	r->at_ms = ev_now_ms();
}

static void test_timer_oneshot(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct tm_rec r = {0};
	uint64_t t0 = ev_now_ms();
	ev_timer_id id;

	id = ev_timer_add(loop, 50, 0, tm_cb, &r);
	assert_true(id != 0);
	assert_int_equal(ev_run(loop), 0); /* returns when nothing is left */
	assert_int_equal(r.calls, 1);
	assert_true(r.at_ms - t0 >= 50);
	assert_true(r.at_ms - t0 < SOON_MS);
	ev_timer_cancel(loop, id); /* already fired: ignored */
	ev_timer_cancel(loop, 0);
	ev_timer_cancel(loop, 0xdeadbeefcafeULL);
	ev_loop_free(loop);
}

struct order_ctx {
	int order[8];
	int n;
};

static struct order_ctx *order_target;

static void order_cb(struct ev_loop *loop, void *arg)
{
	order_target->order[order_target->n++] = (int)(intptr_t)arg;
}

static void test_timer_order(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct order_ctx o = {{0}, 0};

	order_target = &o;
	assert_true(ev_timer_add(loop, 30, 0, order_cb, (void *)3) != 0);
	assert_true(ev_timer_add(loop, 10, 0, order_cb, (void *)1) != 0);
	assert_true(ev_timer_add(loop, 20, 0, order_cb, (void *)2) != 0);
	/* Equal deadlines fire in the order they were added. */
	assert_true(ev_timer_add(loop, 40, 0, order_cb, (void *)4) != 0);
	assert_true(ev_timer_add(loop, 40, 0, order_cb, (void *)5) != 0);
	assert_int_equal(ev_run(loop), 0);
	assert_int_equal(o.n, 5);
	for (int i = 0; i < 3; i++)
		assert_int_equal(o.order[i], i + 1);
	/* 4 and 5 may have different ms deadlines, but 4's is never later. */
	assert_int_equal(o.order[3], 4);
	assert_int_equal(o.order[4], 5);
	ev_loop_free(loop);
}

struct repeat_ctx {
	int calls;
	ev_timer_id id;
	uint64_t first, last;
};

static void repeat_cb(struct ev_loop *loop, void *arg)
{
	struct repeat_ctx *c = arg;

	if (c->calls++ == 0)
		c->first = ev_now_ms();
	c->last = ev_now_ms();
	if (c->calls == 5)
		ev_timer_cancel(loop, c->id); /* cancelling the timer being fired */
}

static void test_timer_repeat_cancel_self(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct repeat_ctx c = {0};
	struct tm_rec guard = {0};
	uint64_t t0 = ev_now_ms();

	c.id = ev_timer_add(loop, 5, 10, repeat_cb, &c);
	assert_true(c.id != 0);
	/* A later one-shot proves the repeat really stopped at 5. */
	assert_true(ev_timer_add(loop, 150, 0, tm_cb, &guard) != 0);
	assert_int_equal(ev_run(loop), 0);
	assert_int_equal(c.calls, 5);
	assert_int_equal(guard.calls, 1);
	/* Deadlines advance a full period per firing, whatever the lateness. */
	assert_true(c.last - t0 >= 5 + 4 * 10);
	ev_loop_free(loop);
}

struct cancel_ctx {
	ev_timer_id victim;
	int calls;
};

static void canceller_cb(struct ev_loop *loop, void *arg)
{
	struct cancel_ctx *c = arg;

	c->calls++;
	ev_timer_cancel(loop, c->victim);
}

static void test_timer_cancel_other_same_round(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct cancel_ctx c = {0};
	struct tm_rec victim = {0};

	assert_true(ev_timer_add(loop, 5, 0, canceller_cb, &c) != 0);
	c.victim = ev_timer_add(loop, 5, 0, tm_cb, &victim);
	assert_true(c.victim != 0);
	sleep_ms(30); /* both are due when the round starts */
	assert_int_equal(ev_run_once(loop, 0), 0);
	assert_int_equal(c.calls, 1);
	assert_int_equal(victim.calls, 0);
	assert_int_equal(ev_run(loop), 0);
	assert_int_equal(victim.calls, 0);
	ev_loop_free(loop);
}

static void test_timer_stale_id(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct tm_rec r1 = {0}, r2 = {0};
	ev_timer_id a, b;

	a = ev_timer_add(loop, 10, 0, tm_cb, &r1);
	ev_timer_cancel(loop, a);
	b = ev_timer_add(loop, 10, 0, tm_cb, &r2); /* likely reuses a's slot */
	assert_true(a != b);
	ev_timer_cancel(loop, a); /* stale: must not hit b */
	assert_int_equal(ev_run(loop), 0);
	assert_int_equal(r1.calls, 0);
	assert_int_equal(r2.calls, 1);
	ev_loop_free(loop);
}

static void readd_cb(struct ev_loop *loop, void *arg)
{
	int *calls = arg;

	(*calls)++;
	assert_true(ev_timer_add(loop, 0, 0, readd_cb, arg) != 0);
}

static void test_timer_add_in_callback(void **state)
{
	struct ev_loop *loop = new_loop(state);
	int calls = 0;

	assert_true(ev_timer_add(loop, 0, 0, readd_cb, &calls) != 0);
	/* A zero-delay timer added while firing waits for the next round. */
	for (int i = 1; i <= 3; i++) {
		assert_int_equal(ev_run_once(loop, 0), 0);
		assert_int_equal(calls, i);
	}
	ev_loop_free(loop);
}

#define MANY_TIMERS 10000

struct many_ctx {
	int fired;
	uint64_t max_lo; /* highest earliest-possible deadline fired so far */
	int out_of_order;
};

/* The loop samples the clock itself, so each deadline is only known to lie in
 * [lo, hi]: the clock read just before and just after ev_timer_add. */
struct many_timer {
	struct many_ctx *ctx;
	uint64_t lo, hi;
};

static void many_cb(struct ev_loop *loop, void *arg)
{
	struct many_timer *t = arg;

	t->ctx->fired++;
	/* Fired after a timer whose deadline is surely later than ours could be. */
	if (t->hi < t->ctx->max_lo)
		t->ctx->out_of_order++;
	if (t->lo > t->ctx->max_lo)
		t->ctx->max_lo = t->lo;
}

static void test_timer_many(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct many_ctx ctx = {0};
	struct many_timer *t = calloc(MANY_TIMERS, sizeof(*t));
	ev_timer_id *ids = calloc(MANY_TIMERS, sizeof(*ids));

	assert_non_null(t);
	assert_non_null(ids);
	srand(42);
	for (int i = 0; i < MANY_TIMERS; i++) {
		uint64_t d = (uint64_t)(rand() % 60);

		t[i].ctx = &ctx;
		t[i].lo = ev_now_ms() + d;
		ids[i] = ev_timer_add(loop, d, 0, many_cb, &t[i]);
		t[i].hi = ev_now_ms() + d;
		assert_true(ids[i] != 0);
	}
	for (int i = 0; i < MANY_TIMERS; i += 2)
		ev_timer_cancel(loop, ids[i]);
	assert_int_equal(ev_run(loop), 0);
	free(ids);
	assert_int_equal(ctx.fired, MANY_TIMERS / 2);
	assert_int_equal(ctx.out_of_order, 0);
	free(t);
	ev_loop_free(loop);
}

/* ---- signals ---- */

struct sig_rec {
	int usr1, usr2, last;
};

static void sig_cb(struct ev_loop *loop, int signo, void *arg)
{
	struct sig_rec *r = arg;

	r->last = signo;
	if (signo == SIGUSR1)
		r->usr1++;
	else if (signo == SIGUSR2)
		r->usr2++;
}

static void test_signals(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct sig_rec r = {0};
	struct sigaction sa;
	uint64_t t0;

	assert_int_equal(ev_signal_add(loop, SIGUSR1, sig_cb, &r), 0);
	assert_int_equal(ev_signal_add(loop, SIGUSR2, sig_cb, &r), 0);
	assert_int_equal(ev_signal_add(loop, 0, sig_cb, &r), -1);
	assert_int_equal(ev_signal_add(loop, 1000, sig_cb, &r), -1);

	assert_int_equal(kill(getpid(), SIGUSR1), 0);
	t0 = ev_now_ms();
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_true(ev_now_ms() - t0 < SOON_MS); /* woken by the signal, not the timeout */
	assert_int_equal(r.usr1, 1);
	assert_int_equal(r.last, SIGUSR1);

	assert_int_equal(kill(getpid(), SIGUSR1), 0);
	assert_int_equal(kill(getpid(), SIGUSR2), 0);
	for (int i = 0; i < 10 && (r.usr1 < 2 || r.usr2 < 1); i++)
		assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.usr1, 2);
	assert_int_equal(r.usr2, 1);

	/* Freeing the loop puts the previous dispositions back. */
	ev_loop_free(loop);
	assert_int_equal(sigaction(SIGUSR1, NULL, &sa), 0);
	assert_true(sa.sa_handler == SIG_DFL);
}

/* A signal arriving while the loop blocks wakes it up. */
static void test_signal_wakes_wait(void **state)
{
	struct ev_loop *loop = new_loop(state);
	struct sig_rec r = {0};
	pid_t parent = getpid(), child;
	uint64_t t0;
	int st;

	assert_int_equal(ev_signal_add(loop, SIGUSR2, sig_cb, &r), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		sleep_ms(100);
		kill(parent, SIGUSR2);
		_exit(0);
	}
	t0 = ev_now_ms();
	while (r.usr2 == 0 && ev_now_ms() - t0 < SOON_MS)
		assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(r.usr2, 1);
	assert_true(ev_now_ms() - t0 < SOON_MS);
	assert_int_equal(waitpid(child, &st, 0), child);
	ev_loop_free(loop);
}

/* ---- running and stopping ---- */

static void stop_cb(struct ev_loop *loop, void *arg)
{
	int *calls = arg;

	if (++(*calls) == 3)
		ev_stop(loop);
}

static void test_run_stop(void **state)
{
	struct ev_loop *loop = new_loop(state);
	int calls = 0, p[2];
	struct io_rec r = {0};

	/* An idle watch keeps ev_run from returning on its own. */
	make_pipe(p);
	assert_int_equal(ev_io_add(loop, p[0], EV_READ, rec_cb, &r), 0);
	assert_true(ev_timer_add(loop, 1, 1, stop_cb, &calls) != 0);
	assert_int_equal(ev_run(loop), 0);
	assert_int_equal(calls, 3);
	ev_io_del(loop, p[0]);
	close(p[0]);
	close(p[1]);
	ev_loop_free(loop);

	/* Nothing to wait for: returns at once. */
	loop = new_loop(state);
	assert_int_equal(ev_run(loop), 0);
	ev_loop_free(loop);
}

/* ---- scale: thousands of fds, every ready one reported in one round ---- */

#define SCALE_PAIRS 5000

struct scale_ctx {
	int calls;
	int del;
};

static void scale_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct scale_ctx *c = arg;
	char buf[8];

	c->calls++;
	if (read(fd, buf, sizeof(buf)) < 0)
		fail_msg("read fd %d: %s", fd, strerror(errno));
	if (c->del)
		ev_io_del(loop, fd);
}

static void test_scale(void **state)
{
	struct ev_loop *loop;
	struct scale_ctx c = {0};
	struct rlimit rl;
	int(*sv)[2];
	uint64_t t0;
	int i;

	assert_int_equal(getrlimit(RLIMIT_NOFILE, &rl), 0);
	if (rl.rlim_cur < 2 * SCALE_PAIRS + 100) {
		if (rl.rlim_max != RLIM_INFINITY && rl.rlim_max < 2 * SCALE_PAIRS + 100)
			skip();
		rl.rlim_cur = 2 * SCALE_PAIRS + 100;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &rl), 0);
	}
	loop = new_loop(state);
	sv = calloc(SCALE_PAIRS, sizeof(*sv));
	assert_non_null(sv);
	for (i = 0; i < SCALE_PAIRS; i++) {
		assert_int_equal(
		    socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sv[i]), 0);
		assert_int_equal(ev_io_add(loop, sv[i][0], EV_READ, scale_cb, &c), 0);
	}
	/* A few ready among thousands. */
	for (i = 0; i < SCALE_PAIRS; i += 97)
		assert_int_equal(write(sv[i][1], "x", 1), 1);
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(c.calls, (SCALE_PAIRS + 96) / 97);

	/* All ready at once: one round reports every one of them, and each
	 * callback deletes its own watch. */
	c.calls = 0;
	c.del = 1;
	for (i = 0; i < SCALE_PAIRS; i++)
		assert_int_equal(write(sv[i][1], "x", 1), 1);
	t0 = ev_now_ms();
	assert_int_equal(ev_run_once(loop, SOON_MS), 0);
	assert_int_equal(c.calls, SCALE_PAIRS);
	assert_true(ev_now_ms() - t0 < SOON_MS);
	assert_int_equal(ev_run_once(loop, 0), 0);
	assert_int_equal(c.calls, SCALE_PAIRS);
	for (i = 0; i < SCALE_PAIRS; i++) {
		close(sv[i][0]);
		close(sv[i][1]);
	}
	free(sv);
	ev_loop_free(loop);
}

static void test_now_monotonic(void **state)
{
	uint64_t a = ev_now_ms(), b;

	sleep_ms(20);
	b = ev_now_ms();
	assert_true(b >= a + 20);
	assert_true(b - a < SOON_MS);
}

/* Each test twice, named after the backend it runs on. */
#define BOTH(fn)                                                                                   \
	{.name = "epoll_" #fn, .test_func = fn, .initial_state = (void *)&be_epoll},               \
	{                                                                                          \
		.name = "poll_" #fn, .test_func = fn, .initial_state = (void *)&be_poll            \
	}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    BOTH(test_backend_names),
	    BOTH(test_io_read),
	    BOTH(test_io_write_and_mod),
	    BOTH(test_io_errors),
	    BOTH(test_io_hangup),
	    BOTH(test_io_regular_file),
	    BOTH(test_io_del_self),
	    BOTH(test_io_del_other),
	    BOTH(test_io_fd_reuse),
	    BOTH(test_timer_oneshot),
	    BOTH(test_timer_order),
	    BOTH(test_timer_repeat_cancel_self),
	    BOTH(test_timer_cancel_other_same_round),
	    BOTH(test_timer_stale_id),
	    BOTH(test_timer_add_in_callback),
	    BOTH(test_timer_many),
	    BOTH(test_signals),
	    BOTH(test_signal_wakes_wait),
	    BOTH(test_run_stop),
	    BOTH(test_scale),
	    cmocka_unit_test(test_now_monotonic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
