/* Unit tests for common/proc: exit status, death by signal, a timeout with
 * and without kill, exec failure told apart from exit 127, environment
 * additions/removals, a child's own process group, waiting for a non-child,
 * and no zombie left behind (checked with waitpid(-1) == ECHILD). */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "proc.h"

#define SH "/bin/sh"

/* No child of ours is left, running or zombie. */
static void assert_no_children(void)
{
	errno = 0;
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

static void run_sh(const char *script, const struct proc_opts *o, int timeout_ms, int kill_it,
                   struct proc_status *st)
{
	const char *argv[] = {SH, "-c", script, NULL};
	char err[256];

	if (proc_run(argv, o, timeout_ms, kill_it, st, err, sizeof(err)) < 0)
		fail_msg("proc_run: %s", err);
}

static void test_exit_status(void **state)
{
	struct proc_status st;
	char s[64];

	(void)state;
	run_sh("exit 0", NULL, 5000, 1, &st);
	assert_int_equal(st.how, PROC_EXITED);
	assert_int_equal(st.code, 0);
	assert_false(st.timed_out);
	run_sh("exit 3", NULL, -1, 0, &st);
	assert_int_equal(st.how, PROC_EXITED);
	assert_int_equal(st.code, 3);
	assert_string_equal(proc_status_str(&st, s, sizeof(s)), "exit status 3");
	/* A program that runs and exits 127 is not an exec failure. */
	run_sh("exit 127", NULL, 5000, 1, &st);
	assert_int_equal(st.how, PROC_EXITED);
	assert_int_equal(st.code, 127);
	assert_no_children();
}

static void test_signal(void **state)
{
	struct proc_status st;
	char s[64], want[32];

	(void)state;
	run_sh("kill -USR1 $$", NULL, 5000, 1, &st);
	assert_int_equal(st.how, PROC_SIGNALED);
	assert_int_equal(st.code, SIGUSR1);
	assert_false(st.timed_out);
	snprintf(want, sizeof(want), "signal %d (", SIGUSR1);
	assert_non_null(strstr(proc_status_str(&st, s, sizeof(s)), want));
	assert_no_children();
}

static void test_timeout_no_kill(void **state)
{
	const char *argv[] = {SH, "-c", "exec sleep 30", NULL};
	struct proc_status st;
	char err[256];
	pid_t pid;

	(void)state;
	assert_int_equal(proc_spawn(argv, NULL, &pid, err, sizeof(err)), 0);
	/* 0 ms: just looks. */
	assert_int_equal(proc_wait(pid, 0, 0, 0, &st), 0);
	assert_int_equal(st.how, PROC_RUNNING);
	assert_true(st.timed_out);
	assert_int_equal(proc_wait(pid, 50, 0, 0, &st), 0);
	assert_int_equal(st.how, PROC_RUNNING);
	assert_true(st.timed_out);
	/* Still ours to reap. */
	assert_int_equal(kill(pid, SIGKILL), 0);
	assert_int_equal(proc_wait(pid, -1, 0, 0, &st), 0);
	assert_int_equal(st.how, PROC_SIGNALED);
	assert_int_equal(st.code, SIGKILL);
	assert_no_children();
}

static void test_timeout_kill_term(void **state)
{
	struct proc_status st;

	(void)state;
	run_sh("exec sleep 30", NULL, 50, 1, &st);
	assert_true(st.timed_out);
	assert_int_equal(st.how, PROC_SIGNALED);
	assert_int_equal(st.code, SIGTERM);
	assert_no_children();
}

/* A child that ignores SIGTERM gets SIGKILL after the grace period. */
static void test_timeout_kill_stubborn(void **state)
{
	struct proc_status st;

	(void)state;
	run_sh("trap '' TERM; while :; do sleep 1; done", NULL, 50, 1, &st);
	assert_true(st.timed_out);
	assert_int_equal(st.how, PROC_SIGNALED);
	assert_int_equal(st.code, SIGKILL);
	assert_no_children();
}

/* With new_group the kill reaches the grandchildren too. */
static void test_group_kill(void **state)
{
	char path[] = "/tmp/test_proc.XXXXXX";
	char script[256];
	struct proc_opts o = {NULL, NULL, 1};
	struct proc_status st;
	FILE *f;
	long gpid = 0;
	int fd;

	(void)state;
	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	/* The shell starts a sleep in the background, writes its pid and waits. */
	snprintf(script, sizeof(script), "sleep 30 & echo $! >%s; wait", path);
	run_sh(script, &o, 300, 1, &st);
	assert_true(st.timed_out);
	f = fopen(path, "r");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%ld", &gpid), 1);
	fclose(f);
	unlink(path);
	assert_true(gpid > 0);
	/* The grandchild was reparented, so poll until it is gone. */
	for (int i = 0; i < 200 && kill((pid_t)gpid, 0) == 0; i++)
		usleep(10000);
	assert_int_equal(kill((pid_t)gpid, 0), -1);
	assert_no_children();
}

static void test_exec_failure(void **state)
{
	const char *argv[] = {"/nonexistent/program", "x", NULL};
	const char *noexec[] = {"/etc/passwd", NULL};
	const char *empty[] = {NULL};
	struct proc_status st;
	char err[256];
	pid_t pid = 0;

	(void)state;
	errno = 0;
	assert_int_equal(proc_spawn(argv, NULL, &pid, err, sizeof(err)), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(pid, 0);
	assert_non_null(strstr(err, "/nonexistent/program"));
	assert_non_null(strstr(err, strerror(ENOENT)));
	assert_int_equal(proc_run(noexec, NULL, 1000, 1, &st, err, sizeof(err)), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(proc_spawn(empty, NULL, &pid, err, sizeof(err)), -1);
	assert_int_equal(errno, EINVAL);
	/* The failed child was reaped by proc_spawn. */
	assert_no_children();
}

static void test_env(void **state)
{
	const char *add[] = {"PROC_TEST_A=hello world", "PROC_TEST_B=", "bad-no-equals", NULL};
	const char *unset[] = {"PROC_TEST_GONE", NULL};
	struct proc_opts o = {add, unset, 0};
	struct proc_status st;

	(void)state;
	assert_int_equal(setenv("PROC_TEST_GONE", "1", 1), 0);
	run_sh("[ \"$PROC_TEST_A\" = 'hello world' ] && [ \"${PROC_TEST_B-unset}\" = '' ] && "
	       "[ \"${PROC_TEST_GONE-unset}\" = unset ]",
	       &o, 5000, 1, &st);
	assert_int_equal(st.how, PROC_EXITED);
	assert_int_equal(st.code, 0);
	/* The parent's environment is untouched. */
	assert_null(getenv("PROC_TEST_A"));
	assert_string_equal(getenv("PROC_TEST_GONE"), "1");
	unsetenv("PROC_TEST_GONE");
	assert_no_children();
}

/* An ignored SIGPIPE in the parent is not inherited. */
static void test_sigpipe_default(void **state)
{
	struct proc_status st;

	(void)state;
	signal(SIGPIPE, SIG_IGN);
	run_sh("kill -PIPE $$", NULL, 5000, 1, &st);
	signal(SIGPIPE, SIG_DFL);
	assert_int_equal(st.how, PROC_SIGNALED);
	assert_int_equal(st.code, SIGPIPE);
	assert_no_children();
}

/* proc_signal_wait on a process that is not our child (a grandchild made by a
 * shell that exits at once, as a daemon's pid file names it). The orphan
 * writes its own pid only once `setup` has run, so a signal sent after this
 * returns finds its trap in place (a loaded machine may not have run it yet
 * when the launching shell exits). */
static pid_t start_orphan(const char *setup, const char *body)
{
	char path[] = "/tmp/test_proc.XXXXXX";
	char cmd[768];
	struct proc_status st;
	FILE *f;
	long pid = -1;
	int fd, tries;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd),
	         "%s -c '%s; echo $$ >%s.new && mv %s.new %s; %s' >/dev/null 2>&1 </dev/null &", SH,
	         setup, path, path, path, body);
	run_sh(cmd, NULL, 5000, 1, &st);
	for (tries = 0; tries < 500 && pid <= 0; tries++) {
		f = fopen(path, "r");
		assert_non_null(f);
		if (fscanf(f, "%ld", &pid) != 1)
			pid = -1;
		fclose(f);
		if (pid <= 0)
			usleep(10000);
	}
	unlink(path);
	assert_true(pid > 0);
	return (pid_t)pid;
}

/* Only a process that runs the named program is signalled. */
static void test_signal_prog(void **state)
{
	pid_t pid;
	int i;

	(void)state;
	pid = start_orphan(":", "exec sleep 30");
	/* The pid is written before the exec: wait for the name to change. */
	for (i = 0; i < 500 && proc_runs(pid, "sleep") != 1; i++)
		usleep(10000);
	assert_int_equal(proc_runs(pid, "sleep"), 1);
	assert_int_equal(proc_runs(pid, "/usr/bin/sleep"), 1);
	assert_int_equal(proc_runs(pid, "slee"), 0);
	assert_int_equal(proc_runs(pid, "sleeper"), 0);
	errno = 0;
	assert_int_equal(proc_signal(pid, SIGTERM, "upsd"), -1);
	assert_int_equal(errno, ESTALE);
	errno = 0;
	assert_int_equal(proc_signal_wait(pid, SIGTERM, "dummy-ups", 100), -1);
	assert_int_equal(errno, ESTALE);
	assert_int_equal(kill(pid, 0), 0);
	assert_int_equal(proc_signal_wait(pid, SIGTERM, "sleep", 5000), 0);
	errno = 0;
	assert_int_equal(proc_runs(pid, "sleep") == 1, 0);
	assert_no_children();
}

static void test_signal_wait(void **state)
{
	pid_t pid;

	(void)state;
	pid = start_orphan(":", "exec sleep 30");
	assert_int_equal(proc_signal_wait(pid, SIGTERM, NULL, 5000), 0);
	pid = start_orphan("trap \"\" TERM", "while :; do sleep 1; done");
	errno = 0;
	assert_int_equal(proc_signal_wait(pid, SIGTERM, NULL, 200), -1);
	assert_int_equal(errno, ETIMEDOUT);
	assert_int_equal(kill(pid, 0), 0);
	assert_int_equal(proc_signal_wait(pid, SIGKILL, NULL, 5000), 0);
	/* A pid with no process: kill()'s error comes back (a child of ours,
	 * reaped: the kernel does not hand its pid out again at once). */
	{
		const char *argv[] = {SH, "-c", "exit 0", NULL};
		struct proc_status st;
		char err[256];

		assert_int_equal(proc_spawn(argv, NULL, &pid, err, sizeof(err)), 0);
		assert_int_equal(proc_wait(pid, -1, 0, 0, &st), 0);
	}
	errno = 0;
	assert_int_equal(proc_signal_wait(pid, SIGTERM, NULL, 100), -1);
	assert_int_equal(errno, ESRCH);
	assert_no_children();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_exit_status),           cmocka_unit_test(test_signal),
	    cmocka_unit_test(test_timeout_no_kill),       cmocka_unit_test(test_timeout_kill_term),
	    cmocka_unit_test(test_timeout_kill_stubborn), cmocka_unit_test(test_group_kill),
	    cmocka_unit_test(test_exec_failure),          cmocka_unit_test(test_env),
	    cmocka_unit_test(test_sigpipe_default),       cmocka_unit_test(test_signal_wait),
	    cmocka_unit_test(test_signal_prog),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
