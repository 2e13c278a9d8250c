/* conf: the lexer for NUT-style config files and the directive tables.
 *
 * Lines are tokenized by proto with PROTO_F_COMMENTS, so config files get
 * exactly NUT's word rules (quotes, backslashes, '#' comments, '=' as a word of
 * its own, backslash-newline continuation). A logical line is reported with
 * the number of the physical line it starts on. NUT 2.8.0 itself reports a '#'
 * inside quotes as "file:line: Unbalanced word due to unescaped # in quotes";
 * we report it too and skip that line.
 *
 * Facts about ups.conf measured on NUT 2.8.0 (dummy-ups): "key = value" and
 * "key=value" set a value; extra words after the value are ignored; "key"
 * alone is a flag; "key value" (no '=') and "key =" are silently ignored.
 * conf_split_kv() accepts the first three, warns about the extra words, takes
 * "key value" as "key = value" and reports "key =" as an error (silence is
 * what we promise not to do).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "proto.h"

void conf_error(struct conf_ctx *ctx, const struct conf_line *line, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	if (vsnprintf(msg, sizeof(msg), fmt, ap) >= (int)sizeof(msg))
		memcpy(msg + sizeof(msg) - 4, "...", 4); /* a long message is marked, not lost */
	va_end(ap);
	if (line != NULL)
		log_warnx("%s:%d: %s", line->file ? line->file : ctx->file, line->lineno, msg);
	else
		log_warnx("%s: %s", ctx->file, msg);
	ctx->nerrors++;
}

struct reader {
	struct proto_tok tok;
	struct conf_ctx ctx;
	conf_line_cb cb;
	void *arg;
	int stop;
};

static void reader_result(struct reader *r, enum proto_result res)
{
	struct conf_line line;

	line.file = r->ctx.file;
	line.lineno = r->tok.lineno;
	line.argc = r->tok.argc;
	line.argv = r->tok.argv;
	if (res == PROTO_LINE) {
		if (r->cb(&r->ctx, &line, r->arg) < 0)
			r->stop = 1;
	} else if (res != PROTO_MORE) {
		line.argc = 0;
		if (res == PROTO_ERR_TOO_LONG)
			conf_error(&r->ctx, &line, "line longer than %d bytes", CONF_MAX_LINE);
		else if (res == PROTO_ERR_TOO_MANY)
			conf_error(&r->ctx, &line, "more than %d words on the line", CONF_MAX_ARGS);
		else
			conf_error(&r->ctx, &line,
			           "unbalanced quote ('#' inside quotes must be "
			           "escaped as \\#)");
	}
}

static int reader_init(struct reader *r, const char *name, conf_line_cb cb, void *arg)
{
	memset(r, 0, sizeof(*r));
	r->ctx.file = name;
	r->cb = cb;
	r->arg = arg;
	if (proto_tok_init(&r->tok, PROTO_F_COMMENTS, CONF_MAX_LINE, CONF_MAX_ARGS) < 0) {
		log_warnx("%s: out of memory", name);
		return -1;
	}
	return 0;
}

static void reader_feed(struct reader *r, const char *data, size_t len)
{
	while (len > 0 && !r->stop) {
		size_t used = 0;
		enum proto_result res = proto_feed(&r->tok, data, len, &used);

		reader_result(r, res);
		data += used;
		len -= used;
	}
}

static int reader_end(struct reader *r)
{
	if (!r->stop)
		reader_result(r, proto_finish(&r->tok));
	proto_tok_free(&r->tok);
	return r->ctx.nerrors;
}

int conf_read_buffer(const char *name, const char *data, size_t len, conf_line_cb cb, void *arg)
{
	struct reader r;

	if (reader_init(&r, name, cb, arg) < 0)
		return -1;
	reader_feed(&r, data, len);
	return reader_end(&r);
}

int conf_read_file(const char *path, conf_line_cb cb, void *arg)
{
	struct reader r;
	char chunk[4096];
	int fd;
	ssize_t n;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_warn("%s", path);
		return -1;
	}
	if (reader_init(&r, path, cb, arg) < 0) {
		close(fd);
		return -1;
	}
	while (!r.stop) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_warn("%s", path);
			r.ctx.nerrors++;
			break;
		}
		if (n == 0)
			break;
		reader_feed(&r, chunk, (size_t)n);
	}
	close(fd);
	return reader_end(&r);
}

int conf_is_section(const struct conf_line *line, char *out, size_t outlen)
{
	const char *w;
	size_t n;

	if (line->argc < 1 || line->argv[0][0] != '[')
		return 0;
	w = line->argv[0];
	n = strlen(w);
	if (n < 2 || w[n - 1] != ']')
		return 0;
	if (line->argc != 1 || n == 2 || n - 2 >= outlen)
		return -1;
	memcpy(out, w + 1, n - 2);
	out[n - 2] = '\0';
	return 1;
}

int conf_split_kv(struct conf_ctx *ctx, const struct conf_line *line, char *key, size_t keylen,
                  const char **value)
{
	const char *k;
	size_t n;
	int vi;

	*value = NULL;
	if (line->argc < 1) {
		conf_error(ctx, line, "empty line");
		return -1;
	}
	k = line->argv[0];
	n = strlen(k);
	if (n == 0 || strcmp(k, "=") == 0) {
		conf_error(ctx, line, "missing name before '='");
		return -1;
	}
	if (n >= keylen) {
		conf_error(ctx, line, "name '%.32s...' is too long", k);
		return -1;
	}
	if (line->argc == 1) {
		memcpy(key, k, n + 1);
		return 0; /* a bare flag */
	}
	vi = strcmp(line->argv[1], "=") == 0 ? 2 : 1;
	if (vi >= line->argc) {
		conf_error(ctx, line, "%s: missing value after '='", k);
		return -1;
	}
	if (vi + 1 < line->argc)
		log_warnx("%s:%d: %s: words after the value ignored (quote a value that has "
		          "spaces)",
		          line->file ? line->file : ctx->file, line->lineno, k);
	memcpy(key, k, n + 1);
	*value = line->argv[vi];
	return 0;
}

const struct conf_directive *conf_find(const struct conf_directive *table, const char *name)
{
	for (; table->name != NULL; table++)
		if (strcasecmp(table->name, name) == 0)
			return table;
	return NULL;
}

int conf_parse_long(const char *s, long min, long max, long *out)
{
	const char *p = s;
	char *end;
	long v;

	if (s == NULL)
		return -1;
	if (*p == '+' || *p == '-')
		p++;
	if (*p < '0' || *p > '9')
		return -1; /* also refuses leading spaces, which strtol would skip */
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static const struct {
	const char *word;
	int value;
} bool_words[] = {
    {"yes", 1}, {"no", 0}, {"true", 1}, {"false", 0}, {"on", 1}, {"off", 0}, {"1", 1}, {"0", 0},
};

int conf_parse_bool(const char *s, int *out)
{
	size_t i;

	if (s == NULL)
		return -1;
	for (i = 0; i < sizeof(bool_words) / sizeof(bool_words[0]); i++) {
		if (strcasecmp(bool_words[i].word, s) == 0) {
			*out = bool_words[i].value;
			return 0;
		}
	}
	return -1;
}

int conf_apply(struct conf_ctx *ctx, const struct conf_directive *d, const struct conf_line *line,
               int argc, char **argv, void *target)
{
	char *slot = (char *)target + d->offset;
	long lv;
	int iv;

	switch (d->type) {
	case CONF_T_FLAG:
		if (argc != 0) {
			conf_error(ctx, line, "%s takes no value", d->name);
			return -1;
		}
		iv = 1;
		memcpy(slot, &iv, sizeof(iv));
		return 0;
	case CONF_T_STRING: {
		char *old, *nv;

		if (argc < 1) {
			conf_error(ctx, line, "%s needs a value", d->name);
			return -1;
		}
		nv = strdup(argv[0]);
		if (nv == NULL) {
			conf_error(ctx, line, "%s: out of memory", d->name);
			return -1;
		}
		memcpy(&old, slot, sizeof(old));
		free(old);
		memcpy(slot, &nv, sizeof(nv));
		return 0;
	}
	case CONF_T_INT: {
		long lo = d->min < INT_MIN ? INT_MIN : d->min;
		long hi = d->max > INT_MAX ? INT_MAX : d->max;

		if (argc < 1 || conf_parse_long(argv[0], lo, hi, &lv) < 0) {
			conf_error(ctx, line, "%s: '%s' is not a whole number from %ld to %ld",
			           d->name, argc < 1 ? "" : argv[0], lo, hi);
			return -1;
		}
		iv = (int)lv;
		memcpy(slot, &iv, sizeof(iv));
		return 0;
	}
	case CONF_T_BOOL:
		if (argc < 1 || conf_parse_bool(argv[0], &iv) < 0) {
			conf_error(ctx, line, "%s: '%s' is not yes/no, true/false, on/off or 1/0",
			           d->name, argc < 1 ? "" : argv[0]);
			return -1;
		}
		memcpy(slot, &iv, sizeof(iv));
		return 0;
	case CONF_T_CUSTOM: {
		char *vec[CONF_MAX_ARGS + 2];
		struct conf_line sub;
		int i;

		if (d->handler == NULL || argc > CONF_MAX_ARGS) {
			conf_error(ctx, line, "%s: cannot be applied", d->name);
			return -1;
		}
		/* The handler sees argv[0] = the directive as written, then the values. */
		vec[0] = line->argc > 0 ? line->argv[0] : (char *)(uintptr_t)d->name;
		for (i = 0; i < argc; i++)
			vec[i + 1] = argv[i];
		vec[argc + 1] = NULL;
		sub = *line;
		sub.argc = argc + 1;
		sub.argv = vec;
		return d->handler(ctx, &sub, target) < 0 ? -1 : 0;
	}
	}
	conf_error(ctx, line, "%s: bad directive table entry", d->name);
	return -1;
}

int conf_dispatch(struct conf_ctx *ctx, const struct conf_directive *table,
                  const struct conf_line *line, void *target)
{
	const struct conf_directive *d;
	int nargs;

	if (line->argc < 1)
		return 1;
	d = conf_find(table, line->argv[0]);
	if (d == NULL)
		return 1;
	nargs = line->argc - 1;
	if (nargs < d->min_args || nargs > d->max_args) {
		if (d->min_args == d->max_args)
			conf_error(ctx, line, "%s takes %d argument%s, not %d", d->name,
			           d->min_args, d->min_args == 1 ? "" : "s", nargs);
		else
			conf_error(ctx, line, "%s takes %d to %d arguments, not %d", d->name,
			           d->min_args, d->max_args, nargs);
		return -1;
	}
	return conf_apply(ctx, d, line, nargs, line->argv + 1, target);
}

int conf_keep_fixed(const struct conf_directive *table, void *cur, void *next,
                    void (*on_kept)(const char *name, void *arg), void *arg)
{
	const struct conf_directive *d;
	int kept = 0;

	for (d = table; d->name != NULL; d++) {
		char *a = (char *)cur + d->offset, *b = (char *)next + d->offset;
		int differs;

		if (d->flags & CONF_D_RELOADABLE)
			continue;
		switch (d->type) {
		case CONF_T_FLAG:
		case CONF_T_INT:
		case CONF_T_BOOL: {
			int x, y;

			memcpy(&x, a, sizeof(x));
			memcpy(&y, b, sizeof(y));
			differs = x != y;
			if (differs)
				memcpy(b, &x, sizeof(x));
			break;
		}
		case CONF_T_STRING: {
			char *x, *y;

			memcpy(&x, a, sizeof(x));
			memcpy(&y, b, sizeof(y));
			differs = (x == NULL) != (y == NULL) || (x != NULL && strcmp(x, y) != 0);
			if (differs) {
				memcpy(a, &y, sizeof(y));
				memcpy(b, &x, sizeof(x));
			}
			break;
		}
		default:
			differs = 0;
			break;
		}
		if (differs) {
			kept++;
			if (on_kept != NULL)
				on_kept(d->name, arg);
		}
	}
	return kept;
}
