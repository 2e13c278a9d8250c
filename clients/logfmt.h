/* logfmt: upslog's line format, compiled once and rendered every interval.
 * NUT's escapes (keywords case-insensitive):
 *   %%              a '%'
 *   %VAR <name>%    the UPS variable, "NA" when it cannot be read
 *   %TIME <fmt>%    local time through strftime(), '@' standing for '%'
 *   %ETIME%         seconds since the epoch
 *   %HOST%          this machine's host name
 *   %UPSHOST%       the UPS as given to -s (ups@host[:port])
 *   %PID%           upslog's pid
 * Anything else between two '%' prints "INVALID"; a '%' with no closing one
 * prints "INVALID" followed by the rest of the text (both as NUT 2.8.0). */
#ifndef UPS_LOGFMT_H
#define UPS_LOGFMT_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

#define LF_FORMAT_MAX 4096       /* bytes of a format string */
#define LF_LINE_MAX   (1u << 20) /* bytes of one rendered line */
#define LF_DEFAULT_FORMAT                                                                          \
	"%TIME @Y@m@d @H@M@S% %VAR battery.charge% %VAR input.voltage% %VAR ups.load% "            \
	"[%VAR ups.status%] %VAR ups.temperature% %VAR input.frequency%"

enum lf_kind { LF_TEXT, LF_VAR, LF_TIME, LF_ETIME, LF_HOST, LF_UPSHOST, LF_PID, LF_INVALID };

struct lf_seg {
	enum lf_kind kind;
	char *arg; /* LF_TEXT: the text; LF_VAR: the name; LF_TIME: the strftime format */
};

struct lf_format {
	struct lf_seg *seg;
	size_t n;
};

/* What a rendering needs besides the format. var() returns a variable's
 * value, or NULL for "NA". */
struct lf_ctx {
	time_t now;
	const char *host, *upshost;
	long pid;
	const char *(*var)(const char *name, void *arg);
	void *arg;
};

/* 0, or -1 (errno: E2BIG for a format over LF_FORMAT_MAX, ENOMEM). */
int lf_compile(const char *fmt, struct lf_format *out);
void lf_free(struct lf_format *f);
/* Appends one line (without "\n") to out. 0, or -1 when out is full. */
int lf_render(const struct lf_format *f, const struct lf_ctx *ctx, struct buf *out);

#endif
