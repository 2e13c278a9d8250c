/* usbemu_profile: reading a usbups profile (see usbemu_profile.h and
 * tests/emulators/README.md for the format). */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hidparse.h"
#include "usbemu_profile.h"

#define PROFILE_MAX_ARGS 4

static const struct {
	const char *word;
	const struct hid_usage_table *table;
} profile_tables[] = {
    {"none", NULL},
    {"apc", &hid_usages_apc},
    {"mge", &hid_usages_mge},
    {"eaton", &hid_usages_mge},
    {"belkin", &hid_usages_belkin},
    {"tripplite", &hid_usages_tripplite},
    {"powercom", &hid_usages_powercom},
};

int profile_names(const char *word, const struct hid_usage_table **t)
{
	size_t i;

	for (i = 0; i < sizeof(profile_tables) / sizeof(profile_tables[0]); i++) {
		if (strcmp(word, profile_tables[i].word) == 0) {
			*t = profile_tables[i].table;
			return 0;
		}
	}
	return -1;
}

static void perr(char *err, size_t errlen, const char *file, unsigned line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static void perr(char *err, size_t errlen, const char *file, unsigned line, const char *fmt, ...)
{
	char msg[PROFILE_ERR_LEN];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(err, errlen, "%s:%u: %s", file, line, msg);
}

/* Splits a line into words; "quoted strings" keep blanks, \" and \\ escape.
 * '#' outside quotes starts a comment. Returns the number of words, or -1
 * (unterminated quote, too many words, a word too long). */
static int split_words(char *line, char *words[], size_t max)
{
	size_t n = 0;
	char *r = line, *w;

	for (;;) {
		while (*r == ' ' || *r == '\t' || *r == '\r' || *r == '\n')
			r++;
		if (*r == '\0' || *r == '#')
			break;
		if (n == max)
			return -1;
		w = r;
		words[n++] = w;
		if (*r == '"') {
			r++;
			while (*r != '"') {
				if (*r == '\0')
					return -1;
				if (*r == '\\' && r[1] != '\0')
					r++;
				*w++ = *r++;
			}
			r++;
		} else {
			while (*r != '\0' && *r != ' ' && *r != '\t' && *r != '\r' && *r != '\n')
				*w++ = *r++;
		}
		if (*r != '\0')
			r++;
		*w = '\0';
	}
	return (int)n;
}

static int parse_hex16(const char *s, uint16_t *v)
{
	size_t i;

	if (strlen(s) != 4)
		return -1;
	for (i = 0; i < 4; i++)
		if (!isxdigit((unsigned char)s[i]))
			return -1;
	*v = (uint16_t)strtoul(s, NULL, 16);
	return 0;
}

/* Reads a hex dump (pairs of hex digits; blanks, newlines and # comments
 * ignored) into a new buffer. */
static int load_hex(const char *path, uint8_t **out, size_t *outlen, char *msg, size_t msglen)
{
	FILE *f;
	uint8_t *buf;
	size_t n = 0;
	int c, hi = -1, comment = 0;

	f = fopen(path, "r");
	if (f == NULL) {
		snprintf(msg, msglen, "%.200s: %s", path, strerror(errno));
		return -1;
	}
	buf = malloc(PROFILE_MAX_DESC);
	if (buf == NULL) {
		fclose(f);
		snprintf(msg, msglen, "no memory");
		return -1;
	}
	while ((c = getc(f)) != EOF) {
		if (comment) {
			comment = c != '\n';
			continue;
		}
		if (c == '#') {
			comment = 1;
			continue;
		}
		if (isspace(c))
			continue;
		if (!isxdigit(c)) {
			snprintf(msg, msglen, "%.200s: byte %zu: '%c' is no hex digit", path, n, c);
			goto bad;
		}
		c = isdigit(c) ? c - '0' : tolower(c) - 'a' + 10;
		if (hi < 0) {
			hi = c;
			continue;
		}
		if (n == HID_MAX_DESC_SIZE) {
			snprintf(msg, msglen, "%.200s: more than %d bytes", path,
			         HID_MAX_DESC_SIZE);
			goto bad;
		}
		buf[n++] = (uint8_t)(hi << 4 | c);
		hi = -1;
	}
	if (hi >= 0) {
		snprintf(msg, msglen, "%.200s: odd number of hex digits", path);
		goto bad;
	}
	fclose(f);
	*out = buf;
	*outlen = n;
	return 0;
bad:
	fclose(f);
	free(buf);
	return -1;
}

static int set_string(char *dst, const char *src)
{
	if (strlen(src) > PROFILE_MAX_STRING)
		return -1;
	snprintf(dst, PROFILE_MAX_STRING + 1, "%s", src);
	return 0;
}

int profile_load(struct profile *p, const char *file, char *err, size_t errlen)
{
	char line[PROFILE_MAX_LINE], msg[PROFILE_ERR_LEN], dpath[1024];
	char *w[PROFILE_MAX_ARGS + 1];
	unsigned lineno = 0;
	const char *slash;
	FILE *f;
	int n;

	memset(p, 0, sizeof(*p));
	p->interval_ms = 1000;
	snprintf(p->file, sizeof(p->file), "%s", file);
	f = fopen(file, "r");
	if (f == NULL) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -1;
	}
	while (fgets(line, sizeof(line), f) != NULL) {
		lineno++;
		if (strchr(line, '\n') == NULL && !feof(f)) {
			perr(err, errlen, file, lineno, "line longer than %d bytes",
			     PROFILE_MAX_LINE - 2);
			goto bad;
		}
		n = split_words(line, w, PROFILE_MAX_ARGS + 1);
		if (n < 0) {
			perr(err, errlen, file, lineno, "unterminated quote or too many words");
			goto bad;
		}
		if (n == 0)
			continue;
		if ((strcmp(w[0], "vendorid") == 0 || strcmp(w[0], "productid") == 0) && n == 2) {
			if (parse_hex16(w[1], w[0][0] == 'v' ? &p->vendorid : &p->productid) < 0) {
				perr(err, errlen, file, lineno, "%s needs 4 hex digits, not '%s'",
				     w[0], w[1]);
				goto bad;
			}
		} else if ((strcmp(w[0], "manufacturer") == 0 || strcmp(w[0], "product") == 0 ||
		            strcmp(w[0], "serial") == 0) &&
		           n == 2) {
			unsigned idx = w[0][0] == 'm' ? 1 : (w[0][0] == 'p' ? 2 : 3);
			if (set_string(p->strings[idx], w[1]) < 0) {
				perr(err, errlen, file, lineno, "%s longer than %d characters",
				     w[0], PROFILE_MAX_STRING);
				goto bad;
			}
		} else if (strcmp(w[0], "string") == 0 && n == 3) {
			char *end;
			unsigned long idx = strtoul(w[1], &end, 10);
			if (*end != '\0' || end == w[1] || idx < 1 || idx >= PROFILE_MAX_STRINGS ||
			    set_string(p->strings[idx], w[2]) < 0) {
				perr(err, errlen, file, lineno,
				     "string needs an index 1..%d and at most %d characters",
				     PROFILE_MAX_STRINGS - 1, PROFILE_MAX_STRING);
				goto bad;
			}
		} else if (strcmp(w[0], "descriptor") == 0 && n == 2) {
			slash = strrchr(file, '/');
			if (w[1][0] == '/' || slash == NULL)
				snprintf(dpath, sizeof(dpath), "%s", w[1]);
			else
				snprintf(dpath, sizeof(dpath), "%.*s/%s", (int)(slash - file), file,
				         w[1]);
			free(p->desc);
			p->desc = NULL;
			if (load_hex(dpath, &p->desc, &p->desc_len, msg, sizeof(msg)) < 0) {
				perr(err, errlen, file, lineno, "%s", msg);
				goto bad;
			}
		} else if (strcmp(w[0], "names") == 0 && n == 2) {
			if (profile_names(w[1], &p->names) < 0) {
				perr(err, errlen, file, lineno, "unknown usage names '%s'", w[1]);
				goto bad;
			}
		} else if (strcmp(w[0], "interval") == 0 && n == 2) {
			char *end;
			unsigned long v = strtoul(w[1], &end, 10);
			if (*end != '\0' || end == w[1] || v < 10 || v > 600000) {
				perr(err, errlen, file, lineno, "interval needs 10..600000 ms");
				goto bad;
			}
			p->interval_ms = (unsigned)v;
		} else if (strcmp(w[0], "interface") == 0 && n == 2) {
			if (strlen(w[1]) != 1 || w[1][0] < '0' ||
			    w[1][0] > '0' + PROFILE_MAX_INTERFACE) {
				perr(err, errlen, file, lineno, "interface needs 0..%d",
				     PROFILE_MAX_INTERFACE);
				goto bad;
			}
			p->interface = (unsigned)(w[1][0] - '0');
		} else if (strcmp(w[0], "set") == 0 && n == 3) {
			if (p->nsets == PROFILE_MAX_SETS) {
				perr(err, errlen, file, lineno, "more than %d set lines",
				     PROFILE_MAX_SETS);
				goto bad;
			}
			if (strlen(w[1]) >= sizeof(p->sets[0].path) ||
			    strlen(w[2]) >= sizeof(p->sets[0].value)) {
				perr(err, errlen, file, lineno, "path or value too long");
				goto bad;
			}
			snprintf(p->sets[p->nsets].path, sizeof(p->sets[0].path), "%s", w[1]);
			snprintf(p->sets[p->nsets].value, sizeof(p->sets[0].value), "%s", w[2]);
			p->nsets++;
		} else {
			perr(err, errlen, file, lineno, "unknown directive or wrong arguments: %s",
			     w[0]);
			goto bad;
		}
	}
	fclose(f);
	if (p->vendorid == 0 || p->desc == NULL) {
		snprintf(err, errlen, "%s: vendorid and descriptor are required", file);
		profile_free(p);
		return -1;
	}
	return 0;
bad:
	fclose(f);
	profile_free(p);
	return -1;
}

void profile_free(struct profile *p)
{
	free(p->desc);
	p->desc = NULL;
	p->desc_len = 0;
}
