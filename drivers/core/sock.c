/* sock: the driver end of the driver socket <STATEPATH>/<driver>-<ups>.
 * Clients (upsd, debugging tools) send DUMPALL, PING, INSTCMD, SET, ...; the
 * driver answers and pushes every state change as it happens. Each client has
 * a bounded output queue: a client that stops reading is dropped, never allowed
 * to stall the driver or make it grow without limit. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "core.h"
#include "drvproto.h"
#include "log.h"
#include "net.h"
#include "proto.h"
#include "strutil.h"

#define DSOCK_MAX_CLIENTS 64
#define DSOCK_MAX_OUT                                                                              \
	(4u << 20) /* bytes queued per client; a full DUMPALL of                                   \
	            * the largest devices is ~100 kB */
#define DSOCK_READ_CHUNK 4096

struct dsock_client {
	int fd;
	int broadcast; /* receives deltas (BROADCAST 1, the default) */
	int closing;   /* LOGOUT: close once the queue is flushed */
	int dead;      /* closed while a callback still uses it: freed by the reaper */
	struct proto_tok tok;
	struct buf out;
	struct drv_sock *s;
};

struct drv_sock {
	struct drv_ctx *d;
	int lfd;
	char path[4096];
	struct dsock_client *clients[DSOCK_MAX_CLIENTS];
	size_t nclients;
	int busy; /* inside a client callback: closing clients is deferred */
	/* Deltas are queued as they are published and written once per loop
	 * turn, so one poll's changes reach upsd as one batch (one write). */
	ev_timer_id flush_timer; /* 0 when nothing is waiting */
};

typedef void (*dsock_handler)(struct dsock_client *c, int argc, char **argv);

struct dsock_cmd {
	const char *name;
	int min_args, max_args; /* words after the command, TRACKING <id> excluded */
	int tracking;           /* accepts a trailing "TRACKING <id>" */
	dsock_handler fn;
};

static void dsock_client_free(struct dsock_client *c)
{
	struct drv_sock *s = c->s;
	size_t i;

	(void)close(c->fd);
	proto_tok_free(&c->tok);
	buf_free(&c->out);
	for (i = 0; i < s->nclients; i++) {
		if (s->clients[i] == c) {
			s->clients[i] = s->clients[--s->nclients];
			break;
		}
	}
	log_debug(2, "ups %s: socket client %d gone", s->d->upsname, c->fd);
	free(c);
}

/* Closing may happen deep inside a handler (a broadcast to a full queue);
 * then the client is only marked and freed once the callback unwinds. */
static void dsock_client_close(struct dsock_client *c)
{
	if (c->dead)
		return;
	ev_io_del(c->s->d->loop, c->fd);
	c->dead = 1;
	if (c->s->busy == 0)
		dsock_client_free(c);
}

static void dsock_reap(struct drv_sock *s)
{
	size_t i;

	for (i = s->nclients; i > 0; i--) {
		if (i - 1 < s->nclients && s->clients[i - 1]->dead)
			dsock_client_free(s->clients[i - 1]);
	}
}

/* Writes what the kernel takes now and watches for writability when more is
 * left. Returns -1 when the client was closed. */
static int dsock_flush(struct dsock_client *c)
{
	unsigned ev = EV_READ;

	while (buf_used(&c->out) > 0) {
		if (buf_write_fd(&c->out, c->fd) < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			log_debug(1, "ups %s: socket write: %s", c->s->d->upsname, strerror(errno));
			dsock_client_close(c);
			return -1;
		}
	}
	if (buf_used(&c->out) > 0)
		ev |= EV_WRITE;
	else if (c->closing) {
		dsock_client_close(c);
		return -1;
	}
	(void)ev_io_mod(c->s->d->loop, c->fd, ev);
	return 0;
}

/* Queues bytes; a client whose queue is full is dropped (it will reconnect
 * and DUMPALL), which is better than blocking every other client. */
static int dsock_queue(struct dsock_client *c, const char *p, size_t n)
{
	if (buf_append(&c->out, p, n) < 0) {
		log_warnx("ups %s: socket client not reading (%u bytes queued), dropped",
		          c->s->d->upsname, DSOCK_MAX_OUT);
		dsock_client_close(c);
		return -1;
	}
	return 0;
}

static int dsock_reply(struct dsock_client *c, unsigned quote_mask, int argc,
                       const char *const *argv)
{
	if (drp_line(&c->out, quote_mask, argc, argv) < 0) {
		log_warnx("ups %s: socket client queue full, dropped", c->s->d->upsname);
		dsock_client_close(c);
		return -1;
	}
	return 0;
}

static void dsock_tracking(struct dsock_client *c, const char *id, int status)
{
	char num[16];
	const char *w[3] = {"TRACKING", id, num};

	if (id == NULL)
		return;
	(void)snprintf(num, sizeof(num), "%d", status);
	(void)dsock_reply(c, 0, 3, w);
}

static void h_dumpall(struct dsock_client *c, int argc, char **argv)
{
	static const char *const done[1] = {"DUMPDONE"};
	const char *w[1];

	if (drp_dump(c->s->d->tree, &c->out) < 0) {
		log_warnx("ups %s: state dump does not fit the client queue", c->s->d->upsname);
		dsock_client_close(c);
		return;
	}
	w[0] = c->s->d->data_ok ? "DATAOK" : "DATASTALE";
	if (dsock_reply(c, 0, 1, w) == 0)
		(void)dsock_reply(c, 0, 1, done);
}

static void h_ping(struct dsock_client *c, int argc, char **argv)
{
	static const char *const w[1] = {"PONG"};

	(void)dsock_reply(c, 0, 1, w);
}

static void h_getpid(struct dsock_client *c, int argc, char **argv)
{
	char num[24];
	const char *w[2] = {"PID", num};

	(void)snprintf(num, sizeof(num), "%ld", (long)getpid());
	(void)dsock_reply(c, 0, 2, w);
}

/* INSTCMD <cmd> [<extra>] [TRACKING <id>]; argc excludes the TRACKING pair,
 * passed as argv[argc + 1] by dsock_dispatch. */
static void h_instcmd(struct dsock_client *c, int argc, char **argv)
{
	const char *id = argv[argc] != NULL ? argv[argc + 1] : NULL;
	int r = drv_do_instcmd(c->s->d, argv[1], argc > 2 ? argv[2] : NULL, id);

	if (r != DRP_PENDING)
		dsock_tracking(c, id, r);
}

static void h_set(struct dsock_client *c, int argc, char **argv)
{
	const char *id = argv[argc] != NULL ? argv[argc + 1] : NULL;
	int r = drv_do_setvar(c->s->d, argv[1], argv[2], id);

	if (r != DRP_PENDING)
		dsock_tracking(c, id, r);
}

static void h_broadcast(struct dsock_client *c, int argc, char **argv)
{
	long on = 1;

	if (argc > 1 && conf_parse_long(argv[1], 0, 1, &on) < 0)
		return;
	c->broadcast = on != 0;
}

static void h_nobroadcast(struct dsock_client *c, int argc, char **argv)
{
	c->broadcast = 0;
}

static void h_logout(struct dsock_client *c, int argc, char **argv)
{
	c->closing = 1;
}

/* Commands from upsd to the driver. Unknown ones are ignored (logged at debug
 * level), as a newer upsd may send things this driver does not know. */
static const struct dsock_cmd dsock_cmds[] = {
    {"DUMPALL", 0, 0, 0, h_dumpall},
    {"PING", 0, 0, 0, h_ping},
    {"GETPID", 0, 0, 0, h_getpid},
    {"INSTCMD", 1, 2, 1, h_instcmd},
    {"SET", 2, 2, 1, h_set},
    {"BROADCAST", 0, 1, 0, h_broadcast},
    {"NOBROADCAST", 0, 0, 0, h_nobroadcast},
    {"LOGOUT", 0, 0, 0, h_logout},
    {NULL, 0, 0, 0, NULL},
};

static void dsock_dispatch(struct dsock_client *c, int argc, char **argv)
{
	const struct dsock_cmd *cmd;
	int nargs;

	for (cmd = dsock_cmds; cmd->name != NULL; cmd++) {
		if (strcasecmp(cmd->name, argv[0]) == 0)
			break;
	}
	if (cmd->name == NULL) {
		log_debug(1, "ups %s: socket: unknown command '%s'", c->s->d->upsname, argv[0]);
		return;
	}
	/* A trailing TRACKING <id> is cut off here; handlers find the id at
	 * argv[argc + 1] (argv[argc] is then the "TRACKING" word). */
	if (cmd->tracking && argc >= 4 && strcasecmp(argv[argc - 2], "TRACKING") == 0) {
		argc -= 2;
	} else if (argc - 1 > cmd->max_args) {
		/* Extra words are ignored, as NUT's drivers do ("PING x" still
		 * pongs). The line is ours until the next feed, so it may be cut. */
		argc = cmd->max_args + 1;
		argv[argc] = NULL;
	}
	nargs = argc - 1;
	if (nargs < cmd->min_args || nargs > cmd->max_args) {
		log_debug(1, "ups %s: socket: %s with %d arguments ignored", c->s->d->upsname,
		          cmd->name, nargs);
		return;
	}
	cmd->fn(c, argc, argv);
}

static void dsock_client_work(struct dsock_client *c, int fd, unsigned events);
static void dsock_flush_all(struct ev_loop *loop, void *arg);

static void dsock_client_io(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct dsock_client *c = arg;
	struct drv_sock *s = c->s;

	s->busy++;
	dsock_client_work(c, fd, events);
	s->busy--;
	if (s->busy == 0)
		dsock_reap(s);
}

static void dsock_client_work(struct dsock_client *c, int fd, unsigned events)
{
	char data[DSOCK_READ_CHUNK];
	ssize_t n;
	size_t off, used;

	if (events & EV_WRITE) {
		if (dsock_flush(c) < 0)
			return;
	}
	if (!(events & (EV_READ | EV_ERROR)))
		return;
	n = read(fd, data, sizeof(data));
	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		dsock_client_close(c);
		return;
	}
	for (off = 0; off < (size_t)n; off += used) {
		enum proto_result r = proto_feed(&c->tok, data + off, (size_t)n - off, &used);

		if (r == PROTO_LINE) {
			/* The argv array is reused by the next feed; handlers
			 * finish with it first. */
			dsock_dispatch(c, c->tok.argc, c->tok.argv);
			if (c->closing || c->dead)
				break;
		} else if (r != PROTO_MORE) {
			log_debug(1, "ups %s: socket: %s", c->s->d->upsname, proto_strerror(r));
		}
	}
	if (!c->dead)
		(void)dsock_flush(c);
}

static void dsock_accept(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct drv_sock *s = arg;
	struct sockaddr_storage ss;
	socklen_t sslen;
	struct dsock_client *c;
	int cfd;

	for (;;) {
		sslen = sizeof(ss);
		cfd = net_accept(fd, &ss, &sslen);
		if (cfd < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR)
				log_warn("ups %s: accept", s->d->upsname);
			return;
		}
		if (s->nclients >= DSOCK_MAX_CLIENTS) {
			log_warnx("ups %s: more than %d socket clients, refused", s->d->upsname,
			          DSOCK_MAX_CLIENTS);
			(void)close(cfd);
			continue;
		}
		c = calloc(1, sizeof(*c));
		if (c == NULL || proto_tok_init(&c->tok, 0, PROTO_MAX_LINE, PROTO_MAX_ARGS) < 0) {
			free(c);
			(void)close(cfd);
			continue;
		}
		if (buf_init(&c->out, DSOCK_MAX_OUT) < 0) {
			proto_tok_free(&c->tok);
			free(c);
			(void)close(cfd);
			continue;
		}
		c->fd = cfd;
		c->broadcast = 1;
		c->s = s;
		if (ev_io_add(loop, cfd, EV_READ, dsock_client_io, c) < 0) {
			proto_tok_free(&c->tok);
			buf_free(&c->out);
			free(c);
			(void)close(cfd);
			continue;
		}
		s->clients[s->nclients++] = c;
		log_debug(2, "ups %s: socket client %d connected", s->d->upsname, cfd);
	}
}

struct drv_sock *dsock_open(struct drv_ctx *d, const char *path, char *err, size_t errlen)
{
	struct drv_sock *s;

	s = calloc(1, sizeof(*s));
	if (s == NULL) {
		(void)str_fmt(err, errlen, "out of memory");
		return NULL;
	}
	s->d = d;
	if (str_copy(s->path, sizeof(s->path), path) < 0) {
		(void)str_fmt(err, errlen, "socket path too long");
		free(s);
		return NULL;
	}
	s->lfd = net_listen_unix(path, 16, 0660, err, errlen);
	if (s->lfd < 0) {
		int e = errno; /* the caller tells EACCES apart */

		free(s);
		errno = e;
		return NULL;
	}
	/* No chown/chmod by name here: the mode comes from bind() and the owner
	 * from the identity the caller created it under (a name in STATEPATH
	 * can be swapped for a symlink by anyone who may write there). */
	if (ev_io_add(d->loop, s->lfd, EV_READ, dsock_accept, s) < 0) {
		(void)str_fmt(err, errlen, "event loop: %s", strerror(errno));
		(void)close(s->lfd);
		(void)unlink(path);
		free(s);
		return NULL;
	}
	return s;
}

void dsock_close(struct drv_sock *s)
{
	if (s == NULL)
		return;
	if (s->flush_timer != 0) {
		ev_timer_cancel(s->d->loop, s->flush_timer);
		dsock_flush_all(s->d->loop, s); /* what is queued still goes, if it can */
	}
	while (s->nclients > 0)
		dsock_client_free(s->clients[0]);
	ev_io_del(s->d->loop, s->lfd);
	(void)close(s->lfd);
	(void)unlink(s->path);
	free(s);
}

/* The end of a loop turn that published something: one write per client. */
static void dsock_flush_all(struct ev_loop *loop, void *arg)
{
	struct drv_sock *s = arg;
	size_t i;

	(void)loop;
	s->flush_timer = 0;
	s->busy++;
	for (i = s->nclients; i > 0; i--) {
		struct dsock_client *c = s->clients[i - 1];

		if (!c->dead && buf_used(&c->out) > 0)
			(void)dsock_flush(c);
	}
	s->busy--;
	dsock_reap(s);
}

void dsock_broadcast(struct drv_sock *s, const char *line, size_t len, int all)
{
	size_t i;

	/* Walk backwards: a client dropped for a full queue is swapped with the
	 * last one, which was already served. */
	for (i = s->nclients; i > 0; i--) {
		struct dsock_client *c = s->clients[i - 1];

		if ((!c->broadcast && !all) || c->closing || c->dead)
			continue;
		(void)dsock_queue(c, line, len);
	}
	if (s->flush_timer == 0) {
		s->flush_timer = ev_timer_add(s->d->loop, 0, 0, dsock_flush_all, s);
		if (s->flush_timer == 0) /* no timer: fall back to writing now */
			dsock_flush_all(s->d->loop, s);
	}
}

size_t dsock_nclients(const struct drv_sock *s)
{
	return s->nclients;
}
