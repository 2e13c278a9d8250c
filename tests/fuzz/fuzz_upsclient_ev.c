/* fuzz_upsclient_ev: upsclient_ev's reply framing against arbitrary server
 * bytes. A connection made with ucl_ev_connect() over real loopback TCP, on
 * an event loop, queues a few pipelined requests (one-line GETs, LISTs, and
 * lines answered by a bare OK); the input is then everything "the server"
 * says before it closes. Invariants checked:
 * - every request's callback runs exactly once, in the order asked, even
 *   when a callback queues a request or frees the connection;
 * - a reply is answered 0 or 1; an ERR reply has is_err, one line starting
 *   with ERR, and the err of its word; a one-line request's reply has one
 *   line; a LIST's lines never include BEGIN/END; no word holds a line
 *   break and argv ends with NULL;
 * - the state callback says "up" once, then "down" once (the server always
 *   closes in the end), after which nothing is pending and no request is
 *   taken;
 * - the loop never needs more than FZ_MAX_TURNS turns to get there.
 * Input: byte 0 = number of requests - 1 (mod FZ_MAX_REQ), then one byte per
 * request (kind = b % 3; 0x40: its callback queues one more request; 0x80:
 * its callback frees the connection), then the server's bytes. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ev.h"
#include "fuzz.h"
#include "upsclient.h"
#include "upsclient_ev.h"
#include "upsclient_int.h"

#define FZ_MAX_INPUT 16384 /* below a loopback socket's buffer: written at once */
#define FZ_MAX_REQ   16
#define FZ_MAX_TURNS 2000

static int fz_listener = -1;
static uint16_t fz_port;
static struct ev_loop *fz_loop;

struct fz_req {
	int kind, queue_more, free_conn;
	int calls;
	int order; /* when its callback ran */
};

struct fz_run {
	struct ucl_ev *c;
	struct fz_req req[FZ_MAX_REQ * 2];
	size_t nreq;
	int ncalled;
	int up, down;
	int freed;
};

static void fz_setup(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	fz_listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FUZZ_CHECK(fz_listener >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	FUZZ_CHECK(bind(fz_listener, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	FUZZ_CHECK(listen(fz_listener, 4) == 0);
	FUZZ_CHECK(getsockname(fz_listener, (struct sockaddr *)&sa, &len) == 0);
	fz_port = ntohs(sa.sin_port);
	fz_loop = ev_loop_new(EV_BACKEND_DEFAULT);
	FUZZ_CHECK(fz_loop != NULL);
}

static void fz_on_reply(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg);

struct fz_arg {
	struct fz_run *run;
	size_t k;
};
static struct fz_arg fz_args[FZ_MAX_REQ * 2];

static int fz_send(struct fz_run *run, int kind)
{
	static const char *get[] = {"GET", "VAR", "ups", "ups.status"};
	static const char *list[] = {"LIST", "VAR", "ups"};
	static const char *plain[] = {"USERNAME", "fz"};
	size_t k = run->nreq;
	int rc;

	if (k >= FZ_MAX_REQ * 2)
		return -1;
	fz_args[k].run = run;
	fz_args[k].k = k;
	if (kind == 0)
		rc = ucl_ev_request(run->c, 0, 4, get, fz_on_reply, &fz_args[k]);
	else if (kind == 1)
		rc = ucl_ev_request(run->c, 1, 3, list, fz_on_reply, &fz_args[k]);
	else
		rc = ucl_ev_request(run->c, 0, 2, plain, fz_on_reply, &fz_args[k]);
	if (rc == 0) {
		memset(&run->req[k], 0, sizeof(run->req[k]));
		run->req[k].kind = kind;
		run->nreq++;
	}
	return rc;
}

static void fz_check_line(const struct ucl_ev_line *ln)
{
	int w;

	FUZZ_CHECK(ln->argc >= 1 && ln->argv != NULL);
	FUZZ_CHECK(ln->argv[ln->argc] == NULL);
	for (w = 0; w < ln->argc; w++)
		FUZZ_CHECK(ln->argv[w] != NULL && strpbrk(ln->argv[w], "\n") == NULL);
}

static void fz_on_reply(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct fz_arg *a = arg;
	struct fz_run *run = a->run;
	struct fz_req *q = &run->req[a->k];
	size_t i;

	FUZZ_CHECK(c == run->c);
	FUZZ_CHECK(q->calls == 0);
	q->calls++;
	/* In order: every earlier request was answered first. */
	FUZZ_CHECK(run->ncalled == (int)a->k);
	q->order = run->ncalled++;
	FUZZ_CHECK(r->answered == 0 || r->answered == 1);
	if (!r->answered) {
		FUZZ_CHECK(r->nlines == 0 && r->is_err == 0);
	} else if (r->is_err) {
		FUZZ_CHECK(r->nlines == 1);
		fz_check_line(&r->lines[0]);
		FUZZ_CHECK(strcasecmp(r->lines[0].argv[0], "ERR") == 0);
		FUZZ_CHECK(r->err ==
		           ucl_err_from_word(r->lines[0].argc > 1 ? r->lines[0].argv[1] : NULL));
	} else {
		FUZZ_CHECK(r->err == 0);
		if (q->kind != 1)
			FUZZ_CHECK(r->nlines == 1);
		FUZZ_CHECK(r->nlines <= UCL_EV_MAX_LIST_LINES);
		for (i = 0; i < r->nlines; i++) {
			fz_check_line(&r->lines[i]);
			if (q->kind == 1)
				FUZZ_CHECK(!(strcasecmp(r->lines[i].argv[0], "END") == 0 &&
				             r->lines[i].argc >= 2 &&
				             strcasecmp(r->lines[i].argv[1], "LIST") == 0));
		}
	}
	if (q->queue_more && !run->freed)
		(void)fz_send(run, (q->kind + 1) % 3); /* refused once down: fine */
	if (q->free_conn && !run->freed) {
		run->freed = 1;
		ucl_ev_free(c);
	}
}

static void fz_on_state(struct ucl_ev *c, int up, const char *why, void *arg)
{
	struct fz_run *run = arg;

	FUZZ_CHECK(c == run->c);
	if (up) {
		FUZZ_CHECK(run->up == 0 && run->down == 0);
		run->up++;
		return;
	}
	FUZZ_CHECK(why != NULL && *why != '\0');
	FUZZ_CHECK(run->down == 0);
	run->down++;
	FUZZ_CHECK(ucl_ev_pending(c) == 0);
	FUZZ_CHECK(!ucl_ev_is_up(c));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fz_run run;
	size_t nreq, i, off;
	ssize_t n;
	int sfd, turns;

	if (size < 1 || size > FZ_MAX_INPUT)
		return 0;
	if (fz_listener < 0)
		fz_setup();
	nreq = 1 + data[0] % FZ_MAX_REQ;
	if (size < 1 + nreq)
		return 0;
	memset(&run, 0, sizeof(run));

	run.c = ucl_ev_new(fz_loop, "127.0.0.1", fz_port, 2000, fz_on_state, &run);
	FUZZ_CHECK(run.c != NULL);
	FUZZ_CHECK(ucl_ev_connect(run.c) == 0);
	do
		sfd = accept(fz_listener, NULL, NULL);
	while (sfd < 0 && errno == EINTR);
	FUZZ_CHECK(sfd >= 0);
	for (turns = 0; !run.up && run.down == 0 && turns < FZ_MAX_TURNS; turns++)
		FUZZ_CHECK(ev_run_once(fz_loop, 100) == 0);
	FUZZ_CHECK(run.up == 1);

	for (i = 0; i < nreq; i++) {
		uint8_t b = data[1 + i];
		size_t k = run.nreq;

		FUZZ_CHECK(fz_send(&run, b % 3) == 0);
		run.req[k].queue_more = (b & 0x40) != 0;
		run.req[k].free_conn = (b & 0x80) != 0;
	}
	for (off = 1 + nreq; off < size; off += (size_t)n) {
		n = write(sfd, data + off, size - off);
		FUZZ_CHECK(n > 0);
	}
	FUZZ_CHECK(shutdown(sfd, SHUT_WR) == 0);

	for (turns = 0; run.down == 0 && !run.freed && turns < FZ_MAX_TURNS; turns++)
		FUZZ_CHECK(ev_run_once(fz_loop, 100) == 0);
	FUZZ_CHECK(run.down == 1 || run.freed);
	/* Every request that was taken got its callback, once. */
	FUZZ_CHECK(run.ncalled == (int)run.nreq);
	for (i = 0; i < run.nreq; i++)
		FUZZ_CHECK(run.req[i].calls == 1);
	if (!run.freed) {
		const char *q[] = {"GET", "VAR", "ups", "x"};

		FUZZ_CHECK(ucl_ev_request(run.c, 0, 4, q, fz_on_reply, &fz_args[0]) == -1);
		ucl_ev_free(run.c);
	}
	close(sfd);
	return 0;
}
