/* proc: running other programs. Spawns an argv (no shell) with extra or
 * removed environment variables, tells an exec failure apart from the
 * program's own exit status, waits a bounded number of milliseconds, kills on
 * timeout when asked (TERM, a grace period, then KILL) and always reaps what it
 * killed, so no zombie is left. Shared by upsdrvctl and the coming NOTIFYCMD,
 * SHUTDOWNCMD and upssched runners. Single-threaded programs only (the child
 * calls setenv between fork and exec). */
#ifndef UPS_PROC_H
#define UPS_PROC_H

#include <stddef.h>
#include <sys/types.h>

#define PROC_MAX_ARGV      64   /* words of one command line */
#define PROC_TERM_GRACE_MS 2000 /* after SIGTERM on timeout, before SIGKILL */
#define PROC_POLL_MAX_MS   50   /* longest sleep between two checks while waiting */

struct proc_opts {
	const char *const *env_add;   /* "NAME=value" set in the child; NULL-terminated, or NULL */
	const char *const *env_unset; /* names removed in the child; NULL-terminated, or NULL */
	int new_group;                /* child leads its own process group; a kill on
	                               * timeout then reaches its children too */
};

enum proc_how {
	PROC_RUNNING = 0, /* still running when the wait ended (no kill asked) */
	PROC_EXITED,      /* code = exit status */
	PROC_SIGNALED,    /* code = signal number */
};

struct proc_status {
	enum proc_how how;
	int code;
	int timed_out; /* the wait ran out of time (the child may have been killed) */
};

/* Forks and execs argv[0] (a path; no PATH search) with argv. opts may be
 * NULL. The child gets default SIGPIPE/SIGCHLD handling and an empty signal
 * mask. 0 with *pid set, or -1 with errno and a message in err: fork failed,
 * or exec failed (the child is then already reaped: errno is exec's). */
int proc_spawn(const char *const *argv, const struct proc_opts *opts, pid_t *pid, char *err,
               size_t errlen);

/* Waits for the child pid up to timeout_ms (< 0: no limit, 0: just looks).
 * If it is still running then and kill_on_timeout is set, sends SIGTERM (to
 * its group when it was spawned with new_group: pass that as group), waits
 * PROC_TERM_GRACE_MS, then SIGKILL, and reaps it. 0 with *st filled, or -1
 * (errno, e.g. ECHILD when pid is not a child). */
int proc_wait(pid_t pid, int timeout_ms, int kill_on_timeout, int group, struct proc_status *st);

/* proc_spawn + proc_wait. -1 only when the program could not be run. */
int proc_run(const char *const *argv, const struct proc_opts *opts, int timeout_ms,
             int kill_on_timeout, struct proc_status *st, char *err, size_t errlen);

/* "exit status 3", "signal 9 (Killed)", "still running": into out; returns out. */
const char *proc_status_str(const struct proc_status *st, char *out, size_t outlen);

#define PROC_COMM_MAX 15 /* bytes of a program name the kernel keeps (comm) */

/* Does pid run the program prog (a name or a path: its last part counts)?
 * Compared with the process's comm, the executable's file name the kernel
 * kept at exec (its first PROC_COMM_MAX bytes), which only the process itself
 * or one allowed to ptrace it can change. 1, 0, or -1 with errno (ESRCH: no
 * such process, or a zombie). */
int proc_runs(pid_t pid, const char *prog);

/* For a process that is not our child (a daemon found through its pid file,
 * which someone less privileged may have written): when prog is not NULL,
 * only a process running prog (proc_runs) is signalled, through a pidfd so
 * that a pid reused meanwhile is not hit. proc_signal sends sig; 0, or -1
 * with errno: ESRCH (no such process), ESTALE (pid runs another program),
 * EPERM. proc_signal_wait then waits up to timeout_ms for it to be gone
 * (a zombie counts as gone): 0, or -1 with errno as above or ETIMEDOUT. */
int proc_signal(pid_t pid, int sig, const char *prog);
int proc_signal_wait(pid_t pid, int sig, const char *prog, int timeout_ms);

#endif
