/* fuzz_logfmt: upslog's format compiler and renderer on arbitrary formats.
 * Checks: a format within LF_FORMAT_MAX always compiles; every segment is
 * well formed; rendering never fails with room for the worst case, and the
 * line holds no byte the format and the values did not bring (no '\0',
 * which would cut the line when it is written). */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "logfmt.h"

static const char *fuzz_var(const char *name, void *arg)
{
	(void)arg;
	return strlen(name) % 2 ? "value" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct lf_ctx ctx = {
	    .now = 1700000000, .host = "h", .upshost = "u@h", .pid = 1, .var = fuzz_var};
	struct lf_format f;
	struct buf b;
	char *fmt;
	size_t i;

	if (size > LF_FORMAT_MAX)
		return 0;
	fmt = malloc(size + 1);
	FUZZ_CHECK(fmt != NULL);
	memcpy(fmt, data, size);
	fmt[size] = '\0';
	FUZZ_CHECK(lf_compile(fmt, &f) == 0);
	for (i = 0; i < f.n; i++) {
		const struct lf_seg *s = &f.seg[i];

		FUZZ_CHECK(s->kind >= LF_TEXT && s->kind <= LF_INVALID);
		FUZZ_CHECK((s->arg != NULL) ==
		           (s->kind == LF_TEXT || s->kind == LF_VAR || s->kind == LF_TIME));
		if (s->kind == LF_TEXT)
			FUZZ_CHECK(s->arg[0] != '\0');
	}
	/* Worst case per segment: a 512-byte time or a 32-byte number. */
	FUZZ_CHECK(buf_init(&b, (f.n + 1) * 512 + size) == 0);
	FUZZ_CHECK(lf_render(&f, &ctx, &b) == 0);
	FUZZ_CHECK(memchr(buf_head(&b), '\0', buf_used(&b)) == NULL);
	buf_free(&b);
	lf_free(&f);
	free(fmt);
	return 0;
}
