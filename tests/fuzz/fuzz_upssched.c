/* fuzz_upssched: upssched's two parsers on the same input.
 * 1. The input as an upssched.conf (clients/schedconf.c, through the
 *    shared lexer): the result is 0 or -1; -1 leaves the table empty and
 *    logged at least one message naming the file; 0 gives CMDSCRIPT,
 *    PIPEFN, LOCKFN and rules whose words are 1..SCHED_MAX_WORD-1 bytes
 *    without control bytes and whose delays are in range.
 * 2. The input as a stream of request lines to the timer daemon
 *    (clients/schedcore.c), tokenized with the daemon's limits, each line
 *    decoded and applied to a timer table on a clock that moves 700 ms per
 *    line, timers popped as they come due. Invariants: a decoded request
 *    survives schedreq_format and a second decode unchanged; the table
 *    never passes SCHED_MAX_TIMERS, every timer has 1..SCHED_MAX_SHARERS
 *    sharers; sched_next_due is the smallest deadline; in the end every
 *    timer comes due and the table is empty. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "fuzz.h"
#include "log.h"
#include "proto.h"
#include "schedconf.h"
#include "schedcore.h"

#define FZ_MAX_INPUT 16384
#define FZ_NAME      "fuzz.conf"

static void fz_word(const char *w)
{
	size_t i, n;

	FUZZ_CHECK(w != NULL);
	n = strlen(w);
	FUZZ_CHECK(n >= 1 && n < SCHED_MAX_WORD);
	for (i = 0; i < n; i++)
		FUZZ_CHECK((unsigned char)w[i] >= 0x20 && w[i] != 0x7f);
}

static void fz_conf(const uint8_t *data, size_t size)
{
	struct sched_conf c;
	FILE *saved, *mem;
	char *log = NULL;
	size_t loglen = 0, i;
	int rc;

	mem = open_memstream(&log, &loglen);
	FUZZ_CHECK(mem != NULL);
	saved = stderr;
	stderr = mem;
	rc = schedconf_load_buffer(FZ_NAME, (const char *)data, size, &c);
	stderr = saved;
	FUZZ_CHECK(fclose(mem) == 0);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		FUZZ_CHECK(c.nrules == 0 && c.rules == NULL && c.cmdscript == NULL);
		FUZZ_CHECK(strstr(log, FZ_NAME) != NULL);
	} else {
		FUZZ_CHECK(c.cmdscript != NULL && c.pipefn != NULL && c.lockfn != NULL);
		FUZZ_CHECK(c.nrules <= SCHED_MAX_RULES);
		for (i = 0; i < c.nrules; i++) {
			const struct sched_rule *r = &c.rules[i];

			fz_word(r->ntype);
			fz_word(r->ups);
			fz_word(r->name);
			if (r->cmd != NULL)
				fz_word(r->cmd);
			FUZZ_CHECK(r->delay_s >= 0 && r->delay_s <= SCHED_MAX_DELAY_S);
			FUZZ_CHECK(r->cmd == NULL || r->action == SCHED_CANCEL_TIMER ||
			           r->action == SCHED_CANCEL_MATCHED);
			FUZZ_CHECK(schedconf_match(r, r->ntype, r->ups));
		}
		schedconf_free(&c);
	}
	free(log);
}

static void fz_table(const struct sched_timers *t)
{
	uint64_t best = UINT64_MAX;
	size_t i, k;

	FUZZ_CHECK(t->n <= SCHED_MAX_TIMERS);
	for (i = 0; i < t->n; i++) {
		fz_word(t->v[i].name);
		FUZZ_CHECK(t->v[i].nwho >= 1 && t->v[i].nwho <= SCHED_MAX_SHARERS);
		for (k = 0; k < t->v[i].nwho; k++) {
			fz_word(t->v[i].who[k].ups);
			fz_word(t->v[i].who[k].ntype);
		}
		if (t->v[i].due_ms < best)
			best = t->v[i].due_ms;
	}
	FUZZ_CHECK(sched_next_due(t) == best);
}

/* format + tokenize + decode gives the same request back. */
static void fz_roundtrip(const struct schedreq *r)
{
	struct proto_tok tok;
	struct schedreq r2;
	struct buf b;
	const char *err;
	size_t used;

	FUZZ_CHECK(buf_init(&b, SCHED_PROTO_MAX_LINE + 1) == 0);
	FUZZ_CHECK(schedreq_format(&b, r) == 0);
	FUZZ_CHECK(proto_tok_init(&tok, 0, SCHED_PROTO_MAX_LINE, SCHED_PROTO_MAX_ARGS) == 0);
	FUZZ_CHECK(proto_feed(&tok, buf_head(&b), buf_used(&b), &used) == PROTO_LINE);
	FUZZ_CHECK(used == buf_used(&b));
	FUZZ_CHECK(schedreq_decode(tok.argc, tok.argv, &r2, &err) == 0);
	FUZZ_CHECK(r2.verb == r->verb && r2.delay_s == r->delay_s);
	FUZZ_CHECK(strcmp(r2.name, r->name) == 0 && strcmp(r2.ups, r->ups) == 0);
	FUZZ_CHECK(strcmp(r2.ntype, r->ntype) == 0);
	FUZZ_CHECK((r2.cmd == NULL) == (r->cmd == NULL));
	FUZZ_CHECK(r->cmd == NULL || strcmp(r2.cmd, r->cmd) == 0);
	proto_tok_free(&tok);
	buf_free(&b);
}

static void fz_pop(struct sched_timers *t, uint64_t now)
{
	struct sched_fired f;
	int rc;

	while ((rc = sched_pop_due(t, now, &f)) == 1) {
		fz_word(f.name);
		FUZZ_CHECK(f.upsnames != NULL && f.upsnames[0] != '\0');
		FUZZ_CHECK(f.ntypes != NULL && f.ntypes[0] != '\0');
		sched_fired_free(&f);
	}
	FUZZ_CHECK(rc == 0);
	FUZZ_CHECK(sched_next_due(t) > now);
}

static void fz_requests(const uint8_t *data, size_t size)
{
	struct sched_timers t = {NULL, 0};
	struct proto_tok tok;
	struct schedreq r;
	const char *err, *run_cmd;
	uint64_t now = 1000;
	size_t off = 0, used;

	FUZZ_CHECK(proto_tok_init(&tok, 0, SCHED_PROTO_MAX_LINE, SCHED_PROTO_MAX_ARGS) == 0);
	while (off < size) {
		enum proto_result res =
		    proto_feed(&tok, (const char *)data + off, size - off, &used);

		FUZZ_CHECK(used > 0 || res != PROTO_MORE);
		off += used;
		if (res != PROTO_LINE)
			continue;
		now += 700;
		if (schedreq_decode(tok.argc, tok.argv, &r, &err) < 0) {
			FUZZ_CHECK(err != NULL);
			continue;
		}
		FUZZ_CHECK(err == NULL);
		fz_roundtrip(&r);
		if (sched_apply(&t, &r, now, &run_cmd, &err) < 0)
			FUZZ_CHECK(err != NULL &&
			           (r.verb == SCHEDREQ_START || r.verb == SCHEDREQ_START_SHARED));
		else
			FUZZ_CHECK(run_cmd == NULL || run_cmd == r.cmd);
		fz_table(&t);
		fz_pop(&t, now);
		fz_table(&t);
	}
	fz_pop(&t, UINT64_MAX - 1);
	FUZZ_CHECK(t.n == 0);
	sched_timers_free(&t);
	proto_tok_free(&tok);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;

	if (size > FZ_MAX_INPUT)
		return 0;
	if (!inited) {
		log_init("fuzz_upssched", LOG_TO_STDERR, 0);
		inited = 1;
	}
	fz_conf(data, size);
	fz_requests(data, size);
	return 0;
}
