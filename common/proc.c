/* proc: fork/exec/wait with a bounded wait (see include/proc.h).
 *
 * Exec failure is reported through a close-on-exec pipe: the child writes its
 * errno there when execv fails, so the parent learns "cannot run" apart from
 * "ran and exited 127". Waiting polls waitpid(WNOHANG) with a sleep that grows
 * from 1 ms to PROC_POLL_MAX_MS: no SIGCHLD handler is installed, so a caller's
 * own signal set-up (the event loop's) is left alone. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "ev.h"
#include "proc.h"
#include "log.h"
#include "strutil.h"

/* Message into err (when given); a long one is cut, never dropped. */
static void proc_err(char *err, size_t errlen, const char *fmt, ...) LOG_PRINTF(3, 4);

static void proc_err(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL || errlen == 0)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

/* In the child: environment, signals, group, then exec. Never returns. */
static void proc_child(const char *const *argv, const struct proc_opts *o, int errfd)
{
	sigset_t none;
	size_t i;
	int e;

	if (o != NULL && o->new_group)
		(void)setpgid(0, 0);
	/* An ignored SIGPIPE (daemons set it) would be inherited across exec. */
	(void)signal(SIGPIPE, SIG_DFL);
	(void)signal(SIGCHLD, SIG_DFL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
	for (i = 0; o != NULL && o->env_unset != NULL && o->env_unset[i] != NULL; i++)
		(void)unsetenv(o->env_unset[i]);
	for (i = 0; o != NULL && o->env_add != NULL && o->env_add[i] != NULL; i++) {
		const char *eq = strchr(o->env_add[i], '=');
		char name[256];

		if (eq == NULL || eq == o->env_add[i] ||
		    (size_t)(eq - o->env_add[i]) >= sizeof(name))
			continue;
		memcpy(name, o->env_add[i], (size_t)(eq - o->env_add[i]));
		name[eq - o->env_add[i]] = '\0';
		(void)setenv(name, eq + 1, 1);
	}
	execv(argv[0], (char *const *)(uintptr_t)argv);
	e = errno;
	(void)!write(errfd, &e, sizeof(e));
	_exit(127);
}

int proc_spawn(const char *const *argv, const struct proc_opts *opts, pid_t *pid, char *err,
               size_t errlen)
{
	int pfd[2], e = 0;
	ssize_t n;
	pid_t p;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (argv == NULL || argv[0] == NULL) {
		errno = EINVAL;
		proc_err(err, errlen, "no program to run");
		return -1;
	}
	if (pipe2(pfd, O_CLOEXEC) < 0) {
		e = errno;
		proc_err(err, errlen, "%s: pipe: %s", argv[0], strerror(e));
		errno = e;
		return -1;
	}
	p = fork();
	if (p < 0) {
		e = errno;
		(void)close(pfd[0]);
		(void)close(pfd[1]);
		proc_err(err, errlen, "%s: fork: %s", argv[0], strerror(e));
		errno = e;
		return -1;
	}
	if (p == 0) {
		(void)close(pfd[0]);
		proc_child(argv, opts, pfd[1]);
	}
	(void)close(pfd[1]);
	do
		n = read(pfd[0], &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	(void)close(pfd[0]);
	if (n == (ssize_t)sizeof(e)) {
		/* The child exits right after writing: reap it here. */
		while (waitpid(p, NULL, 0) < 0 && errno == EINTR)
			;
		proc_err(err, errlen, "%s: %s", argv[0], strerror(e));
		errno = e;
		return -1;
	}
	*pid = p;
	return 0;
}

static void proc_sleep_ms(unsigned ms)
{
	struct timespec ts;

	ts.tv_sec = ms / 1000;
	ts.tv_nsec = (long)(ms % 1000) * 1000000L;
	(void)nanosleep(&ts, NULL);
}

static void proc_fill(int wst, struct proc_status *st)
{
	if (WIFEXITED(wst)) {
		st->how = PROC_EXITED;
		st->code = WEXITSTATUS(wst);
	} else {
		st->how = PROC_SIGNALED;
		st->code = WIFSIGNALED(wst) ? WTERMSIG(wst) : 0;
	}
}

/* Waits up to timeout_ms (< 0: forever). 1 reaped, 0 still running, -1 error. */
static int proc_reap(pid_t pid, int timeout_ms, struct proc_status *st)
{
	uint64_t deadline = timeout_ms > 0 ? ev_now_ms() + (uint64_t)timeout_ms : 0;
	unsigned pause_ms = 1;
	pid_t w;
	int wst;

	for (;;) {
		w = waitpid(pid, &wst, WNOHANG);
		if (w == pid) {
			proc_fill(wst, st);
			return 1;
		}
		if (w < 0 && errno != EINTR)
			return -1;
		if (timeout_ms == 0)
			return 0;
		if (timeout_ms > 0) {
			uint64_t now = ev_now_ms();

			if (now >= deadline)
				return 0;
			if (deadline - now < pause_ms)
				pause_ms = (unsigned)(deadline - now);
		}
		proc_sleep_ms(pause_ms);
		pause_ms = pause_ms * 2 > PROC_POLL_MAX_MS ? PROC_POLL_MAX_MS : pause_ms * 2;
	}
}

int proc_wait(pid_t pid, int timeout_ms, int kill_on_timeout, int group, struct proc_status *st)
{
	pid_t target = group ? -pid : pid;
	int r;

	memset(st, 0, sizeof(*st));
	r = proc_reap(pid, timeout_ms, st);
	if (r != 0)
		return r < 0 ? -1 : 0;
	st->how = PROC_RUNNING;
	st->timed_out = 1;
	if (!kill_on_timeout)
		return 0;
	(void)kill(target, SIGTERM);
	r = proc_reap(pid, PROC_TERM_GRACE_MS, st);
	if (r != 0)
		return r < 0 ? -1 : 0;
	(void)kill(target, SIGKILL);
	/* SIGKILL cannot be caught: this wait ends. */
	return proc_reap(pid, -1, st) < 0 ? -1 : 0;
}

int proc_run(const char *const *argv, const struct proc_opts *opts, int timeout_ms,
             int kill_on_timeout, struct proc_status *st, char *err, size_t errlen)
{
	pid_t pid;

	if (proc_spawn(argv, opts, &pid, err, errlen) < 0)
		return -1;
	if (proc_wait(pid, timeout_ms, kill_on_timeout, opts != NULL && opts->new_group, st) < 0) {
		int e = errno;

		proc_err(err, errlen, "%s: waitpid: %s", argv[0], strerror(e));
		errno = e;
		return -1;
	}
	return 0;
}

const char *proc_status_str(const struct proc_status *st, char *out, size_t outlen)
{
	switch (st->how) {
	case PROC_EXITED:
		(void)str_fmt(out, outlen, "exit status %d", st->code);
		break;
	case PROC_SIGNALED:
		(void)str_fmt(out, outlen, "signal %d (%s)", st->code, strsignal(st->code));
		break;
	default:
		(void)str_fmt(out, outlen, "still running");
		break;
	}
	return out;
}

/* Is pid gone? A zombie counts as gone: it runs no more, and reaping it is
 * its parent's business, not ours. */
static int proc_gone(pid_t pid)
{
	char path[64], buf[256], *rp;
	FILE *f;
	int zombie = 0;

	if (kill(pid, 0) < 0)
		return errno == ESRCH;
	(void)snprintf(path, sizeof(path), "/proc/%ld/stat", (long)pid);
	f = fopen(path, "re");
	if (f == NULL)
		return 0;
	if (fgets(buf, sizeof(buf), f) != NULL) {
		/* "pid (comm) S ...": comm may hold blanks and ')', so take the last. */
		rp = strrchr(buf, ')');
		zombie = rp != NULL && rp[1] == ' ' && rp[2] == 'Z';
	}
	(void)fclose(f);
	return zombie;
}

int proc_runs(pid_t pid, const char *prog)
{
	char path[64], comm[PROC_COMM_MAX + 2];
	const char *base = strrchr(prog, '/');
	size_t n;
	FILE *f;

	base = base != NULL ? base + 1 : prog;
	if (proc_gone(pid)) { /* a zombie keeps its name but runs nothing */
		errno = ESRCH;
		return -1;
	}
	(void)snprintf(path, sizeof(path), "/proc/%ld/comm", (long)pid);
	f = fopen(path, "re");
	if (f == NULL) {
		if (errno == ENOENT)
			errno = ESRCH;
		return -1;
	}
	if (fgets(comm, sizeof(comm), f) == NULL) {
		(void)fclose(f);
		errno = ESRCH;
		return -1;
	}
	(void)fclose(f);
	n = strcspn(comm, "\n");
	comm[n] = '\0';
	/* The kernel keeps the first PROC_COMM_MAX bytes of the name. */
	return n > 0 && strncmp(comm, base, PROC_COMM_MAX) == 0 &&
	       (n == PROC_COMM_MAX || base[n] == '\0');
}

/* A pidfd for pid, checked to run prog (when given): signals sent through it
 * reach that process or none, even if pid is reused meanwhile. >= 0, or -1
 * with no pidfd support (the caller falls back to kill()), or -2 with errno
 * (ESRCH, ESTALE: pid runs something else). */
static int proc_pidfd(pid_t pid, const char *prog)
{
	int fd = -1, r;

#ifdef SYS_pidfd_open
	fd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (fd < 0 && errno != ENOSYS)
		return -2;
	if (fd >= 0)
		(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
#endif
	if (prog == NULL)
		return fd;
	/* Checked after the pidfd is open: if pid was reused in between, the
	 * check sees the new process but the pidfd holds the old, gone one. */
	r = proc_runs(pid, prog);
	if (r == 1)
		return fd;
	if (fd >= 0)
		(void)close(fd);
	if (r == 0)
		errno = ESTALE;
	return -2;
}

static int proc_send(int pidfd, pid_t pid, int sig)
{
#ifdef SYS_pidfd_send_signal
	if (pidfd >= 0)
		return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
#endif
	return kill(pid, sig);
}

int proc_signal(pid_t pid, int sig, const char *prog)
{
	int fd, r, e;

	if (pid <= 0) {
		errno = EINVAL;
		return -1;
	}
	fd = proc_pidfd(pid, prog);
	if (fd == -2)
		return -1;
	r = proc_send(fd, pid, sig);
	e = errno;
	if (fd >= 0)
		(void)close(fd);
	errno = e;
	return r;
}

int proc_signal_wait(pid_t pid, int sig, const char *prog, int timeout_ms)
{
	uint64_t deadline;
	unsigned pause_ms = 1;
	int fd, rc = -1, e;

	if (pid <= 0) {
		errno = EINVAL;
		return -1;
	}
	fd = proc_pidfd(pid, prog);
	if (fd == -2)
		return -1;
	if (proc_send(fd, pid, sig) < 0)
		goto out;
	deadline = ev_now_ms() + (uint64_t)(timeout_ms > 0 ? timeout_ms : 0);
	for (;;) {
		uint64_t now;

		if (fd >= 0) {
			/* A pidfd turns readable when its process has ended. */
			struct pollfd pfd = {.fd = fd, .events = POLLIN, .revents = 0};

			if (poll(&pfd, 1, 0) > 0) {
				rc = 0;
				break;
			}
		} else if (proc_gone(pid)) {
			rc = 0;
			break;
		}
		now = ev_now_ms();
		if (now >= deadline) {
			errno = ETIMEDOUT;
			break;
		}
		if (deadline - now < pause_ms)
			pause_ms = (unsigned)(deadline - now);
		proc_sleep_ms(pause_ms);
		pause_ms = pause_ms * 2 > PROC_POLL_MAX_MS ? PROC_POLL_MAX_MS : pause_ms * 2;
	}
out:
	e = errno;
	if (fd >= 0)
		(void)close(fd);
	errno = e;
	return rc;
}
