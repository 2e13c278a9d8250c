/* strutil: bounded string helpers (see include/strutil.h).  Each reports a
 * result that did not fit instead of handing back a cut-off string. */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"

int str_fmt(char *dst, size_t dstlen, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (dstlen == 0)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(dst, dstlen, fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= dstlen) {
		dst[0] = '\0';
		return -1;
	}
	return 0;
}

int str_copy(char *dst, size_t dstlen, const char *src)
{
	size_t n;

	if (dstlen == 0)
		return -1;
	n = strlen(src);
	if (n >= dstlen) {
		dst[0] = '\0';
		return -1;
	}
	memcpy(dst, src, n + 1);
	return 0;
}

char *xstrdup(const char *s)
{
	char *p = strdup(s);

	if (p == NULL)
		fatal("strdup");
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p;

	/* calloc(0, x) may return NULL legitimately; ask for one byte instead so
	 * NULL always means failure. */
	if (n == 0 || size == 0)
		n = size = 1;
	p = calloc(n, size);
	if (p == NULL)
		fatal("calloc %zu x %zu", n, size);
	return p;
}

void *xreallocarray(void *p, size_t n, size_t size)
{
	void *q;

	if (size != 0 && n > SIZE_MAX / size) {
		errno = ENOMEM;
		fatal("reallocarray %zu x %zu", n, size);
	}
	q = realloc(p, n * size == 0 ? 1 : n * size);
	if (q == NULL)
		fatal("reallocarray %zu x %zu", n, size);
	return q;
}

int str_is_number(const char *s)
{
	int digits = 0, dots = 0;

	if (s == NULL)
		return 0;
	if (*s == '+' || *s == '-')
		s++;
	for (; *s != '\0'; s++) {
		if (isdigit((unsigned char)*s))
			digits++;
		else if (*s == '.' && dots == 0)
			dots++;
		else
			return 0;
	}
	return digits > 0;
}
