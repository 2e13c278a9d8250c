/* drvconn: upsd's side of the driver sockets. One non-blocking connection per
 * [ups] of ups.conf to <STATEPATH>/<driver>-<ups>, on the shared event loop:
 * DUMPALL on connect, every line replayed onto the UPS's mirror tree with
 * drp_apply(), PING after MAXAGE/3 of silence, stale after MAXAGE, reconnect
 * with a doubling back-off when the driver goes away. */
#ifndef UPSD_DRVCONN_H
#define UPSD_DRVCONN_H

#include "upsd.h"

/* A new, unconnected entry (strings copied); NULL on allocation failure. */
struct ups_entry *drv_new(struct upsd *u, const char *name, const char *driver, const char *desc,
                          const char *statepath);
/* Closes the link and frees the entry. */
void drv_free(struct ups_entry *e);
/* Replaces the description (reload). */
void drv_set_desc(struct ups_entry *e, const char *desc);
/* Tries to connect now (logged on first failure); 0 or -1. */
int drv_connect(struct ups_entry *e);
/* Sends one request line to the driver (words as drp_line() writes them).
 * 0, or -1 when the driver is not connected, the line is too long or the
 * queue towards the driver is full (nothing queued; the link stays). */
int drv_request(struct ups_entry *e, unsigned quote_mask, int argc, const char *const *argv);
/* Housekeeping from the server tick: reconnect, PING, stale detection. */
void drv_tick(struct ups_entry *e, uint64_t now_ms);

static inline int drv_connected(const struct ups_entry *e)
{
	return e->fd >= 0;
}
/* Connected and neither the driver nor the clock says the data is old. */
int drv_stale(const struct ups_entry *e, uint64_t now_ms);

#endif
