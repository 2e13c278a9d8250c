/* listen: listening sockets and accept-in-a-loop. Every readiness event
 * accepts until the kernel queue is empty (or MAXCONN is reached, at which
 * point the listeners are unwatched until a client leaves), so a burst of
 * thousands of connections does not wait for one event per connection. When
 * accept() fails for lack of fds or memory the listeners are unwatched too,
 * instead of spinning. Each listener's watch is tracked on its own: one whose
 * re-watch fails (ev_io_add: no memory...) is retried by a timer every
 * LISTEN_RETRY_MS until it is back, never silently left unwatched. */
#include "config.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>

#include "client.h"
#include "listen.h"
#include "log.h"
#include "net.h"
#include "paths.h"

#define LISTEN_RETRY_MS 1000 /* re-watch retry after an accept() or ev_io_add failure */

static void listen_arm_retry(struct upsd *u);

static void listen_accept(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct upsd *u = arg;
	struct sockaddr_storage ss;
	socklen_t sslen;
	int cfd;

	(void)loop;
	(void)events;
	for (;;) {
		if (u->nclients >= (size_t)u->conf.maxconn) {
			log_warnx("MAXCONN (%d) reached, new connections wait", u->conf.maxconn);
			listen_watch(u, 0);
			return;
		}
		sslen = sizeof(ss);
		cfd = net_accept(fd, &ss, &sslen);
		if (cfd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			/* EMFILE, ENFILE, ENOBUFS...: the connection stays queued and
			 * the listener stays readable, so watching it would spin. Pause;
			 * a leaving client or the retry timer resumes. */
			log_warn("accept (new connections wait)");
			listen_watch(u, 0);
			listen_arm_retry(u);
			return;
		}
		(void)client_new(u, cfd, (struct sockaddr *)&ss);
	}
}

static void listen_dup(const char *addr, const char *have, unsigned port, void *arg)
{
	const struct upsd_listen *l = arg;

	log_warnx("LISTEN %s port %s: %s port %u is already served by the listener on %s port "
	          "%u; not listening on it twice",
	          l->addr, l->port, addr, port, have, port);
}

int listen_open(struct upsd *u)
{
	char err[256], portbuf[16];
	struct upsd_listen def = {(char *)"localhost", portbuf};
	const struct upsd_listen *l;
	size_t i, n;
	int got, fails = 0;

	(void)snprintf(portbuf, sizeof(portbuf), "%u", (unsigned)path_port());
	n = u->conf.nlisten > 0 ? u->conf.nlisten : 1;
	/* From the last LISTEN line to the first, as NUT binds them: when two
	 * lines overlap (0.0.0.0 and 127.0.0.1 on one port), the later line's
	 * listener is the one kept, and the set of sockets is NUT's. */
	for (i = n; i-- > 0;) {
		l = u->conf.nlisten > 0 ? &u->conf.listen[i] : &def;
		got = net_listen_tcp(l->addr, l->port, NET_BACKLOG, u->lfds, (int)u->nlfds,
		                     UPSD_MAX_LISTENERS, listen_dup, (void *)(uintptr_t)l, err,
		                     sizeof(err));
		if (got < 0) {
			log_warnx("not listening on %s port %s: %s", l->addr, l->port, err);
			fails++;
			continue;
		}
		u->nlfds += (size_t)got;
		if (got > 0)
			log_info("listening on %s port %s", l->addr, l->port);
	}
	if (u->nlfds == 0 || (fails > 0 && !u->conf.allow_not_all_listeners)) {
		log_warnx("%s", u->nlfds == 0
		                    ? "no listening interface available"
		                    : "a LISTEN address failed (ALLOW_NOT_ALL_LISTENERS is off)");
		listen_close(u);
		return -1;
	}
	listen_watch(u, 1);
	return 0;
}

static void listen_retry(struct ev_loop *loop, void *arg)
{
	struct upsd *u = arg;

	(void)loop;
	u->listen_retry = 0;
	/* Still full: the next client to leave resumes (upsd_client_gone). */
	if (u->accept_paused && u->nclients < (size_t)u->conf.maxconn)
		listen_watch(u, 1);
}

static void listen_arm_retry(struct upsd *u)
{
	if (u->listen_retry == 0)
		u->listen_retry = ev_timer_add(u->loop, LISTEN_RETRY_MS, 0, listen_retry, u);
	if (u->listen_retry == 0)
		log_warn("cannot arm the listener retry timer (a leaving client retries)");
}

void listen_watch(struct upsd *u, int on)
{
	size_t i;
	int missing = 0;

	for (i = 0; i < u->nlfds; i++) {
		if (on && !u->lwatched[i]) {
			if (ev_io_add(u->loop, u->lfds[i], EV_READ, listen_accept, u) == 0) {
				u->lwatched[i] = 1;
			} else {
				log_warn("listener fd %d: cannot watch it, retrying in %d ms",
				         u->lfds[i], LISTEN_RETRY_MS);
				missing++;
			}
		} else if (!on && u->lwatched[i]) {
			ev_io_del(u->loop, u->lfds[i]);
			u->lwatched[i] = 0;
		}
	}
	/* Paused until every listener is watched again: the retry timer and
	 * leaving clients call listen_watch(u, 1) while this is set. */
	u->accept_paused = !on || missing > 0;
	if (on && missing > 0)
		listen_arm_retry(u);
}

void listen_close(struct upsd *u)
{
	size_t i;

	if (u->listen_retry != 0)
		ev_timer_cancel(u->loop, u->listen_retry);
	u->listen_retry = 0;
	for (i = 0; i < u->nlfds; i++) {
		if (u->lwatched[i])
			ev_io_del(u->loop, u->lfds[i]);
		u->lwatched[i] = 0;
		close(u->lfds[i]);
	}
	u->nlfds = 0;
}
