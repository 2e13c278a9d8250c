/* fuzz_conf: the config lexer and helpers on arbitrary files. Every line goes
 * through conf_is_section, conf_split_kv and a directive table of each type,
 * and the number/boolean parsers are checked against their contracts. Logging
 * is off; invariants abort. */
#include "config.h"

#include <limits.h>
#include <stddef.h>
#include <string.h>

#include "conf.h"
#include "fuzz.h"
#include "log.h"

struct fz_target {
	int flag;
	char *str;
	int num;
	int yes;
	int custom;
};

static int fz_custom(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	struct fz_target *t = arg;

	FUZZ_CHECK(line->argc >= 1 && line->argv[line->argc] == NULL);
	t->custom += line->argc;
	return line->argc > 2 ? -1 : 0;
}

static const struct conf_directive fz_table[] = {
    {"flag", CONF_T_FLAG, 0, 0, 0, 0, offsetof(struct fz_target, flag), 0, NULL},
    {"str", CONF_T_STRING, 1, 1, 0, 0, offsetof(struct fz_target, str), 0, NULL},
    {"num", CONF_T_INT, 1, 1, -5, 70000, offsetof(struct fz_target, num), 0, NULL},
    {"bool", CONF_T_BOOL, 1, 1, 0, 0, offsetof(struct fz_target, yes), 0, NULL},
    {"custom", CONF_T_CUSTOM, 0, 4, 0, 0, 0, CONF_D_REPEATABLE, fz_custom},
    {NULL, 0, 0, 0, 0, 0, 0, 0, NULL},
};

static int fz_line(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	struct fz_target *t = arg;
	char name[32], key[16];
	const char *value;
	const struct conf_directive *d;
	long lv;
	int i, bv, before = ctx->nerrors;

	FUZZ_CHECK(line->argc >= 1 && line->argc <= CONF_MAX_ARGS);
	FUZZ_CHECK(line->argv[line->argc] == NULL);
	FUZZ_CHECK(line->lineno >= 1);
	if (conf_is_section(line, name, sizeof(name)) == 1) {
		FUZZ_CHECK(strlen(name) > 0 && strlen(name) < sizeof(name));
		return 0;
	}
	if (conf_split_kv(ctx, line, key, sizeof(key), &value) == 0) {
		FUZZ_CHECK(strlen(key) < sizeof(key));
		d = conf_find(fz_table, key);
		if (d != NULL && value != NULL) {
			char *v[2] = {(char *)(uintptr_t)value, NULL};

			(void)conf_apply(ctx, d, line, 1, v, t);
		}
	} else {
		FUZZ_CHECK(ctx->nerrors > before);
	}
	(void)conf_dispatch(ctx, fz_table, line, t);
	FUZZ_CHECK(t->num >= -5 && t->num <= 70000);
	FUZZ_CHECK(t->flag == 0 || t->flag == 1);
	FUZZ_CHECK(t->yes == 0 || t->yes == 1);
	for (i = 0; i < line->argc; i++) {
		lv = 12345;
		if (conf_parse_long(line->argv[i], -100, 100, &lv) == 0)
			FUZZ_CHECK(lv >= -100 && lv <= 100);
		else
			FUZZ_CHECK(lv == 12345);
		bv = 7;
		if (conf_parse_bool(line->argv[i], &bv) == 0)
			FUZZ_CHECK(bv == 0 || bv == 1);
		else
			FUZZ_CHECK(bv == 7);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct fz_target t;
	int n;

	if (!inited) {
		log_init("fuzz_conf", 0, 0); /* no destination: quiet */
		inited = 1;
	}
	if (size > 65536)
		return 0;
	memset(&t, 0, sizeof(t));
	n = conf_read_buffer("fuzz.conf", (const char *)data, size, fz_line, &t);
	FUZZ_CHECK(n >= 0);
	free(t.str);
	return 0;
}
