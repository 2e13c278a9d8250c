/* upsd.h: the server context every upsd module shares: the configuration in
 * force, the UPS table mirrored from the drivers, the user table and the list
 * of network clients, all reached from one struct upsd passed explicitly.
 *
 * Tour: main.c (options, privilege drop, loop) -> upsd.c (load/reload of the
 * three files, UPS table, the idle-timeout and TRACKINGDELAY timers) ->
 * listen.c (accept loop, MAXCONN) -> client.c (input in bounded turns,
 * output queue with backpressure, idle expiry) ->
 * cmdtab.c (the command table and its one dispatcher) -> cmd_*.c (handlers)
 * -> drvconn.c (driver sockets, WAIT/stale/reconnect). upsdconf.c, users.c
 * and desc.c are the config readers and the description table. */
#ifndef UPSD_UPSD_H
#define UPSD_UPSD_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "ev.h"
#include "proto.h"
#include "state.h"
#include "tracking.h"
#include "users.h"

/* Limits; each is listed in upsd(8). */
#define UPSD_MAX_LISTENERS  32          /* sockets from all LISTEN lines */
#define UPSD_REPLY_MAX      (4u << 20)  /* bytes of one reply (a whole LIST) */
#define UPSD_OUTQ_HIWAT     (16u << 10) /* queued output at which a client is no longer read ... */
#define UPSD_OUTQ_LOWAT     (4u << 10)  /* ... until its queue is below this */
#define UPSD_LINES_PER_TURN 4           /* lines answered for one client per loop round */
/* Queued for one client at most: below the high-water mark plus one reply. */
#define UPSD_OUTQ_MAX        (UPSD_OUTQ_HIWAT + UPSD_REPLY_MAX)
#define UPSD_READ_CHUNK      4096        /* bytes read per read(2) */
#define UPSD_READS_PER_EVENT 16          /* reads per client or driver turn, for fairness */
#define UPSD_DRV_OUTQ_MAX    (64u << 10) /* bytes queued towards one driver */
#define UPSD_DRV_LINE_MAX    4096        /* bytes of one driver socket line */
#define UPSD_RETRY_MIN_MS    500         /* first driver reconnect delay ... */
#define UPSD_RETRY_MAX_MS    4000        /* ... doubling up to this */
#define UPSD_MAX_NAME        64          /* bytes of a user or UPS name */

/* Defaults, as NUT's upsd has them. */
#define UPSD_DEF_MAXAGE_S 15
#define UPSD_DEF_MAXCONN  1024
#define UPSD_DEF_IDLE_S   60

struct upsd_listen {
	char *addr; /* "*", a host name or address */
	char *port; /* never NULL once loaded */
};

/* upsd.conf, parsed whole before it replaces the one in force. */
struct upsd_conf {
	struct upsd_listen *listen;
	size_t nlisten;
	int maxage_s;
	int maxconn;
	int idle_timeout_s;  /* 0 = clients are never dropped for idling */
	int trackingdelay_s; /* how long TRACKING results are kept */
	int allow_no_device;
	int allow_not_all_listeners;
	int disable_weak_ssl;
	int certrequest;
	int debug_min;
	char *statepath;                       /* NULL = path_state() */
	char *certfile, *certpath, *certident; /* accepted; TLS comes later */
};

struct ups_entry;
struct client;

struct upsd {
	struct ev_loop *loop;
	struct upsd_conf conf;
	struct users users;
	struct ups_entry **ups;
	size_t nups;
	int lfds[UPSD_MAX_LISTENERS];
	size_t nlfds;
	unsigned char lwatched[UPSD_MAX_LISTENERS]; /* lfds[i] is in the event loop */
	ev_timer_id listen_retry;                   /* re-watch retry pending, or 0 */
	int accept_paused; /* MAXCONN reached, accept() or a re-watch failed: not all watched */
	struct client *clients;      /* doubly linked, most recently active first */
	struct client *clients_tail; /* least recently active: the next to time out */
	size_t nclients;
	struct proto_tok *spare_tok; /* lent to the client being read (client.c) */
	struct buf reply;            /* the replies of the client being served */
	size_t reply_mark;           /* bytes of reply already complete */
	struct tracking tracking;    /* results of tracked SET VAR / INSTCMD */
	ev_timer_id idle_timer;      /* next IDLE_TIMEOUT expiry, 0 when none is due */
	uint64_t idle_due_ms;
	ev_timer_id tracking_timer; /* next TRACKINGDELAY expiry, 0 when nothing is held */
	int debug_base;             /* debug level from -D / NUT_DEBUG_LEVEL; DEBUG_MIN raises it */
	const char *upsconf_path_override; /* tests may point elsewhere; NULL = path_conf() */
	int drivers_live; /* upsd_connect_drivers() ran: reloads connect new UPSes at once */
};

/* upsd.c: start-up, reload and shutdown of the whole context. */
/* Loads every config (errors logged as file:line), binds, builds the UPS
 * table and starts the housekeeping timer; no driver is contacted yet (that
 * is upsd_connect_drivers(), after the privilege drop). 0, or -1 (nothing
 * left open). */
int upsd_start(struct upsd *u, struct ev_loop *loop);
/* First connections to the drivers, made as the user upsd runs as (after
 * the drop); from then on a reload connects its new UPSes at once. */
void upsd_connect_drivers(struct upsd *u);
/* Re-reads the configs; on any error keeps the old ones. Clients stay. */
void upsd_reload(struct upsd *u);
void upsd_stop(struct upsd *u);
/* Case-insensitive lookup of a UPS by name; NULL when unknown. */
struct ups_entry *upsd_find_ups(const struct upsd *u, const char *name);
/* A client went away: resumes accepting when MAXCONN had paused it. */
void upsd_client_gone(struct upsd *u);
/* There is a client whose IDLE_TIMEOUT must be watched (called for each new
 * client; cheap when the idle timer is already set). */
void upsd_schedule_idle(struct upsd *u);
/* A tracked result may have been added: keeps its TRACKINGDELAY timer set. */
void upsd_schedule_tracking(struct upsd *u);
/* Checks the configs only (for -n style use and tests): 0 or -1. */
int upsd_check_config(void);

#endif
