/* startup: the start-up sequence every daemon shares (upsd, the drivers,
 * upslog and the coming upsmon), written once: the run-time user looked up
 * while still root, going to the background (or staying when systemd
 * supervises), the pid file, readiness for systemd, chroot and the drop.
 * A program fills a struct startup with what it wants and calls, in order:
 * startup_init, (its own root-only set-up), startup_detach, startup_ready,
 * startup_drop, (its loop), startup_finish.
 * Lives in libsdnotify.la with sdnotify (daemons only), not in libcommon. */
#ifndef UPS_STARTUP_H
#define UPS_STARTUP_H

#include <stddef.h>

#include "log.h"
#include "privsep.h"

struct startup {
	/* What the program wants; set before startup_init(). */
	const char *user;       /* run as this user when started as root; NULL: no drop */
	const char *chroot_dir; /* chroot at the drop; NULL or "": none */
	const char *pidpath;    /* pid file; NULL: none */
	int background;         /* fork to the background (-B, or no -F/-D) */
	int pidfile_foreground; /* write pidpath in the foreground too (-FF) */
	int notify;             /* systemd readiness: stays in the foreground when
	                         * supervised, startup_ready() says READY=1 */
	/* Filled in by the calls. */
	int as_root;       /* started with euid 0 */
	struct priv_id id; /* the run-time user, when as_root and user are set */
	int have_id;
	int have_pidfile; /* written: startup_finish() removes it */
};

/* Looks the run-time user (and its groups) up when started as root, while
 * the user database is still in sight. 0, or -1 with err filled. */
int startup_init(struct startup *s, char *err, size_t errlen);
/* Goes to the background when asked (not when systemd supervises and notify
 * is set: logged), switching the log to syslog, then writes the pid file
 * (a failure is logged, not fatal). 0, or -1 (errno) when fork failed. */
int startup_detach(struct startup *s);
/* READY=1 and STATUS=<status, printf format> to systemd when notify is set.
 * Before startup_drop(): its chroot would hide systemd's socket. */
void startup_ready(const struct startup *s, const char *fmt, ...) LOG_PRINTF(2, 3);
/* chroot and drop to the run-time user for good (a no-op when not root or
 * no user). 0, or -1 with err filled: the caller must not go on. */
int startup_drop(struct startup *s, char *err, size_t errlen);
/* Removes the pid file if startup_detach() wrote one. */
void startup_finish(struct startup *s);

#endif
