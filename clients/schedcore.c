/* schedcore: timer table and request lines of the upssched daemon (see
 * schedcore.h). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "proto.h"
#include "schedconf.h"
#include "schedcore.h"

struct schedreq_def {
	const char *word;
	enum schedreq_verb verb;
	int min_args, max_args; /* words after the verb */
	int timed;              /* name seconds ups ntype, else name ups ntype [cmd] */
};

static const struct schedreq_def schedreq_table[] = {
    {"START", SCHEDREQ_START, 4, 4, 1},
    {"START-SHARED", SCHEDREQ_START_SHARED, 4, 4, 1},
    {"CANCEL", SCHEDREQ_CANCEL, 3, 4, 0},
    {"CANCEL-MATCHED", SCHEDREQ_CANCEL_MATCHED, 3, 4, 0},
    {NULL, 0, 0, 0, 0},
};

static const struct schedreq_def *schedreq_def_of(enum schedreq_verb v)
{
	const struct schedreq_def *d;

	for (d = schedreq_table; d->word != NULL; d++)
		if (d->verb == v)
			return d;
	return NULL;
}

int schedreq_format(struct buf *b, const struct schedreq *r)
{
	const struct schedreq_def *d = schedreq_def_of(r->verb);
	size_t mark = buf_used(b);
	int rc;

	if (d == NULL)
		return -1;
	rc = buf_printf(b, "%s ", d->word);
	if (rc == 0)
		rc = proto_buf_quoted(b, r->name);
	if (rc == 0 && d->timed)
		rc = buf_printf(b, " %ld", r->delay_s);
	if (rc == 0)
		rc = buf_append(b, " ", 1);
	if (rc == 0)
		rc = proto_buf_quoted(b, r->ups);
	if (rc == 0)
		rc = buf_append(b, " ", 1);
	if (rc == 0)
		rc = proto_buf_quoted(b, r->ntype);
	if (rc == 0 && !d->timed && r->cmd != NULL) {
		rc = buf_append(b, " ", 1);
		if (rc == 0)
			rc = proto_buf_quoted(b, r->cmd);
	}
	if (rc == 0)
		rc = buf_append(b, "\n", 1);
	if (rc != 0)
		buf_truncate(b, mark);
	return rc;
}

/* Same rule as the config's words: not empty, bounded, no control bytes. */
static int schedreq_word_ok(const char *w)
{
	size_t i, n = strlen(w);

	if (n == 0 || n >= SCHED_MAX_WORD)
		return 0;
	for (i = 0; i < n; i++)
		if ((unsigned char)w[i] < 0x20 || w[i] == 0x7f)
			return 0;
	return 1;
}

int schedreq_decode(int argc, char **argv, struct schedreq *r, const char **err)
{
	const struct schedreq_def *d;
	int nargs, i;

	*err = "UNKNOWN-COMMAND";
	if (argc < 1)
		return -1;
	for (d = schedreq_table; d->word != NULL; d++)
		if (strcmp(d->word, argv[0]) == 0)
			break;
	if (d->word == NULL)
		return -1;
	*err = "INVALID-ARGUMENT";
	nargs = argc - 1;
	if (nargs < d->min_args || nargs > d->max_args)
		return -1;
	for (i = 1; i < argc; i++)
		if (!schedreq_word_ok(argv[i]))
			return -1;
	memset(r, 0, sizeof(*r));
	r->verb = d->verb;
	r->name = argv[1];
	if (d->timed) {
		if (conf_parse_long(argv[2], 0, SCHED_MAX_DELAY_S, &r->delay_s) < 0)
			return -1;
		r->ups = argv[3];
		r->ntype = argv[4];
	} else {
		r->ups = argv[2];
		r->ntype = argv[3];
		r->cmd = argc > 4 ? argv[4] : NULL;
	}
	*err = NULL;
	return 0;
}

static void sched_timer_clear(struct sched_timer *tm)
{
	size_t i;

	for (i = 0; i < tm->nwho; i++) {
		free(tm->who[i].ups);
		free(tm->who[i].ntype);
	}
	free(tm->who);
	free(tm->name);
	memset(tm, 0, sizeof(*tm));
}

static void sched_remove_at(struct sched_timers *t, size_t i)
{
	sched_timer_clear(&t->v[i]);
	memmove(&t->v[i], &t->v[i + 1], (t->n - i - 1) * sizeof(t->v[0]));
	t->n--;
	if (t->n == 0) {
		free(t->v);
		t->v = NULL;
	}
}

/* Adds (ups, ntype) to tm unless it is there. 0 or -1 (full, no memory). */
static int sched_add_sharer(struct sched_timer *tm, const char *ups, const char *ntype)
{
	struct sched_sharer *nw, s;
	size_t i;

	for (i = 0; i < tm->nwho; i++)
		if (strcmp(tm->who[i].ups, ups) == 0 && strcmp(tm->who[i].ntype, ntype) == 0)
			return 0;
	if (tm->nwho >= SCHED_MAX_SHARERS)
		return -1;
	s.ups = strdup(ups);
	s.ntype = strdup(ntype);
	nw = realloc(tm->who, (tm->nwho + 1) * sizeof(*nw));
	if (s.ups == NULL || s.ntype == NULL || nw == NULL) {
		free(s.ups);
		free(s.ntype);
		if (nw != NULL)
			tm->who = nw;
		return -1;
	}
	tm->who = nw;
	tm->who[tm->nwho++] = s;
	return 0;
}

static int sched_start(struct sched_timers *t, const struct schedreq *r, uint64_t now_ms,
                       const char **err)
{
	struct sched_timer tm, *nv;
	size_t i;

	if (r->verb == SCHEDREQ_START_SHARED) {
		for (i = 0; i < t->n; i++) {
			if (strcmp(t->v[i].name, r->name) != 0)
				continue;
			if (sched_add_sharer(&t->v[i], r->ups, r->ntype) < 0) {
				*err = "TOO-MANY-TIMERS";
				return -1;
			}
			return 0;
		}
	}
	if (t->n >= SCHED_MAX_TIMERS) {
		*err = "TOO-MANY-TIMERS";
		return -1;
	}
	memset(&tm, 0, sizeof(tm));
	tm.name = strdup(r->name);
	tm.due_ms = now_ms + (uint64_t)r->delay_s * 1000;
	nv = realloc(t->v, (t->n + 1) * sizeof(*nv));
	if (nv != NULL)
		t->v = nv;
	if (tm.name == NULL || nv == NULL || sched_add_sharer(&tm, r->ups, r->ntype) < 0) {
		sched_timer_clear(&tm);
		*err = "OUT-OF-MEMORY";
		return -1;
	}
	t->v[t->n++] = tm;
	return 0;
}

static size_t sched_cancel_matched(struct sched_timers *t, const struct schedreq *r)
{
	size_t i = 0, k, removed = 0;

	while (i < t->n) {
		struct sched_timer *tm = &t->v[i];

		if (strcmp(tm->name, r->name) != 0) {
			i++;
			continue;
		}
		k = 0;
		while (k < tm->nwho) {
			if (strcmp(tm->who[k].ups, r->ups) != 0) {
				k++;
				continue;
			}
			free(tm->who[k].ups);
			free(tm->who[k].ntype);
			memmove(&tm->who[k], &tm->who[k + 1],
			        (tm->nwho - k - 1) * sizeof(tm->who[0]));
			tm->nwho--;
			removed++;
		}
		if (tm->nwho == 0)
			sched_remove_at(t, i);
		else
			i++;
	}
	return removed;
}

int sched_apply(struct sched_timers *t, const struct schedreq *r, uint64_t now_ms,
                const char **run_cmd, const char **err)
{
	size_t i, removed = 0;

	*run_cmd = NULL;
	*err = NULL;
	switch (r->verb) {
	case SCHEDREQ_START:
	case SCHEDREQ_START_SHARED:
		return sched_start(t, r, now_ms, err);
	case SCHEDREQ_CANCEL:
		for (i = 0; i < t->n; i++) {
			if (strcmp(t->v[i].name, r->name) == 0) {
				sched_remove_at(t, i);
				removed = 1;
				break;
			}
		}
		break;
	case SCHEDREQ_CANCEL_MATCHED:
		removed = sched_cancel_matched(t, r);
		break;
	}
	if (removed == 0)
		*run_cmd = r->cmd;
	return 0;
}

uint64_t sched_next_due(const struct sched_timers *t)
{
	uint64_t best = UINT64_MAX;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].due_ms < best)
			best = t->v[i].due_ms;
	return best;
}

/* "a,b,c" of field (0 ups, 1 ntype) of tm's sharers, each value once. */
static const char *sched_field(const struct sched_timer *tm, size_t i, int field)
{
	return field ? tm->who[i].ntype : tm->who[i].ups;
}

static char *sched_join(const struct sched_timer *tm, int field)
{
	size_t i, k, n, len = 1, at = 0;
	char *s;

	for (i = 0; i < tm->nwho; i++)
		len += strlen(sched_field(tm, i, field)) + 1;
	s = malloc(len);
	if (s == NULL)
		return NULL;
	for (i = 0; i < tm->nwho; i++) {
		const char *v = sched_field(tm, i, field);

		for (k = 0; k < i; k++)
			if (strcmp(sched_field(tm, k, field), v) == 0)
				break;
		if (k < i)
			continue;
		if (at > 0)
			s[at++] = ',';
		n = strlen(v);
		memcpy(s + at, v, n);
		at += n;
	}
	s[at] = '\0';
	return s;
}

int sched_pop_due(struct sched_timers *t, uint64_t now_ms, struct sched_fired *out)
{
	size_t i;

	memset(out, 0, sizeof(*out));
	for (i = 0; i < t->n; i++) {
		if (t->v[i].due_ms > now_ms)
			continue;
		out->upsnames = sched_join(&t->v[i], 0);
		out->ntypes = sched_join(&t->v[i], 1);
		out->name = t->v[i].name;
		t->v[i].name = NULL;
		sched_remove_at(t, i);
		if (out->upsnames == NULL || out->ntypes == NULL || out->name == NULL) {
			sched_fired_free(out);
			return -1;
		}
		return 1;
	}
	return 0;
}

void sched_fired_free(struct sched_fired *f)
{
	free(f->name);
	free(f->upsnames);
	free(f->ntypes);
	memset(f, 0, sizeof(*f));
}

void sched_timers_free(struct sched_timers *t)
{
	while (t->n > 0)
		sched_remove_at(t, t->n - 1);
	free(t->v);
	t->v = NULL;
}

/* Appends the blank-separated words of s to argv/store. */
static int sched_split(const char *s, char *store, size_t storelen, size_t *used, const char **argv,
                       int maxargv, int *argc)
{
	while (*s != '\0') {
		size_t n;

		while (*s == ' ' || *s == '\t')
			s++;
		if (*s == '\0')
			break;
		n = strcspn(s, " \t");
		if (*argc + 1 >= maxargv || *used + n + 1 > storelen)
			return -1;
		memcpy(store + *used, s, n);
		store[*used + n] = '\0';
		argv[(*argc)++] = store + *used;
		*used += n + 1;
		s += n;
	}
	return 0;
}

int sched_build_argv(const char *cmdscript, const char *arg, char *store, size_t storelen,
                     const char **argv, int maxargv)
{
	size_t used = 0;
	int argc = 0;

	if (sched_split(cmdscript, store, storelen, &used, argv, maxargv, &argc) < 0 || argc == 0)
		return -1;
	if (arg != NULL && sched_split(arg, store, storelen, &used, argv, maxargv, &argc) < 0)
		return -1;
	argv[argc] = NULL;
	return argc;
}
