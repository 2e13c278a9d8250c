/* pidfile: pid files for -c reload/-c stop and upsdrvctl (see include/pidfile.h).
 * Messages from pidfile_signal() use the words NUT prints in the same cases
 * ("fopen <path>: ...", "Ignoring invalid pid number N", "kill: ..."), since
 * scripts and people grep for them. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pidfile.h"
#include "proc.h"
#include "strutil.h"

/* A pid file holds one number and a newline; anything longer is not ours. */
#define PIDFILE_MAX 32

int file_replace(const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[PATH_MAX];
	int fd, e;

	/* Write a temporary file and rename it over the old one, so a reader never
	 * sees an empty or half-written file.  The directory may be one an
	 * unprivileged user can write (ALTPIDPATH = STATEPATH), and this may run as
	 * root: the temporary name is random and created exclusively (mkstemp:
	 * O_CREAT|O_EXCL, so a planted file or symlink is never opened), and
	 * rename() replaces whatever sits at the final name without following it. */
	if (str_fmt(tmp, sizeof(tmp), "%s.tmpXXXXXX", path) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	fd = mkstemp(tmp);
	if (fd < 0)
		return -1;
	if (fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 || fchmod(fd, mode) < 0 ||
	    write(fd, data, len) != (ssize_t)len || fsync(fd) < 0) {
		e = errno != 0 ? errno : EIO;
		close(fd);
		unlink(tmp);
		errno = e;
		return -1;
	}
	if (close(fd) < 0 || rename(tmp, path) < 0) {
		e = errno;
		unlink(tmp);
		errno = e;
		return -1;
	}
	return 0;
}

int pidfile_write(const char *path)
{
	char line[PIDFILE_MAX];
	int n = snprintf(line, sizeof(line), "%ld\n", (long)getpid());

	return file_replace(path, line, (size_t)n, 0644);
}

/* Reads the file into buf (NUL-terminated).  0 or -1 with errno. Only a
 * regular file is read: a FIFO or device someone less privileged put at the
 * name would make the reader wait forever, so it is opened without waiting
 * and refused (EINVAL). */
static int pidfile_load(const char *path, char *buf, size_t len)
{
	struct stat st;
	ssize_t r;
	int fd, e;

	/* A symlink at a pid file's name is someone else's file: not read. */
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		e = errno;
	else
		e = S_ISREG(st.st_mode) ? 0 : EINVAL;
	if (e != 0) {
		close(fd);
		errno = e;
		return -1;
	}
	do
		r = read(fd, buf, len - 1);
	while (r < 0 && errno == EINTR);
	e = errno;
	close(fd);
	if (r < 0) {
		errno = e;
		return -1;
	}
	buf[r] = '\0';
	return 0;
}

/* Strict parse: digits, optional trailing whitespace.  pid or -1. */
static pid_t pidfile_parse(const char *s)
{
	char *end;
	long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || v <= 0 || v > INT_MAX)
		return -1;
	while (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r')
		end++;
	if (*end != '\0')
		return -1;
	return (pid_t)v;
}

pid_t pidfile_read(const char *path)
{
	char buf[PIDFILE_MAX];
	pid_t pid;

	if (pidfile_load(path, buf, sizeof(buf)) < 0)
		return -1;
	pid = pidfile_parse(buf);
	if (pid < 0) {
		errno = EINVAL;
		return -1;
	}
	return pid;
}

void pidfile_remove(const char *path)
{
	/* Nothing to report: a missing file is the state we want. */
	(void)unlink(path);
}

int pidfile_signal(const char *path, int sig, const char *prog, char *err, size_t errlen)
{
	char buf[PIDFILE_MAX];
	pid_t pid;
	int e;

	if (pidfile_load(path, buf, sizeof(buf)) < 0) {
		e = errno;
		if (err != NULL)
			(void)str_fmt(err, errlen, "fopen %s: %s", path,
			              e == EINVAL ? "not a regular file" : strerror(e));
		errno = e;
		return -1;
	}
	pid = pidfile_parse(buf);
	if (pid < 0) {
		/* Same number NUT shows: the leading integer, 0 when there is none. */
		if (err != NULL)
			(void)str_fmt(err, errlen, "Ignoring invalid pid number %ld",
			              strtol(buf, NULL, 10));
		errno = EINVAL;
		return -1;
	}
	if (proc_signal(pid, sig, prog) < 0) {
		e = errno;
		if (err != NULL && e == ESTALE)
			(void)str_fmt(
			    err, errlen,
			    "%s names pid %ld, which is not %s: not signalled (stale pid file?)",
			    path, (long)pid, prog);
		else if (err != NULL)
			(void)str_fmt(err, errlen, "kill: %s", strerror(e));
		errno = e;
		return -1;
	}
	return 0;
}
