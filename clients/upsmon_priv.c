/* upsmon_priv.c: the root parent, its frames, and the POWERDOWNFLAG file
 * (see upsmon_priv.h). */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ev.h"
#include "log.h"
#include "proc.h"
#include "strutil.h"
#include "upsmon_priv.h"

static void ump_put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, sizeof(v));
}

static uint32_t ump_get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return v;
}

void ump_encode(const struct ump_msg *m, uint8_t out[UMP_FRAME])
{
	ump_put32(out, UMP_MAGIC);
	ump_put32(out + 4, m->type);
	ump_put32(out + 8, (uint32_t)m->status);
}

static int ump_decode(const uint8_t *buf, size_t len, struct ump_msg *m)
{
	if (len != UMP_FRAME || ump_get32(buf) != UMP_MAGIC)
		return -1;
	m->type = ump_get32(buf + 4);
	m->status = (int32_t)ump_get32(buf + 8);
	return 0;
}

int ump_decode_request(const uint8_t *buf, size_t len, struct ump_msg *m)
{
	struct ump_msg t;

	if (ump_decode(buf, len, &t) < 0 || t.status != 0 ||
	    (t.type != UMP_REQ_PDFLAG && t.type != UMP_REQ_SHUTDOWN))
		return -1;
	*m = t;
	return 0;
}

int ump_decode_answer(const uint8_t *buf, size_t len, struct ump_msg *m)
{
	struct ump_msg t;

	if (ump_decode(buf, len, &t) < 0 ||
	    (t.type != (UMP_ANSWER | UMP_REQ_PDFLAG) &&
	     t.type != (UMP_ANSWER | UMP_REQ_SHUTDOWN)) ||
	    (t.status != 0 && t.status != -1))
		return -1;
	*m = t;
	return 0;
}

int ump_send(int fd, uint32_t type)
{
	struct ump_msg m = {type, 0};
	uint8_t frame[UMP_FRAME];
	ssize_t n;

	ump_encode(&m, frame);
	do
		n = send(fd, frame, sizeof(frame), MSG_NOSIGNAL);
	while (n < 0 && errno == EINTR);
	if (n != (ssize_t)sizeof(frame))
		return -1;
	return 0;
}

int um_pdflag_write(const char *path, char *err, size_t errlen)
{
	static const char line[] = UM_PDFLAG_MAGIC "\n";
	struct stat sb;
	int fd, rc = -1;

	/* No O_TRUNC before we know what we opened: a hard link to another
	 * file must not be emptied. O_NONBLOCK: a FIFO placed there must not
	 * hold root's parent. */
	fd = open(path, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY, 0644);
	if (fd < 0) {
		(void)str_fmt(err, errlen, "cannot open %s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(fd, &sb) < 0) {
		(void)str_fmt(err, errlen, "cannot stat %s: %s", path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(sb.st_mode) || sb.st_nlink != 1 ||
	    (sb.st_uid != 0 && sb.st_uid != geteuid())) {
		(void)str_fmt(err, errlen,
		              "%s is not a regular file with one link owned by root: not written",
		              path);
		goto out;
	}
	if (ftruncate(fd, 0) < 0 ||
	    write(fd, line, sizeof(line) - 1) != (ssize_t)(sizeof(line) - 1) || fsync(fd) < 0) {
		(void)str_fmt(err, errlen, "cannot write %s: %s", path, strerror(errno));
		goto out;
	}
	rc = 0;
out:
	if (close(fd) < 0 && rc == 0) {
		(void)str_fmt(err, errlen, "cannot write %s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

int um_pdflag_check(const char *path)
{
	char buf[UM_PDFLAG_MAX];
	size_t mlen = strlen(UM_PDFLAG_MAGIC);
	struct stat sb;
	ssize_t n;
	int fd, set = 0;

	fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode)) {
		n = read(fd, buf, sizeof(buf) - 1);
		/* A prefix match, as NUT 2.8.0's -K does (measured): its file
		 * and ours read the same either way. */
		if (n >= (ssize_t)mlen && memcmp(buf, UM_PDFLAG_MAGIC, mlen) == 0)
			set = 1;
	}
	close(fd);
	return set;
}

int um_run_shell(const char *what, const char *cmd, int timeout_ms)
{
	const char *argv[] = {"/bin/sh", "-c", cmd, NULL};
	struct proc_status st;
	char err[256], how[64];

	if (proc_run(argv, NULL, timeout_ms, 0, &st, err, sizeof(err)) < 0) {
		log_warnx("%s: cannot run '%s': %s", what, cmd, err);
		return -1;
	}
	if (st.how == PROC_EXITED && st.code == 0)
		return 0;
	log_warnx("%s '%s': %s", what, cmd, proc_status_str(&st, how, sizeof(how)));
	return -1;
}

struct ump_ctx {
	const struct ump_parent *p;
	int fd;
	int shutdown_done;
	int rc;
};

static void ump_answer(struct ump_ctx *x, uint32_t type, int status)
{
	struct ump_msg m = {UMP_ANSWER | type, status};
	uint8_t frame[UMP_FRAME];

	ump_encode(&m, frame);
	if (send(x->fd, frame, sizeof(frame), MSG_NOSIGNAL) != (ssize_t)sizeof(frame))
		log_warn("privileged parent: cannot answer the child");
}

static void ump_bad(struct ev_loop *loop, struct ump_ctx *x, const char *what)
{
	log_warnx("privileged parent: %s from the child: exiting", what);
	x->rc = 1;
	ev_stop(loop);
}

static void ump_on_fd(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	struct ump_ctx *x = arg;
	uint8_t buf[UMP_FRAME + 1];
	struct ump_msg m;
	char err[512];
	ssize_t n;

	(void)events;
	/* One record per read (SOCK_SEQPACKET): a longer one is cut, and its
	 * length shows it (MSG_TRUNC gives the real size). */
	n = recv(fd, buf, sizeof(buf), MSG_TRUNC | MSG_DONTWAIT);
	if (n < 0) {
		if (errno == EINTR || errno == EAGAIN)
			return;
		log_warn("privileged parent: reading from the child");
		x->rc = 1;
		ev_stop(loop);
		return;
	}
	if (n == 0) {
		log_debug(1, "privileged parent: the child closed its end; exiting");
		ev_stop(loop);
		return;
	}
	if (ump_decode_request(buf, (size_t)n, &m) < 0) {
		ump_bad(loop, x, "a malformed message");
		return;
	}
	switch (m.type) {
	case UMP_REQ_PDFLAG:
		if (x->p->pdflag == NULL) {
			ump_bad(loop, x, "a POWERDOWNFLAG request with none configured");
			return;
		}
		if (um_pdflag_write(x->p->pdflag, err, sizeof(err)) < 0) {
			log_warnx("privileged parent: %s", err);
			ump_answer(x, m.type, -1);
		} else {
			log_info("power down flag %s written", x->p->pdflag);
			ump_answer(x, m.type, 0);
		}
		return;
	case UMP_REQ_SHUTDOWN:
		if (x->shutdown_done) {
			ump_bad(loop, x, "a second SHUTDOWNCMD request");
			return;
		}
		x->shutdown_done = 1;
		if (x->p->shutdowncmd == NULL) {
			log_warnx(
			    "privileged parent: shutdown asked for, but no SHUTDOWNCMD is set");
			ump_answer(x, m.type, -1);
			return;
		}
		log_warnx("executing automatic power-fail shutdown: %s", x->p->shutdowncmd);
		ump_answer(x, m.type,
		           um_run_shell("SHUTDOWNCMD", x->p->shutdowncmd, UM_SHUTDOWNCMD_MS));
		return;
	default:
		ump_bad(loop, x, "an unknown request");
		return;
	}
}

static void ump_on_signal(struct ev_loop *loop, int signo, void *arg)
{
	struct ump_ctx *x = arg;

	if (x->p->child > 0)
		(void)kill(x->p->child, signo);
	if (signo == SIGTERM || signo == SIGINT) {
		log_info("privileged parent: signal %d passed on to the child; exiting", signo);
		ev_stop(loop);
	}
}

int ump_parent_run(int fd, const struct ump_parent *p)
{
	struct ump_ctx x = {p, fd, 0, 0};
	struct ev_loop *loop = ev_loop_new(EV_BACKEND_DEFAULT);

	if (loop == NULL) {
		log_warn("privileged parent: cannot create its event loop");
		return 1;
	}
	if (ev_io_add(loop, fd, EV_READ, ump_on_fd, &x) < 0 ||
	    ev_signal_add(loop, SIGHUP, ump_on_signal, &x) < 0 ||
	    ev_signal_add(loop, SIGUSR1, ump_on_signal, &x) < 0 ||
	    ev_signal_add(loop, SIGTERM, ump_on_signal, &x) < 0 ||
	    ev_signal_add(loop, SIGINT, ump_on_signal, &x) < 0) {
		log_warn("privileged parent: cannot set up its loop");
		ev_loop_free(loop);
		return 1;
	}
	if (ev_run(loop) < 0)
		x.rc = 1;
	ev_loop_free(loop);
	return x.rc;
}
