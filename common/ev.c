/* ev: the generic half of the event loop (see include/ev.h): the fd table,
 * the timer heap, signal delivery through a self-pipe and dispatch.  The
 * readiness mechanism is a backend (ev_backend.h).
 *
 * Dispatch safety, the reason for most of the bookkeeping below:
 * - ready fds are collected first, then dispatched; an entry deleted by an
 *   earlier callback in the same round is skipped, and an fd number reused by
 *   ev_io_add during the round gets no stale event (the readiness was measured
 *   for the old file);
 * - expired timers are collected first, then fired one by one, each checked
 *   against its id again, so a callback may cancel any timer, itself included,
 *   and timers added while firing wait for the next round (no livelock).
 * ev_stop() takes effect once the current round is finished (ae-style).
 * Loops are not reentrant: do not call ev_run_once() from a callback. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"
#include "ev_backend.h"

/* Ready array floor; it grows with the number of watches so one wait can
 * report every ready fd. */
#define EV_READY_MIN 64
#define EV_SIG_MAX   65 /* signal numbers 1..64 (Linux NSIG) */

struct ev_io {
	ev_io_cb cb;
	void *arg;
	unsigned events;
	unsigned char active;
	unsigned char kicked; /* ev_io_kick() asked for a call next round */
	uint64_t added_round; /* round in which this watch was (re)added */
	uint64_t done_round;  /* last round its callback was called in */
};

enum ev_timer_state { EV_TIMER_FREE, EV_TIMER_ARMED, EV_TIMER_FIRING };

struct ev_timer {
	uint64_t due_ms;
	uint64_t repeat_ms;
	uint64_t seq; /* insertion order: equal due times fire first-in first-out */
	ev_timer_cb cb;
	void *arg;
	uint32_t gen; /* bumped on every free, so stale ids miss */
	int state;
	int heap_idx;  /* position in heap, -1 when not armed */
	int next_free; /* free-list link */
};

struct ev_sig {
	ev_signal_cb cb;
	void *arg;
	int installed;
	struct sigaction old;
};

struct ev_loop {
	const struct ev_backend_ops *be;
	void *bst;

	struct ev_io *io; /* indexed by fd */
	int io_cap;
	int io_count;
	struct ev_ready *ready;
	int ready_cap;
	uint64_t round;
	int *kick; /* fds kicked, in order; may hold stale or repeated entries */
	int kick_len;
	int kick_cap;

	struct ev_timer *tm; /* slab; ids are (gen << 32) | (slot + 1) */
	int tm_cap;
	int tm_free;
	int *heap; /* slot numbers, min-heap on (due_ms, seq) */
	int heap_len;
	uint64_t tm_seq;
	ev_timer_id *firing;
	int firing_cap;

	int sig_pipe[2];
	struct ev_sig sig[EV_SIG_MAX];

	int stop;
};

/* Signal handlers are process-wide, so these are too: the write end of the
 * pipe of the loop that owns signals, and one pending flag per signal. */
static volatile sig_atomic_t ev_sig_wfd = -1;
static volatile sig_atomic_t ev_sig_pending[EV_SIG_MAX];

uint64_t ev_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000u + (uint64_t)ts.tv_nsec / 1000000u;
}

struct ev_loop *ev_loop_new(enum ev_backend backend)
{
	const struct ev_backend_ops *be = NULL;
	struct ev_loop *loop;

	switch (backend) {
	case EV_BACKEND_DEFAULT:
#ifdef HAVE_SYS_EPOLL_H
		be = &ev_backend_epoll_ops;
#else
		be = &ev_backend_poll_ops;
#endif
		break;
	case EV_BACKEND_EPOLL:
#ifdef HAVE_SYS_EPOLL_H
		be = &ev_backend_epoll_ops;
#endif
		break;
	case EV_BACKEND_POLL:
		be = &ev_backend_poll_ops;
		break;
	}
	if (be == NULL) {
		errno = ENOSYS;
		return NULL;
	}
	loop = calloc(1, sizeof(*loop));
	if (loop == NULL)
		return NULL;
	loop->be = be;
	loop->tm_free = -1;
	loop->sig_pipe[0] = loop->sig_pipe[1] = -1;
	loop->bst = be->create();
	if (loop->bst == NULL) {
		int e = errno;

		free(loop);
		errno = e;
		return NULL;
	}
	return loop;
}

void ev_loop_free(struct ev_loop *loop)
{
	int i;

	if (loop == NULL)
		return;
	for (i = 1; i < EV_SIG_MAX; i++) {
		if (loop->sig[i].installed)
			sigaction(i, &loop->sig[i].old, NULL);
	}
	if (loop->sig_pipe[1] >= 0 && ev_sig_wfd == loop->sig_pipe[1])
		ev_sig_wfd = -1;
	for (i = 0; i < 2; i++) {
		if (loop->sig_pipe[i] >= 0)
			close(loop->sig_pipe[i]);
	}
	loop->be->destroy(loop->bst);
	free(loop->io);
	free(loop->ready);
	free(loop->kick);
	free(loop->tm);
	free(loop->heap);
	free(loop->firing);
	free(loop);
}

const char *ev_backend_name(const struct ev_loop *loop)
{
	return loop->be->name;
}

/* ---- fd watches ---- */

static int ev_io_grow(struct ev_loop *loop, int fd)
{
	int ncap = loop->io_cap > 0 ? loop->io_cap : 64;
	struct ev_io *p;

	while (ncap <= fd) {
		if (ncap > INT_MAX / 2) {
			errno = EBADF;
			return -1;
		}
		ncap *= 2;
	}
	p = realloc(loop->io, (size_t)ncap * sizeof(*p));
	if (p == NULL)
		return -1;
	memset(p + loop->io_cap, 0, (size_t)(ncap - loop->io_cap) * sizeof(*p));
	loop->io = p;
	loop->io_cap = ncap;
	return 0;
}

int ev_io_add(struct ev_loop *loop, int fd, unsigned events, ev_io_cb cb, void *arg)
{
	struct ev_io *w;

	if (fd < 0 || cb == NULL) {
		errno = fd < 0 ? EBADF : EINVAL;
		return -1;
	}
	if (fd >= loop->io_cap && ev_io_grow(loop, fd) < 0)
		return -1;
	w = &loop->io[fd];
	if (w->active) {
		errno = EEXIST;
		return -1;
	}
	events &= EV_READ | EV_WRITE;
	if (loop->be->add(loop->bst, fd, events) < 0)
		return -1;
	w->cb = cb;
	w->arg = arg;
	w->events = events;
	w->active = 1;
	w->added_round = loop->round;
	loop->io_count++;
	return 0;
}

int ev_io_mod(struct ev_loop *loop, int fd, unsigned events)
{
	struct ev_io *w;

	if (fd < 0 || fd >= loop->io_cap || !loop->io[fd].active) {
		errno = ENOENT;
		return -1;
	}
	w = &loop->io[fd];
	events &= EV_READ | EV_WRITE;
	if (events == w->events)
		return 0;
	if (loop->be->mod(loop->bst, fd, events) < 0)
		return -1;
	w->events = events;
	return 0;
}

int ev_io_kick(struct ev_loop *loop, int fd)
{
	struct ev_io *w;

	if (fd < 0 || fd >= loop->io_cap || !loop->io[fd].active) {
		errno = ENOENT;
		return -1;
	}
	w = &loop->io[fd];
	if (w->kicked)
		return 0;
	if (loop->kick_len == loop->kick_cap) {
		int ncap = loop->kick_cap > 0 ? loop->kick_cap * 2 : 16;
		int *k;

		if (loop->kick_cap > INT_MAX / 4) {
			errno = ENOMEM;
			return -1;
		}
		k = realloc(loop->kick, (size_t)ncap * sizeof(*k));
		if (k == NULL)
			return -1;
		loop->kick = k;
		loop->kick_cap = ncap;
	}
	loop->kick[loop->kick_len++] = fd;
	w->kicked = 1;
	return 0;
}

void ev_io_del(struct ev_loop *loop, int fd)
{
	struct ev_io *w;

	if (fd < 0 || fd >= loop->io_cap || !loop->io[fd].active)
		return;
	w = &loop->io[fd];
	loop->be->del(loop->bst, fd);
	memset(w, 0, sizeof(*w));
	loop->io_count--;
}

/* ---- timers: binary min-heap of slab slots ---- */

static int ev_tm_less(const struct ev_loop *loop, int a, int b)
{
	const struct ev_timer *ta = &loop->tm[a], *tb = &loop->tm[b];

	if (ta->due_ms != tb->due_ms)
		return ta->due_ms < tb->due_ms;
	return ta->seq < tb->seq;
}

static void ev_heap_set(struct ev_loop *loop, int pos, int slot)
{
	loop->heap[pos] = slot;
	loop->tm[slot].heap_idx = pos;
}

static void ev_heap_up(struct ev_loop *loop, int pos)
{
	int slot = loop->heap[pos];

	while (pos > 0) {
		int parent = (pos - 1) / 2;

		if (!ev_tm_less(loop, slot, loop->heap[parent]))
			break;
		ev_heap_set(loop, pos, loop->heap[parent]);
		pos = parent;
	}
	ev_heap_set(loop, pos, slot);
}

static void ev_heap_down(struct ev_loop *loop, int pos)
{
	int slot = loop->heap[pos];

	for (;;) {
		int c = 2 * pos + 1;

		if (c >= loop->heap_len)
			break;
		if (c + 1 < loop->heap_len && ev_tm_less(loop, loop->heap[c + 1], loop->heap[c]))
			c++;
		if (!ev_tm_less(loop, loop->heap[c], slot))
			break;
		ev_heap_set(loop, pos, loop->heap[c]);
		pos = c;
	}
	ev_heap_set(loop, pos, slot);
}

/* The heap array has room for every slot (grown with the slab). */
static void ev_heap_push(struct ev_loop *loop, int slot)
{
	loop->heap[loop->heap_len] = slot;
	loop->tm[slot].heap_idx = loop->heap_len;
	loop->heap_len++;
	ev_heap_up(loop, loop->heap_len - 1);
}

static void ev_heap_remove(struct ev_loop *loop, int slot)
{
	int pos = loop->tm[slot].heap_idx;
	int last;

	loop->tm[slot].heap_idx = -1;
	loop->heap_len--;
	if (pos == loop->heap_len)
		return;
	last = loop->heap[loop->heap_len];
	ev_heap_set(loop, pos, last);
	if (pos > 0 && ev_tm_less(loop, last, loop->heap[(pos - 1) / 2]))
		ev_heap_up(loop, pos);
	else
		ev_heap_down(loop, pos);
}

static int ev_tm_grow(struct ev_loop *loop)
{
	int ncap = loop->tm_cap > 0 ? loop->tm_cap * 2 : 16;
	struct ev_timer *t;
	int *h;
	int i;

	if (loop->tm_cap > INT_MAX / 4) {
		errno = ENOMEM;
		return -1;
	}
	t = realloc(loop->tm, (size_t)ncap * sizeof(*t));
	if (t == NULL)
		return -1;
	loop->tm = t;
	h = realloc(loop->heap, (size_t)ncap * sizeof(*h));
	if (h == NULL)
		return -1; /* tm grew, tm_cap did not: harmless */
	loop->heap = h;
	for (i = ncap - 1; i >= loop->tm_cap; i--) {
		memset(&t[i], 0, sizeof(t[i]));
		t[i].gen = 1;
		t[i].heap_idx = -1;
		t[i].next_free = loop->tm_free;
		loop->tm_free = i;
	}
	loop->tm_cap = ncap;
	return 0;
}

static void ev_tm_release(struct ev_loop *loop, int slot)
{
	struct ev_timer *t = &loop->tm[slot];

	t->state = EV_TIMER_FREE;
	t->cb = NULL;
	t->arg = NULL;
	t->gen++;
	if (t->gen == 0)
		t->gen = 1;
	t->next_free = loop->tm_free;
	loop->tm_free = slot;
}

/* Slot for id, or -1 when the id is stale or was never issued. */
static int ev_tm_lookup(const struct ev_loop *loop, ev_timer_id id)
{
	uint64_t low = id & 0xffffffffu;
	int slot;

	if (low == 0 || low > (uint64_t)loop->tm_cap)
		return -1;
	slot = (int)(low - 1);
	if (loop->tm[slot].state == EV_TIMER_FREE || loop->tm[slot].gen != (uint32_t)(id >> 32))
		return -1;
	return slot;
}

ev_timer_id ev_timer_add(struct ev_loop *loop, uint64_t delay_ms, uint64_t repeat_ms,
                         ev_timer_cb cb, void *arg)
{
	struct ev_timer *t;
	int slot;

	if (cb == NULL) {
		errno = EINVAL;
		return 0;
	}
	if (loop->tm_free < 0 && ev_tm_grow(loop) < 0)
		return 0;
	slot = loop->tm_free;
	t = &loop->tm[slot];
	loop->tm_free = t->next_free;
	t->due_ms = ev_now_ms() + delay_ms;
	if (t->due_ms < delay_ms) /* absurd delay: saturate rather than wrap */
		t->due_ms = UINT64_MAX;
	t->repeat_ms = repeat_ms;
	t->seq = loop->tm_seq++;
	t->cb = cb;
	t->arg = arg;
	t->state = EV_TIMER_ARMED;
	ev_heap_push(loop, slot);
	return ((uint64_t)t->gen << 32) | (uint64_t)(slot + 1);
}

void ev_timer_cancel(struct ev_loop *loop, ev_timer_id id)
{
	int slot = ev_tm_lookup(loop, id);

	if (slot < 0)
		return;
	if (loop->tm[slot].heap_idx >= 0)
		ev_heap_remove(loop, slot);
	ev_tm_release(loop, slot);
}

/* Milliseconds until the first timer is due, capped to [0, INT_MAX];
 * -1 when no timer is armed. */
static int ev_tm_next_ms(const struct ev_loop *loop, uint64_t now)
{
	uint64_t due;

	if (loop->heap_len == 0)
		return -1;
	due = loop->tm[loop->heap[0]].due_ms;
	if (due <= now)
		return 0;
	return due - now > INT_MAX ? INT_MAX : (int)(due - now);
}

static void ev_tm_run(struct ev_loop *loop)
{
	uint64_t now = ev_now_ms();
	int n = 0, i;

	/* Collect everything due now; repeating timers are re-armed at once so a
	 * callback that cancels its own timer finds it in the heap. */
	while (loop->heap_len > 0) {
		int slot = loop->heap[0];
		struct ev_timer *t = &loop->tm[slot];

		if (t->due_ms > now)
			break;
		if (n == loop->firing_cap) {
			int ncap = loop->firing_cap > 0 ? loop->firing_cap * 2 : 16;
			ev_timer_id *f = realloc(loop->firing, (size_t)ncap * sizeof(*f));

			if (f == NULL)
				break; /* the rest fire next round */
			loop->firing = f;
			loop->firing_cap = ncap;
		}
		loop->firing[n++] = ((uint64_t)t->gen << 32) | (uint64_t)(slot + 1);
		ev_heap_remove(loop, slot);
		if (t->repeat_ms > 0) {
			t->due_ms += t->repeat_ms;
			/* After a long stall, skip missed periods rather than burst. */
			if (t->due_ms <= now)
				t->due_ms = now + t->repeat_ms;
			t->seq = loop->tm_seq++;
			ev_heap_push(loop, slot);
		} else {
			t->state = EV_TIMER_FIRING;
		}
	}
	for (i = 0; i < n; i++) {
		int slot = ev_tm_lookup(loop, loop->firing[i]);
		ev_timer_cb cb;
		void *arg;

		if (slot < 0)
			continue; /* cancelled by an earlier callback */
		cb = loop->tm[slot].cb;
		arg = loop->tm[slot].arg;
		if (loop->tm[slot].state == EV_TIMER_FIRING)
			ev_tm_release(loop, slot);
		cb(loop, arg);
	}
}

/* ---- signals ---- */

static void ev_sig_handler(int signo)
{
	int saved = errno;
	int fd = ev_sig_wfd;
	char c = (char)signo;

	if (signo > 0 && signo < EV_SIG_MAX)
		ev_sig_pending[signo] = 1;
	/* Non-blocking: when the pipe is full a wake-up is already queued. */
	if (fd >= 0 && write(fd, &c, 1) < 0) {
		/* nothing useful to do inside a handler */
	}
	errno = saved;
}

static void ev_sig_read(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	char drain[64];
	int i;

	while (read(fd, drain, sizeof(drain)) > 0)
		;
	for (i = 1; i < EV_SIG_MAX; i++) {
		if (loop->sig[i].cb != NULL && ev_sig_pending[i]) {
			ev_sig_pending[i] = 0;
			loop->sig[i].cb(loop, i, loop->sig[i].arg);
		}
	}
}

static int ev_sig_pipe(struct ev_loop *loop)
{
	int i;

	if (loop->sig_pipe[0] >= 0)
		return 0;
#ifdef HAVE_PIPE2
	if (pipe2(loop->sig_pipe, O_NONBLOCK | O_CLOEXEC) < 0)
		return -1;
#else
	if (pipe(loop->sig_pipe) < 0)
		return -1;
	for (i = 0; i < 2; i++) {
		fcntl(loop->sig_pipe[i], F_SETFL, fcntl(loop->sig_pipe[i], F_GETFL) | O_NONBLOCK);
		fcntl(loop->sig_pipe[i], F_SETFD, FD_CLOEXEC);
	}
#endif
	if (ev_io_add(loop, loop->sig_pipe[0], EV_READ, ev_sig_read, NULL) < 0) {
		int e = errno;

		for (i = 0; i < 2; i++) {
			close(loop->sig_pipe[i]);
			loop->sig_pipe[i] = -1;
		}
		errno = e;
		return -1;
	}
	return 0;
}

int ev_signal_add(struct ev_loop *loop, int signo, ev_signal_cb cb, void *arg)
{
	struct ev_sig *s;
	struct sigaction sa;

	if (signo <= 0 || signo >= EV_SIG_MAX || cb == NULL) {
		errno = EINVAL;
		return -1;
	}
	if (ev_sig_pipe(loop) < 0)
		return -1;
	s = &loop->sig[signo];
	ev_sig_wfd = loop->sig_pipe[1];
	if (!s->installed) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = ev_sig_handler;
		sigemptyset(&sa.sa_mask);
		sa.sa_flags = SA_RESTART;
		ev_sig_pending[signo] = 0;
		if (sigaction(signo, &sa, &s->old) < 0)
			return -1;
		s->installed = 1;
	}
	s->cb = cb;
	s->arg = arg;
	return 0;
}

/* ---- running ---- */

static int ev_ready_fit(struct ev_loop *loop)
{
	int want = loop->io_count > EV_READY_MIN ? loop->io_count : EV_READY_MIN;
	struct ev_ready *r;

	if (want <= loop->ready_cap)
		return 0;
	r = realloc(loop->ready, (size_t)want * sizeof(*r));
	if (r == NULL)
		return loop->ready != NULL ? 0 : -1; /* a smaller batch still works */
	loop->ready = r;
	loop->ready_cap = want;
	return 0;
}

/* Calls back the first nkick kicked fds (those kicked before this round)
 * that readiness did not already serve this round; kicks made during the
 * round wait for the next one, so a watch that keeps kicking itself gets one
 * call per round like everyone else. */
static void ev_io_run_kicks(struct ev_loop *loop, int nkick)
{
	int i;

	for (i = 0; i < nkick; i++) {
		int fd = loop->kick[i];
		struct ev_io *w;

		if (fd >= loop->io_cap)
			continue;
		w = &loop->io[fd];
		if (!w->active || !w->kicked || w->done_round == loop->round ||
		    w->added_round == loop->round)
			continue;
		w->kicked = 0;
		w->done_round = loop->round;
		w->cb(loop, fd, EV_READ, w->arg);
	}
	/* Entries kicked during this round (or left because they were
	 * dispatched already) stay for the next one. */
	for (i = nkick; i < loop->kick_len; i++)
		loop->kick[i - nkick] = loop->kick[i];
	loop->kick_len -= nkick;
}

int ev_run_once(struct ev_loop *loop, int timeout_ms)
{
	int n, i, wait_ms, next, nkick;

	if (ev_ready_fit(loop) < 0)
		return -1;
	wait_ms = timeout_ms < 0 ? -1 : timeout_ms;
	next = ev_tm_next_ms(loop, ev_now_ms());
	if (next >= 0 && (wait_ms < 0 || next < wait_ms))
		wait_ms = next;
	/* Kicked watches have work already: look for readiness, do not sleep. */
	nkick = loop->kick_len;
	if (nkick > 0)
		wait_ms = 0;

	loop->round++;
	n = loop->be->wait(loop->bst, wait_ms, loop->ready, loop->ready_cap);
	if (n < 0)
		return -1;
	for (i = 0; i < n; i++) {
		int fd = loop->ready[i].fd;
		unsigned ev = loop->ready[i].events;
		struct ev_io *w;
		unsigned want;

		if (fd < 0 || fd >= loop->io_cap)
			continue;
		w = &loop->io[fd];
		if (!w->active || w->added_round == loop->round)
			continue;
		/* Errors always reach the callback (as EV_ERROR|EV_READ) so it reads,
		 * sees EOF or the error and closes. */
		want = w->events | ((ev & EV_ERROR) ? (EV_ERROR | EV_READ) : 0);
		ev &= want;
		if (w->kicked) {
			ev |= EV_READ; /* this call serves the kick too */
			w->kicked = 0;
		}
		if (ev == 0)
			continue;
		w->done_round = loop->round;
		w->cb(loop, fd, ev, w->arg);
	}
	ev_io_run_kicks(loop, nkick);
	ev_tm_run(loop);
	return 0;
}

int ev_run(struct ev_loop *loop)
{
	loop->stop = 0;
	while (!loop->stop) {
		/* Nothing left that could ever wake us: done rather than hang. */
		if (loop->io_count == 0 && loop->heap_len == 0)
			break;
		if (ev_run_once(loop, -1) < 0)
			return -1;
	}
	loop->stop = 0;
	return 0;
}

void ev_stop(struct ev_loop *loop)
{
	loop->stop = 1;
}
