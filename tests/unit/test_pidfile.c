/* Unit tests for common/pidfile: round trip, strict parsing, and the NUT
 * wording of pidfile_signal() errors, with a real child process to signal. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "pidfile.h"

struct tmp {
	char dir[64];
	char path[128];
};

static int setup(void **state)
{
	struct tmp *t = calloc(1, sizeof(*t));

	if (t == NULL)
		return -1;
	snprintf(t->dir, sizeof(t->dir), "/tmp/test_pidfile.XXXXXX");
	if (mkdtemp(t->dir) == NULL) {
		free(t);
		return -1;
	}
	snprintf(t->path, sizeof(t->path), "%s/upsd.pid", t->dir);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	struct tmp *t = *state;
	char p[160];

	unlink(t->path);
	snprintf(p, sizeof(p), "%s/victim", t->dir);
	unlink(p);
	snprintf(p, sizeof(p), "%s.tmp%ld", t->path, (long)getpid());
	unlink(p);
	rmdir(t->dir);
	free(t);
	return 0;
}

static void put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_write_read(void **state)
{
	struct tmp *t = *state;
	char buf[64], want[32];
	struct stat st;
	FILE *f;

	assert_int_equal(pidfile_write(t->path), 0);
	f = fopen(t->path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	snprintf(want, sizeof(want), "%ld\n", (long)getpid());
	assert_string_equal(buf, want);
	assert_int_equal(stat(t->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0644);
	assert_int_equal(pidfile_read(t->path), getpid());
	/* Writing again replaces it (no temporary left behind). */
	assert_int_equal(pidfile_write(t->path), 0);
	assert_int_equal(pidfile_read(t->path), getpid());
	pidfile_remove(t->path);
	errno = 0;
	assert_int_equal(pidfile_read(t->path), -1);
	assert_int_equal(errno, ENOENT);
	pidfile_remove(t->path);            /* twice: harmless */
	assert_int_equal(rmdir(t->dir), 0); /* empty: nothing else was created */
	assert_int_equal(mkdir(t->dir, 0700), 0);
}

static void test_parse(void **state)
{
	static const char *bad[] = {"",      "junk\n",        "0\n",    "-5\n",
	                            "12x\n", "99999999999\n", "\n12\n", "1 2\n"};
	struct tmp *t = *state;

	put(t->path, "4242\n");
	assert_int_equal(pidfile_read(t->path), 4242);
	put(t->path, "4242");
	assert_int_equal(pidfile_read(t->path), 4242);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		put(t->path, bad[i]);
		errno = 0;
		if (pidfile_read(t->path) != -1 || errno != EINVAL)
			fail_msg("'%s' accepted as a pid file", bad[i]);
	}
	assert_int_equal(pidfile_write("/nonexistent-dir/x.pid"), -1);
}

static void test_signal_errors(void **state)
{
	struct tmp *t = *state;
	char err[256], want[256];
	pid_t pid;
	int st;

	/* Missing file: NUT says "fopen <path>: No such file or directory". */
	assert_int_equal(pidfile_signal(t->path, SIGHUP, NULL, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "fopen %s: No such file or directory", t->path);
	assert_string_equal(err, want);

	put(t->path, "junk\n");
	assert_int_equal(pidfile_signal(t->path, SIGHUP, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "Ignoring invalid pid number 0");

	/* A pid that no longer exists: a reaped child of ours. */
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0)
		_exit(0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	snprintf(want, sizeof(want), "%ld\n", (long)pid);
	put(t->path, want);
	assert_int_equal(pidfile_signal(t->path, SIGHUP, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "kill: No such process");
	assert_int_equal(errno, ESRCH);

	/* A FIFO at the name is refused at once, not waited on. */
	assert_int_equal(unlink(t->path), 0);
	assert_int_equal(mkfifo(t->path, 0600), 0);
	errno = 0;
	assert_int_equal(pidfile_read(t->path), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(pidfile_signal(t->path, SIGHUP, NULL, err, sizeof(err)), -1);
	snprintf(want, sizeof(want), "fopen %s: not a regular file", t->path);
	assert_string_equal(err, want);
	assert_int_equal(unlink(t->path), 0);
}

static void test_signal_delivered(void **state)
{
	struct tmp *t = *state;
	char err[256] = "";
	int ready[2], st;
	char c;
	pid_t pid;

	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* The child writes its own pid file, says so, and waits to be killed. */
		close(ready[0]);
		if (pidfile_write(t->path) < 0)
			_exit(2);
		if (write(ready[1], "r", 1) != 1)
			_exit(3);
		for (;;)
			pause();
	}
	close(ready[1]);
	assert_int_equal(read(ready[0], &c, 1), 1);
	close(ready[0]);
	assert_int_equal(pidfile_read(t->path), pid);
	/* Only a process running the named program is signalled. */
	errno = 0;
	assert_int_equal(pidfile_signal(t->path, SIGTERM, "upsd", err, sizeof(err)), -1);
	assert_int_equal(errno, ESTALE);
	assert_non_null(strstr(err, "which is not upsd: not signalled"));
	assert_int_equal(kill(pid, 0), 0);
	assert_int_equal(pidfile_signal(t->path, SIGTERM, "test_pidfile", err, sizeof(err)), 0);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_true(WIFSIGNALED(st));
	assert_int_equal(WTERMSIG(st), SIGTERM);
	/* Signal 0 checks existence only: ourselves. */
	assert_int_equal(pidfile_write(t->path), 0);
	assert_int_equal(pidfile_signal(t->path, 0, NULL, err, sizeof(err)), 0);
}

/* Root writes pid files in a directory its unprivileged user may write: a
 * symlink planted at the final name, or at the temporary name the old code
 * used ("<path>.tmp<pid>"), must not lead the write to another file. */
static void test_write_no_follow(void **state)
{
	struct tmp *t = *state;
	char victim[160], oldtmp[160], buf[64], want[32];
	struct stat st;
	DIR *d;
	struct dirent *de;
	int n = 0;
	FILE *f;

	snprintf(victim, sizeof(victim), "%s/victim", t->dir);
	snprintf(oldtmp, sizeof(oldtmp), "%s.tmp%ld", t->path, (long)getpid());
	put(victim, "precious\n");
	assert_int_equal(chmod(victim, 0600), 0);
	assert_int_equal(symlink(victim, t->path), 0);
	assert_int_equal(symlink(victim, oldtmp), 0);

	assert_int_equal(pidfile_write(t->path), 0);
	/* The victim is untouched: content and mode. */
	f = fopen(victim, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "precious\n");
	assert_int_equal(stat(victim, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	/* The pid file replaced the link: a regular file with our pid. */
	assert_int_equal(lstat(t->path, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0644);
	snprintf(want, sizeof(want), "%ld\n", (long)getpid());
	f = fopen(t->path, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, want);
	/* No temporary left behind: the dir holds victim, the pid file and the
	 * planted link only. */
	d = opendir(t->dir);
	assert_non_null(d);
	while ((de = readdir(d)) != NULL)
		if (de->d_name[0] != '.')
			n++;
	closedir(d);
	assert_int_equal(n, 3);

	/* Reading through a symlink is refused too (root would read any file). */
	assert_int_equal(unlink(t->path), 0);
	put(victim, "1\n");
	assert_int_equal(symlink(victim, t->path), 0);
	errno = 0;
	assert_int_equal(pidfile_read(t->path), -1);
	assert_int_equal(errno, ELOOP);
}

/* file_replace (what pidfile_write and dummy-ups's kill-power record use):
 * any bytes, the mode asked for, and a hard link planted at the name (a
 * second name of a file root must not write) keeps its old content. */
static void test_file_replace(void **state)
{
	struct tmp *t = *state;
	static const char data[] = "a: 1\nb: \0two\n";
	char victim[160], buf[64];
	struct stat st;
	FILE *f;
	size_t n;

	snprintf(victim, sizeof(victim), "%s/victim", t->dir);
	put(victim, "precious\n");
	assert_int_equal(link(victim, t->path), 0);
	assert_int_equal(file_replace(t->path, data, sizeof(data) - 1, 0640), 0);
	f = fopen(victim, "r");
	assert_non_null(f);
	assert_non_null(fgets(buf, sizeof(buf), f));
	fclose(f);
	assert_string_equal(buf, "precious\n");
	assert_int_equal(lstat(t->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(st.st_size, (off_t)(sizeof(data) - 1));
	f = fopen(t->path, "r");
	assert_non_null(f);
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(n, sizeof(data) - 1);
	assert_memory_equal(buf, data, n);
	/* A directory that does not exist: -1, errno set, nothing made. */
	errno = 0;
	assert_int_equal(file_replace("/nonexistent/dir/file", "x", 1, 0644), -1);
	assert_int_equal(errno, ENOENT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_write_read, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_write_no_follow, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_file_replace, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_parse, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_signal_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_signal_delivered, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
