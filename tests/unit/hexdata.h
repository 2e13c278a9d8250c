/* hexdata.h: reads a .hex transcription of a report descriptor for the HID
 * unit tests ('#' comment lines, then hex byte pairs separated by blanks).
 * Include after cmocka.h; HID_DATA_DIR names the directory. */
#ifndef UPS_TEST_HEXDATA_H
#define UPS_TEST_HEXDATA_H

#include <stdint.h>
#include <stdio.h>

/* The bytes of HID_DATA_DIR/name into out (at most max); fails the test
 * when the file is missing or holds more. */
static size_t load_hex(const char *name, uint8_t *out, size_t max)
{
	char path[1024], line[512];
	size_t n = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", HID_DATA_DIR, name);
	f = fopen(path, "r");
	if (f == NULL)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof(line), f) != NULL) {
		const char *p = line;
		unsigned v;
		int used;

		if (line[0] == '#')
			continue;
		while (sscanf(p, " %2x%n", &v, &used) == 1) {
			assert_true(n < max);
			out[n++] = (uint8_t)v;
			p += used;
		}
	}
	fclose(f);
	return n;
}

#endif
