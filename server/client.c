/* client: network client I/O.
 *
 * Input is read in chunks of UPSD_READ_CHUNK and fed to the protocol
 * tokenizer (PROTO_F_COMMENTS | PROTO_F_EMPTY: NUT's network rules, empty
 * lines answered); every complete line is answered in order before more
 * input is read, so pipelined lines get their replies in order. A line longer
 * than PROTO_MAX_LINE or with more than PROTO_MAX_ARGS words is answered with
 * an error instead of being cut (NUT cuts silently). */
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

struct client *client_new(struct upsd *u, int fd, const struct sockaddr *sa)
{
	struct client *c = calloc(1, sizeof(*c));

	if (c == NULL || proto_tok_init(&c->tok, PROTO_F_COMMENTS | PROTO_F_EMPTY, PROTO_MAX_LINE,
	                                PROTO_MAX_ARGS) < 0) {
		log_warnx("client: out of memory, connection refused");
		free(c);
		close(fd);
		return NULL;
	}
	if (buf_init(&c->out, UPSD_OUTQ_MAX) < 0 ||
	    ev_io_add(u->loop, fd, EV_READ, client_io, c) < 0) {
		log_warn("client: cannot set up connection");
		proto_tok_free(&c->tok);
		buf_free(&c->out);
		free(c);
		close(fd);
		return NULL;
	}
	c->u = u;
	c->fd = fd;
	(void)net_addr_str(sa, c->addr, sizeof(c->addr));
	(void)net_set_nodelay(fd);
	c->last_active_ms = ev_now_ms();
	c->next = u->clients;
	if (u->clients != NULL)
		u->clients->prev = c;
	u->clients = c;
	u->nclients++;
	log_debug(2, "client %s: connected (fd %d, %zu clients)", c->addr, fd, u->nclients);
	return c;
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
	if (c->prev != NULL)
		c->prev->next = c->next;
	else
		u->clients = c->next;
	if (c->next != NULL)
		c->next->prev = c->prev;
	u->nclients--;
	proto_tok_free(&c->tok);
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
	buf_reset(&c->u->reply);
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

/* Writes what the socket takes now; drops the client on a hard error. */
static int client_flush(struct client *c)
{
	ssize_t n;

	while (buf_used(&c->out) > 0) {
		n = buf_write_fd(&c->out, c->fd);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			c->dead = 1;
			return -1;
		}
	}
	/* A half-closed peer's EOF stays readable for ever: once closing, only
	 * wait for room to write, or the loop would spin on the EOF. */
	if (c->closing)
		(void)ev_io_mod(c->u->loop, c->fd, buf_used(&c->out) > 0 ? EV_WRITE : 0);
	else
		(void)ev_io_mod(c->u->loop, c->fd,
		                buf_used(&c->out) > 0 ? EV_READ | EV_WRITE : EV_READ);
	return 0;
}

void reply_send(struct client *c)
{
	struct buf *r = &c->u->reply;

	if (c->dead)
		return;
	if (buf_append(&c->out, buf_head(r), buf_used(r)) < 0) {
		log_warnx("client %s: output queue full (%u bytes), dropping it", c->addr,
		          (unsigned)UPSD_OUTQ_MAX);
		c->dead = 1;
		c->why = "output queue full";
	}
	buf_reset(r);
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

/* ------------------------------------------------------------------ input */

static void client_line_error(struct client *c, enum proto_result r)
{
	log_debug(1, "client %s: line refused: %s", c->addr, proto_strerror(r));
	/* TOO-LONG is the protocol's word for a value that is too long; we use it
	 * for a whole line that passed PROTO_MAX_LINE. */
	reply_err(c, r == PROTO_ERR_TOO_LONG ? "TOO-LONG" : "INVALID-ARGUMENT");
}

static void client_read(struct client *c)
{
	char data[UPSD_READ_CHUNK];
	size_t off, used;
	ssize_t n;
	int round;
	enum proto_result r;

	for (round = 0; round < UPSD_READS_PER_EVENT && !c->dead && !c->closing; round++) {
		n = read(c->fd, data, sizeof(data));
		if (n == 0) {
			/* Half-closed: answers to lines already read still go out. */
			c->closing = 1;
			c->why = "peer closed";
			return;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				c->dead = 1;
			return;
		}
		c->last_active_ms = ev_now_ms();
		for (off = 0; off < (size_t)n && !c->dead && !c->closing; off += used) {
			r = proto_feed(&c->tok, data + off, (size_t)n - off, &used);
			if (r == PROTO_LINE)
				cmd_dispatch(c, c->tok.argc, c->tok.argv);
			else if (r != PROTO_MORE)
				client_line_error(c, r);
		}
		if ((size_t)n < sizeof(data))
			return; /* drained: no need for another read(2) */
	}
}

static void client_io(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct client *c = arg;

	(void)loop;
	(void)fd;
	if ((events & (EV_READ | EV_ERROR)) && !c->closing)
		client_read(c);
	if (!c->dead)
		(void)client_flush(c);
	if (c->closing && !c->dead && buf_used(&c->out) == 0)
		c->dead = 1;
	if (c->dead)
		client_free(c, c->why != NULL ? c->why : "connection closed");
}

void client_tick(struct upsd *u, uint64_t now_ms)
{
	struct client *c, *next;
	uint64_t idle_ms = (uint64_t)u->conf.idle_timeout_s * 1000;

	if (idle_ms == 0)
		return;
	for (c = u->clients; c != NULL; c = next) {
		next = c->next;
		if (now_ms - c->last_active_ms > idle_ms)
			client_free(c, "idle timeout");
	}
}
