/* Unit tests for common/paths: compiled-in defaults and NUT's environment
 * overrides, and joins that refuse to truncate. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "log.h"
#include "paths.h"

static const char *const vars[] = {"NUT_CONFPATH", "NUT_STATEPATH", "NUT_ALTPIDPATH",
                                   "NUT_PIDPATH",  "NUT_DRVPATH",   "NUT_PORT"};

static int clear_env(void **state)
{
	for (size_t i = 0; i < sizeof(vars) / sizeof(vars[0]); i++)
		unsetenv(vars[i]);
	return 0;
}

static void test_defaults(void **state)
{
	assert_string_equal(path_conf(), CONFPATH);
	assert_string_equal(path_state(), STATEPATH);
	assert_string_equal(path_altpid(), ALTPIDPATH);
	assert_string_equal(path_pid(), PIDPATH);
	assert_string_equal(path_drv(), DRVPATH);
	assert_int_equal(path_port(), PORT);
}

static void test_overrides(void **state)
{
	setenv("NUT_CONFPATH", "/tmp/c", 1);
	setenv("NUT_STATEPATH", "/tmp/s", 1);
	setenv("NUT_ALTPIDPATH", "/tmp/a", 1);
	setenv("NUT_PIDPATH", "/tmp/p", 1);
	setenv("NUT_DRVPATH", "/tmp/d", 1);
	setenv("NUT_PORT", "12345", 1);
	assert_string_equal(path_conf(), "/tmp/c");
	assert_string_equal(path_state(), "/tmp/s");
	assert_string_equal(path_altpid(), "/tmp/a");
	assert_string_equal(path_pid(), "/tmp/p");
	assert_string_equal(path_drv(), "/tmp/d");
	assert_int_equal(path_port(), 12345);
	/* Empty means unset, not "the root directory". */
	setenv("NUT_CONFPATH", "", 1);
	assert_string_equal(path_conf(), CONFPATH);
}

static void test_port(void **state)
{
	static const char *bad[] = {"0", "65536", "-1", "12x", "nosuchservice-upsilon"};
	struct servent *se;

	log_init("test_paths", 0, 0); /* the warnings are expected: keep them quiet */
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		setenv("NUT_PORT", bad[i], 1);
		assert_int_equal(path_port(), PORT);
	}
	setenv("NUT_PORT", "65535", 1);
	assert_int_equal(path_port(), 65535);
	/* Service names resolve like getaddrinfo would (when /etc/services has it). */
	se = getservbyname("nut", "tcp");
	if (se != NULL) {
		setenv("NUT_PORT", "nut", 1);
		assert_int_equal(path_port(), ntohs((unsigned short)se->s_port));
	}
}

static void test_join(void **state)
{
	char big[64], b[16];

	assert_int_equal(path_join(big, sizeof(big), "/etc/nut", "ups.conf"), 0);
	assert_string_equal(big, "/etc/nut/ups.conf");
	assert_int_equal(path_join(b, sizeof(b), "/etc/", "x"), 0);
	assert_string_equal(b, "/etc/x");
	assert_int_equal(path_join(b, sizeof(b), "/etc/nut", "upsd.users"), -1);
	assert_string_equal(b, "");
	/* 15 characters is the exact fit for 16 bytes. */
	assert_int_equal(path_join(b, sizeof(b), "/etc/nut", "abcdef"), 0);
	assert_string_equal(b, "/etc/nut/abcdef");

	setenv("NUT_CONFPATH", "/tmp/c", 1);
	assert_int_equal(path_conf_file(b, sizeof(b), "ups.conf"), 0);
	assert_string_equal(b, "/tmp/c/ups.conf");
	assert_int_equal(path_conf_file(b, sizeof(b), "upsmon.conf"), -1);
}

/* One name whatever the slashes in the directory: upsd compares these on
 * every reload, and "dir/" vs "dir" once made it drop every UPS. */
static void test_driver_names(void **state)
{
	static const char *const dirs[] = {"/run/nut", "/run/nut/", "/run/nut//", "//run//nut///"};
	char b[64];

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		assert_int_equal(path_driver_socket(b, sizeof(b), dirs[i], "dummy-ups", "u1"), 0);
		assert_string_equal(b, "/run/nut/dummy-ups-u1");
		assert_int_equal(path_driver_pidfile(b, sizeof(b), dirs[i], "dummy-ups", "u1"), 0);
		assert_string_equal(b, "/run/nut/dummy-ups-u1.pid");
	}
	assert_int_equal(path_driver_socket(b, sizeof(b), "/", "d", "u"), 0);
	assert_string_equal(b, "/d-u");
	assert_int_equal(path_driver_socket(b, sizeof(b), "///", "d", "u"), 0);
	assert_string_equal(b, "/d-u");
	assert_int_equal(path_driver_socket(b, sizeof(b), "rel//dir/", "d", "u"), 0);
	assert_string_equal(b, "rel/dir/d-u");
	/* A name that would leave the directory, or none at all. */
	errno = 0;
	assert_int_equal(path_driver_socket(b, sizeof(b), "/run", "d", "../u"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(path_driver_pidfile(b, sizeof(b), "/run", "x/d", "u"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(path_driver_socket(b, sizeof(b), "/run", "", "u"), -1);
	/* 16 bytes: "/run/nut/d-u123" fits exactly, one more does not. */
	assert_int_equal(path_driver_socket(b, 16, "/run/nut//", "d", "u123"), 0);
	assert_string_equal(b, "/run/nut/d-u123");
	errno = 0;
	assert_int_equal(path_driver_socket(b, 16, "/run/nut", "d", "u1234"), -1);
	assert_int_equal(errno, ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_defaults, clear_env),
	    cmocka_unit_test_setup(test_overrides, clear_env),
	    cmocka_unit_test_setup(test_port, clear_env),
	    cmocka_unit_test_setup(test_join, clear_env),
	    cmocka_unit_test_setup(test_driver_names, clear_env),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
