/* Unit tests for clients/jsonw: layout, escaping (quotes, control bytes,
 * UTF-8 kept, other bytes as Latin-1 \u00XX) and sticky errors. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "jsonw.h"

/* Writes one string value as a whole document and returns the text. */
static const char *one_string(struct buf *b, const char *s)
{
	struct jsonw w;

	buf_reset(b);
	jsonw_init(&w, b);
	jsonw_string(&w, s);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_int_equal(buf_append(b, "", 1), 0);
	return buf_head(b);
}

static void test_layout(void **state)
{
	struct buf b;
	struct jsonw w;

	assert_int_equal(buf_init(&b, 4096), 0);
	jsonw_init(&w, &b);
	jsonw_begin_object(&w);
	jsonw_key(&w, "a.b");
	jsonw_string(&w, "1");
	jsonw_key(&w, "list");
	jsonw_begin_array(&w);
	jsonw_string(&w, "x");
	jsonw_string(&w, "y");
	jsonw_end_array(&w);
	jsonw_key(&w, "empty");
	jsonw_begin_object(&w);
	jsonw_end_object(&w);
	jsonw_end_object(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_int_equal(buf_append(&b, "", 1), 0);
	assert_string_equal(buf_head(&b), "{\n"
	                                  "  \"a.b\": \"1\",\n"
	                                  "  \"list\": [\n"
	                                  "    \"x\",\n"
	                                  "    \"y\"\n"
	                                  "  ],\n"
	                                  "  \"empty\": {}\n"
	                                  "}\n");
	buf_reset(&b);
	jsonw_init(&w, &b);
	jsonw_begin_array(&w);
	jsonw_end_array(&w);
	assert_int_equal(jsonw_finish(&w), 0);
	assert_int_equal(buf_append(&b, "", 1), 0);
	assert_string_equal(buf_head(&b), "[]\n");
	buf_free(&b);
}

static void test_escapes(void **state)
{
	struct buf b;

	assert_int_equal(buf_init(&b, 4096), 0);
	assert_string_equal(one_string(&b, "a\"b\\c"), "\"a\\\"b\\\\c\"\n");
	assert_string_equal(one_string(&b, "\x01\t\n\x1f\x7f"),
	                    "\"\\u0001\\u0009\\u000a\\u001f\x7f\"\n");
	/* Well-formed UTF-8 passes through: e-acute, euro sign, U+1F50B. */
	assert_string_equal(one_string(&b, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x8b"),
	                    "\"\xc3\xa9\xe2\x82\xac\xf0\x9f\x94\x8b\"\n");
	/* Not UTF-8: Latin-1 e-acute, a lone continuation byte, an overlong '/',
	 * a surrogate, a sequence cut by the end of the string. */
	assert_string_equal(one_string(&b, "caf\xe9"), "\"caf\\u00e9\"\n");
	assert_string_equal(one_string(&b, "\x80"), "\"\\u0080\"\n");
	assert_string_equal(one_string(&b, "\xc0\xaf"), "\"\\u00c0\\u00af\"\n");
	assert_string_equal(one_string(&b, "\xed\xa0\x80"), "\"\\u00ed\\u00a0\\u0080\"\n");
	assert_string_equal(one_string(&b, "x\xe2\x82"), "\"x\\u00e2\\u0082\"\n");
	assert_string_equal(one_string(&b, ""), "\"\"\n");
	buf_free(&b);
}

static void test_errors(void **state)
{
	struct buf b;
	struct jsonw w;
	int i;

	/* Full buffer: reported, not a cut document. */
	assert_int_equal(buf_init(&b, 16), 0);
	jsonw_init(&w, &b);
	jsonw_begin_object(&w);
	jsonw_key(&w, "a-long-key-name");
	jsonw_string(&w, "value");
	jsonw_end_object(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	buf_free(&b);

	assert_int_equal(buf_init(&b, 4096), 0);
	/* Unbalanced, key outside an object, value missing after a key, too deep. */
	jsonw_init(&w, &b);
	jsonw_begin_array(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	buf_reset(&b);
	jsonw_init(&w, &b);
	jsonw_key(&w, "k");
	assert_int_equal(jsonw_finish(&w), -1);
	buf_reset(&b);
	jsonw_init(&w, &b);
	jsonw_begin_object(&w);
	jsonw_key(&w, "k");
	jsonw_end_object(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	buf_reset(&b);
	jsonw_init(&w, &b);
	for (i = 0; i <= JSONW_MAX_DEPTH; i++)
		jsonw_begin_array(&w);
	for (i = 0; i <= JSONW_MAX_DEPTH; i++)
		jsonw_end_array(&w);
	assert_int_equal(jsonw_finish(&w), -1);
	buf_free(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_layout),
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
