/* Unit tests for common/conf: logical lines with the number of the line they
 * start on, "file:line: message" errors (captured from stderr), sections,
 * key/value forms ups.conf allows, directive tables with arity and bounds, and
 * the strict number and boolean parsers. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "conf.h"
#include "log.h"

/* ---- stderr capture ---- */

static char captured[8192];
static int saved_fd = -1;
static char cap_path[] = "/tmp/test_conf.XXXXXX";
static int cap_fd = -1;

static void capture_start(void)
{
	fflush(stderr);
	cap_fd = mkstemp(cap_path);
	assert_true(cap_fd >= 0);
	saved_fd = dup(2);
	assert_true(dup2(cap_fd, 2) >= 0);
}

static const char *capture_end(void)
{
	ssize_t n;

	fflush(stderr);
	dup2(saved_fd, 2);
	close(saved_fd);
	lseek(cap_fd, 0, SEEK_SET);
	n = read(cap_fd, captured, sizeof(captured) - 1);
	captured[n > 0 ? n : 0] = '\0';
	close(cap_fd);
	unlink(cap_path);
	strcpy(cap_path, "/tmp/test_conf.XXXXXX");
	return captured;
}

/* ---- line collection ---- */

struct seen {
	char text[2048];
	int stop_at; /* line number to return -1 on */
	int calls;
};

static int collect_cb(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	struct seen *s = arg;
	size_t n = strlen(s->text);
	int i;

	s->calls++;
	n += (size_t)snprintf(s->text + n, sizeof(s->text) - n, "%d:", line->lineno);
	for (i = 0; i < line->argc; i++)
		n += (size_t)snprintf(s->text + n, sizeof(s->text) - n, "%s%s", i ? "|" : "",
		                      line->argv[i]);
	snprintf(s->text + n, sizeof(s->text) - n, "\n");
	return line->lineno == s->stop_at ? -1 : 0;
}

static void test_lines_and_numbers(void **state)
{
	static const char in[] = "# comment\n"
	                         "[myups]\n"
	                         "\tdriver = dummy-ups   # trailing\n"
	                         "\tport=dummy.dev\n"
	                         "\n"
	                         "\tdesc = \"two\n"
	                         "lines\"\n"
	                         "\tlong \\\n"
	                         "\t  continued\r\n"
	                         "\tnolock";
	struct seen s = {"", 0, 0};

	assert_int_equal(conf_read_buffer("ups.conf", in, sizeof(in) - 1, collect_cb, &s), 0);
	assert_string_equal(s.text, "2:[myups]\n"
	                            "3:driver|=|dummy-ups\n"
	                            "4:port|=|dummy.dev\n"
	                            "6:desc|=|twolines\n"
	                            "8:long||continued\n" /* NUT: "\\<LF>" opens an empty word */
	                            "10:nolock\n");
}

static void test_stop_early(void **state)
{
	struct seen s = {"", 2, 0};

	assert_int_equal(conf_read_buffer("x", "a\nb\nc\n", 6, collect_cb, &s), 0);
	assert_int_equal(s.calls, 2);
}

static void test_tokenizer_errors_reported(void **state)
{
	static const char in[] = "ok 1\n"
	                         "desc = \"UPS #1\"\n"
	                         "fine\n";
	struct seen s = {"", 0, 0};
	char big[CONF_MAX_LINE + 20];
	const char *err;
	int n;

	capture_start();
	n = conf_read_buffer("ups.conf", in, sizeof(in) - 1, collect_cb, &s);
	err = capture_end();
	assert_int_equal(n, 1);
	assert_non_null(strstr(err, "ups.conf:2: "));
	assert_string_equal(s.text, "1:ok|1\n3:fine\n");

	memset(big, 'x', sizeof(big));
	memcpy(big + sizeof(big) - 8, "\nnext\n", 6);
	s.text[0] = '\0';
	capture_start();
	n = conf_read_buffer("f", big, sizeof(big) - 2, collect_cb, &s);
	err = capture_end();
	assert_int_equal(n, 1);
	assert_non_null(strstr(err, "f:1: line longer than"));
	assert_string_equal(s.text, "2:next\n");

	/* unterminated quote at the end of the file */
	s.text[0] = '\0';
	capture_start();
	n = conf_read_buffer("g", "a\nb \"open\n", 10, collect_cb, &s);
	err = capture_end();
	assert_int_equal(n, 1);
	assert_non_null(strstr(err, "g:2: "));
}

static void test_read_file(void **state)
{
	char path[] = "/tmp/test_conf_file.XXXXXX";
	struct seen s = {"", 0, 0};
	const char *err;
	int fd;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "LISTEN 127.0.0.1 3493\nMAXAGE 15\n", 32), 32);
	close(fd);
	assert_int_equal(conf_read_file(path, collect_cb, &s), 0);
	assert_string_equal(s.text, "1:LISTEN|127.0.0.1|3493\n2:MAXAGE|15\n");
	unlink(path);
	capture_start();
	assert_int_equal(conf_read_file(path, collect_cb, &s), -1);
	err = capture_end();
	assert_non_null(strstr(err, path));
}

static void test_conf_error_format(void **state)
{
	struct conf_ctx ctx = {"upsd.conf", 0, NULL};
	char *argv[] = {"X", NULL};
	struct conf_line line = {"upsd.conf", 7, 1, argv};
	const char *err;

	capture_start();
	conf_error(&ctx, &line, "unknown directive %s", "X");
	conf_error(&ctx, NULL, "no line");
	err = capture_end();
	assert_int_equal(ctx.nerrors, 2);
	assert_non_null(strstr(err, "upsd.conf:7: unknown directive X\n"));
	assert_non_null(strstr(err, "upsd.conf: no line\n"));
}

static struct conf_line mkline(int argc, char **argv)
{
	struct conf_line l = {"t.conf", 3, argc, argv};

	return l;
}

static void test_section(void **state)
{
	char out[16];
	char *a1[] = {"[myups]", NULL};
	char *a2[] = {"[]", NULL};
	char *a3[] = {"[averyveryverylongname]", NULL};
	char *a4[] = {"driver", NULL};
	char *a5[] = {"[a]", "b", NULL};
	char *a6[] = {"[open", NULL};
	struct conf_line l;

	l = mkline(1, a1);
	assert_int_equal(conf_is_section(&l, out, sizeof(out)), 1);
	assert_string_equal(out, "myups");
	l = mkline(1, a2);
	assert_int_equal(conf_is_section(&l, out, sizeof(out)), -1);
	l = mkline(1, a3);
	assert_int_equal(conf_is_section(&l, out, sizeof(out)), -1);
	l = mkline(1, a4);
	assert_int_equal(conf_is_section(&l, out, sizeof(out)), 0);
	l = mkline(2, a5);
	assert_int_equal(conf_is_section(&l, out, sizeof(out)), -1);
	l = mkline(1, a6);
	assert_int_equal(conf_is_section(&l, out, sizeof(out)), 0);
}

static void test_split_kv(void **state)
{
	struct conf_ctx ctx = {"ups.conf", 0, NULL};
	char key[8];
	const char *val;
	char *a1[] = {"port", "=", "/dev/x", NULL};
	char *a2[] = {"nolock", NULL};
	char *a3[] = {"port", "/dev/y", NULL};
	char *a4[] = {"port", "=", NULL};
	char *a5[] = {"=", "x", NULL};
	char *a6[] = {"toolongkey", "=", "x", NULL};
	char *a7[] = {"desc", "=", "a", "b", NULL};
	struct conf_line l;
	const char *err;

	l = mkline(3, a1);
	assert_int_equal(conf_split_kv(&ctx, &l, key, sizeof(key), &val), 0);
	assert_string_equal(key, "port");
	assert_string_equal(val, "/dev/x");
	l = mkline(1, a2);
	assert_int_equal(conf_split_kv(&ctx, &l, key, sizeof(key), &val), 0);
	assert_string_equal(key, "nolock");
	assert_null(val);
	l = mkline(2, a3);
	assert_int_equal(conf_split_kv(&ctx, &l, key, sizeof(key), &val), 0);
	assert_string_equal(val, "/dev/y");
	assert_int_equal(ctx.nerrors, 0);
	capture_start();
	l = mkline(2, a4);
	assert_int_equal(conf_split_kv(&ctx, &l, key, sizeof(key), &val), -1);
	l = mkline(2, a5);
	assert_int_equal(conf_split_kv(&ctx, &l, key, sizeof(key), &val), -1);
	l = mkline(3, a6);
	assert_int_equal(conf_split_kv(&ctx, &l, key, sizeof(key), &val), -1);
	l = mkline(4, a7); /* extra words: a warning, not an error (NUT ignores them) */
	assert_int_equal(conf_split_kv(&ctx, &l, key, sizeof(key), &val), 0);
	assert_string_equal(val, "a");
	err = capture_end();
	assert_int_equal(ctx.nerrors, 3);
	assert_non_null(strstr(err, "t.conf:3: port: missing value after '='"));
	assert_non_null(strstr(err, "t.conf:3: desc: words after the value ignored"));
}

struct target {
	int flag;
	char *name;
	int num;
	int yes;
	int custom_calls;
	char custom_last[32];
};

static int custom_handler(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	struct target *t = arg;

	t->custom_calls++;
	snprintf(t->custom_last, sizeof(t->custom_last), "%s:%d", line->argv[0], line->argc);
	if (line->argc > 1 && strcmp(line->argv[1], "bad") == 0) {
		conf_error(ctx, line, "custom refused");
		return -1;
	}
	return 0;
}

static const struct conf_directive table[] = {
    {"FLAG", CONF_T_FLAG, 0, 0, 0, 0, offsetof(struct target, flag), 0, NULL},
    {"NAME", CONF_T_STRING, 1, 1, 0, 0, offsetof(struct target, name), 0, NULL},
    {"NUM", CONF_T_INT, 1, 1, 1, 100, offsetof(struct target, num), CONF_D_RELOADABLE, NULL},
    {"YES", CONF_T_BOOL, 1, 1, 0, 0, offsetof(struct target, yes), 0, NULL},
    {"CUSTOM", CONF_T_CUSTOM, 0, 3, 0, 0, 0, CONF_D_REPEATABLE, custom_handler},
    {NULL, 0, 0, 0, 0, 0, 0, 0, NULL},
};

static int dispatch_cb(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	if (conf_dispatch(ctx, table, line, arg) == 1)
		conf_error(ctx, line, "unknown directive %s", line->argv[0]);
	return 0;
}

static void test_dispatch(void **state)
{
	static const char in[] = "flag\n"
	                         "Name \"first\"\n"
	                         "NAME second\n"
	                         "NUM 42\n"
	                         "YES off\n"
	                         "CUSTOM a b\n"
	                         "CUSTOM\n";
	static const char bad[] = "FLAG 1\n"
	                          "NAME\n"
	                          "NUM 101\n"
	                          "NUM 4x\n"
	                          "YES maybe\n"
	                          "CUSTOM bad\n"
	                          "CUSTOM 1 2 3 4\n"
	                          "WHAT\n"
	                          "NUM 7\n";
	struct target t;
	const char *err;

	memset(&t, 0, sizeof(t));
	t.yes = 1;
	assert_int_equal(conf_read_buffer("d.conf", in, sizeof(in) - 1, dispatch_cb, &t), 0);
	assert_int_equal(t.flag, 1);
	assert_string_equal(t.name, "second");
	assert_int_equal(t.num, 42);
	assert_int_equal(t.yes, 0);
	assert_int_equal(t.custom_calls, 2);
	assert_string_equal(t.custom_last, "CUSTOM:1");

	capture_start();
	assert_int_equal(conf_read_buffer("d.conf", bad, sizeof(bad) - 1, dispatch_cb, &t), 8);
	err = capture_end();
	assert_non_null(strstr(err, "d.conf:1: FLAG takes 0 arguments, not 1"));
	assert_non_null(strstr(err, "d.conf:2: NAME takes 1 argument, not 0"));
	assert_non_null(strstr(err, "d.conf:3: NUM: '101' is not a whole number from 1 to 100"));
	assert_non_null(strstr(err, "d.conf:4: NUM: '4x'"));
	assert_non_null(strstr(err, "d.conf:5: YES: 'maybe'"));
	assert_non_null(strstr(err, "d.conf:6: custom refused"));
	assert_non_null(strstr(err, "d.conf:7: CUSTOM takes 0 to 3 arguments, not 4"));
	assert_non_null(strstr(err, "d.conf:8: unknown directive WHAT"));
	assert_int_equal(t.num, 7); /* good lines after bad ones still apply */
	assert_string_equal(t.name, "second");
	free(t.name);
}

static void test_apply_kv(void **state)
{
	struct conf_ctx ctx = {"ups.conf", 0, NULL};
	char *argv[] = {"num", "=", "9", NULL};
	struct conf_line l = {"ups.conf", 5, 3, argv};
	struct target t;
	char *v[] = {"9", NULL};

	memset(&t, 0, sizeof(t));
	assert_ptr_equal(conf_find(table, "num"), &table[2]);
	assert_null(conf_find(table, "nope"));
	assert_int_equal(conf_apply(&ctx, conf_find(table, "num"), &l, 1, v, &t), 0);
	assert_int_equal(t.num, 9);
	assert_int_equal(conf_apply(&ctx, conf_find(table, "custom"), &l, 1, v, &t), 0);
	assert_string_equal(t.custom_last, "num:2");
}

static void test_parse_long(void **state)
{
	long v = 5;

	assert_int_equal(conf_parse_long("42", 0, 100, &v), 0);
	assert_int_equal(v, 42);
	assert_int_equal(conf_parse_long("-7", -10, 10, &v), 0);
	assert_int_equal(v, -7);
	assert_int_equal(conf_parse_long("+3", 0, 10, &v), 0);
	assert_int_equal(v, 3);
	v = 5;
	assert_int_equal(conf_parse_long("", 0, 10, &v), -1);
	assert_int_equal(conf_parse_long(" 1", 0, 10, &v), -1);
	assert_int_equal(conf_parse_long("1 ", 0, 10, &v), -1);
	assert_int_equal(conf_parse_long("0x10", 0, 100, &v), -1);
	assert_int_equal(conf_parse_long("1.5", 0, 10, &v), -1);
	assert_int_equal(conf_parse_long("-", 0, 10, &v), -1);
	assert_int_equal(conf_parse_long("11", 0, 10, &v), -1);
	assert_int_equal(conf_parse_long("-1", 0, 10, &v), -1);
	assert_int_equal(conf_parse_long("99999999999999999999", LONG_MIN, LONG_MAX, &v), -1);
	assert_int_equal(conf_parse_long(NULL, 0, 10, &v), -1);
	assert_int_equal(v, 5); /* untouched on failure */
}

static void test_parse_bool(void **state)
{
	static const char *const yes[] = {"yes", "YES", "true", "On", "1"};
	static const char *const no[] = {"no", "False", "off", "0"};
	static const char *const bad[] = {"", "y", "2", "enable", "yess"};
	size_t i;
	int v;

	for (i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
		v = 0;
		assert_int_equal(conf_parse_bool(yes[i], &v), 0);
		assert_int_equal(v, 1);
	}
	for (i = 0; i < sizeof(no) / sizeof(no[0]); i++) {
		v = 1;
		assert_int_equal(conf_parse_bool(no[i], &v), 0);
		assert_int_equal(v, 0);
	}
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 7;
		assert_int_equal(conf_parse_bool(bad[i], &v), -1);
		assert_int_equal(v, 7);
	}
}

static void kept_cb(const char *name, void *arg)
{
	char *seen = arg;
	size_t n = strlen(seen);

	snprintf(seen + n, 64 - n, "%s ", name);
}

/* A reload keeps the running value of every directive not marked
 * CONF_D_RELOADABLE, says which, and leaves the reloadable ones alone. */
static void test_keep_fixed(void **state)
{
	struct target cur, next;
	char seen[64] = "";

	(void)state;
	memset(&cur, 0, sizeof(cur));
	memset(&next, 0, sizeof(next));
	cur.flag = 1, cur.num = 5, cur.yes = 0, cur.name = strdup("old");
	next.flag = 1, next.num = 7, next.yes = 1, next.name = strdup("new");
	assert_int_equal(conf_keep_fixed(table, &cur, &next, kept_cb, seen), 2);
	assert_string_equal(seen, "NAME YES ");
	assert_int_equal(next.num, 7); /* reloadable: the new value */
	assert_int_equal(next.yes, 0);
	assert_string_equal(next.name, "old");
	assert_string_equal(cur.name, "new"); /* swapped: freeing cur frees it */
	free(cur.name);
	cur.name = NULL;
	/* A string set in one and not the other differs too; equal ones do not. */
	seen[0] = '\0';
	assert_int_equal(conf_keep_fixed(table, &cur, &next, kept_cb, seen), 1);
	assert_string_equal(seen, "NAME ");
	assert_null(next.name);
	assert_string_equal(cur.name, "old");
	free(cur.name);
	cur.name = strdup("same");
	next.name = strdup("same");
	assert_int_equal(conf_keep_fixed(table, &cur, &next, NULL, NULL), 0);
	free(cur.name);
	free(next.name);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_lines_and_numbers),
	    cmocka_unit_test(test_stop_early),
	    cmocka_unit_test(test_tokenizer_errors_reported),
	    cmocka_unit_test(test_read_file),
	    cmocka_unit_test(test_conf_error_format),
	    cmocka_unit_test(test_section),
	    cmocka_unit_test(test_split_kv),
	    cmocka_unit_test(test_dispatch),
	    cmocka_unit_test(test_apply_kv),
	    cmocka_unit_test(test_parse_long),
	    cmocka_unit_test(test_parse_bool),
	    cmocka_unit_test(test_keep_fixed),
	};

	log_init("test_conf", LOG_TO_STDERR, 0);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
