/* Unit tests for upsclient_ev: event-loop connections to upsd over real
 * loopback TCP. The servers are played by the test on the same loop: a
 * "fast" one that answers from a script, and a "silent" one that accepts and
 * never answers. What must hold: a silent server stalls nothing else (the
 * fast one's replies arrive, the silent one's request fails at its limit),
 * pipelined replies go to their requests in order, LIST and ERR replies are
 * framed, a refused connect and an unsolicited line end the connection. */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>
#include <cmocka.h>

#include "ev.h"
#include "net.h"
#include "upsclient.h"
#include "upsclient_ev.h"

/* A server on the test's loop: replies to each request line with the next
 * canned answer (NULL: stay silent). */
struct fake {
	struct ev_loop *loop;
	int lfd, cfd;
	uint16_t port;
	const char *const *answers;
	size_t next;
	int lines_seen;
};

static void fake_read(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct fake *f = arg;
	char b[4096];
	ssize_t n = read(fd, b, sizeof(b));
	ssize_t i;

	(void)loop;
	(void)events;
	if (n <= 0) {
		ev_io_del(f->loop, fd);
		close(fd);
		f->cfd = -1;
		return;
	}
	for (i = 0; i < n; i++) {
		if (b[i] != '\n')
			continue;
		f->lines_seen++;
		if (f->answers != NULL && f->answers[f->next] != NULL) {
			const char *a = f->answers[f->next++];

			assert_int_equal(write(fd, a, strlen(a)), (ssize_t)strlen(a));
		}
	}
}

static void fake_accept(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct fake *f = arg;

	(void)events;
	f->cfd = net_accept(fd, NULL, NULL);
	if (f->cfd >= 0)
		assert_int_equal(ev_io_add(loop, f->cfd, EV_READ, fake_read, f), 0);
}

static void fake_start(struct fake *f, struct ev_loop *loop, const char *const *answers)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char err[256];
	int n;

	memset(f, 0, sizeof(*f));
	f->loop = loop;
	f->answers = answers;
	f->cfd = -1;
	n = net_listen_tcp("127.0.0.1", "0", 16, &f->lfd, 0, 1, NULL, NULL, err, sizeof(err));
	assert_int_equal(n, 1);
	assert_int_equal(getsockname(f->lfd, (struct sockaddr *)&ss, &len), 0);
	f->port = ntohs(((struct sockaddr_in *)&ss)->sin_port);
	assert_int_equal(ev_io_add(loop, f->lfd, EV_READ, fake_accept, f), 0);
}

static void fake_stop(struct fake *f)
{
	if (f->cfd >= 0) {
		ev_io_del(f->loop, f->cfd);
		close(f->cfd);
	}
	ev_io_del(f->loop, f->lfd);
	close(f->lfd);
}

/* What the callbacks saw. */
struct seen {
	int up, down;
	char why[128];
	int nreplies;
	struct {
		int answered, err, is_err;
		size_t nlines;
		char first[128]; /* words of the first line, joined by '|' */
		uint64_t at_ms;
	} r[8];
};

static void on_state(struct ucl_ev *c, int up, const char *why, void *arg)
{
	struct seen *s = arg;

	(void)c;
	if (up)
		s->up++;
	else {
		s->down++;
		(void)snprintf(s->why, sizeof(s->why), "%s", why != NULL ? why : "");
	}
}

static void on_reply(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct seen *s = arg;
	int k = s->nreplies++, w;
	size_t off = 0;

	(void)c;
	assert_true(k < 8);
	s->r[k].answered = r->answered;
	s->r[k].err = r->err;
	s->r[k].is_err = r->is_err;
	s->r[k].nlines = r->nlines;
	s->r[k].at_ms = ev_now_ms();
	s->r[k].first[0] = '\0';
	if (r->nlines > 0)
		for (w = 0; w < r->lines[0].argc; w++)
			off += (size_t)snprintf(s->r[k].first + off, sizeof(s->r[k].first) - off,
			                        "%s%s", w ? "|" : "", r->lines[0].argv[w]);
}

static void run_until(struct ev_loop *loop, int (*done)(void *), void *arg, int limit_ms)
{
	uint64_t end = ev_now_ms() + (uint64_t)limit_ms;

	while (!done(arg) && ev_now_ms() < end)
		assert_true(ev_run_once(loop, 20) >= 0);
}

static int is_up(void *arg)
{
	return ((struct seen *)arg)->up > 0 || ((struct seen *)arg)->down > 0;
}

static int is_down(void *arg)
{
	return ((struct seen *)arg)->down > 0;
}

static int replies_2(void *arg)
{
	return ((struct seen *)arg)->nreplies >= 2;
}

static int replies_3(void *arg)
{
	return ((struct seen *)arg)->nreplies >= 3;
}

static int replies_1(void *arg)
{
	return ((struct seen *)arg)->nreplies >= 1;
}

static void test_silent_server_stalls_nothing_else(void **state)
{
	static const char *const fast_answers[] = {"VAR u ups.status \"OL\"\n",
	                                           "VAR u battery.charge \"99\"\n", NULL};
	struct ev_loop *loop = ev_loop_new(EV_BACKEND_DEFAULT);
	struct fake fast, silent;
	struct seen sf = {0}, ss = {0};
	struct ucl_ev *cf, *cs;
	const char *q1[] = {"GET", "VAR", "u", "ups.status"};
	const char *q2[] = {"GET", "VAR", "u", "battery.charge"};
	uint64_t t0;

	(void)state;
	fake_start(&fast, loop, fast_answers);
	fake_start(&silent, loop, NULL);
	cf = ucl_ev_new(loop, "127.0.0.1", fast.port, 5000, on_state, &sf);
	cs = ucl_ev_new(loop, "127.0.0.1", silent.port, 300, on_state, &ss);
	assert_non_null(cf);
	assert_non_null(cs);
	assert_int_equal(ucl_ev_connect(cf), 0);
	assert_int_equal(ucl_ev_connect(cs), 0);
	run_until(loop, is_up, &sf, 2000);
	run_until(loop, is_up, &ss, 2000);
	assert_int_equal(sf.up, 1);
	assert_int_equal(ss.up, 1);

	t0 = ev_now_ms();
	assert_int_equal(ucl_ev_request(cs, 0, 4, q1, on_reply, &ss), 0);
	/* Two pipelined requests to the fast server, sent before any reply. */
	assert_int_equal(ucl_ev_request(cf, 0, 4, q1, on_reply, &sf), 0);
	assert_int_equal(ucl_ev_request(cf, 0, 4, q2, on_reply, &sf), 0);
	assert_int_equal(ucl_ev_pending(cf), 2);
	run_until(loop, replies_2, &sf, 2000);
	assert_int_equal(sf.nreplies, 2);
	assert_int_equal(sf.r[0].answered, 1);
	assert_string_equal(sf.r[0].first, "VAR|u|ups.status|OL");
	assert_string_equal(sf.r[1].first, "VAR|u|battery.charge|99");
	/* The fast answers came while the silent request still waited. */
	assert_int_equal(ss.nreplies, 0);
	assert_int_equal(ucl_ev_is_up(cs), 1);

	run_until(loop, replies_1, &ss, 3000);
	assert_int_equal(ss.nreplies, 1);
	assert_int_equal(ss.r[0].answered, 0);
	assert_true(ss.r[0].at_ms - t0 >= 300);
	assert_int_equal(ss.down, 1);
	assert_string_equal(ss.why, "no reply in time");
	assert_int_equal(ucl_ev_is_up(cs), 0);
	assert_int_equal(ucl_ev_is_up(cf), 1);

	ucl_ev_free(cf);
	ucl_ev_free(cs);
	fake_stop(&fast);
	fake_stop(&silent);
	ev_loop_free(loop);
}

static void test_list_and_err_framing(void **state)
{
	static const char *const answers[] = {
	    "BEGIN LIST VAR u\nVAR u a \"1\"\nVAR u b \"two words\"\n",
	    "END LIST VAR u\nERR UNKNOWN-UPS\n",
	    "ERR UNKNOWN\n",
	    NULL,
	};
	struct ev_loop *loop = ev_loop_new(EV_BACKEND_DEFAULT);
	struct fake f;
	struct seen s = {0};
	struct ucl_ev *c;
	const char *l[] = {"LIST", "VAR", "u"};
	const char *g[] = {"GET", "VAR", "nope", "x y"};
	const char *t[] = {"GET", "TRACKING", "0"};

	(void)state;
	fake_start(&f, loop, answers);
	c = ucl_ev_new(loop, "127.0.0.1", f.port, 2000, on_state, &s);
	assert_int_equal(ucl_ev_connect(c), 0);
	run_until(loop, is_up, &s, 2000);
	assert_int_equal(ucl_ev_request(c, 1, 3, l, on_reply, &s), 0);
	assert_int_equal(ucl_ev_request(c, 0, 4, g, on_reply, &s), 0);
	assert_int_equal(ucl_ev_request(c, 0, 3, t, on_reply, &s), 0);
	run_until(loop, replies_3, &s, 2000);
	assert_int_equal(s.nreplies, 3);
	assert_int_equal(s.r[0].answered, 1);
	assert_int_equal(s.r[0].err, 0);
	assert_int_equal(s.r[0].is_err, 0);
	assert_int_equal(s.r[0].nlines, 2);
	assert_string_equal(s.r[0].first, "VAR|u|a|1");
	assert_int_equal(s.r[1].answered, 1);
	assert_int_equal(s.r[1].err, UPSCLI_ERR_UNKNOWNUPS);
	assert_int_equal(s.r[1].is_err, 1);
	/* "ERR UNKNOWN" maps to UPSCLI_ERR_UNKNOWN, which is 0: is_err tells
	 * it from a success (GET TRACKING's unknown result). */
	assert_int_equal(s.r[2].answered, 1);
	assert_int_equal(s.r[2].err, UPSCLI_ERR_UNKNOWN);
	assert_int_equal(s.r[2].is_err, 1);
	assert_string_equal(s.r[2].first, "ERR|UNKNOWN");
	assert_int_equal(ucl_ev_is_up(c), 1);
	assert_int_equal(s.down, 0);
	ucl_ev_free(c);
	fake_stop(&f);
	ev_loop_free(loop);
}

static void test_refused_and_unsolicited(void **state)
{
	static const char *const answers[] = {"VAR u a \"1\"\nVAR u extra \"2\"\n", NULL};
	struct ev_loop *loop = ev_loop_new(EV_BACKEND_DEFAULT);
	struct fake f;
	struct seen s = {0}, r = {0};
	struct ucl_ev *c;
	const char *g[] = {"GET", "VAR", "u", "a"};
	uint16_t closed_port;

	(void)state;
	/* A port nobody listens on any more. */
	fake_start(&f, loop, NULL);
	closed_port = f.port;
	fake_stop(&f);
	c = ucl_ev_new(loop, "127.0.0.1", closed_port, 2000, on_state, &r);
	(void)ucl_ev_connect(c);
	run_until(loop, is_up, &r, 2000);
	assert_int_equal(r.up, 0);
	assert_int_equal(r.down, 1);
	assert_non_null(strstr(r.why, "refused"));
	assert_int_equal(ucl_ev_request(c, 0, 4, g, on_reply, &r), -1);
	ucl_ev_free(c);

	/* One request, two reply lines: the second breaks the protocol. */
	fake_start(&f, loop, answers);
	c = ucl_ev_new(loop, "127.0.0.1", f.port, 2000, on_state, &s);
	assert_int_equal(ucl_ev_connect(c), 0);
	run_until(loop, is_up, &s, 2000);
	assert_int_equal(ucl_ev_request(c, 0, 4, g, on_reply, &s), 0);
	run_until(loop, replies_1, &s, 2000);
	run_until(loop, is_down, &s, 2000);
	assert_int_equal(s.r[0].answered, 1);
	assert_string_equal(s.r[0].first, "VAR|u|a|1");
	assert_int_equal(s.down, 1);
	assert_string_equal(s.why, "reply does not fit the request");
	ucl_ev_free(c);
	fake_stop(&f);
	ev_loop_free(loop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_silent_server_stalls_nothing_else),
	    cmocka_unit_test(test_list_and_err_framing),
	    cmocka_unit_test(test_refused_and_unsolicited),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
