/* Unit tests for libupsclient's pure parts: the ups[@host[:port]] notation,
 * error texts and numbers, the ERR word map, and the calls' behaviour on
 * unusable structures. Network behaviour is covered by tests/integration/3xx. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "upsclient_int.h"

static void split_ok(const char *in, const char *ups, const char *host, unsigned port)
{
	char *u = NULL, *h = NULL;
	uint16_t p = 0;

	assert_int_equal(upscli_splitname(in, &u, &h, &p), 0);
	assert_string_equal(u, ups);
	assert_string_equal(h, host);
	assert_int_equal(p, port);
	free(u);
	free(h);
}

static void split_bad(const char *in)
{
	char *u = (char *)"untouched", *h = (char *)"untouched";
	uint16_t p = 7;

	assert_int_equal(upscli_splitname(in, &u, &h, &p), -1);
	assert_string_equal(u, "untouched");
	assert_string_equal(h, "untouched");
	assert_int_equal(p, 7);
}

static void test_splitname(void **state)
{
	unsetenv("NUT_PORT");
	split_ok("ups", "ups", "localhost", 3493);
	split_ok("ups@host", "ups", "host", 3493);
	split_ok("ups@host:1", "ups", "host", 1);
	split_ok("ups@host:65535", "ups", "host", 65535);
	split_ok("ups@[::1]:44", "ups", "::1", 44);
	split_ok("ups@[fe80::1%eth0]", "ups", "fe80::1%eth0", 3493);
	split_ok("ups@[127.0.0.1]", "ups", "127.0.0.1", 3493);
	split_ok("a@b@c", "a", "b@c", 3493);
	setenv("NUT_PORT", "4000", 1);
	split_ok("ups", "ups", "localhost", 4000);
	split_ok("ups@h", "ups", "h", 4000);
	split_ok("ups@h:5", "ups", "h", 5);
	unsetenv("NUT_PORT");

	split_bad(NULL);
	split_bad("");
	split_bad("@host");
	split_bad("ups@");
	split_bad("ups@host:");
	split_bad("ups@host:0");
	split_bad("ups@host:65536");
	split_bad("ups@host:99999999999999999999");
	split_bad("ups@host:12ab");
	split_bad("ups@host:-1");
	split_bad("ups@host:+1");
	split_bad("ups@host: 1");
	split_bad("ups@h:1:2");
	split_bad("ups@::1");
	split_bad("ups@[::1");
	split_bad("ups@[::1]x");
	split_bad("ups@[::1]:");
	split_bad("ups@[]");
	split_bad("ups@[]:5");
	split_bad("ups@:5");
}

static void test_splitaddr(void **state)
{
	char *h = NULL;
	uint16_t p = 0;

	unsetenv("NUT_PORT");
	assert_int_equal(upscli_splitaddr("example.org:3494", &h, &p), 0);
	assert_string_equal(h, "example.org");
	assert_int_equal(p, 3494);
	free(h);
	assert_int_equal(upscli_splitaddr("[::1]", &h, &p), 0);
	assert_string_equal(h, "::1");
	assert_int_equal(p, 3493);
	free(h);
	assert_int_equal(upscli_splitaddr("", &h, &p), -1);
	assert_int_equal(upscli_splitaddr(NULL, &h, &p), -1);
	assert_int_equal(upscli_splitaddr("host", NULL, &p), -1);
}

/* A structure in the state a failed connection leaves: valid, closed. */
static void failed_conn(UPSCONN_t *c)
{
	assert_int_equal(upscli_tryconnect(c, "", 3493, 0, NULL), -1);
	assert_int_equal(upscli_upserror(c), UPSCLI_ERR_NOSUCHHOST);
	assert_int_equal(upscli_fd(c), -1);
}

static void test_strerror(void **state)
{
	UPSCONN_t c;

	assert_string_equal(upscli_strerror(NULL), "Invalid argument");
	memset(&c, 0, sizeof(c));
	assert_string_equal(upscli_strerror(&c), "Invalid argument"); /* never connected */
	failed_conn(&c);
	assert_string_equal(upscli_strerror(&c), "No such host");
	c.upserror = UPSCLI_ERR_UNKNOWN;
	assert_string_equal(upscli_strerror(&c), "Unknown error");
	c.upserror = UPSCLI_ERR_DRVNOTCONN;
	assert_string_equal(upscli_strerror(&c), "Driver not connected");
	c.upserror = UPSCLI_ERR_DATASTALE;
	assert_string_equal(upscli_strerror(&c), "Data stale");
	c.upserror = UPSCLI_ERR_CONNFAILURE;
	c.syserrno = ECONNREFUSED;
	assert_string_equal(upscli_strerror(&c), "Connection failure: Connection refused");
	c.upserror = UPSCLI_ERR_SOCKFAILURE;
	c.syserrno = EMFILE;
	assert_string_equal(upscli_strerror(&c), "socket failure: Too many open files");
	c.upserror = UPSCLI_ERR_PARSE;
	assert_string_equal(upscli_strerror(&c), "Parse error: "); /* no detail kept */
	c.upserror = UPSCLI_ERR_PROTOCOL;
	assert_string_equal(upscli_strerror(&c), "Protocol error");
	c.upserror = UPSCLI_ERR_MAX + 1;
	assert_string_equal(upscli_strerror(&c), "Invalid error number");
	c.upserror = -1;
	assert_string_equal(upscli_strerror(&c), "Invalid error number");
	for (c.upserror = 0; c.upserror <= UPSCLI_ERR_MAX; c.upserror++)
		assert_true(strlen(upscli_strerror(&c)) > 0);
	assert_int_equal(upscli_disconnect(&c), 0);
}

static void test_err_words(void **state)
{
	static const struct {
		const char *word;
		int code;
	} map[] = {
	    {"VAR-NOT-SUPPORTED", UPSCLI_ERR_VARNOTSUPP},
	    {"UNKNOWN-UPS", UPSCLI_ERR_UNKNOWNUPS},
	    {"ACCESS-DENIED", UPSCLI_ERR_ACCESSDENIED},
	    {"PASSWORD-REQUIRED", UPSCLI_ERR_PWDREQUIRED},
	    {"PASSWORD-INCORRECT", UPSCLI_ERR_PWDINCORRECT},
	    {"MISSING-ARGUMENT", UPSCLI_ERR_MISSINGARG},
	    {"DATA-STALE", UPSCLI_ERR_DATASTALE},
	    {"VAR-UNKNOWN", UPSCLI_ERR_VARUNKNOWN},
	    {"ALREADY-LOGGED-IN", UPSCLI_ERR_LOGINTWICE},
	    {"ALREADY-SET-PASSWORD", UPSCLI_ERR_PWDSETTWICE},
	    {"UNKNOWN-TYPE", UPSCLI_ERR_UNKNOWNTYPE},
	    {"UNKNOWN-VAR", UPSCLI_ERR_UNKNOWNVAR},
	    {"READONLY", UPSCLI_ERR_VARREADONLY},
	    {"TOO-LONG", UPSCLI_ERR_TOOLONG},
	    {"INVALID-VALUE", UPSCLI_ERR_INVALIDVALUE},
	    {"SET-FAILED", UPSCLI_ERR_SETFAILED},
	    {"UNKNOWN-INSTCMD", UPSCLI_ERR_UNKINSTCMD},
	    {"INSTCMD-FAILED", UPSCLI_ERR_CMDFAILED},
	    {"CMD-NOT-SUPPORTED", UPSCLI_ERR_CMDNOTSUPP},
	    {"INVALID-USERNAME", UPSCLI_ERR_INVUSERNAME},
	    {"ALREADY-SET-USERNAME", UPSCLI_ERR_USERSETTWICE},
	    {"UNKNOWN-COMMAND", UPSCLI_ERR_UNKCOMMAND},
	    {"INVALID-ARGUMENT", UPSCLI_ERR_INVALIDARG},
	    {"INVALID-PASSWORD", UPSCLI_ERR_INVPASSWORD},
	    {"USERNAME-REQUIRED", UPSCLI_ERR_USERREQUIRED},
	    {"DRIVER-NOT-CONNECTED", UPSCLI_ERR_DRVNOTCONN},
	    {"data-stale", UPSCLI_ERR_DATASTALE},
	    {"FEATURE-NOT-CONFIGURED", UPSCLI_ERR_UNKNOWN},
	    {"FEATURE-NOT-SUPPORTED", UPSCLI_ERR_UNKNOWN},
	    {"ALREADY-SSL-MODE", UPSCLI_ERR_UNKNOWN},
	    {"", UPSCLI_ERR_UNKNOWN},
	    {NULL, UPSCLI_ERR_UNKNOWN},
	};
	size_t i;

	for (i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		assert_int_equal(ucl_err_from_word(map[i].word), map[i].code);
}

static void test_unusable(void **state)
{
	UPSCONN_t c;
	const char *q[] = {"VAR", "ups", "ups.status"};
	char buf[8], **ans;
	size_t numa;

	assert_int_equal(upscli_fd(NULL), -1);
	assert_int_equal(upscli_upserror(NULL), -1);
	assert_int_equal(upscli_ssl(NULL), -1);
	assert_int_equal(upscli_disconnect(NULL), -1);
	assert_int_equal(upscli_get(NULL, 3, q, &numa, &ans), -1);
	assert_int_equal(upscli_tryconnect(NULL, "localhost", 1, 0, NULL), -1);

	failed_conn(&c);
	assert_int_equal(upscli_ssl(&c), 0);
	assert_int_equal(upscli_get(&c, 3, q, &numa, &ans), -1);
	assert_int_equal(upscli_upserror(&c), UPSCLI_ERR_DRVNOTCONN);
	assert_int_equal(upscli_list_start(&c, 2, q), -1);
	assert_int_equal(upscli_list_next(&c, 2, q, &numa, &ans), -1);
	assert_int_equal(upscli_sendline(&c, "X\n", 2), -1);
	assert_int_equal(upscli_readline(&c, buf, sizeof(buf)), -1);
	assert_int_equal(upscli_upserror(&c), UPSCLI_ERR_DRVNOTCONN);
	assert_int_equal(upscli_disconnect(&c), 0);
	assert_int_equal(upscli_disconnect(&c), 0);

	assert_int_equal(upscli_tryconnect(&c, NULL, 3493, 0, NULL), -1);
	assert_int_equal(upscli_upserror(&c), UPSCLI_ERR_NOSUCHHOST);
}

static void test_init(void **state)
{
	assert_int_equal(upscli_init(0, "/etc/ssl/certs", "client", "secret"), 1);
	assert_int_equal(upscli_init(0, NULL, NULL, NULL), -1); /* twice */
	upscli_add_host_cert("ups.example", "upsd-cert", 0, 1);
	upscli_add_host_cert("ups.example", "other", 0, 0); /* replaces */
	assert_int_equal(upscli_cleanup(), 1);
	assert_int_equal(upscli_cleanup(), 1);
	/* Verification cannot be honoured without TLS support. */
	assert_int_equal(upscli_init(1, NULL, NULL, NULL), -1);
	assert_int_equal(upscli_init(0, NULL, NULL, NULL), 1);
	assert_int_equal(upscli_cleanup(), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_splitname), cmocka_unit_test(test_splitaddr),
	    cmocka_unit_test(test_strerror),  cmocka_unit_test(test_err_words),
	    cmocka_unit_test(test_unusable),  cmocka_unit_test(test_init),
	};

	/* The splitting functions explain refusals on stderr, as NUT's do. */
	return cmocka_run_group_tests(tests, NULL, NULL);
}
