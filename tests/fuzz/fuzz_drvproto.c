/* fuzz_drvproto: a driver socket stream of arbitrary bytes, read as upsd
 * reads it (proto with comments, then drp_apply into a mirror tree). Then the
 * tree is dumped, the dump is replayed into a second tree, and that tree's
 * dump must be byte-identical: whatever a peer managed to store, our own dump
 * of it must parse back to the same thing. */
#include "config.h"

#include <string.h>

#include "buf.h"
#include "drvproto.h"
#include "fuzz.h"
#include "proto.h"
#include "state.h"

#define FZ_DUMP_CAP (4 * 1024 * 1024)

static void feed_stream(struct st_tree *t, const char *data, size_t len, int strict)
{
	struct proto_tok tok;
	size_t off = 0, used;
	enum proto_result r;
	enum drp_event ev;
	char err[128];

	FUZZ_CHECK(proto_tok_init(&tok, PROTO_F_COMMENTS, PROTO_MAX_LINE, PROTO_MAX_ARGS) == 0);
	while (off < len) {
		r = proto_feed(&tok, data + off, len - off, &used);
		off += used;
		if (r == PROTO_LINE) {
			ev = drp_apply(t, tok.argc, tok.argv, err, sizeof(err));
			FUZZ_CHECK(strlen(err) < sizeof(err));
			if (strict)
				FUZZ_CHECK(ev == DRP_EV_NONE);
		} else if (strict) {
			FUZZ_CHECK(r == PROTO_MORE);
		}
	}
	r = proto_finish(&tok);
	if (r == PROTO_LINE)
		(void)drp_apply(t, tok.argc, tok.argv, err, sizeof(err));
	if (strict)
		FUZZ_CHECK(r == PROTO_MORE);
	proto_tok_free(&tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct st_tree *a, *b;
	struct buf d1, d2;

	if (size > 65536)
		return 0;
	a = st_new();
	b = st_new();
	FUZZ_CHECK(a != NULL && b != NULL);
	feed_stream(a, (const char *)data, size, 0);
	FUZZ_CHECK(buf_init(&d1, FZ_DUMP_CAP) == 0);
	FUZZ_CHECK(buf_init(&d2, FZ_DUMP_CAP) == 0);
	FUZZ_CHECK(drp_dump(a, &d1) == 0);
	feed_stream(b, buf_head(&d1), buf_used(&d1), 1);
	FUZZ_CHECK(st_count(a) == st_count(b));
	FUZZ_CHECK(st_cmd_count(a) == st_cmd_count(b));
	FUZZ_CHECK(drp_dump(b, &d2) == 0);
	FUZZ_CHECK(buf_used(&d1) == buf_used(&d2));
	FUZZ_CHECK(buf_used(&d1) == 0 || memcmp(buf_head(&d1), buf_head(&d2), buf_used(&d1)) == 0);
	buf_free(&d1);
	buf_free(&d2);
	st_free(a);
	st_free(b);
	return 0;
}
