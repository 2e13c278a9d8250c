/* buf: a byte buffer with a hard capacity fixed at creation. Appends that would
 * pass the capacity fail whole (nothing is cut), so a peer can never make it grow. */
#ifndef UPS_BUF_H
#define UPS_BUF_H

#include <stddef.h>
#include <sys/types.h>

#include "log.h"

struct buf {
	char *data; /* owned; data[off .. len) is the unread part */
	size_t off;
	size_t len;
	size_t cap;   /* hard limit on len - off */
	size_t alloc; /* bytes allocated at data (grows lazily, at most cap + 1) */
};

/* Returns 0, or -1 when the allocation fails (or cap is absurd, EINVAL).
 * Memory grows lazily up to cap. */
int buf_init(struct buf *b, size_t cap);
/* The same with no memory until the first append. */
void buf_init_lazy(struct buf *b, size_t cap);
void buf_free(struct buf *b);
/* Gives the memory back when no byte is waiting (cap stays; the next append
 * allocates again); does nothing otherwise. */
void buf_release(struct buf *b);
/* Keeps only the first used waiting bytes (no-op if fewer are waiting). */
void buf_truncate(struct buf *b, size_t used);
size_t buf_used(const struct buf *b);      /* bytes waiting */
const char *buf_head(const struct buf *b); /* first waiting byte */
/* 0, or -1 (errno ENOBUFS) when n more bytes would pass cap: b is then unchanged. */
int buf_append(struct buf *b, const void *p, size_t n);
int buf_printf(struct buf *b, const char *fmt, ...) LOG_PRINTF(2, 3);
void buf_consume(struct buf *b, size_t n); /* drop n waiting bytes */
void buf_reset(struct buf *b);
/* write(2) as much as the fd takes: returns bytes written, 0 when none are
 * waiting, -1 on error (EAGAIN included; errno is kept). */
ssize_t buf_write_fd(struct buf *b, int fd);

#endif
