/* Unit tests for common/log: the exact stderr format (bare messages as NUT
 * daemons print them, a time stamp and [D<n>] tag once debugging is on),
 * strerror for log_warn/fatal, NUT_DEBUG_LEVEL seeding, errno preserved.
 * stderr is captured by pointing fd 2 at a temporary file. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
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

#include "log.h"

struct capture {
	char path[64];
	int fd;
	int saved;
};

static void cap_start(struct capture *c)
{
	snprintf(c->path, sizeof(c->path), "/tmp/test_log.XXXXXX");
	c->fd = mkstemp(c->path);
	assert_true(c->fd >= 0);
	fflush(stderr);
	c->saved = dup(2);
	assert_true(c->saved >= 0);
	assert_int_equal(dup2(c->fd, 2), 2);
}

/* Restores stderr and returns what was written (static storage). */
static const char *cap_end(struct capture *c)
{
	static char out[8192];
	ssize_t n;

	fflush(stderr);
	dup2(c->saved, 2);
	close(c->saved);
	n = pread(c->fd, out, sizeof(out) - 1, 0);
	assert_true(n >= 0);
	out[n] = '\0';
	close(c->fd);
	unlink(c->path);
	return out;
}

static int reset(void **state)
{
	unsetenv("NUT_DEBUG_LEVEL");
	return 0;
}

static void test_plain_messages(void **state)
{
	struct capture c;
	const char *out;

	log_init("test_log", LOG_TO_STDERR, 0);
	cap_start(&c);
	log_info("listening on %s port %d", "127.0.0.1", 3493);
	log_warnx("ups %s: data stale", "myups");
	errno = ENOENT;
	log_warn("fopen %s", "/x/upsd.pid");
	assert_int_equal(errno, ENOENT); /* preserved for the caller */
	log_debug(1, "not shown at level 0");
	out = cap_end(&c);
	assert_string_equal(out, "listening on 127.0.0.1 port 3493\n"
	                         "ups myups: data stale\n"
	                         "fopen /x/upsd.pid: No such file or directory\n");
}

static void test_debug_levels(void **state)
{
	struct capture c;
	const char *out, *p;

	log_init("test_log", LOG_TO_STDERR, 2);
	assert_int_equal(log_get_debug(), 2);
	cap_start(&c);
	log_debug(1, "one");
	log_debug(2, "two");
	log_debug(3, "three");
	log_info("info");
	out = cap_end(&c);
	/* "   0.000123\t[D1] one" : seconds.microseconds, a tab, the tag. */
	p = strstr(out, "\t[D1] one\n");
	assert_non_null(p);
	assert_non_null(strstr(out, "\t[D2] two\n"));
	assert_null(strstr(out, "three"));
	assert_non_null(strstr(out, "\tinfo\n"));
	assert_true(out[0] == ' ' || (out[0] >= '0' && out[0] <= '9'));
	assert_non_null(strchr(out, '.'));

	log_set_debug(0);
	assert_int_equal(log_get_debug(), 0);
	cap_start(&c);
	log_debug(1, "hidden");
	out = cap_end(&c);
	assert_string_equal(out, "");
}

static void test_env_seed(void **state)
{
	setenv("NUT_DEBUG_LEVEL", "3", 1);
	log_init("test_log", LOG_TO_STDERR, 0);
	assert_int_equal(log_get_debug(), 3);
	/* An explicit -D count above the environment wins. */
	log_init("test_log", LOG_TO_STDERR, 5);
	assert_int_equal(log_get_debug(), 5);
	/* Junk in the environment is ignored. */
	setenv("NUT_DEBUG_LEVEL", "lots", 1);
	log_init("test_log", LOG_TO_STDERR, 0);
	assert_int_equal(log_get_debug(), 0);
	setenv("NUT_DEBUG_LEVEL", "-2", 1);
	log_init("test_log", LOG_TO_STDERR, 1);
	assert_int_equal(log_get_debug(), 1);
}

static void test_no_dest_and_syslog(void **state)
{
	struct capture c;
	const char *out;

	log_init("test_log", 0, 0);
	cap_start(&c);
	log_info("nowhere");
	out = cap_end(&c);
	assert_string_equal(out, "");
	/* Syslog only: nothing on stderr (the syslog side is not observable here). */
	log_set_dest(LOG_TO_SYSLOG);
	cap_start(&c);
	log_debug(9, "not even formatted");
	out = cap_end(&c);
	assert_string_equal(out, "");
	log_set_dest(LOG_TO_STDERR);
}

static void test_long_message_marked(void **state)
{
	struct capture c;
	const char *out;

	log_init("test_log", LOG_TO_STDERR, 0);
	cap_start(&c);
	log_info("%5000s", "end");
	out = cap_end(&c);
	/* Too long for one line: cut, but visibly so. */
	assert_non_null(strstr(out, "... [message too long]\n"));
}

static void run_fatal(int with_errno)
{
	log_init("test_log", LOG_TO_STDERR, 0);
	errno = EACCES;
	if (with_errno)
		fatal("cannot open %s", "upsd.conf");
	fatalx("at least one UPS must be defined in %s", "ups.conf");
}

static void test_fatal(void **state)
{
	for (int with_errno = 0; with_errno < 2; with_errno++) {
		struct capture c;
		const char *out;
		pid_t pid;
		int st;

		cap_start(&c);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0)
			run_fatal(with_errno);
		assert_int_equal(waitpid(pid, &st, 0), pid);
		out = cap_end(&c);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 1);
		if (with_errno)
			assert_string_equal(
			    out, "Fatal error: cannot open upsd.conf: Permission denied\n");
		else
			assert_string_equal(
			    out, "Fatal error: at least one UPS must be defined in ups.conf\n");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_plain_messages, reset),
	    cmocka_unit_test_setup(test_debug_levels, reset),
	    cmocka_unit_test_setup(test_env_seed, reset),
	    cmocka_unit_test_setup(test_no_dest_and_syslog, reset),
	    cmocka_unit_test_setup(test_long_message_marked, reset),
	    cmocka_unit_test_setup(test_fatal, reset),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
