/* upslog: writes one line about a UPS every interval -- to a file (as a
 * daemon by default) or to stdout -- in a format of NUT's escapes (logfmt.h).
 * Several UPSes (-m ups,file, repeatable, beside -s/-l) are logged by one
 * process: each upsd gets its own non-blocking connection (upsclient_ev) on
 * the one event loop, so a slow or silent server delays only its own lines.
 * SIGHUP reopens the files (log rotation), SIGUSR1 writes a line at once,
 * SIGTERM/SIGINT stop. Variables that cannot be read print "NA"; a lost
 * server is reconnected for the next line. Options and output are NUT's. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "buf.h"
#include "ev.h"
#include "log.h"
#include "logfmt.h"
#include "paths.h"
#include "startup.h"
#include "strutil.h"
#include "upsclient.h"
#include "upsclient_ev.h"
#include "upsclient_int.h"

#define UPSLOG_DEFAULT_INTERVAL_S 30
#define UPSLOG_MAX_INTERVAL_S     86400
/* Each connect and each reply waits at most this long, unless
 * NUT_DEFAULT_CONNECT_TIMEOUT says otherwise; the line is then written with
 * NA for what did not come. */
#define UPSLOG_WAIT_S       10
#define UPSLOG_MAX_MONITORS 256 /* -m tuples (plus -s/-l) */

struct upslog;

/* A reply slot: which monitor and which variable a GET VAR is for. */
struct upslog_slot {
	struct upslog_mon *m;
	size_t var;
};

/* One UPS logged to one file. */
struct upslog_mon {
	struct upslog *l;
	char *target; /* as given (ups@host[:port]): %UPSHOST% */
	char *upsname, *host;
	uint16_t port;
	char *path; /* "-" = stdout */
	FILE *out;
	struct ucl_ev *conn;
	int connected_once;
	int warned;   /* the current outage was logged */
	int want;     /* a line is due: sent when connected */
	int again;    /* an interval passed while a line was being gathered */
	size_t nwait; /* replies still to come for the line being gathered */
	time_t when;  /* when the line was due */
	char **vals;  /* one per variable of the format; NULL = NA */
	struct upslog_slot *slots;
};

struct upslog {
	struct lf_format fmt;
	const char **vars; /* the format's variable names, each once (not owned) */
	size_t nvars;
	char hostname[256];
	struct buf line;
	unsigned interval_s;
	int wait_ms;
	struct ev_loop *loop;
	struct upslog_mon *mon;
	size_t nmon;
};

static void upslog_usage(FILE *f)
{
	fprintf(
	    f,
	    "Upsilon upslog %s (Network UPS Tools 2.8 compatible)\n"
	    "\n"
	    "usage: upslog -s <ups>[@<host>[:<port>]] [-l <file>|-] [-i <seconds>]\n"
	    "              [-m <ups>[@<host>[:<port>]],<file>|-]... [-f <format>]\n"
	    "              [-F|-B] [-p <pidbase>] [-u <user>]\n"
	    "\n"
	    "Writes a line about the UPS every <seconds> (default %d) to <file>\n"
	    "(running in the background) or to stdout (-l -, in the foreground).\n"
	    "\n"
	    "  -m <ups>,<file>  log this UPS to this file too (repeatable)\n"
	    "  -f <format>   the line: text with %%VAR <name>%%, %%TIME <strftime, @ for %%>%%,\n"
	    "                %%ETIME%%, %%HOST%%, %%UPSHOST%%, %%PID%%, %%%% (see upslog(8))\n"
	    "  -F / -B       stay in the foreground / go to the background anyway\n"
	    "  -p <pidbase>  pid file <pidbase>.pid (default upslog)\n"
	    "  -u <user>     user to run as when started as root (default %s)\n"
	    "  -h            this help\n",
	    PACKAGE_VERSION, UPSLOG_DEFAULT_INTERVAL_S, RUN_AS_USER);
}

static const char *upslog_var(const char *name, void *arg)
{
	const struct upslog_mon *m = arg;
	size_t i;

	for (i = 0; i < m->l->nvars; i++) {
		if (strcmp(m->l->vars[i], name) == 0)
			return m->vals[i];
	}
	return NULL;
}

static void upslog_clear_vals(struct upslog_mon *m)
{
	size_t i;

	for (i = 0; i < m->l->nvars; i++) {
		free(m->vals[i]);
		m->vals[i] = NULL;
	}
}

static void upslog_request_line(struct upslog_mon *m, time_t when);

static void on_again(struct ev_loop *loop, void *arg)
{
	(void)loop;
	upslog_request_line(arg, time(NULL));
}

/* Renders and writes the line gathered for m, then starts the next one if
 * an interval passed meanwhile. */
static void upslog_write(struct upslog_mon *m)
{
	struct upslog *l = m->l;
	struct lf_ctx ctx = {
	    .now = m->when,
	    .host = l->hostname,
	    .upshost = m->target,
	    .pid = (long)getpid(),
	    .var = upslog_var,
	    .arg = m,
	};

	m->want = 0;
	buf_reset(&l->line);
	if (lf_render(&l->fmt, &ctx, &l->line) < 0 || buf_append(&l->line, "\n", 1) < 0) {
		log_warnx("log line longer than %u bytes: not written", LF_LINE_MAX);
	} else if (fwrite(buf_head(&l->line), 1, buf_used(&l->line), m->out) !=
	               buf_used(&l->line) ||
	           fflush(m->out) != 0) {
		if (errno == EPIPE) { /* stdout's reader is gone: nobody to log for */
			log_warnx("%s: the reader went away, exiting", m->path);
			ev_stop(l->loop);
			return;
		}
		log_warn("cannot write to %s", m->path);
	}
	upslog_clear_vals(m);
	if (m->again) {
		/* From the loop, not from inside this connection's callbacks. */
		m->again = 0;
		if (ev_timer_add(l->loop, 0, 0, on_again, m) == 0)
			log_warn("%s: cannot schedule the next line", m->target);
	}
}

static void on_reply(struct ucl_ev *c, const struct ucl_ev_reply *r, void *arg)
{
	struct upslog_slot *s = arg;
	struct upslog_mon *m = s->m;
	const struct ucl_ev_line *ln = r->nlines > 0 ? &r->lines[0] : NULL;

	(void)c;
	/* "VAR <ups> <name> <value>"; an ERR (unknown variable, stale data)
	 * or no reply at all leaves NA. */
	if (r->answered && !r->is_err && ln != NULL && ln->argc >= 4 &&
	    strcmp(ln->argv[0], "VAR") == 0 && strcmp(ln->argv[2], m->l->vars[s->var]) == 0) {
		free(m->vals[s->var]);
		m->vals[s->var] = strdup(ln->argv[3]);
	}
	if (m->nwait > 0 && --m->nwait == 0)
		upslog_write(m);
}

/* Asks for every variable of the line due (connected), or writes it at once
 * when nothing was asked (no variables, or every request refused). */
static void upslog_send(struct upslog_mon *m)
{
	size_t i;

	m->nwait = 0;
	for (i = 0; i < m->l->nvars; i++) {
		const char *q[4] = {"GET", "VAR", m->upsname, m->l->vars[i]};

		if (ucl_ev_request(m->conn, 0, 4, q, on_reply, &m->slots[i]) == 0)
			m->nwait++;
	}
	if (m->nwait == 0)
		upslog_write(m);
}

static void on_state(struct ucl_ev *c, int up, const char *why, void *arg)
{
	struct upslog_mon *m = arg;

	(void)c;
	if (up) {
		if (m->warned)
			log_info("connected to %s again", m->target);
		m->warned = 0;
		m->connected_once = 1;
		if (m->want && m->nwait == 0)
			upslog_send(m);
		return;
	}
	if (!m->warned)
		log_warnx("%s %s: %s",
		          m->connected_once ? "lost the connection to" : "cannot connect to",
		          m->target, why);
	m->warned = 1;
	/* The requests of a line in progress were answered "no reply" just
	 * before this and wrote it; a line still waiting for the connect is
	 * written now, all NA. */
	if (m->want && m->nwait == 0)
		upslog_write(m);
}

/* A line is due for m. */
static void upslog_request_line(struct upslog_mon *m, time_t when)
{
	if (m->want) { /* still gathering the last one: one more after it */
		m->again = 1;
		return;
	}
	m->want = 1;
	m->when = when;
	if (m->l->nvars == 0) {
		upslog_write(m);
		return;
	}
	if (ucl_ev_is_up(m->conn))
		upslog_send(m);
	else
		(void)ucl_ev_connect(m->conn); /* a failure calls on_state at once */
}

static void upslog_all(struct upslog *l)
{
	time_t now = time(NULL);
	size_t i;

	for (i = 0; i < l->nmon; i++)
		upslog_request_line(&l->mon[i], now);
}

static void on_tick(struct ev_loop *loop, void *arg)
{
	(void)loop;
	upslog_all(arg);
}

static void on_usr1(struct ev_loop *loop, int signo, void *arg)
{
	(void)loop, (void)signo;
	upslog_all(arg);
}

/* Log rotation: each file is opened again by name; if that fails (the drop
 * of privileges may forbid creating it), the old one is kept. */
/* Opens a log file for appending. It is opened as root before the drop, in
 * a directory the run-time user may be able to write (SIGHUP reopens it
 * after the drop): a symlink, FIFO or hard link put at its name is refused,
 * never followed or written through. NULL with errno. */
static FILE *upslog_file_open(const char *path)
{
	struct stat st;
	FILE *f;
	int fd, e, fl;

	fd = open(path,
	          O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC,
	          0644);
	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) < 0)
		e = errno;
	else
		e = S_ISREG(st.st_mode) && st.st_nlink == 1 ? 0 : EINVAL;
	fl = fcntl(fd, F_GETFL);
	if (e == 0 && (fl < 0 || fcntl(fd, F_SETFL, fl & ~O_NONBLOCK) < 0))
		e = errno;
	if (e == 0 && (f = fdopen(fd, "a")) != NULL)
		return f;
	if (e == 0)
		e = errno;
	(void)close(fd);
	errno = e;
	return NULL;
}

static void on_hup(struct ev_loop *loop, int signo, void *arg)
{
	struct upslog *l = arg;
	size_t i;
	FILE *f;

	(void)loop, (void)signo;
	for (i = 0; i < l->nmon; i++) {
		struct upslog_mon *m = &l->mon[i];

		if (m->out == stdout)
			continue;
		f = upslog_file_open(m->path);
		if (f == NULL) {
			log_warn("cannot reopen %s, going on with the old file", m->path);
			continue;
		}
		fclose(m->out);
		m->out = f;
		log_info("reopened %s", m->path);
	}
}

static void on_term(struct ev_loop *loop, int signo, void *arg)
{
	(void)arg;
	log_info("signal %d: exiting", signo);
	ev_stop(loop);
}

static unsigned upslog_interval(const char *arg)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (errno != 0 || end == arg || *end != '\0' || v < 1 || v > UPSLOG_MAX_INTERVAL_S) {
		fprintf(stderr,
		        "upslog: -i %s: the interval is a whole number of seconds, 1 to %d\n", arg,
		        UPSLOG_MAX_INTERVAL_S);
		exit(EXIT_FAILURE);
	}
	return (unsigned)v;
}

/* NUT_DEFAULT_CONNECT_TIMEOUT in ms (as libupsclient reads it), else
 * UPSLOG_WAIT_S. */
static int upslog_wait_ms(void)
{
	struct timeval tv;
	double ms;

	if (ucl_env_timeout(&tv) <= 0)
		return UPSLOG_WAIT_S * 1000;
	ms = (double)tv.tv_sec * 1000 + (double)tv.tv_usec / 1000;
	return ms < 1 ? 1 : ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Adds a monitor of target ("ups[@host[:port]]") logging to path. */
static void upslog_add(struct upslog *l, const char *target, size_t tlen, const char *path)
{
	struct upslog_mon *m;

	if (l->nmon >= UPSLOG_MAX_MONITORS) {
		fprintf(stderr, "upslog: at most %d UPSes\n", UPSLOG_MAX_MONITORS);
		exit(EXIT_FAILURE);
	}
	l->mon = xreallocarray(l->mon, l->nmon + 1, sizeof(*l->mon));
	m = &l->mon[l->nmon];
	memset(m, 0, sizeof(*m));
	m->target = xcalloc(1, tlen + 1);
	memcpy(m->target, target, tlen);
	m->path = xstrdup(path);
	if (upscli_splitname(m->target, &m->upsname, &m->host, &m->port) < 0)
		exit(EXIT_FAILURE);
	l->nmon++;
}

/* -m <ups>,<file>: the file is everything after the first comma. */
static void upslog_add_tuple(struct upslog *l, const char *arg)
{
	const char *comma = strchr(arg, ',');

	if (comma == NULL || comma == arg || comma[1] == '\0') {
		fprintf(stderr, "upslog: -m %s: expected <ups>[@<host>[:<port>]],<file>\n", arg);
		exit(EXIT_FAILURE);
	}
	upslog_add(l, arg, (size_t)(comma - arg), comma + 1);
}

/* The format's variable names, each once. */
static void upslog_collect_vars(struct upslog *l)
{
	size_t i, k;

	for (i = 0; i < l->fmt.n; i++) {
		if (l->fmt.seg[i].kind != LF_VAR)
			continue;
		for (k = 0; k < l->nvars && strcmp(l->vars[k], l->fmt.seg[i].arg) != 0; k++)
			;
		if (k < l->nvars)
			continue;
		l->vars = xreallocarray(l->vars, l->nvars + 1, sizeof(*l->vars));
		l->vars[l->nvars++] = l->fmt.seg[i].arg;
	}
}

/* Opens every file (before the drop) and prepares each monitor's slots. */
static void upslog_open(struct upslog *l)
{
	size_t i, k;

	for (i = 0; i < l->nmon; i++) {
		struct upslog_mon *m = &l->mon[i];

		m->l = l;
		if (strcmp(m->path, "-") == 0) {
			m->out = stdout;
		} else {
			m->out = upslog_file_open(m->path);
			if (m->out == NULL)
				fatal("cannot open %s", m->path);
		}
		m->vals = xcalloc(l->nvars ? l->nvars : 1, sizeof(*m->vals));
		m->slots = xcalloc(l->nvars ? l->nvars : 1, sizeof(*m->slots));
		for (k = 0; k < l->nvars; k++) {
			m->slots[k].m = m;
			m->slots[k].var = k;
		}
	}
}

static void upslog_free(struct upslog *l)
{
	size_t i;

	for (i = 0; i < l->nmon; i++) {
		struct upslog_mon *m = &l->mon[i];

		if (m->conn != NULL) {
			m->want = 0; /* closing writes no line */
			m->nwait = 0;
			ucl_ev_free(m->conn);
		}
		if (m->vals != NULL)
			upslog_clear_vals(m);
		if (m->out != NULL && m->out != stdout)
			fclose(m->out);
		free(m->vals);
		free(m->slots);
		free(m->target);
		free(m->upsname);
		free(m->host);
		free(m->path);
	}
	free(l->mon);
	free(l->vars);
	lf_free(&l->fmt);
	buf_free(&l->line);
}

int main(int argc, char **argv)
{
	const char *format = LF_DEFAULT_FORMAT, *pidbase = "upslog", *user = RUN_AS_USER;
	const char *target = NULL, *path = NULL;
	int opt, foreground = -1, rc, to_stdout = 0;
	char pidpath[4096], name[300], err[256];
	struct upslog l;
	struct ev_loop *loop;
	struct startup st;
	size_t i;

	memset(&l, 0, sizeof(l));
	l.interval_s = UPSLOG_DEFAULT_INTERVAL_S;
	log_init("upslog", LOG_TO_STDERR, 0);
	while ((opt = getopt(argc, argv, "hs:l:i:f:FBp:u:m:V")) != -1) {
		switch (opt) {
		case 's':
			target = optarg; /* the last -s counts, as in NUT */
			break;
		case 'l':
			path = optarg;
			break;
		case 'm':
			upslog_add_tuple(&l, optarg);
			break;
		case 'i':
			l.interval_s = upslog_interval(optarg);
			break;
		case 'f':
			format = optarg;
			break;
		case 'F':
			foreground = 1;
			break;
		case 'B':
			foreground = 0;
			break;
		case 'p':
			pidbase = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'V':
			printf("Upsilon upslog %s\n", PACKAGE_VERSION);
			return EXIT_SUCCESS;
		case 'h':
			upslog_usage(stdout);
			return EXIT_SUCCESS;
		default:
			upslog_usage(stderr);
			return EXIT_FAILURE;
		}
	}
	if (log_banner_wanted())
		printf("Upsilon upslog %s (Network UPS Tools 2.8 compatible)\n", PACKAGE_VERSION);
	if (target == NULL && l.nmon == 0) {
		fprintf(stderr, "No UPS defined for monitoring - use -s <system>\n");
		upslog_free(&l);
		return EXIT_FAILURE;
	}
	if (target == NULL && path != NULL) {
		fprintf(stderr, "upslog: -l without -s (with -m, the file goes in the tuple)\n");
		upslog_free(&l);
		return EXIT_FAILURE;
	}
	if (target != NULL && path == NULL) {
		fprintf(stderr, "No filename defined for logging - use -l <file>\n");
		upslog_free(&l);
		return EXIT_FAILURE;
	}
	if (target != NULL)
		upslog_add(&l, target, strlen(target), path);
	for (i = 0; i < l.nmon; i++)
		to_stdout |= strcmp(l.mon[i].path, "-") == 0;
	if (to_stdout && foreground == 0) {
		fprintf(stderr, "upslog: -B with -l - would write every line to /dev/null\n");
		upslog_free(&l);
		return EXIT_FAILURE;
	}
	if (lf_compile(format, &l.fmt) < 0) {
		fprintf(stderr, "upslog: -f: %s\n",
		        errno == E2BIG ? "format longer than 4096 bytes" : strerror(errno));
		upslog_free(&l);
		return EXIT_FAILURE;
	}
	upslog_collect_vars(&l);
	l.wait_ms = upslog_wait_ms();
	if (gethostname(l.hostname, sizeof(l.hostname) - 1) < 0)
		(void)str_copy(l.hostname, sizeof(l.hostname), "localhost");
	if (buf_init(&l.line, LF_LINE_MAX + 1) < 0)
		fatal("out of memory");
	upslog_open(&l);
	if (foreground < 0)
		foreground = to_stdout;
	memset(&st, 0, sizeof(st));
	st.user = user;
	st.background = !foreground;
	if (str_fmt(name, sizeof(name), "%s.pid", pidbase) < 0 ||
	    path_join(pidpath, sizeof(pidpath), path_altpid(), name) < 0)
		log_warnx("cannot write the pid file for %s: path too long", pidbase);
	else
		st.pidpath = pidpath;
	if (startup_init(&st, err, sizeof(err)) < 0)
		fatalx("cannot drop privileges: %s", err);
	for (i = 0; i < l.nmon; i++)
		printf("logging status of %s to %s (%us intervals)\n", l.mon[i].target,
		       l.mon[i].path, l.interval_s);
	fflush(stdout);

	loop = ev_loop_new(EV_BACKEND_DEFAULT);
	if (loop == NULL)
		fatal("cannot create the event loop");
	l.loop = loop;
	for (i = 0; i < l.nmon; i++) {
		struct upslog_mon *m = &l.mon[i];

		m->conn = ucl_ev_new(loop, m->host, m->port, l.wait_ms, on_state, m);
		if (m->conn == NULL)
			fatal("out of memory");
	}
	if (ev_signal_add(loop, SIGHUP, on_hup, &l) < 0 ||
	    ev_signal_add(loop, SIGUSR1, on_usr1, &l) < 0 ||
	    ev_signal_add(loop, SIGTERM, on_term, &l) < 0 ||
	    ev_signal_add(loop, SIGINT, on_term, &l) < 0)
		fatal("cannot install signal handlers");
	(void)signal(SIGPIPE, SIG_IGN);
	if (startup_detach(&st) < 0)
		fatal("cannot go to the background");
	if (startup_drop(&st, err, sizeof(err)) < 0)
		fatalx("cannot drop privileges: %s", err);
	if (ev_timer_add(loop, 0, (uint64_t)l.interval_s * 1000, on_tick, &l) == 0)
		fatal("cannot start the timer");
	rc = ev_run(loop) < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
	startup_finish(&st);
	upslog_free(&l);
	ev_loop_free(loop);
	return rc;
}
