/* paths: where configs, driver sockets and pid files live. Compiled-in
 * defaults from configure, overridden by NUT's environment variables
 * (NUT_CONFPATH, NUT_STATEPATH, NUT_ALTPIDPATH, NUT_PIDPATH, NUT_PORT). */
#ifndef UPS_PATHS_H
#define UPS_PATHS_H

#include <stddef.h>

const char *path_conf(void);    /* NUT_CONFPATH or CONFPATH */
const char *path_state(void);   /* NUT_STATEPATH or STATEPATH */
const char *path_altpid(void);  /* NUT_ALTPIDPATH or ALTPIDPATH */
const char *path_pid(void);     /* NUT_PIDPATH or PIDPATH */
const char *path_drv(void);     /* NUT_DRVPATH or DRVPATH */
unsigned short path_port(void); /* NUT_PORT or PORT */
/* "<dir>/<name>" into out: 0, or -1 when it would not fit. */
int path_join(char *out, size_t outlen, const char *dir, const char *name);
/* "<conf>/<file>". Same contract. */
int path_conf_file(char *out, size_t outlen, const char *file);
/* The one place that names a driver's files, for the driver core, upsd,
 * upsdrvctl and every other program: "<dir>/<driver>-<ups>" (the socket, dir =
 * STATEPATH) and "<dir>/<driver>-<ups>.pid" (dir = ALTPIDPATH). Runs of '/' in
 * dir are written as one and a trailing '/' is dropped, so "/run/nut/",
 * "/run/nut//" and "/run/nut" give the same name (upsd compares them on every
 * reload). 0, or -1 with errno ENAMETOOLONG when it would not fit, EINVAL when
 * driver or ups is empty or holds a '/' (the name would leave dir). */
int path_driver_socket(char *out, size_t outlen, const char *dir, const char *driver,
                       const char *ups);
int path_driver_pidfile(char *out, size_t outlen, const char *dir, const char *driver,
                        const char *ups);

#endif
