/* Unit tests for common/drvproto: every driver-to-server line applied to a
 * mirror tree, the events, arity and bad values, and the dump format checked
 * line by line against what NUT 2.8.0's dummy-ups sends for DUMPALL. The dump
 * is fed back through proto + drp_apply to rebuild an identical tree. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "drvproto.h"
#include "proto.h"
#include "state.h"

/* Tokenizes one line the way upsd reads the driver socket and applies it. */
static enum drp_event apply_line(struct st_tree *t, const char *line, char *err, size_t errlen)
{
	struct proto_tok tok;
	enum proto_result r;
	enum drp_event ev;
	size_t used;

	assert_int_equal(proto_tok_init(&tok, PROTO_F_COMMENTS, PROTO_MAX_LINE, PROTO_MAX_ARGS), 0);
	r = proto_feed(&tok, line, strlen(line), &used);
	if (r == PROTO_MORE)
		r = proto_finish(&tok);
	assert_int_equal(r, PROTO_LINE);
	ev = drp_apply(t, tok.argc, tok.argv, err, errlen);
	proto_tok_free(&tok);
	return ev;
}

static void test_tree_updates(void **state)
{
	struct st_tree *t = st_new();
	const struct st_var *v;
	char err[128];

	assert_int_equal(apply_line(t, "SETINFO ups.status \"OL\"\n", err, sizeof(err)),
	                 DRP_EV_NONE);
	assert_string_equal(st_value(t, "ups.status"), "OL");
	/* upsd takes the words in any case and ignores extra words */
	assert_int_equal(apply_line(t, "setinfo ups.status \"OB LB\" extra\n", err, sizeof(err)),
	                 DRP_EV_NONE);
	assert_string_equal(st_value(t, "ups.status"), "OB LB");
	assert_int_equal(apply_line(t, "SETINFO x.y \"a\\\"b\\\\c\"\n", err, sizeof(err)),
	                 DRP_EV_NONE);
	assert_string_equal(st_value(t, "x.y"), "a\"b\\c");
	assert_int_equal(apply_line(t, "SETAUX x.y 32\n", err, sizeof(err)), DRP_EV_NONE);
	assert_int_equal(apply_line(t, "SETFLAGS x.y RW STRING\n", err, sizeof(err)), DRP_EV_NONE);
	v = st_get(t, "x.y");
	assert_int_equal(v->aux, 32);
	assert_int_equal(v->flags, ST_FLAG_RW | ST_FLAG_STRING);
	/* SETFLAGS replaces; unknown words are ignored */
	assert_int_equal(apply_line(t, "SETFLAGS x.y STRING BOGUS\n", err, sizeof(err)),
	                 DRP_EV_NONE);
	assert_int_equal(st_get(t, "x.y")->flags, ST_FLAG_STRING);
	assert_int_equal(apply_line(t, "ADDENUM x.y \"one\"\n", err, sizeof(err)), DRP_EV_NONE);
	assert_int_equal(apply_line(t, "ADDENUM x.y two\n", err, sizeof(err)), DRP_EV_NONE);
	assert_int_equal(apply_line(t, "DELENUM x.y \"one\"\n", err, sizeof(err)), DRP_EV_NONE);
	v = st_get(t, "x.y");
	assert_int_equal(v->nenums, 1);
	assert_string_equal(v->enums[0], "two");
	assert_int_equal(apply_line(t, "ADDRANGE x.y 1 5\n", err, sizeof(err)), DRP_EV_NONE);
	assert_int_equal(apply_line(t, "ADDRANGE x.y \"-10\" \"-2\"\n", err, sizeof(err)),
	                 DRP_EV_NONE);
	assert_int_equal(apply_line(t, "DELRANGE x.y 1 5\n", err, sizeof(err)), DRP_EV_NONE);
	v = st_get(t, "x.y");
	assert_int_equal(v->nranges, 1);
	assert_int_equal(v->ranges[0].min, -10);
	assert_int_equal(apply_line(t, "ADDCMD load.off\n", err, sizeof(err)), DRP_EV_NONE);
	assert_true(st_has_cmd(t, "load.off"));
	assert_int_equal(apply_line(t, "DELCMD load.off\n", err, sizeof(err)), DRP_EV_NONE);
	assert_false(st_has_cmd(t, "load.off"));
	assert_int_equal(apply_line(t, "DELINFO x.y\n", err, sizeof(err)), DRP_EV_NONE);
	assert_null(st_get(t, "x.y"));
	st_free(t);
}

static void test_events(void **state)
{
	struct st_tree *t = st_new();
	char err[128];

	assert_int_equal(apply_line(t, "DUMPDONE\n", err, sizeof(err)), DRP_EV_DUMPDONE);
	assert_int_equal(apply_line(t, "PONG\n", err, sizeof(err)), DRP_EV_PONG);
	assert_int_equal(apply_line(t, "DATAOK\n", err, sizeof(err)), DRP_EV_DATAOK);
	assert_int_equal(apply_line(t, "DATASTALE\n", err, sizeof(err)), DRP_EV_DATASTALE);
	assert_int_equal(
	    apply_line(t, "TRACKING 2DDC5036-F665-4D29-BE4C-0374D091D263 0\n", err, sizeof(err)),
	    DRP_EV_TRACKING);
	assert_int_equal(apply_line(t, "PID 1234\n", err, sizeof(err)), DRP_EV_PID);
	assert_int_equal(apply_line(t, "PID abc\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(st_count(t), 0);
	st_free(t);
}

static void test_errors(void **state)
{
	struct st_tree *t = st_new();
	char err[128];
	char *none[] = {NULL};

	assert_int_equal(apply_line(t, "FOO bar\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_non_null(strstr(err, "unknown command"));
	assert_int_equal(apply_line(t, "SETINFO x\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_non_null(strstr(err, "missing"));
	assert_int_equal(apply_line(t, "TRACKING id\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(apply_line(t, "SETAUX nope 5\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_non_null(strstr(err, "unknown variable"));
	assert_int_equal(apply_line(t, "SETINFO a \"1\"\n", err, sizeof(err)), DRP_EV_NONE);
	assert_string_equal(err, "");
	assert_int_equal(apply_line(t, "SETAUX a 12x\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(apply_line(t, "SETAUX a -5\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(apply_line(t, "ADDRANGE a 9 1\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(apply_line(t, "ADDRANGE a x 1\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(apply_line(t, "ADDRANGE a 1 99999999999999999999999\n", err, sizeof(err)),
	                 DRP_EV_ERROR);
	assert_int_equal(apply_line(t, "SETINFO \"bad name\" \"1\"\n", err, sizeof(err)),
	                 DRP_EV_ERROR);
	assert_int_equal(apply_line(t, "SETFLAGS nope RW\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(apply_line(t, "ADDCMD \"a b\"\n", err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(drp_apply(t, 0, none, err, sizeof(err)), DRP_EV_ERROR);
	assert_int_equal(drp_apply(t, 0, none, NULL, 0), DRP_EV_ERROR);
	/* a tiny error buffer is not overrun */
	assert_int_equal(apply_line(t, "FOO\n", err, 4), DRP_EV_ERROR);
	assert_int_equal(strlen(err), 3);
	assert_int_equal(st_count(t), 1);
	st_free(t);
}

static void test_immutable_kept(void **state)
{
	struct st_tree *t = st_new();
	char err[128];

	assert_int_equal(st_set(t, "driver.name", "dummy-ups"), 1);
	assert_int_equal(st_set_flags(t, "driver.name", ST_FLAG_IMMUTABLE), 1);
	assert_int_equal(apply_line(t, "SETFLAGS driver.name RW\n", err, sizeof(err)), DRP_EV_NONE);
	assert_int_equal(st_get(t, "driver.name")->flags, ST_FLAG_IMMUTABLE | ST_FLAG_RW);
	assert_int_equal(apply_line(t, "SETINFO driver.name \"x\"\n", err, sizeof(err)),
	                 DRP_EV_ERROR);
	assert_string_equal(st_value(t, "driver.name"), "dummy-ups");
	st_free(t);
}

/* Builds the tree dummy-ups had, as dumped by NUT 2.8.0. */
static struct st_tree *sample_tree(void)
{
	struct st_tree *t = st_new();

	assert_int_equal(st_set(t, "ups.status", "OL"), 1);
	assert_int_equal(st_set_aux(t, "ups.status", 32), 1);
	assert_int_equal(st_set_flags(t, "ups.status", ST_FLAG_RW | ST_FLAG_STRING), 1);
	assert_int_equal(st_set(t, "battery.charge", "100"), 1);
	assert_int_equal(st_set_flags(t, "battery.charge", ST_FLAG_RW), 1);
	assert_int_equal(st_set(t, "device.mfr", "Test \"Quote\" and \\back"), 1);
	assert_int_equal(st_set(t, "_under.var", "u"), 1);
	assert_int_equal(st_add_cmd(t, "load.off"), 1);
	assert_int_equal(st_add_cmd(t, "beeper.on"), 1);
	return t;
}

static void test_dump_matches_nut(void **state)
{
	static const char want[] = "SETINFO _under.var \"u\"\n"
	                           "SETINFO battery.charge \"100\"\n"
	                           "SETFLAGS battery.charge RW\n"
	                           "SETINFO device.mfr \"Test \\\"Quote\\\" and \\\\back\"\n"
	                           "SETINFO ups.status \"OL\"\n"
	                           "SETAUX ups.status 32\n"
	                           "SETFLAGS ups.status RW STRING\n"
	                           "ADDCMD beeper.on\n"
	                           "ADDCMD load.off\n";
	struct st_tree *t = sample_tree();
	struct buf b;

	assert_int_equal(buf_init(&b, 4096), 0);
	assert_int_equal(drp_dump(t, &b), 0);
	assert_int_equal(buf_used(&b), strlen(want));
	assert_memory_equal(buf_head(&b), want, strlen(want));
	buf_free(&b);
	st_free(t);
}

static void test_dump_enum_range_and_full(void **state)
{
	struct st_tree *t = st_new();
	struct buf b;
	static const char want[] = "SETINFO v \"a\"\n"
	                           "SETFLAGS v RW NUMBER\n"
	                           "ADDENUM v \"a b\"\n"
	                           "ADDENUM v \"\\#\"\n"
	                           "ADDRANGE v -3 7\n";

	assert_int_equal(st_set(t, "v", "a"), 1);
	assert_int_equal(st_set_flags(t, "v", ST_FLAG_RW | ST_FLAG_NUMBER | ST_FLAG_IMMUTABLE), 1);
	assert_int_equal(st_add_enum(t, "v", "a b"), 1);
	assert_int_equal(st_add_enum(t, "v", "#"), 1);
	assert_int_equal(st_add_range(t, "v", -3, 7), 1);
	assert_int_equal(buf_init(&b, 4096), 0);
	assert_int_equal(drp_dump_var(st_get(t, "v"), &b), 0);
	assert_int_equal(buf_used(&b), strlen(want));
	assert_memory_equal(buf_head(&b), want, strlen(want));
	buf_free(&b);
	/* too small: nothing written */
	assert_int_equal(buf_init(&b, strlen(want) - 1), 0);
	assert_int_equal(drp_dump(t, &b), -1);
	assert_int_equal(buf_used(&b), 0);
	assert_int_equal(drp_dump_var(st_get(t, "v"), &b), -1);
	assert_int_equal(buf_used(&b), 0);
	buf_free(&b);
	st_free(t);
}

static void test_line(void **state)
{
	struct buf b;
	const char *set[] = {"SETINFO", "ups.status", "OB \"LB\""};
	const char *odd[] = {"TRACKING", "", "a b", "x#y", "k=v"};
	const char *one[] = {"PONG"};
	char big[PROTO_MAX_LINE + 10];
	const char *toolong[] = {"SETINFO", "x", big};

	assert_int_equal(buf_init(&b, 4096), 0);
	assert_int_equal(drp_line(&b, 1U << 2, 3, set), 0);
	assert_int_equal(drp_line(&b, 0, 1, one), 0);
	/* unquoted words that would not survive bare get quoted anyway */
	assert_int_equal(drp_line(&b, 0, 5, odd), 0);
	buf_append(&b, "", 1);
	assert_string_equal(buf_head(&b), "SETINFO ups.status \"OB \\\"LB\\\"\"\nPONG\n"
	                                  "TRACKING \"\" \"a b\" \"x\\#y\" \"k=v\"\n");
	buf_reset(&b);
	memset(big, 'x', sizeof(big));
	big[sizeof(big) - 1] = '\0';
	assert_int_equal(drp_line(&b, 4, 3, toolong), -1); /* refused, never cut */
	assert_int_equal(buf_used(&b), 0);
	assert_int_equal(drp_line(&b, 0, 0, one), -1);
	buf_free(&b);
}

struct rebuild {
	struct st_tree *t;
	int lines;
};

/* dump -> tokenizer -> drp_apply gives the same tree back. */
static void test_dump_round_trip(void **state)
{
	struct st_tree *a = sample_tree(), *c = st_new();
	struct proto_tok tok;
	struct buf b, b2;
	size_t off = 0, used;
	enum proto_result r;
	char err[128];

	assert_int_equal(st_add_enum(a, "ups.status", "x \"y\" \\z"), 1);
	assert_int_equal(st_add_range(a, "battery.charge", 0, 100), 1);
	assert_int_equal(buf_init(&b, 8192), 0);
	assert_int_equal(buf_init(&b2, 8192), 0);
	assert_int_equal(drp_dump(a, &b), 0);
	assert_int_equal(proto_tok_init(&tok, PROTO_F_COMMENTS, PROTO_MAX_LINE, PROTO_MAX_ARGS), 0);
	while (off < buf_used(&b)) {
		r = proto_feed(&tok, buf_head(&b) + off, buf_used(&b) - off, &used);
		off += used;
		if (r == PROTO_LINE)
			assert_int_equal(drp_apply(c, tok.argc, tok.argv, err, sizeof(err)),
			                 DRP_EV_NONE);
		else
			assert_int_equal(r, PROTO_MORE);
	}
	assert_int_equal(drp_dump(c, &b2), 0);
	assert_int_equal(buf_used(&b), buf_used(&b2));
	assert_memory_equal(buf_head(&b), buf_head(&b2), buf_used(&b));
	assert_int_equal(st_count(c), 4);
	assert_int_equal(st_cmd_count(c), 2);
	proto_tok_free(&tok);
	buf_free(&b);
	buf_free(&b2);
	st_free(a);
	st_free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tree_updates),
	    cmocka_unit_test(test_events),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_immutable_kept),
	    cmocka_unit_test(test_dump_matches_nut),
	    cmocka_unit_test(test_dump_enum_range_and_full),
	    cmocka_unit_test(test_line),
	    cmocka_unit_test(test_dump_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
