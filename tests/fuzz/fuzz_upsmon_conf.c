/* fuzz_upsmon_conf: upsmon's upsmon.conf reader (clients/upsmon_conf.c)
 * against arbitrary file contents, read from a buffer as um_conf_load reads
 * a file. Invariants:
 * - the result is 0 or -1; -1 leaves the configuration empty, and said why
 *   in at least one message naming the file; every "file:N:" message names
 *   a line of the input;
 * - an accepted one has 1..UM_MAX_MONITORS MONITOR lines, each with a UPS
 *   name, a host, a port, a power value in range, a user and a password; the
 *   power values add up to at least MINSUPPLIES; no TLS demanded; every
 *   time within its bounds; every NOTIFYMSG acceptable and every NOTIFYFLAG
 *   mask made of known flags with IGNORE alone;
 * - rendering every message for a long UPS name stays within the buffer and
 *   leaves no '%' conversion unexpanded but "%%".
 * Messages are caught by pointing stderr at a memory stream. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "log.h"
#include "upsmon_conf.h"

#define FZ_MAX_INPUT 16384
#define FZ_NAME      "fz-upsmon.conf"

static long fz_lines(const uint8_t *data, size_t size)
{
	long n = 0;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			n++;
	return n + 1;
}

/* Counts the messages (lines of the log) that start with the file's name;
 * checks their line numbers. Only at the start of a line: a message may
 * quote input that looks like "name:N". */
static int fz_check_log(const char *log, long nlines)
{
	size_t plen = strlen(FZ_NAME);
	const char *p = log;
	int named = 0;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');

		FUZZ_CHECK(eol != NULL); /* every message is a whole line */
		if (strncmp(p, FZ_NAME ":", plen + 1) == 0) {
			const char *q = p + plen + 1;

			named++;
			if (*q >= '0' && *q <= '9') {
				char *end;
				long ln = strtol(q, &end, 10);

				FUZZ_CHECK(*end == ':');
				FUZZ_CHECK(ln >= 1 && ln <= nlines);
			}
		}
		p = eol + 1;
	}
	return named;
}

static void fz_check_conf(const struct um_conf *c)
{
	char msg[512];
	size_t i;
	int t, total = 0;

	FUZZ_CHECK(c->nmon >= 1 && c->nmon <= UM_MAX_MONITORS);
	for (i = 0; i < c->nmon; i++) {
		const struct um_monitor *m = &c->mon[i];

		FUZZ_CHECK(m->system != NULL && m->upsname != NULL && m->host != NULL);
		FUZZ_CHECK(m->user != NULL && m->pass != NULL);
		FUZZ_CHECK(m->upsname[0] != '\0' && m->port != 0);
		FUZZ_CHECK(m->power >= 0 && m->power <= UM_MAX_POWER);
		total += m->power;
	}
	FUZZ_CHECK(total >= c->minsupplies);
	FUZZ_CHECK(!c->forcessl && !c->certverify);
	FUZZ_CHECK(c->pollfreq_s >= 1 && c->pollfreq_s <= UM_MAX_SECONDS);
	FUZZ_CHECK(c->pollfreqalert_s >= 1 && c->pollfreqalert_s <= UM_MAX_SECONDS);
	FUZZ_CHECK(c->rules.deadtime_s >= 0 && c->rules.hostsync_s >= 0);
	FUZZ_CHECK(c->rules.offduration_s >= -1 && c->rules.overduration_s >= -1);
	FUZZ_CHECK(c->shutdownexit >= UM_SDEXIT_NO && c->shutdownexit <= UM_MAX_SECONDS);
	for (t = 0; t < UM_N_COUNT; t++) {
		unsigned f = c->notifyflag[t];

		FUZZ_CHECK(
		    (f & ~(unsigned)(UM_NF_SYSLOG | UM_NF_WALL | UM_NF_EXEC | UM_NF_IGNORE)) == 0);
		FUZZ_CHECK((f & UM_NF_IGNORE) == 0 || f == UM_NF_IGNORE);
		if (c->notifymsg[t] != NULL) {
			FUZZ_CHECK(um_conf_msg_ok(c->notifymsg[t]));
			FUZZ_CHECK(strlen(c->notifymsg[t]) < UM_MAX_NOTIFYMSG);
		}
		um_conf_message(c, (enum um_notify)t, "%s%n%%", msg, sizeof(msg));
		FUZZ_CHECK(strlen(msg) < sizeof(msg));
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct um_conf c;
	FILE *saved, *mem;
	char *log = NULL;
	size_t loglen = 0;
	int rc, named, t;

	if (size > FZ_MAX_INPUT)
		return 0;
	if (!init) {
		log_init("fuzz_upsmon_conf", LOG_TO_STDERR, 0);
		init = 1;
	}
	mem = open_memstream(&log, &loglen);
	FUZZ_CHECK(mem != NULL);
	saved = stderr;
	stderr = mem;
	rc = um_conf_load_buffer(FZ_NAME, (const char *)data, size, &c);
	stderr = saved;
	FUZZ_CHECK(fclose(mem) == 0);

	FUZZ_CHECK(rc == 0 || rc == -1);
	named = fz_check_log(log, fz_lines(data, size));
	if (rc < 0) {
		FUZZ_CHECK(named > 0);
		FUZZ_CHECK(c.nmon == 0 && c.mon == NULL && c.shutdowncmd == NULL);
		for (t = 0; t < UM_N_COUNT; t++)
			FUZZ_CHECK(c.notifymsg[t] == NULL);
	} else {
		fz_check_conf(&c);
	}
	um_conf_free(&c);
	free(log);
	return 0;
}
