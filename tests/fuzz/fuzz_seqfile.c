/* fuzz_seqfile: dummy-ups's .dev/.seq parser on arbitrary files. Checks the
 * parser's promises: entries are well formed (names valid for the state tree,
 * values within ST_MAX_VALUE, timers within SEQ_MAX_TIMER_S), line numbers
 * rise, and ntimers counts the TIMER entries. Logging is off. */
#include "config.h"

#include <stddef.h>
#include <string.h>

#include "fuzz.h"
#include "log.h"
#include "seqfile.h"
#include "state.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct seq_file f;
	size_t i, timers = 0;
	int last_line = 0;

	log_init("fuzz_seqfile", 0, 0);
	memset(&f, 0, sizeof(f));
	if (seq_parse("fuzz.dev", (const char *)data, size, &f) != 0)
		return 0;
	for (i = 0; i < f.n; i++) {
		const struct seq_entry *e = &f.e[i];

		FUZZ_CHECK(e->lineno >= 1 && e->lineno >= last_line);
		last_line = e->lineno;
		if (e->kind == SEQ_TIMER) {
			FUZZ_CHECK(e->timer_s >= 0 && e->timer_s <= SEQ_MAX_TIMER_S);
			timers++;
			continue;
		}
		FUZZ_CHECK(e->kind == SEQ_SET);
		FUZZ_CHECK(e->name != NULL && e->value != NULL);
		FUZZ_CHECK(st_name_ok(e->name));
		FUZZ_CHECK(strlen(e->value) < ST_MAX_VALUE);
	}
	FUZZ_CHECK(timers == f.ntimers);
	seq_free(&f);
	return 0;
}
