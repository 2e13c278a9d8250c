/* desc: human-readable descriptions of the standard variable and instant
 * command names, answered by GET DESC and GET CMDDESC. The wording is ours;
 * only the names are the shared NUT namespace. */
#ifndef UPSD_DESC_H
#define UPSD_DESC_H

#include <stddef.h>

#define DESC_UNAVAILABLE "Description unavailable"

/* Writes the description of variable (or, with is_cmd, command) name into out;
 * names are matched case-insensitively and "N" in a table name stands for a
 * decimal index ("outlet.N.current" matches "outlet.3.current", and "%s" in the
 * text becomes "3"). Unknown names give DESC_UNAVAILABLE. 0, or -1 when out is
 * too small. */
int desc_lookup(int is_cmd, const char *name, char *out, size_t outlen);
/* The number of table rows (for tests). */
size_t desc_count(int is_cmd);

#endif
