/* drvconn: upsd's side of the driver sockets. One non-blocking connection per
 * [ups] of ups.conf to <STATEPATH>/<driver>-<ups>, on the shared event loop:
 * DUMPALL on connect, every line replayed onto the UPS's mirror tree with
 * drp_apply(), PING after MAXAGE/3 of silence, stale after MAXAGE, reconnect
 * with a doubling back-off when the driver goes away; each link has one timer
 * set for its next deadline, so an idle link wakes upsd only to PING. */
#ifndef UPSD_DRVCONN_H
#define UPSD_DRVCONN_H

#include "buf.h"
#include "proto.h"
#include "upsd.h"

/* One [ups] of ups.conf and the mirror of its driver's state. */
struct ups_entry {
	struct upsd *u;
	char *name;
	char *driver;
	char *desc;           /* "desc" of ups.conf, or NULL */
	char *sockpath;       /* <STATEPATH>/<driver>-<name> */
	struct st_tree *tree; /* mirror; valid while connected */
	int fd;               /* -1 when not connected */
	struct proto_tok tok;
	struct buf out; /* lines waiting to go to the driver */
	int dumpdone;
	int driver_stale; /* the driver said DATASTALE */
	int time_stale;   /* silent for more than MAXAGE (logged once) */
	int fsd;          /* a primary set forced shutdown; shown in ups.status */
	int keep;         /* reload bookkeeping */
	uint64_t last_heard_ms;
	uint64_t last_ping_ms;
	uint64_t retry_at_ms;
	uint64_t retry_ms;
	ev_timer_id timer;  /* next PING, stale check or reconnect; 0 when none is set */
	int warned_connect; /* "cannot connect" logged since the last success */
};

/* A new, unconnected entry (strings copied); NULL on allocation failure. */
struct ups_entry *drvconn_new(struct upsd *u, const char *name, const char *driver,
                              const char *desc, const char *statepath);
/* Closes the link and frees the entry. */
void drvconn_free(struct ups_entry *e);
/* Replaces the description (reload). */
void drvconn_set_desc(struct ups_entry *e, const char *desc);
/* Tries to connect now (logged on first failure); 0 or -1. */
int drvconn_connect(struct ups_entry *e);
/* Sends one request line to the driver (words as drp_line() writes them).
 * 0, or -1 when the driver is not connected, the line is too long or the
 * queue towards the driver is full (nothing queued; the link stays). */
int drvconn_request(struct ups_entry *e, unsigned quote_mask, int argc, const char *const *argv);
/* Sets the link's timer for its next deadline (reconnect when down; PING
 * after MAXAGE/3 of silence and the stale mark after MAXAGE when up); called
 * on every state change and again when MAXAGE changes. */
void drvconn_schedule(struct ups_entry *e);

static inline int drvconn_connected(const struct ups_entry *e)
{
	return e->fd >= 0;
}
/* Connected and neither the driver nor the clock says the data is old. */
int drvconn_stale(const struct ups_entry *e, uint64_t now_ms);

#endif
