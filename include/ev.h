/* ev: the event loop every daemon shares. File descriptor watches, monotonic
 * one-shot/repeating timers and signals delivered as ordinary callbacks (through
 * a self-pipe). Two backends: epoll (Linux) and poll (everywhere), chosen at
 * run time; callbacks must never block. */
#ifndef UPS_EV_H
#define UPS_EV_H

#include <stdint.h>

struct ev_loop;

enum ev_backend {
	EV_BACKEND_DEFAULT = 0, /* epoll where built, else poll */
	EV_BACKEND_EPOLL,
	EV_BACKEND_POLL,
};

enum ev_events {
	EV_READ = 1,
	EV_WRITE = 2,
	EV_ERROR = 4, /* only ever reported (EPOLLERR/HUP), never asked for; always
	               * comes with EV_READ so the callback reads and sees EOF/error */
};

typedef void (*ev_io_cb)(struct ev_loop *loop, int fd, unsigned events, void *arg);
typedef void (*ev_timer_cb)(struct ev_loop *loop, void *arg);
typedef void (*ev_signal_cb)(struct ev_loop *loop, int signo, void *arg);
typedef uint64_t ev_timer_id; /* 0 is never a valid id */

/* NULL when the backend is not built or setup fails (errno set). */
struct ev_loop *ev_loop_new(enum ev_backend backend);
void ev_loop_free(struct ev_loop *loop); /* closes nothing but its own fds;
                                            never from the loop's own callbacks */
const char *ev_backend_name(const struct ev_loop *loop);

/* One watch per fd. 0 or -1 (errno). */
int ev_io_add(struct ev_loop *loop, int fd, unsigned events, ev_io_cb cb, void *arg);
int ev_io_mod(struct ev_loop *loop, int fd, unsigned events);
/* Has the fd's callback called with EV_READ in the next round even if the
 * fd is not readable (nor watched for reading): for input already read and
 * kept because a per-round budget ran out. The next wait does not sleep.
 * Kicks made while a round runs wait for the next round; a kick is served
 * once, and forgotten by ev_io_del(). 0, or -1 (unknown fd, ENOMEM). */
int ev_io_kick(struct ev_loop *loop, int fd);
/* Safe to call from any callback, including the fd's own. */
void ev_io_del(struct ev_loop *loop, int fd);

/* Fires after delay_ms, then every repeat_ms if repeat_ms > 0. 0 on failure. */
ev_timer_id ev_timer_add(struct ev_loop *loop, uint64_t delay_ms, uint64_t repeat_ms,
                         ev_timer_cb cb, void *arg);
void ev_timer_cancel(struct ev_loop *loop, ev_timer_id id); /* unknown ids ignored */

/* Installs a handler for signo (sigaction) and calls cb from the loop.
 * Signals are process-wide: they go to the loop that added one last;
 * ev_loop_free() puts the previous handlers back. */
int ev_signal_add(struct ev_loop *loop, int signo, ev_signal_cb cb, void *arg);

/* Runs until ev_stop() (or until no watch or timer is left); returns 0, or
 * -1 if the backend fails. ev_stop() takes effect after the current round. */
int ev_run(struct ev_loop *loop);
/* One round: waits at most timeout_ms (-1 = until something happens). */
int ev_run_once(struct ev_loop *loop, int timeout_ms);
void ev_stop(struct ev_loop *loop);
uint64_t ev_now_ms(void); /* CLOCK_MONOTONIC in ms */

#endif
