/* Unit tests for common/proto: the word rules measured on NUT 2.8.0's upsd
 * (see the header comment of proto.c), fragmentation safety, hard limits
 * (errors, never cut values), line numbers, and the escape -> tokenize round
 * trip. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "proto.h"

#define MAXW 40

/* The first complete line of in, words joined by '|' into out; the result
 * of the call that ended it is returned. */
static enum proto_result first_line(unsigned flags, const char *in, size_t len, char *out,
                                    size_t outlen)
{
	struct proto_tok t;
	enum proto_result r = PROTO_MORE;
	size_t used = 0, off = 0;
	int i;

	assert_int_equal(proto_tok_init(&t, flags, PROTO_MAX_LINE, PROTO_MAX_ARGS), 0);
	out[0] = '\0';
	while (off < len) {
		r = proto_feed(&t, in + off, len - off, &used);
		off += used;
		if (r != PROTO_MORE)
			break;
	}
	if (r == PROTO_MORE)
		r = proto_finish(&t);
	if (r == PROTO_LINE) {
		for (i = 0; i < t.argc; i++) {
			if (i > 0)
				strncat(out, "|", outlen - strlen(out) - 1);
			strncat(out, t.argv[i], outlen - strlen(out) - 1);
		}
		assert_null(t.argv[t.argc]);
	}
	proto_tok_free(&t);
	return r;
}

struct wcase {
	const char *in;
	size_t len; /* 0: strlen */
	const char *words;
};

static void run_cases(unsigned flags, const struct wcase *c, size_t n)
{
	char out[4096];
	size_t i;

	for (i = 0; i < n; i++) {
		size_t len = c[i].len ? c[i].len : strlen(c[i].in);
		enum proto_result r = first_line(flags, c[i].in, len, out, sizeof(out));

		if (r != PROTO_LINE || strcmp(out, c[i].words) != 0)
			fail_msg("case %zu: input '%s': got %d '%s', want '%s'", i, c[i].in, (int)r,
			         out, c[i].words);
	}
}

/* Each row is a fact observed on NUT 2.8.0's upsd. */
static void test_nut_word_rules(void **state)
{
	static const struct wcase cases[] = {
	    {"GET VAR ups x\n", 0, "GET|VAR|ups|x"},
	    {"\"hello world\"\n", 0, "hello world"},
	    {"\"a\\\"b\"\n", 0, "a\"b"},
	    {"\"a\\\\b\"\n", 0, "a\\b"},
	    {"a\\\"b\n", 0, "a\"b"},
	    {"\"a\\nb\"\n", 0, "anb"},               /* no C escapes */
	    {"a\\ b c\n", 0, "a b|c"},               /* escaped space joins */
	    {"ab\"cd ef\"gh\n", 0, "ab\"cd|ef\"gh"}, /* mid-word quote is literal */
	    {"\"\"\n", 0, ""},
	    {"x \"\" y\n", 0, "x||y"},
	    {"\"abc\"def\n", 0, "abc|def"}, /* closing quote ends the word */
	    {"\"abc\"\"def\"\n", 0, "abc|def"},
	    {"a=b\n", 0, "a|=|b"},
	    {"=y\n", 0, "=|y"},
	    {"a = b\n", 0, "a|=|b"},
	    {"\"a=b\"\n", 0, "a=b"},
	    {"a\\=b\n", 0, "a=b"},
	    {"\"a\"=b\n", 0, "a|=|b"},
	    {"==\n", 0, "=|="},
	    {"a\tb\rc\vd\fe\n", 0, "a|b|c|d|e"},
	    {"\"a\tb\"\n", 0, "ab"}, /* control bytes dropped in quotes */
	    {"\"a\rb\"\n", 0, "ab"},
	    {"x\x80\xffy\n", 0, "xy"}, /* high bytes dropped */
	    {"\"x\x80\xe9y\"\n", 0, "xy"},
	    {"\x01\x02 X\n", 0, "|X"}, /* a dropped byte still opens a word */
	    {"\x01X\n", 0, "X"},
	    {"x\x7fy\n", 0, "x\x7fy"}, /* DEL is kept */
	    {"a\0b\n", 4, "ab"},       /* NUL dropped */
	    {"\\x\n", 0, "x"},
	    {"\"\\a\\b\"\n", 0, "ab"},
	    {"\\\x01"
	     "b\n",
	     0, "b"},                  /* escaped control byte dropped too */
	    {"'a b'\n", 0, "'a|b'"},   /* single quotes are plain */
	    {"a\\\nb\n", 0, "ab"},     /* backslash-newline continues */
	    {"x \\\n y\n", 0, "x||y"}, /* ... and opens a word when alone */
	    {"\"a\nb\"\n", 0, "ab"},   /* newline inside quotes continues */
	    {"a #b\n", 0, "a|#b"},     /* no comments without the flag */
	    {"a\r\n", 0, "a"},         /* CRLF */
	    {"  lead  trail  \n", 0, "lead|trail"},
	    {"last", 0, "last"}, /* proto_finish returns the last line */
	    {"\\\\\"x\n", 0, "\\\"x"},
	};

	run_cases(0, cases, sizeof(cases) / sizeof(cases[0]));
}

static void test_nut_comment_rules(void **state)
{
	static const struct wcase cases[] = {
	    {"a#b\n", 0, "a"}, /* '#' mid-word starts a comment */
	    {"x #c d e\n", 0, "x"},
	    {"\"x\"#c\n", 0, "x"},
	    {"a\\#b\n", 0, "a#b"},
	    {"\\#b\n", 0, "#b"},
	    {"x #c\\\ny\n", 0, "x"},       /* no continuation in a comment */
	    {"# only\nnext\n", 0, "next"}, /* comment-only lines are skipped */
	    {"\"a=b\" # = c\n", 0, "a=b"},
	};
	char out[256];

	run_cases(PROTO_F_COMMENTS, cases, sizeof(cases) / sizeof(cases[0]));
	/* '#' inside quotes: NUT throws the rest away; we report an error. */
	assert_int_equal(first_line(PROTO_F_COMMENTS, "\"a#b\"\n", 6, out, sizeof(out)),
	                 PROTO_ERR_BAD_BYTE);
	/* Without comments it is just a byte. */
	assert_int_equal(first_line(0, "\"a#b\"\n", 6, out, sizeof(out)), PROTO_LINE);
	assert_string_equal(out, "a#b");
}

/* Feeding byte by byte must give exactly what one feed gives. */
static void test_fragmentation(void **state)
{
	static const char in[] =
	    "SET VAR ups \"a \\\"b\\\\\" x=y\n\n# c\nGET \"q\nr\" z\\\nw\nlast";
	struct proto_tok a, b;
	char la[8][256], lb[8][256];
	int na = 0, nb = 0, i;
	size_t off, used;
	enum proto_result r;

	assert_int_equal(proto_tok_init(&a, PROTO_F_COMMENTS, 128, 16), 0);
	assert_int_equal(proto_tok_init(&b, PROTO_F_COMMENTS, 128, 16), 0);
	for (off = 0; off < sizeof(in) - 1; off += used) {
		r = proto_feed(&a, in + off, sizeof(in) - 1 - off, &used);
		assert_true(used > 0);
		if (r == PROTO_LINE) {
			la[na][0] = '\0';
			for (i = 0; i < a.argc; i++)
				snprintf(la[na] + strlen(la[na]), 256 - strlen(la[na]), "%s|",
				         a.argv[i]);
			na++;
		}
	}
	if (proto_finish(&a) == PROTO_LINE) {
		la[na][0] = '\0';
		for (i = 0; i < a.argc; i++)
			snprintf(la[na] + strlen(la[na]), 256 - strlen(la[na]), "%s|", a.argv[i]);
		na++;
	}
	for (off = 0; off < sizeof(in) - 1; off++) {
		r = proto_feed(&b, in + off, 1, &used);
		assert_int_equal(used, 1);
		if (r == PROTO_LINE) {
			lb[nb][0] = '\0';
			for (i = 0; i < b.argc; i++)
				snprintf(lb[nb] + strlen(lb[nb]), 256 - strlen(lb[nb]), "%s|",
				         b.argv[i]);
			nb++;
		}
	}
	if (proto_finish(&b) == PROTO_LINE) {
		lb[nb][0] = '\0';
		for (i = 0; i < b.argc; i++)
			snprintf(lb[nb] + strlen(lb[nb]), 256 - strlen(lb[nb]), "%s|", b.argv[i]);
		nb++;
	}
	assert_int_equal(na, 3);
	assert_int_equal(nb, na);
	for (i = 0; i < na; i++)
		assert_string_equal(la[i], lb[i]);
	assert_string_equal(la[0], "SET|VAR|ups|a \"b\\|x|=|y|");
	assert_string_equal(la[1], "GET|qr|zw|");
	assert_string_equal(la[2], "last|");
	proto_tok_free(&a);
	proto_tok_free(&b);
}

/* Feeds all of in; records results and line numbers. */
static char first_words[8][64]; /* argv[0] of each result, "" for errors */

static void note(struct proto_tok *t, enum proto_result r, enum proto_result *res, int *lines,
                 int n)
{
	res[n] = r;
	lines[n] = t->lineno;
	snprintf(first_words[n], sizeof(first_words[n]), "%s",
	         r == PROTO_LINE && t->argc > 0 ? t->argv[0] : "");
}

static int collect(struct proto_tok *t, const char *in, size_t len, enum proto_result *res,
                   int *lines, int max)
{
	size_t off = 0, used;
	int n = 0;
	enum proto_result r;

	while (off < len && n < max) {
		r = proto_feed(t, in + off, len - off, &used);
		off += used;
		if (r != PROTO_MORE)
			note(t, r, res, lines, n++);
	}
	if (n < max && (r = proto_finish(t)) != PROTO_MORE)
		note(t, r, res, lines, n++);
	return n;
}

static void test_too_long_is_error_not_cut(void **state)
{
	struct proto_tok t;
	char in[200];
	enum proto_result res[8];
	int lines[8], n;

	assert_int_equal(proto_tok_init(&t, 0, 16, 4), 0);
	/* exactly 16 bytes fit */
	n = collect(&t, "0123456789abcdef\n", 17, res, lines, 8);
	assert_int_equal(n, 1);
	assert_int_equal(res[0], PROTO_LINE);
	assert_string_equal(first_words[0], "0123456789abcdef");
	proto_tok_reset(&t);
	/* 17 bytes: error, then the next line is fine */
	snprintf(in, sizeof(in), "0123456789abcdefg tail tail tail\nok\n");
	n = collect(&t, in, strlen(in), res, lines, 8);
	assert_int_equal(n, 2);
	assert_int_equal(res[0], PROTO_ERR_TOO_LONG);
	assert_int_equal(lines[0], 1);
	assert_int_equal(res[1], PROTO_LINE);
	assert_int_equal(lines[1], 2);
	assert_string_equal(first_words[1], "ok");
	proto_tok_free(&t);
}

static void test_too_many_words(void **state)
{
	struct proto_tok t;
	enum proto_result res[8];
	int lines[8], n;
	const char *in = "a b c d\na b c d e\na = b\nx\n";

	assert_int_equal(proto_tok_init(&t, 0, 64, 4), 0);
	n = collect(&t, in, strlen(in), res, lines, 8);
	assert_int_equal(n, 4);
	assert_int_equal(res[0], PROTO_LINE);
	assert_int_equal(res[1], PROTO_ERR_TOO_MANY);
	assert_int_equal(lines[1], 2);
	assert_int_equal(res[2], PROTO_LINE); /* "a = b" is 3 words: fits */
	assert_int_equal(lines[2], 3);
	assert_string_equal(first_words[3], "x");
	proto_tok_reset(&t);
	/* '=' words count too: a=b=c=d is 7 words */
	n = collect(&t, "a=b=c=d\nz\n", 10, res, lines, 8);
	assert_int_equal(n, 2);
	assert_int_equal(res[0], PROTO_ERR_TOO_MANY);
	assert_int_equal(res[1], PROTO_LINE);
	assert_string_equal(first_words[1], "z");
	proto_tok_free(&t);
}

static void test_error_split_over_feeds(void **state)
{
	struct proto_tok t;
	size_t used;
	char big[100];

	memset(big, 'x', sizeof(big));
	assert_int_equal(proto_tok_init(&t, 0, 10, 4), 0);
	/* the error comes as soon as the limit is passed */
	assert_int_equal(proto_feed(&t, big, sizeof(big), &used), PROTO_ERR_TOO_LONG);
	assert_int_equal(used, 11);
	/* the rest of the line is skipped over later feeds */
	assert_int_equal(proto_feed(&t, big, sizeof(big), &used), PROTO_MORE);
	assert_int_equal(used, sizeof(big));
	assert_int_equal(proto_feed(&t, "yy\nok\n", 6, &used), PROTO_LINE);
	assert_int_equal(used, 6);
	assert_string_equal(t.argv[0], "ok");
	assert_int_equal(t.lineno, 2);
	proto_tok_free(&t);
}

static void test_line_numbers(void **state)
{
	struct proto_tok t;
	enum proto_result res[8];
	int lines[8], n;
	const char *in = "\n# c\none\ntwo \\\n cont\n\"three\nq\"\nfour\n";

	assert_int_equal(proto_tok_init(&t, PROTO_F_COMMENTS, 64, 8), 0);
	n = collect(&t, in, strlen(in), res, lines, 8);
	assert_int_equal(n, 4);
	assert_int_equal(lines[0], 3);
	assert_int_equal(lines[1], 4); /* a continued line keeps its first number */
	assert_int_equal(lines[2], 6);
	assert_int_equal(lines[3], 8);
	proto_tok_free(&t);
}

static void test_empty_lines_flag(void **state)
{
	struct proto_tok t;
	enum proto_result res[8];
	int lines[8], n;

	/* upsd answers ERR UNKNOWN-COMMAND to "", "   " and "#foo" lines */
	assert_int_equal(proto_tok_init(&t, PROTO_F_COMMENTS | PROTO_F_EMPTY, 64, 8), 0);
	n = collect(&t, "\n   \n#foo\nx\n", 12, res, lines, 8);
	assert_int_equal(n, 4);
	assert_int_equal(res[0], PROTO_LINE);
	assert_int_equal(res[2], PROTO_LINE);
	assert_int_equal(lines[2], 3);
	assert_string_equal(first_words[2], "");
	assert_string_equal(first_words[3], "x");
	proto_tok_free(&t);
	assert_int_equal(proto_tok_init(&t, PROTO_F_COMMENTS, 64, 8), 0);
	n = collect(&t, "\n   \n#foo\nx\n", 12, res, lines, 8);
	assert_int_equal(n, 1);
	assert_int_equal(lines[0], 4);
	proto_tok_free(&t);
}

static void test_finish(void **state)
{
	struct proto_tok t;
	size_t used;

	assert_int_equal(proto_tok_init(&t, 0, 64, 8), 0);
	assert_int_equal(proto_feed(&t, "a \"open", 7, &used), PROTO_MORE);
	assert_int_equal(proto_finish(&t), PROTO_ERR_BAD_BYTE);
	assert_int_equal(proto_feed(&t, "a b\\", 4, &used), PROTO_MORE);
	assert_int_equal(proto_finish(&t), PROTO_ERR_BAD_BYTE);
	assert_int_equal(proto_finish(&t), PROTO_MORE);
	assert_int_equal(proto_feed(&t, "   ", 3, &used), PROTO_MORE);
	assert_int_equal(proto_finish(&t), PROTO_MORE);
	assert_int_equal(proto_feed(&t, "x y", 3, &used), PROTO_MORE);
	assert_int_equal(proto_finish(&t), PROTO_LINE);
	assert_int_equal(t.argc, 2);
	assert_string_equal(t.argv[1], "y");
	proto_tok_free(&t);
}

static void test_init_bounds(void **state)
{
	struct proto_tok t;

	assert_int_equal(proto_tok_init(&t, 0, 0, 4), -1);
	assert_int_equal(proto_tok_init(&t, 0, 4, 0), -1);
	assert_non_null(proto_strerror(PROTO_ERR_TOO_LONG));
	assert_string_not_equal(proto_strerror(PROTO_ERR_TOO_LONG),
	                        proto_strerror(PROTO_ERR_TOO_MANY));
}

static void test_escape(void **state)
{
	char out[16];

	assert_int_equal(proto_escape(out, sizeof(out), "a\"b\\c"), 7);
	assert_string_equal(out, "a\\\"b\\\\c");
	assert_int_equal(proto_escape(out, sizeof(out), ""), 0);
	assert_string_equal(out, "");
	/* NUT's upsd escapes '#' too, and leaves these alone */
	assert_int_equal(proto_escape(out, sizeof(out), "#= '\x7f"), 6);
	assert_string_equal(out, "\\#= '\x7f");
	/* exact fit and one too small */
	assert_int_equal(proto_escape(out, 5, "abcd"), 4);
	assert_int_equal(proto_escape(out, 5, "abc\""), -1);
	assert_string_equal(out, "");
	assert_int_equal(proto_escape(out, 0, "x"), -1);
}

static void test_buf_quoted(void **state)
{
	struct buf b;

	assert_int_equal(buf_init(&b, 12), 0);
	assert_int_equal(proto_buf_quoted(&b, "a\"b"), 0);
	assert_int_equal(buf_used(&b), 6);
	assert_memory_equal(buf_head(&b), "\"a\\\"b\"", 6);
	/* does not fit: b unchanged */
	assert_int_equal(proto_buf_quoted(&b, "123456"), -1);
	assert_int_equal(buf_used(&b), 6);
	assert_int_equal(proto_buf_quoted(&b, "1234"), 0);
	assert_int_equal(buf_used(&b), 12);
	buf_free(&b);
}

/* proto_escape -> quotes -> tokenizer gives the original back for every
 * value made of bytes NUT keeps (0x20..0x7f). */
static void test_round_trip(void **state)
{
	struct proto_tok t;
	char val[300], esc[700], line[800];
	size_t used;
	unsigned seed = 12345;
	int iter, i, len, n;
	enum proto_result r;

	assert_int_equal(proto_tok_init(&t, PROTO_F_COMMENTS, 1024, 8), 0);
	for (iter = 0; iter < 2000; iter++) {
		len = (int)((seed = seed * 1103515245u + 12345u) >> 16) % 200;
		for (i = 0; i < len; i++) {
			static const char pick[] = "\"\\#= ";
			seed = seed * 1103515245u + 12345u;
			if ((seed >> 16) % 3 == 0)
				val[i] = pick[(seed >> 20) % 5]; /* the nasty ones */
			else
				val[i] = (char)(0x20 + (seed >> 16) % 0x60);
		}
		val[len] = '\0';
		n = proto_escape(esc, sizeof(esc), val);
		assert_true(n >= len);
		/* '#' is escaped, so this works with comments on */
		snprintf(line, sizeof(line), "SETINFO x \"%s\"\n", esc);
		r = proto_feed(&t, line, strlen(line), &used);
		assert_int_equal(r, PROTO_LINE);
		assert_int_equal(used, strlen(line));
		assert_int_equal(t.argc, 3);
		assert_string_equal(t.argv[2], val);
	}
	proto_tok_free(&t);
}

/* Every byte NUT keeps survives the round trip, with comments on. */
static void test_round_trip_all_printable(void **state)
{
	struct proto_tok t;
	char val[0x61], esc[0xd0], line[0x100];
	size_t used;
	int i;

	for (i = 0; i < 0x60; i++)
		val[i] = (char)(0x20 + i);
	val[0x60] = '\0';
	assert_true(proto_escape(esc, sizeof(esc), val) > 0);
	snprintf(line, sizeof(line), "\"%s\"\n", esc);
	assert_int_equal(proto_tok_init(&t, PROTO_F_COMMENTS, 1024, 8), 0);
	assert_int_equal(proto_feed(&t, line, strlen(line), &used), PROTO_LINE);
	assert_int_equal(t.argc, 1);
	assert_string_equal(t.argv[0], val);
	proto_tok_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_nut_word_rules), cmocka_unit_test(test_nut_comment_rules),
	    cmocka_unit_test(test_fragmentation),  cmocka_unit_test(test_too_long_is_error_not_cut),
	    cmocka_unit_test(test_too_many_words), cmocka_unit_test(test_error_split_over_feeds),
	    cmocka_unit_test(test_line_numbers),   cmocka_unit_test(test_empty_lines_flag),
	    cmocka_unit_test(test_finish),         cmocka_unit_test(test_init_bounds),
	    cmocka_unit_test(test_escape),         cmocka_unit_test(test_buf_quoted),
	    cmocka_unit_test(test_round_trip),     cmocka_unit_test(test_round_trip_all_printable),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
