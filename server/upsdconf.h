/* upsdconf: reads upsd.conf into a struct upsd_conf through one const
 * directive table. Errors are logged as "file:line: message"; a file with any
 * error is refused whole, so a reload never applies half a file. */
#ifndef UPSD_UPSDCONF_H
#define UPSD_UPSDCONF_H

#include "upsd.h"

/* Sets every field to its default (no allocation). */
void upsdconf_defaults(struct upsd_conf *c);
/* Reads path into *out (defaults first). A missing file is not an error (NUT
 * runs with defaults then) unless must_exist. 0, or -1 with *out freed. */
int upsdconf_load(const char *path, int must_exist, struct upsd_conf *out);
void upsdconf_free(struct upsd_conf *c);
/* On reload: the directives that are not reloadable (LISTEN,
 * ALLOW_NOT_ALL_LISTENERS, the TLS ones) keep in next the value of cur, each
 * change logged as needing a restart. Returns how many were kept. */
int upsdconf_keep_fixed(struct upsd_conf *cur, struct upsd_conf *next);

#endif
