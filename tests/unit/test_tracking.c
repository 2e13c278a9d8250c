/* Unit tests for server/tracking: id format, the reply for each driver
 * status, expiry in creation order, and a full table dropping its oldest. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "tracking.c" /* server/, on the include path of this test only */

static int is_uuid4(const char *s)
{
	size_t i;

	if (strlen(s) != TRACKING_ID_LEN)
		return 0;
	for (i = 0; i < TRACKING_ID_LEN; i++) {
		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return 0;
		} else if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'F'))) {
			return 0;
		}
	}
	return s[14] == '4' && strchr("89AB", s[19]) != NULL;
}

static void test_ids(void **state)
{
	char a[TRACKING_ID_LEN + 1], b[TRACKING_ID_LEN + 1];
	int i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		tracking_make_id(a);
		tracking_make_id(b);
		assert_true(is_uuid4(a));
		assert_string_not_equal(a, b);
	}
}

static void test_replies(void **state)
{
	static const struct {
		int status;
		const char *reply;
	} cases[] = {
	    {DRP_HANDLED, "SUCCESS"},
	    {DRP_UNKNOWN, "ERR UNKNOWN"},
	    {DRP_INVALID, "ERR INVALID-ARGUMENT"},
	    {DRP_FAILED, "ERR FAILED"},
	    {9, "ERR UNKNOWN"},
	};
	struct tracking t = {0};
	char id[TRACKING_ID_LEN + 1];
	size_t i;

	(void)state;
	assert_string_equal(tracking_reply(&t, "nothing-yet"), "ERR UNKNOWN");
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const char *p = tracking_new(&t, 1000);

		assert_non_null(p);
		strcpy(id, p);
		assert_string_equal(tracking_reply(&t, id), "PENDING");
		assert_int_equal(tracking_done(&t, id, cases[i].status), 0);
		assert_string_equal(tracking_reply(&t, id), cases[i].reply);
	}
	assert_int_equal(tracking_done(&t, "00000000-0000-4000-8000-000000000000", 0), -1);
	tracking_free(&t);
}

static void test_expiry_in_order(void **state)
{
	struct tracking t = {0};
	char old[TRACKING_ID_LEN + 1], young[TRACKING_ID_LEN + 1];

	(void)state;
	strcpy(old, tracking_new(&t, 1000));
	strcpy(young, tracking_new(&t, 5000));
	tracking_expire(&t, 5000, 4000); /* exactly the delay: kept */
	assert_string_equal(tracking_reply(&t, old), "PENDING");
	tracking_expire(&t, 5001, 4000);
	assert_string_equal(tracking_reply(&t, old), "ERR UNKNOWN");
	assert_string_equal(tracking_reply(&t, young), "PENDING");
	assert_int_equal(tracking_done(&t, old, 0), -1); /* a late answer is dropped */
	tracking_expire(&t, 100000, 4000);
	assert_int_equal(t.n, 0);
	tracking_free(&t);
}

static void test_full_drops_oldest(void **state)
{
	struct tracking t = {0};
	char first[TRACKING_ID_LEN + 1], second[TRACKING_ID_LEN + 1], last[TRACKING_ID_LEN + 1];
	size_t i;

	(void)state;
	strcpy(first, tracking_new(&t, 0));
	strcpy(second, tracking_new(&t, 0));
	for (i = 2; i < TRACKING_MAX; i++)
		assert_non_null(tracking_new(&t, 0));
	assert_int_equal(t.n, TRACKING_MAX);
	assert_string_equal(tracking_reply(&t, first), "PENDING");
	strcpy(last, tracking_new(&t, 0));
	assert_int_equal(t.n, TRACKING_MAX);
	assert_string_equal(tracking_reply(&t, first), "ERR UNKNOWN");
	assert_string_equal(tracking_reply(&t, second), "PENDING");
	assert_int_equal(tracking_done(&t, last, 0), 0);
	assert_string_equal(tracking_reply(&t, last), "SUCCESS");
	tracking_free(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_replies),
	    cmocka_unit_test(test_expiry_in_order),
	    cmocka_unit_test(test_full_drops_oldest),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
