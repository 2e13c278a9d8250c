/* replay: runs LLVMFuzzerTestOneInput over saved inputs, so `make check`
 * replays each fuzz corpus without libFuzzer. Arguments are files or
 * directories (every regular file inside, not recursive); with none, the
 * corpus directory compiled in as FUZZ_CORPUS_DIR is used. Exit status 0 when
 * every input ran (a broken invariant aborts), 1 when an input could not be
 * read, 77 (skip) when there is nothing to replay. */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"

#define REPLAY_MAX_INPUT (1024 * 1024) /* bytes; corpus files are small */

static int replay_file(const char *path, long *count)
{
	FILE *f = fopen(path, "rb");
	uint8_t *data;
	size_t n;

	if (f == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	data = malloc(REPLAY_MAX_INPUT + 1);
	if (data == NULL) {
		fclose(f);
		return -1;
	}
	n = fread(data, 1, REPLAY_MAX_INPUT + 1, f);
	fclose(f);
	if (n > REPLAY_MAX_INPUT) {
		fprintf(stderr, "replay: %s: larger than %d bytes\n", path, REPLAY_MAX_INPUT);
		free(data);
		return -1;
	}
	/* An exact-size copy, so ASan sees reads past the input. */
	{
		uint8_t *exact = malloc(n ? n : 1);

		if (exact == NULL) {
			free(data);
			return -1;
		}
		memcpy(exact, data, n);
		free(data);
		LLVMFuzzerTestOneInput(exact, n);
		free(exact);
	}
	(*count)++;
	return 0;
}

static int replay_path(const char *path, long *count)
{
	struct stat st;
	struct dirent *de;
	DIR *d;
	char sub[4096];
	int rc = 0;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return replay_file(path, count);
	d = opendir(path);
	if (d == NULL) {
		fprintf(stderr, "replay: %s: %s\n", path, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name) >= (int)sizeof(sub)) {
			fprintf(stderr, "replay: %s/%s: path too long\n", path, de->d_name);
			rc = -1;
			continue;
		}
		if (stat(sub, &st) == 0 && S_ISREG(st.st_mode) && replay_file(sub, count) < 0)
			rc = -1;
	}
	closedir(d);
	return rc;
}

int main(int argc, char **argv)
{
	long count = 0;
	int i, rc = 0;

	if (argc < 2) {
#ifdef FUZZ_CORPUS_DIR
		rc = replay_path(FUZZ_CORPUS_DIR, &count);
#endif
	}
	for (i = 1; i < argc; i++)
		if (replay_path(argv[i], &count) < 0)
			rc = -1;
	printf("replayed %ld input%s\n", count, count == 1 ? "" : "s");
	if (rc < 0)
		return 1;
	return count == 0 ? 77 : 0;
}
