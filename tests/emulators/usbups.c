/* usbups: runs a command against emulated USB HID UPSes (test tool).
 *
 *   usbups [-v] [-l LOGFILE] -c CTLSOCK PROFILE [PROFILE2 ...] -- COMMAND [ARGS...]
 *
 * Builds a libumockdev testbed with one device per profile (bus 001, device
 * 002, 003 ...), runs COMMAND in it (LD_PRELOAD=libumockdev-preload.so.0),
 * forwards SIGTERM/SIGINT to it and exits with its status. Requests on the
 * unix socket CTLSOCK change the devices; see tests/emulators/README.md. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <glib.h>
#include <glib-unix.h>

#include "usbemu_dev.h"
#include "usbemu_profile.h"

#define CTL_MAX_CLIENTS 16
#define PRELOAD         "libumockdev-preload.so.0"
#define PRELOADED_ENV   "USBUPS_PRELOADED"
#define ASAN_SAVED_ENV  "USBUPS_ASAN_OPTIONS" /* ASAN_OPTIONS as given, for the child */
/* Sanitizer builds: the preload library comes before the ASan runtime, which
 * ASan refuses unless told; usbups itself keeps its devices (and GLib and
 * libumockdev their caches) until exit, so no leak report for it. */
#define ASAN_PRELOAD_OK "verify_asan_link_order=0"
#define ASAN_SELF       ASAN_PRELOAD_OK ":detect_leaks=0"

struct ctl_conn {
	struct app *app;
	int fd;
	char buf[USBEMU_REQ_LEN];
	size_t len;
};

struct app {
	GMainLoop *loop;
	struct usbemu *emu;
	int listen_fd;
	const char *ctl_path;
	pid_t child;
	int child_status;
	int child_done;
	unsigned nconn;
};

static void usage(void)
{
	fprintf(stderr, "usage: usbups [-v] [-l LOGFILE] -c CTLSOCK PROFILE [PROFILE...] -- "
	                "COMMAND [ARGS...]\n");
	exit(2);
}

/* From its own watch callback, which then returns G_SOURCE_REMOVE. */
static void conn_free(struct ctl_conn *c)
{
	close(c->fd);
	c->app->nconn--;
	g_free(c);
}

static void conn_reply(struct ctl_conn *c, const char *reply)
{
	char out[USBEMU_REPLY_LEN + 2];
	size_t n = (size_t)snprintf(out, sizeof(out), "%s\n", reply), off = 0;
	ssize_t w;

	/* Replies are short; a client that does not read them is its problem. */
	while (off < n) {
		w = send(c->fd, out + off, n - off, MSG_NOSIGNAL);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		off += (size_t)w;
	}
}

static gboolean conn_read(gint fd, GIOCondition cond, gpointer data)
{
	struct ctl_conn *c = data;
	char reply[USBEMU_REPLY_LEN];
	ssize_t r;
	char *nl;

	r = read(fd, c->buf + c->len, sizeof(c->buf) - 1 - c->len);
	if (r < 0 && (errno == EINTR || errno == EAGAIN))
		return G_SOURCE_CONTINUE;
	if (r <= 0) {
		conn_free(c);
		return G_SOURCE_REMOVE;
	}
	c->len += (size_t)r;
	c->buf[c->len] = '\0';
	while ((nl = strchr(c->buf, '\n')) != NULL) {
		*nl = '\0';
		if (strcmp(c->buf, "quit") == 0 || strcmp(c->buf, "quit\r") == 0) {
			conn_reply(c, "OK");
			if (c->app->child > 0 && !c->app->child_done)
				kill(c->app->child, SIGTERM);
			else
				g_main_loop_quit(c->app->loop);
		} else {
			usbemu_request(c->app->emu, c->buf, reply, sizeof(reply));
			conn_reply(c, reply);
		}
		c->len -= (size_t)(nl + 1 - c->buf);
		memmove(c->buf, nl + 1, c->len + 1);
	}
	if (c->len == sizeof(c->buf) - 1) {
		conn_reply(c, "ERR request too long");
		conn_free(c);
		return G_SOURCE_REMOVE;
	}
	return G_SOURCE_CONTINUE;
}

static gboolean ctl_accept(gint fd, GIOCondition cond, gpointer data)
{
	struct app *app = data;
	struct ctl_conn *c;
	int cfd;

	cfd = accept4(fd, NULL, NULL, SOCK_CLOEXEC);
	if (cfd < 0)
		return G_SOURCE_CONTINUE;
	if (app->nconn >= CTL_MAX_CLIENTS) {
		close(cfd);
		return G_SOURCE_CONTINUE;
	}
	c = g_new0(struct ctl_conn, 1);
	c->app = app;
	c->fd = cfd;
	g_unix_fd_add(cfd, G_IO_IN | G_IO_HUP | G_IO_ERR, conn_read, c);
	app->nconn++;
	return G_SOURCE_CONTINUE;
}

static int ctl_listen(const char *path)
{
	struct sockaddr_un sa;
	int fd;

	memset(&sa, 0, sizeof(sa));
	sa.sun_family = AF_UNIX;
	if (strlen(path) >= sizeof(sa.sun_path)) {
		fprintf(stderr, "usbups: control socket path too long: %s\n", path);
		return -1;
	}
	memcpy(sa.sun_path, path, strlen(path) + 1);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		perror("usbups: socket");
		return -1;
	}
	unlink(path);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0 || listen(fd, 8) < 0) {
		fprintf(stderr, "usbups: %s: %s\n", path, strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static gboolean on_signal(gpointer data)
{
	struct app *app = data;

	if (app->child > 0 && !app->child_done)
		kill(app->child, SIGTERM);
	else
		g_main_loop_quit(app->loop);
	return G_SOURCE_CONTINUE;
}

static void on_child(GPid pid, gint status, gpointer data)
{
	struct app *app = data;

	app->child_status = status;
	app->child_done = 1;
	g_spawn_close_pid(pid);
	g_main_loop_quit(app->loop);
}

/* libumockdev's uevents and device removal go through libudev in this
 * process too, so it runs under the preload library as the child does:
 * re-executes itself once with LD_PRELOAD extended. Returns only on failure
 * or when already preloaded. */
static void preload_self(char **argv)
{
	const char *old = getenv("LD_PRELOAD");
	char *preload;

	const char *asan = getenv("ASAN_OPTIONS");
	char *opts;

	if (getenv(PRELOADED_ENV) != NULL)
		return;
	preload = old != NULL && old[0] != '\0' ? g_strdup_printf("%s:%s", old, PRELOAD)
	                                        : g_strdup(PRELOAD);
	setenv("LD_PRELOAD", preload, 1);
	setenv(PRELOADED_ENV, "1", 1);
	g_free(preload);
	setenv(ASAN_SAVED_ENV, asan != NULL ? asan : "", 1);
	opts = asan != NULL && asan[0] != '\0' ? g_strdup_printf("%s:%s", asan, ASAN_SELF)
	                                       : g_strdup(ASAN_SELF);
	setenv("ASAN_OPTIONS", opts, 1);
	g_free(opts);
	execv("/proc/self/exe", argv);
	fprintf(stderr, "usbups: cannot re-execute itself with %s: %s\n", PRELOAD, strerror(errno));
	exit(2);
}

/* The child inherits LD_PRELOAD (see preload_self) and UMOCKDEV_DIR. */
static pid_t spawn(char **argv)
{
	pid_t pid;

	pid = fork();
	if (pid < 0) {
		perror("usbups: fork");
		return -1;
	}
	if (pid == 0) {
		sigset_t none;
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		const char *asan = getenv(ASAN_SAVED_ENV);
		char *opts = asan != NULL && asan[0] != '\0'
		                 ? g_strdup_printf("%s:%s", asan, ASAN_PRELOAD_OK)
		                 : g_strdup(ASAN_PRELOAD_OK);
		setenv("ASAN_OPTIONS", opts, 1);
		unsetenv(ASAN_SAVED_ENV);
		unsetenv(PRELOADED_ENV);
		execvp(argv[0], argv);
		fprintf(stderr, "usbups: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	return pid;
}

int main(int argc, char **argv)
{
	struct app app;
	const char *logfile = NULL;
	FILE *log = NULL;
	char err[512];
	int opt, verbose = 0, i, sep = -1, rc;
	guint sigsrc[2];

	preload_self(argv);
	memset(&app, 0, sizeof(app));
	app.listen_fd = -1;
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			sep = i;
			break;
		}
	if (sep < 0 || sep + 1 >= argc)
		usage();
	while ((opt = getopt(sep, argv, "vl:c:")) != -1) {
		switch (opt) {
		case 'v':
			verbose = 1;
			break;
		case 'l':
			logfile = optarg;
			break;
		case 'c':
			app.ctl_path = optarg;
			break;
		default:
			usage();
		}
	}
	if (app.ctl_path == NULL || optind >= sep)
		usage();
	if (logfile != NULL) {
		log = fopen(logfile, "a");
		if (log == NULL) {
			fprintf(stderr, "usbups: %s: %s\n", logfile, strerror(errno));
			return 2;
		}
	}
	app.emu = usbemu_new(log, verbose);
	if (app.emu == NULL) {
		fprintf(stderr, "usbups: cannot create a umockdev testbed\n");
		return 2;
	}
	for (i = optind; i < sep; i++) {
		struct profile p;
		if (profile_load(&p, argv[i], err, sizeof(err)) < 0 ||
		    usbemu_add(app.emu, &p, err, sizeof(err)) < 0) {
			fprintf(stderr, "usbups: %s\n", err);
			usbemu_free(app.emu);
			return 2;
		}
	}
	app.listen_fd = ctl_listen(app.ctl_path);
	if (app.listen_fd < 0) {
		usbemu_free(app.emu);
		return 2;
	}
	app.loop = g_main_loop_new(NULL, FALSE);
	g_unix_fd_add(app.listen_fd, G_IO_IN, ctl_accept, &app);
	sigsrc[0] = g_unix_signal_add(SIGTERM, on_signal, &app);
	sigsrc[1] = g_unix_signal_add(SIGINT, on_signal, &app);
	app.child = spawn(argv + sep + 1);
	if (app.child < 0) {
		rc = 2;
		goto out;
	}
	g_child_watch_add(app.child, on_child, &app);
	g_main_loop_run(app.loop);
	if (!app.child_done) {
		rc = 2;
	} else if (WIFEXITED(app.child_status)) {
		rc = WEXITSTATUS(app.child_status);
	} else if (WIFSIGNALED(app.child_status)) {
		rc = 128 + WTERMSIG(app.child_status);
	} else {
		rc = 2;
	}
out:
	g_source_remove(sigsrc[0]);
	g_source_remove(sigsrc[1]);
	close(app.listen_fd);
	unlink(app.ctl_path);
	usbemu_free(app.emu);
	g_main_loop_unref(app.loop);
	if (log != NULL)
		fclose(log);
	return rc;
}
