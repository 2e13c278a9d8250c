/* sdnotify: tells the service manager what a daemon is doing, for systemd
 * units of Type=notify (nut-server, nut-driver@): "READY=1" once it serves,
 * "RELOADING=1" then "READY=1" around a reload, "STOPPING=1" on the way out,
 * "STATUS=<text>" for `systemctl status`. Goes through libsystemd's
 * sd_notify(); does nothing when built without libsystemd or when the
 * process was not started by systemd (no NOTIFY_SOCKET in the environment).
 * Lives in libsdnotify.la, linked only by the daemons. */
#ifndef UPS_SDNOTIFY_H
#define UPS_SDNOTIFY_H

#include "log.h"

/* Sends state (one or more "KEY=value" lines). 1 sent, 0 nobody listening
 * or no libsystemd, -1 failed (logged at debug level 1). */
int sdn_notify(const char *state);
int sdn_notifyf(const char *fmt, ...) LOG_PRINTF(1, 2);
/* "RELOADING=1" with the MONOTONIC_USEC= stamp systemd's notify-reload wants. */
int sdn_reloading(void);
/* Is a service manager waiting for READY=1 from this very process (built
 * with libsystemd and NOTIFY_SOCKET set)? Then a daemon must not fork away:
 * the child's messages would come from a pid systemd does not expect. */
int sdn_supervised(void);

#endif
