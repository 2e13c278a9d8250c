/* repeater: dummy-ups's "repeater" mode (port = ups@host[:port]). It reads a
 * UPS from a remote upsd through libupsclient and republishes it as a local
 * driver, so a local upsd (and upsmon) can serve a UPS that another host
 * owns. Calls are blocking with libupsclient's timeouts, one round per poll. */
#ifndef UPS_DUMMY_REPEATER_H
#define UPS_DUMMY_REPEATER_H

#include <stddef.h>

#include "driver.h"

struct repeater;

/* Parses spec ("ups@host[:port]"); no connection yet. NULL with err filled. */
struct repeater *rep_new(struct drv_ctx *d, const char *spec, char *err, size_t errlen);
/* (Re)connects when needed and mirrors variables, RW flags and commands.
 * 0 fresh, -1 stale (remote unreachable or its driver not connected). */
int rep_poll(struct repeater *r);
/* Forwards to the remote upsd; enum drp_result. */
int rep_instcmd(struct repeater *r, const char *cmd, const char *extra);
int rep_setvar(struct repeater *r, const char *var, const char *value);
void rep_free(struct repeater *r);

#endif
