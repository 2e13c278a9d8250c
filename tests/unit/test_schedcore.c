/* Unit tests for clients/schedcore: upssched's request lines (every verb
 * through format and decode, the ERR words of bad lines) and the timer
 * table (NUT 2.8.0's duplicate START and one-per-request CANCEL, shared
 * timers keeping their deadline, MATCHED cancels, the limits, the order
 * due timers come out in), and the CMDSCRIPT argv split. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "proto.h"
#include "schedconf.h"
#include "schedcore.h"

/* Tokenizes line and decodes it: 0 or -1 with *err. Words stay in tok. */
static int decode(struct proto_tok *tok, const char *line, struct schedreq *r, const char **err)
{
	size_t used;

	proto_tok_reset(tok);
	assert_int_equal(proto_feed(tok, line, strlen(line), &used), PROTO_LINE);
	return schedreq_decode(tok->argc, tok->argv, r, err);
}

static void test_roundtrip(void **state)
{
	static const struct schedreq reqs[] = {
	    {SCHEDREQ_START, "onbatt", "ups@h", "ONBATT", NULL, 30},
	    {SCHEDREQ_START_SHARED, "with \"quotes\" and \\", "u", "T", NULL, 0},
	    {SCHEDREQ_CANCEL, "onbatt", "ups@h", "ONLINE", "back on", 0},
	    {SCHEDREQ_CANCEL_MATCHED, "x#y", "ups@h", "ONLINE", NULL, 0},
	};
	struct proto_tok tok;
	struct schedreq r;
	const char *err;
	struct buf b;
	size_t i;

	(void)state;
	assert_int_equal(proto_tok_init(&tok, 0, SCHED_PROTO_MAX_LINE, SCHED_PROTO_MAX_ARGS), 0);
	assert_int_equal(buf_init(&b, SCHED_PROTO_MAX_LINE), 0);
	for (i = 0; i < sizeof(reqs) / sizeof(reqs[0]); i++) {
		char line[SCHED_PROTO_MAX_LINE + 1];

		buf_reset(&b);
		assert_int_equal(schedreq_format(&b, &reqs[i]), 0);
		memcpy(line, buf_head(&b), buf_used(&b));
		line[buf_used(&b)] = '\0';
		assert_int_equal(decode(&tok, line, &r, &err), 0);
		assert_null(err);
		assert_int_equal(r.verb, reqs[i].verb);
		assert_string_equal(r.name, reqs[i].name);
		assert_string_equal(r.ups, reqs[i].ups);
		assert_string_equal(r.ntype, reqs[i].ntype);
		assert_int_equal(r.delay_s, reqs[i].delay_s);
		if (reqs[i].cmd == NULL)
			assert_null(r.cmd);
		else
			assert_string_equal(r.cmd, reqs[i].cmd);
	}
	buf_free(&b);
	proto_tok_free(&tok);
}

static void test_bad_lines(void **state)
{
	static const struct {
		const char *line;
		const char *err;
	} bad[] = {
	    {"GARBAGE\n", "UNKNOWN-COMMAND"},
	    {"start t 1 u T\n", "UNKNOWN-COMMAND"}, /* our own protocol: exact words */
	    {"START t 1 u\n", "INVALID-ARGUMENT"},
	    {"START t 1 u T extra\n", "INVALID-ARGUMENT"},
	    {"START t -1 u T\n", "INVALID-ARGUMENT"},
	    {"START t 31536001 u T\n", "INVALID-ARGUMENT"},
	    {"START t 1x u T\n", "INVALID-ARGUMENT"},
	    {"START \"\" 1 u T\n", "INVALID-ARGUMENT"},
	    {"CANCEL t u\n", "INVALID-ARGUMENT"},
	    {"CANCEL t u T c extra\n", "INVALID-ARGUMENT"},
	};
	struct proto_tok tok;
	struct schedreq r;
	const char *err;
	size_t i;

	(void)state;
	assert_int_equal(proto_tok_init(&tok, 0, SCHED_PROTO_MAX_LINE, SCHED_PROTO_MAX_ARGS), 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (decode(&tok, bad[i].line, &r, &err) != -1)
			fail_msg("decoded: %s", bad[i].line);
		assert_string_equal(err, bad[i].err);
	}
	/* A word of SCHED_MAX_WORD bytes is one too many. */
	{
		char line[SCHED_MAX_WORD + 32];

		memset(line, 'x', sizeof(line));
		memcpy(line, "START ", 6);
		memcpy(line + 6 + SCHED_MAX_WORD, " 1 u T\n", 8);
		assert_int_equal(decode(&tok, line, &r, &err), -1);
		assert_string_equal(err, "INVALID-ARGUMENT");
		line[6 + SCHED_MAX_WORD - 1] = ' ';
		memcpy(line + 6 + SCHED_MAX_WORD, "1 u T\n", 7);
		assert_int_equal(decode(&tok, line, &r, &err), 0);
	}
	proto_tok_free(&tok);
}

static void req(struct sched_timers *t, enum schedreq_verb v, const char *name, long delay_s,
                const char *ups, const char *ntype, const char *cmd, uint64_t now,
                const char **run_cmd)
{
	struct schedreq r = {v, name, ups, ntype, cmd, delay_s};
	const char *err, *rc;

	assert_int_equal(sched_apply(t, &r, now, &rc, &err), 0);
	assert_null(err);
	if (run_cmd != NULL)
		*run_cmd = rc;
}

static void test_start_cancel(void **state)
{
	struct sched_timers t = {NULL, 0};
	struct sched_fired f;
	const char *run_cmd;

	(void)state;
	/* A second START of a running name is a second timer (NUT 2.8.0). */
	req(&t, SCHEDREQ_START, "a", 10, "u1", "ONBATT", NULL, 1000, NULL);
	req(&t, SCHEDREQ_START, "a", 10, "u1", "ONBATT", NULL, 3000, NULL);
	assert_int_equal(t.n, 2);
	assert_int_equal(sched_next_due(&t), 11000);
	/* CANCEL takes the oldest only; the cancel command is not run. */
	req(&t, SCHEDREQ_CANCEL, "a", 0, "u1", "ONLINE", "back", 4000, &run_cmd);
	assert_null(run_cmd);
	assert_int_equal(t.n, 1);
	assert_int_equal(sched_next_due(&t), 13000);
	req(&t, SCHEDREQ_CANCEL, "a", 0, "u1", "ONLINE", "back", 5000, &run_cmd);
	assert_int_equal(t.n, 0);
	assert_null(run_cmd);
	/* Nothing to cancel: the command is handed back. */
	req(&t, SCHEDREQ_CANCEL, "a", 0, "u1", "ONLINE", "back", 6000, &run_cmd);
	assert_string_equal(run_cmd, "back");
	req(&t, SCHEDREQ_CANCEL, "a", 0, "u1", "ONLINE", NULL, 6000, &run_cmd);
	assert_null(run_cmd);
	assert_int_equal(sched_next_due(&t), UINT64_MAX);
	assert_int_equal(sched_pop_due(&t, UINT64_MAX - 1, &f), 0);
	sched_timers_free(&t);
}

static void test_pop_order(void **state)
{
	struct sched_timers t = {NULL, 0};
	struct sched_fired f;

	(void)state;
	req(&t, SCHEDREQ_START, "late", 5, "u", "T", NULL, 0, NULL);
	req(&t, SCHEDREQ_START, "first", 2, "u", "T", NULL, 0, NULL);
	req(&t, SCHEDREQ_START, "second", 1, "v", "T2", NULL, 1000, NULL);
	assert_int_equal(sched_pop_due(&t, 1999, &f), 0);
	/* Both due at 2000: in the order they were started. */
	assert_int_equal(sched_pop_due(&t, 2000, &f), 1);
	assert_string_equal(f.name, "first");
	assert_string_equal(f.upsnames, "u");
	assert_string_equal(f.ntypes, "T");
	sched_fired_free(&f);
	assert_int_equal(sched_pop_due(&t, 2000, &f), 1);
	assert_string_equal(f.name, "second");
	assert_string_equal(f.upsnames, "v");
	sched_fired_free(&f);
	assert_int_equal(sched_pop_due(&t, 2000, &f), 0);
	assert_int_equal(sched_next_due(&t), 5000);
	sched_timers_free(&t);
	assert_int_equal(t.n, 0);
}

static void test_shared_matched(void **state)
{
	struct sched_timers t = {NULL, 0};
	struct sched_fired f;
	const char *run_cmd;

	(void)state;
	req(&t, SCHEDREQ_START_SHARED, "s", 10, "u1", "ONBATT", NULL, 0, NULL);
	req(&t, SCHEDREQ_START_SHARED, "s", 10, "u2", "ONBATT", NULL, 4000, NULL);
	req(&t, SCHEDREQ_START_SHARED, "s", 10, "u2", "LOWBATT", NULL, 5000, NULL);
	req(&t, SCHEDREQ_START_SHARED, "s", 10, "u2", "LOWBATT", NULL, 6000, NULL);
	assert_int_equal(t.n, 1);
	assert_int_equal(t.v[0].nwho, 3);
	assert_int_equal(sched_next_due(&t), 10000); /* the deadline stays */

	/* u3 was on nothing: the command comes back, nothing changes. */
	req(&t, SCHEDREQ_CANCEL_MATCHED, "s", 0, "u3", "ONLINE", "c", 7000, &run_cmd);
	assert_string_equal(run_cmd, "c");
	assert_int_equal(t.v[0].nwho, 3);
	/* u1 back: off the timer, which stays for u2. */
	req(&t, SCHEDREQ_CANCEL_MATCHED, "s", 0, "u1", "ONLINE", "c", 7000, &run_cmd);
	assert_null(run_cmd);
	assert_int_equal(t.n, 1);
	assert_int_equal(sched_pop_due(&t, 10000, &f), 1);
	assert_string_equal(f.upsnames, "u2");
	assert_string_equal(f.ntypes, "ONBATT,LOWBATT");
	sched_fired_free(&f);

	/* Everyone back: cancelled. A plain timer of another UPS stays. */
	req(&t, SCHEDREQ_START_SHARED, "s", 10, "u1", "ONBATT", NULL, 0, NULL);
	req(&t, SCHEDREQ_START_SHARED, "s", 10, "u2", "ONBATT", NULL, 0, NULL);
	req(&t, SCHEDREQ_START, "p", 10, "u3", "ONBATT", NULL, 0, NULL);
	req(&t, SCHEDREQ_CANCEL_MATCHED, "s", 0, "u1", "ONLINE", NULL, 1, NULL);
	req(&t, SCHEDREQ_CANCEL_MATCHED, "s", 0, "u2", "ONLINE", NULL, 1, NULL);
	req(&t, SCHEDREQ_CANCEL_MATCHED, "p", 0, "u1", "ONLINE", NULL, 1, &run_cmd);
	assert_int_equal(t.n, 1);
	assert_string_equal(t.v[0].name, "p");
	/* Plain CANCEL drops a shared timer whole. */
	req(&t, SCHEDREQ_START_SHARED, "s", 10, "u1", "ONBATT", NULL, 0, NULL);
	req(&t, SCHEDREQ_START_SHARED, "s", 10, "u2", "ONBATT", NULL, 0, NULL);
	req(&t, SCHEDREQ_CANCEL, "s", 0, "u9", "ONLINE", NULL, 1, NULL);
	assert_int_equal(t.n, 1);
	sched_timers_free(&t);
}

static void test_limits(void **state)
{
	struct sched_timers t = {NULL, 0};
	struct schedreq r = {SCHEDREQ_START, "t", "u", "T", NULL, 1};
	const char *err, *run_cmd;
	char ups[32];
	int i;

	(void)state;
	for (i = 0; i < SCHED_MAX_TIMERS; i++)
		assert_int_equal(sched_apply(&t, &r, 0, &run_cmd, &err), 0);
	assert_int_equal(sched_apply(&t, &r, 0, &run_cmd, &err), -1);
	assert_string_equal(err, "TOO-MANY-TIMERS");
	assert_int_equal(t.n, SCHED_MAX_TIMERS);
	sched_timers_free(&t);

	r.verb = SCHEDREQ_START_SHARED;
	for (i = 0; i < SCHED_MAX_SHARERS; i++) {
		snprintf(ups, sizeof(ups), "u%d", i);
		r.ups = ups;
		assert_int_equal(sched_apply(&t, &r, 0, &run_cmd, &err), 0);
	}
	r.ups = "one-more";
	assert_int_equal(sched_apply(&t, &r, 0, &run_cmd, &err), -1);
	assert_string_equal(err, "TOO-MANY-TIMERS");
	assert_int_equal(t.n, 1);
	assert_int_equal(t.v[0].nwho, SCHED_MAX_SHARERS);
	sched_timers_free(&t);
}

static void test_argv(void **state)
{
	const char *argv[8];
	char store[64];

	(void)state;
	assert_int_equal(sched_build_argv("/bin/cmd", "onbatt", store, sizeof(store), argv, 8), 2);
	assert_string_equal(argv[0], "/bin/cmd");
	assert_string_equal(argv[1], "onbatt");
	assert_null(argv[2]);
	assert_int_equal(
	    sched_build_argv("  /bin/cmd\t-x ", "a;b  c", store, sizeof(store), argv, 8), 4);
	assert_string_equal(argv[1], "-x");
	assert_string_equal(argv[2], "a;b");
	assert_string_equal(argv[3], "c");
	assert_int_equal(sched_build_argv(" \t", "a", store, sizeof(store), argv, 8), -1);
	assert_int_equal(sched_build_argv("/c", "1 2 3 4 5 6 7", store, sizeof(store), argv, 8),
	                 -1);
	assert_int_equal(sched_build_argv("/c", "1 2 3 4 5 6", store, sizeof(store), argv, 8), 7);
	assert_int_equal(sched_build_argv("/c", "0123456789", store, 12, argv, 8), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_roundtrip),      cmocka_unit_test(test_bad_lines),
	    cmocka_unit_test(test_start_cancel),   cmocka_unit_test(test_pop_order),
	    cmocka_unit_test(test_shared_matched), cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_argv),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
