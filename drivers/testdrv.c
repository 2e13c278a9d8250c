/* testdrv: a driver for the framework's own tests, built by `make check` and
 * never installed. It has no device: it exercises what real drivers get from
 * the core -- instant commands and SETs that the "device" answers later
 * (drv_request_defer/drv_request_done), a device that goes away and comes
 * back (drv_device_lost and the core's reconnect back-off), and a poll that
 * changes several variables at once (published to upsd as one batch).
 *
 * Commands: test.now (done at once), test.later / test.later.fail (answered
 * after LATER_MS), test.never (never answered: the core fails it after
 * NEVER_MS), test.lose (the device goes away; reconnecting fails
 * `failreconnect` times, default 2, then works). SET test.value answers after
 * LATER_MS and publishes the value. Every poll sets test.a ... test.e to the
 * poll count. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "driver.h"
#include "ev.h"

#define LATER_MS 300
#define NEVER_MS 500

struct testdrv {
	struct drv_ctx *d;
	long polls;
	long fail_reconnects; /* left before a reconnect works */
	long fail_option;
	struct later {
		struct testdrv *t;
		drv_req_t req;
		int result;
		char value[64]; /* SET test.value: published when answered */
		int is_set;
	} later[8];
};

static const struct drv_option testdrv_options[] = {
    {"failreconnect", DRV_OPT_VALUE, "reconnect attempts that fail after test.lose"},
    {NULL, DRV_OPT_VALUE, NULL},
};

static int testdrv_open(struct drv_ctx *d, void **priv)
{
	struct testdrv *t = calloc(1, sizeof(*t));
	const char *f = drv_getopt(d, "failreconnect");

	if (t == NULL)
		return -1;
	t->d = d;
	t->fail_option = f != NULL ? strtol(f, NULL, 10) : 2;
	*priv = t;
	return 0;
}

static int testdrv_init(struct drv_ctx *d, void *priv)
{
	static const char *const cmds[] = {"test.now", "test.later", "test.later.fail",
	                                   "test.never", "test.lose"};
	size_t i;

	(void)priv;
	(void)drv_set(d, "ups.status", "OL");
	(void)drv_set(d, "device.mfr", "Upsilon");
	(void)drv_set(d, "test.value", "0");
	(void)drv_set_flags(d, "test.value", ST_FLAG_RW | ST_FLAG_STRING);
	(void)drv_set_aux(d, "test.value", 32);
	for (i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		(void)drv_add_cmd(d, cmds[i]);
	return 0;
}

static int testdrv_poll(struct drv_ctx *d, void *priv)
{
	struct testdrv *t = priv;
	static const char *const names[] = {"test.a", "test.b", "test.c", "test.d", "test.e"};
	size_t i;

	t->polls++;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		(void)drv_setf(d, names[i], "%ld", t->polls);
	return 0;
}

static void testdrv_answer(struct ev_loop *loop, void *arg)
{
	struct later *l = arg;
	struct testdrv *t = l->t;

	(void)loop;
	if (l->is_set && l->result == DRP_HANDLED)
		(void)drv_set(t->d, "test.value", l->value);
	drv_request_done(t->d, l->req, l->result);
	l->req = 0;
}

/* Answers later through a one-shot timer standing for the device's reply. */
static int testdrv_later(struct testdrv *t, int result, const char *value)
{
	struct later *l = NULL;
	size_t i;

	for (i = 0; i < sizeof(t->later) / sizeof(t->later[0]) && l == NULL; i++)
		if (t->later[i].req == 0)
			l = &t->later[i];
	if (l == NULL)
		return DRP_FAILED;
	l->req = drv_request_defer(t->d, 5000);
	if (l->req == 0)
		return DRP_FAILED;
	l->t = t;
	l->result = result;
	l->is_set = value != NULL;
	(void)snprintf(l->value, sizeof(l->value), "%s", value != NULL ? value : "");
	if (ev_timer_add(drv_loop(t->d), LATER_MS, 0, testdrv_answer, l) == 0)
		return DRP_FAILED;
	return DRP_PENDING;
}

static int testdrv_instcmd(struct drv_ctx *d, void *priv, const char *cmd, const char *extra)
{
	struct testdrv *t = priv;

	(void)extra;
	if (strcmp(cmd, "test.now") == 0)
		return DRP_HANDLED;
	if (strcmp(cmd, "test.later") == 0)
		return testdrv_later(t, DRP_HANDLED, NULL);
	if (strcmp(cmd, "test.later.fail") == 0)
		return testdrv_later(t, DRP_FAILED, NULL);
	if (strcmp(cmd, "test.never") == 0)
		return drv_request_defer(d, NEVER_MS) != 0 ? DRP_PENDING : DRP_FAILED;
	if (strcmp(cmd, "test.lose") == 0) {
		t->fail_reconnects = t->fail_option;
		drv_device_lost(d, "test.lose");
		return DRP_HANDLED;
	}
	return DRP_UNKNOWN;
}

static int testdrv_setvar(struct drv_ctx *d, void *priv, const char *var, const char *value)
{
	(void)d;
	if (strcmp(var, "test.value") != 0)
		return DRP_UNKNOWN;
	return testdrv_later(priv, DRP_HANDLED, value);
}

static int testdrv_reconnect(struct drv_ctx *d, void *priv)
{
	struct testdrv *t = priv;

	(void)d;
	if (t->fail_reconnects > 0) {
		t->fail_reconnects--;
		return -1;
	}
	return 0;
}

static void testdrv_close(struct drv_ctx *d, void *priv)
{
	(void)d;
	free(priv);
}

static const struct driver_ops testdrv_ops = {
    .name = "testdrv",
    .version = "0.1",
    .description = "Upsilon framework test driver",
    .options = testdrv_options,
    .open = testdrv_open,
    .init_info = testdrv_init,
    .poll = testdrv_poll,
    .instcmd = testdrv_instcmd,
    .setvar = testdrv_setvar,
    .reconnect = testdrv_reconnect,
    .close = testdrv_close,
};

int main(int argc, char **argv)
{
	return drv_main(argc, argv, &testdrv_ops);
}
