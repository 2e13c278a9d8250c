/* upsclient_ev: a connection to upsd driven by the caller's event loop, for
 * programs that watch several servers at once (upsmon, upslog, the dummy-ups
 * repeater): nothing here ever waits, so one slow or silent upsd cannot hold
 * up the others, the timers or the signals. Internal to Upsilon's programs
 * (names ucl_*: not exported by libupsclient.so).
 *
 * The connect is non-blocking (name resolution is not: getaddrinfo() runs
 * once per connect; give addresses where that matters). Requests are queued
 * and sent at once (pipelined); each reply goes to its request's callback in
 * order. A request with no reply for timeout_ms, a closed connection or a
 * reply that breaks the protocol fails the connection: every queued request
 * gets its callback with no reply, then the state callback says "down", and
 * the caller decides when to connect again.
 *
 * Not yet: STARTTLS (it comes with TLS; until then a connection is plain). */
#ifndef UPS_UPSCLIENT_EV_H
#define UPS_UPSCLIENT_EV_H

#include <stddef.h>
#include <stdint.h>

#include "ev.h"

#define UCL_EV_MAX_QUEUED     256        /* requests waiting for their reply */
#define UCL_EV_MAX_LIST_LINES 65536      /* lines of one LIST reply */
#define UCL_EV_MAX_REPLY      (4u << 20) /* bytes of one reply's words, LIST included */
#define UCL_EV_OUT_MAX        (1u << 20) /* bytes of requests not yet sent */

struct ucl_ev;

/* One reply line, cut into words (the protocol's quoting undone). */
struct ucl_ev_line {
	int argc;
	char **argv;
};

/* What a request got. answered is 0 when the connection failed before the
 * reply came (nothing else is set then). is_err is 1 for an "ERR <word>"
 * reply (which is then lines[0]) and err its UPSCLI_ERR_* -- which is 0,
 * UPSCLI_ERR_UNKNOWN, for "ERR UNKNOWN": test is_err, not err. A one-line request has
 * nlines 1; a LIST has one line per item between BEGIN LIST and END LIST.
 * Valid during the callback only. */
struct ucl_ev_reply {
	int answered;
	int is_err;
	int err;
	size_t nlines;
	const struct ucl_ev_line *lines;
};

typedef void (*ucl_ev_reply_cb)(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg);
/* up: 1 connected, 0 connect failed or connection lost (why says how). */
typedef void (*ucl_ev_state_cb)(struct ucl_ev *c, int up, const char *why, void *arg);

/* A connection object for host:port (not connected yet). timeout_ms bounds
 * the connect and each wait for a reply (0: UCL_TIMEOUT_S). NULL when out of
 * memory. */
struct ucl_ev *ucl_ev_new(struct ev_loop *loop, const char *host, uint16_t port, int timeout_ms,
                          ucl_ev_state_cb on_state, void *arg);
/* Closes the connection (queued requests get their callback first, with no
 * reply) and frees it; safe from inside this connection's callbacks. */
void ucl_ev_free(struct ucl_ev *c);
/* Starts connecting; the state callback tells how it ended. 0 started (or
 * already connecting/connected), -1 failed at once (the state callback has
 * been called). */
int ucl_ev_connect(struct ucl_ev *c);
/* Closes the connection now; queued requests get their callback, no reply.
 * No state callback. */
void ucl_ev_close(struct ucl_ev *c);
int ucl_ev_is_up(const struct ucl_ev *c);
/* Queues one request line of argc words (quoted where they need it); list
 * says the reply is a BEGIN LIST ... END LIST block. 0, or -1 when not
 * connected, the queue is full or the line is too long (nothing queued, no
 * callback). */
int ucl_ev_request(struct ucl_ev *c, int list, int argc, const char *const *argv,
                   ucl_ev_reply_cb cb, void *arg);
/* Requests sent and not yet answered. */
size_t ucl_ev_pending(const struct ucl_ev *c);

#endif
