/* schedcore: the timer daemon's state and command language, without any I/O
 * (so the fuzzer and the unit of the daemon drive the same code).
 * - the request lines upssched sends on PIPEFN (one table: word, arity),
 *   their encoding (schedreq_format) and decoding (schedreq_decode);
 * - the timer table: start, start shared, cancel, cancel matched, and the
 *   timers due at a given monotonic time, in the order they were started.
 * Our own protocol, not NUT's: one request per line, words quoted as in the
 * NUT protocol, answered "OK" or "ERR <word>". */
#ifndef UPS_SCHEDCORE_H
#define UPS_SCHEDCORE_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define SCHED_MAX_TIMERS     256  /* timers running at once */
#define SCHED_MAX_SHARERS    64   /* (UPS, notify type) pairs on one shared timer */
#define SCHED_PROTO_MAX_LINE 4096 /* bytes of one request line */
#define SCHED_PROTO_MAX_ARGS 8    /* words of one request line */

enum schedreq_verb {
	SCHEDREQ_START,          /* START name seconds ups ntype */
	SCHEDREQ_START_SHARED,   /* START-SHARED name seconds ups ntype */
	SCHEDREQ_CANCEL,         /* CANCEL name ups ntype [cmd] */
	SCHEDREQ_CANCEL_MATCHED, /* CANCEL-MATCHED name ups ntype [cmd] */
};

/* A decoded request; the strings point into the argv it came from. */
struct schedreq {
	enum schedreq_verb verb;
	const char *name;
	const char *ups;
	const char *ntype;
	const char *cmd; /* CANCEL*: run when nothing was cancelled; or NULL */
	long delay_s;    /* START* */
};

/* Appends r as one line (with '\n') to b. 0, or -1 when b is full. */
int schedreq_format(struct buf *b, const struct schedreq *r);
/* Decodes one tokenized line. 0, or -1 with *err set to the ERR word to
 * answer (UNKNOWN-COMMAND, INVALID-ARGUMENT). */
int schedreq_decode(int argc, char **argv, struct schedreq *r, const char **err);

struct sched_sharer {
	char *ups;
	char *ntype;
};

struct sched_timer {
	char *name;
	uint64_t due_ms; /* on ev_now_ms()'s clock */
	struct sched_sharer *who;
	size_t nwho;
};

struct sched_timers {
	struct sched_timer *v; /* in the order they were started */
	size_t n;
};

/* A timer that came due, handed to the caller (sched_fired_free frees it). */
struct sched_fired {
	char *name;
	char *upsnames; /* the UPS names that started it, comma-separated */
	char *ntypes;   /* their notify types, comma-separated, each once */
};

/* Applies a decoded request at time now_ms. A START adds a timer (another
 * one even if one of that name runs, as NUT 2.8.0 does); START-SHARED joins
 * the oldest running timer of that name (its deadline stays) or starts one;
 * CANCEL drops the oldest timer of that name (2.8.0: one per request);
 * CANCEL-MATCHED drops this UPS from every timer of that name, and a timer
 * left with nobody. When a CANCEL* cancelled nothing, *run_cmd is set to its
 * cmd (maybe NULL), else to NULL. 0, or -1 with *err (TOO-MANY-TIMERS,
 * OUT-OF-MEMORY) and the table unchanged. */
int sched_apply(struct sched_timers *t, const struct schedreq *r, uint64_t now_ms,
                const char **run_cmd, const char **err);
/* Earliest deadline, or UINT64_MAX when there is no timer. */
uint64_t sched_next_due(const struct sched_timers *t);
/* Takes out the first-started timer due at now_ms: 1 with *out filled, 0
 * when none is due, -1 when out of memory (the timer is then dropped). */
int sched_pop_due(struct sched_timers *t, uint64_t now_ms, struct sched_fired *out);
void sched_fired_free(struct sched_fired *f);
void sched_timers_free(struct sched_timers *t);

/* The argv of one CMDSCRIPT run: the words of cmdscript, then the words of
 * arg, split at blanks (spaces, tabs), as NUT's shell would split them but
 * with no other shell meaning: no quotes, variables, globs or ';'. The words
 * are copied into store. The number of words, or -1 when store or maxargv
 * (including the final NULL) is too small or cmdscript has no word. */
int sched_build_argv(const char *cmdscript, const char *arg, char *store, size_t storelen,
                     const char **argv, int maxargv);

#endif
