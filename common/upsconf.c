/* upsconf: reads ups.conf into global options and per-UPS sections. Only the
 * shape of the file is checked here (sections, key/value lines, required
 * "driver" and "port"); which keys are valid is each program's business,
 * since a driver's own options are known only to that driver. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "log.h"
#include "strutil.h"
#include "upsconf.h"

#define UPSCONF_MAX_KEY  128 /* bytes of a key, NUL included */
#define UPSCONF_MAX_NAME 128 /* bytes of a section name, NUL included */

/* Keys every section must have: without them no driver can be started. */
static const char *const upsconf_required[] = {"driver", "port"};

struct upsconf_load_ctx {
	struct upsconf *c;
	int in_section; /* a [name] header has been seen */
	int skipping;   /* inside a refused (duplicate) section: drop its keys */
};

static void upsconf_opt_free(struct upsconf_opt *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(o[i].key);
		free(o[i].value);
	}
	free(o);
}

void upsconf_free(struct upsconf *c)
{
	size_t i;

	if (c == NULL)
		return;
	free(c->file);
	upsconf_opt_free(c->globals, c->nglobals);
	for (i = 0; i < c->nups; i++) {
		free(c->ups[i].name);
		upsconf_opt_free(c->ups[i].opts, c->ups[i].nopts);
	}
	free(c->ups);
	memset(c, 0, sizeof(*c));
}

const struct upsconf_ups *upsconf_find(const struct upsconf *c, const char *name)
{
	size_t i;

	if (c == NULL || name == NULL)
		return NULL;
	for (i = 0; i < c->nups; i++) {
		if (strcmp(c->ups[i].name, name) == 0)
			return &c->ups[i];
	}
	return NULL;
}

/* The last occurrence wins, as later lines override earlier ones in NUT. A
 * bare flag yields "" so callers can tell "present" from "absent". */
static const char *upsconf_lookup(const struct upsconf_opt *o, size_t n, const char *key)
{
	size_t i;

	for (i = n; i > 0; i--) {
		if (strcasecmp(o[i - 1].key, key) == 0)
			return o[i - 1].value != NULL ? o[i - 1].value : "";
	}
	return NULL;
}

const char *upsconf_get(const struct upsconf_ups *u, const char *key)
{
	if (u == NULL || key == NULL)
		return NULL;
	return upsconf_lookup(u->opts, u->nopts, key);
}

const char *upsconf_global(const struct upsconf *c, const char *key)
{
	if (c == NULL || key == NULL)
		return NULL;
	return upsconf_lookup(c->globals, c->nglobals, key);
}

static int upsconf_add_opt(struct upsconf_opt **arr, size_t *n, const char *key, const char *value,
                           int lineno)
{
	struct upsconf_opt *o;
	char *k, *v = NULL;

	k = strdup(key);
	if (k == NULL)
		return -1;
	if (value != NULL && (v = strdup(value)) == NULL) {
		free(k);
		return -1;
	}
	o = realloc(*arr, (*n + 1) * sizeof(**arr));
	if (o == NULL) {
		free(k);
		free(v);
		return -1;
	}
	*arr = o;
	o[*n].key = k;
	o[*n].value = v;
	o[*n].lineno = lineno;
	(*n)++;
	return 0;
}

static int upsconf_add_section(struct upsconf_load_ctx *lc, struct conf_ctx *ctx,
                               const struct conf_line *line, const char *name)
{
	struct upsconf *c = lc->c;
	const struct upsconf_ups *dup;
	struct upsconf_ups *u;
	char *n;

	dup = upsconf_find(c, name);
	if (dup != NULL) {
		conf_error(ctx, line, "duplicate section [%s] (first at line %d)", name,
		           dup->lineno);
		return -1;
	}
	n = strdup(name);
	if (n == NULL) {
		conf_error(ctx, line, "out of memory");
		return -1;
	}
	u = realloc(c->ups, (c->nups + 1) * sizeof(*c->ups));
	if (u == NULL) {
		free(n);
		conf_error(ctx, line, "out of memory");
		return -1;
	}
	c->ups = u;
	memset(&u[c->nups], 0, sizeof(u[c->nups]));
	u[c->nups].name = n;
	u[c->nups].lineno = line->lineno;
	c->nups++;
	lc->in_section = 1;
	return 0;
}

static int upsconf_line(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	struct upsconf_load_ctx *lc = arg;
	struct upsconf *c = lc->c;
	char name[UPSCONF_MAX_NAME], key[UPSCONF_MAX_KEY];
	const char *value = NULL;
	int r;

	r = conf_is_section(line, name, sizeof(name));
	if (r < 0) {
		conf_error(ctx, line, "bad section name");
		return 0;
	}
	if (r == 1) {
		lc->skipping = upsconf_add_section(lc, ctx, line, name) < 0;
		ctx->section = lc->skipping ? NULL : c->ups[c->nups - 1].name;
		return 0;
	}
	if (conf_split_kv(ctx, line, key, sizeof(key), &value) < 0)
		return 0;
	if (lc->skipping)
		return 0; /* the section itself was already reported */
	if (!lc->in_section)
		r = upsconf_add_opt(&c->globals, &c->nglobals, key, value, line->lineno);
	else
		r = upsconf_add_opt(&c->ups[c->nups - 1].opts, &c->ups[c->nups - 1].nopts, key,
		                    value, line->lineno);
	if (r < 0)
		conf_error(ctx, line, "out of memory");
	return 0;
}

/* Every section needs the keys in upsconf_required; each gap is one error,
 * reported at the section header. Returns the number of errors. */
static int upsconf_check_required(const struct upsconf *c)
{
	size_t i, k;
	int nerr = 0;

	for (i = 0; i < c->nups; i++) {
		for (k = 0; k < sizeof(upsconf_required) / sizeof(upsconf_required[0]); k++) {
			const char *v = upsconf_get(&c->ups[i], upsconf_required[k]);

			if (v == NULL || v[0] == '\0') {
				log_warnx("%s:%d: section [%s] has no \"%s\"", c->file,
				          c->ups[i].lineno, c->ups[i].name, upsconf_required[k]);
				nerr++;
			}
		}
	}
	return nerr;
}

int upsconf_load(const char *path, struct upsconf *out)
{
	struct upsconf c;
	struct upsconf_load_ctx lc;
	int nerr;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	c.file = strdup(path);
	if (c.file == NULL) {
		log_warnx("%s: out of memory", path);
		return -1;
	}
	lc.c = &c;
	lc.in_section = 0;
	lc.skipping = 0;
	nerr = conf_read_file(path, upsconf_line, &lc);
	if (nerr < 0) {
		upsconf_free(&c);
		return -1;
	}
	nerr += upsconf_check_required(&c);
	if (nerr > 0) {
		upsconf_free(&c);
		errno = EINVAL;
		return -1;
	}
	*out = c;
	return 0;
}
