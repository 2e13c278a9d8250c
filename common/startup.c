/* startup: the daemons' shared start-up sequence (see include/startup.h).
 * The rule for the pid file is NUT's: written in the background, and in the
 * foreground only with -FF; a daemon that systemd supervises stays in the
 * foreground and so writes none unless -FF asked for it. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "daemon.h"
#include "log.h"
#include "pidfile.h"
#include "sdnotify.h"
#include "startup.h"

/* Longest STATUS= text handed to systemd; a longer one is cut (it is only
 * what `systemctl status` shows). */
#define STARTUP_STATUS_MAX 256

int startup_init(struct startup *s, char *err, size_t errlen)
{
	s->as_root = geteuid() == 0;
	s->have_id = 0;
	s->have_pidfile = 0;
	if (!s->as_root || s->user == NULL)
		return 0;
	if (priv_lookup(s->user, NULL, &s->id, err, errlen) < 0)
		return -1;
	s->have_id = 1;
	return 0;
}

int startup_detach(struct startup *s)
{
	if (s->background && s->notify && sdn_supervised()) {
		log_info("started by systemd (NOTIFY_SOCKET): staying in the foreground");
		s->background = 0;
	}
	if (s->background) {
		if (daemonize() < 0)
			return -1;
		log_set_dest(LOG_TO_SYSLOG);
	}
	/* Written as root, before the drop: ALTPIDPATH may be root's. */
	if (s->pidpath != NULL && (s->background || s->pidfile_foreground)) {
		if (pidfile_write(s->pidpath) < 0)
			log_warn("cannot write pid file %s", s->pidpath);
		else
			s->have_pidfile = 1;
	}
	return 0;
}

void startup_ready(const struct startup *s, const char *fmt, ...)
{
	char status[STARTUP_STATUS_MAX];
	va_list ap;

	if (!s->notify)
		return;
	va_start(ap, fmt);
	(void)vsnprintf(status, sizeof(status), fmt, ap);
	va_end(ap);
	(void)sdn_notifyf("READY=1\nSTATUS=%s", status);
}

int startup_drop(struct startup *s, char *err, size_t errlen)
{
	if (!s->have_id)
		return 0;
	if (priv_drop(&s->id, s->chroot_dir, err, errlen) < 0)
		return -1;
	log_debug(1, "running as user %s", s->id.name);
	return 0;
}

void startup_finish(struct startup *s)
{
	if (s->have_pidfile)
		pidfile_remove(s->pidpath);
	s->have_pidfile = 0;
}
