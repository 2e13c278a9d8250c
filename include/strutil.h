/* strutil: bounded string helpers; every one reports truncation instead of
 * cutting silently. */
#ifndef UPS_STRUTIL_H
#define UPS_STRUTIL_H

#include <stddef.h>

#include "log.h"

/* snprintf that returns 0, or -1 when the output did not fit (dst then ""). */
int str_fmt(char *dst, size_t dstlen, const char *fmt, ...) LOG_PRINTF(3, 4);
/* Copies src: 0, or -1 when it did not fit (dst then ""). */
int str_copy(char *dst, size_t dstlen, const char *src);
/* strdup that aborts on allocation failure (start-up paths only). */
char *xstrdup(const char *s);
void *xcalloc(size_t n, size_t size);
void *xreallocarray(void *p, size_t n, size_t size);
/* Does s consist of a decimal number (optionally signed, with one '.')? */
int str_is_number(const char *s);

#endif
