/* fuzz_session: a whole upsd client session against arbitrary bytes. upsd's
 * own modules (server/libupsd.la: everything but main.c) run on a real event
 * loop with a state tree fed by a fake driver over a real driver socket; the
 * fuzz input is what one client sends, written in chunks into a socketpair
 * whose other end upsd took with client_new(), as listen.c does for an
 * accepted connection. No seam inside upsd: the same read, dispatch, reply
 * and flush code a TCP client meets.
 *
 * The server serves five UPSes: t (a full dump: RW strings, enums, ranges,
 * instant commands, a description), u (a small dump), s (its driver said
 * DATASTALE), d (no driver) and f (every kind of writable variable; its
 * driver answers tracked requests with success or failure). upsd.users has admin/secret (SET FSD,
 * all instcmds, upsmon primary), mon/pass2 (upsmon secondary), plain/pass3.
 *
 * Invariants checked on everything upsd sends back:
 * - the byte stream is whole lines (it ends in "\n") without control bytes,
 *   each of which our own
 *   tokenizer reads back as one line of protocol words;
 * - each line is a reply NUT's protocol has, by its first word: OK, ERR
 *   <known word>, BEGIN LIST / END LIST, VAR, TYPE, DESC, CMDDESC, UPSDESC,
 *   NUMLOGINS, the GET TRACKING results (PENDING, SUCCESS), ON/OFF (GET
 *   TRACKING alone), the HELP line, the VER line and the NETVER number;
 *   with the number of words each takes;
 * - inside BEGIN LIST <kind> ... only <kind> lines (VAR for LIST VAR, RW,
 *   CMD, ENUM, RANGE, UPS, CLIENT), closed by the matching END LIST; lists
 *   do not nest and none is left open;
 * - one reply (a list counts as one) per complete line sent, counted with
 *   the same tokenizer rules upsd uses, up to and including a LOGOUT;
 * - the client is gone once its input ended and its replies were written;
 *   no crash, no leak (ASan/LSan in the libFuzzer build).
 * Input: byte 0 = seed of the chunk sizes (0: one chunk), the rest = what
 * the client sends. */
#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "buf.h"
#include "client.h"
#include "drvconn.h"
#include "fuzz.h"
#include "log.h"
#include "upsd.h"
#include "upsdconf.h"
#include "users.h"

#define FZ_MAX_INPUT  16384
#define FZ_MAX_ROUNDS 100000 /* loop turns for one input before calling it a hang */
#define FZ_REPLY_MAX  (8u << 20)
#define FZ_REPLY_LINE 8192 /* bytes of one reply line, for the checker */

static const char fz_users[] = "[admin]\n"
                               "\tpassword = secret\n"
                               "\tactions = SET FSD\n"
                               "\tinstcmds = ALL\n"
                               "\tupsmon primary\n"
                               "[mon]\n"
                               "\tpassword = pass2\n"
                               "\tupsmon secondary\n"
                               "[plain]\n"
                               "\tpassword = pass3\n";

/* t: an Eaton 5PX 2000 (from its real dump) with write rights made up. */
static const char fz_dump_t[] = "SETINFO battery.charge \"100\"\n"
                                "SETINFO battery.charge.low \"20\"\n"
                                "SETFLAGS battery.charge.low RW NUMBER\n"
                                "SETINFO battery.runtime \"4140\"\n"
                                "SETINFO battery.type \"PbAc\"\n"
                                "SETINFO device.mfr \"EATON\"\n"
                                "SETINFO device.model \"5PX 2000\"\n"
                                "SETINFO device.serial \"G123K45678\"\n"
                                "SETINFO device.type \"ups\"\n"
                                "SETINFO driver.name \"dummy-ups\"\n"
                                "SETINFO input.transfer.high \"285\"\n"
                                "SETFLAGS input.transfer.high RW NUMBER\n"
                                "ADDRANGE input.transfer.high 264 300\n"
                                "SETINFO input.transfer.low \"160\"\n"
                                "SETFLAGS input.transfer.low RW NUMBER\n"
                                "ADDENUM input.transfer.low \"160\"\n"
                                "ADDENUM input.transfer.low \"170\"\n"
                                "ADDENUM input.transfer.low \"180\"\n"
                                "SETINFO input.voltage \"230.0\"\n"
                                "SETINFO outlet.1.desc \"PowerShare Outlet 1\"\n"
                                "SETINFO outlet.1.status \"on\"\n"
                                "SETINFO ups.beeper.status \"enabled\"\n"
                                "SETINFO ups.id \"rack \\\"A\\\" \\\\ 2\"\n"
                                "SETFLAGS ups.id RW STRING\n"
                                "SETAUX ups.id 16\n"
                                "SETINFO ups.load \"23\"\n"
                                "SETINFO ups.mfr \"EATON\"\n"
                                "SETINFO ups.model \"5PX 2000\"\n"
                                "SETINFO ups.status \"OL CHRG\"\n"
                                "ADDCMD beeper.disable\n"
                                "ADDCMD beeper.enable\n"
                                "ADDCMD load.off\n"
                                "ADDCMD load.on\n"
                                "ADDCMD shutdown.return\n"
                                "ADDCMD test.battery.start.quick\n"
                                "DUMPDONE\n";
static const char fz_dump_u[] = "SETINFO device.model \"RPT-600AP\"\n"
                                "SETINFO ups.status \"OB LB\"\n"
                                "SETINFO battery.charge \"9\"\n"
                                "DUMPDONE\n";
/* f: every kind of writable variable and commands whose tracked result the
 * fake driver answers (as tests/integration/fakedrv.py does). */
static const char fz_dump_f[] = "SETINFO ups.status \"OL\"\n"
                                "SETINFO ups.delay.shutdown \"20\"\n"
                                "SETFLAGS ups.delay.shutdown RW NUMBER\n"
                                "SETINFO ups.id \"abc\"\n"
                                "SETFLAGS ups.id RW STRING\n"
                                "SETAUX ups.id 8\n"
                                "SETINFO ups.nolength \"q\"\n"
                                "SETFLAGS ups.nolength RW STRING\n"
                                "SETINFO input.transfer.low \"90\"\n"
                                "SETFLAGS input.transfer.low RW\n"
                                "ADDENUM input.transfer.low \"90\"\n"
                                "ADDENUM input.transfer.low \"100\"\n"
                                "SETINFO input.transfer.high \"130\"\n"
                                "SETFLAGS input.transfer.high RW\n"
                                "ADDRANGE input.transfer.high 120 140\n"
                                "SETINFO ups.both \"5\"\n"
                                "SETFLAGS ups.both RW\n"
                                "ADDENUM ups.both \"5\"\n"
                                "ADDRANGE ups.both 10 20\n"
                                "SETINFO ups.failing \"5\"\n"
                                "SETFLAGS ups.failing RW NUMBER\n"
                                "SETINFO ups.plain \"x\"\n"
                                "SETFLAGS ups.plain RW\n"
                                "SETINFO ups.fixed \"1\"\n"
                                "ADDENUM ups.fixed \"1\"\n"
                                "ADDCMD load.off\n"
                                "ADDCMD test.ok\n"
                                "ADDCMD test.failed\n"
                                "ADDCMD test.invalid\n"
                                "ADDCMD test.word\n"
                                "DUMPDONE\n";
static const char fz_dump_s[] = "SETINFO ups.status \"OL\"\n"
                                "DUMPDONE\n"
                                "DATASTALE\n";

struct fz_ups {
	const char *name, *desc, *dump; /* dump NULL: no driver */
	int answers;                    /* answers tracked requests */
	struct ups_entry *e;
	int dfd;         /* the fake driver's end */
	char line[4096]; /* what it read of the current line */
	size_t len;
};

static struct fz_ups fz_ups[] = {
    {"t", "Rack \"A\" 5PX \\ 2000", fz_dump_t, 0, NULL, -1, "", 0},
    {"u", NULL, fz_dump_u, 0, NULL, -1, "", 0},
    {"s", "stale", fz_dump_s, 0, NULL, -1, "", 0},
    {"d", "no driver", NULL, 0, NULL, -1, "", 0},
    {"f", NULL, fz_dump_f, 1, NULL, -1, "", 0},
};
#define FZ_NUPS (sizeof(fz_ups) / sizeof(fz_ups[0]))

static struct upsd fz_u;
static char fz_dir[256];
static int fz_ready;

static void fz_cleanup(void)
{
	char path[512];
	size_t i;

	for (i = 0; i < FZ_NUPS; i++) {
		snprintf(path, sizeof(path), "%s/dummy-ups-%s", fz_dir, fz_ups[i].name);
		unlink(path);
	}
	snprintf(path, sizeof(path), "%s/upsd.users", fz_dir);
	unlink(path);
	rmdir(fz_dir);
}

/* The fake driver's answer to a request line ending in "TRACKING <id>":
 * INSTCMD test.failed 3, test.invalid 2, test.word "abc", SET ups.failing 3,
 * anything else 0. */
static void fz_answer(struct fz_ups *x, const char *line)
{
	const char *t = strstr(line, " TRACKING ");
	const char *status = "0";
	char reply[128];
	int n;

	if (t == NULL || strlen(t + 10) > 40)
		return;
	if (strncmp(line, "INSTCMD test.failed ", 20) == 0 ||
	    strncmp(line, "SET ups.failing ", 16) == 0)
		status = "3";
	else if (strncmp(line, "INSTCMD test.invalid ", 21) == 0)
		status = "2";
	else if (strncmp(line, "INSTCMD test.word ", 18) == 0)
		status = "abc";
	n = snprintf(reply, sizeof(reply), "TRACKING %s %s\n", t + 10, status);
	FUZZ_CHECK(n > 0 && (size_t)n < sizeof(reply));
	FUZZ_CHECK(write(x->dfd, reply, (size_t)n) == n);
}

/* Reads what upsd sent the fake drivers (DUMPALL, INSTCMD ...): every line
 * whole and short, tracked requests answered where the driver does that. */
static void fz_drain_drivers(void)
{
	char tmp[4096];
	ssize_t n, k;
	size_t i;

	for (i = 0; i < FZ_NUPS; i++) {
		struct fz_ups *x = &fz_ups[i];

		if (x->dfd < 0)
			continue;
		while ((n = read(x->dfd, tmp, sizeof(tmp))) > 0) {
			for (k = 0; k < n; k++) {
				if (tmp[k] != '\n') {
					FUZZ_CHECK(x->len < sizeof(x->line) - 1);
					x->line[x->len++] = tmp[k];
					continue;
				}
				x->line[x->len] = '\0';
				if (x->answers)
					fz_answer(x, x->line);
				x->len = 0;
			}
		}
	}
}

static void fz_start_driver(struct fz_ups *x)
{
	struct sockaddr_un sa;
	int lfd;
	size_t len = strlen(x->dump), off = 0;
	ssize_t n;
	int round;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	FUZZ_CHECK(snprintf(sa.sun_path, sizeof(sa.sun_path), "%s/dummy-ups-%s", fz_dir, x->name) <
	           (int)sizeof(sa.sun_path));
	lfd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FUZZ_CHECK(lfd >= 0);
	FUZZ_CHECK(bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	FUZZ_CHECK(listen(lfd, 1) == 0);
	FUZZ_CHECK(drvconn_connect(x->e) == 0);
	x->dfd = accept4(lfd, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
	FUZZ_CHECK(x->dfd >= 0);
	close(lfd);
	while (off < len) {
		n = write(x->dfd, x->dump + off, len - off);
		FUZZ_CHECK(n > 0);
		off += (size_t)n;
	}
	for (round = 0; round < 1000 && !x->e->dumpdone; round++) {
		FUZZ_CHECK(ev_run_once(fz_u.loop, 10) == 0);
		fz_drain_drivers();
	}
	FUZZ_CHECK(x->e->dumpdone);
}

static void fz_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	char path[512];
	FILE *f;
	size_t i;

	/* upsd logs every login and refusal: keep the fuzzer's output readable. */
	log_init("fuzz_session", 0, 0);
	snprintf(fz_dir, sizeof(fz_dir), "%s/fuzz_session.XXXXXX",
	         tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	FUZZ_CHECK(mkdtemp(fz_dir) != NULL);
	atexit(fz_cleanup);

	memset(&fz_u, 0, sizeof(fz_u));
	upsdconf_defaults(&fz_u.conf);
	fz_u.loop = ev_loop_new(EV_BACKEND_DEFAULT);
	FUZZ_CHECK(fz_u.loop != NULL);
	FUZZ_CHECK(buf_init(&fz_u.reply, UPSD_REPLY_MAX) == 0);
	snprintf(path, sizeof(path), "%s/upsd.users", fz_dir);
	f = fopen(path, "w");
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fputs(fz_users, f) >= 0);
	FUZZ_CHECK(fclose(f) == 0);
	FUZZ_CHECK(users_load(path, &fz_u.users) == 0);
	FUZZ_CHECK(fz_u.users.n == 3);

	fz_u.ups = calloc(FZ_NUPS, sizeof(*fz_u.ups));
	FUZZ_CHECK(fz_u.ups != NULL);
	for (i = 0; i < FZ_NUPS; i++) {
		fz_ups[i].e =
		    drvconn_new(&fz_u, fz_ups[i].name, "dummy-ups", fz_ups[i].desc, fz_dir);
		FUZZ_CHECK(fz_ups[i].e != NULL);
		fz_u.ups[fz_u.nups++] = fz_ups[i].e;
		if (fz_ups[i].dump != NULL)
			fz_start_driver(&fz_ups[i]);
	}
	FUZZ_CHECK(fz_u.ups[2]->driver_stale && !drvconn_connected(fz_u.ups[3]));
	fz_ready = 1;
}

/* ------------------------------------------------------------ the checker */

struct fz_check {
	struct proto_tok tok;
	char list[64]; /* kind of the open list ("VAR", "CMD" ...), "" when none */
	char list_args[FZ_REPLY_LINE];
	long replies;
};

static int fz_is(const char *w, const char *s)
{
	return strcmp(w, s) == 0;
}

/* The words NUT's upsd puts after ERR. */
static int fz_err_word(const char *w)
{
	static const char *const words[] = {
	    "ACCESS-DENIED",
	    "UNKNOWN-UPS",
	    "VAR-NOT-SUPPORTED",
	    "CMD-NOT-SUPPORTED",
	    "INVALID-ARGUMENT",
	    "INSTCMD-FAILED",
	    "SET-FAILED",
	    "READONLY",
	    "TOO-LONG",
	    "FEATURE-NOT-SUPPORTED",
	    "FEATURE-NOT-CONFIGURED",
	    "ALREADY-SSL-MODE",
	    "DRIVER-NOT-CONNECTED",
	    "DATA-STALE",
	    "ALREADY-LOGGED-IN",
	    "INVALID-PASSWORD",
	    "ALREADY-SET-PASSWORD",
	    "INVALID-USERNAME",
	    "ALREADY-SET-USERNAME",
	    "USERNAME-REQUIRED",
	    "PASSWORD-REQUIRED",
	    "UNKNOWN-COMMAND",
	    "INVALID-VALUE",
	    "UNKNOWN",
	    "FAILED",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (fz_is(w, words[i]))
			return 1;
	return 0;
}

/* The words after "BEGIN LIST" / "END LIST", joined, to match them up. */
static void fz_join(char *out, size_t outlen, int argc, char **argv, int first)
{
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = first; i < argc; i++) {
		n += (size_t)snprintf(out + n, outlen - n, "%s%s", i > first ? " " : "", argv[i]);
		FUZZ_CHECK(n < outlen);
	}
}

static void fz_check_line(struct fz_check *k, int argc, char **argv)
{
	const char *w;
	char args[FZ_REPLY_LINE];

	FUZZ_CHECK(argc >= 1);
	w = argv[0];
	if (k->list[0] != '\0') {
		if (fz_is(w, "END")) {
			FUZZ_CHECK(argc >= 3 && fz_is(argv[1], "LIST"));
			fz_join(args, sizeof(args), argc, argv, 2);
			FUZZ_CHECK(strcmp(args, k->list_args) == 0);
			k->list[0] = '\0';
			k->replies++;
			return;
		}
		/* LIST VAR's lines are VAR lines; every other list's lines carry its kind. */
		FUZZ_CHECK(fz_is(w, k->list));
		if (fz_is(w, "VAR") || fz_is(w, "RW") || fz_is(w, "ENUM"))
			FUZZ_CHECK(argc == 4);
		else if (fz_is(w, "RANGE"))
			FUZZ_CHECK(argc == 5);
		else
			FUZZ_CHECK(argc == 3); /* CMD, UPS, CLIENT */
		return;
	}
	if (fz_is(w, "BEGIN")) {
		FUZZ_CHECK(argc >= 3 && fz_is(argv[1], "LIST"));
		FUZZ_CHECK(fz_is(argv[2], "VAR") || fz_is(argv[2], "RW") || fz_is(argv[2], "CMD") ||
		           fz_is(argv[2], "ENUM") || fz_is(argv[2], "RANGE") ||
		           fz_is(argv[2], "UPS") || fz_is(argv[2], "CLIENT"));
		FUZZ_CHECK(snprintf(k->list, sizeof(k->list), "%s", argv[2]) <
		           (int)sizeof(k->list));
		fz_join(k->list_args, sizeof(k->list_args), argc, argv, 2);
		return;
	}
	k->replies++;
	if (fz_is(w, "OK"))
		FUZZ_CHECK(argc <= 3);
	else if (fz_is(w, "ERR"))
		FUZZ_CHECK(argc == 2 && fz_err_word(argv[1]));
	else if (fz_is(w, "VAR") || fz_is(w, "DESC") || fz_is(w, "CMDDESC"))
		FUZZ_CHECK(argc == 4);
	else if (fz_is(w, "TYPE"))
		FUZZ_CHECK(argc >= 4);
	else if (fz_is(w, "UPSDESC") || fz_is(w, "NUMLOGINS"))
		FUZZ_CHECK(argc == 3);
	else if (fz_is(w, "PENDING") || fz_is(w, "SUCCESS") || fz_is(w, "ON") || fz_is(w, "OFF"))
		FUZZ_CHECK(argc == 1);
	else if (fz_is(w, "Commands:"))
		FUZZ_CHECK(argc > 1); /* HELP */
	else if (fz_is(w, "Upsilon"))
		FUZZ_CHECK(argc > 2 && fz_is(argv[1], "upsd")); /* VER */
	else
		FUZZ_CHECK(argc == 1 && fz_is(w, "1.3")); /* NETVER */
}

/* Checks the whole reply stream; returns the number of replies. */
static long fz_check_replies(const char *data, size_t len)
{
	struct fz_check k;
	size_t off = 0, used, i;
	enum proto_result r;

	FUZZ_CHECK(len == 0 || data[len - 1] == '\n');
	for (i = 0; i < len; i++)
		FUZZ_CHECK(data[i] == '\n' || (unsigned char)data[i] >= 0x20);
	memset(&k, 0, sizeof(k));
	/* Empty lines are returned (and refused by fz_check_line); no comments. */
	FUZZ_CHECK(proto_tok_init(&k.tok, PROTO_F_EMPTY, FZ_REPLY_LINE, PROTO_MAX_ARGS) == 0);
	while (off < len) {
		r = proto_feed(&k.tok, data + off, len - off, &used);
		FUZZ_CHECK(r == PROTO_LINE || r == PROTO_MORE);
		off += used;
		if (r == PROTO_LINE)
			fz_check_line(&k, k.tok.argc, k.tok.argv);
	}
	FUZZ_CHECK(proto_finish(&k.tok) == PROTO_MORE); /* nothing after the last "\n" */
	FUZZ_CHECK(k.list[0] == '\0');
	proto_tok_free(&k.tok);
	return k.replies;
}

/* Replies upsd owes for this input: one per complete line (or refused
 * line), with the rules client.c feeds its tokenizer with, stopping after
 * the first LOGOUT it accepts. */
static long fz_expected_replies(const char *data, size_t len)
{
	struct proto_tok t;
	size_t off = 0, used;
	enum proto_result r;
	long n = 0;

	FUZZ_CHECK(proto_tok_init(&t, PROTO_F_COMMENTS | PROTO_F_EMPTY, PROTO_MAX_LINE,
	                          PROTO_MAX_ARGS) == 0);
	while (off < len) {
		r = proto_feed(&t, data + off, len - off, &used);
		off += used;
		if (r == PROTO_MORE)
			continue;
		n++;
		if (r == PROTO_LINE && t.argc == 1 && strcasecmp(t.argv[0], "LOGOUT") == 0)
			break;
	}
	proto_tok_free(&t);
	return n;
}

/* ------------------------------------------------------------ the session */

struct fz_out {
	char *data;
	size_t len;
	int eof;
};

static int fz_read_replies(int fd, struct fz_out *o)
{
	char tmp[65536];
	ssize_t n;
	int got = 0;

	while (!o->eof) {
		n = read(fd, tmp, sizeof(tmp));
		if (n == 0)
			o->eof = 1;
		if (n <= 0)
			break;
		FUZZ_CHECK(o->len + (size_t)n <= FZ_REPLY_MAX);
		memcpy(o->data + o->len, tmp, (size_t)n);
		o->len += (size_t)n;
		got = 1;
	}
	return got;
}

static int fz_unread(int fd)
{
	int n = 0;

	return ioctl(fd, FIONREAD, &n) == 0 ? n : 0;
}

/* Turns the loop until upsd has read all it can and said all it will. */
static void fz_settle(int sfd, int cfd, struct fz_out *o)
{
	int round, quiet = 0;

	for (round = 0; round < FZ_MAX_ROUNDS; round++) {
		FUZZ_CHECK(ev_run_once(fz_u.loop, 0) == 0);
		fz_drain_drivers();
		if (fz_read_replies(cfd, o) || (fz_u.nclients > 0 && fz_unread(sfd) > 0))
			quiet = 0;
		else if (++quiet >= 3)
			return;
	}
	FUZZ_CHECK(!"upsd made no progress");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sockaddr_in peer;
	struct fz_out out;
	unsigned seed;
	size_t off, n, i;
	ssize_t w;
	int sp[2], round;

	if (size < 1 || size > FZ_MAX_INPUT)
		return 0;
	if (!fz_ready)
		fz_setup();
	for (i = 0; i < FZ_NUPS; i++) {
		fz_ups[i].e->fsd = 0;
		fz_ups[i].e->last_heard_ms = ev_now_ms();
	}
	out.data = malloc(FZ_REPLY_MAX);
	FUZZ_CHECK(out.data != NULL);
	out.len = 0;
	out.eof = 0;

	FUZZ_CHECK(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0, sp) == 0);
	memset(&peer, 0, sizeof(peer));
	peer.sin_family = AF_INET;
	peer.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	FUZZ_CHECK(client_new(&fz_u, sp[0], (struct sockaddr *)&peer) != NULL);
	FUZZ_CHECK(fz_u.nclients == 1);

	seed = data[0];
	for (off = 1; off < size; off += n) {
		n = size - off;
		if (seed != 0) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 700;
			if (n > size - off)
				n = size - off;
		}
		w = send(sp[1], data + off, n, MSG_NOSIGNAL);
		if (w < 0) {
			/* upsd stopped reading (it closed, or holds back): let it work. */
			FUZZ_CHECK(errno == EAGAIN || errno == EPIPE || errno == ECONNRESET);
			if (errno != EAGAIN)
				break;
			n = 0;
		} else {
			n = (size_t)w;
		}
		fz_settle(sp[0], sp[1], &out);
	}
	/* End of input: upsd answers what it has, then closes. */
	(void)shutdown(sp[1], SHUT_WR);
	for (round = 0; round < FZ_MAX_ROUNDS && (fz_u.nclients > 0 || !out.eof); round++) {
		fz_settle(sp[0], sp[1], &out);
		if (fz_u.nclients == 0)
			(void)fz_read_replies(sp[1], &out);
	}
	FUZZ_CHECK(fz_u.nclients == 0 && fz_u.clients == NULL);
	FUZZ_CHECK(out.eof);
	close(sp[1]);

	/* FUZZ_SHOW=1: print what upsd answered (to read a corpus entry's session). */
	if (getenv("FUZZ_SHOW") != NULL)
		fprintf(stderr, "--- %zu bytes in, %zu bytes out:\n%.*s", size - 1, out.len,
		        (int)out.len, out.data);
	FUZZ_CHECK(fz_check_replies(out.data, out.len) ==
	           fz_expected_replies((const char *)data + 1, size - 1));
	free(out.data);
	tracking_free(&fz_u.tracking);
	memset(&fz_u.tracking, 0, sizeof(fz_u.tracking));
	return 0;
}
