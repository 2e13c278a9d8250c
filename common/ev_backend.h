/* ev_backend: the interface between the generic event loop (ev.c) and the
 * readiness mechanisms (ev_epoll.c, ev_poll.c).  Internal to libcommon.
 *
 * A backend only tracks which fd wants which events and reports readiness;
 * ev.c owns callbacks, timers, signals and all dispatch-safety rules, so a
 * backend never calls back into user code. */
#ifndef UPS_EV_BACKEND_H
#define UPS_EV_BACKEND_H

/* One ready fd as a backend reports it: events is a mask of enum ev_events,
 * with EV_ERROR|EV_READ for error/hang-up conditions. */
struct ev_ready {
	int fd;
	unsigned events;
};

struct ev_backend_ops {
	const char *name;
	/* Returns the backend's private state, or NULL with errno set. */
	void *(*create)(void);
	void (*destroy)(void *st);
	/* fd is not yet registered. events may be 0 (watch kept, nothing asked). 0 or -1. */
	int (*add)(void *st, int fd, unsigned events);
	/* fd is registered. 0 or -1. */
	int (*mod)(void *st, int fd, unsigned events);
	/* fd is registered (it may already be closed: errors are ignored). */
	void (*del)(void *st, int fd);
	/* Waits at most timeout_ms (-1: no limit) and stores up to max ready fds
	 * in out.  Returns the count (0 on timeout or EINTR), or -1 with errno. */
	int (*wait)(void *st, int timeout_ms, struct ev_ready *out, int max);
};

#ifdef HAVE_SYS_EPOLL_H
extern const struct ev_backend_ops ev_backend_epoll_ops;
#endif
extern const struct ev_backend_ops ev_backend_poll_ops;

#endif
