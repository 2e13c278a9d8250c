/* daemon: going to the background the way every Upsilon daemon does it
 * (-B, or by default for those that are not started in the foreground). */
#ifndef UPS_DAEMON_H
#define UPS_DAEMON_H

/* Forks; the parent exits 0 at once, the child starts a new session and
 * points stdin, stdout and stderr at /dev/null. Returns 0 in the child, -1
 * (errno) when fork or setsid failed. Logging to stderr is the caller's to
 * switch to syslog. */
int daemonize(void);

#endif
