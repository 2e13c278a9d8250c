/* upsmon main: NUT's command line (-c fsd|reload|stop, -P, -D, -F, -B, -K,
 * -p, -u, -4, -6, -h), reading upsmon.conf, the start-up sequence, then the
 * split: a root parent (upsmon_priv) and an unprivileged child that does
 * the monitoring (upsmon_mon). With -p, or when not started as root, one
 * process does it all. */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "ev.h"
#include "log.h"
#include "paths.h"
#include "pidfile.h"
#include "startup.h"
#include "strutil.h"
#include "upsmon_conf.h"
#include "upsmon_mon.h"
#include "upsmon_priv.h"

struct opts {
	int debug;
	int foreground;   /* -F count: 1 = no pid file, 2 = with */
	int background;   /* -B */
	int check_flag;   /* -K */
	int one_process;  /* -p */
	const char *cmd;  /* -c */
	long cmd_pid;     /* -P */
	const char *user; /* -u */
};

static void usage(FILE *f)
{
	fprintf(f,
	        "Upsilon upsmon %s (Network UPS Tools 2.8 compatible)\n"
	        "Watches UPSes through upsd and shuts this system down when the power\n"
	        "left falls below MINSUPPLIES.\n\n"
	        "usage: upsmon [OPTIONS]\n\n"
	        "  -c <cmd>\tsend <cmd> to the running upsmon:\n"
	        "\t\t - fsd: shut down now, forcing FSD on the UPSes it is primary for\n"
	        "\t\t - reload: read upsmon.conf again\n"
	        "\t\t - stop: stop monitoring and exit\n"
	        "  -P <pid>\tsignal that pid instead of the one in the pid file\n"
	        "  -D\t\traise the debug level (and stay in the foreground)\n"
	        "  -F\t\tstay in the foreground (-FF: and still write the pid file)\n"
	        "  -B\t\tgo to the background even with debugging on\n"
	        "  -h\t\tshow this help\n"
	        "  -K\t\texit 0 when the POWERDOWNFLAG file is set, 1 otherwise\n"
	        "  -p\t\tone privileged process (no root parent; -u is ignored)\n"
	        "  -u <user>\trun the monitoring child as <user> (default: RUN_AS_USER or %s)\n"
	        "  -4, -6\t\taccepted for compatibility (give addresses in MONITOR)\n",
	        PACKAGE_VERSION, RUN_AS_USER);
}

static int send_command(const struct opts *o)
{
	char path[4096], err[256];
	int sig;

	if (strcmp(o->cmd, "fsd") == 0)
		sig = SIGUSR1;
	else if (strcmp(o->cmd, "reload") == 0)
		sig = SIGHUP;
	else if (strcmp(o->cmd, "stop") == 0)
		sig = SIGTERM;
	else {
		fprintf(stderr, "upsmon: unknown command '%s' for -c (fsd, reload or stop)\n",
		        o->cmd);
		return 1;
	}
	if (o->cmd_pid > 0) {
		if (kill((pid_t)o->cmd_pid, sig) < 0) {
			fprintf(stderr, "upsmon: cannot signal pid %ld: %s\n", o->cmd_pid,
			        strerror(errno));
			return 1;
		}
		return 0;
	}
	if (path_join(path, sizeof(path), path_pid(), "upsmon.pid") < 0 ||
	    pidfile_signal(path, sig, "upsmon", err, sizeof(err)) < 0) {
		fprintf(stderr, "upsmon: %s\n", err);
		return 1;
	}
	return 0;
}

static void parse_opts(int argc, char **argv, struct opts *o)
{
	char *end;
	int ch;

	memset(o, 0, sizeof(*o));
	while ((ch = getopt(argc, argv, "46BDFhKpVc:P:u:")) != -1) {
		switch (ch) {
		case '4':
		case '6':
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
			usage(stdout);
			exit(0);
		case 'K':
			o->check_flag = 1;
			break;
		case 'p':
			o->one_process = 1;
			break;
		case 'V':
			printf("Upsilon upsmon %s\n", PACKAGE_VERSION);
			exit(0);
		case 'c':
			o->cmd = optarg;
			break;
		case 'P':
			o->cmd_pid = strtol(optarg, &end, 10);
			if (*end != '\0' || o->cmd_pid <= 0) {
				fprintf(stderr, "upsmon: -P needs a process id, not '%s'\n",
				        optarg);
				exit(1);
			}
			break;
		case 'u':
			o->user = optarg;
			break;
		default:
			usage(stderr);
			exit(1);
		}
	}
	if (optind < argc) {
		fprintf(stderr, "upsmon: unexpected argument '%s'\n", argv[optind]);
		exit(1);
	}
}

static void on_hup(struct ev_loop *loop, int signo, void *arg)
{
	(void)loop, (void)signo;
	um_reload(arg);
}

static void on_usr1(struct ev_loop *loop, int signo, void *arg)
{
	struct um_ctx *x = arg;

	(void)loop, (void)signo;
	log_warnx("forced shutdown asked for (upsmon -c fsd)");
	(void)str_copy(x->sd_ups, sizeof(x->sd_ups), "(upsmon -c fsd)");
	um_force_shutdown(x);
}

static void on_term(struct ev_loop *loop, int signo, void *arg)
{
	(void)arg;
	log_info("signal %d: exiting", signo);
	ev_stop(loop);
}

/* The monitoring: in the child, or in the one process with -p. */
static int run_monitor(const char *conf_path, struct um_conf *conf, int privfd)
{
	struct ev_loop *loop;
	struct um_ctx x;
	int rc;

	loop = ev_loop_new(EV_BACKEND_DEFAULT);
	if (loop == NULL)
		fatal("cannot create the event loop");
	if (ev_signal_add(loop, SIGHUP, on_hup, &x) < 0 ||
	    ev_signal_add(loop, SIGUSR1, on_usr1, &x) < 0 ||
	    ev_signal_add(loop, SIGTERM, on_term, &x) < 0 ||
	    ev_signal_add(loop, SIGINT, on_term, &x) < 0)
		fatal("cannot install signal handlers");
	if (um_start(&x, loop, conf_path, conf, privfd) < 0) {
		ev_loop_free(loop);
		return 1;
	}
	rc = ev_run(loop) < 0 ? 1 : x.exit_code;
	um_stop(&x);
	ev_loop_free(loop);
	return rc;
}

int main(int argc, char **argv)
{
	struct opts o;
	struct um_conf conf;
	struct startup st;
	char conf_path[4096], pidpath[4096], err[256];
	const char *user;
	int sv[2], rc, status = 0;
	pid_t child, old;

	parse_opts(argc, argv, &o);
	if (o.cmd != NULL)
		return send_command(&o);
	log_init("upsmon", LOG_TO_STDERR, o.debug);
	if (path_conf_file(conf_path, sizeof(conf_path), "upsmon.conf") < 0)
		fatalx("the path of upsmon.conf under %s is too long", path_conf());
	if (um_conf_load(conf_path, &conf) < 0) {
		if (o.check_flag)
			return 1;
		log_warnx("upsmon not started: fix the errors above");
		return 1;
	}
	if (o.check_flag) {
		rc = conf.powerdownflag != NULL && um_pdflag_check(conf.powerdownflag);
		printf("Power down flag is %s\n", rc ? "set" : "not set");
		um_conf_free(&conf);
		return rc ? 0 : 1;
	}
	if (conf.debug_min > o.debug)
		log_set_debug(conf.debug_min);
	if (log_banner_wanted())
		printf("Upsilon upsmon %s (Network UPS Tools 2.8 compatible)\n", PACKAGE_VERSION);
	fflush(stdout);

	user = o.user != NULL ? o.user : conf.run_as_user != NULL ? conf.run_as_user : RUN_AS_USER;
	if (path_join(pidpath, sizeof(pidpath), path_pid(), "upsmon.pid") < 0)
		fatalx("pid file path under %s is too long", path_pid());
	memset(&st, 0, sizeof(st));
	st.user = o.one_process ? NULL : user;
	st.pidpath = pidpath;
	st.background = o.foreground == 0 && (o.debug == 0 || o.background);
	st.pidfile_foreground = o.foreground >= 2;
	st.notify = 1;
	if (startup_init(&st, err, sizeof(err)) < 0)
		fatalx("cannot drop privileges: %s", err);
	old = pidfile_read(pidpath);
	if (old > 0 && old != getpid() && kill(old, 0) == 0)
		fatalx("another upsmon (pid %ld) is running; stop it first or use -c reload",
		       (long)old);
	(void)signal(SIGPIPE, SIG_IGN);
	/* A flag left from the last outage would cut the power at the next
	 * ordinary shutdown: it is for this run's shutdown only. */
	if (conf.powerdownflag != NULL && um_pdflag_check(conf.powerdownflag)) {
		if (unlink(conf.powerdownflag) < 0)
			log_warn("cannot remove the old power down flag %s", conf.powerdownflag);
		else
			log_info("removed the old power down flag %s", conf.powerdownflag);
	}
	if (startup_detach(&st) < 0)
		fatal("cannot go to the background");
	startup_ready(&st, "monitoring %zu UPS", conf.nmon);

	if (!st.have_id) {
		/* -p, or not root: one process does everything it can. */
		rc = run_monitor(conf_path, &conf, -1);
		startup_finish(&st);
		return rc;
	}
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) < 0)
		fatal("socketpair");
	child = fork();
	if (child < 0)
		fatal("fork");
	if (child == 0) {
		close(sv[0]);
		if (startup_drop(&st, err, sizeof(err)) < 0)
			fatalx("cannot drop privileges: %s", err);
		/* The pid file is the parent's to remove. */
		st.have_pidfile = 0;
		_exit(run_monitor(conf_path, &conf, sv[1]));
	}
	close(sv[1]);
	{
		struct ump_parent p = {conf.powerdownflag, conf.shutdowncmd, child};

		log_debug(1, "privileged parent %ld, monitoring child %ld", (long)getpid(),
		          (long)child);
		rc = ump_parent_run(sv[0], &p);
	}
	close(sv[0]);
	/* The child ends when its end closes or on our TERM; collect it. */
	if (rc != 0)
		(void)kill(child, SIGTERM);
	while (waitpid(child, &status, 0) < 0 && errno == EINTR)
		;
	/* The child's failure is the daemon's failure. */
	if (rc == 0 && WIFEXITED(status) && WEXITSTATUS(status) != 0)
		rc = WEXITSTATUS(status);
	else if (rc == 0 && WIFSIGNALED(status))
		rc = 1;
	startup_finish(&st);
	um_conf_free(&conf);
	return rc;
}
