/* ev_poll: the portable poll(2) backend of the event loop (see ev_backend.h).
 * Adds and deletes are O(1) (an fd -> slot index and swap-with-last removal);
 * each wait scans the whole set, which is poll's nature: use epoll for big loads. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>

#include "ev.h"
#include "ev_backend.h"

struct ev_poll {
	struct pollfd *pfd; /* the set handed to poll(), pfd[0 .. n) */
	int n;
	int cap;
	int *slot; /* fd -> index in pfd, -1 when not watched */
	int slot_cap;
};

static short ev_poll_mask(unsigned events)
{
	short m = 0;

	if (events & EV_READ)
		m |= POLLIN;
	if (events & EV_WRITE)
		m |= POLLOUT;
	return m;
}

static void *ev_poll_create(void)
{
	return calloc(1, sizeof(struct ev_poll));
}

static void ev_poll_destroy(void *p)
{
	struct ev_poll *st = p;

	free(st->pfd);
	free(st->slot);
	free(st);
}

static int ev_poll_add(void *p, int fd, unsigned events)
{
	struct ev_poll *st = p;

	if (fd >= st->slot_cap) {
		int ncap = st->slot_cap > 0 ? st->slot_cap : 64;
		int *s;

		while (ncap <= fd) {
			if (ncap > INT_MAX / 2) {
				errno = EBADF;
				return -1;
			}
			ncap *= 2;
		}
		s = realloc(st->slot, (size_t)ncap * sizeof(*s));
		if (s == NULL)
			return -1;
		memset(s + st->slot_cap, 0xff, (size_t)(ncap - st->slot_cap) * sizeof(*s));
		st->slot = s;
		st->slot_cap = ncap;
	}
	if (st->n == st->cap) {
		int ncap = st->cap > 0 ? st->cap * 2 : 64;
		struct pollfd *q = realloc(st->pfd, (size_t)ncap * sizeof(*q));

		if (q == NULL)
			return -1;
		st->pfd = q;
		st->cap = ncap;
	}
	st->pfd[st->n].fd = fd;
	st->pfd[st->n].events = ev_poll_mask(events);
	st->pfd[st->n].revents = 0;
	st->slot[fd] = st->n;
	st->n++;
	return 0;
}

static int ev_poll_mod(void *p, int fd, unsigned events)
{
	struct ev_poll *st = p;

	st->pfd[st->slot[fd]].events = ev_poll_mask(events);
	return 0;
}

static void ev_poll_del(void *p, int fd)
{
	struct ev_poll *st = p;
	int i = st->slot[fd];

	st->n--;
	if (i != st->n) {
		st->pfd[i] = st->pfd[st->n];
		st->slot[st->pfd[i].fd] = i;
	}
	st->slot[fd] = -1;
}

static int ev_poll_wait(void *p, int timeout_ms, struct ev_ready *out, int max)
{
	struct ev_poll *st = p;
	int n, i, total = 0;

	n = poll(st->pfd, (nfds_t)st->n, timeout_ms);
	if (n < 0)
		return errno == EINTR ? 0 : -1;
	for (i = 0; i < st->n && total < n && total < max; i++) {
		short re = st->pfd[i].revents;
		unsigned ev = 0;

		if (re == 0)
			continue;
		if (re & (POLLIN | POLLPRI))
			ev |= EV_READ;
		if (re & POLLOUT)
			ev |= EV_WRITE;
		if (re & (POLLERR | POLLHUP | POLLNVAL))
			ev |= EV_ERROR | EV_READ;
		out[total].fd = st->pfd[i].fd;
		out[total].events = ev;
		total++;
	}
	return total;
}

const struct ev_backend_ops ev_backend_poll_ops = {
    .name = "poll",
    .create = ev_poll_create,
    .destroy = ev_poll_destroy,
    .add = ev_poll_add,
    .mod = ev_poll_mod,
    .del = ev_poll_del,
    .wait = ev_poll_wait,
};
