/* Unit tests for common/state: NUT's listing order (strcasecmp, checked on
 * NUT 2.8.0's LIST VAR / LIST CMD), case-insensitive names, enum and range
 * order and de-duplication, limits (refused, never cut) and change stamps. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "state.h"

struct names {
	char list[512];
	int stop_after;
	int seen;
};

static int var_cb(const struct st_var *v, void *arg)
{
	struct names *n = arg;

	strncat(n->list, v->name, sizeof(n->list) - strlen(n->list) - 2);
	strcat(n->list, " ");
	return ++n->seen == n->stop_after ? 7 : 0;
}

static int cmd_cb(const char *cmd, void *arg)
{
	struct names *n = arg;

	strncat(n->list, cmd, sizeof(n->list) - strlen(n->list) - 2);
	strcat(n->list, " ");
	return ++n->seen == n->stop_after ? 9 : 0;
}

/* The order NUT 2.8.0's upsd listed these in. */
static void test_sort_order_matches_nut(void **state)
{
	static const char *const in[] = {"zeta.var", "bz",         "Beta.y",     "b_z",
	                                 "b9z",      "b.Z.a",      "b.z",        "b-z",
	                                 "ALPHA.X",  "_under.var", "alpha.lower"};
	struct st_tree *t = st_new();
	struct names n = {"", 0, 0};
	size_t i;

	assert_non_null(t);
	for (i = 0; i < sizeof(in) / sizeof(in[0]); i++)
		assert_int_equal(st_set(t, in[i], "v"), 1);
	assert_int_equal(st_foreach(t, var_cb, &n), 0);
	assert_string_equal(n.list,
	                    "_under.var alpha.lower ALPHA.X b-z b.z b.Z.a b9z b_z Beta.y bz "
	                    "zeta.var ");
	st_free(t);
}

static void test_case_insensitive_names(void **state)
{
	struct st_tree *t = st_new();
	const struct st_var *v;

	assert_int_equal(st_set(t, "ALPHA.X", "1"), 1);
	assert_int_equal(st_set(t, "alpha.x", "2"), 1); /* same variable */
	assert_int_equal(st_count(t), 1);
	v = st_get(t, "Alpha.X");
	assert_non_null(v);
	assert_string_equal(v->name, "ALPHA.X"); /* keeps its first spelling */
	assert_string_equal(v->value, "2");
	assert_string_equal(st_value(t, "alpha.x"), "2");
	assert_int_equal(st_set(t, "alpha.x", "2"), 0); /* already so */
	assert_null(st_value(t, "nope"));
	st_free(t);
}

static void test_commands(void **state)
{
	struct st_tree *t = st_new();
	struct names n = {"", 0, 0};

	assert_int_equal(st_add_cmd(t, "zz.cmd"), 1);
	assert_int_equal(st_add_cmd(t, "Beeper.on"), 1);
	assert_int_equal(st_add_cmd(t, "beeper.off"), 1);
	assert_int_equal(st_add_cmd(t, "a.b"), 1);
	assert_int_equal(st_add_cmd(t, "A.B"), 0); /* NUT: no second entry */
	assert_int_equal(st_add_cmd(t, "load.off"), 1);
	assert_int_equal(st_add_cmd(t, "bad cmd"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(st_cmd_count(t), 5);
	assert_int_equal(st_foreach_cmd(t, cmd_cb, &n), 0);
	assert_string_equal(n.list, "a.b beeper.off Beeper.on load.off zz.cmd ");
	assert_true(st_has_cmd(t, "LOAD.OFF"));
	assert_false(st_has_cmd(t, "load.on"));
	assert_int_equal(st_del_cmd(t, "load.OFF"), 1);
	assert_int_equal(st_del_cmd(t, "load.off"), 0);
	assert_int_equal(st_cmd_count(t), 4);
	/* early stop returns the callback's value */
	memset(&n, 0, sizeof(n));
	n.stop_after = 2;
	assert_int_equal(st_foreach_cmd(t, cmd_cb, &n), 9);
	assert_string_equal(n.list, "a.b beeper.off ");
	st_free(t);
}

static void test_enums_in_added_order(void **state)
{
	struct st_tree *t = st_new();
	const struct st_var *v;

	assert_int_equal(st_add_enum(t, "en.var", "x"), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(st_set(t, "en.var", "m"), 1);
	assert_int_equal(st_add_enum(t, "en.var", "zulu"), 1);
	assert_int_equal(st_add_enum(t, "en.var", "Alpha"), 1);
	assert_int_equal(st_add_enum(t, "en.var", "10"), 1);
	assert_int_equal(st_add_enum(t, "en.var", "9"), 1);
	assert_int_equal(st_add_enum(t, "en.var", "zulu"), 0);
	v = st_get(t, "en.var");
	assert_int_equal(v->nenums, 4);
	assert_string_equal(v->enums[0], "zulu");
	assert_string_equal(v->enums[1], "Alpha");
	assert_string_equal(v->enums[3], "9");
	assert_int_equal(st_del_enum(t, "en.var", "Alpha"), 1);
	assert_int_equal(st_del_enum(t, "en.var", "Alpha"), 0);
	v = st_get(t, "en.var");
	assert_int_equal(v->nenums, 3);
	assert_string_equal(v->enums[1], "10");
	st_free(t);
}

static void test_ranges(void **state)
{
	struct st_tree *t = st_new();
	const struct st_var *v;

	assert_int_equal(st_set(t, "rg", "5"), 1);
	assert_int_equal(st_add_range(t, "rg", 10, 20), 1);
	assert_int_equal(st_add_range(t, "rg", 1, 5), 1);
	assert_int_equal(st_add_range(t, "rg", 10, 20), 0);
	assert_int_equal(st_add_range(t, "rg", -3, -1), 1);
	assert_int_equal(st_add_range(t, "rg", 9, 1), -1);
	assert_int_equal(errno, EINVAL);
	v = st_get(t, "rg");
	assert_int_equal(v->nranges, 3);
	assert_int_equal(v->ranges[0].min, 10);
	assert_int_equal(v->ranges[2].max, -1);
	assert_int_equal(st_del_range(t, "rg", 1, 5), 1);
	assert_int_equal(st_del_range(t, "rg", 1, 5), 0);
	assert_int_equal(st_get(t, "rg")->nranges, 2);
	assert_int_equal(st_del_range(t, "none", 1, 5), -1);
	st_free(t);
}

static void test_flags_aux(void **state)
{
	struct st_tree *t = st_new();
	unsigned f;

	assert_int_equal(st_set_flags(t, "x", ST_FLAG_RW), -1);
	assert_int_equal(errno, ENOENT);
	assert_int_equal(st_set(t, "x", "v"), 1);
	assert_int_equal(st_set_flags(t, "x", ST_FLAG_RW | ST_FLAG_STRING), 1);
	assert_int_equal(st_set_flags(t, "x", ST_FLAG_RW | ST_FLAG_STRING), 0);
	assert_int_equal(st_set_flags(t, "x", 0x1000), -1);
	assert_int_equal(st_set_aux(t, "x", 32), 1);
	assert_int_equal(st_set_aux(t, "x", 32), 0);
	assert_int_equal(st_set_aux(t, "x", -1), -1);
	assert_int_equal(st_get(t, "x")->aux, 32);
	assert_string_equal(st_flag_name(ST_FLAG_RW), "RW");
	assert_string_equal(st_flag_name(ST_FLAG_NUMBER), "NUMBER");
	assert_int_equal(st_flag_parse("string", &f), 0);
	assert_int_equal(f, ST_FLAG_STRING);
	assert_int_equal(st_flag_parse("IMMUTABLE", &f), -1); /* not a wire flag */
	assert_int_equal(st_flag_parse("BOGUS", &f), -1);
	/* immutable: SETINFO cannot change it */
	assert_int_equal(st_set_flags(t, "x", ST_FLAG_IMMUTABLE), 1);
	assert_int_equal(st_set(t, "x", "other"), -1);
	assert_int_equal(errno, EPERM);
	assert_int_equal(st_set(t, "x", "v"), 0);
	st_free(t);
}

static void test_limits_refuse_not_cut(void **state)
{
	struct st_tree *t = st_new();
	char name[ST_MAX_NAME + 1], val[ST_MAX_VALUE + 1];
	int i;

	memset(name, 'n', sizeof(name));
	name[ST_MAX_NAME] = '\0'; /* 128 bytes: too long */
	assert_int_equal(st_set(t, name, "v"), -1);
	assert_int_equal(errno, EINVAL);
	name[ST_MAX_NAME - 1] = '\0'; /* 127 bytes: fits */
	assert_int_equal(st_set(t, name, "v"), 1);
	memset(val, 'v', sizeof(val));
	val[ST_MAX_VALUE - 1] = '\0'; /* 255 bytes: fits */
	assert_int_equal(st_set(t, "big", val), 1);
	assert_int_equal(strlen(st_value(t, "big")), ST_MAX_VALUE - 1);
	val[ST_MAX_VALUE - 1] = 'v';
	val[ST_MAX_VALUE] = '\0'; /* 256: refused, old value kept */
	assert_int_equal(st_set(t, "big", val), -1);
	assert_int_equal(errno, E2BIG);
	assert_int_equal(strlen(st_value(t, "big")), ST_MAX_VALUE - 1);
	assert_int_equal(st_set(t, "ctl", "a\nb"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(st_set(t, "", "x"), -1);
	assert_int_equal(st_set(t, "a b", "x"), -1);
	assert_int_equal(st_set(t, "a\"b", "x"), -1);
	assert_int_equal(st_set(t, "ok.name-with_all.9", "x"), 1);
	assert_int_equal(st_set(t, "x", NULL), -1);
	st_clear(t);
	assert_int_equal(st_count(t), 0);
	for (i = 0; i < ST_MAX_VARS; i++) {
		snprintf(name, sizeof(name), "v%d", i);
		assert_int_equal(st_set(t, name, "1"), 1);
	}
	assert_int_equal(st_set(t, "one.more", "1"), -1);
	assert_int_equal(errno, ENOSPC);
	assert_int_equal(st_set(t, "v7", "2"), 1); /* updates still work */
	st_free(t);
}

static void test_stamps_and_delete(void **state)
{
	struct st_tree *t = st_new();
	uint64_t s0, s1;
	struct names n = {"", 2, 0};

	s0 = st_stamp(t);
	assert_int_equal(st_set(t, "a", "1"), 1);
	s1 = st_stamp(t);
	assert_true(s1 > s0);
	assert_int_equal(st_get(t, "a")->changed, s1);
	assert_int_equal(st_set(t, "a", "1"), 0);
	assert_int_equal(st_stamp(t), s1); /* no change, no bump */
	assert_int_equal(st_set(t, "b", "2"), 1);
	assert_int_equal(st_set(t, "c", "3"), 1);
	assert_int_equal(st_foreach(t, var_cb, &n), 7);
	assert_string_equal(n.list, "a b ");
	assert_int_equal(st_del(t, "B"), 1);
	assert_int_equal(st_del(t, "b"), 0);
	assert_null(st_get(t, "b"));
	assert_int_equal(st_count(t), 2);
	/* deleted then set again: starts with no flags, as in NUT */
	assert_int_equal(st_set_flags(t, "a", ST_FLAG_RW), 1);
	assert_int_equal(st_del(t, "a"), 1);
	assert_int_equal(st_set(t, "a", "x"), 1);
	assert_int_equal(st_get(t, "a")->flags, 0);
	st_free(t);
	st_free(NULL);
}

/* The SET VAR checks, with the answers NUT 2.8.0's upsd gave for the same
 * flags, aux, enums and ranges (probed with a scripted driver). */
static void test_check_set(void **state)
{
	struct st_tree *t = st_new();
	char big[ST_MAX_VALUE + 1];

	(void)state;
	assert_non_null(t);
	assert_int_equal(st_set(t, "ups.status", "OL"), 1);
	assert_int_equal(st_set(t, "ups.id", "abc"), 1);
	assert_int_equal(st_set_flags(t, "ups.id", ST_FLAG_RW | ST_FLAG_STRING), 1);
	assert_int_equal(st_set_aux(t, "ups.id", 8), 1);
	assert_int_equal(st_set(t, "ups.str0", "q"), 1);
	assert_int_equal(st_set_flags(t, "ups.str0", ST_FLAG_RW | ST_FLAG_STRING), 1);
	assert_int_equal(st_set(t, "in.low", "90"), 1);
	assert_int_equal(st_set_flags(t, "in.low", ST_FLAG_RW), 1);
	assert_int_equal(st_add_enum(t, "in.low", "90"), 1);
	assert_int_equal(st_add_enum(t, "in.low", "Def"), 1);
	assert_int_equal(st_set(t, "in.high", "130"), 1);
	assert_int_equal(st_set_flags(t, "in.high", ST_FLAG_RW), 1);
	assert_int_equal(st_add_range(t, "in.high", 120, 140), 1);
	assert_int_equal(st_add_range(t, "in.high", -20, -10), 1);
	assert_int_equal(st_set(t, "both", "5"), 1);
	assert_int_equal(st_set_flags(t, "both", ST_FLAG_RW), 1);
	assert_int_equal(st_add_enum(t, "both", "5"), 1);
	assert_int_equal(st_add_range(t, "both", 10, 20), 1);
	assert_int_equal(st_set(t, "num", "1"), 1);
	assert_int_equal(st_set_flags(t, "num", ST_FLAG_RW | ST_FLAG_NUMBER), 1);
	assert_int_equal(st_set(t, "ro", "1"), 1);
	assert_int_equal(st_add_enum(t, "ro", "1"), 1);

	assert_int_equal(st_check_set(t, "no.such", "1"), ST_SET_UNKNOWN);
	assert_int_equal(st_check_set(t, "ups.status", "OB"), ST_SET_READONLY);
	assert_int_equal(st_check_set(t, "ro", "1"), ST_SET_READONLY);
	/* STRING: aux is the longest value; without aux nothing can be set */
	assert_int_equal(st_check_set(t, "ups.id", "abcdefgh"), ST_SET_OK);
	assert_int_equal(st_check_set(t, "ups.id", ""), ST_SET_OK);
	assert_int_equal(st_check_set(t, "ups.id", "abcdefghi"), ST_SET_TOOLONG);
	assert_int_equal(st_check_set(t, "ups.str0", ""), ST_SET_NOLENGTH);
	/* enums are compared exactly */
	assert_int_equal(st_check_set(t, "in.low", "Def"), ST_SET_OK);
	assert_int_equal(st_check_set(t, "in.low", "def"), ST_SET_INVALID);
	assert_int_equal(st_check_set(t, "in.low", "95"), ST_SET_INVALID);
	/* ranges: any one of them; the leading integer counts, as atoi() reads it */
	assert_int_equal(st_check_set(t, "in.high", "120"), ST_SET_OK);
	assert_int_equal(st_check_set(t, "in.high", "140"), ST_SET_OK);
	assert_int_equal(st_check_set(t, "in.high", "-15"), ST_SET_OK);
	assert_int_equal(st_check_set(t, "in.high", "125.7"), ST_SET_OK);
	assert_int_equal(st_check_set(t, "in.high", " +125"), ST_SET_OK);
	assert_int_equal(st_check_set(t, "in.high", "130abc"), ST_SET_OK);
	assert_int_equal(st_check_set(t, "in.high", "119"), ST_SET_INVALID);
	assert_int_equal(st_check_set(t, "in.high", "141"), ST_SET_INVALID);
	assert_int_equal(st_check_set(t, "in.high", "0x80"), ST_SET_INVALID);
	assert_int_equal(st_check_set(t, "in.high", ""), ST_SET_INVALID);
	assert_int_equal(st_check_set(t, "in.high", "99999999999999999999999"), ST_SET_INVALID);
	/* enums and ranges must both agree */
	assert_int_equal(st_check_set(t, "both", "5"), ST_SET_INVALID);
	assert_int_equal(st_check_set(t, "both", "15"), ST_SET_INVALID);
	/* NUMBER alone is not checked (NUT passes "abc" on to the driver) */
	assert_int_equal(st_check_set(t, "num", "abc"), ST_SET_OK);
	/* our own bound: a value the tree could never hold */
	memset(big, 'x', ST_MAX_VALUE);
	big[ST_MAX_VALUE] = '\0';
	assert_int_equal(st_check_set(t, "num", big), ST_SET_TOOLONG);
	big[ST_MAX_VALUE - 1] = '\0';
	assert_int_equal(st_check_set(t, "num", big), ST_SET_OK);
	st_free(t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sort_order_matches_nut),
	    cmocka_unit_test(test_case_insensitive_names),
	    cmocka_unit_test(test_commands),
	    cmocka_unit_test(test_enums_in_added_order),
	    cmocka_unit_test(test_ranges),
	    cmocka_unit_test(test_flags_aux),
	    cmocka_unit_test(test_limits_refuse_not_cut),
	    cmocka_unit_test(test_stamps_and_delete),
	    cmocka_unit_test(test_check_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
