/* buf: bounded byte buffer (see include/buf.h).
 *
 * Memory starts small (or at none, buf_init_lazy) and doubles on demand,
 * never past cap + 1 bytes (the extra byte is room for the NUL vsnprintf
 * writes).  Consumed bytes at the front are reclaimed by sliding the rest
 * down, but only when the consumed part is at least as big as the live part
 * (or the memory cannot grow): each byte moved is paid for by a byte already
 * consumed, so a queue written and drained in small pieces costs linear, not
 * quadratic, time. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "buf.h"

/* First allocation; most protocol lines fit in it. */
#define BUF_INITIAL_ALLOC 256

int buf_init(struct buf *b, size_t cap)
{
	size_t first;

	/* cap + 1 must not wrap; no sane caller wants half the address space. */
	if (cap > SIZE_MAX / 2) {
		b->data = NULL;
		b->off = b->len = b->cap = b->alloc = 0;
		errno = EINVAL;
		return -1;
	}
	first = cap + 1 < BUF_INITIAL_ALLOC ? cap + 1 : BUF_INITIAL_ALLOC;
	b->off = 0;
	b->len = 0;
	b->cap = cap;
	b->data = malloc(first);
	b->alloc = b->data != NULL ? first : 0;
	return b->data != NULL ? 0 : -1;
}

void buf_init_lazy(struct buf *b, size_t cap)
{
	b->data = NULL;
	b->off = b->len = b->alloc = 0;
	b->cap = cap > SIZE_MAX / 2 ? SIZE_MAX / 2 : cap;
}

void buf_release(struct buf *b)
{
	if (b->off != b->len)
		return;
	free(b->data);
	b->data = NULL;
	b->off = b->len = b->alloc = 0;
}

void buf_truncate(struct buf *b, size_t used)
{
	if (used < b->len - b->off)
		b->len = b->off + used;
}

void buf_free(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->off = b->len = b->cap = b->alloc = 0;
}

size_t buf_used(const struct buf *b)
{
	return b->len - b->off;
}

const char *buf_head(const struct buf *b)
{
	return b->data != NULL ? b->data + b->off : "";
}

void buf_reset(struct buf *b)
{
	b->off = 0;
	b->len = 0;
}

void buf_consume(struct buf *b, size_t n)
{
	if (n >= b->len - b->off) {
		b->off = 0;
		b->len = 0;
	} else {
		b->off += n;
	}
}

/* Makes room for n more bytes plus a NUL after them.  The caller has already
 * checked n against cap.  0, or -1 (ENOMEM) with b unchanged. */
static int buf_reserve(struct buf *b, size_t n)
{
	size_t used = b->len - b->off;
	size_t want = used + n + 1;     /* after a slide */
	size_t target = b->len + n + 1; /* without one */
	size_t newsz;
	char *p;

	if (target <= b->alloc)
		return 0;
	/* Slide when that is paid for (off >= used) or growing cannot help. */
	if (want <= b->alloc && (b->off >= used || b->alloc > b->cap)) {
		memmove(b->data, b->data + b->off, used);
		b->off = 0;
		b->len = used;
		return 0;
	}
	newsz = b->alloc > 0 ? b->alloc : BUF_INITIAL_ALLOC;
	if (newsz > b->cap + 1)
		newsz = b->cap + 1;
	while (newsz < target && newsz < b->cap + 1)
		newsz = newsz <= (b->cap + 1) / 2 ? newsz * 2 : b->cap + 1;
	/* At the cap and still short: slide too (want <= cap + 1 always). */
	if (newsz < target && b->off > 0) {
		memmove(b->data, b->data + b->off, used);
		b->off = 0;
		b->len = used;
	}
	p = realloc(b->data, newsz);
	if (p == NULL) {
		errno = ENOMEM;
		return -1;
	}
	b->data = p;
	b->alloc = newsz;
	return 0;
}

int buf_append(struct buf *b, const void *p, size_t n)
{
	if (n > b->cap - buf_used(b)) {
		errno = ENOBUFS;
		return -1;
	}
	if (n == 0)
		return 0;
	if (buf_reserve(b, n) < 0)
		return -1;
	memcpy(b->data + b->len, p, n);
	b->len += n;
	return 0;
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	size_t room = b->cap - buf_used(b);
	va_list ap;
	int n;

	/* Measure first: the formatted text either fits whole or is refused. */
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n > room) {
		errno = ENOBUFS;
		return -1;
	}
	if (buf_reserve(b, (size_t)n) < 0)
		return -1;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return 0;
}

ssize_t buf_write_fd(struct buf *b, int fd)
{
	size_t used = buf_used(b);
	ssize_t w;

	if (used == 0)
		return 0;
	for (;;) {
		/* send() with MSG_NOSIGNAL so a vanished peer gives EPIPE instead of
		 * killing the process; plain write() for pipes and ttys. */
		w = send(fd, buf_head(b), used, MSG_NOSIGNAL);
		if (w < 0 && errno == ENOTSOCK)
			w = write(fd, buf_head(b), used);
		if (w >= 0)
			break;
		if (errno != EINTR)
			return -1;
	}
	buf_consume(b, (size_t)w);
	return w;
}
