/* schedd: upssched's timer daemon. Listens on PIPEFN (a Unix socket that the
 * upssched call starting it has bound), takes schedcore requests from later
 * upssched calls, runs CMDSCRIPT when a timer fires (one run at a time, each
 * bounded), and exits when no timer, run or client has been left for
 * SCHEDD_IDLE_EXIT_MS. Also the LOCKFN lock both sides take around starting
 * and stopping a daemon, so that exactly one listens on PIPEFN. */
#ifndef UPS_SCHEDD_H
#define UPS_SCHEDD_H

#define SCHEDD_IDLE_EXIT_MS      2000   /* no timer left: linger this long, then exit */
#define SCHEDD_MAX_CLIENTS       32     /* connections at once; more are closed at once */
#define SCHEDD_CLIENT_TIMEOUT_MS 5000   /* a connection silent this long is dropped */
#define SCHEDD_MAX_PENDING_RUNS  64     /* CMDSCRIPT runs waiting for the one running */
#define SCHEDD_RUN_TIMEOUT_MS    300000 /* one CMDSCRIPT run: then TERM, later KILL */
#define SCHED_LOCK_WAIT_MS       10000  /* longest wait for LOCKFN */
#define SCHED_CMD_MAX_ARGV       64     /* words of one CMDSCRIPT command line */
#define SCHED_CMD_MAX_BYTES      4096   /* bytes of those words */

/* Opens lockfn (created 0600, never through a symlink, must be a regular
 * file) and takes an exclusive flock on it, waiting up to
 * SCHED_LOCK_WAIT_MS. The fd, or -1 (logged). */
int sched_lock(const char *lockfn);
/* Releases and closes what sched_lock returned. */
void sched_unlock(int fd);

/* Runs the daemon on lfd, a listening socket bound at pipefn. Returns the
 * process exit status. The caller has forked and detached. */
int schedd_run(int lfd, const char *cmdscript, const char *pipefn, const char *lockfn);

#endif
