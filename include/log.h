/* log: the one place messages leave a program. Writes to stderr (foreground or
 * debug) or syslog, with a debug level that -D raises and NUT_DEBUG_LEVEL seeds.
 * The module keeps its settings in file-static state: logging is process-wide. */
#ifndef UPS_LOG_H
#define UPS_LOG_H

#include <stdarg.h>

#define LOG_PRINTF(f, a) __attribute__((format(printf, f, a)))

enum log_dest {
	LOG_TO_STDERR = 1,
	LOG_TO_SYSLOG = 2,
};

/* progname is kept by pointer (pass argv[0]'s basename or a literal).
 * dest is a mask of enum log_dest. */
void log_init(const char *progname, int dest, int debug_level);
void log_set_dest(int dest);
void log_set_debug(int level);
int log_get_debug(void);
/* Should a program print its start-up banner? NUT_QUIET_INIT_BANNER set
 * means no, unless it says "false", "no" or "0". */
int log_banner_wanted(void);

void log_warn(const char *fmt, ...) LOG_PRINTF(1, 2); /* appends ": strerror(errno)" */
void log_warnx(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_info(const char *fmt, ...) LOG_PRINTF(1, 2);
void log_debug(int level, const char *fmt, ...) LOG_PRINTF(2, 3); /* shown when level <= debug */
/* fatal: start-up failures and broken invariants only; exits with status 1. */
void fatal(const char *fmt, ...) LOG_PRINTF(1, 2) __attribute__((noreturn)); /* + strerror */
void fatalx(const char *fmt, ...) LOG_PRINTF(1, 2) __attribute__((noreturn));

#endif
