/* logfmt: see logfmt.h. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "logfmt.h"

#define LF_TIME_MAX 512 /* bytes one %TIME% may produce */

/* The user's own strftime() format, by design. */
static size_t lf_strftime(char *out, size_t len, const char *fmt, const struct tm *tm)
{
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	return strftime(out, len, fmt, tm);
#pragma GCC diagnostic pop
}

static int lf_add(struct lf_format *f, enum lf_kind kind, const char *arg, size_t len)
{
	struct lf_seg *more = realloc(f->seg, (f->n + 1) * sizeof(*f->seg));

	if (more == NULL)
		return -1;
	f->seg = more;
	f->seg[f->n].kind = kind;
	f->seg[f->n].arg = NULL;
	if (arg != NULL) {
		f->seg[f->n].arg = strndup(arg, len);
		if (f->seg[f->n].arg == NULL)
			return -1;
	}
	f->n++;
	return 0;
}

/* The escape between two '%' (text, len bytes, without them). */
static int lf_escape(struct lf_format *f, const char *text, size_t len)
{
	static const struct {
		const char *word;
		enum lf_kind kind;
	} bare[] = {
	    {"ETIME", LF_ETIME},
	    {"HOST", LF_HOST},
	    {"UPSHOST", LF_UPSHOST},
	    {"PID", LF_PID},
	};
	size_t i;

	for (i = 0; i < sizeof(bare) / sizeof(bare[0]); i++)
		if (len == strlen(bare[i].word) && strncasecmp(text, bare[i].word, len) == 0)
			return lf_add(f, bare[i].kind, NULL, 0);
	if (len > 4 && strncasecmp(text, "VAR ", 4) == 0)
		return lf_add(f, LF_VAR, text + 4, len - 4);
	if (len >= 5 && strncasecmp(text, "TIME ", 5) == 0) {
		char *p;

		if (lf_add(f, LF_TIME, text + 5, len - 5) < 0)
			return -1;
		for (p = f->seg[f->n - 1].arg; *p != '\0'; p++)
			if (*p == '@')
				*p = '%';
		return 0;
	}
	return lf_add(f, LF_INVALID, NULL, 0);
}

int lf_compile(const char *fmt, struct lf_format *out)
{
	const char *p = fmt, *close;

	memset(out, 0, sizeof(*out));
	if (strlen(fmt) > LF_FORMAT_MAX) {
		errno = E2BIG;
		return -1;
	}
	while (*p != '\0') {
		const char *pct = strchr(p, '%');

		if (pct == NULL)
			pct = p + strlen(p);
		if (pct > p && lf_add(out, LF_TEXT, p, (size_t)(pct - p)) < 0)
			goto nomem;
		if (*pct == '\0')
			break;
		if (pct[1] == '%') {
			if (lf_add(out, LF_TEXT, "%", 1) < 0)
				goto nomem;
			p = pct + 2;
			continue;
		}
		close = strchr(pct + 1, '%');
		if (close == NULL) {
			/* No closing '%': "INVALID", then the rest as it is. */
			if (lf_add(out, LF_INVALID, NULL, 0) < 0 ||
			    (pct[1] != '\0' && lf_add(out, LF_TEXT, pct + 1, strlen(pct + 1)) < 0))
				goto nomem;
			break;
		}
		if (lf_escape(out, pct + 1, (size_t)(close - pct - 1)) < 0)
			goto nomem;
		p = close + 1;
	}
	return 0;
nomem:
	lf_free(out);
	errno = ENOMEM;
	return -1;
}

void lf_free(struct lf_format *f)
{
	size_t i;

	for (i = 0; i < f->n; i++)
		free(f->seg[i].arg);
	free(f->seg);
	f->seg = NULL;
	f->n = 0;
}

static int lf_str(struct buf *out, const char *s)
{
	return buf_append(out, s, strlen(s));
}

int lf_render(const struct lf_format *f, const struct lf_ctx *ctx, struct buf *out)
{
	char tbuf[LF_TIME_MAX];
	struct tm tm;
	const char *v;
	size_t i, n;

	for (i = 0; i < f->n; i++) {
		const struct lf_seg *s = &f->seg[i];
		int rc = 0;

		switch (s->kind) {
		case LF_TEXT:
			rc = lf_str(out, s->arg);
			break;
		case LF_VAR:
			v = ctx->var != NULL ? ctx->var(s->arg, ctx->arg) : NULL;
			rc = lf_str(out, v != NULL ? v : "NA");
			break;
		case LF_TIME:
			/* strftime() gives 0 both for an empty result and for one
			 * that does not fit: either way nothing is printed. */
			n = localtime_r(&ctx->now, &tm) != NULL
			        ? lf_strftime(tbuf, sizeof(tbuf), s->arg, &tm)
			        : 0;
			rc = buf_append(out, tbuf, n);
			break;
		case LF_ETIME:
			rc = buf_printf(out, "%lld", (long long)ctx->now);
			break;
		case LF_HOST:
			rc = lf_str(out, ctx->host != NULL ? ctx->host : "");
			break;
		case LF_UPSHOST:
			rc = lf_str(out, ctx->upshost != NULL ? ctx->upshost : "");
			break;
		case LF_PID:
			rc = buf_printf(out, "%ld", ctx->pid);
			break;
		case LF_INVALID:
			rc = lf_str(out, "INVALID");
			break;
		}
		if (rc < 0)
			return -1;
	}
	return 0;
}
