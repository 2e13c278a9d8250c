/* directives: the ups.conf directives the driver core knows for every driver
 * (user, pollinterval, sdorder, maxretry ...), as one const table with their
 * value checks; shared by the drivers' core and by upsdrvctl. */
#ifndef UPS_DRV_DIRECTIVES_H
#define UPS_DRV_DIRECTIVES_H

#include <stddef.h>

#include "driver.h"
#include "upsconf.h"

enum drv_core_scope {
	DRV_SCOPE_GLOBAL = 1,  /* valid before the first section */
	DRV_SCOPE_UPS = 2,     /* valid in a section (and -x) */
	DRV_SCOPE_INHERIT = 4, /* a global value applies to every section */
};

/* Options the core knows for every driver (ups.conf directives). */
struct drv_core_option {
	const char *name;
	enum drv_opt_type type;
	unsigned scope;           /* enum drv_core_scope */
	int publish;              /* shown as driver.parameter.* / driver.flag.* */
	long min, max;            /* numeric options when min < max */
	const char *const *words; /* allowed words, NULL-terminated, or NULL */
	const char *help;
};
extern const struct drv_core_option drv_core_options[];

const struct drv_core_option *drv_core_find(const char *name);
/* Checks a value (NULL for a bare flag) against o; message into err. 0 or -1. */
int drv_core_check(const struct drv_core_option *o, const char *value, char *err, size_t errlen);
/* Checks the globals of a ups.conf against drv_core_options ("file:line:"
 * errors). Returns the number of errors. Shared with upsdrvctl. */
int drv_check_globals(const struct upsconf *c);

#endif
