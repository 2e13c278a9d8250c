/* upsdrvctl: starts, stops, checks and shuts down the drivers ups.conf lists.
 * start runs each driver (which goes to the background once its socket is
 * up) and waits for it; stop signals the pid file; status asks each driver
 * over its socket; shutdown runs "driver -a ups -k" in sdorder. The actions
 * are one const table; -t prints what would be done without doing it. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "directives.h"
#include "drvproto.h"
#include "ev.h"
#include "log.h"
#include "net.h"
#include "paths.h"
#include "pidfile.h"
#include "proc.h"
#include "proto.h"
#include "strutil.h"
#include "upsconf.h"

#define CTL_MAX_ARGV                PROC_MAX_ARGV
#define CTL_DEFAULT_MAXSTARTDELAY_S 45
#define CTL_DEFAULT_MAXRETRY        1
#define CTL_DEFAULT_RETRYDELAY_S    5
#define CTL_STOP_WAIT_MS            5000 /* how long stop waits for a driver to exit */
#define CTL_STATUS_WAIT_MS          3000 /* how long status waits for a socket answer */

struct ctl {
	struct upsconf conf;
	int testing;            /* -t */
	int debug;              /* -D count */
	int pass_debug;         /* -d */
	int foreground;         /* -F */
	const char *user;       /* -u */
	const char *chroot_dir; /* -r */
	char drvpath[4096];
	long maxstartdelay_s, maxretry, retrydelay_s;
};

typedef int (*ctl_action_fn)(struct ctl *c, const struct upsconf_ups *u);

struct ctl_action {
	const char *name;
	ctl_action_fn fn;
	int in_sdorder; /* shutdown: walk the sections by sdorder */
};

static void ctl_usage(const char *prog)
{
	printf("Starts and stops UPS drivers via ups.conf.\n\n"
	       "usage: %s [OPTIONS] (start | stop | status | shutdown) [<ups>]\n\n"
	       "  -h\t\t\tdisplay this help\n"
	       "  -r <path>\t\tdrivers will chroot to <path>\n"
	       "  -t\t\t\ttesting mode - prints actions without doing them\n"
	       "  -u <user>\t\tdrivers started will switch from root to <user>\n"
	       "  -D\t\t\traise debugging level\n"
	       "  -d\t\t\tpass debugging level from upsdrvctl to driver\n"
	       "  -F\t\t\tdriver stays in the foreground (one <ups> only)\n"
	       "  start\t\t\tstart all UPS drivers in ups.conf\n"
	       "  start <ups>\t\tonly start driver for UPS <ups>\n"
	       "  stop\t\t\tstop all UPS drivers in ups.conf\n"
	       "  stop <ups>\t\tonly stop driver for UPS <ups>\n"
	       "  status\t\tshow the state of all UPS drivers in ups.conf\n"
	       "  status <ups>\t\tonly show the driver for UPS <ups>\n"
	       "  shutdown\t\tshutdown all UPS drivers in ups.conf\n"
	       "  shutdown <ups>\tonly shutdown UPS <ups>\n",
	       prog);
}

static long ctl_num(const struct upsconf_ups *u, const struct upsconf *conf, const char *key,
                    long def)
{
	const char *v = u != NULL ? upsconf_get(u, key) : NULL;
	long n;

	if (v == NULL)
		v = upsconf_global(conf, key);
	if (v == NULL || conf_parse_long(v, -1000000, 1000000, &n) < 0)
		return def;
	return n;
}

static int ctl_pidfile(const struct upsconf_ups *u, char *out, size_t outlen)
{
	return path_driver_pidfile(out, outlen, path_altpid(), upsconf_get(u, "driver"), u->name);
}

/* The driver's full path; refuses names that would leave the driver dir. */
static int ctl_driver_path(const struct ctl *c, const struct upsconf_ups *u, char *out,
                           size_t outlen)
{
	const char *drv = upsconf_get(u, "driver");

	if (drv == NULL || strchr(drv, '/') != NULL || drv[0] == '.') {
		log_warnx("%s:%d: [%s]: bad driver name '%s'", c->conf.file, u->lineno, u->name,
		          drv ? drv : "");
		return -1;
	}
	return path_join(out, outlen, c->drvpath, drv);
}

/* argv for one driver run: path -a ups [-k] [-F] [-D...] [-u user] [-r dir]. */
static int ctl_build_argv(const struct ctl *c, const struct upsconf_ups *u, char *path,
                          const char *extra, const char **argv)
{
	static const char *const dflags[] = {"-D", "-DD", "-DDD", "-DDDD", "-DDDDD"};
	int n = 0;

	argv[n++] = path;
	argv[n++] = "-a";
	argv[n++] = u->name;
	if (extra != NULL)
		argv[n++] = extra;
	if (c->pass_debug && c->debug > 0)
		argv[n++] = dflags[(c->debug > 5 ? 5 : c->debug) - 1];
	if (c->user != NULL) {
		argv[n++] = "-u";
		argv[n++] = c->user;
	}
	if (c->chroot_dir != NULL) {
		argv[n++] = "-r";
		argv[n++] = c->chroot_dir;
	}
	argv[n] = NULL;
	return n;
}

static void ctl_show_exec(const char *const *argv)
{
	char line[4096];
	size_t off = 0;
	int i;

	line[0] = '\0';
	for (i = 0; argv[i] != NULL; i++) {
		int n = snprintf(line + off, sizeof(line) - off, " %s", argv[i]);

		if (n < 0 || (size_t)n >= sizeof(line) - off)
			break;
		off += (size_t)n;
	}
	log_debug(2, "exec: %s", line);
}

/* Runs argv and waits up to timeout_s for it to exit (a driver goes to the
 * background once ready; one that does not is killed). Returns its exit
 * status, or -1 (message logged) when it could not run, was killed or died
 * of a signal. */
static int ctl_run_wait(const char *const *argv, long timeout_s)
{
	/* A driver started this way is not the process systemd waits on; seeing
	 * NOTIFY_SOCKET it would stay in the foreground and this wait would never
	 * end. (-F execs the driver instead: it keeps it.) */
	static const char *const unset[] = {"NOTIFY_SOCKET", NULL};
	const struct proc_opts opts = {NULL, unset, 0};
	struct proc_status st;
	char err[512], how[128];
	int timeout_ms = timeout_s > 0 && timeout_s < INT_MAX / 1000 ? (int)(timeout_s * 1000) : -1;

	if (proc_run(argv, &opts, timeout_ms, 1, &st, err, sizeof(err)) < 0) {
		log_warnx("Can't start %s", err);
		return -1;
	}
	if (st.timed_out) {
		log_warnx("%s did not finish starting within %ld s, killed (%s)", argv[0],
		          timeout_s, proc_status_str(&st, how, sizeof(how)));
		return -1;
	}
	if (st.how == PROC_EXITED)
		return st.code;
	log_warnx("%s died with %s", argv[0], proc_status_str(&st, how, sizeof(how)));
	return -1;
}

static int ctl_start(struct ctl *c, const struct upsconf_ups *u)
{
	char path[4096];
	const char *argv[CTL_MAX_ARGV];
	struct stat st;
	long tries, delay_s, maxdelay_s;
	int r = -1;

	log_debug(1, "Starting UPS: %s", u->name);
	if (ctl_driver_path(c, u, path, sizeof(path)) < 0)
		return -1;
	if (stat(path, &st) < 0) {
		log_warnx("Can't start %s: %s", path, strerror(errno));
		return -1;
	}
	ctl_build_argv(c, u, path, c->foreground ? "-F" : NULL, argv);
	if (c->foreground) {
		ctl_show_exec(argv);
		if (c->testing)
			return 0;
		fflush(NULL);
		execv(path, (char *const *)argv);
		log_warnx("Can't start %s: %s", path, strerror(errno));
		return -1;
	}
	tries = ctl_num(NULL, &c->conf, "maxretry", CTL_DEFAULT_MAXRETRY);
	delay_s = ctl_num(NULL, &c->conf, "retrydelay", CTL_DEFAULT_RETRYDELAY_S);
	maxdelay_s = ctl_num(u, &c->conf, "maxstartdelay", CTL_DEFAULT_MAXSTARTDELAY_S);
	for (; tries > 0; tries--) {
		log_debug(2, "%ld remaining attempts", tries);
		ctl_show_exec(argv);
		if (c->testing)
			return 0;
		r = ctl_run_wait(argv, maxdelay_s);
		if (r == 0)
			return 0;
		if (tries > 1) {
			log_debug(1, "Driver failed to start, waiting %ld s before retrying",
			          delay_s);
			(void)sleep((unsigned)delay_s);
		}
	}
	log_warnx("Driver failed to start (exit status=%d)", r);
	return -1;
}

static int ctl_stop(struct ctl *c, const struct upsconf_ups *u)
{
	char path[4096];
	pid_t pid;

	log_debug(1, "Stopping UPS: %s", u->name);
	if (ctl_pidfile(u, path, sizeof(path)) < 0) {
		log_warnx("[%s]: pid file path too long", u->name);
		return -1;
	}
	pid = pidfile_read(path);
	if (pid < 0) {
		log_warnx("Can't open %s: %s", path, strerror(errno));
		return -1;
	}
	if (c->testing) {
		log_debug(2, "kill: sending SIGTERM to pid %ld", (long)pid);
		return 0;
	}
	if (proc_signal_wait(pid, SIGTERM, upsconf_get(u, "driver"), CTL_STOP_WAIT_MS) == 0)
		return 0;
	if (errno == ESTALE)
		log_warnx("%s names pid %ld, which is not %s: not signalled (stale pid file?)",
		          path, (long)pid, upsconf_get(u, "driver"));
	else if (errno == ETIMEDOUT)
		log_warnx("Driver of %s (pid %ld) did not stop within %d ms of SIGTERM; it is "
		          "still running",
		          u->name, (long)pid, CTL_STOP_WAIT_MS);
	else
		log_warnx("Can't stop driver of %s (pid %ld): %s", u->name, (long)pid,
		          strerror(errno));
	return -1;
}

static int ctl_shutdown(struct ctl *c, const struct upsconf_ups *u)
{
	char path[4096];
	const char *argv[CTL_MAX_ARGV];
	int r;

	log_debug(1, "Shutdown UPS: %s", u->name);
	if (ctl_driver_path(c, u, path, sizeof(path)) < 0)
		return -1;
	ctl_build_argv(c, u, path, "-k", argv);
	ctl_show_exec(argv);
	if (c->testing)
		return 0;
	r = ctl_run_wait(argv, ctl_num(u, &c->conf, "maxstartdelay", CTL_DEFAULT_MAXSTARTDELAY_S));
	if (r != 0) {
		log_warnx("Driver failed to shut down UPS %s (exit status=%d)", u->name, r);
		return -1;
	}
	return 0;
}

/* What one driver answers on its socket: PID and ups.status, or nothing. */
struct ctl_probe {
	long pid;
	int responsive;
	char status[ST_MAX_VALUE];
};

/* Connects to the driver socket at path without following a symlink there
 * (STATEPATH is writable by the drivers' user: a link could lead root to a
 * socket only root may reach) and without waiting (a listener that never
 * accepts cannot hold us). The name is opened O_PATH|O_NOFOLLOW, checked to be
 * a socket, and connected through /proc/self/fd. fd or -1. */
static int ctl_connect_driver(const struct upsconf_ups *u, const char *path)
{
	char via[64], err[256];
	struct stat st;
	int pfd, fd;

	pfd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	if (pfd < 0) {
		log_debug(1, "[%s]: %s: %s", u->name, path, strerror(errno));
		return -1;
	}
	if (fstat(pfd, &st) < 0 || !S_ISSOCK(st.st_mode)) {
		log_debug(1, "[%s]: %s: not a socket", u->name, path);
		(void)close(pfd);
		return -1;
	}
	(void)snprintf(via, sizeof(via), "/proc/self/fd/%d", pfd);
	fd = net_connect_unix(via, 1, err, sizeof(err));
	if (fd < 0)
		log_debug(1, "[%s]: %s: %s", u->name, path, err);
	(void)close(pfd);
	return fd;
}

static void ctl_probe_socket(const struct upsconf_ups *u, struct ctl_probe *p)
{
	static const char req[] = "NOBROADCAST\nGETPID\nDUMPALL\n";
	char path[4096], data[4096];
	struct proto_tok tok;
	struct st_tree *t = NULL;
	struct pollfd pfd;
	uint64_t deadline = ev_now_ms() + CTL_STATUS_WAIT_MS;
	int fd, done = 0;

	p->pid = -1;
	p->responsive = 0;
	p->status[0] = '\0';
	if (path_driver_socket(path, sizeof(path), path_state(), upsconf_get(u, "driver"),
	                       u->name) < 0)
		return;
	fd = ctl_connect_driver(u, path);
	if (fd < 0)
		return;
	if (net_write_all(fd, req, sizeof(req) - 1) < 0 ||
	    proto_tok_init(&tok, 0, PROTO_MAX_LINE, PROTO_MAX_ARGS) < 0) {
		(void)close(fd);
		return;
	}
	t = st_new();
	while (!done && t != NULL) {
		uint64_t now = ev_now_ms();
		ssize_t n;
		size_t off, used;

		if (now >= deadline)
			break;
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, (int)(deadline - now)) <= 0)
			break;
		n = read(fd, data, sizeof(data));
		if (n <= 0)
			break;
		for (off = 0; off < (size_t)n && !done; off += used) {
			enum drp_event ev;

			if (proto_feed(&tok, data + off, (size_t)n - off, &used) != PROTO_LINE)
				continue;
			ev = drp_apply(t, tok.argc, tok.argv, NULL, 0);
			if (ev == DRP_EV_PID)
				(void)conf_parse_long(tok.argv[1], 1, 0x7fffffff, &p->pid);
			else if (ev == DRP_EV_DUMPDONE)
				done = 1;
		}
	}
	if (done) {
		const char *s = st_value(t, "ups.status");

		p->responsive = 1;
		(void)str_copy(p->status, sizeof(p->status), s != NULL ? s : "");
	}
	st_free(t);
	proto_tok_free(&tok);
	(void)close(fd);
}

static int ctl_status(struct ctl *c, const struct upsconf_ups *u)
{
	char path[4096], pidstr[24], spid[24];
	struct ctl_probe p;
	pid_t pid = -1;
	int running = 0;

	if (ctl_pidfile(u, path, sizeof(path)) == 0)
		pid = pidfile_read(path);
	if (pid > 0)
		running = proc_runs(pid, upsconf_get(u, "driver")) == 1;
	ctl_probe_socket(u, &p);
	(void)snprintf(pidstr, sizeof(pidstr), "%ld", (long)pid);
	(void)snprintf(spid, sizeof(spid), "%ld", p.pid);
	printf("%s\t%s\t%s\t%s\t%s\t%s\t\"%s\"\n", u->name, upsconf_get(u, "driver"),
	       running ? "RUNNING" : "STOPPED", pid > 0 ? pidstr : "-",
	       p.responsive ? "RESPONSIVE" : "NOT_RESPONSIVE", p.pid > 0 ? spid : "-", p.status);
	return running || p.responsive ? 0 : -1;
}

static const struct ctl_action ctl_actions[] = {
    {"start", ctl_start, 0},       {"stop", ctl_stop, 0}, {"status", ctl_status, 0},
    {"shutdown", ctl_shutdown, 1}, {NULL, NULL, 0},
};

/* Sections sorted by sdorder (stable: equal orders keep file order);
 * sdorder -1 means "never shut down from here" and is left out. */
static size_t ctl_sdorder(const struct ctl *c, const struct upsconf_ups **out)
{
	size_t i, j, n = 0;

	for (i = 0; i < c->conf.nups; i++) {
		long o = ctl_num(&c->conf.ups[i], &c->conf, "sdorder", 0);

		if (o < 0)
			continue;
		for (j = n; j > 0 && ctl_num(out[j - 1], &c->conf, "sdorder", 0) > o; j--)
			out[j] = out[j - 1];
		out[j] = &c->conf.ups[i];
		n++;
	}
	return n;
}

static int ctl_load(struct ctl *c)
{
	char path[4096];
	const char *dp = getenv("NUT_DRVPATH");

	if (path_conf_file(path, sizeof(path), "ups.conf") < 0) {
		log_warnx("ups.conf path too long");
		return -1;
	}
	if (upsconf_load(path, &c->conf) < 0)
		return -1;
	if (drv_check_globals(&c->conf) > 0)
		return -1;
	if (dp == NULL || dp[0] == '\0')
		dp = upsconf_global(&c->conf, "driverpath");
	if (dp == NULL || dp[0] == '\0')
		dp = path_drv();
	if (str_copy(c->drvpath, sizeof(c->drvpath), dp) < 0) {
		log_warnx("driver path too long");
		return -1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct ctl c;
	const struct ctl_action *a;
	const struct upsconf_ups *u, **order = NULL;
	const char *prog = argv[0];
	size_t i, n;
	int ch, nerr = 0, rc = 1;

	memset(&c, 0, sizeof(c));
	log_init("upsdrvctl", LOG_TO_STDERR, 0);
	while ((ch = getopt(argc, argv, "+hr:tu:DdF")) != -1) {
		switch (ch) {
		case 'r':
			c.chroot_dir = optarg;
			break;
		case 't':
			c.testing = 1;
			break;
		case 'u':
			c.user = optarg;
			break;
		case 'D':
			c.debug++;
			break;
		case 'd':
			c.pass_debug = 1;
			break;
		case 'F':
			c.foreground = 1;
			break;
		case 'h':
			printf("Network UPS Tools - UPS driver controller (Upsilon %s)\n",
			       PACKAGE_VERSION);
			ctl_usage(prog);
			return 0;
		default:
			ctl_usage(prog);
			return 1;
		}
	}
	printf("Network UPS Tools - UPS driver controller (Upsilon %s)\n", PACKAGE_VERSION);
	fflush(stdout);
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		ctl_usage(prog); /* as NUT's: no command is a request for help */
		return 0;
	}
	if (argc > 2) {
		ctl_usage(prog);
		return 1;
	}
	for (a = ctl_actions; a->name != NULL; a++) {
		if (strcmp(a->name, argv[0]) == 0)
			break;
	}
	if (a->name == NULL) {
		fprintf(stderr, "Error: unrecognized command [%s]\n", argv[0]);
		return 1;
	}
	if (c.testing) {
		printf("*** Testing mode: not calling exec/kill\n");
		fflush(stdout);
		if (c.debug < 2)
			c.debug = 2;
	}
	log_set_debug(log_get_debug() > c.debug ? log_get_debug() : c.debug);
	if (ctl_load(&c) < 0)
		goto out;
	if (c.foreground && (a->fn != ctl_start || argc != 2)) {
		fprintf(stderr, "Error: -F needs 'start <ups>' with a single UPS\n");
		goto out;
	}
	if (a->fn == ctl_status)
		printf("UPSNAME\tUPSDRV\tRUNNING\tPF_PID\tS_RESPONSIVE\tS_PID\tS_STATUS\n");
	if (argc == 2) {
		u = upsconf_find(&c.conf, argv[1]);
		if (u == NULL) {
			fprintf(stderr, "UPS %s not found in ups.conf\n", argv[1]);
			goto out;
		}
		rc = a->fn(&c, u) < 0 ? 1 : 0;
		goto out;
	}
	if (a->in_sdorder) {
		order = xcalloc(c.conf.nups + 1, sizeof(*order));
		n = ctl_sdorder(&c, order);
	} else {
		n = c.conf.nups;
	}
	for (i = 0; i < n; i++)
		nerr += a->fn(&c, order != NULL ? order[i] : &c.conf.ups[i]) < 0;
	rc = nerr > 0 ? 1 : 0;
out:
	free(order);
	upsconf_free(&c.conf);
	fflush(stdout);
	return rc;
}
