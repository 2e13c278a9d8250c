/* options: the ups.conf directives every driver understands, plus checking a
 * driver's own option table, override.* and default.*. Options are kept as
 * given (name, value, where from) so errors can point at the line, and are
 * published as driver.parameter.* / driver.flag.* the way NUT's drivers do. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "core.h"
#include "log.h"
#include "strutil.h"

static const struct drv_option *drv_own_find(const struct driver_ops *ops, const char *name)
{
	const struct drv_option *o;

	if (ops->options == NULL)
		return NULL;
	for (o = ops->options; o->name != NULL; o++) {
		if (strcasecmp(o->name, name) == 0)
			return o;
	}
	return NULL;
}

static int drv_opt_check(const struct drv_ctx *d, const char *name, const char *value, char *err,
                         size_t errlen)
{
	const struct drv_core_option *co;
	const struct drv_option *oo;
	const char *var = NULL;

	if (strncasecmp(name, "override.", 9) == 0)
		var = name + 9;
	else if (strncasecmp(name, "default.", 8) == 0)
		var = name + 8;
	if (var != NULL) {
		if (!st_name_ok(var)) {
			(void)str_fmt(err, errlen, "'%s': bad variable name", name);
			return -1;
		}
		if (value == NULL) {
			(void)str_fmt(err, errlen, "'%s' needs a value", name);
			return -1;
		}
		return 0;
	}
	oo = drv_own_find(d->ops, name);
	if (oo != NULL) {
		if (oo->type == DRV_OPT_FLAG && value != NULL) {
			(void)str_fmt(err, errlen, "'%s' is a flag and takes no value", name);
			return -1;
		}
		if (oo->type != DRV_OPT_FLAG && value == NULL) {
			(void)str_fmt(err, errlen, "'%s' needs a value", name);
			return -1;
		}
		return 0;
	}
	co = drv_core_find(name);
	if (co == NULL || !(co->scope & DRV_SCOPE_UPS)) {
		(void)str_fmt(err, errlen,
		              "'%s' is not a valid %s for this driver (%s -h lists them)", name,
		              value == NULL ? "flag" : "variable name", d->ops->name);
		return -1;
	}
	return drv_core_check(co, value, err, errlen);
}

int drv_opt_add(struct drv_ctx *d, const char *name, const char *value, const char *origin,
                int lineno)
{
	struct drv_optval *o;
	char err[256];

	if (drv_opt_check(d, name, value, err, sizeof(err)) < 0) {
		if (lineno > 0)
			log_warnx("%s:%d: %s", origin, lineno, err);
		else
			log_warnx("%s: %s", origin, err);
		return -1;
	}
	if (d->nopts >= DRV_MAX_OPTS) {
		log_warnx("%s:%d: more than %d options", origin, lineno, DRV_MAX_OPTS);
		return -1;
	}
	o = xreallocarray(d->opts, d->nopts + 1, sizeof(*o));
	d->opts = o;
	o[d->nopts].name = xstrdup(name);
	o[d->nopts].value = value != NULL ? xstrdup(value) : NULL;
	o[d->nopts].origin = origin;
	o[d->nopts].lineno = lineno;
	d->nopts++;
	return 0;
}

int drv_opt_load(struct drv_ctx *d, const struct upsconf *c, const struct upsconf_ups *u)
{
	const struct drv_core_option *co;
	size_t i;
	int nerr = 0;

	for (i = 0; i < c->nglobals; i++) {
		co = drv_core_find(c->globals[i].key);
		if (co == NULL || !(co->scope & DRV_SCOPE_INHERIT))
			continue;
		if (drv_opt_add(d, co->name, c->globals[i].value, c->file, c->globals[i].lineno) <
		    0)
			nerr++;
	}
	for (i = 0; i < u->nopts; i++) {
		if (drv_opt_add(d, u->opts[i].key, u->opts[i].value, c->file, u->opts[i].lineno) <
		    0)
			nerr++;
	}
	return nerr;
}

int drv_opt_add_x(struct drv_ctx *d, const char *arg)
{
	char name[ST_MAX_NAME];
	const char *eq = strchr(arg, '=');
	size_t n = eq != NULL ? (size_t)(eq - arg) : strlen(arg);

	if (n == 0 || n >= sizeof(name)) {
		log_warnx("-x %s: expected var=value or a flag name", arg);
		return -1;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	return drv_opt_add(d, name, eq != NULL ? eq + 1 : NULL, "-x", 0);
}

const char *drv_getopt(const struct drv_ctx *d, const char *name)
{
	size_t i;

	for (i = d->nopts; i > 0; i--) {
		if (strcasecmp(d->opts[i - 1].name, name) == 0)
			return d->opts[i - 1].value;
	}
	return NULL;
}

int drv_testopt(const struct drv_ctx *d, const char *name)
{
	size_t i;

	for (i = 0; i < d->nopts; i++) {
		if (strcasecmp(d->opts[i].name, name) == 0)
			return 1;
	}
	return 0;
}

int drv_set_param(struct drv_ctx *d, const char *name, const char *value)
{
	char var[ST_MAX_NAME];

	if (str_fmt(var, sizeof(var), "driver.parameter.%s", name) < 0) {
		errno = E2BIG;
		return -1;
	}
	return drv_set(d, var, value);
}

/* Is option i the last one of its name (so each is published once)? */
static int drv_opt_is_last(const struct drv_ctx *d, size_t i)
{
	size_t j;

	for (j = i + 1; j < d->nopts; j++) {
		if (strcasecmp(d->opts[j].name, d->opts[i].name) == 0)
			return 0;
	}
	return 1;
}

int drv_opt_publish(struct drv_ctx *d)
{
	const struct drv_core_option *co;
	char var[ST_MAX_NAME];
	size_t i;
	int rc = 0;

	rc |= drv_set(d, "driver.name", d->ops->name) < 0;
	rc |= drv_set(d, "driver.version", PACKAGE_VERSION) < 0;
	rc |= drv_set(d, "driver.version.internal", d->ops->version) < 0;
	rc |= drv_setf(d, "driver.parameter.pollinterval", "%lu", d->poll_ms / 1000) < 0;
	if (drv_getopt(d, "synchronous") == NULL)
		rc |= drv_set(d, "driver.parameter.synchronous", "auto") < 0;
	for (i = 0; i < d->nopts; i++) {
		const struct drv_optval *o = &d->opts[i];

		if (!drv_opt_is_last(d, i))
			continue;
		if (strncasecmp(o->name, "override.", 9) == 0) {
			/* Set before the driver publishes anything, then locked. */
			if (drv_set(d, o->name + 9, o->value) < 0 ||
			    st_set_flags(d->tree, o->name + 9, ST_FLAG_IMMUTABLE) < 0) {
				log_warnx("%s:%d: %s: %s", o->origin, o->lineno, o->name,
				          strerror(errno));
				rc = 1;
			}
			continue;
		}
		if (strncasecmp(o->name, "default.", 8) == 0)
			continue;
		if (strcasecmp(o->name, "pollinterval") == 0)
			continue; /* published from the effective value above */
		co = drv_core_find(o->name);
		if (co != NULL && !co->publish)
			continue;
		if (drv_own_find(d->ops, o->name) != NULL &&
		    drv_own_find(d->ops, o->name)->type == DRV_OPT_SECRET)
			continue;
		if (o->value == NULL) {
			if (str_fmt(var, sizeof(var), "driver.flag.%s", o->name) < 0 ||
			    drv_set(d, var, "enabled") < 0)
				rc = 1;
		} else if (drv_set_param(d, o->name, o->value) < 0) {
			log_warnx("%s:%d: %s: cannot publish: %s", o->origin, o->lineno, o->name,
			          strerror(errno));
			rc = 1;
		}
	}
	return rc ? -1 : 0;
}

void drv_opt_apply_defaults(struct drv_ctx *d)
{
	size_t i;

	for (i = 0; i < d->nopts; i++) {
		const struct drv_optval *o = &d->opts[i];

		if (strncasecmp(o->name, "default.", 8) != 0 || !drv_opt_is_last(d, i))
			continue;
		if (drv_get(d, o->name + 8) == NULL)
			(void)drv_set(d, o->name + 8, o->value);
	}
}

void drv_opt_help(const struct driver_ops *ops)
{
	const struct drv_option *o;

	printf("\nAcceptable values for -x or ups.conf in this driver:\n\n");
	if (ops->options == NULL)
		return;
	for (o = ops->options; o->name != NULL; o++) {
		if (o->type == DRV_OPT_FLAG)
			printf("%s : -x %s\n", o->help, o->name);
		else
			printf("%s : -x %s=<value>\n", o->help, o->name);
	}
}

void drv_opt_list(const struct driver_ops *ops)
{
	const struct drv_option *o;

	if (ops->options == NULL)
		return;
	for (o = ops->options; o->name != NULL; o++)
		printf("%s %s \"%s\"\n", o->type == DRV_OPT_FLAG ? "FLAG" : "VALUE", o->name,
		       o->help);
}
