/* Unit tests for clients/upsmon_rules (upsmon's decisions) and the parts of
 * clients/upsmon_conf the rules depend on (defaults, NOTIFYMSG texts):
 * status words, the notifications each change raises, and every critical
 * rule with its timing, driven with explicit times. */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "upsmon_conf.h"
#include "upsmon_rules.h"

#define T0 1000000u /* a start time; 0 means "not" in the state */

struct seen {
	int n;
	enum um_notify v[64];
};

static void record(enum um_notify t, void *arg)
{
	struct seen *s = arg;

	if (s->n < 64)
		s->v[s->n++] = t;
}

static int has(const struct seen *s, enum um_notify t)
{
	int i;

	for (i = 0; i < s->n; i++)
		if (s->v[i] == t)
			return 1;
	return 0;
}

static struct um_params defaults(void)
{
	struct um_params p = {
	    .hostsync_s = 15,
	    .deadtime_s = 15,
	    .rbwarntime_s = 43200,
	    .nocommwarntime_s = 300,
	    .offduration_s = 30,
	    .overduration_s = -1,
	    .oblbduration_s = 0,
	    .alarmcritical = 1,
	};
	return p;
}

static void test_parse(void **state)
{
	(void)state;
	assert_int_equal(um_parse_status("OL"), UM_OL);
	assert_int_equal(um_parse_status("OB LB"), UM_OB | UM_LB);
	assert_int_equal(um_parse_status("FSD OB LB"), UM_FSD | UM_OB | UM_LB);
	assert_int_equal(um_parse_status("OL CHRG"), UM_OL);
	assert_int_equal(um_parse_status("  OB\tDISCHRG  "), UM_OB);
	assert_int_equal(um_parse_status("OL XYZZY"), UM_OL | UM_OTHER);
	assert_int_equal(um_parse_status("OL BYPASS CAL OFF OVER TRIM BOOST ECO ALARM RB"),
	                 UM_OL | UM_BYPASS | UM_CAL | UM_OFF | UM_OVER | UM_TRIM | UM_BOOST |
	                     UM_ECO | UM_ALARM | UM_RB);
	assert_int_equal(um_parse_status("ol"), UM_OTHER); /* words are upper case */
	assert_int_equal(um_parse_status(""), 0);
	assert_int_equal(um_parse_status("WAIT"), 0);
	assert_int_equal(um_parse_status("OLAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"), UM_OTHER);
}

static void test_names(void **state)
{
	int t;

	(void)state;
	for (t = 0; t < UM_N_COUNT; t++) {
		assert_non_null(um_notify_name(t));
		assert_int_equal(um_notify_find(um_notify_name(t)), t);
		assert_true(um_conf_msg_ok(um_notify_default_msg(t)));
	}
	assert_int_equal(um_notify_find("onbatt"), UM_N_ONBATT);
	assert_int_equal(um_notify_find("NOTOTHER"), UM_N_NOTOTHER);
	assert_int_equal(um_notify_find("BOGUS"), -1);
	assert_null(um_notify_name(UM_N_COUNT));
}

static void test_blip(void **state)
{
	struct um_params p = defaults();
	struct um_state s;
	struct seen e = {0};

	(void)state;
	um_state_init(&s, 1, T0);
	um_status(&s, &p, UM_OL, T0, record, &e);
	assert_int_equal(e.n, 0); /* the first status is no change */
	um_status(&s, &p, UM_OB, T0 + 1000, record, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.v[0], UM_N_ONBATT);
	assert_true(um_on_battery(&s));
	assert_false(um_critical(&s, &p, T0 + 2000, NULL));
	um_status(&s, &p, UM_OL, T0 + 3000, record, &e);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.v[1], UM_N_ONLINE);
	assert_false(um_on_battery(&s));
}

static void test_pairs(void **state)
{
	struct um_params p = defaults();
	struct um_state s;
	struct seen e = {0};

	(void)state;
	um_state_init(&s, 1, T0);
	um_status(&s, &p, UM_OL | UM_CAL | UM_BYPASS | UM_OTHER, T0, record, &e);
	assert_true(has(&e, UM_N_CAL) && has(&e, UM_N_BYPASS) && has(&e, UM_N_OTHER));
	assert_int_equal(e.n, 3);
	e.n = 0;
	um_status(&s, &p, UM_OL | UM_ECO | UM_OVER | UM_TRIM | UM_BOOST | UM_ALARM | UM_OFF, T0 + 1,
	          record, &e);
	assert_true(has(&e, UM_N_NOTCAL) && has(&e, UM_N_NOTBYPASS) && has(&e, UM_N_NOTOTHER));
	assert_true(has(&e, UM_N_ECO) && has(&e, UM_N_OVER) && has(&e, UM_N_TRIM));
	assert_true(has(&e, UM_N_BOOST) && has(&e, UM_N_ALARM) && has(&e, UM_N_OFF));
	assert_int_equal(e.n, 9);
	e.n = 0;
	um_status(&s, &p, UM_OL, T0 + 2, record, &e);
	assert_true(has(&e, UM_N_NOTECO) && has(&e, UM_N_NOTOVER) && has(&e, UM_N_NOTTRIM));
	assert_true(has(&e, UM_N_NOTBOOST) && has(&e, UM_N_NOTALARM) && has(&e, UM_N_NOTOFF));
	assert_int_equal(e.n, 6);
}

static void test_replbatt(void **state)
{
	struct um_params p = defaults();
	struct um_state s;
	struct seen e = {0};

	(void)state;
	p.rbwarntime_s = 10;
	um_state_init(&s, 1, T0);
	um_status(&s, &p, UM_OL | UM_RB, T0, record, &e);
	um_status(&s, &p, UM_OL | UM_RB, T0 + 5000, record, &e);
	assert_int_equal(e.n, 1);
	um_status(&s, &p, UM_OL | UM_RB, T0 + 10000, record, &e);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.v[1], UM_N_REPLBATT);
}

static void test_comm(void **state)
{
	struct um_params p = defaults();
	struct um_state s;
	struct seen e = {0};

	(void)state;
	p.nocommwarntime_s = 5;
	um_state_init(&s, 1, T0);
	/* Never reached: NOCOMM after NOCOMMWARNTIME from start, no COMMBAD. */
	um_comm_fail(&s, &p, T0 + 1000, record, &e);
	um_tick(&s, &p, T0 + 4000, record, &e);
	assert_int_equal(e.n, 0);
	um_tick(&s, &p, T0 + 5000, record, &e);
	assert_int_equal(e.n, 1);
	assert_int_equal(e.v[0], UM_N_NOCOMM);
	/* Reached: no COMMOK (there was no COMMBAD). */
	um_status(&s, &p, UM_OL, T0 + 6000, record, &e);
	assert_int_equal(e.n, 1);
	/* Lost: COMMBAD once, NOCOMM every NOCOMMWARNTIME, COMMOK when back. */
	um_comm_fail(&s, &p, T0 + 7000, record, &e);
	um_comm_fail(&s, &p, T0 + 8000, record, &e);
	assert_int_equal(e.n, 2);
	assert_int_equal(e.v[1], UM_N_COMMBAD);
	um_tick(&s, &p, T0 + 12000, record, &e);
	um_tick(&s, &p, T0 + 13000, record, &e);
	um_tick(&s, &p, T0 + 17000, record, &e);
	assert_int_equal(e.n, 4);
	assert_int_equal(e.v[2], UM_N_NOCOMM);
	assert_int_equal(e.v[3], UM_N_NOCOMM);
	um_status(&s, &p, UM_OL, T0 + 18000, record, &e);
	assert_int_equal(e.n, 5);
	assert_int_equal(e.v[4], UM_N_COMMOK);
	/* Lost while on line: never critical, however long. */
	um_comm_fail(&s, &p, T0 + 19000, NULL, NULL);
	assert_false(um_critical(&s, &p, T0 + 10000000, NULL));
}

static void test_deadtime(void **state)
{
	struct um_params p = defaults();
	struct um_state s;
	const char *why;

	(void)state;
	p.deadtime_s = 15;
	um_state_init(&s, 0, T0);
	um_status(&s, &p, UM_OB, T0, NULL, NULL);
	um_comm_fail(&s, &p, T0 + 1000, NULL, NULL);
	assert_false(um_critical(&s, &p, T0 + 15000, &why));
	assert_null(why);
	assert_true(um_critical(&s, &p, T0 + 15001, &why));
	assert_non_null(strstr(why, "DEADTIME"));
	/* Back: the rule no longer holds. */
	um_status(&s, &p, UM_OB, T0 + 16000, NULL, NULL);
	assert_false(um_critical(&s, &p, T0 + 16000, NULL));
}

static void test_oblb(void **state)
{
	struct um_params p = defaults();
	struct um_state pri, sec;
	const char *why;

	(void)state;
	um_state_init(&pri, 1, T0);
	um_state_init(&sec, 0, T0);
	assert_false(um_critical(&pri, &p, T0, NULL)); /* nothing known yet */
	um_status(&pri, &p, UM_OB | UM_LB, T0, NULL, NULL);
	um_status(&sec, &p, UM_OB | UM_LB, T0, NULL, NULL);
	assert_true(um_critical(&pri, &p, T0, &why));
	/* The secondary waits HOSTSYNC for FSD, then goes anyway. */
	assert_false(um_critical(&sec, &p, T0 + 14999, NULL));
	assert_true(um_critical(&sec, &p, T0 + 15000, &why));
	assert_non_null(strstr(why, "HOSTSYNC"));
	/* FSD: at once. */
	um_state_init(&sec, 0, T0);
	um_status(&sec, &p, UM_OB | UM_LB | UM_FSD, T0, NULL, NULL);
	assert_true(um_critical(&sec, &p, T0, &why));
	assert_non_null(strstr(why, "FSD"));
	um_state_init(&sec, 0, T0);
	um_status(&sec, &p, UM_OL | UM_FSD, T0, NULL, NULL);
	assert_true(um_critical(&sec, &p, T0, NULL));
	/* LB on line, OB without LB: not critical. */
	um_status(&pri, &p, UM_OL | UM_LB, T0 + 1, NULL, NULL);
	assert_false(um_critical(&pri, &p, T0 + 100000, NULL));
	um_status(&pri, &p, UM_OB, T0 + 2, NULL, NULL);
	assert_false(um_critical(&pri, &p, T0 + 100000, NULL));
	/* OBLBDURATION: OB+LB must last. */
	p.oblbduration_s = 10;
	um_status(&pri, &p, UM_OB | UM_LB, T0 + 10000, NULL, NULL);
	assert_false(um_critical(&pri, &p, T0 + 19999, NULL));
	assert_true(um_critical(&pri, &p, T0 + 20000, NULL));
	/* ... and starts again after a break. */
	um_status(&pri, &p, UM_OB, T0 + 21000, NULL, NULL);
	um_status(&pri, &p, UM_OB | UM_LB, T0 + 22000, NULL, NULL);
	assert_false(um_critical(&pri, &p, T0 + 31999, NULL));
}

static void test_cal(void **state)
{
	struct um_params p = defaults();
	struct um_state s;

	(void)state;
	um_state_init(&s, 1, T0);
	um_status(&s, &p, UM_OB | UM_LB | UM_CAL, T0, NULL, NULL);
	assert_false(um_critical(&s, &p, T0 + 1000000, NULL));
	um_status(&s, &p, UM_OB | UM_LB, T0 + 1000001, NULL, NULL);
	assert_true(um_critical(&s, &p, T0 + 1000001, NULL));
	/* FSD counts even while calibrating. */
	um_status(&s, &p, UM_OB | UM_LB | UM_CAL | UM_FSD, T0 + 1000002, NULL, NULL);
	assert_true(um_critical(&s, &p, T0 + 1000002, NULL));
}

static void test_off_over_alarm(void **state)
{
	struct um_params p = defaults();
	struct um_state s;

	(void)state;
	um_state_init(&s, 1, T0);
	um_status(&s, &p, UM_OFF, T0, NULL, NULL);
	assert_false(um_critical(&s, &p, T0 + 29999, NULL));
	assert_true(um_critical(&s, &p, T0 + 30000, NULL));
	p.offduration_s = -1;
	assert_false(um_critical(&s, &p, T0 + 1000000, NULL));
	p.offduration_s = 0;
	assert_true(um_critical(&s, &p, T0, NULL));

	/* OVER: never by default; with OVERDURATION only while on battery. */
	um_state_init(&s, 1, T0);
	um_status(&s, &p, UM_OB | UM_OVER, T0, NULL, NULL);
	assert_false(um_critical(&s, &p, T0 + 1000000, NULL));
	p.overduration_s = 5;
	assert_false(um_critical(&s, &p, T0 + 4999, NULL));
	assert_true(um_critical(&s, &p, T0 + 5000, NULL));
	um_status(&s, &p, UM_OL | UM_OVER, T0 + 6000, NULL, NULL);
	assert_false(um_critical(&s, &p, T0 + 1000000, NULL));

	/* ALARM while on battery, unless ALARMCRITICAL is off; on line never. */
	um_state_init(&s, 1, T0);
	um_status(&s, &p, UM_OB | UM_ALARM, T0, NULL, NULL);
	assert_true(um_critical(&s, &p, T0, NULL));
	p.alarmcritical = 0;
	assert_false(um_critical(&s, &p, T0, NULL));
	p.alarmcritical = 1;
	um_status(&s, &p, UM_OL | UM_ALARM, T0 + 1, NULL, NULL);
	assert_false(um_critical(&s, &p, T0 + 1, NULL));
}

static void test_flap(void **state)
{
	struct um_params p = defaults();
	struct um_state s;
	struct seen e = {0};
	uint64_t t;

	(void)state;
	um_state_init(&s, 0, T0);
	for (t = 0; t < 40; t++) {
		um_status(&s, &p, (t & 1) != 0 ? UM_OB : UM_OL, T0 + t * 1000, record, &e);
		assert_false(um_critical(&s, &p, T0 + t * 1000, NULL));
	}
	assert_int_equal(e.n, 39); /* one notification per change */
}

static void test_conf(void **state)
{
	static const char text[] = "MONITOR a@h:1234 2 u p master\n"
	                           "MONITOR b 0 u \"p w\" slave\n"
	                           "NOTIFYMSG ONBATT \"%s is on battery, 100%%\"\n"
	                           "NOTIFYFLAG ONLINE syslog+exec\n"
	                           "NOTIFYFLAG LOWBATT IGNORE\n"
	                           "SHUTDOWNEXIT 7\n"
	                           "CERTHOST h cert 0 0\n";
	struct um_conf c;
	char msg[128];

	(void)state;
	assert_int_equal(um_conf_load_buffer("t.conf", text, sizeof(text) - 1, &c), 0);
	assert_int_equal(c.nmon, 2);
	assert_string_equal(c.mon[0].upsname, "a");
	assert_string_equal(c.mon[0].host, "h");
	assert_int_equal(c.mon[0].port, 1234);
	assert_int_equal(c.mon[0].power, 2);
	assert_true(c.mon[0].primary);
	assert_false(c.mon[1].primary);
	assert_string_equal(c.mon[1].pass, "p w");
	assert_int_equal(c.pollfreq_s, 5);
	assert_int_equal(c.pollfreqalert_s, 5);
	assert_int_equal(c.rules.hostsync_s, 15);
	assert_int_equal(c.rules.deadtime_s, 15);
	assert_int_equal(c.finaldelay_s, 5);
	assert_int_equal(c.rules.rbwarntime_s, 43200);
	assert_int_equal(c.rules.nocommwarntime_s, 300);
	assert_int_equal(c.rules.offduration_s, 30);
	assert_int_equal(c.rules.overduration_s, -1);
	assert_int_equal(c.minsupplies, 1);
	assert_int_equal(c.shutdownexit, 7);
	assert_int_equal(c.notifyflag[UM_N_ONLINE], UM_NF_SYSLOG | UM_NF_EXEC);
	assert_int_equal(c.notifyflag[UM_N_LOWBATT], UM_NF_IGNORE);
	assert_int_equal(c.notifyflag[UM_N_ONBATT], UM_NF_SYSLOG | UM_NF_WALL);
	um_conf_message(&c, UM_N_ONBATT, "a@h", msg, sizeof(msg));
	assert_string_equal(msg, "a@h is on battery, 100%");
	um_conf_message(&c, UM_N_ONBATT, "a@h", msg, 6);
	assert_string_equal(msg, "a@h i");
	um_conf_message(&c, UM_N_ONLINE, "x", msg, sizeof(msg));
	assert_string_equal(msg, "UPS x: on line power again");
	um_conf_free(&c);

	assert_false(um_conf_msg_ok("%s %s"));
	assert_false(um_conf_msg_ok("%n"));
	assert_false(um_conf_msg_ok("100%"));
	assert_true(um_conf_msg_ok("%% %s %%"));
	assert_int_equal(
	    um_conf_load_buffer("t.conf", "MONITOR a 1 u p primary\nFORCESSL 1\n", 34, &c), -1);
	assert_int_equal(c.nmon, 0);
	assert_int_equal(
	    um_conf_load_buffer("t.conf", "MONITOR a 1 u p primary\nHOSTSYNC -1\n", 35, &c), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_blip),     cmocka_unit_test(test_pairs),
	    cmocka_unit_test(test_replbatt), cmocka_unit_test(test_comm),
	    cmocka_unit_test(test_deadtime), cmocka_unit_test(test_oblb),
	    cmocka_unit_test(test_cal),      cmocka_unit_test(test_off_over_alarm),
	    cmocka_unit_test(test_flap),     cmocka_unit_test(test_conf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
