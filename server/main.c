/* upsd main: parses the command line (NUT's options), then starts the server
 * context and the event loop. Everything else lives in the modules. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ev.h"
#include "log.h"
#include "paths.h"
#include "pidfile.h"
#include "proc.h"
#include "sdnotify.h"
#include "startup.h"
#include "upsd.h"

struct opts {
	int debug;
	int foreground;   /* -F count: 1 = no pid file, 2 = with */
	int background;   /* -B */
	int check_only;   /* -n */
	const char *cmd;  /* -c reload|stop */
	long cmd_pid;     /* -P */
	const char *user; /* -u */
	const char *chroot_dir;
};

static void usage(void)
{
	printf("Upsilon upsd %s\n"
	       "Serves UPS data from the drivers to network clients (NUT protocol).\n\n"
	       "usage: upsd [OPTIONS]\n\n"
	       "  -c <command>\tsend <command> to the running upsd via a signal\n"
	       "\t\tcommands:\n"
	       "\t\t - reload: re-read the configuration files\n"
	       "\t\t - stop: stop the process and exit\n"
	       "  -P <pid>\tsignal that pid instead of the one in the pid file\n"
	       "  -D\t\traise the debug level (and stay in the foreground)\n"
	       "  -F\t\tstay in the foreground without debugging\n"
	       "  -FF\t\tstay in the foreground and still write the pid file\n"
	       "  -B\t\tgo to the background even with debugging on\n"
	       "  -h\t\tshow this help\n"
	       "  -n\t\tcheck the configuration files and exit\n"
	       "  -r <dir>\tchroot to <dir> after start-up\n"
	       "  -q\t\tlog less (accepted for compatibility)\n"
	       "  -u <user>\trun as <user> when started as root (default %s)\n"
	       "  -V\t\tshow the version and exit\n"
	       "  -4\t\tIPv4 only (accepted; use LISTEN addresses)\n"
	       "  -6\t\tIPv6 only (accepted; use LISTEN addresses)\n",
	       PACKAGE_VERSION, RUN_AS_USER);
}

static int send_command(const struct opts *o)
{
	char path[4096], err[256];
	int sig;

	if (strcmp(o->cmd, "reload") == 0)
		sig = SIGHUP;
	else if (strcmp(o->cmd, "stop") == 0)
		sig = SIGTERM;
	else {
		fprintf(stderr, "upsd: unknown command '%s' for -c (reload or stop)\n", o->cmd);
		return 1;
	}
	if (o->cmd_pid > 0) {
		if (kill((pid_t)o->cmd_pid, sig) < 0) {
			fprintf(stderr, "upsd: cannot signal pid %ld: %s\n", o->cmd_pid,
			        strerror(errno));
			return 1;
		}
		return 0;
	}
	if (path_join(path, sizeof(path), path_altpid(), "upsd.pid") < 0 ||
	    pidfile_signal(path, sig, "upsd", err, sizeof(err)) < 0) {
		fprintf(stderr, "upsd: %s\n", err);
		return 1;
	}
	return 0;
}

static void on_hup(struct ev_loop *loop, int signo, void *arg)
{
	(void)loop, (void)signo;
	(void)sdn_reloading();
	upsd_reload(arg);
	(void)sdn_notify("READY=1");
}

static void on_term(struct ev_loop *loop, int signo, void *arg)
{
	(void)arg;
	log_info("signal %d: exiting", signo);
	(void)sdn_notify("STOPPING=1");
	ev_stop(loop);
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	char *end;
	int ch;

	memset(o, 0, sizeof(*o));
	o->user = RUN_AS_USER;
	while ((ch = getopt(argc, argv, "46BDFhnqVc:P:r:u:")) != -1) {
		switch (ch) {
		case '4':
		case '6':
		case 'q':
			break;
		case 'B':
			o->background = 1;
			break;
		case 'D':
			o->debug++;
			break;
		case 'F':
			o->foreground++;
			break;
		case 'h':
			usage();
			exit(0);
		case 'n':
			o->check_only = 1;
			break;
		case 'V':
			printf("Upsilon upsd %s\n", PACKAGE_VERSION);
			exit(0);
		case 'c':
			o->cmd = optarg;
			break;
		case 'P':
			o->cmd_pid = strtol(optarg, &end, 10);
			if (*end != '\0' || o->cmd_pid <= 0) {
				fprintf(stderr, "upsd: -P needs a process id, not '%s'\n", optarg);
				exit(1);
			}
			break;
		case 'r':
			o->chroot_dir = optarg;
			break;
		case 'u':
			o->user = optarg;
			break;
		default:
			usage();
			exit(1);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "upsd: unexpected argument '%s'\n", argv[optind]);
		exit(1);
	}
}

int main(int argc, char **argv)
{
	struct opts o;
	struct upsd u;
	struct ev_loop *loop;
	struct startup st;
	char err[256], pidpath[4096];
	int rc;
	pid_t old;

	parse_opts(argc, argv, &o);
	if (o.cmd != NULL)
		return send_command(&o);
	log_init("upsd", LOG_TO_STDERR, o.debug);
	if (o.check_only) {
		rc = upsd_check_config();
		if (rc == 0)
			printf("upsd: configuration OK\n");
		return rc == 0 ? 0 : 1;
	}
	if (path_join(pidpath, sizeof(pidpath), path_altpid(), "upsd.pid") < 0)
		fatalx("pid file path under %s is too long", path_altpid());
	memset(&st, 0, sizeof(st));
	st.user = o.user;
	st.chroot_dir = o.chroot_dir;
	st.pidpath = pidpath;
	st.background = o.foreground == 0 && (o.debug == 0 || o.background);
	st.pidfile_foreground = o.foreground >= 2;
	st.notify = 1;
	if (startup_init(&st, err, sizeof(err)) < 0)
		fatalx("cannot drop privileges: %s", err);
	/* Only when a pid file is to be written, and only a live upsd counts: a
	 * pid file left by a power cut (STATEPATH may outlive a boot) may name
	 * any process by now, and whoever can write it could name any. */
	old = st.background || st.pidfile_foreground ? pidfile_read(pidpath) : -1;
	if (old > 0 && old != getpid() && proc_runs(old, "upsd") == 1)
		fatalx("another upsd (pid %ld) is running; stop it first or use -c reload",
		       (long)old);
	(void)signal(SIGPIPE, SIG_IGN);

	loop = ev_loop_new(EV_BACKEND_DEFAULT);
	if (loop == NULL)
		fatal("cannot create the event loop");
	if (upsd_start(&u, loop) < 0) {
		log_warnx("upsd not started: fix the errors above");
		ev_loop_free(loop);
		return 1;
	}
	if (ev_signal_add(loop, SIGHUP, on_hup, &u) < 0 ||
	    ev_signal_add(loop, SIGTERM, on_term, &u) < 0 ||
	    ev_signal_add(loop, SIGINT, on_term, &u) < 0)
		fatal("cannot install signal handlers");
	if (startup_detach(&st) < 0)
		fatal("cannot go to the background");
	/* Listening now: ready. Said before the drop, whose chroot (-r) would
	 * hide systemd's socket; later messages are then lost, this one not. */
	startup_ready(&st, "serving %zu UPS on %zu listening sockets", u.nups, u.nlfds);
	if (startup_drop(&st, err, sizeof(err)) < 0)
		fatalx("cannot drop privileges: %s", err);
	/* The drivers are reached as the user upsd runs as (and inside its
	 * chroot), as every later reconnection is: a socket that user cannot
	 * open shows now, not at the first driver restart. */
	upsd_connect_drivers(&u);
	log_info("upsd %s ready (%s event loop)", PACKAGE_VERSION, ev_backend_name(loop));
	rc = ev_run(loop);
	upsd_stop(&u);
	ev_loop_free(loop);
	startup_finish(&st);
	return rc == 0 ? 0 : 1;
}
