/* schedconf: upssched.conf (see schedconf.h).
 *
 * Facts measured on NUT 2.8.0's upssched, and where we differ:
 * - CMDSCRIPT, PIPEFN and LOCKFN must come before the first AT line (NUT
 *   stops with an error at an AT line otherwise; so do we).
 * - NUT logs an unknown directive or AT action and carries on, ignores extra
 *   words (EXECUTE a b runs "a"), and takes a START-TIMER delay that is not a
 *   number as 0 and a negative one as "ignore". Here each of these is a
 *   file:line error and the file is refused.
 * - The notify type is compared case-insensitively, the UPS name exactly.
 * - START-TIMER-SHARED and CANCEL-TIMER-MATCHED are not in 2.8.0 (it logs
 *   "Invalid command"); they come from later NUT releases.
 * Directive names are matched case-insensitively here (NUT: exactly), as
 * every other file the shared lexer reads. */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "log.h"
#include "schedconf.h"

/* upsmon's notify types (NUT 2.8.x); an AT line naming another gets a warning. */
static const char *const sched_ntypes[] = {
    "ONLINE",
    "ONBATT",
    "LOWBATT",
    "FSD",
    "COMMOK",
    "COMMBAD",
    "SHUTDOWN",
    "REPLBATT",
    "NOCOMM",
    "NOPARENT",
    "CAL",
    "NOTCAL",
    "OFF",
    "NOTOFF",
    "BYPASS",
    "NOTBYPASS",
    "ALARM",
    "NOTALARM",
    "OVER",
    "NOTOVER",
    "TRIM",
    "NOTTRIM",
    "BOOST",
    "NOTBOOST",
    "ECO",
    "NOTECO",
    "OTHER",
    "NOTOTHER",
    "SUSPEND_STARTING",
    "SUSPEND_FINISHED",
    NULL,
};

struct sched_action_def {
	const char *word;
	enum sched_action action;
	int min_args, max_args; /* words after the action word */
	int timed;              /* second word is the delay in seconds */
};

static const struct sched_action_def sched_actions[] = {
    {"START-TIMER", SCHED_START_TIMER, 2, 2, 1},
    {"START-TIMER-SHARED", SCHED_START_SHARED, 2, 2, 1},
    {"CANCEL-TIMER", SCHED_CANCEL_TIMER, 1, 2, 0},
    {"CANCEL-TIMER-MATCHED", SCHED_CANCEL_MATCHED, 1, 2, 0},
    {"EXECUTE", SCHED_EXECUTE, 1, 1, 0},
    {NULL, 0, 0, 0, 0},
};

const char *schedconf_action_name(enum sched_action a)
{
	const struct sched_action_def *d;

	for (d = sched_actions; d->word != NULL; d++)
		if (d->action == a)
			return d->word;
	return "?";
}

/* A word that may travel to the timer daemon and to CMDSCRIPT: not empty,
 * bounded, no control bytes. */
static int sched_word_ok(struct conf_ctx *ctx, const struct conf_line *line, const char *what,
                         const char *w)
{
	size_t i, n = strlen(w);

	if (n == 0) {
		conf_error(ctx, line, "AT: empty %s", what);
		return -1;
	}
	if (n >= SCHED_MAX_WORD) {
		conf_error(ctx, line, "AT: %s longer than %d bytes", what, SCHED_MAX_WORD - 1);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if ((unsigned char)w[i] < 0x20 || w[i] == 0x7f) {
			conf_error(ctx, line, "AT: control character in %s", what);
			return -1;
		}
	}
	return 0;
}

static int sched_at(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	struct sched_conf *c = target;
	const struct sched_action_def *d;
	struct sched_rule r, *nr;
	const char *const *t;
	int nargs;

	if (c->cmdscript == NULL || c->pipefn == NULL || c->lockfn == NULL) {
		conf_error(ctx, line,
		           "AT: CMDSCRIPT, PIPEFN and LOCKFN must all be set before the "
		           "first AT line");
		return -1;
	}
	for (d = sched_actions; d->word != NULL; d++)
		if (strcasecmp(d->word, line->argv[3]) == 0)
			break;
	if (d->word == NULL) {
		conf_error(ctx, line,
		           "AT: unknown action '%s' (START-TIMER, START-TIMER-SHARED, "
		           "CANCEL-TIMER, CANCEL-TIMER-MATCHED or EXECUTE)",
		           line->argv[3]);
		return -1;
	}
	nargs = line->argc - 4;
	if (nargs < d->min_args || nargs > d->max_args) {
		if (d->min_args == d->max_args)
			conf_error(ctx, line, "AT ... %s takes %d argument%s, not %d", d->word,
			           d->min_args, d->min_args == 1 ? "" : "s", nargs);
		else
			conf_error(ctx, line, "AT ... %s takes %d to %d arguments, not %d", d->word,
			           d->min_args, d->max_args, nargs);
		return -1;
	}
	if (c->nrules >= SCHED_MAX_RULES) {
		conf_error(ctx, line, "AT: more than %d AT lines", SCHED_MAX_RULES);
		return -1;
	}
	memset(&r, 0, sizeof(r));
	r.action = d->action;
	r.lineno = line->lineno;
	if (sched_word_ok(ctx, line, "notify type", line->argv[1]) < 0 ||
	    sched_word_ok(ctx, line, "UPS name", line->argv[2]) < 0 ||
	    sched_word_ok(ctx, line, d->action == SCHED_EXECUTE ? "command" : "timer name",
	                  line->argv[4]) < 0)
		return -1;
	if (d->timed && conf_parse_long(line->argv[5], 0, SCHED_MAX_DELAY_S, &r.delay_s) < 0) {
		conf_error(ctx, line, "AT ... %s: '%s' is not a number of seconds from 0 to %d",
		           d->word, line->argv[5], SCHED_MAX_DELAY_S);
		return -1;
	}
	if (!d->timed && nargs == 2 && sched_word_ok(ctx, line, "command", line->argv[5]) < 0)
		return -1;
	for (t = sched_ntypes; *t != NULL; t++)
		if (strcasecmp(*t, line->argv[1]) == 0)
			break;
	if (*t == NULL)
		log_warnx("%s:%d: AT: '%s' is not a notify type upsmon sends; the line never "
		          "applies",
		          line->file, line->lineno, line->argv[1]);

	nr = realloc(c->rules, (c->nrules + 1) * sizeof(*nr));
	if (nr == NULL) {
		conf_error(ctx, line, "AT: out of memory");
		return -1;
	}
	c->rules = nr;
	r.ntype = strdup(line->argv[1]);
	r.ups = strdup(line->argv[2]);
	r.name = strdup(line->argv[4]);
	r.cmd = !d->timed && nargs == 2 ? strdup(line->argv[5]) : NULL;
	if (r.ntype == NULL || r.ups == NULL || r.name == NULL ||
	    (!d->timed && nargs == 2 && r.cmd == NULL)) {
		free(r.ntype);
		free(r.ups);
		free(r.name);
		free(r.cmd);
		conf_error(ctx, line, "AT: out of memory");
		return -1;
	}
	c->rules[c->nrules++] = r;
	return 0;
}

#define OFF(f) offsetof(struct sched_conf, f)
static const struct conf_directive schedconf_table[] = {
    {"CMDSCRIPT", CONF_T_STRING, 1, 1, 0, 0, OFF(cmdscript), 0, NULL},
    {"PIPEFN", CONF_T_STRING, 1, 1, 0, 0, OFF(pipefn), 0, NULL},
    {"LOCKFN", CONF_T_STRING, 1, 1, 0, 0, OFF(lockfn), 0, NULL},
    {"AT", CONF_T_CUSTOM, 4, CONF_MAX_ARGS, 0, 0, 0, CONF_D_REPEATABLE, sched_at},
    {NULL, 0, 0, 0, 0, 0, 0, 0, NULL},
};
#undef OFF

static int schedconf_line(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	struct sched_conf *c = arg;
	int rc = conf_dispatch(ctx, schedconf_table, line, arg);

	if (rc == 1)
		conf_error(ctx, line, "unknown directive '%s'", line->argv[0]);
	else if (rc == 0 && strcasecmp(line->argv[0], "AT") != 0) {
		const char *v = strcasecmp(line->argv[0], "CMDSCRIPT") == 0 ? c->cmdscript
		                : strcasecmp(line->argv[0], "PIPEFN") == 0  ? c->pipefn
		                                                            : c->lockfn;
		if (v[0] == '\0')
			conf_error(ctx, line, "%s: empty value", line->argv[0]);
	}
	return 0; /* go on: every error of the file in one pass */
}

void schedconf_free(struct sched_conf *c)
{
	size_t i;

	for (i = 0; i < c->nrules; i++) {
		free(c->rules[i].ntype);
		free(c->rules[i].ups);
		free(c->rules[i].name);
		free(c->rules[i].cmd);
	}
	free(c->rules);
	free(c->cmdscript);
	free(c->pipefn);
	free(c->lockfn);
	memset(c, 0, sizeof(*c));
}

static int schedconf_finish(int nerr, const char *name, struct sched_conf *out)
{
	if (nerr == 0 && (out->cmdscript == NULL || out->pipefn == NULL || out->lockfn == NULL)) {
		log_warnx("%s: CMDSCRIPT, PIPEFN and LOCKFN are required", name);
		nerr = 1;
	}
	if (nerr != 0) {
		schedconf_free(out);
		return -1;
	}
	return 0;
}

int schedconf_load(const char *path, struct sched_conf *out)
{
	memset(out, 0, sizeof(*out));
	return schedconf_finish(conf_read_file(path, schedconf_line, out), path, out);
}

int schedconf_load_buffer(const char *name, const char *data, size_t len, struct sched_conf *out)
{
	memset(out, 0, sizeof(*out));
	return schedconf_finish(conf_read_buffer(name, data, len, schedconf_line, out), name, out);
}

int schedconf_match(const struct sched_rule *r, const char *ntype, const char *ups)
{
	if (strcasecmp(r->ntype, ntype) != 0)
		return 0;
	return strcmp(r->ups, "*") == 0 || strcmp(r->ups, ups) == 0;
}
