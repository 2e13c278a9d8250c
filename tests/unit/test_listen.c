/* Unit tests for server/listen: a listener whose re-watch fails (ev_io_add
 * refused, injected with the linker's --wrap) stays paused and is retried by
 * its timer until it is watched again, and the connection that waited is then
 * accepted; MAXCONN pauses and a leaving client resumes. The real event loop
 * runs; client_new is a stub that counts and keeps the fds. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../server/listen.c"

/* ev_io_add fails while this is > 0 (each failure counts it down). */
static int fail_adds;
int __real_ev_io_add(struct ev_loop *loop, int fd, unsigned events, ev_io_cb cb, void *arg);
int __wrap_ev_io_add(struct ev_loop *loop, int fd, unsigned events, ev_io_cb cb, void *arg);

int __wrap_ev_io_add(struct ev_loop *loop, int fd, unsigned events, ev_io_cb cb, void *arg)
{
	if (fail_adds > 0) {
		fail_adds--;
		errno = ENOMEM;
		return -1;
	}
	return __real_ev_io_add(loop, fd, events, cb, arg);
}

static int accepted[16];
static int naccepted;

struct client *client_new(struct upsd *u, int fd, const struct sockaddr *sa)
{
	(void)sa;
	assert_true(naccepted < 16);
	accepted[naccepted++] = fd;
	u->nclients++;
	return NULL;
}

static int connect_to(int lfd)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int fd;

	assert_int_equal(getsockname(lfd, (struct sockaddr *)&ss, &len), 0);
	fd = socket(ss.ss_family, SOCK_STREAM, 0);
	assert_true(fd >= 0);
	assert_int_equal(connect(fd, (struct sockaddr *)&ss, len), 0);
	return fd;
}

/* Runs the loop until naccepted reaches want or about max_ms pass. */
static void run_until_accepted(struct ev_loop *loop, int want, int max_ms)
{
	int i;

	for (i = 0; i < max_ms / 50 && naccepted < want; i++)
		assert_true(ev_run_once(loop, 50) >= 0);
}

struct fixture {
	struct ev_loop *loop;
	struct upsd u;
	struct upsd_listen l;
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (f == NULL)
		return -1;
	f->loop = ev_loop_new(EV_BACKEND_DEFAULT);
	if (f->loop == NULL)
		return -1;
	f->u.loop = f->loop;
	f->u.conf.maxconn = 2;
	f->l.addr = (char *)"127.0.0.1";
	f->l.port = (char *)"0";
	f->u.conf.listen = &f->l;
	f->u.conf.nlisten = 1;
	naccepted = 0;
	fail_adds = 0;
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int i;

	listen_close(&f->u);
	for (i = 0; i < naccepted; i++)
		close(accepted[i]);
	ev_loop_free(f->loop);
	free(f);
	return 0;
}

static void test_rewatch_failure_is_retried(void **state)
{
	struct fixture *f = *state;
	struct upsd *u = &f->u;
	int c1, c2;

	u->conf.maxconn = 10;
	assert_int_equal(listen_open(u), 0);
	assert_int_equal(u->nlfds, 1);
	assert_true(u->lwatched[0]);
	assert_false(u->accept_paused);

	c1 = connect_to(u->lfds[0]);
	run_until_accepted(f->loop, 1, 2000);
	assert_int_equal(naccepted, 1);

	/* Paused (as on MAXCONN or EMFILE), then resumed while ev_io_add fails
	 * twice: the listener must not count as watched, and the timer retries. */
	listen_watch(u, 0);
	assert_true(u->accept_paused);
	assert_false(u->lwatched[0]);
	fail_adds = 2;
	listen_watch(u, 1);
	assert_true(u->accept_paused);
	assert_false(u->lwatched[0]);
	assert_true(u->listen_retry != 0);

	/* A connection arrives meanwhile: not accepted yet ... */
	c2 = connect_to(u->lfds[0]);
	assert_true(ev_run_once(f->loop, 0) >= 0);
	assert_int_equal(naccepted, 1);
	/* ... the first retry fails again (fail_adds 1 -> 0), the second works. */
	run_until_accepted(f->loop, 2, 5 * LISTEN_RETRY_MS);
	assert_int_equal(fail_adds, 0);
	assert_int_equal(naccepted, 2);
	assert_true(u->lwatched[0]);
	assert_false(u->accept_paused);
	assert_int_equal(u->listen_retry, 0);
	close(c1);
	close(c2);
}

static void test_maxconn_pause_resume(void **state)
{
	struct fixture *f = *state;
	struct upsd *u = &f->u;
	int c[3], i;

	assert_int_equal(listen_open(u), 0);
	for (i = 0; i < 3; i++)
		c[i] = connect_to(u->lfds[0]);
	run_until_accepted(f->loop, 3, 500);
	/* MAXCONN 2: the third waits in the kernel queue, listener paused. */
	assert_int_equal(naccepted, 2);
	assert_true(u->accept_paused);
	assert_false(u->lwatched[0]);
	/* The retry timer does not resume while still full. */
	u->listen_retry = ev_timer_add(f->loop, 1, 0, listen_retry, u);
	assert_true(ev_run_once(f->loop, 100) >= 0);
	assert_true(u->accept_paused);
	/* A client leaves: resumed, the waiting one is accepted. */
	u->nclients--;
	listen_watch(u, 1);
	run_until_accepted(f->loop, 3, 2000);
	assert_int_equal(naccepted, 3);
	for (i = 0; i < 3; i++)
		close(c[i]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_rewatch_failure_is_retried, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_maxconn_pause_resume, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
