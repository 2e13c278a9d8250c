/* schedconf: upssched.conf, the table of what upssched does for which event.
 * CMDSCRIPT, PIPEFN and LOCKFN (all three before the first AT line, as NUT
 * requires) and "AT <notifytype> <upsname|*> <action> [args]" rules, kept in
 * file order. Parsed with the shared config lexer; every error is reported as
 * "file:line: message" and a file with any error is refused whole. */
#ifndef UPS_SCHEDCONF_H
#define UPS_SCHEDCONF_H

#include <stddef.h>

#define SCHED_MAX_WORD    256      /* bytes of a timer name, command, UPS or type name */
#define SCHED_MAX_RULES   1024     /* AT lines in one file */
#define SCHED_MAX_DELAY_S 31536000 /* START-TIMER seconds: one year at most */

enum sched_action {
	SCHED_START_TIMER,    /* name, seconds */
	SCHED_START_SHARED,   /* name, seconds: joins a running timer of that name */
	SCHED_CANCEL_TIMER,   /* name [, cmd run when no timer was running] */
	SCHED_CANCEL_MATCHED, /* name [, cmd]: only the timers this UPS started */
	SCHED_EXECUTE,        /* cmd, at once */
};

struct sched_rule {
	char *ntype; /* notify type, compared case-insensitively */
	char *ups;   /* "ups@host" as upsmon names it (exact), or "*" */
	enum sched_action action;
	char *name; /* timer name, or the EXECUTE command */
	char *cmd;  /* CANCEL-TIMER(-MATCHED) command, or NULL */
	long delay_s;
	int lineno;
};

struct sched_conf {
	char *cmdscript; /* split at blanks when run: program and leading arguments */
	char *pipefn;
	char *lockfn;
	struct sched_rule *rules;
	size_t nrules;
};

/* Reads path into out (zeroed first). 0, or -1 when the file cannot be read
 * or has errors (each logged; out is then empty). */
int schedconf_load(const char *path, struct sched_conf *out);
/* The same over a buffer; name stands for the file in messages (fuzzing). */
int schedconf_load_buffer(const char *name, const char *data, size_t len, struct sched_conf *out);
void schedconf_free(struct sched_conf *c);

/* Does rule r apply to an event of type ntype on UPS ups? */
int schedconf_match(const struct sched_rule *r, const char *ntype, const char *ups);

const char *schedconf_action_name(enum sched_action a);

#endif
