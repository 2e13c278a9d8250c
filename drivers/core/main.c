/* main: drv_main(), the life of every driver process. Parses NUT's driver
 * command line, reads the ups.conf section, opens the device as root, creates
 * the socket, goes to the background, drops privileges, then runs one event
 * loop: the poll timer, the socket clients and signals (TERM/INT/QUIT stop,
 * HUP reloads). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "core.h"
#include "log.h"
#include "net.h"
#include "paths.h"
#include "pidfile.h"
#include "privsep.h"
#include "sdnotify.h"
#include "startup.h"
#include "strutil.h"
#include "upsconf.h"

#define DRV_LINE_MAX 2048 /* one delta line: name + escaped value + slack */

/* What the command line asked for, before the context exists. */
struct drv_args {
	const char *upsname;
	int by_section; /* -a (1) or -s (0) */
	int debug;      /* -D count */
	int foreground; /* -F count: 1 no pid file, 2 with pid file */
	int background; /* -B */
	int killpower;  /* -k */
	const char *user;
	const char *group;
	const char *chroot_dir;
	const char *command; /* -c */
	long dump_after;     /* -d */
	long interval_s;     /* -i */
	char **xopts;        /* -x, applied after ups.conf */
	size_t nxopts;
};

/* -c <command>: what each word does to the running driver. */
static const struct drv_signal_cmd {
	const char *name;
	int signo;
} drv_signal_cmds[] = {
    {"reload", SIGHUP},
    {"exit", SIGTERM},
    {NULL, 0},
};

static void drv_banner(const struct driver_ops *ops)
{
	if (!log_banner_wanted())
		return;
	printf("Network UPS Tools - %s %s (Upsilon %s)\n", ops->description, ops->version,
	       PACKAGE_VERSION);
	fflush(stdout);
}

static void drv_usage(const struct driver_ops *ops)
{
	drv_banner(ops);
	printf("\nusage: %s (-a <id>|-s <id>) [OPTIONS]\n", ops->name);
	printf("  -a <id>        - autoconfig using ups.conf section <id>\n"
	       "                 - note: -x after -a overrides ups.conf settings\n\n"
	       "  -s <id>        - configure directly from cmd line arguments\n"
	       "                 - note: must specify all driver parameters with successive -x\n"
	       "                 - note: at least 'port' variable should be set\n\n"
	       "  -V             - print version, then exit\n"
	       "  -L             - print parseable list of driver variables\n"
	       "  -D             - raise debugging level (and stay foreground by default)\n"
	       "  -d <count>     - dump data to stdout after 'count' updates loop and exit\n"
	       "  -F             - stay foregrounded even if no debugging is enabled\n"
	       "  -FF            - stay foregrounded and still save the PID file\n"
	       "  -B             - stay backgrounded even if debugging is bumped\n"
	       "  -q             - raise log level threshold\n"
	       "  -h             - display this help\n"
	       "  -k             - force shutdown\n"
	       "  -c <command>   - send <command> via signal to background process\n"
	       "                   Supported commands: reload exit\n"
	       "  -i <int>       - poll interval\n"
	       "  -r <dir>       - chroot to <dir>\n"
	       "  -u <user>      - switch to <user> (if started as root)\n"
	       "  -g <group>     - set pipe access to <group> (if started as root)\n"
	       "  -x <var>=<val> - set driver variable <var> to <val>\n"
	       "                 - example: -x cable=940-0095B\n");
	drv_opt_help(ops);
}

/* --- the loop --- */

static void drv_dump_stdout(struct drv_ctx *d);

static void drv_poll_cb(struct ev_loop *loop, void *arg)
{
	struct drv_ctx *d = arg;
	int r = d->ops->poll != NULL ? d->ops->poll(d, d->priv) : 0;

	drv_opt_apply_defaults(d);
	/* A poll that lost the device leaves it stale until the core gets it back. */
	drv_dataok(d, r == 0 && !d->lost);
	d->polls++;
	if (d->dump_after > 0 && d->polls >= d->dump_after) {
		drv_dump_stdout(d);
		d->running = 0;
		ev_stop(loop);
	}
}

int drv_poll_start(struct drv_ctx *d, unsigned long first_ms)
{
	drv_poll_stop(d);
	d->poll_timer = ev_timer_add(d->loop, first_ms, d->poll_ms, drv_poll_cb, d);
	if (d->poll_timer == 0) {
		log_warn("ups %s: poll timer", d->upsname);
		return -1;
	}
	return 0;
}

void drv_poll_stop(struct drv_ctx *d)
{
	if (d->poll_timer != 0)
		ev_timer_cancel(d->loop, d->poll_timer);
	d->poll_timer = 0;
}

static void drv_sig_stop(struct ev_loop *loop, int signo, void *arg)
{
	struct drv_ctx *d = arg;

	log_info("ups %s: signal %d, exiting", d->upsname, signo);
	(void)sdn_notify("STOPPING=1");
	d->running = 0;
	ev_stop(loop);
}

static void drv_sig_reload(struct ev_loop *loop, int signo, void *arg)
{
	struct drv_ctx *d = arg;

	log_info("ups %s: reloading", d->upsname);
	(void)sdn_reloading();
	if (d->ops->reload != NULL && d->ops->reload(d, d->priv) < 0)
		log_warnx("ups %s: reload failed, keeping the running state", d->upsname);
	(void)sdn_notify("READY=1");
}

static int drv_dump_var(const struct st_var *v, void *arg)
{
	printf("%s: %s\n", v->name, v->value);
	return 0;
}

static void drv_dump_stdout(struct drv_ctx *d)
{
	(void)st_foreach(d->tree, drv_dump_var, NULL);
	fflush(stdout);
}

static int drv_pidfile_path(const struct driver_ops *ops, const char *upsname, char *out,
                            size_t outlen)
{
	return path_driver_pidfile(out, outlen, path_altpid(), ops->name, upsname);
}

static int drv_send_command(const struct driver_ops *ops, const struct drv_args *a)
{
	const struct drv_signal_cmd *c;
	char path[4096], err[256];

	for (c = drv_signal_cmds; c->name != NULL; c++) {
		if (strcmp(c->name, a->command) == 0)
			break;
	}
	if (c->name == NULL) {
		fprintf(stderr, "Error: unknown command '%s' for -c (reload, exit)\n", a->command);
		return 1;
	}
	if (a->upsname == NULL) {
		fprintf(stderr, "Error: -c %s needs -a <id> to find the running driver\n",
		        a->command);
		return 1;
	}
	if (drv_pidfile_path(ops, a->upsname, path, sizeof(path)) < 0) {
		fprintf(stderr, "Error: pid file path too long\n");
		return 1;
	}
	if (pidfile_signal(path, c->signo, ops->name, err, sizeof(err)) < 0) {
		fprintf(stderr, "Error: %s\n", err);
		return 1;
	}
	return 0;
}

static int drv_parse_args(int argc, char **argv, const struct driver_ops *ops, struct drv_args *a,
                          int *exit_now)
{
	int ch;
	long n;

	*exit_now = -1;
	memset(a, 0, sizeof(*a));
	while ((ch = getopt(argc, argv, "+a:s:Dd:FBqhkLVc:i:r:u:g:x:")) != -1) {
		switch (ch) {
		case 'a':
		case 's':
			a->upsname = optarg;
			a->by_section = ch == 'a';
			break;
		case 'D':
			a->debug++;
			break;
		case 'd':
			if (conf_parse_long(optarg, 1, 1000000, &n) < 0) {
				fprintf(stderr, "Error: -d needs a count of updates, not '%s'\n",
				        optarg);
				*exit_now = 1;
				return -1;
			}
			a->dump_after = n;
			break;
		case 'F':
			a->foreground++;
			break;
		case 'B':
			a->background = 1;
			break;
		case 'q':
			break; /* fewer messages: the log module has no threshold to raise */
		case 'k':
			a->killpower = 1;
			break;
		case 'c':
			a->command = optarg;
			break;
		case 'i':
			if (conf_parse_long(optarg, 1, 3600, &n) < 0) {
				fprintf(stderr, "Error: -i needs seconds (1-3600), not '%s'\n",
				        optarg);
				*exit_now = 1;
				return -1;
			}
			a->interval_s = n;
			break;
		case 'r':
			a->chroot_dir = optarg;
			break;
		case 'u':
			a->user = optarg;
			break;
		case 'g':
			a->group = optarg;
			break;
		case 'x':
			a->xopts = xreallocarray(a->xopts, a->nxopts + 1, sizeof(*a->xopts));
			a->xopts[a->nxopts++] = optarg;
			break;
		case 'V':
			drv_banner(ops);
			*exit_now = 0;
			return -1;
		case 'L':
			drv_banner(ops);
			drv_opt_list(ops);
			*exit_now = 0;
			return -1;
		case 'h':
			drv_usage(ops);
			*exit_now = 0;
			return -1;
		default:
			fprintf(stderr, "Error: unknown option; try -h for help.\n");
			*exit_now = 1;
			return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "Error: unexpected argument '%s'; try -h for help.\n",
		        argv[optind]);
		*exit_now = 1;
		return -1;
	}
	return 0;
}

/* Builds the option store from ups.conf (-a) and -x. 0 or -1 (all errors
 * reported first). */
static int drv_configure(struct drv_ctx *d, const struct drv_args *a, struct upsconf *conf)
{
	char path[4096];
	const struct upsconf_ups *u;
	const char *drvname;
	size_t i;
	int nerr = 0;

	if (a->by_section) {
		if (path_conf_file(path, sizeof(path), "ups.conf") < 0) {
			log_warnx("ups.conf path too long");
			return -1;
		}
		if (upsconf_load(path, conf) < 0)
			return -1;
		nerr += drv_check_globals(conf);
		u = upsconf_find(conf, a->upsname);
		if (u == NULL) {
			log_warnx("Error: Section %s not found in ups.conf", a->upsname);
			return -1;
		}
		drvname = upsconf_get(u, "driver");
		if (drvname != NULL && strcmp(drvname, d->ops->name) != 0)
			log_warnx("%s:%d: section [%s] is for driver %s, not %s", conf->file,
			          u->lineno, u->name, drvname, d->ops->name);
		nerr += drv_opt_load(d, conf, u);
	}
	for (i = 0; i < a->nxopts; i++)
		nerr += drv_opt_add_x(d, a->xopts[i]) < 0;
	if (nerr > 0)
		return -1;
	if (drv_getopt(d, "port") == NULL) {
		log_warnx("Error: no port given for ups %s (ups.conf \"port\" or -x port=...)",
		          d->upsname);
		return -1;
	}
	return 0;
}

static unsigned long drv_poll_ms_of(const struct drv_ctx *d, const struct drv_args *a)
{
	const char *v = drv_getopt(d, "pollinterval");
	long n = DRV_DEFAULT_POLL_S;

	if (a->interval_s > 0)
		n = a->interval_s;
	else if (v != NULL)
		(void)conf_parse_long(v, 1, 3600, &n); /* range checked when loaded */
	return (unsigned long)n * 1000UL;
}

static int drv_socket_path(const struct drv_ctx *d, char *out, size_t outlen)
{
	return path_driver_socket(out, outlen, path_state(), d->ops->name, d->upsname);
}

/* The user to run as: -u, then ups.conf "user", then the build default. */
static const char *drv_user(const struct drv_ctx *d, const struct drv_args *a)
{
	const char *user = a->user ? a->user : drv_getopt(d, "user");

	return user != NULL ? user : RUN_AS_USER;
}

/* The socket's group: -g, then ups.conf "group", else the user's own (id's).
 * Only meaningful when started as root. 0 or -1 (logged). */
static int drv_socket_gid(const struct drv_ctx *d, const struct drv_args *a,
                          const struct priv_id *id, gid_t *sock_gid)
{
	const char *group = a->group ? a->group : drv_getopt(d, "group");
	struct priv_id gid_only;
	char err[256];

	*sock_gid = id->gid;
	if (group != NULL) {
		if (priv_lookup(id->name, group, &gid_only, err, sizeof(err)) < 0) {
			log_warnx("Error: %s", err);
			return -1;
		}
		*sock_gid = gid_only.gid;
	}
	return 0;
}

/* A live driver on our socket path would lose its socket to us (listening
 * replaces a stale file): refuse to start instead of stealing it. */
static int drv_socket_in_use(const char *path)
{
	char err[256];
	/* Without waiting: a listener that never accepts is in use all the same
	 * (a full queue fails a non-blocking Unix connect with EAGAIN). */
	int fd = net_connect_unix(path, 1, err, sizeof(err));

	if (fd < 0)
		return errno == EAGAIN;
	(void)close(fd);
	return 1;
}

/* Creates the driver socket. Started as root, it is created as the run-time
 * user with the socket group (priv_assume), mode 0660 from bind() itself:
 * STATEPATH is writable by the nut group, and root must not chmod, chown or
 * unlink anything there by name (a symlink swapped in would lead it to any
 * file). The user must then be able to write STATEPATH, as with NUT, whose
 * drivers create their socket after the drop. 0 or -1 (logged). */
static int drv_socket_create(struct drv_ctx *d, const char *path, const struct priv_id *id,
                             gid_t sock_gid)
{
	struct priv_saved saved;
	char err[256];
	int rc = -1;

	if (id != NULL && priv_assume(id, sock_gid, &saved, err, sizeof(err)) < 0) {
		log_warnx("ups %s: %s", d->upsname, err);
		return -1;
	}
	if (drv_socket_in_use(path)) {
		log_warnx("ups %s: another driver already serves %s; stop it first", d->upsname,
		          path);
	} else {
		d->sock = dsock_open(d, path, err, sizeof(err));
		if (d->sock == NULL && errno == EACCES && id != NULL)
			log_warnx("ups %s: %s: %s (the socket is created as user %s, who must be "
			          "able to write there)",
			          d->upsname, path, err, id->name);
		else if (d->sock == NULL)
			log_warnx("ups %s: %s: %s", d->upsname, path, err);
		else
			rc = 0;
	}
	if (id != NULL && priv_restore(&saved, err, sizeof(err)) < 0)
		fatalx("ups %s: %s", d->upsname, err);
	return rc;
}

static void drv_ctx_free(struct drv_ctx *d)
{
	size_t i;

	if (d->loop != NULL) {
		drv_requests_free(d);
		drv_recover_stop(d);
	}
	if (d->sock != NULL)
		dsock_close(d->sock);
	if (d->loop != NULL)
		ev_loop_free(d->loop);
	st_free(d->tree);
	buf_free(&d->line);
	for (i = 0; i < d->nopts; i++) {
		free(d->opts[i].name);
		free(d->opts[i].value);
	}
	free(d->opts);
}

/* Everything after the configuration: open, serve, close. */
static int drv_run(struct drv_ctx *d, const struct drv_args *a)
{
	char sockpath[4096], pidpath[4096], err[256];
	struct startup st;
	gid_t sock_gid = (gid_t)-1;
	int rc = 1;

	memset(&st, 0, sizeof(st));
	st.user = drv_user(d, a);
	st.chroot_dir = a->chroot_dir;
	st.background =
	    !(a->foreground > 0 || (a->debug > 0 && !a->background) || a->dump_after > 0);
	st.pidfile_foreground = a->foreground > 1;
	st.notify = 1;
	/* -d dumps and exits: no socket, no pid file. */
	if (a->dump_after == 0) {
		if (drv_pidfile_path(d->ops, d->upsname, pidpath, sizeof(pidpath)) < 0) {
			log_warnx("ups %s: no pid file name under %s: %s", d->upsname,
			          path_altpid(), strerror(errno));
			return 1;
		}
		st.pidpath = pidpath;
	}
	if (startup_init(&st, err, sizeof(err)) < 0) {
		log_warnx("Error: %s", err);
		return 1;
	}
	if (st.have_id && drv_socket_gid(d, a, &st.id, &sock_gid) < 0)
		return 1;
	if (d->ops->open(d, &d->priv) < 0) {
		log_warnx("ups %s: cannot open device %s", d->upsname, drv_getopt(d, "port"));
		return 1;
	}
	/* -k (NUT's forced shutdown): the device is open, nothing else runs (no
	 * socket, no pid file, so a driver already serving this UPS is left
	 * alone); the driver tells the UPS to cut the load after its delay and we
	 * exit, 0 only when it says the UPS took the order. The first line is
	 * NUT's, which logs and scripts look for. */
	if (a->killpower) {
		log_info("Initiating UPS shutdown");
		/* The device's state first, as when serving, so the kill-power step
		 * sees what the device says and ups.conf's override.* (the delays:
		 * ups.delay.shutdown, ups.delay.start). A device that cannot be read
		 * is still told to cut the power: this is the last chance. */
		if (d->ops->init_info != NULL && d->ops->init_info(d, d->priv) < 0) {
			log_warnx("ups %s: cannot read the device; trying the shutdown anyway",
			          d->upsname);
		} else {
			drv_device_info(d);
			drv_opt_apply_defaults(d);
		}
		if (drv_killpower(d) == 0)
			rc = 0;
		else
			log_warnx("ups %s: Shutdown failed!", d->upsname);
		goto out;
	}
	if (a->dump_after == 0) {
		if (drv_socket_path(d, sockpath, sizeof(sockpath)) < 0) {
			log_warnx("ups %s: no socket name under %s: %s", d->upsname, path_state(),
			          strerror(errno));
			goto out;
		}
		if (drv_socket_create(d, sockpath, st.have_id ? &st.id : NULL, sock_gid) < 0)
			goto out;
	}
	if (startup_detach(&st) < 0) {
		log_warn("ups %s: fork", d->upsname);
		goto out;
	}
	/* The socket serves: ready. Said before the drop, whose chroot (-r)
	 * would hide systemd's socket. */
	startup_ready(&st, "serving ups %s on its socket", d->upsname);
	if (startup_drop(&st, err, sizeof(err)) < 0) {
		log_warnx("ups %s: %s", d->upsname, err);
		goto out;
	}
	/* Fresh unless init_info says otherwise (drv_dataok). */
	d->data_ok = 1;
	if (d->ops->init_info != NULL && d->ops->init_info(d, d->priv) < 0) {
		log_warnx("ups %s: cannot read the device", d->upsname);
		goto out;
	}
	drv_device_info(d);
	drv_opt_apply_defaults(d);
	/* The core's kill-power command, offered only when ups.conf allows it. */
	if (drv_testopt(d, "allow_killpower"))
		(void)drv_add_cmd(d, DRV_KILLPOWER_CMD);
	if (ev_signal_add(d->loop, SIGTERM, drv_sig_stop, d) < 0 ||
	    ev_signal_add(d->loop, SIGINT, drv_sig_stop, d) < 0 ||
	    ev_signal_add(d->loop, SIGQUIT, drv_sig_stop, d) < 0 ||
	    ev_signal_add(d->loop, SIGHUP, drv_sig_reload, d) < 0) {
		log_warn("ups %s: signals", d->upsname);
		goto out;
	}
	(void)signal(SIGPIPE, SIG_IGN);
	if (drv_poll_start(d, a->dump_after > 0 ? 0 : d->poll_ms) < 0)
		goto out;
	d->running = 1;
	log_debug(1, "ups %s: running, polling every %lu ms", d->upsname, d->poll_ms);
	rc = ev_run(d->loop) < 0 ? 1 : 0;
out:
	if (d->sock != NULL) {
		dsock_close(d->sock);
		d->sock = NULL;
	}
	startup_finish(&st);
	if (d->ops->close != NULL)
		d->ops->close(d, d->priv);
	d->priv = NULL;
	return rc;
}

int drv_main(int argc, char **argv, const struct driver_ops *ops)
{
	struct drv_args a;
	struct drv_ctx d;
	struct upsconf conf;
	int exit_now, rc = 1;

	memset(&d, 0, sizeof(d));
	memset(&conf, 0, sizeof(conf));
	log_init(ops->name, LOG_TO_STDERR, 0);
	if (drv_parse_args(argc, argv, ops, &a, &exit_now) < 0) {
		free(a.xopts);
		return exit_now;
	}
	if (a.debug > 0)
		log_set_debug(log_get_debug() + a.debug);
	if (a.command != NULL) {
		rc = drv_send_command(ops, &a);
		free(a.xopts);
		return rc;
	}
	drv_banner(ops);
	if (a.upsname == NULL) {
		fprintf(stderr, "Error: specifying '-a id' or '-s id' is now mandatory. Try -h for "
		                "help.\n");
		free(a.xopts);
		return 1;
	}
	d.ops = ops;
	if (str_copy(d.upsname, sizeof(d.upsname), a.upsname) < 0) {
		log_warnx("Error: ups name '%.32s...' is too long", a.upsname);
		goto out;
	}
	d.tree = st_new();
	d.loop = ev_loop_new(EV_BACKEND_DEFAULT);
	if (d.tree == NULL || d.loop == NULL || buf_init(&d.line, DRV_LINE_MAX) < 0) {
		log_warn("out of memory");
		goto out;
	}
	d.dump_after = a.dump_after;
	if (drv_configure(&d, &a, &conf) < 0)
		goto out;
	/* ups.conf's global chroot, unless -r says otherwise (conf outlives the run). */
	if (a.chroot_dir == NULL)
		a.chroot_dir = upsconf_global(&conf, "chroot");
	if (drv_getopt(&d, "debug_min") != NULL) {
		long n = 0;

		(void)conf_parse_long(drv_getopt(&d, "debug_min"), 0, 100, &n);
		if (n > log_get_debug())
			log_set_debug((int)n);
	}
	d.poll_ms = drv_poll_ms_of(&d, &a);
	d.ignorelb = drv_testopt(&d, "ignorelb");
	if (drv_opt_publish(&d) < 0)
		goto out;
	rc = drv_run(&d, &a);
out:
	drv_ctx_free(&d);
	upsconf_free(&conf);
	free(a.xopts);
	return rc;
}
