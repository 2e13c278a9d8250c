/* dstate: how a driver publishes. Every call changes the authoritative state
 * tree and, when something really changed, sends the matching delta line
 * (SETINFO, DELINFO, SETFLAGS, ...) to every connected client at once, so
 * upsd's mirror never waits for a poll. Variables set through override.* are
 * IMMUTABLE in the tree: drivers cannot change them. */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core.h"
#include "drvproto.h"
#include "log.h"
#include "strutil.h"

void drv_broadcast(struct drv_ctx *d, unsigned quote_mask, int argc, const char *const *argv)
{
	if (d->sock == NULL || dsock_nclients(d->sock) == 0)
		return;
	buf_reset(&d->line);
	if (drp_line(&d->line, quote_mask, argc, argv) < 0) {
		log_warnx("ups %s: %s %s: line too long for the driver socket", d->upsname, argv[0],
		          argc > 1 ? argv[1] : "");
		return;
	}
	dsock_broadcast(d->sock, buf_head(&d->line), buf_used(&d->line), 0);
}

void drv_broadcast_all(struct drv_ctx *d, int argc, const char *const *argv)
{
	if (d->sock == NULL || dsock_nclients(d->sock) == 0)
		return;
	buf_reset(&d->line);
	if (drp_line(&d->line, 0, argc, argv) == 0)
		dsock_broadcast(d->sock, buf_head(&d->line), buf_used(&d->line), 1);
}

/* The reason a setter refused, at debug level 1: drivers call these in loops
 * and a device sending junk must not flood the log. */
static int drv_refused(const struct drv_ctx *d, const char *what, const char *name)
{
	log_debug(1, "ups %s: %s %s refused: %s", d->upsname, what, name, strerror(errno));
	return -1;
}

static int drv_is_immutable(const struct drv_ctx *d, const char *name)
{
	const struct st_var *v = st_get(d->tree, name);

	return v != NULL && (v->flags & ST_FLAG_IMMUTABLE);
}

static int drv_set_raw(struct drv_ctx *d, const char *name, const char *value)
{
	const char *w[3] = {"SETINFO", name, value};
	int r;

	if (drv_is_immutable(d, name))
		return 0;
	r = st_set(d->tree, name, value);
	if (r < 0)
		return drv_refused(d, "SETINFO", name);
	if (r > 0)
		drv_broadcast(d, 1U << 2, 3, w);
	return r;
}

/* ignorelb: is a reading below its threshold? Both must be numbers. */
static int drv_below(const struct drv_ctx *d, const char *var, const char *low)
{
	const char *v = st_value(d->tree, var), *l = st_value(d->tree, low);

	if (v == NULL || l == NULL || !str_is_number(v) || !str_is_number(l))
		return 0;
	return strtod(v, NULL) < strtod(l, NULL);
}

/* ignorelb: the device's LB flag is dropped and LB is set from
 * battery.charge < battery.charge.low or battery.runtime < battery.runtime.low. */
static int drv_status_with_lb(struct drv_ctx *d)
{
	char out[ST_MAX_VALUE], raw[ST_MAX_VALUE], *tok, *save = NULL;
	size_t n = 0;
	int w, low = drv_below(d, "battery.charge", "battery.charge.low") ||
	             drv_below(d, "battery.runtime", "battery.runtime.low");

	out[0] = '\0';
	(void)str_copy(raw, sizeof(raw), d->raw_status);
	for (tok = strtok_r(raw, " ", &save); tok != NULL; tok = strtok_r(NULL, " ", &save)) {
		if (strcmp(tok, "LB") == 0)
			continue;
		w = snprintf(out + n, sizeof(out) - n, "%s%s", n ? " " : "", tok);
		if (w < 0 || (size_t)w >= sizeof(out) - n)
			return -1;
		n += (size_t)w;
	}
	if (low) {
		w = snprintf(out + n, sizeof(out) - n, "%sLB", n ? " " : "");
		if (w < 0 || (size_t)w >= sizeof(out) - n)
			return -1;
	}
	return drv_set_raw(d, "ups.status", out);
}

static int drv_is_lb_input(const char *name)
{
	static const char *const inputs[] = {"battery.charge", "battery.charge.low",
	                                     "battery.runtime", "battery.runtime.low", NULL};
	const char *const *p;

	for (p = inputs; *p != NULL; p++) {
		if (strcmp(*p, name) == 0)
			return 1;
	}
	return 0;
}

int drv_set(struct drv_ctx *d, const char *name, const char *value)
{
	int r;

	if (d->ignorelb && strcmp(name, "ups.status") == 0) {
		if (str_copy(d->raw_status, sizeof(d->raw_status), value) < 0) {
			errno = E2BIG;
			return drv_refused(d, "SETINFO", name);
		}
		d->have_raw_status = 1;
		return drv_status_with_lb(d);
	}
	r = drv_set_raw(d, name, value);
	if (r > 0 && d->ignorelb && d->have_raw_status && drv_is_lb_input(name))
		(void)drv_status_with_lb(d);
	return r;
}

int drv_setf(struct drv_ctx *d, const char *name, const char *fmt, ...)
{
	char value[ST_MAX_VALUE];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= sizeof(value)) {
		errno = E2BIG;
		return drv_refused(d, "SETINFO", name);
	}
	return drv_set(d, name, value);
}

int drv_del(struct drv_ctx *d, const char *name)
{
	const char *w[2] = {"DELINFO", name};
	int r;

	if (drv_is_immutable(d, name))
		return 0;
	r = st_del(d->tree, name);
	if (r < 0)
		return errno == ENOENT ? 0 : drv_refused(d, "DELINFO", name);
	if (r > 0)
		drv_broadcast(d, 0, 2, w);
	return r;
}

const char *drv_get(const struct drv_ctx *d, const char *name)
{
	return st_value(d->tree, name);
}

const struct st_tree *drv_tree(const struct drv_ctx *d)
{
	return d->tree;
}

int drv_set_flags(struct drv_ctx *d, const char *name, unsigned flags)
{
	static const enum st_flag shown[] = {ST_FLAG_RW, ST_FLAG_STRING, ST_FLAG_NUMBER};
	const struct st_var *v = st_get(d->tree, name);
	const char *w[2 + 3];
	size_t i;
	int r, k = 2;

	if (v == NULL) {
		errno = ENOENT;
		return drv_refused(d, "SETFLAGS", name);
	}
	flags = (flags & ~(unsigned)ST_FLAG_IMMUTABLE) | (v->flags & ST_FLAG_IMMUTABLE);
	r = st_set_flags(d->tree, name, flags);
	if (r < 0)
		return drv_refused(d, "SETFLAGS", name);
	if (r == 0)
		return 0;
	w[0] = "SETFLAGS";
	w[1] = name;
	for (i = 0; i < sizeof(shown) / sizeof(shown[0]); i++) {
		if (flags & shown[i])
			w[k++] = st_flag_name(shown[i]);
	}
	drv_broadcast(d, 0, k, w);
	return 1;
}

int drv_set_aux(struct drv_ctx *d, const char *name, long aux)
{
	char num[32];
	const char *w[3] = {"SETAUX", name, num};
	int r;

	r = st_set_aux(d->tree, name, aux);
	if (r < 0)
		return drv_refused(d, "SETAUX", name);
	if (r > 0) {
		(void)snprintf(num, sizeof(num), "%ld", aux);
		drv_broadcast(d, 0, 3, w);
	}
	return r;
}

int drv_add_enum(struct drv_ctx *d, const char *name, const char *value)
{
	const char *w[3] = {"ADDENUM", name, value};
	int r = st_add_enum(d->tree, name, value);

	if (r < 0)
		return drv_refused(d, "ADDENUM", name);
	if (r > 0)
		drv_broadcast(d, 1U << 2, 3, w);
	return r;
}

int drv_del_enum(struct drv_ctx *d, const char *name, const char *value)
{
	const char *w[3] = {"DELENUM", name, value};
	int r = st_del_enum(d->tree, name, value);

	if (r < 0)
		return drv_refused(d, "DELENUM", name);
	if (r > 0)
		drv_broadcast(d, 1U << 2, 3, w);
	return r;
}

static int drv_range(struct drv_ctx *d, int add, const char *name, long min, long max)
{
	char smin[32], smax[32];
	const char *w[4] = {add ? "ADDRANGE" : "DELRANGE", name, smin, smax};
	int r = add ? st_add_range(d->tree, name, min, max) : st_del_range(d->tree, name, min, max);

	if (r < 0)
		return drv_refused(d, w[0], name);
	if (r > 0) {
		(void)snprintf(smin, sizeof(smin), "%ld", min);
		(void)snprintf(smax, sizeof(smax), "%ld", max);
		drv_broadcast(d, 0, 4, w);
	}
	return r;
}

int drv_add_range(struct drv_ctx *d, const char *name, long min, long max)
{
	return drv_range(d, 1, name, min, max);
}

int drv_del_range(struct drv_ctx *d, const char *name, long min, long max)
{
	return drv_range(d, 0, name, min, max);
}

int drv_add_cmd(struct drv_ctx *d, const char *cmd)
{
	const char *w[2] = {"ADDCMD", cmd};
	int r = st_add_cmd(d->tree, cmd);

	if (r < 0)
		return drv_refused(d, "ADDCMD", cmd);
	if (r > 0)
		drv_broadcast(d, 0, 2, w);
	return r;
}

int drv_del_cmd(struct drv_ctx *d, const char *cmd)
{
	const char *w[2] = {"DELCMD", cmd};
	int r = st_del_cmd(d->tree, cmd);

	if (r < 0)
		return errno == ENOENT ? 0 : drv_refused(d, "DELCMD", cmd);
	if (r > 0)
		drv_broadcast(d, 0, 2, w);
	return r;
}

/* Collects names first: deleting while st_foreach walks would break it. */
struct drv_clear_list {
	char **names;
	size_t n;
};

static int drv_clear_var(const struct st_var *v, void *arg)
{
	struct drv_clear_list *l = arg;

	if (strncmp(v->name, "driver.", 7) == 0 || (v->flags & ST_FLAG_IMMUTABLE))
		return 0;
	l->names = xreallocarray(l->names, l->n + 1, sizeof(*l->names));
	l->names[l->n++] = xstrdup(v->name);
	return 0;
}

static int drv_clear_cmd(const char *cmd, void *arg)
{
	struct drv_clear_list *l = arg;

	if (strcmp(cmd, DRV_KILLPOWER_CMD) == 0)
		return 0; /* the core's own */
	l->names = xreallocarray(l->names, l->n + 1, sizeof(*l->names));
	l->names[l->n++] = xstrdup(cmd);
	return 0;
}

void drv_clear(struct drv_ctx *d)
{
	struct drv_clear_list vars = {NULL, 0}, cmds = {NULL, 0};
	size_t i;

	(void)st_foreach(d->tree, drv_clear_var, &vars);
	(void)st_foreach_cmd(d->tree, drv_clear_cmd, &cmds);
	for (i = 0; i < vars.n; i++) {
		(void)drv_del(d, vars.names[i]);
		free(vars.names[i]);
	}
	for (i = 0; i < cmds.n; i++) {
		(void)drv_del_cmd(d, cmds.names[i]);
		free(cmds.names[i]);
	}
	free(vars.names);
	free(cmds.names);
}

void drv_dataok(struct drv_ctx *d, int ok)
{
	const char *w[1];

	ok = ok != 0;
	if (d->data_ok == ok)
		return;
	d->data_ok = ok;
	w[0] = ok ? "DATAOK" : "DATASTALE";
	if (!ok)
		log_warnx("ups %s: data stale", d->upsname);
	else
		log_debug(1, "ups %s: data ok", d->upsname);
	drv_broadcast(d, 0, 1, w);
}

/* What NUT's driver core derives once a driver has published its first
 * state, so that old dumps and drivers that only know ups.* read the same:
 * device.mfr/model/serial take the value of ups.mfr/model/serial when that
 * exists (replacing what device.* said), and device.type is "ups" unless set. */
static const struct drv_device_copy {
	const char *from, *to;
} drv_device_copies[] = {
    {"ups.mfr", "device.mfr"},
    {"ups.model", "device.model"},
    {"ups.serial", "device.serial"},
};

void drv_device_info(struct drv_ctx *d)
{
	char value[ST_MAX_VALUE];
	size_t i;

	for (i = 0; i < sizeof(drv_device_copies) / sizeof(drv_device_copies[0]); i++) {
		const char *v = st_value(d->tree, drv_device_copies[i].from);

		/* A copy: the tree may move the source's storage while setting. */
		if (v != NULL && str_copy(value, sizeof(value), v) == 0)
			(void)drv_set(d, drv_device_copies[i].to, value);
	}
	if (st_value(d->tree, "device.type") == NULL)
		(void)drv_set(d, "device.type", DRV_DEFAULT_DEVICE_TYPE);
}

int drv_device_derived(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(drv_device_copies) / sizeof(drv_device_copies[0]); i++) {
		if (strcmp(name, drv_device_copies[i].to) == 0)
			return 1;
	}
	return strcmp(name, "device.type") == 0;
}

const char *drv_upsname(const struct drv_ctx *d)
{
	return d->upsname;
}

struct ev_loop *drv_loop(struct drv_ctx *d)
{
	return d->loop;
}

unsigned long drv_pollinterval_ms(const struct drv_ctx *d)
{
	return d->poll_ms;
}
