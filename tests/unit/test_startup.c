/* Unit tests for common/startup: the user lookup, the pid file rule (written
 * in the background, in the foreground only when asked: -FF), its removal,
 * and staying in the foreground when systemd supervises (checked in a child,
 * which reports through a pipe whether it is still the same process). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "log.h"
#include "pidfile.h"
#include "sdnotify.h"
#include "startup.h"

static void test_init(void **state)
{
	struct startup st;
	char err[128] = "";

	memset(&st, 0, sizeof(st));
	assert_int_equal(startup_init(&st, err, sizeof(err)), 0);
	assert_int_equal(st.have_id, 0); /* no user: nothing to drop to */
	assert_int_equal(startup_drop(&st, err, sizeof(err)), 0);

	st.user = "nosuchuser-upsilon";
	if (geteuid() == 0) {
		assert_int_equal(startup_init(&st, err, sizeof(err)), -1);
		assert_string_equal(err, "user nosuchuser-upsilon not found");
	} else {
		/* Not root: no drop, so the user is not even looked up. */
		assert_int_equal(startup_init(&st, err, sizeof(err)), 0);
		assert_int_equal(st.have_id, 0);
	}
	if (geteuid() == 0 && getpwnam("nobody") != NULL) {
		st.user = "nobody";
		assert_int_equal(startup_init(&st, err, sizeof(err)), 0);
		assert_int_equal(st.have_id, 1);
		assert_int_equal(st.id.uid, getpwnam("nobody")->pw_uid);
	}
}

static void test_pidfile_rule(void **state)
{
	char dir[64], path[96];
	struct startup st;

	snprintf(dir, sizeof(dir), "/tmp/test_startup.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/d.pid", dir);
	unsetenv("NOTIFY_SOCKET");

	/* Foreground (-F): no pid file. */
	memset(&st, 0, sizeof(st));
	st.pidpath = path;
	assert_int_equal(startup_detach(&st), 0);
	assert_int_equal(st.have_pidfile, 0);
	assert_int_equal(access(path, F_OK), -1);

	/* Foreground with -FF: written, and removed by startup_finish. */
	st.pidfile_foreground = 1;
	assert_int_equal(startup_detach(&st), 0);
	assert_int_equal(st.have_pidfile, 1);
	assert_int_equal(pidfile_read(path), getpid());
	startup_finish(&st);
	assert_int_equal(access(path, F_OK), -1);
	startup_finish(&st); /* twice is harmless */

	/* No path: nothing, whatever the flags. */
	st.pidpath = NULL;
	assert_int_equal(startup_detach(&st), 0);
	assert_int_equal(st.have_pidfile, 0);
	rmdir(dir);
}

/* Under systemd (NOTIFY_SOCKET) a daemon asked to go to the background stays
 * put: run in a child that says through a pipe whether it is still itself. */
static void test_supervised_stays(void **state)
{
	char dir[64], sock[128];
	int p[2], st;
	pid_t pid;
	char c = '?';

	snprintf(dir, sizeof(dir), "/tmp/test_startup.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/notify", dir);
	setenv("NOTIFY_SOCKET", sock, 1);
	if (!sdn_supervised()) {
		unsetenv("NOTIFY_SOCKET");
		rmdir(dir);
		skip(); /* built without libsystemd */
	}
	assert_int_equal(pipe(p), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		struct startup s;
		pid_t me = getpid();

		memset(&s, 0, sizeof(s));
		s.background = 1;
		s.notify = 1;
		log_init("test_startup", LOG_TO_STDERR, 0);
		(void)startup_detach(&s);
		c = getpid() == me && s.background == 0 ? 'S' : 'F';
		(void)write(p[1], &c, 1);
		_exit(0);
	}
	close(p[1]);
	assert_int_equal(read(p[0], &c, 1), 1);
	close(p[0]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	assert_int_equal(c, 'S');
	unsetenv("NOTIFY_SOCKET");
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_init),
	    cmocka_unit_test(test_pidfile_rule),
	    cmocka_unit_test(test_supervised_stays),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
