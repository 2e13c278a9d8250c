/* fuzz_users: upsd's upsd.users reader (server/users.c) against arbitrary
 * file contents. The input is written to a scratch file and read with
 * users_load(), the call upsd makes. Invariants checked:
 * - the result is 0 or -1; -1 leaves the table empty;
 * - every message users_load logs names the file; a refused file is refused
 *   with at least one "file:line: " message whose line exists in the input,
 *   and an accepted one logged no such message;
 * - every user of an accepted file has a name (1..UPSD_MAX_NAME-1 bytes, no
 *   control bytes), names are unique and users_find() finds each one;
 * - permissions hang together: the right password holds no action beyond
 *   the user's, a wrong or missing password holds nothing, upsmon roles
 *   grant what users.h says.
 * The messages are caught by pointing the stdio stream stderr at a memory
 * stream while users_load runs; sanitizer reports write to fd 2 directly
 * and are not caught. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "log.h"
#include "upsd.h"
#include "users.h"

#define FZ_MAX_INPUT 16384

static char fz_path[256];

static void fz_setup(void)
{
	const char *tmp = getenv("TMPDIR");
	int fd;

	log_init("fuzz_users", LOG_TO_STDERR, 0);
	snprintf(fz_path, sizeof(fz_path), "%s/fuzz_users.XXXXXX",
	         tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	fd = mkstemp(fz_path);
	FUZZ_CHECK(fd >= 0);
	close(fd);
}

static void fz_cleanup(void)
{
	if (fz_path[0] != '\0')
		unlink(fz_path);
}

static void fz_write(const uint8_t *data, size_t size)
{
	FILE *f = fopen(fz_path, "wb");

	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fwrite(data, 1, size, f) == size);
	FUZZ_CHECK(fclose(f) == 0);
}

/* Lines of the input as the reader counts them (a last line without "\n"
 * still counts). */
static long fz_lines(const uint8_t *data, size_t size)
{
	long n = 0;
	size_t i;

	for (i = 0; i < size; i++)
		if (data[i] == '\n')
			n++;
	return n + 1;
}

/* Checks the log of one users_load: returns how many "file:line: " lines it
 * has, after checking every line names the file and every line number exists. */
static int fz_check_log(const char *log, long nlines)
{
	size_t plen = strlen(fz_path);
	const char *p = log;
	int located = 0;

	while (*p != '\0') {
		const char *eol = strchr(p, '\n');

		FUZZ_CHECK(eol != NULL); /* every message is a whole line */
		FUZZ_CHECK(strncmp(p, fz_path, plen) == 0 && p[plen] == ':');
		if (p[plen + 1] >= '0' && p[plen + 1] <= '9') {
			char *end;
			long ln = strtol(p + plen + 1, &end, 10);

			FUZZ_CHECK(*end == ':');
			FUZZ_CHECK(ln >= 1 && ln <= nlines);
			located++;
		}
		p = eol + 1;
	}
	return located;
}

static void fz_check_user(const struct users *us, size_t i)
{
	const struct user *u = &us->v[i];
	const unsigned all = ACT_SET | ACT_FSD | ACT_LOGIN | ACT_PRIMARY;
	size_t k, len;
	char wrong[512];

	FUZZ_CHECK(u->name != NULL);
	len = strlen(u->name);
	FUZZ_CHECK(len >= 1 && len < UPSD_MAX_NAME);
	for (k = 0; k < len; k++)
		FUZZ_CHECK((unsigned char)u->name[k] >= 0x20);
	for (k = 0; k < i; k++)
		FUZZ_CHECK(strcmp(us->v[k].name, u->name) != 0);
	FUZZ_CHECK(users_find(us, u->name) == u);
	FUZZ_CHECK((u->actions & ~all) == 0);
	FUZZ_CHECK(u->ninstcmds <= 1024);
	FUZZ_CHECK(u->ninstcmds == 0 || u->instcmds != NULL);
	for (k = 0; k < u->ninstcmds; k++)
		FUZZ_CHECK(u->instcmds[k] != NULL);
	FUZZ_CHECK(u->upsmon == UPSMON_NONE || u->upsmon == UPSMON_PRIMARY ||
	           u->upsmon == UPSMON_SECONDARY);
	if (u->upsmon == UPSMON_PRIMARY)
		FUZZ_CHECK((u->actions & (ACT_LOGIN | ACT_FSD | ACT_PRIMARY)) ==
		           (ACT_LOGIN | ACT_FSD | ACT_PRIMARY));
	if (u->upsmon == UPSMON_SECONDARY)
		FUZZ_CHECK(u->actions & ACT_LOGIN);

	/* No password: nobody gets in as this user. */
	FUZZ_CHECK(!users_allowed(us, u->name, NULL, 0));
	FUZZ_CHECK(users_role(us, u->name, NULL) == UPSMON_NONE);
	if (u->password == NULL) {
		FUZZ_CHECK(!users_allowed(us, u->name, "", 0));
		FUZZ_CHECK(!users_allowed_cmd(us, u->name, "", "load.off"));
		return;
	}
	FUZZ_CHECK(users_allowed(us, u->name, u->password, u->actions));
	FUZZ_CHECK(u->actions == all || !users_allowed(us, u->name, u->password, all));
	FUZZ_CHECK(users_role(us, u->name, u->password) == u->upsmon);
	if (snprintf(wrong, sizeof(wrong), "%s.", u->password) < (int)sizeof(wrong)) {
		FUZZ_CHECK(!users_allowed(us, u->name, wrong, 0));
		FUZZ_CHECK(!users_allowed_cmd(us, u->name, wrong, "load.off"));
		FUZZ_CHECK(users_role(us, u->name, wrong) == UPSMON_NONE);
	}
	/* instcmds: a listed command (or ALL) is allowed, case-insensitively. */
	for (k = 0; k < u->ninstcmds; k++)
		FUZZ_CHECK(users_allowed_cmd(us, u->name, u->password, u->instcmds[k]));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct users us;
	FILE *saved, *mem;
	char *log = NULL;
	size_t loglen = 0, i;
	int rc, located;

	if (size > FZ_MAX_INPUT)
		return 0;
	if (fz_path[0] == '\0') {
		fz_setup();
		atexit(fz_cleanup);
	}
	fz_write(data, size);

	mem = open_memstream(&log, &loglen);
	FUZZ_CHECK(mem != NULL);
	saved = stderr;
	stderr = mem;
	rc = users_load(fz_path, &us);
	stderr = saved;
	FUZZ_CHECK(fclose(mem) == 0);

	FUZZ_CHECK(rc == 0 || rc == -1);
	located = fz_check_log(log, fz_lines(data, size));
	if (rc < 0) {
		FUZZ_CHECK(us.n == 0 && us.v == NULL);
		FUZZ_CHECK(located > 0);
	} else {
		FUZZ_CHECK(located == 0);
		for (i = 0; i < us.n; i++)
			fz_check_user(&us, i);
	}
	users_free(&us);
	FUZZ_CHECK(us.n == 0 && us.v == NULL);
	free(log);
	return 0;
}
