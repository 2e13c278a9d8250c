/* core: what the driver framework's own files share (not for drivers). The
 * context struct, the option store (options.c), the state publisher
 * (dstate.c) and the driver socket server (sock.c). */
#ifndef UPS_DRV_CORE_H
#define UPS_DRV_CORE_H

#include <stddef.h>
#include <sys/types.h>

#include "buf.h"
#include "directives.h"
#include "driver.h"
#include "ev.h"
#include "upsconf.h"

#define DRV_MAX_UPSNAME    128
#define DRV_DEFAULT_POLL_S 2
#define DRV_MAX_OPTS       512 /* options one driver instance may carry */

/* One option as given (ups.conf line or -x). */
struct drv_optval {
	char *name;
	char *value;        /* NULL for a bare flag */
	const char *origin; /* file name or "-x"; not owned */
	int lineno;         /* 0 for -x */
};

struct drv_sock;
struct drv_ctx;

#define DRV_RECONNECT_MIN_MS 1000  /* first delay after a device is lost ... */
#define DRV_RECONNECT_MAX_MS 60000 /* ... doubling up to this */
#define DRV_MAX_PENDING      32    /* deferred INSTCMD/SET requests open at once */
#define DRV_MAX_TRACKING_ID  64

/* One INSTCMD or SET on its way through the driver (requests.c). */
struct drv_request {
	struct drv_ctx *d;
	drv_req_t handle; /* 0: free slot / not deferred */
	int is_set;       /* SET (1) or INSTCMD (0) */
	char name[ST_MAX_NAME];
	char arg[64];                     /* for the log only, may be cut */
	char id[DRV_MAX_TRACKING_ID + 1]; /* TRACKING id, "" when untracked */
	ev_timer_id timer;                /* the deadline the driver gave */
};

struct drv_ctx {
	const struct driver_ops *ops;
	void *priv;
	char upsname[DRV_MAX_UPSNAME];
	struct drv_optval *opts; /* in the order given; lookups take the last */
	size_t nopts;
	struct st_tree *tree;
	struct ev_loop *loop;
	struct drv_sock *sock; /* NULL in -d dump mode and for -k */
	struct buf line;       /* scratch for one outgoing delta line */
	unsigned long poll_ms;
	ev_timer_id poll_timer;
	int data_ok; /* what DUMPALL reports: DATAOK or DATASTALE */
	int running;
	int ignorelb; /* LB comes from the thresholds, not the device */
	int have_raw_status;
	char raw_status[ST_MAX_VALUE]; /* ups.status as the driver last set it */
	long dump_after;               /* -d: polls before dumping and exiting; 0 = off */
	long polls;
	struct drv_request pending[DRV_MAX_PENDING]; /* deferred requests */
	struct drv_request *current;                 /* inside instcmd/setvar, else NULL */
	drv_req_t next_handle;
	int lost; /* drv_device_lost: polling stopped, reconnecting */
	ev_timer_id reconnect_timer;
	unsigned long reconnect_ms;    /* the next delay */
	unsigned long reconnect_tries; /* since the loss */
};

/* --- options.c --- */
/* Adds one option after checking it against the core and driver tables;
 * errors are logged with origin:lineno. 0 or -1. */
int drv_opt_add(struct drv_ctx *d, const char *name, const char *value, const char *origin,
                int lineno);
/* Inheritable globals, then the section's options. Returns the error count. */
int drv_opt_load(struct drv_ctx *d, const struct upsconf *c, const struct upsconf_ups *u);
/* "-x var=val" (or "-x flag"). 0 or -1. */
int drv_opt_add_x(struct drv_ctx *d, const char *arg);
/* Publishes driver.name, driver.version, driver.version.internal, the
 * driver.parameter and driver.flag variables, and the override values. */
int drv_opt_publish(struct drv_ctx *d);
/* Adds missing default.* variables; called after init_info and every poll. */
void drv_opt_apply_defaults(struct drv_ctx *d);
/* Help lines for -h and the -L listing. */
void drv_opt_help(const struct driver_ops *ops);
void drv_opt_list(const struct driver_ops *ops);

/* --- dstate.c --- */
/* Sends one delta line to every listening client. */
void drv_broadcast(struct drv_ctx *d, unsigned quote_mask, int argc, const char *const *argv);
/* Sends a line to every client, broadcast on or off (TRACKING results). */
void drv_broadcast_all(struct drv_ctx *d, int argc, const char *const *argv);

/* --- sock.c --- */
/* Listens on path, created mode 0660 and owned by the caller's effective
 * uid/gid (drv_run creates it as the run-time user: see priv_assume). NULL
 * with err and errno. */
struct drv_sock *dsock_open(struct drv_ctx *d, const char *path, char *err, size_t errlen);
/* Closes every client and the listener, unlinks the socket file. */
void dsock_close(struct drv_sock *s);
/* Queues line (a whole "...\n") to every client that has broadcast on (or
 * to every client when all is set); written once at the end of the loop turn. */
void dsock_broadcast(struct drv_sock *s, const char *line, size_t len, int all);
size_t dsock_nclients(const struct drv_sock *s);

/* --- main.c: the poll timer; first poll after first_ms, then every poll_ms. */
int drv_poll_start(struct drv_ctx *d, unsigned long first_ms);
void drv_poll_stop(struct drv_ctx *d);

/* --- recover.c: cancels a pending reconnect (exit). */
void drv_recover_stop(struct drv_ctx *d);

/* --- requests.c: what the socket asks of the driver. enum drp_result, or
 * DRP_PENDING when the driver answers later under the TRACKING id (NULL or
 * "" for an untracked request). --- */
int drv_do_instcmd(struct drv_ctx *d, const char *cmd, const char *extra, const char *id);
int drv_do_setvar(struct drv_ctx *d, const char *var, const char *value, const char *id);
/* Drops every deferred request (exit). */
void drv_requests_free(struct drv_ctx *d);

/* --- killpower.c: the kill-power step (-k, driver.killpower). --- */
/* sdcommands through ops->instcmd (the first one done wins), else
 * ops->shutdown. 0, or -1 (logged). */
int drv_killpower(struct drv_ctx *d);
/* The driver.killpower instant command: DRP_INVALID unless allow_killpower is
 * set, else drv_killpower's result as DRP_HANDLED / DRP_FAILED. */
int drv_killpower_request(struct drv_ctx *d);

#endif
