/* pidfile: write, read and signal through pid files ("<dir>/<name>.pid"),
 * as NUT's -c reload/-c stop and upsdrvctl stop use them. */
#ifndef UPS_PIDFILE_H
#define UPS_PIDFILE_H

#include <stddef.h>
#include <sys/types.h>

/* 0 or -1 (errno). The file holds "<pid>\n", mode 0644. Written through a
 * random temporary name created with O_EXCL, then renamed over path: no
 * symlink at either name is followed. */
int pidfile_write(const char *path);
/* The same safe replacement for any small file: data (len bytes) goes to a
 * random O_EXCL temporary beside path, is synced, given mode and renamed over
 * path. 0 or -1 (errno); path untouched on failure. */
int file_replace(const char *path, const void *data, size_t len, mode_t mode);
/* pid, or -1 (errno ENOENT, ELOOP for a symlink, EINVAL for junk or for
 * anything but a regular file: a FIFO there is refused, not waited on). */
pid_t pidfile_read(const char *path);
void pidfile_remove(const char *path);
/* Reads the pid file and sends sig to that pid, but only if it runs the
 * program prog (proc_runs: anyone able to write the pid file could name any
 * process there): 0, or -1 with errno (ESTALE: pid runs something else) and
 * a message in err. */
int pidfile_signal(const char *path, int sig, const char *prog, char *err, size_t errlen);

#endif
