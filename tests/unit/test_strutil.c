/* Unit tests for common/strutil: results that do not fit are reported and
 * leave "" behind, never a cut-off string. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "strutil.h"

static void test_str_fmt(void **state)
{
	char b[8];

	assert_int_equal(str_fmt(b, sizeof(b), "%s-%d", "ab", 12), 0);
	assert_string_equal(b, "ab-12");
	/* 7 characters + NUL is the exact fit. */
	assert_int_equal(str_fmt(b, sizeof(b), "%s", "1234567"), 0);
	assert_string_equal(b, "1234567");
	assert_int_equal(str_fmt(b, sizeof(b), "%s", "12345678"), -1);
	assert_string_equal(b, "");
	assert_int_equal(str_fmt(b, 0, "%s", ""), -1);
}

static void test_str_copy(void **state)
{
	char b[4];

	assert_int_equal(str_copy(b, sizeof(b), "abc"), 0);
	assert_string_equal(b, "abc");
	assert_int_equal(str_copy(b, sizeof(b), ""), 0);
	assert_string_equal(b, "");
	assert_int_equal(str_copy(b, sizeof(b), "abcd"), -1);
	assert_string_equal(b, "");
	assert_int_equal(str_copy(b, 0, "a"), -1);
}

static void test_is_number(void **state)
{
	static const char *yes[] = {"0", "42", "-1", "+7", "230.5", "-0.25", ".5", "5."};
	static const char *no[] = {"",   "-",  "+",    ".",   "1.2.3", "12a", "a12",
	                           " 1", "1 ", "0x10", "1e5", "--1",   "-.",  "NaN"};

	for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		if (!str_is_number(yes[i]))
			fail_msg("'%s' should be a number", yes[i]);
	}
	for (size_t i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		if (str_is_number(no[i]))
			fail_msg("'%s' should not be a number", no[i]);
	}
	assert_false(str_is_number(NULL));
}

static void test_alloc(void **state)
{
	char *s = xstrdup("upsilon");
	int *a;

	assert_string_equal(s, "upsilon");
	free(s);
	a = xcalloc(10, sizeof(*a));
	for (int i = 0; i < 10; i++)
		assert_int_equal(a[i], 0);
	a = xreallocarray(a, 1000, sizeof(*a));
	a[999] = 7;
	assert_int_equal(a[0], 0);
	free(a);
	/* Zero sizes still give a freeable, non-NULL pointer. */
	s = xcalloc(0, 0);
	assert_non_null(s);
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_str_fmt),
	    cmocka_unit_test(test_str_copy),
	    cmocka_unit_test(test_is_number),
	    cmocka_unit_test(test_alloc),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
