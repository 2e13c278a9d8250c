/* vartypes: the type and maximum length dummy-ups gives each variable it
 * publishes, as NUT 2.8.0's dummy-ups does (observed with GET TYPE on every
 * dump of the device dump library and on every standard name): a few
 * standard names are numbers or short strings, every other name is a
 * writable string of up to DUMMY_STRING_AUX bytes. The type depends on the
 * name only, never on the value. */
#ifndef UPS_DUMMY_VARTYPES_H
#define UPS_DUMMY_VARTYPES_H

#define DUMMY_STRING_AUX 32 /* maximum length advertised for other names */

struct dummy_vartype {
	const char *name;
	unsigned flags; /* enum st_flag: always ST_FLAG_RW, plus ST_FLAG_STRING */
	long aux;       /* maximum length of a STRING, else 0 */
};

/* The row for name; names without one get a static default row (RW STRING
 * of DUMMY_STRING_AUX). Never NULL. */
const struct dummy_vartype *dummy_vartype_of(const char *name);

#endif
