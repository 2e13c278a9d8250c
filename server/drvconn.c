/* drvconn: driver links.
 *
 * Behaviour measured on NUT 2.8.0's upsd and kept: on connect the mirror is
 * emptied and holds only ups.status "WAIT" (flags none) until the driver's
 * dump replaces it; the data is served while the dump is still coming; a
 * DATASTALE line makes every data command answer ERR DATA-STALE until DATAOK;
 * a closed socket makes them answer ERR DRIVER-NOT-CONNECTED. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drvconn.h"
#include "drvproto.h"
#include "log.h"
#include "net.h"
#include "paths.h"
#include "strutil.h"

static void drvconn_io(struct ev_loop *loop, int fd, unsigned events, void *arg);

struct ups_entry *drvconn_new(struct upsd *u, const char *name, const char *driver,
                              const char *desc, const char *statepath)
{
	struct ups_entry *e = calloc(1, sizeof(*e));
	char path[4096];

	if (e == NULL)
		return NULL;
	e->u = u;
	e->fd = -1;
	if (path_driver_socket(path, sizeof(path), statepath, driver, name) < 0) {
		log_warnx("ups %s: socket path %s/%s-%s: %s", name, statepath, driver, name,
		          errno == EINVAL ? "bad driver or UPS name" : "too long");
		free(e);
		return NULL;
	}
	e->name = strdup(name);
	e->driver = strdup(driver);
	e->sockpath = strdup(path);
	e->desc = desc != NULL ? strdup(desc) : NULL;
	e->tree = st_new();
	if (e->name == NULL || e->driver == NULL || e->sockpath == NULL ||
	    (desc != NULL && e->desc == NULL) || e->tree == NULL ||
	    proto_tok_init(&e->tok, 0, UPSD_DRV_LINE_MAX, PROTO_MAX_ARGS) < 0 ||
	    buf_init(&e->out, UPSD_DRV_OUTQ_MAX) < 0) {
		drvconn_free(e);
		return NULL;
	}
	e->retry_ms = UPSD_RETRY_MIN_MS;
	return e;
}

static void drvconn_close(struct ups_entry *e, const char *why)
{
	uint64_t now = ev_now_ms();

	if (e->fd >= 0) {
		log_warnx("ups %s: lost driver connection (%s)", e->name, why);
		ev_io_del(e->u->loop, e->fd);
		close(e->fd);
		e->fd = -1;
	}
	st_clear(e->tree);
	buf_reset(&e->out);
	proto_tok_reset(&e->tok);
	e->dumpdone = 0;
	e->driver_stale = 0;
	e->time_stale = 0;
	e->retry_at_ms = now + e->retry_ms;
	e->retry_ms = e->retry_ms * 2 > UPSD_RETRY_MAX_MS ? UPSD_RETRY_MAX_MS : e->retry_ms * 2;
	drvconn_schedule(e);
}

void drvconn_free(struct ups_entry *e)
{
	if (e == NULL)
		return;
	if (e->timer != 0)
		ev_timer_cancel(e->u->loop, e->timer);
	if (e->fd >= 0) {
		ev_io_del(e->u->loop, e->fd);
		close(e->fd);
	}
	proto_tok_free(&e->tok);
	buf_free(&e->out);
	st_free(e->tree);
	free(e->name);
	free(e->driver);
	free(e->desc);
	free(e->sockpath);
	free(e);
}

void drvconn_set_desc(struct ups_entry *e, const char *desc)
{
	char *d = desc != NULL ? strdup(desc) : NULL;

	if (desc != NULL && d == NULL)
		return; /* keep the old one rather than lose it */
	free(e->desc);
	e->desc = d;
}

/* Writes what the socket takes now; asks for write readiness for the rest. */
static int drvconn_flush(struct ups_entry *e)
{
	if (buf_write_fd(&e->out, e->fd) < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
		drvconn_close(e, strerror(errno));
		return -1;
	}
	if (buf_used(&e->out) > 0)
		(void)ev_io_mod(e->u->loop, e->fd, EV_READ | EV_WRITE);
	return 0;
}

/* Queues a line for the driver. */
static int drvconn_send(struct ups_entry *e, const char *line)
{
	if (e->fd < 0)
		return -1;
	if (buf_append(&e->out, line, strlen(line)) < 0) {
		drvconn_close(e, "output queue full");
		return -1;
	}
	return drvconn_flush(e);
}

int drvconn_request(struct ups_entry *e, unsigned quote_mask, int argc, const char *const *argv)
{
	if (e->fd < 0)
		return -1;
	/* Too long, or the queue towards the driver is full: nothing was
	 * queued, so only this request fails. The link stays for everyone
	 * else; a driver that stopped reading goes stale through MAXAGE. */
	if (drp_line(&e->out, quote_mask, argc, argv) < 0)
		return -1;
	return drvconn_flush(e);
}

int drvconn_connect(struct ups_entry *e)
{
	char err[256];
	uint64_t now = ev_now_ms();
	int fd;

	if (e->fd >= 0)
		return 0;
	fd = net_connect_unix(e->sockpath, 1, err, sizeof(err));
	if (fd < 0) {
		if (!e->warned_connect)
			log_warnx("ups %s: cannot connect to driver: %s", e->name, err);
		e->warned_connect = 1;
		e->retry_at_ms = now + e->retry_ms;
		e->retry_ms =
		    e->retry_ms * 2 > UPSD_RETRY_MAX_MS ? UPSD_RETRY_MAX_MS : e->retry_ms * 2;
		drvconn_schedule(e);
		return -1;
	}
	if (ev_io_add(e->u->loop, fd, EV_READ, drvconn_io, e) < 0) {
		log_warn("ups %s: cannot watch driver socket", e->name);
		close(fd);
		e->retry_at_ms = now + e->retry_ms;
		drvconn_schedule(e);
		return -1;
	}
	e->fd = fd;
	e->warned_connect = 0;
	st_clear(e->tree);
	/* What NUT shows until the driver's own status arrives. */
	(void)st_set(e->tree, "ups.status", "WAIT");
	e->dumpdone = 0;
	e->driver_stale = 0;
	e->time_stale = 0;
	e->last_heard_ms = now;
	e->last_ping_ms = now;
	proto_tok_reset(&e->tok);
	buf_reset(&e->out);
	log_info("ups %s: connected to driver at %s", e->name, e->sockpath);
	drvconn_schedule(e);
	return drvconn_send(e, "DUMPALL\n");
}

/* "TRACKING <id> <status>": a status that is not a number counts as
 * DRP_UNKNOWN rather than as success. */
static void drvconn_tracking(struct ups_entry *e, const char *id, const char *status)
{
	char *end;
	long v = strtol(status, &end, 10);
	int st = (*status != '\0' && *end == '\0' && v >= 0 && v <= 255) ? (int)v : DRP_UNKNOWN;

	if (tracking_done(&e->u->tracking, id, st) < 0)
		log_debug(1, "ups %s: result for tracking id %s that is not held (expired?)",
		          e->name, id);
	else
		log_debug(1, "ups %s: tracking id %s: status %d", e->name, id, st);
}

static void drvconn_line(struct ups_entry *e, int argc, char **argv)
{
	char err[256];

	err[0] = '\0';
	switch (drp_apply(e->tree, argc, argv, err, sizeof(err))) {
	case DRP_EV_DUMPDONE:
		if (!e->dumpdone)
			log_debug(1, "ups %s: driver dump complete (%zu variables)", e->name,
			          st_count(e->tree));
		e->dumpdone = 1;
		e->retry_ms = UPSD_RETRY_MIN_MS; /* a healthy link resets the back-off */
		break;
	case DRP_EV_DATAOK:
		if (e->driver_stale)
			log_info("ups %s: data is no longer stale", e->name);
		e->driver_stale = 0;
		break;
	case DRP_EV_DATASTALE:
		if (!e->driver_stale)
			log_warnx("ups %s: driver says its data is stale", e->name);
		e->driver_stale = 1;
		break;
	case DRP_EV_ERROR:
		log_warnx("ups %s: driver line '%s' ignored: %s", e->name, argv[0], err);
		break;
	case DRP_EV_TRACKING:
		drvconn_tracking(e, argv[1], argv[2]);
		break;
	case DRP_EV_NONE:
	case DRP_EV_PONG:
	case DRP_EV_PID:
		break;
	}
}

static void drvconn_read(struct ups_entry *e)
{
	char data[UPSD_READ_CHUNK];
	size_t off, used;
	ssize_t n;
	int round;
	enum proto_result r;

	for (round = 0; round < UPSD_READS_PER_EVENT; round++) {
		n = read(e->fd, data, sizeof(data));
		if (n == 0) {
			drvconn_close(e, "driver closed the socket");
			return;
		}
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno != EAGAIN && errno != EWOULDBLOCK)
				drvconn_close(e, strerror(errno));
			return;
		}
		e->last_heard_ms = ev_now_ms();
		if (e->time_stale) {
			log_info("ups %s: driver is talking again", e->name);
			e->time_stale = 0;
		}
		for (off = 0; off < (size_t)n; off += used) {
			r = proto_feed(&e->tok, data + off, (size_t)n - off, &used);
			if (r == PROTO_LINE)
				drvconn_line(e, e->tok.argc, e->tok.argv);
			else if (r != PROTO_MORE)
				log_warnx("ups %s: driver line %d dropped: %s", e->name,
				          e->tok.lineno, proto_strerror(r));
			if (e->fd < 0)
				return;
		}
	}
}

static void drvconn_io(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct ups_entry *e = arg;

	(void)loop;
	(void)fd;
	if (events & EV_WRITE) {
		if (buf_write_fd(&e->out, e->fd) < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
			drvconn_close(e, strerror(errno));
			return;
		}
		if (buf_used(&e->out) == 0)
			(void)ev_io_mod(e->u->loop, e->fd, EV_READ);
	}
	if (events & (EV_READ | EV_ERROR))
		drvconn_read(e);
}

int drvconn_stale(const struct ups_entry *e, uint64_t now_ms)
{
	return e->driver_stale || now_ms - e->last_heard_ms > (uint64_t)e->u->conf.maxage_s * 1000;
}

/* The next moment something is due on the link (reading it does not touch
 * the timer: a timer that finds the driver heard from since just sets
 * itself again for later). */
static uint64_t drvconn_next_due(const struct ups_entry *e)
{
	uint64_t maxage_ms = (uint64_t)e->u->conf.maxage_s * 1000;
	uint64_t ping_ms = maxage_ms / 3;
	uint64_t due;

	if (e->fd < 0)
		return e->retry_at_ms;
	due = (e->last_heard_ms > e->last_ping_ms ? e->last_heard_ms : e->last_ping_ms) + ping_ms;
	if (!e->time_stale && e->last_heard_ms + maxage_ms + 1 < due)
		due = e->last_heard_ms + maxage_ms + 1;
	return due;
}

static void drvconn_fire(struct ev_loop *loop, void *arg)
{
	struct ups_entry *e = arg;
	uint64_t now_ms = ev_now_ms();
	uint64_t maxage_ms = (uint64_t)e->u->conf.maxage_s * 1000;
	uint64_t ping_ms = maxage_ms / 3;

	(void)loop;
	e->timer = 0;
	if (e->fd < 0) {
		if (now_ms >= e->retry_at_ms)
			(void)drvconn_connect(e); /* sets the timer again either way */
		else
			drvconn_schedule(e);
		return;
	}
	if (now_ms - e->last_heard_ms > maxage_ms) {
		if (!e->time_stale)
			log_warnx("ups %s: data is stale, no word from the driver for %d s",
			          e->name, e->u->conf.maxage_s);
		e->time_stale = 1;
	}
	/* Silence for a third of MAXAGE: ask for a sign of life, at most once per
	 * third, so a driver that answers never goes stale. */
	if (now_ms - e->last_heard_ms >= ping_ms && now_ms - e->last_ping_ms >= ping_ms) {
		e->last_ping_ms = now_ms;
		if (drvconn_send(e, "PING\n") < 0)
			return; /* the link closed and set the timer */
	}
	drvconn_schedule(e);
}

void drvconn_schedule(struct ups_entry *e)
{
	uint64_t due = drvconn_next_due(e), now = ev_now_ms();

	if (e->timer != 0)
		ev_timer_cancel(e->u->loop, e->timer);
	e->timer = ev_timer_add(e->u->loop, due > now ? due - now : 0, 0, drvconn_fire, e);
	if (e->timer == 0)
		log_warn("ups %s: cannot set the link timer", e->name);
}
