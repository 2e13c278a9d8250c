/* driver: the framework every Upsilon driver is built on. A driver is a const
 * struct driver_ops (name, versions, option table and a handful of callbacks);
 * the core owns everything else: the command line, ups.conf, the state tree,
 * the driver socket that upsd reads, the poll timer, the pid file and the
 * privilege drop. A driver's main() is one call: drv_main(argc, argv, &ops). */
#ifndef UPS_DRIVER_H
#define UPS_DRIVER_H

#include <stddef.h>

#include "drvproto.h"
#include "log.h"
#include "state.h"

struct drv_ctx;
struct ev_loop;

/* One option a driver accepts in ups.conf or with -x. */
enum drv_opt_type {
	DRV_OPT_VALUE,  /* "name = value"; published as driver.parameter.<name> */
	DRV_OPT_FLAG,   /* bare "name"; published as driver.flag.<name>: enabled */
	DRV_OPT_SECRET, /* "name = value", never published (a password) */
};

struct drv_option {
	const char *name; /* NULL ends the table */
	enum drv_opt_type type;
	const char *help; /* one line, shown by -h and -L */
};

/* Every callback gets the core context and the driver's private pointer (set
 * by open). Return values: 0 success, -1 failure unless said otherwise. */
struct driver_ops {
	const char *name;                 /* program name, e.g. "dummy-ups" */
	const char *version;              /* driver.version.internal */
	const char *description;          /* first line of -h and -V */
	const struct drv_option *options; /* the driver's own options, may be NULL */

	/* Runs as root before the privilege drop: checks options and opens the
	 * device. *priv is the driver's state, freed by close. */
	int (*open)(struct drv_ctx *d, void **priv);
	/* Publishes the first full set of variables and commands. */
	int (*init_info)(struct drv_ctx *d, void *priv);
	/* Called every pollinterval: 0 data fresh (DATAOK), -1 stale (DATASTALE). */
	int (*poll)(struct drv_ctx *d, void *priv);
	/* enum drp_result. extra is NULL unless the command had an argument.
	 * A command the device must answer first returns DRP_PENDING after
	 * drv_request_defer(), and reports with drv_request_done(). */
	int (*instcmd)(struct drv_ctx *d, void *priv, const char *cmd, const char *extra);
	/* Same; the driver publishes the new value itself. */
	int (*setvar)(struct drv_ctx *d, void *priv, const char *var, const char *value);
	/* -k: tell the UPS to cut the load after its delay. */
	int (*shutdown)(struct drv_ctx *d, void *priv);
	/* Frees priv and closes the device; may be NULL. */
	void (*close)(struct drv_ctx *d, void *priv);
	/* SIGHUP / -c reload: re-read what the driver reads; may be NULL. */
	int (*reload)(struct drv_ctx *d, void *priv);
	/* After drv_device_lost(): reopen the device (running as the driver's
	 * user, after the privilege drop). 0 back (the core polls at once), -1
	 * not yet (tried again later). May be NULL: then polling goes on and
	 * the driver's poll says when data is fresh again. */
	int (*reconnect)(struct drv_ctx *d, void *priv);
};

/* The instant command the core itself answers when ups.conf sets
 * allow_killpower (the kill-power step on a running driver). Drivers leave it
 * alone when they clear or resync their command list. */
#define DRV_KILLPOWER_CMD "driver.killpower"

/* Runs a driver: parses argv, reads ups.conf, opens, serves until told to
 * stop. Returns the process exit status. */
int drv_main(int argc, char **argv, const struct driver_ops *ops);

/* --- for drivers: options --- */
/* Value of an option from ups.conf or -x (last one wins), or NULL when unset. */
const char *drv_getopt(const struct drv_ctx *d, const char *name);
/* 1 when a flag (or any option) of that name was given, else 0. */
int drv_testopt(const struct drv_ctx *d, const char *name);
/* Publishes/replaces driver.parameter.<name> (drivers that normalise an option). */
int drv_set_param(struct drv_ctx *d, const char *name, const char *value);
const char *drv_upsname(const struct drv_ctx *d);
struct ev_loop *drv_loop(struct drv_ctx *d);
/* The poll period from pollinterval / -i, in milliseconds. */
unsigned long drv_pollinterval_ms(const struct drv_ctx *d);
/* Marks the data fresh (DATAOK) or stale (DATASTALE) outside of poll, e.g.
 * when an asynchronous source connects or drops. */
void drv_dataok(struct drv_ctx *d, int ok);

/* The device went away (unplugged, no answer, repeated I/O errors): the data
 * goes stale, polling stops and the core calls ops->reconnect with a doubling
 * delay until it works. Logged once; further calls while lost do nothing. */
void drv_device_lost(struct drv_ctx *d, const char *why);
/* The device is back through a reconnect that finished on its own (ops->
 * reconnect started it and returned -1, e.g. a non-blocking connect): the
 * retries stop and the core polls at once. Does nothing unless lost. */
void drv_device_back(struct drv_ctx *d);

/* --- for drivers: requests that complete later --- */
/* A handle on a deferred INSTCMD/SET; 0 is never valid. */
typedef unsigned long drv_req_t;
/* Only inside instcmd/setvar: keeps the request open until drv_request_done()
 * or, failing that, for timeout_ms, after which it fails (DRP_FAILED) on its
 * own. The callback then returns DRP_PENDING. 0 when DRV_MAX_PENDING requests
 * are already open (the callback should answer DRP_FAILED). */
drv_req_t drv_request_defer(struct drv_ctx *d, unsigned long timeout_ms);
/* Reports the result (enum drp_result) of a deferred request: logged, and sent
 * to upsd under the request's TRACKING id. A handle that expired is ignored. */
void drv_request_done(struct drv_ctx *d, drv_req_t req, int result);

/* --- for drivers: publishing state. Every change reaches connected upsd
 * clients at once. Variables with an override.* option are immutable: setting
 * them is silently ignored (returns 0). Returns 1 changed, 0 unchanged, -1
 * refused (errno from state.h, the reason logged at debug level 1). --- */
int drv_set(struct drv_ctx *d, const char *name, const char *value);
int drv_setf(struct drv_ctx *d, const char *name, const char *fmt, ...) LOG_PRINTF(3, 4);
int drv_del(struct drv_ctx *d, const char *name);
const char *drv_get(const struct drv_ctx *d, const char *name);
int drv_set_flags(struct drv_ctx *d, const char *name, unsigned flags); /* enum st_flag */
int drv_set_aux(struct drv_ctx *d, const char *name, long aux);
int drv_add_enum(struct drv_ctx *d, const char *name, const char *value);
int drv_del_enum(struct drv_ctx *d, const char *name, const char *value);
int drv_add_range(struct drv_ctx *d, const char *name, long min, long max);
int drv_del_range(struct drv_ctx *d, const char *name, long min, long max);
int drv_add_cmd(struct drv_ctx *d, const char *cmd);
int drv_del_cmd(struct drv_ctx *d, const char *cmd);
/* Removes every variable and command except driver.* and overrides, e.g. before
 * a driver republishes a whole new device image. */
void drv_clear(struct drv_ctx *d);
const struct st_tree *drv_tree(const struct drv_ctx *d);
/* NUT's rule, applied by the core after init_info: device.mfr, device.model
 * and device.serial take ups.mfr/ups.model/ups.serial's values when those
 * exist, and device.type is DRV_DEFAULT_DEVICE_TYPE unless already set. A
 * driver that republishes a whole new device image calls it again. */
#define DRV_DEFAULT_DEVICE_TYPE "ups"
void drv_device_info(struct drv_ctx *d);
/* 1 for the names drv_device_info derives (device.mfr/model/serial/type). */
int drv_device_derived(const char *name);

#endif
