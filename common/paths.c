/* paths: compiled-in locations and their NUT environment overrides (see
 * include/paths.h).  The environment is read on every call, so a test or a
 * wrapper that sets a variable before starting the work sees it honoured. */
#include "config.h"

#include <errno.h>
#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>

#include "log.h"
#include "paths.h"
#include "strutil.h"

/* CONFPATH and DRVPATH come from the Makefiles (UPS_CPPFLAGS) because they
 * contain ${prefix}; the fallbacks only keep an odd build compiling. */
#ifndef CONFPATH
#define CONFPATH "/etc/nut"
#endif
#ifndef DRVPATH
#define DRVPATH "/lib/nut"
#endif
#ifndef STATEPATH
#define STATEPATH "/var/state/ups"
#endif
#ifndef ALTPIDPATH
#define ALTPIDPATH STATEPATH
#endif
#ifndef PIDPATH
#define PIDPATH "/var/run"
#endif
#ifndef PORT
#define PORT 3493
#endif

/* Longest directory path_driver_socket() and path_driver_pidfile() take. */
#define PATH_DIR_MAX 4096

/* An empty variable counts as unset: "NUT_CONFPATH= upsd" must not mean "/". */
static const char *path_env(const char *name, const char *fallback)
{
	const char *v = getenv(name);

	return v != NULL && *v != '\0' ? v : fallback;
}

const char *path_conf(void)
{
	return path_env("NUT_CONFPATH", CONFPATH);
}

const char *path_state(void)
{
	return path_env("NUT_STATEPATH", STATEPATH);
}

const char *path_altpid(void)
{
	return path_env("NUT_ALTPIDPATH", ALTPIDPATH);
}

const char *path_pid(void)
{
	return path_env("NUT_PIDPATH", PIDPATH);
}

const char *path_drv(void)
{
	return path_env("NUT_DRVPATH", DRVPATH);
}

unsigned short path_port(void)
{
	const char *v = getenv("NUT_PORT");
	struct servent *se;
	char *end;
	long n;

	if (v == NULL || *v == '\0')
		return PORT;
	errno = 0;
	n = strtol(v, &end, 10);
	if (errno == 0 && *end == '\0' && n > 0 && n <= 65535)
		return (unsigned short)n;
	/* A service name ("nut") is what getaddrinfo would accept too. */
	se = getservbyname(v, "tcp");
	if (se != NULL)
		return ntohs((unsigned short)se->s_port);
	log_warnx("NUT_PORT: invalid port '%s', using %d", v, PORT);
	return PORT;
}

int path_join(char *out, size_t outlen, const char *dir, const char *name)
{
	size_t dl = strlen(dir);
	const char *sep = (dl > 0 && dir[dl - 1] == '/') ? "" : "/";

	return str_fmt(out, outlen, "%s%s%s", dir, sep, name);
}

int path_conf_file(char *out, size_t outlen, const char *file)
{
	return path_join(out, outlen, path_conf(), file);
}

/* "<dir>/<driver>-<ups><suffix>" with dir's slashes normalised (see paths.h). */
static int path_driver_file(char *out, size_t outlen, const char *dir, const char *driver,
                            const char *ups, const char *suffix)
{
	char norm[PATH_DIR_MAX];
	size_t i, n = 0;

	if (driver == NULL || ups == NULL || *driver == '\0' || *ups == '\0' ||
	    strchr(driver, '/') != NULL || strchr(ups, '/') != NULL) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; dir[i] != '\0'; i++) {
		if (dir[i] == '/' && n > 0 && norm[n - 1] == '/')
			continue;
		if (n + 1 >= sizeof(norm)) {
			errno = ENAMETOOLONG;
			return -1;
		}
		norm[n++] = dir[i];
	}
	/* "/" stays "/"; "dir/" loses its slash, which the format below adds. */
	if (n > 1 && norm[n - 1] == '/')
		n--;
	norm[n] = '\0';
	if (str_fmt(out, outlen, "%s%s%s-%s%s", norm, (n == 1 && norm[0] == '/') ? "" : "/", driver,
	            ups, suffix) < 0) {
		errno = ENAMETOOLONG;
		return -1;
	}
	return 0;
}

int path_driver_socket(char *out, size_t outlen, const char *dir, const char *driver,
                       const char *ups)
{
	return path_driver_file(out, outlen, dir, driver, ups, "");
}

int path_driver_pidfile(char *out, size_t outlen, const char *dir, const char *driver,
                        const char *ups)
{
	return path_driver_file(out, outlen, dir, driver, ups, ".pid");
}
