/* tracking: see tracking.h. The ids come from getrandom(); they only need to
 * be unique and hard to guess (any client with tracking on may read any id,
 * as in NUT), so if the kernel cannot give random bytes the id is made from
 * the clock, the pid and a counter instead, mixed by splitmix64. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "tracking.h"

static uint64_t mix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

static void random_bytes(unsigned char *b, size_t n)
{
	static uint64_t counter;
	struct timespec ts;
	uint64_t x;
	size_t i;

	if (getrandom(b, n, GRND_NONBLOCK) == (ssize_t)n)
		return;
	(void)clock_gettime(CLOCK_REALTIME, &ts);
	x = (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
	x ^= (uint64_t)getpid() << 40;
	for (i = 0; i < n; i++) {
		if (i % 8 == 0)
			x = mix64(x + ++counter);
		b[i] = (unsigned char)(x >> (8 * (i % 8)));
	}
}

void tracking_make_id(char out[TRACKING_ID_LEN + 1])
{
	static const char hex[] = "0123456789ABCDEF";
	unsigned char b[16];
	size_t i, k = 0;

	random_bytes(b, sizeof(b));
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40); /* version 4 */
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80); /* RFC 4122 variant */
	for (i = 0; i < sizeof(b); i++) {
		if (i == 4 || i == 6 || i == 8 || i == 10)
			out[k++] = '-';
		out[k++] = hex[b[i] >> 4];
		out[k++] = hex[b[i] & 15];
	}
	out[k] = '\0';
}

void tracking_free(struct tracking *t)
{
	free(t->ring);
	memset(t, 0, sizeof(*t));
}

static struct tracking_entry *tracking_at(const struct tracking *t, size_t i)
{
	return &t->ring[(t->head + i) % TRACKING_MAX];
}

const char *tracking_new(struct tracking *t, uint64_t now_ms)
{
	struct tracking_entry *e;

	if (t->ring == NULL) {
		t->ring = calloc(TRACKING_MAX, sizeof(*t->ring));
		if (t->ring == NULL)
			return NULL;
	}
	if (t->n == TRACKING_MAX) { /* full: the oldest result goes first */
		t->head = (t->head + 1) % TRACKING_MAX;
		t->n--;
	}
	e = tracking_at(t, t->n++);
	tracking_make_id(e->id);
	e->status = DRP_PENDING;
	e->born_ms = now_ms;
	return e->id;
}

/* Newest first: the entry a driver answers is almost always a recent one. */
static struct tracking_entry *tracking_find(const struct tracking *t, const char *id)
{
	size_t i;

	for (i = t->n; i > 0; i--) {
		struct tracking_entry *e = tracking_at(t, i - 1);

		if (strcmp(e->id, id) == 0)
			return e;
	}
	return NULL;
}

int tracking_done(struct tracking *t, const char *id, int status)
{
	struct tracking_entry *e = tracking_find(t, id);

	if (e == NULL)
		return -1;
	e->status = status;
	return 0;
}

const char *tracking_reply(const struct tracking *t, const char *id)
{
	const struct tracking_entry *e = tracking_find(t, id);

	if (e == NULL)
		return "ERR UNKNOWN";
	switch (e->status) {
	case DRP_PENDING:
		return "PENDING";
	case DRP_HANDLED:
		return "SUCCESS";
	case DRP_INVALID:
		return "ERR INVALID-ARGUMENT";
	case DRP_FAILED:
		return "ERR FAILED";
	default: /* DRP_UNKNOWN, and numbers no driver should send */
		return "ERR UNKNOWN";
	}
}

void tracking_expire(struct tracking *t, uint64_t now_ms, uint64_t keep_ms)
{
	while (t->n > 0 && now_ms - tracking_at(t, 0)->born_ms > keep_ms) {
		t->head = (t->head + 1) % TRACKING_MAX;
		t->n--;
	}
}
