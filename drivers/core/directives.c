/* directives: the ups.conf directives the driver core knows, as one const
 * table shared by every driver and by upsdrvctl, with their value checks. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "directives.h"
#include "log.h"
#include "strutil.h"

static const char *const sync_words[] = {"yes", "no", "auto", NULL};

/* Directives of ups.conf known to the core. The help lines feed -h and the
 * man page ups.conf(5) describes the same table. */
const struct drv_core_option drv_core_options[] = {
    {"driver", DRV_OPT_VALUE, DRV_SCOPE_UPS, 0, 0, 0, NULL, "driver program name"},
    {"port", DRV_OPT_VALUE, DRV_SCOPE_UPS, 1, 0, 0, NULL, "device path or address"},
    {"desc", DRV_OPT_VALUE, DRV_SCOPE_UPS, 0, 0, 0, NULL, "description shown by upsd"},
    {"sdorder", DRV_OPT_VALUE, DRV_SCOPE_UPS, 0, -1, 1000, NULL,
     "upsdrvctl shutdown order (-1: never)"},
    {"maxstartdelay", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL | DRV_SCOPE_UPS, 0, 1, 86400, NULL,
     "seconds upsdrvctl waits for the driver to start"},
    {"user", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL | DRV_SCOPE_UPS | DRV_SCOPE_INHERIT, 0, 0, 0, NULL,
     "user to run as after opening the device"},
    {"group", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL | DRV_SCOPE_UPS | DRV_SCOPE_INHERIT, 0, 0, 0, NULL,
     "group owning the driver socket"},
    {"pollinterval", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL | DRV_SCOPE_UPS | DRV_SCOPE_INHERIT, 1, 1,
     3600, NULL, "seconds between polls"},
    {"synchronous", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL | DRV_SCOPE_UPS | DRV_SCOPE_INHERIT, 1, 0, 0,
     sync_words, "socket writes: yes, no or auto"},
    {"debug_min", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL | DRV_SCOPE_UPS | DRV_SCOPE_INHERIT, 0, 0, 100,
     NULL, "lowest debug level"},
    {"ignorelb", DRV_OPT_FLAG, DRV_SCOPE_UPS, 1, 0, 0, NULL,
     "derive LB from battery.charge.low / battery.runtime.low"},
    {"sdcommands", DRV_OPT_VALUE, DRV_SCOPE_UPS, 1, 0, 0, NULL,
     "instant commands for the kill-power step, tried in order (a,b,...)"},
    {"allow_killpower", DRV_OPT_FLAG, DRV_SCOPE_UPS, 1, 0, 0, NULL,
     "offer driver.killpower: kill power from the running driver"},
    {"chroot", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL, 0, 0, 0, NULL, "directory drivers chroot to"},
    {"driverpath", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL, 0, 0, 0, NULL, "where drivers live"},
    {"maxretry", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL, 0, 1, 100, NULL, "upsdrvctl start attempts"},
    {"retrydelay", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL, 0, 0, 3600, NULL,
     "seconds between upsdrvctl start attempts"},
    {"nowait", DRV_OPT_FLAG, DRV_SCOPE_GLOBAL, 0, 0, 0, NULL,
     "upsdrvctl does not wait for drivers"},
    {"LIBUSB_DEBUG", DRV_OPT_VALUE, DRV_SCOPE_GLOBAL | DRV_SCOPE_UPS, 0, 0, 100, NULL,
     "libusb debug level"},
    {NULL, DRV_OPT_VALUE, 0, 0, 0, 0, NULL, NULL},
};

const struct drv_core_option *drv_core_find(const char *name)
{
	const struct drv_core_option *o;

	for (o = drv_core_options; o->name != NULL; o++) {
		if (strcasecmp(o->name, name) == 0)
			return o;
	}
	return NULL;
}

/* Value checks of a core option; message into err. */
int drv_core_check(const struct drv_core_option *o, const char *value, char *err, size_t errlen)
{
	const char *const *w;
	long n;

	if (o->type == DRV_OPT_FLAG) {
		if (value != NULL) {
			(void)str_fmt(err, errlen, "'%s' is a flag and takes no value", o->name);
			return -1;
		}
		return 0;
	}
	if (value == NULL || value[0] == '\0') {
		(void)str_fmt(err, errlen, "'%s' needs a value", o->name);
		return -1;
	}
	if (o->min < o->max && conf_parse_long(value, o->min, o->max, &n) < 0) {
		(void)str_fmt(err, errlen, "'%s' must be a number from %ld to %ld, not '%s'",
		              o->name, o->min, o->max, value);
		return -1;
	}
	if (o->words != NULL) {
		for (w = o->words; *w != NULL; w++) {
			if (strcasecmp(*w, value) == 0)
				return 0;
		}
		(void)str_fmt(err, errlen, "'%s' must be yes, no or auto, not '%s'", o->name,
		              value);
		return -1;
	}
	return 0;
}

int drv_check_globals(const struct upsconf *c)
{
	const struct drv_core_option *co;
	char err[256];
	size_t i;
	int nerr = 0;

	for (i = 0; i < c->nglobals; i++) {
		const struct upsconf_opt *g = &c->globals[i];

		co = drv_core_find(g->key);
		if (co == NULL || !(co->scope & DRV_SCOPE_GLOBAL)) {
			log_warnx("%s:%d: '%s' is not a valid global directive", c->file, g->lineno,
			          g->key);
			nerr++;
			continue;
		}
		if (drv_core_check(co, g->value, err, sizeof(err)) < 0) {
			log_warnx("%s:%d: %s", c->file, g->lineno, err);
			nerr++;
		}
	}
	return nerr;
}
