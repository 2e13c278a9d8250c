/* ev_epoll: the Linux epoll backend of the event loop (see ev_backend.h).
 * Level-triggered, so a callback that does not drain an fd is called again;
 * every operation is O(1) in the number of watched fds.
 *
 * epoll refuses regular files (EPERM), which poll() reports as always ready.
 * Such fds (a .dev file, a umockdev fake device node) are kept on a short side
 * list and reported ready on every wait, so both backends behave alike. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <unistd.h>

#include "ev.h"
#include "ev_backend.h"

struct ev_epoll {
	int epfd;
	struct ev_ready *always; /* fds epoll cannot watch: always ready */
	int nalways;
	int capalways;
};

static uint32_t ev_epoll_mask(unsigned events)
{
	uint32_t m = 0;

	if (events & EV_READ)
		m |= EPOLLIN;
	if (events & EV_WRITE)
		m |= EPOLLOUT;
	return m;
}

static void *ev_epoll_create(void)
{
	struct ev_epoll *st = calloc(1, sizeof(*st));

	if (st == NULL)
		return NULL;
	st->epfd = epoll_create1(EPOLL_CLOEXEC);
	if (st->epfd < 0) {
		int e = errno;

		free(st);
		errno = e;
		return NULL;
	}
	return st;
}

static void ev_epoll_destroy(void *p)
{
	struct ev_epoll *st = p;

	close(st->epfd);
	free(st->always);
	free(st);
}

static int ev_epoll_ctl(struct ev_epoll *st, int op, int fd, unsigned events)
{
	struct epoll_event ee = {0};

	ee.events = ev_epoll_mask(events);
	ee.data.fd = fd;
	return epoll_ctl(st->epfd, op, fd, &ee);
}

/* Index of fd on the always-ready list, or -1 (the list is almost always empty). */
static int ev_epoll_always_find(const struct ev_epoll *st, int fd)
{
	for (int i = 0; i < st->nalways; i++) {
		if (st->always[i].fd == fd)
			return i;
	}
	return -1;
}

static int ev_epoll_add(void *p, int fd, unsigned events)
{
	struct ev_epoll *st = p;
	struct ev_ready *a;
	int ncap;

	if (ev_epoll_ctl(st, EPOLL_CTL_ADD, fd, events) == 0)
		return 0;
	if (errno != EPERM)
		return -1;
	if (st->nalways == st->capalways) {
		ncap = st->capalways > 0 ? st->capalways * 2 : 8;
		a = realloc(st->always, (size_t)ncap * sizeof(*a));
		if (a == NULL)
			return -1;
		st->always = a;
		st->capalways = ncap;
	}
	st->always[st->nalways].fd = fd;
	st->always[st->nalways].events = events;
	st->nalways++;
	return 0;
}

static int ev_epoll_mod(void *p, int fd, unsigned events)
{
	struct ev_epoll *st = p;
	int i = ev_epoll_always_find(st, fd);

	if (i >= 0) {
		st->always[i].events = events;
		return 0;
	}
	return ev_epoll_ctl(st, EPOLL_CTL_MOD, fd, events);
}

static void ev_epoll_del(void *p, int fd)
{
	struct ev_epoll *st = p;
	struct epoll_event ee = {0};
	int i = ev_epoll_always_find(st, fd);

	if (i >= 0) {
		st->always[i] = st->always[--st->nalways];
		return;
	}
	/* EBADF/ENOENT when the caller closed the fd first: nothing to undo. */
	(void)epoll_ctl(st->epfd, EPOLL_CTL_DEL, fd, &ee);
}

static int ev_epoll_wait(void *p, int timeout_ms, struct ev_ready *out, int max)
{
	struct ev_epoll *st = p;
	/* epoll_event is packed on x86-64, so it cannot share the ev_ready array;
	 * read in chunks from a stack array instead. */
	struct epoll_event ee[256];
	int total = 0, i;

	/* An always-ready fd that wants something means: do not sleep. */
	for (i = 0; i < st->nalways; i++) {
		if (st->always[i].events != 0)
			timeout_ms = 0;
	}
	while (total < max) {
		int want = max - total < 256 ? max - total : 256;
		int n = epoll_wait(st->epfd, ee, want, total == 0 ? timeout_ms : 0);

		if (n < 0) {
			if (errno == EINTR)
				return total;
			return total > 0 ? total : -1;
		}
		for (i = 0; i < n; i++) {
			unsigned ev = 0;

			if (ee[i].events & (EPOLLIN | EPOLLPRI))
				ev |= EV_READ;
			if (ee[i].events & EPOLLOUT)
				ev |= EV_WRITE;
			if (ee[i].events & (EPOLLERR | EPOLLHUP))
				ev |= EV_ERROR | EV_READ;
			out[total].fd = ee[i].data.fd;
			out[total].events = ev;
			total++;
		}
		if (n < want)
			break;
	}
	for (i = 0; i < st->nalways && total < max; i++) {
		if (st->always[i].events != 0)
			out[total++] = st->always[i];
	}
	return total;
}

const struct ev_backend_ops ev_backend_epoll_ops = {
    .name = "epoll",
    .create = ev_epoll_create,
    .destroy = ev_epoll_destroy,
    .add = ev_epoll_add,
    .mod = ev_epoll_mod,
    .del = ev_epoll_del,
    .wait = ev_epoll_wait,
};
