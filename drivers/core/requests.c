/* requests: INSTCMD and SET requests from the driver socket, on their way to
 * the driver and back. A driver answers at once (an enum drp_result) or, when
 * the device needs a round trip (a serial exchange, an SNMP SET), takes a
 * handle with drv_request_defer() and answers later with drv_request_done().
 * Deferred requests are kept here keyed by their TRACKING id (never by the
 * socket client that asked, which may be gone by then) with a deadline the
 * driver chose; a request the driver never answers fails at that deadline. */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "core.h"
#include "log.h"
#include "strutil.h"

/* What a request was, for the log line that reports its result. */
static void drv_req_log(const struct drv_ctx *d, const struct drv_request *q, int result)
{
	static const char *const words[] = {
	    [DRP_HANDLED] = "done",
	    [DRP_UNKNOWN] = "not supported",
	    [DRP_INVALID] = "invalid argument",
	    [DRP_FAILED] = "failed",
	};
	const char *how = result >= 0 && result <= DRP_FAILED ? words[result] : "failed";

	log_info("ups %s: %s %s%s%s: %s", d->upsname, q->is_set ? "set" : "instant command",
	         q->name, q->arg[0] != '\0' ? (q->is_set ? " to " : " ") : "", q->arg, how);
}

/* Sends the result of a tracked request to every socket client: upsd files it
 * under the id, which is unique, and ignores ids it does not know. */
static void drv_req_send(struct drv_ctx *d, const char *id, int result)
{
	char num[16];
	const char *w[3] = {"TRACKING", id, num};

	if (id[0] == '\0')
		return;
	(void)snprintf(num, sizeof(num), "%d", result);
	drv_broadcast_all(d, 3, w);
}

static void drv_req_expire(struct ev_loop *loop, void *arg);

static void drv_req_release(struct drv_ctx *d, struct drv_request *q)
{
	if (q->timer != 0)
		ev_timer_cancel(d->loop, q->timer);
	memset(q, 0, sizeof(*q));
}

static struct drv_request *drv_req_find(struct drv_ctx *d, drv_req_t h)
{
	size_t i;

	if (h == 0)
		return NULL;
	for (i = 0; i < DRV_MAX_PENDING; i++)
		if (d->pending[i].handle == h)
			return &d->pending[i];
	return NULL;
}

drv_req_t drv_request_defer(struct drv_ctx *d, unsigned long timeout_ms)
{
	struct drv_request *q = d->current;
	struct drv_request *slot = NULL;
	size_t i;

	if (q == NULL) {
		log_warnx("ups %s: drv_request_defer outside of instcmd/setvar", d->upsname);
		return 0;
	}
	if (q->handle != 0)
		return q->handle; /* asked twice in one callback */
	for (i = 0; i < DRV_MAX_PENDING && slot == NULL; i++)
		if (d->pending[i].handle == 0)
			slot = &d->pending[i];
	if (slot == NULL) {
		log_warnx("ups %s: %d requests already wait for the device, %s refused", d->upsname,
		          DRV_MAX_PENDING, q->name);
		return 0;
	}
	*slot = *q;
	if (++d->next_handle == 0)
		d->next_handle = 1;
	slot->handle = d->next_handle;
	slot->timer = ev_timer_add(d->loop, timeout_ms, 0, drv_req_expire, slot);
	if (slot->timer == 0) {
		memset(slot, 0, sizeof(*slot));
		return 0;
	}
	q->handle = slot->handle;
	return slot->handle;
}

void drv_request_done(struct drv_ctx *d, drv_req_t h, int result)
{
	struct drv_request *q = drv_req_find(d, h);

	if (q == NULL) {
		/* Answered after its deadline: the failure was already reported. */
		log_debug(1, "ups %s: late result %d for request %lu ignored", d->upsname, result,
		          (unsigned long)h);
		return;
	}
	if (result < DRP_HANDLED)
		result = DRP_FAILED;
	drv_req_log(d, q, result);
	drv_req_send(d, q->id, result);
	drv_req_release(d, q);
}

static void drv_req_expire(struct ev_loop *loop, void *arg)
{
	struct drv_request *q = arg;
	struct drv_ctx *d = q->d;

	(void)loop;
	q->timer = 0; /* one-shot: already gone from the loop */
	log_warnx("ups %s: %s %s: no answer from the device in time", d->upsname,
	          q->is_set ? "set" : "instant command", q->name);
	drv_req_send(d, q->id, DRP_FAILED);
	drv_req_release(d, q);
}

/* Runs one request through the driver's callback. The result is final, or
 * DRP_PENDING when the driver deferred it. */
static int drv_req_run(struct drv_ctx *d, struct drv_request *q, const char *extra)
{
	int r;

	d->current = q;
	if (q->is_set)
		r = d->ops->setvar(d, d->priv, q->name, extra);
	else
		r = d->ops->instcmd(d, d->priv, q->name, extra);
	d->current = NULL;
	if (q->handle != 0) {
		struct drv_request *slot = drv_req_find(d, q->handle);

		if (r == DRP_PENDING)
			return DRP_PENDING;
		/* Deferred, then answered anyway: the answer stands. */
		if (slot != NULL)
			drv_req_release(d, slot);
	} else if (r == DRP_PENDING) {
		log_warnx("ups %s: %s said 'later' without a request handle", d->upsname, q->name);
		r = DRP_FAILED;
	}
	if (r < DRP_HANDLED)
		r = DRP_FAILED;
	drv_req_log(d, q, r);
	return r;
}

static int drv_req_init(struct drv_ctx *d, struct drv_request *q, int is_set, const char *name,
                        const char *arg, const char *id)
{
	memset(q, 0, sizeof(*q));
	q->d = d;
	q->is_set = is_set;
	if (str_copy(q->name, sizeof(q->name), name) < 0 ||
	    str_copy(q->id, sizeof(q->id), id != NULL ? id : "") < 0)
		return -1;
	/* Only for the log: a long value is shown cut (the driver gets it whole). */
	(void)str_copy(q->arg, sizeof(q->arg), arg != NULL ? arg : "");
	return 0;
}

int drv_do_instcmd(struct drv_ctx *d, const char *cmd, const char *extra, const char *id)
{
	struct drv_request q;

	if (strcmp(cmd, DRV_KILLPOWER_CMD) == 0 && st_has_cmd(d->tree, cmd))
		return drv_killpower_request(d); /* the core's own command */
	if (!st_has_cmd(d->tree, cmd) || d->ops->instcmd == NULL) {
		log_info("ups %s: instant command %s is not supported", d->upsname, cmd);
		return DRP_UNKNOWN;
	}
	if (drv_req_init(d, &q, 0, cmd, extra, id) < 0) {
		log_info("ups %s: instant command or its tracking id too long", d->upsname);
		return DRP_INVALID;
	}
	return drv_req_run(d, &q, extra);
}

int drv_do_setvar(struct drv_ctx *d, const char *var, const char *value, const char *id)
{
	const struct st_var *v = st_get(d->tree, var);
	struct drv_request q;

	if (v == NULL || d->ops->setvar == NULL) {
		log_info("ups %s: set %s: no such variable", d->upsname, var);
		return DRP_UNKNOWN;
	}
	if (!(v->flags & ST_FLAG_RW) || (v->flags & ST_FLAG_IMMUTABLE)) {
		log_info("ups %s: set %s: variable is read-only", d->upsname, var);
		return DRP_INVALID;
	}
	if (strlen(value) >= ST_MAX_VALUE ||
	    ((v->flags & ST_FLAG_STRING) && v->aux > 0 && (long)strlen(value) > v->aux)) {
		log_info("ups %s: set %s: value too long", d->upsname, var);
		return DRP_INVALID;
	}
	if (drv_req_init(d, &q, 1, var, value, id) < 0) {
		log_info("ups %s: set %s: tracking id too long", d->upsname, var);
		return DRP_INVALID;
	}
	return drv_req_run(d, &q, value);
}

void drv_requests_free(struct drv_ctx *d)
{
	size_t i;

	for (i = 0; i < DRV_MAX_PENDING; i++)
		if (d->pending[i].handle != 0)
			drv_req_release(d, &d->pending[i]);
}
