/* state: the state tree of one UPS: variables with flags, aux (maximum
 * length), enums and ranges, plus the set of instant commands. The driver core
 * owns the authoritative copy; upsd keeps a mirror fed by the driver socket.
 * Iteration is sorted case-insensitively by name, as NUT lists them. */
#ifndef UPS_STATE_H
#define UPS_STATE_H

#include <stddef.h>
#include <stdint.h>

#define ST_MAX_NAME   128  /* bytes of a variable or command name */
#define ST_MAX_VALUE  256  /* bytes of a value (longer ones are refused, never cut) */
#define ST_MAX_VARS   4096 /* variables in one tree (more: ENOSPC) */
#define ST_MAX_CMDS   1024 /* instant commands in one tree */
#define ST_MAX_ENUMS  512  /* enum values of one variable */
#define ST_MAX_RANGES 64   /* ranges of one variable */

enum st_flag {
	ST_FLAG_RW = 1,
	ST_FLAG_STRING = 2,
	ST_FLAG_NUMBER = 4,
	ST_FLAG_IMMUTABLE = 8, /* set by the driver core; SETINFO cannot change it */
};

struct st_range {
	long min, max;
};

struct st_var {
	char *name;
	char *value;
	unsigned flags; /* enum st_flag */
	long aux;       /* maximum length of a STRING; 0 = unset */
	char **enums;   /* in the order added */
	size_t nenums;
	struct st_range *ranges;
	size_t nranges;
	uint64_t changed; /* tree stamp of the last change */
};

struct st_tree;

/* Results of the setters: 1 changed, 0 already so, -1 refused (errno: EINVAL bad
 * name/value, E2BIG too long, ENOENT unknown variable, ENOMEM). */
struct st_tree *st_new(void);
void st_free(struct st_tree *t);
void st_clear(struct st_tree *t); /* drop every variable and command */
size_t st_count(const struct st_tree *t);
uint64_t st_stamp(const struct st_tree *t); /* bumps on every change */

int st_set(struct st_tree *t, const char *name, const char *value);
const struct st_var *st_get(const struct st_tree *t, const char *name);
const char *st_value(const struct st_tree *t, const char *name); /* NULL if unset */
int st_del(struct st_tree *t, const char *name);
int st_set_flags(struct st_tree *t, const char *name, unsigned flags);
int st_set_aux(struct st_tree *t, const char *name, long aux);
int st_add_enum(struct st_tree *t, const char *name, const char *value);
int st_del_enum(struct st_tree *t, const char *name, const char *value);
int st_add_range(struct st_tree *t, const char *name, long min, long max);
int st_del_range(struct st_tree *t, const char *name, long min, long max);

int st_add_cmd(struct st_tree *t, const char *cmd);
int st_del_cmd(struct st_tree *t, const char *cmd);
int st_has_cmd(const struct st_tree *t, const char *cmd);
size_t st_cmd_count(const struct st_tree *t);

/* Whether a client may set name to value, checked as NUT 2.8.0's upsd checks
 * SET VAR before passing it to the driver, in this order: the variable exists;
 * it is RW; the value fits ST_MAX_VALUE; a STRING has a maximum length (aux)
 * and the value is not longer; it is one of the enums (compared exactly) when
 * there are any; it lies in one of the ranges when there are any, read as a
 * base-10 integer the way atoi() reads it (leading blanks and sign, digits up
 * to the first other byte, nothing at all = 0). */
enum st_set_check {
	ST_SET_OK = 0,
	ST_SET_UNKNOWN,  /* no such variable */
	ST_SET_READONLY, /* not RW */
	ST_SET_TOOLONG,  /* longer than aux, or than ST_MAX_VALUE - 1 */
	ST_SET_NOLENGTH, /* a STRING without a positive aux: cannot be checked */
	ST_SET_INVALID,  /* not among the enums, or outside every range */
};
enum st_set_check st_check_set(const struct st_tree *t, const char *name, const char *value);

/* Sorted iteration; callbacks return 0 to go on, non-zero to stop (returned). */
typedef int (*st_var_cb)(const struct st_var *v, void *arg);
typedef int (*st_cmd_cb)(const char *cmd, void *arg);
int st_foreach(const struct st_tree *t, st_var_cb cb, void *arg);
int st_foreach_cmd(const struct st_tree *t, st_cmd_cb cb, void *arg);

/* Valid names: 1..ST_MAX_NAME-1 bytes of printable ASCII other than blank, '"',
 * backslash, '#' and '=' (NUT takes any; these travel as one bare word). */
int st_name_ok(const char *name);
/* Flag names as the protocols spell them ("RW", "STRING", "NUMBER"). */
const char *st_flag_name(enum st_flag f);
int st_flag_parse(const char *word, unsigned *flag);

#endif
