/* repeater: dummy-ups's "repeater" mode (port = ups@host[:port]). It reads a
 * UPS from a remote upsd and republishes it as a local driver, so a local
 * upsd (and upsmon) can serve a UPS that another host owns. The remote
 * connection lives on the driver's event loop (upsclient_ev): nothing here
 * waits, a slow remote delays only its own data. INSTCMD and SET are sent on
 * and answered later, with the remote's result, under the request's TRACKING
 * id (drv_request_defer/drv_request_done). A lost remote is the core's lost
 * device: data stale, reconnected with backoff. */
#ifndef UPS_DUMMY_REPEATER_H
#define UPS_DUMMY_REPEATER_H

#include <stddef.h>

#include "driver.h"

#define REP_TIMEOUT_MS    5000  /* connect, and each remote reply */
#define REP_REQUEST_MS    15000 /* an INSTCMD/SET gets its remote result within this */
#define REP_TRACK_POLL_MS 250   /* GET TRACKING while the remote says PENDING */
#define REP_MAX_ITEMS     4096  /* variables or commands taken from one listing */

struct repeater;

/* Parses spec ("ups@host[:port]"); user and pass (may be NULL) log in to the
 * remote upsd for INSTCMD/SET. No connection yet. NULL with err filled. */
struct repeater *rep_new(struct drv_ctx *d, const char *spec, const char *user, const char *pass,
                         char *err, size_t errlen);
/* Starts connecting (init_info); the data is stale until the first listing. */
void rep_start(struct repeater *r);
/* Starts one round of listings (variables, writable ones, commands) unless
 * one is still running. 0 when the last round found the data fresh, -1
 * stale. */
int rep_poll(struct repeater *r);
/* ops->reconnect after drv_device_lost(): starts a connect; -1 (its end is
 * reported through drv_device_back), 0 when already connected. */
int rep_reconnect(struct repeater *r);
/* Forwards to the remote upsd: DRP_PENDING (deferred), or a result at once
 * when it cannot be sent. */
int rep_instcmd(struct repeater *r, const char *cmd, const char *extra);
int rep_setvar(struct repeater *r, const char *var, const char *value);
void rep_free(struct repeater *r);

#endif
