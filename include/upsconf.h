/* upsconf: the one reader of ups.conf, shared by the drivers, upsdrvctl and
 * upsd. It keeps global options and one section per UPS as ordered key/value
 * lists with their line numbers; each program then checks the keys it knows
 * against its own directive table. */
#ifndef UPS_UPSCONF_H
#define UPS_UPSCONF_H

#include <stddef.h>

struct upsconf_opt {
	char *key;
	char *value; /* NULL for a bare flag such as "nolock" */
	int lineno;
};

struct upsconf_ups {
	char *name; /* section name */
	int lineno; /* line of the [name] header */
	struct upsconf_opt *opts;
	size_t nopts;
};

struct upsconf {
	char *file;
	struct upsconf_opt *globals; /* keys before the first section */
	size_t nglobals;
	struct upsconf_ups *ups;
	size_t nups;
};

/* Reads path. Syntax errors, duplicate sections and sections without
 * "driver"/"port" are logged as "file:line: message"; any error gives -1 and
 * leaves *out empty. 0 on success (*out owned by the caller). */
int upsconf_load(const char *path, struct upsconf *out);
void upsconf_free(struct upsconf *c);
const struct upsconf_ups *upsconf_find(const struct upsconf *c, const char *name);
/* Last value of key in the section, or NULL; upsconf_global() for globals. */
const char *upsconf_get(const struct upsconf_ups *u, const char *key);
const char *upsconf_global(const struct upsconf *c, const char *key);

#endif
