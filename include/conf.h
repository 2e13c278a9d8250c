/* conf: the lexer for every NUT-style config file (ups.conf, upsd.conf,
 * upsd.users, ...), built on proto's tokenizer, plus directive tables. Errors are
 * logged as "file:line: message" and counted, so a caller reports them all and
 * then refuses the whole file. */
#ifndef UPS_CONF_H
#define UPS_CONF_H

#include <stddef.h>

#include "log.h"

#define CONF_MAX_LINE 4096
#define CONF_MAX_ARGS 64

struct conf_line {
	const char *file;
	int lineno;
	int argc;
	char **argv;
};

struct conf_ctx {
	const char *file;
	int nerrors;
	const char *section; /* name of the current [section], or NULL; kept by the caller */
};

/* Logs "file:line: message" and counts the error. */
void conf_error(struct conf_ctx *ctx, const struct conf_line *line, const char *fmt, ...)
    LOG_PRINTF(3, 4);

/* Return 0 to go on, -1 to stop reading. Errors go through conf_error(). */
typedef int (*conf_line_cb)(struct conf_ctx *ctx, const struct conf_line *line, void *arg);

/* Reads a file line by line. Returns the number of errors (tokenizer errors
 * included), or -1 when the file cannot be opened ("file: strerror" logged). */
int conf_read_file(const char *path, conf_line_cb cb, void *arg);
/* The same over a buffer; name stands for the file in messages. */
int conf_read_buffer(const char *name, const char *data, size_t len, conf_line_cb cb, void *arg);

/* "[name]" section header: returns 1 and writes name into out, 0 when the line
 * is not a header, -1 (nothing logged) when the name is empty or too long. */
int conf_is_section(const struct conf_line *line, char *out, size_t outlen);

/* "key = value", "key=value" or "key value...": splits into key and value.
 * A bare "key" is a flag (value NULL). 0, or -1 (error logged) when malformed. */
int conf_split_kv(struct conf_ctx *ctx, const struct conf_line *line, char *key, size_t keylen,
                  const char **value);

enum conf_type {
	CONF_T_FLAG,   /* no value; stores int 1 */
	CONF_T_STRING, /* stores a strdup'ed char * (old one freed) */
	CONF_T_INT,    /* stores int, checked against min/max */
	CONF_T_BOOL,   /* yes/no/true/false/on/off/1/0 -> int */
	CONF_T_CUSTOM, /* handler does everything */
};

enum conf_dflags {
	CONF_D_REPEATABLE = 1, /* may appear more than once */
	CONF_D_RELOADABLE = 2, /* takes effect on reload; without it a reload keeps the old
	                        * value (conf_keep_fixed) and says a restart is needed */
};

struct conf_directive {
	const char *name; /* matched case-insensitively */
	enum conf_type type;
	int min_args, max_args; /* words after the name */
	long min, max;          /* CONF_T_INT bounds */
	size_t offset;          /* where the value goes in the target struct */
	unsigned flags;
	/* CONF_T_CUSTOM: argv[1..argc-1] are the arguments. 0 or -1 (error logged). */
	int (*handler)(struct conf_ctx *ctx, const struct conf_line *line, void *target);
};

/* Finds argv[0] in table (terminated by a {NULL} row), checks arity and
 * converts. Returns 0, -1 (error logged) or 1 when argv[0] is not in the table
 * (nothing logged: the caller decides). */
int conf_dispatch(struct conf_ctx *ctx, const struct conf_directive *table,
                  const struct conf_line *line, void *target);
/* Applies one directive to a value given apart from a line (ups.conf "k = v"). */
int conf_apply(struct conf_ctx *ctx, const struct conf_directive *d, const struct conf_line *line,
               int argc, char **argv, void *target);
const struct conf_directive *conf_find(const struct conf_directive *table, const char *name);

/* For a reload: for every directive of table without CONF_D_RELOADABLE whose
 * value differs between the configuration in force (cur) and the new one
 * (next), puts the value in force back into next (swapping, so freeing cur
 * frees the rejected value) and calls on_kept(name, arg). INT, BOOL, FLAG and
 * STRING directives are compared here; CUSTOM ones keep their values where
 * their handler put them, so the caller compares those itself. Returns how
 * many were kept. */
int conf_keep_fixed(const struct conf_directive *table, void *cur, void *next,
                    void (*on_kept)(const char *name, void *arg), void *arg);

/* Strict number parsers: 0, or -1 on junk, overflow or out of [min, max]. */
int conf_parse_long(const char *s, long min, long max, long *out);
int conf_parse_bool(const char *s, int *out);

#endif
