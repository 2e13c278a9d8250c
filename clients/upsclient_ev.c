/* upsclient_ev.c: a upsd connection on the caller's event loop (see
 * upsclient_ev.h). One state machine: DOWN -> CONNECTING (non-blocking
 * connect, one address after the other) -> UP (requests pipelined, replies
 * matched in order) -> DOWN. One timer per connection: the connect limit
 * while connecting, then "no progress on the oldest request" while requests
 * wait; none while idle. */
#include "config.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"
#include "net.h"
#include "proto.h"
#include "upsclient_ev.h"
#include "upsclient_int.h"

enum ucl_ev_state { UEV_DOWN, UEV_CONNECTING, UEV_UP };

struct ucl_ev_req {
	struct ucl_ev_req *next;
	int list;
	ucl_ev_reply_cb cb;
	void *arg;
};

struct ucl_ev {
	struct ev_loop *loop;
	char *host;
	char port[8];
	int timeout_ms;
	ucl_ev_state_cb on_state;
	void *arg;
	enum ucl_ev_state state;
	int fd;
	struct addrinfo *ai_all, *ai_next; /* addresses still to try while connecting */
	ev_timer_id timer;
	struct proto_tok tok;
	struct buf out;
	struct ucl_ev_req *head, *tail;
	size_t nreq;
	/* The LIST reply being collected for the head request. */
	int in_list;
	struct ucl_ev_line *lines;
	size_t nlines, cap_lines, reply_bytes;
	int busy;  /* inside a callback of this connection */
	int freed; /* ucl_ev_free() was called from a callback */
};

static void ucl_ev_io(struct ev_loop *loop, int fd, unsigned events, void *arg);

static void ucl_ev_lines_free(struct ucl_ev *c)
{
	size_t i;

	for (i = 0; i < c->nlines; i++)
		free(c->lines[i].argv); /* words live in the same block */
	free(c->lines);
	c->lines = NULL;
	c->nlines = c->cap_lines = c->reply_bytes = 0;
	c->in_list = 0;
}

static void ucl_ev_timer_stop(struct ucl_ev *c)
{
	if (c->timer != 0)
		ev_timer_cancel(c->loop, c->timer);
	c->timer = 0;
}

static void ucl_ev_expired(struct ev_loop *loop, void *arg);

static void ucl_ev_timer_start(struct ucl_ev *c)
{
	ucl_ev_timer_stop(c);
	c->timer = ev_timer_add(c->loop, (uint64_t)c->timeout_ms, 0, ucl_ev_expired, c);
}

/* Closes the socket and answers every queued request with "no reply". */
static void ucl_ev_shut(struct ucl_ev *c)
{
	struct ucl_ev_reply none = {0, 0, 0, 0, NULL};
	struct ucl_ev_req *q;

	ucl_ev_timer_stop(c);
	if (c->fd >= 0) {
		ev_io_del(c->loop, c->fd);
		(void)close(c->fd);
		c->fd = -1;
	}
	if (c->ai_all != NULL)
		freeaddrinfo(c->ai_all);
	c->ai_all = c->ai_next = NULL;
	c->state = UEV_DOWN;
	proto_tok_reset(&c->tok);
	buf_reset(&c->out);
	ucl_ev_lines_free(c);
	c->busy++;
	while ((q = c->head) != NULL) {
		c->head = q->next;
		c->nreq--;
		if (c->head == NULL)
			c->tail = NULL;
		q->cb(c, &none, q->arg);
		free(q);
	}
	c->busy--;
}

/* The connection failed: shut it, then tell the owner. */
static void ucl_ev_down(struct ucl_ev *c, const char *why)
{
	ucl_ev_shut(c);
	if (!c->freed) {
		c->busy++;
		c->on_state(c, 0, why, c->arg);
		c->busy--;
	}
}

static void ucl_ev_expired(struct ev_loop *loop, void *arg)
{
	struct ucl_ev *c = arg;

	(void)loop;
	c->timer = 0;
	ucl_ev_down(c, c->state == UEV_CONNECTING ? "connect timed out" : "no reply in time");
	if (c->freed && c->busy == 0)
		ucl_ev_free(c);
}

struct ucl_ev *ucl_ev_new(struct ev_loop *loop, const char *host, uint16_t port, int timeout_ms,
                          ucl_ev_state_cb on_state, void *arg)
{
	struct ucl_ev *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->host = strdup(host != NULL && *host != '\0' ? host : "localhost");
	if (c->host == NULL || proto_tok_init(&c->tok, 0, PROTO_MAX_LINE, PROTO_MAX_ARGS) < 0 ||
	    buf_init(&c->out, UCL_EV_OUT_MAX) < 0) {
		free(c->host);
		free(c);
		return NULL;
	}
	(void)snprintf(c->port, sizeof(c->port), "%u", (unsigned)port);
	c->loop = loop;
	c->timeout_ms = timeout_ms > 0 ? timeout_ms : UCL_TIMEOUT_S * 1000;
	c->on_state = on_state;
	c->arg = arg;
	c->fd = -1;
	return c;
}

void ucl_ev_free(struct ucl_ev *c)
{
	if (c == NULL)
		return;
	if (c->busy > 0) { /* from a callback: finished when it returns */
		c->freed = 1;
		return;
	}
	c->freed = 1;
	ucl_ev_shut(c);
	proto_tok_free(&c->tok);
	buf_free(&c->out);
	free(c->host);
	free(c);
}

void ucl_ev_close(struct ucl_ev *c)
{
	ucl_ev_shut(c);
}

int ucl_ev_is_up(const struct ucl_ev *c)
{
	return c->state == UEV_UP;
}

size_t ucl_ev_pending(const struct ucl_ev *c)
{
	return c->nreq;
}

/* Starts a non-blocking connect to the next address; 0 started, -1 none left. */
static int ucl_ev_try_next(struct ucl_ev *c, int *err)
{
	while (c->ai_next != NULL) {
		struct addrinfo *ai = c->ai_next;
		int fd;

		c->ai_next = ai->ai_next;
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK,
		            ai->ai_protocol);
		if (fd < 0) {
			*err = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) < 0 && errno != EINPROGRESS) {
			*err = errno;
			(void)close(fd);
			continue;
		}
		if (ev_io_add(c->loop, fd, EV_WRITE, ucl_ev_io, c) < 0) {
			*err = errno;
			(void)close(fd);
			continue;
		}
		c->fd = fd;
		return 0;
	}
	return -1;
}

int ucl_ev_connect(struct ucl_ev *c)
{
	struct addrinfo hints;
	char why[160];
	int rc, err = ECONNREFUSED;

	if (c->state != UEV_DOWN)
		return 0;
	memset(&hints, 0, sizeof(hints));
	hints.ai_socktype = SOCK_STREAM;
	rc = getaddrinfo(c->host, c->port, &hints, &c->ai_all);
	if (rc != 0) {
		c->ai_all = NULL;
		(void)snprintf(why, sizeof(why), "%s: %s", c->host, gai_strerror(rc));
		goto failed;
	}
	c->ai_next = c->ai_all;
	c->state = UEV_CONNECTING;
	if (ucl_ev_try_next(c, &err) < 0) {
		(void)snprintf(why, sizeof(why), "connect: %s", strerror(err));
		goto failed;
	}
	ucl_ev_timer_start(c);
	return 0;
failed:
	c->busy++; /* the state callback may free c */
	ucl_ev_down(c, why);
	c->busy--;
	if (c->freed)
		ucl_ev_free(c);
	return -1;
}

/* The socket became writable while connecting: connected, or next address. */
static void ucl_ev_connected(struct ucl_ev *c)
{
	char why[160];
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err, &len) < 0)
		err = errno;
	if (err != 0) {
		ev_io_del(c->loop, c->fd);
		(void)close(c->fd);
		c->fd = -1;
		if (ucl_ev_try_next(c, &err) < 0) {
			(void)snprintf(why, sizeof(why), "connect: %s", strerror(err));
			ucl_ev_down(c, why);
		}
		return;
	}
	freeaddrinfo(c->ai_all);
	c->ai_all = c->ai_next = NULL;
	(void)net_set_nodelay(c->fd);
	c->state = UEV_UP;
	ucl_ev_timer_stop(c);
	(void)ev_io_mod(c->loop, c->fd, EV_READ);
	c->busy++;
	c->on_state(c, 1, NULL, c->arg);
	c->busy--;
}

static int ucl_ev_flush(struct ucl_ev *c)
{
	while (buf_used(&c->out) > 0) {
		if (buf_write_fd(&c->out, c->fd) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			return -1;
		}
	}
	(void)ev_io_mod(c->loop, c->fd, buf_used(&c->out) > 0 ? EV_READ | EV_WRITE : EV_READ);
	return 0;
}

int ucl_ev_request(struct ucl_ev *c, int list, int argc, const char *const *argv,
                   ucl_ev_reply_cb cb, void *arg)
{
	char line[PROTO_MAX_LINE + 2];
	struct ucl_ev_req *q;
	int len;

	if (c->state != UEV_UP || c->nreq >= UCL_EV_MAX_QUEUED || argc < 1 || cb == NULL)
		return -1;
	len = ucl_build(line, sizeof(line), argv[0], (size_t)argc - 1, (const char **)argv + 1);
	if (len < 0)
		return -1;
	q = calloc(1, sizeof(*q));
	if (q == NULL)
		return -1;
	if (buf_append(&c->out, line, (size_t)len) < 0) {
		free(q);
		return -1;
	}
	q->list = list;
	q->cb = cb;
	q->arg = arg;
	if (c->tail != NULL)
		c->tail->next = q;
	else
		c->head = q;
	c->tail = q;
	if (c->nreq++ == 0)
		ucl_ev_timer_start(c); /* the oldest request's wait begins */
	if (ucl_ev_flush(c) < 0) {
		/* Queued already: its callback says it failed, from the loop. */
		ucl_ev_timer_stop(c);
		c->timer = ev_timer_add(c->loop, 0, 0, ucl_ev_expired, c);
	}
	return 0;
}

/* Copies the tokenizer's current line into one block (argv, then words). */
static int ucl_ev_keep_line(struct ucl_ev *c)
{
	size_t need = 0, i;
	char **argv, *p;
	int k;

	if (c->nlines >= UCL_EV_MAX_LIST_LINES)
		return -1;
	for (k = 0; k < c->tok.argc; k++)
		need += strlen(c->tok.argv[k]) + 1;
	if (c->reply_bytes + need > UCL_EV_MAX_REPLY)
		return -1;
	if (c->nlines == c->cap_lines) {
		size_t ncap = c->cap_lines ? c->cap_lines * 2 : 16;
		struct ucl_ev_line *nl = realloc(c->lines, ncap * sizeof(*nl));

		if (nl == NULL)
			return -1;
		c->lines = nl;
		c->cap_lines = ncap;
	}
	argv = malloc(((size_t)c->tok.argc + 1) * sizeof(char *) + need);
	if (argv == NULL)
		return -1;
	p = (char *)(argv + c->tok.argc + 1);
	for (k = 0; k < c->tok.argc; k++) {
		i = strlen(c->tok.argv[k]) + 1;
		memcpy(p, c->tok.argv[k], i);
		argv[k] = p;
		p += i;
	}
	argv[c->tok.argc] = NULL;
	c->lines[c->nlines].argc = c->tok.argc;
	c->lines[c->nlines].argv = argv;
	c->nlines++;
	c->reply_bytes += need;
	return 0;
}

/* Hands the head request its reply. */
static void ucl_ev_answer(struct ucl_ev *c, int is_err, int err)
{
	struct ucl_ev_req *q = c->head;
	struct ucl_ev_reply r = {1, is_err, err, c->nlines, c->lines};

	c->head = q->next;
	if (c->head == NULL)
		c->tail = NULL;
	c->nreq--;
	if (c->nreq > 0)
		ucl_ev_timer_start(c);
	else
		ucl_ev_timer_stop(c);
	c->busy++;
	q->cb(c, &r, q->arg);
	c->busy--;
	free(q);
	ucl_ev_lines_free(c);
}

/* One reply line. -1 when it breaks the protocol. */
static int ucl_ev_line(struct ucl_ev *c)
{
	const char *w0 = c->tok.argv[0];

	if (c->head == NULL)
		return -1; /* upsd never speaks first */
	if (c->in_list) {
		if (strcasecmp(w0, "END") == 0 && c->tok.argc >= 2 &&
		    strcasecmp(c->tok.argv[1], "LIST") == 0) {
			ucl_ev_answer(c, 0, 0);
			return 0;
		}
		return ucl_ev_keep_line(c);
	}
	if (strcasecmp(w0, "ERR") == 0) {
		if (ucl_ev_keep_line(c) < 0)
			return -1;
		ucl_ev_answer(c, 1, ucl_err_from_word(c->tok.argc > 1 ? c->tok.argv[1] : NULL));
		return 0;
	}
	if (c->head->list) {
		if (strcasecmp(w0, "BEGIN") != 0 || c->tok.argc < 2 ||
		    strcasecmp(c->tok.argv[1], "LIST") != 0)
			return -1;
		c->in_list = 1;
		ucl_ev_timer_start(c); /* progress */
		return 0;
	}
	if (ucl_ev_keep_line(c) < 0)
		return -1;
	ucl_ev_answer(c, 0, 0);
	return 0;
}

static void ucl_ev_read(struct ucl_ev *c)
{
	char data[UCL_RBUF_LEN];
	size_t off, used;
	ssize_t n;
	int rounds;

	for (rounds = 0; rounds < 16 && c->state == UEV_UP && !c->freed; rounds++) {
		n = read(c->fd, data, sizeof(data));
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
			return;
		if (n <= 0) {
			ucl_ev_down(c, n == 0 ? "server closed the connection" : strerror(errno));
			return;
		}
		for (off = 0; off < (size_t)n && c->state == UEV_UP && !c->freed; off += used) {
			enum proto_result r =
			    proto_feed(&c->tok, data + off, (size_t)n - off, &used);

			if (r == PROTO_MORE)
				continue;
			if (r != PROTO_LINE || ucl_ev_line(c) < 0) {
				ucl_ev_down(c, r != PROTO_LINE ? proto_strerror(r)
				                               : "reply does not fit the request");
				return;
			}
		}
		if ((size_t)n < sizeof(data))
			return;
	}
}

static void ucl_ev_io(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct ucl_ev *c = arg;

	(void)loop;
	(void)fd;
	c->busy++;
	if (c->state == UEV_CONNECTING) {
		ucl_ev_connected(c);
	} else if (c->state == UEV_UP) {
		if ((events & EV_WRITE) && ucl_ev_flush(c) < 0)
			ucl_ev_down(c, strerror(errno));
		else if (events & (EV_READ | EV_ERROR))
			ucl_ev_read(c);
	}
	c->busy--;
	if (c->freed && c->busy == 0)
		ucl_ev_free(c);
}
