/* fuzz_proto: the tokenizer against arbitrary bytes. Invariants checked:
 * - fed in arbitrary fragments, it returns exactly the same results, line
 *   numbers and words as fed in one piece (fragmentation safety);
 * - every line respects the limits (argc <= max_args, argv[argc] == NULL, the
 *   words' bytes fit in max_line) and holds only bytes NUT keeps (0x20-0x7f);
 * - every word survives proto_escape -> quotes -> tokenizer unchanged.
 * Input: byte 0 = flags, byte 1 = fragment size seed, the rest = the stream. */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "proto.h"

#define FZ_MAX_LINE  64
#define FZ_MAX_ARGS  8
#define FZ_MAX_INPUT 8192

struct trace {
	char *data;
	size_t len, cap;
};

static void trace_add(struct trace *tr, const void *p, size_t n)
{
	if (tr->len + n > tr->cap) {
		size_t ncap = (tr->len + n) * 2 + 64;
		char *nd = realloc(tr->data, ncap);

		FUZZ_CHECK(nd != NULL);
		tr->data = nd;
		tr->cap = ncap;
	}
	memcpy(tr->data + tr->len, p, n);
	tr->len += n;
}

static void check_round_trip(const struct proto_tok *t)
{
	struct proto_tok u;
	char line[FZ_MAX_LINE * 4 + FZ_MAX_ARGS * 4 + 8];
	size_t n = 0, used;
	int i, rc;

	for (i = 0; i < t->argc; i++) {
		if (i > 0)
			line[n++] = ' ';
		line[n++] = '"';
		rc = proto_escape(line + n, sizeof(line) - n - 2, t->argv[i]);
		FUZZ_CHECK(rc >= 0);
		n += (size_t)rc;
		line[n++] = '"';
	}
	line[n++] = '\n';
	FUZZ_CHECK(
	    proto_tok_init(&u, PROTO_F_COMMENTS | PROTO_F_EMPTY, sizeof(line), FZ_MAX_ARGS) == 0);
	FUZZ_CHECK(proto_feed(&u, line, n, &used) == PROTO_LINE);
	FUZZ_CHECK(used == n);
	FUZZ_CHECK(u.argc == t->argc);
	for (i = 0; i < t->argc; i++)
		FUZZ_CHECK(strcmp(u.argv[i], t->argv[i]) == 0);
	proto_tok_free(&u);
}

static void record(struct proto_tok *t, enum proto_result r, struct trace *tr)
{
	int i;
	size_t total = 0;

	trace_add(tr, &r, sizeof(r));
	trace_add(tr, &t->lineno, sizeof(t->lineno));
	if (r != PROTO_LINE)
		return;
	FUZZ_CHECK(t->argc >= 0 && t->argc <= FZ_MAX_ARGS);
	FUZZ_CHECK(t->argv[t->argc] == NULL);
	FUZZ_CHECK(t->argc > 0 || (t->flags & PROTO_F_EMPTY));
	for (i = 0; i < t->argc; i++) {
		const unsigned char *p = (const unsigned char *)t->argv[i];
		size_t k, len = strlen(t->argv[i]);

		for (k = 0; k < len; k++)
			FUZZ_CHECK(p[k] >= 0x20 && p[k] <= 0x7f);
		total += len;
		trace_add(tr, t->argv[i], len + 1);
	}
	FUZZ_CHECK(total <= FZ_MAX_LINE);
	check_round_trip(t);
}

/* Feeds data in fragments of sizes drawn from seed (0: all at once). */
static void run(unsigned flags, const char *data, size_t len, unsigned seed, struct trace *tr)
{
	struct proto_tok t;
	size_t off = 0, used;
	enum proto_result r;

	FUZZ_CHECK(proto_tok_init(&t, flags, FZ_MAX_LINE, FZ_MAX_ARGS) == 0);
	while (off < len) {
		size_t n = len - off;

		if (seed != 0) {
			seed = seed * 1103515245u + 12345u;
			n = 1 + (seed >> 16) % 17;
			if (n > len - off)
				n = len - off;
		}
		r = proto_feed(&t, data + off, n, &used);
		FUZZ_CHECK(used <= n);
		FUZZ_CHECK(used == n || r != PROTO_MORE);
		FUZZ_CHECK(used > 0);
		off += used;
		if (r != PROTO_MORE)
			record(&t, r, tr);
	}
	r = proto_finish(&t);
	if (r != PROTO_MORE)
		record(&t, r, tr);
	proto_tok_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace whole = {NULL, 0, 0}, frag = {NULL, 0, 0};
	unsigned flags;

	if (size < 2 || size > FZ_MAX_INPUT)
		return 0;
	flags = data[0] & (PROTO_F_COMMENTS | PROTO_F_EMPTY);
	run(flags, (const char *)data + 2, size - 2, 0, &whole);
	run(flags, (const char *)data + 2, size - 2, data[1] | 1u, &frag);
	FUZZ_CHECK(whole.len == frag.len);
	FUZZ_CHECK(whole.len == 0 || memcmp(whole.data, frag.data, whole.len) == 0);
	free(whole.data);
	free(frag.data);
	return 0;
}
