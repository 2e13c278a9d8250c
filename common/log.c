/* log: message output for every program (see include/log.h).
 *
 * Format on stderr follows what NUT daemons print in the foreground: the bare
 * message, no program name.  Once debugging is on (-D or NUT_DEBUG_LEVEL) each
 * line carries the seconds since log_init() so timing problems can be read off
 * the output, and debug lines are tagged "[D<level>]".  Syslog gets the same
 * text under the program name with the pid, facility LOG_DAEMON. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <syslog.h>
#include <time.h>

#include "log.h"

/* Longest message formatted in one piece; longer ones are marked, not cut silently. */
#define LOG_MAX_MSG 2048
/* Highest level NUT_DEBUG_LEVEL may ask for (NUT's -D is usable up to about 6). */
#define LOG_MAX_DEBUG 99

/* Process-wide by design (log.h): one program, one log. */
static const char *log_progname = "upsilon";
static int log_dest = LOG_TO_STDERR;
static int log_debug_level;
static int log_syslog_open;
static struct timespec log_start;

static void log_close_syslog(void)
{
	if (log_syslog_open) {
		closelog();
		log_syslog_open = 0;
	}
}

static void log_open_syslog(void)
{
	if (!log_syslog_open) {
		openlog(log_progname, LOG_PID | LOG_NDELAY, LOG_DAEMON);
		log_syslog_open = 1;
	}
}

/* Parses NUT_DEBUG_LEVEL: a plain non-negative number, else ignored. */
static int log_env_debug(int fallback)
{
	const char *s = getenv("NUT_DEBUG_LEVEL");
	char *end;
	long v;

	if (s == NULL || *s == '\0')
		return fallback;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < 0)
		return fallback;
	return v > LOG_MAX_DEBUG ? LOG_MAX_DEBUG : (int)v;
}

void log_init(const char *progname, int dest, int debug_level)
{
	if (progname != NULL && *progname != '\0')
		log_progname = progname;
	clock_gettime(CLOCK_MONOTONIC, &log_start);
	/* The environment only seeds the level; an explicit -D count wins when higher. */
	log_debug_level = log_env_debug(0);
	if (debug_level > log_debug_level)
		log_debug_level = debug_level;
	log_close_syslog();
	log_set_dest(dest);
}

void log_set_dest(int dest)
{
	log_dest = dest & (LOG_TO_STDERR | LOG_TO_SYSLOG);
	if (log_dest & LOG_TO_SYSLOG)
		log_open_syslog();
	else
		log_close_syslog();
}

int log_banner_wanted(void)
{
	const char *q = getenv("NUT_QUIET_INIT_BANNER");

	return q == NULL || strcasecmp(q, "false") == 0 || strcmp(q, "0") == 0 ||
	       strcasecmp(q, "no") == 0;
}

void log_set_debug(int level)
{
	log_debug_level = level < 0 ? 0 : level;
}

int log_get_debug(void)
{
	return log_debug_level;
}

/* Formats and emits one message.  prefix goes before the text (may be ""),
 * errnum > 0 appends ": strerror(errnum)".  errno is preserved for the caller. */
static void log_emit(int prio, const char *prefix, int errnum, const char *fmt, va_list ap)
{
	char msg[LOG_MAX_MSG];
	const char *more = "";
	int saved = errno;
	int n;

	n = vsnprintf(msg, sizeof(msg), fmt, ap);
	if (n < 0)
		snprintf(msg, sizeof(msg), "(unformattable message)");
	else if ((size_t)n >= sizeof(msg))
		more = "... [message too long]";

	if (log_dest & LOG_TO_STDERR) {
		if (log_debug_level > 0) {
			struct timespec now;
			long sec, usec;

			clock_gettime(CLOCK_MONOTONIC, &now);
			sec = (long)(now.tv_sec - log_start.tv_sec);
			usec = (now.tv_nsec - log_start.tv_nsec) / 1000;
			if (usec < 0) {
				sec--;
				usec += 1000000;
			}
			fprintf(stderr, "%4ld.%06ld\t", sec, usec);
		}
		if (errnum > 0)
			fprintf(stderr, "%s%s%s: %s\n", prefix, msg, more, strerror(errnum));
		else
			fprintf(stderr, "%s%s%s\n", prefix, msg, more);
		fflush(stderr);
	}
	if (log_dest & LOG_TO_SYSLOG) {
		if (errnum > 0)
			syslog(prio, "%s%s%s: %s", prefix, msg, more, strerror(errnum));
		else
			syslog(prio, "%s%s%s", prefix, msg, more);
	}
	errno = saved;
}

void log_warn(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, "", e > 0 ? e : 0, fmt, ap);
	va_end(ap);
}

void log_warnx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_WARNING, "", 0, fmt, ap);
	va_end(ap);
}

void log_info(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_INFO, "", 0, fmt, ap);
	va_end(ap);
}

void log_debug(int level, const char *fmt, ...)
{
	char tag[16];
	va_list ap;

	if (level > log_debug_level)
		return;
	snprintf(tag, sizeof(tag), "[D%d] ", level);
	va_start(ap, fmt);
	log_emit(LOG_DEBUG, tag, 0, fmt, ap);
	va_end(ap);
}

void fatal(const char *fmt, ...)
{
	va_list ap;
	int e = errno;

	va_start(ap, fmt);
	log_emit(LOG_ERR, "Fatal error: ", e > 0 ? e : 0, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}

void fatalx(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	log_emit(LOG_ERR, "Fatal error: ", 0, fmt, ap);
	va_end(ap);
	exit(EXIT_FAILURE);
}
