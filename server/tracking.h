/* tracking: the results of SET VAR and INSTCMD requests sent with a TRACKING
 * id (clients that said SET TRACKING ON). upsd makes up a random UUID per
 * request, passes it to the driver, and the driver's "TRACKING <id> <status>"
 * line fills the result in; GET TRACKING <id> reads it. Every entry is kept
 * TRACKINGDELAY seconds, so the table is a ring in creation order: expiry
 * drops from the oldest end, and a full table (TRACKING_MAX) drops the oldest
 * early rather than refuse new requests. */
#ifndef UPSD_TRACKING_H
#define UPSD_TRACKING_H

#include <stddef.h>
#include <stdint.h>

#include "drvproto.h"

#define TRACKING_MAX    4096 /* results kept at once; listed in upsd(8) */
#define TRACKING_ID_LEN 36   /* "XXXXXXXX-XXXX-4XXX-YXXX-XXXXXXXXXXXX" */

struct tracking_entry {
	char id[TRACKING_ID_LEN + 1];
	int status; /* enum drp_result (DRP_PENDING until answered), or what a driver sent */
	uint64_t born_ms;
};

struct tracking {
	struct tracking_entry *ring; /* TRACKING_MAX entries, allocated on first use */
	size_t head;                 /* index of the oldest entry */
	size_t n;
};

void tracking_free(struct tracking *t);
/* A new pending entry; its id (valid until the entry goes), or NULL when out
 * of memory. */
const char *tracking_new(struct tracking *t, uint64_t now_ms);
/* The driver's answer for id: 0, or -1 when id is unknown (expired, or never
 * ours). status is the driver's number (enum tracking_status). */
int tracking_done(struct tracking *t, const char *id, int status);
/* The reply to GET TRACKING <id>: "PENDING", "SUCCESS", "ERR FAILED" ...,
 * "ERR UNKNOWN" for an id not held (as NUT answers it). */
const char *tracking_reply(const struct tracking *t, const char *id);
/* Drops entries older than keep_ms. */
void tracking_expire(struct tracking *t, uint64_t now_ms, uint64_t keep_ms);
/* Writes a random version-4 UUID in NUT's spelling (upper-case hex). */
void tracking_make_id(char out[TRACKING_ID_LEN + 1]);

#endif
