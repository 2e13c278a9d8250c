/* listen: the TCP listening sockets of upsd (LISTEN lines, or localhost on
 * the default port) and the accept loop that turns connections into clients,
 * bounded by MAXCONN. */
#ifndef UPSD_LISTEN_H
#define UPSD_LISTEN_H

#include "upsd.h"

/* Binds every LISTEN of u->conf (backlog NET_BACKLOG). 0, or -1 (logged)
 * when one fails and ALLOW_NOT_ALL_LISTENERS is off, or none is bound. */
int listen_open(struct upsd *u);
/* Starts or stops watching the listeners (MAXCONN reached / left). A
 * listener that cannot be watched again stays paused and is retried by a
 * timer (and by every later call) until it is. */
void listen_watch(struct upsd *u, int on);
void listen_close(struct upsd *u);

#endif
