/* recover: a device that went away (unplugged, powered off, too many I/O
 * errors) and its way back. The driver only says so (drv_device_lost); the
 * core marks the data stale, stops polling, and calls the driver's reconnect
 * with a delay that doubles from DRV_RECONNECT_MIN_MS to DRV_RECONNECT_MAX_MS,
 * logging the loss once and the return once, not every attempt. */
#include "config.h"

#include "core.h"
#include "log.h"

static void drv_reconnect_cb(struct ev_loop *loop, void *arg);

static void drv_reconnect_later(struct drv_ctx *d)
{
	d->reconnect_timer = ev_timer_add(d->loop, d->reconnect_ms, 0, drv_reconnect_cb, d);
	if (d->reconnect_timer == 0)
		log_warn("ups %s: cannot schedule a reconnect", d->upsname);
}

void drv_device_lost(struct drv_ctx *d, const char *why)
{
	if (d->lost)
		return;
	d->lost = 1;
	d->reconnect_tries = 0;
	drv_dataok(d, 0);
	if (d->ops->reconnect == NULL) {
		/* Nothing to reopen: the driver's poll says when data is back. */
		log_warnx("ups %s: device lost (%s)", d->upsname, why);
		d->lost = 0;
		return;
	}
	log_warnx("ups %s: device lost (%s), reconnecting", d->upsname, why);
	drv_poll_stop(d);
	d->reconnect_ms = DRV_RECONNECT_MIN_MS;
	drv_reconnect_later(d);
}

static void drv_reconnect_cb(struct ev_loop *loop, void *arg)
{
	struct drv_ctx *d = arg;

	(void)loop;
	d->reconnect_timer = 0;
	d->reconnect_tries++;
	if (d->ops->reconnect(d, d->priv) == 0) {
		drv_device_back(d);
		return;
	}
	log_debug(1, "ups %s: reconnect attempt %lu failed, next in %lu ms", d->upsname,
	          d->reconnect_tries,
	          d->reconnect_ms * 2 > DRV_RECONNECT_MAX_MS ? (unsigned long)DRV_RECONNECT_MAX_MS
	                                                     : d->reconnect_ms * 2);
	d->reconnect_ms *= 2;
	if (d->reconnect_ms > DRV_RECONNECT_MAX_MS)
		d->reconnect_ms = DRV_RECONNECT_MAX_MS;
	drv_reconnect_later(d);
}

void drv_device_back(struct drv_ctx *d)
{
	if (!d->lost)
		return;
	drv_recover_stop(d);
	log_info("ups %s: device back after %lu attempt%s", d->upsname, d->reconnect_tries,
	         d->reconnect_tries == 1 ? "" : "s");
	d->lost = 0;
	(void)drv_poll_start(d, 0); /* at once: the poll says whether data is fresh */
}

void drv_recover_stop(struct drv_ctx *d)
{
	if (d->reconnect_timer != 0)
		ev_timer_cancel(d->loop, d->reconnect_timer);
	d->reconnect_timer = 0;
}
