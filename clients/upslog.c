/* upslog: writes one line about a UPS every interval -- to a file (as a
 * daemon by default) or to stdout -- in a format of NUT's escapes (logfmt.h).
 * SIGHUP reopens the file (log rotation), SIGUSR1 writes a line at once,
 * SIGTERM/SIGINT stop. Variables that cannot be read print "NA"; a lost
 * server is reconnected at the next line. Options and output are NUT's. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "ev.h"
#include "log.h"
#include "logfmt.h"
#include "paths.h"
#include "startup.h"
#include "strutil.h"
#include "upsclient.h"

#define UPSLOG_DEFAULT_INTERVAL_S 30
#define UPSLOG_MAX_INTERVAL_S     86400
#define UPSLOG_CONNECT_MAX_S      10 /* connect limit when NUT_DEFAULT_CONNECT_TIMEOUT is unset */

struct upslog {
	const char *target; /* as given to -s */
	char *upsname, *host;
	uint16_t port;
	UPSCONN_t conn;
	int connected;
	int warned;       /* the current outage was logged */
	const char *path; /* "-" = stdout */
	FILE *out;
	struct lf_format fmt;
	char hostname[256];
	struct buf line;
	unsigned interval_s;
	struct ev_loop *loop;
};

static void upslog_usage(FILE *f)
{
	fprintf(
	    f,
	    "Upsilon upslog %s (Network UPS Tools 2.8 compatible)\n"
	    "\n"
	    "usage: upslog -s <ups>[@<host>[:<port>]] [-l <file>|-] [-i <seconds>]\n"
	    "              [-f <format>] [-F|-B] [-p <pidbase>] [-u <user>]\n"
	    "\n"
	    "Writes a line about the UPS every <seconds> (default %d) to <file>\n"
	    "(running in the background) or to stdout (-l -, in the foreground).\n"
	    "\n"
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
	struct upslog *l = arg;
	const char *q[3] = {"VAR", l->upsname, name};
	size_t numa;
	char **answer;

	if (!l->connected)
		return NULL;
	if (upscli_get(&l->conn, 3, q, &numa, &answer) < 0) {
		/* An ERR answer leaves the connection usable; anything else
		 * closed it, and the next line reconnects. */
		if (upscli_fd(&l->conn) < 0) {
			log_warnx("lost the connection to %s: %s", l->target,
			          upscli_strerror(&l->conn));
			(void)upscli_disconnect(&l->conn);
			l->connected = 0;
			l->warned = 1;
		}
		return NULL;
	}
	return numa >= 4 ? answer[3] : NULL;
}

static void upslog_connect(struct upslog *l, int first)
{
	struct timeval tv = {
	    (time_t)(l->interval_s < UPSLOG_CONNECT_MAX_S ? l->interval_s : UPSLOG_CONNECT_MAX_S),
	    0};
	int rc;

	if (l->connected)
		return;
	/* Bounded even when NUT_DEFAULT_CONNECT_TIMEOUT is unset: a host that
	 * drops packets must not hold the loop (and SIGTERM) for minutes. */
	if (getenv("NUT_DEFAULT_CONNECT_TIMEOUT") != NULL)
		rc = upscli_connect(&l->conn, l->host, l->port, UPSCLI_CONN_TRYSSL);
	else
		rc = upscli_tryconnect(&l->conn, l->host, l->port, UPSCLI_CONN_TRYSSL, &tv);
	if (rc < 0) {
		if (first)
			fprintf(stderr, "Warning: initial connect failed: %s\n",
			        upscli_strerror(&l->conn));
		else if (!l->warned)
			log_warnx("cannot connect to %s: %s", l->target, upscli_strerror(&l->conn));
		l->warned = 1;
		(void)upscli_disconnect(&l->conn);
		return;
	}
	if (l->warned && !first)
		log_info("connected to %s again", l->target);
	l->warned = 0;
	l->connected = 1;
}

static void upslog_write(struct upslog *l)
{
	struct lf_ctx ctx = {
	    .now = time(NULL),
	    .host = l->hostname,
	    .upshost = l->target,
	    .pid = (long)getpid(),
	    .var = upslog_var,
	    .arg = l,
	};

	upslog_connect(l, 0);
	buf_reset(&l->line);
	if (lf_render(&l->fmt, &ctx, &l->line) < 0 || buf_append(&l->line, "\n", 1) < 0) {
		log_warnx("log line longer than %u bytes: not written", LF_LINE_MAX);
		return;
	}
	if (fwrite(buf_head(&l->line), 1, buf_used(&l->line), l->out) != buf_used(&l->line) ||
	    fflush(l->out) != 0) {
		if (errno == EPIPE) { /* stdout's reader is gone: nobody to log for */
			log_warnx("%s: the reader went away, exiting", l->path);
			ev_stop(l->loop);
			return;
		}
		log_warn("cannot write to %s", l->path);
	}
}

static void on_tick(struct ev_loop *loop, void *arg)
{
	(void)loop;
	upslog_write(arg);
}

static void on_usr1(struct ev_loop *loop, int signo, void *arg)
{
	(void)loop, (void)signo;
	upslog_write(arg);
}

/* Log rotation: the file is opened again by name; if that fails (the drop
 * of privileges may forbid creating it), the old one is kept. */
static void on_hup(struct ev_loop *loop, int signo, void *arg)
{
	struct upslog *l = arg;
	FILE *f;

	(void)loop, (void)signo;
	if (l->out == stdout)
		return;
	f = fopen(l->path, "a");
	if (f == NULL) {
		log_warn("cannot reopen %s, going on with the old file", l->path);
		return;
	}
	fclose(l->out);
	l->out = f;
	log_info("reopened %s", l->path);
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

int main(int argc, char **argv)
{
	const char *format = LF_DEFAULT_FORMAT, *pidbase = "upslog", *user = RUN_AS_USER;
	int opt, foreground = -1, rc;
	char pidpath[4096], name[300], err[256];
	struct upslog l;
	struct ev_loop *loop;
	struct startup st;

	memset(&l, 0, sizeof(l));
	l.interval_s = UPSLOG_DEFAULT_INTERVAL_S;
	log_init("upslog", LOG_TO_STDERR, 0);
	while ((opt = getopt(argc, argv, "hs:l:i:f:FBp:u:V")) != -1) {
		switch (opt) {
		case 's':
			l.target = optarg; /* the last -s counts, as in NUT */
			break;
		case 'l':
			l.path = optarg;
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
	if (l.target == NULL) {
		fprintf(stderr, "No UPS defined for monitoring - use -s <system>\n");
		return EXIT_FAILURE;
	}
	if (l.path == NULL) {
		fprintf(stderr, "No filename defined for logging - use -l <file>\n");
		return EXIT_FAILURE;
	}
	if (strcmp(l.path, "-") == 0 && foreground == 0) {
		fprintf(stderr, "upslog: -B with -l - would write every line to /dev/null\n");
		return EXIT_FAILURE;
	}
	if (upscli_splitname(l.target, &l.upsname, &l.host, &l.port) < 0)
		return EXIT_FAILURE;
	if (lf_compile(format, &l.fmt) < 0) {
		fprintf(stderr, "upslog: -f: %s\n",
		        errno == E2BIG ? "format longer than 4096 bytes" : strerror(errno));
		free(l.upsname);
		free(l.host);
		return EXIT_FAILURE;
	}
	if (gethostname(l.hostname, sizeof(l.hostname) - 1) < 0)
		(void)str_copy(l.hostname, sizeof(l.hostname), "localhost");
	if (buf_init(&l.line, LF_LINE_MAX + 1) < 0)
		fatal("out of memory");
	if (strcmp(l.path, "-") == 0) {
		l.out = stdout;
		if (foreground < 0)
			foreground = 1;
	} else {
		l.out = fopen(l.path, "a");
		if (l.out == NULL)
			fatal("cannot open %s", l.path);
		if (foreground < 0)
			foreground = 0;
	}
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
	printf("logging status of %s to %s (%us intervals)\n", l.target, l.path, l.interval_s);
	fflush(stdout);
	upslog_connect(&l, 1);

	loop = ev_loop_new(EV_BACKEND_DEFAULT);
	if (loop == NULL)
		fatal("cannot create the event loop");
	l.loop = loop;
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
	if (l.connected)
		(void)upscli_disconnect(&l.conn);
	if (l.out != stdout)
		fclose(l.out);
	ev_loop_free(loop);
	lf_free(&l.fmt);
	buf_free(&l.line);
	free(l.upsname);
	free(l.host);
	return rc;
}
