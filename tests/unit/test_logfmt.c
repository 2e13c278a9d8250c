/* Unit tests for clients/logfmt: every escape, the spellings NUT 2.8.0's
 * upslog prints INVALID or NA for (checked against it), '@' in %TIME%, and
 * the bounds (format length, line length). */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "logfmt.h"

static const char *fake_var(const char *name, void *arg)
{
	(void)arg;
	if (strcmp(name, "ups.status") == 0)
		return "OL";
	if (strcmp(name, "ups.id") == 0)
		return "abc";
	if (strcmp(name, "big") == 0)
		return (const char *)arg;
	return NULL;
}

static const char *render(const char *fmt, char *out, size_t outlen)
{
	struct lf_format f;
	struct buf b;
	struct lf_ctx ctx = {
	    .now = 86400 * 365, /* 1971-01-01T00:00:00Z */
	    .host = "box",
	    .upshost = "ups@server:3493",
	    .pid = 42,
	    .var = fake_var,
	    .arg = NULL,
	};

	assert_int_equal(lf_compile(fmt, &f), 0);
	assert_int_equal(buf_init(&b, 4096), 0);
	assert_int_equal(lf_render(&f, &ctx, &b), 0);
	assert_true(buf_used(&b) < outlen);
	memcpy(out, buf_head(&b), buf_used(&b));
	out[buf_used(&b)] = '\0';
	buf_free(&b);
	lf_free(&f);
	return out;
}

static void test_escapes(void **state)
{
	static const struct {
		const char *fmt, *want;
	} cases[] = {
	    {"", ""},
	    {"plain text", "plain text"},
	    {"[%VAR ups.status%]", "[OL]"},
	    {"%var ups.status%", "OL"},  /* keywords ignore case */
	    {"%VAR no.such%", "NA"},     /* cannot be read */
	    {"%VAR  ups.status%", "NA"}, /* the name is " ups.status" */
	    {"%VAR ups.status extra%", "NA"},
	    {"%VAR%", "INVALID"},
	    {"%FOO%", "INVALID"},
	    {"%TIME%", "INVALID"},
	    {"%%", "%"},
	    {"%%VAR ups.id%%", "%VAR ups.id%"},
	    {"%VAR ups.status%%VAR ups.id%", "OLabc"},
	    {"%HOST%%HOST%", "boxbox"},
	    {"%UPSHOST%|%PID%|%ETIME%", "ups@server:3493|42|31536000"},
	    {"%upshost%", "ups@server:3493"},
	    {"x%VAR ups.id%y%", "xabcyINVALID"}, /* a last '%' without its pair */
	    {"x%VAR", "xINVALIDVAR"},
	    {"q%", "qINVALID"},
	    {"%TIME @s%", "31536000"},
	    {"%TIME %", ""},
	};
	char out[512];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		assert_string_equal(render(cases[i].fmt, out, sizeof(out)), cases[i].want);
}

static void test_default_format(void **state)
{
	char out[512];

	(void)state;
	/* Local time: only the shape is fixed. */
	render(LF_DEFAULT_FORMAT, out, sizeof(out));
	assert_int_equal(strlen(out), strlen("19710101 000000 NA NA NA [OL] NA NA"));
	assert_string_equal(out + 15, " NA NA NA [OL] NA NA");
}

static void test_limits(void **state)
{
	char fmt[LF_FORMAT_MAX + 2], big[200];
	struct lf_format f;
	struct buf b;
	struct lf_ctx ctx = {.var = fake_var, .arg = big};
	size_t i;

	(void)state;
	memset(fmt, 'x', LF_FORMAT_MAX + 1);
	fmt[LF_FORMAT_MAX + 1] = '\0';
	assert_int_equal(lf_compile(fmt, &f), -1);
	assert_int_equal(errno, E2BIG);
	fmt[LF_FORMAT_MAX] = '\0';
	assert_int_equal(lf_compile(fmt, &f), 0);
	lf_free(&f);

	/* A line that does not fit is refused whole, never cut. */
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	fmt[0] = '\0';
	for (i = 0; i < 10; i++)
		strcat(fmt, "%VAR big%");
	assert_int_equal(lf_compile(fmt, &f), 0);
	assert_int_equal(buf_init(&b, 1000), 0);
	assert_int_equal(lf_render(&f, &ctx, &b), -1);
	buf_free(&b);
	assert_int_equal(buf_init(&b, 10 * (sizeof(big) - 1)), 0);
	assert_int_equal(lf_render(&f, &ctx, &b), 0);
	assert_int_equal(buf_used(&b), 10 * (sizeof(big) - 1));
	buf_free(&b);
	lf_free(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escapes),
	    cmocka_unit_test(test_default_format),
	    cmocka_unit_test(test_limits),
	};

	setenv("TZ", "UTC", 1);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
