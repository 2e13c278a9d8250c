/* client: network client I/O.
 *
 * A client's turn (one callback per loop round): write what is queued, then,
 * unless throttled, tokenize input (first bytes kept from an earlier turn,
 * then fresh reads of UPSD_READ_CHUNK) and answer each complete line in
 * order, until UPSD_LINES_PER_TURN lines, UPSD_READS_PER_EVENT reads, or
 * UPSD_OUTQ_HIWAT bytes of output waiting. Bytes read but not tokenized stay
 * in c->in and the fd is kicked (ev_io_kick) so the rest is served next
 * round, after everyone else had a turn. The tokenizer (PROTO_F_COMMENTS |
 * PROTO_F_EMPTY: NUT's network rules, empty lines answered) is borrowed from
 * the server while a turn runs and kept by the client only when a line is
 * left half read. A line longer than PROTO_MAX_LINE or with more than
 * PROTO_MAX_ARGS words is answered with an error instead of being cut (NUT
 * cuts silently).
 *
 * Backpressure: with more than UPSD_OUTQ_HIWAT bytes queued the client is
 * throttled (not read, its lines not answered) until the queue drains below
 * UPSD_OUTQ_LOWAT; a client that never reads thus costs at most the high
 * water mark plus one reply, and the kernel's socket buffers hold the rest
 * of what it sends. Memory of the queue and of the input buffer is given back
 * as soon as they are empty. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "client.h"
#include "cmdtab.h"
#include "drvconn.h"
#include "log.h"
#include "net.h"

static void client_io(struct ev_loop *loop, int fd, unsigned events, void *arg);

/* ------------------------------------------------------------ the LRU list */

static void client_unlink(struct client *c)
{
	struct upsd *u = c->u;

	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		u->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	else
		u->clients_tail = c->prev;
	c->prev = c->next = NULL;
}

static void client_push_front(struct client *c)
{
	struct upsd *u = c->u;

	c->prev = NULL;
	c->next = u->clients;
	if (u->clients != NULL)
		u->clients->prev = c;
	else
		u->clients_tail = c;
	u->clients = c;
}

/* A complete line came: the client moves to the front of the list, so the
 * list stays in order of last activity and the tail is the next to expire. */
static void client_touch(struct client *c, uint64_t now_ms)
{
	c->last_active_ms = now_ms;
	if (c->u->clients != c) {
		client_unlink(c);
		client_push_front(c);
	}
}

struct client *client_new(struct upsd *u, int fd, const struct sockaddr *sa)
{
	struct client *c = calloc(1, sizeof(*c));

	if (c == NULL || ev_io_add(u->loop, fd, EV_READ, client_io, c) < 0) {
		log_warn("client: cannot set up connection");
		free(c);
		close(fd);
		return NULL;
	}
	c->u = u;
	c->fd = fd;
	buf_init_lazy(&c->in, UPSD_READ_CHUNK);
	buf_init_lazy(&c->out, UPSD_OUTQ_MAX);
	(void)net_addr_str(sa, c->addr, sizeof(c->addr));
	(void)net_set_nodelay(fd);
	c->last_active_ms = ev_now_ms();
	client_push_front(c);
	u->nclients++;
	upsd_schedule_idle(u);
	log_debug(2, "client %s: connected (fd %d, %zu clients)", c->addr, fd, u->nclients);
	return c;
}

/* Gives the borrowed tokenizer back to the server (or frees it). */
static void client_tok_return(struct client *c)
{
	struct upsd *u = c->u;

	if (c->tok == NULL)
		return;
	if (u->spare_tok == NULL) {
		proto_tok_reset(c->tok);
		u->spare_tok = c->tok;
	} else {
		proto_tok_free(c->tok);
		free(c->tok);
	}
	c->tok = NULL;
}

void client_free(struct client *c, const char *why)
{
	struct upsd *u = c->u;

	log_debug(2, "client %s: closed (%s)", c->addr, why);
	if (c->login != NULL)
		log_info("client %s: %s logged out of ups %s", c->addr,
		         c->username != NULL ? c->username : "?", c->login->name);
	ev_io_del(u->loop, c->fd);
	close(c->fd);
	client_unlink(c);
	u->nclients--;
	client_tok_return(c);
	buf_free(&c->in);
	buf_free(&c->out);
	free(c->username);
	if (c->password != NULL) {
		explicit_bzero(c->password, strlen(c->password));
		free(c->password);
	}
	free(c);
	upsd_client_gone(u);
}

/* ------------------------------------------------------------------ replies */

void reply_begin(struct client *c)
{
	buf_truncate(&c->u->reply, c->u->reply_mark);
}

int reply_printf(struct client *c, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(tmp))
		return -1;
	return buf_append(&c->u->reply, tmp, (size_t)n);
}

/* Same bytes as reply_printf(c, "%s", s) without the formatting cost; used
 * on the GET VAR path, the one clients hammer. */
int reply_str(struct client *c, const char *s)
{
	return buf_append(&c->u->reply, s, strlen(s));
}

int reply_quoted(struct client *c, const char *s)
{
	return proto_buf_quoted(&c->u->reply, s);
}

void reply_send(struct client *c)
{
	struct upsd *u = c->u;
	static const char too_long[] = "ERR INVALID-ARGUMENT\n";

	if (c->dead) {
		buf_truncate(&u->reply, u->reply_mark);
		return;
	}
	/* The batch buffer has room for more than one reply; keep the limit
	 * on each reply what it says. */
	if (buf_used(&u->reply) - u->reply_mark > UPSD_REPLY_MAX) {
		buf_truncate(&u->reply, u->reply_mark);
		(void)buf_append(&u->reply, too_long, sizeof(too_long) - 1);
	}
	u->reply_mark = buf_used(&u->reply);
}

void reply_line(struct client *c, const char *fmt, ...)
{
	char tmp[2048];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	reply_begin(c);
	if (n < 0 || (size_t)n >= sizeof(tmp) - 1) {
		/* Only names we already bounded go in here; keep the invariant loud. */
		log_warnx("client %s: reply too long, answering an error instead", c->addr);
		n = snprintf(tmp, sizeof(tmp), "ERR INVALID-ARGUMENT");
	}
	tmp[n++] = '\n';
	if (buf_append(&c->u->reply, tmp, (size_t)n) == 0)
		reply_send(c);
}

void reply_err(struct client *c, const char *word)
{
	reply_line(c, "ERR %s", word);
}

/* ------------------------------------------------------------------ output */

/* send(2) what the socket takes from b; -1 on a hard error (client dead). */
static int client_write(struct client *c, struct buf *b)
{
	while (buf_used(b) > 0) {
		if (buf_write_fd(b, c->fd) >= 0)
			continue;
		if (errno == EAGAIN || errno == EWOULDBLOCK)
			break;
		c->dead = 1;
		if (c->why == NULL)
			c->why = strerror(errno);
		return -1;
	}
	return 0;
}

/* The replies of this turn: straight from the scratch buffer when nothing
 * else waits (the common case: no copy, no per-client memory), else behind
 * what waits. */
static void client_commit(struct client *c)
{
	struct upsd *u = c->u;
	struct buf *r = &u->reply;

	if (!c->dead && buf_used(r) > 0) {
		if (buf_used(&c->out) == 0)
			(void)client_write(c, r);
		if (!c->dead && buf_used(r) > 0 &&
		    buf_append(&c->out, buf_head(r), buf_used(r)) < 0) {
			/* Only when memory runs out: the queue has room for
			 * UPSD_OUTQ_HIWAT plus the biggest reply. */
			log_warnx("client %s: cannot queue %zu bytes of output, dropping it",
			          c->addr, buf_used(r));
			c->dead = 1;
			c->why = "output queue full";
		}
	}
	buf_reset(r);
	u->reply_mark = 0;
}

static size_t client_queued(const struct client *c)
{
	return buf_used(&c->out) + buf_used(&c->u->reply);
}

/* ------------------------------------------------------------------ input */

static void client_line_error(struct client *c, enum proto_result r)
{
	log_debug(1, "client %s: line refused: %s", c->addr, proto_strerror(r));
	/* TOO-LONG is the protocol's word for a value that is too long; we use it
	 * for a whole line that passed PROTO_MAX_LINE. */
	reply_err(c, r == PROTO_ERR_TOO_LONG ? "TOO-LONG" : "INVALID-ARGUMENT");
}

/* Room for more work in this turn? */
static int client_may_go_on(const struct client *c, int lines)
{
	return !c->dead && !c->closing && lines < UPSD_LINES_PER_TURN &&
	       client_queued(c) < UPSD_OUTQ_HIWAT;
}

/* Tokenizes data and answers the lines found while the turn lasts; returns
 * the bytes used. */
static size_t client_feed(struct client *c, const char *data, size_t len, int *lines)
{
	size_t off = 0, used;
	enum proto_result r;

	while (off < len && client_may_go_on(c, *lines)) {
		r = proto_feed(c->tok, data + off, len - off, &used);
		off += used;
		if (r == PROTO_MORE)
			continue;
		++*lines;
		if (r == PROTO_LINE) {
			client_touch(c, ev_now_ms());
			cmd_dispatch(c, c->tok->argc, c->tok->argv);
		} else {
			client_line_error(c, r);
		}
	}
	return off;
}

/* A tokenizer for this turn: the client's own (a line is half read), or the
 * server's spare. 0, or -1 when out of memory. */
static int client_tok_borrow(struct client *c)
{
	struct upsd *u = c->u;

	if (c->tok != NULL)
		return 0;
	if (u->spare_tok == NULL) {
		struct proto_tok *t = malloc(sizeof(*t));

		if (t == NULL || proto_tok_init(t, PROTO_F_COMMENTS | PROTO_F_EMPTY, PROTO_MAX_LINE,
		                                PROTO_MAX_ARGS) < 0) {
			free(t);
			return -1;
		}
		u->spare_tok = t;
	}
	c->tok = u->spare_tok;
	u->spare_tok = NULL;
	return 0;
}

static void client_read(struct client *c)
{
	char data[UPSD_READ_CHUNK];
	size_t used;
	ssize_t n;
	int reads = 0, lines = 0;

	if (client_tok_borrow(c) < 0) {
		log_warnx("client %s: out of memory", c->addr);
		c->dead = 1;
		c->why = "out of memory";
		return;
	}
	/* Bytes kept from an earlier turn go first. */
	if (buf_used(&c->in) > 0) {
		used = client_feed(c, buf_head(&c->in), buf_used(&c->in), &lines);
		buf_consume(&c->in, used);
		if (buf_used(&c->in) > 0)
			goto out;
		buf_release(&c->in);
	}
	while (client_may_go_on(c, lines) && reads < UPSD_READS_PER_EVENT) {
		n = read(c->fd, data, sizeof(data));
		reads++;
		if (n == 0) {
			/* Half-closed: answers to lines already read still go out. */
			c->closing = 1;
			c->why = "peer closed";
			break;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				c->dead = 1;
			break;
		}
		used = client_feed(c, data, (size_t)n, &lines);
		if (used < (size_t)n && !c->dead && !c->closing) {
			/* The turn ended inside this chunk: keep the rest. It fits,
			 * since c->in was empty and holds one chunk. */
			if (buf_append(&c->in, data + used, (size_t)n - used) < 0) {
				c->dead = 1;
				c->why = "out of memory";
			}
			break;
		}
		if ((size_t)n < sizeof(data))
			break; /* drained: no need for another read(2) */
	}
out:
	/* An idle tokenizer goes back: a client between lines holds none. */
	if (c->tok != NULL && !proto_tok_busy(c->tok))
		client_tok_return(c);
}

/* Watches what the client needs next and tells whether it should run again
 * next round without waiting for the socket. */
static void client_rearm(struct client *c)
{
	size_t q = buf_used(&c->out);
	unsigned want;

	if (q == 0)
		buf_release(&c->out);
	if (q >= UPSD_OUTQ_HIWAT)
		c->throttled = 1;
	else if (q < UPSD_OUTQ_LOWAT)
		c->throttled = 0;
	/* A half-closed peer's EOF stays readable for ever: once closing, only
	 * wait for room to write, or the loop would spin on the EOF. */
	if (c->closing)
		want = q > 0 ? EV_WRITE : 0;
	else
		want = (c->throttled ? 0 : EV_READ) | (q > 0 ? EV_WRITE : 0);
	(void)ev_io_mod(c->u->loop, c->fd, want);
	if (!c->closing && !c->throttled && buf_used(&c->in) > 0)
		(void)ev_io_kick(c->u->loop, c->fd);
}

static void client_io(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct client *c = arg;

	(void)loop;
	(void)fd;
	/* Writing first frees room, which may lift the throttle. */
	if (buf_used(&c->out) > 0 && client_write(c, &c->out) == 0 && c->throttled &&
	    buf_used(&c->out) < UPSD_OUTQ_LOWAT)
		c->throttled = 0;
	if ((events & (EV_READ | EV_ERROR)) && !c->closing && !c->throttled && !c->dead)
		client_read(c);
	client_commit(c);
	/* A SET VAR or INSTCMD with TRACKING may have added a result. */
	upsd_schedule_tracking(c->u);
	if (c->closing && !c->dead && buf_used(&c->out) == 0)
		c->dead = 1;
	if (c->dead) {
		client_free(c, c->why != NULL ? c->why : "connection closed");
		return;
	}
	client_rearm(c);
}

uint64_t client_expire_idle(struct upsd *u, uint64_t now_ms)
{
	uint64_t idle_ms = (uint64_t)u->conf.idle_timeout_s * 1000;

	if (idle_ms == 0)
		return 0;
	/* Oldest activity last: stop at the first client still in time. */
	while (u->clients_tail != NULL && now_ms - u->clients_tail->last_active_ms >= idle_ms)
		client_free(u->clients_tail, "idle timeout");
	return u->clients_tail != NULL ? u->clients_tail->last_active_ms + idle_ms : 0;
}
