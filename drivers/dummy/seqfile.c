/* seqfile: .dev/.seq parser (see seqfile.h). Unlike NUT's dummy-ups, which
 * runs these lines through its config tokenizer, a value is taken as written:
 * inner blanks and UTF-8 bytes are kept, "=" is not split off, an empty value
 * stays empty, and a value too long for the state tree is reported instead
 * of being cut. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "seqfile.h"
#include "state.h"

static int seq_is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

static void seq_warn(struct seq_file *f, const char *name, int lineno, const char *msg,
                     const char *what)
{
	log_warnx("%s:%d: %s%s%s", name, lineno, msg, what ? ": " : "", what ? what : "");
	f->nwarnings++;
}

static int seq_add(struct seq_file *f, const struct seq_entry *e)
{
	struct seq_entry *n = realloc(f->e, (f->n + 1) * sizeof(*f->e));

	if (n == NULL)
		return -1;
	f->e = n;
	f->e[f->n++] = *e;
	if (e->kind == SEQ_TIMER)
		f->ntimers++;
	return 0;
}

/* Value text in [p, end): a "quoted" value is unescaped up to its closing
 * quote; otherwise it ends at a '#' that follows a blank (an end-of-line
 * remark) and loses its trailing blanks. Control characters (tabs inside a
 * value) become spaces: the protocols cannot carry them. Writes into out
 * (size outlen); returns the length, or -1 when it does not fit, -2 for an
 * unterminated quote. */
static int seq_value(const char *p, const char *end, char *out, size_t outlen)
{
	size_t n = 0;

	if (p < end && *p == '"') {
		for (p++; p < end && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < end)
				p++;
			if (n + 1 >= outlen)
				return -1;
			out[n++] = (unsigned char)*p < 0x20 ? ' ' : *p;
		}
		if (p >= end)
			return -2;
		out[n] = '\0';
		return (int)n;
	}
	for (const char *q = p; q < end; q++) {
		if (*q == '#' && q > p && seq_is_blank(q[-1])) {
			end = q;
			break;
		}
	}
	while (end > p && seq_is_blank(end[-1]))
		end--;
	for (; p < end; p++) {
		if (n + 1 >= outlen)
			return -1;
		out[n++] = (unsigned char)*p < 0x20 ? ' ' : *p;
	}
	out[n] = '\0';
	return (int)n;
}

static int seq_line(struct seq_file *f, const char *fname, int lineno, const char *p,
                    const char *end)
{
	struct seq_entry e;
	char name[ST_MAX_NAME], value[ST_MAX_VALUE], num[32];
	const char *colon;
	size_t nlen;
	int vlen;

	memset(&e, 0, sizeof(e));
	e.lineno = lineno;
	while (p < end && seq_is_blank(*p))
		p++;
	while (end > p && seq_is_blank(end[-1]))
		end--;
	if (p == end || *p == '#')
		return 0;
	if (end - p > 6 && strncmp(p, "TIMER", 5) == 0 && seq_is_blank(p[5])) {
		p += 6;
		while (p < end && seq_is_blank(*p))
			p++;
		nlen = (size_t)(end - p);
		if (nlen == 0 || nlen >= sizeof(num)) {
			seq_warn(f, fname, lineno, "TIMER needs a number of seconds", NULL);
			return 0;
		}
		memcpy(num, p, nlen);
		num[nlen] = '\0';
		if (conf_parse_long(num, 0, SEQ_MAX_TIMER_S, &e.timer_s) < 0) {
			seq_warn(f, fname, lineno, "bad TIMER seconds", num);
			return 0;
		}
		e.kind = SEQ_TIMER;
		return seq_add(f, &e);
	}
	/* The name is the first word, up to a ':' or a blank (NUT's dummy-ups
	 * also takes "name value" and "name:" lines); the value is the rest. */
	for (colon = p; colon < end && *colon != ':' && !seq_is_blank(*colon); colon++)
		;
	nlen = (size_t)(colon - p);
	if (nlen == 0 || nlen >= sizeof(name)) {
		seq_warn(f, fname, lineno, "bad variable name", NULL);
		return 0;
	}
	memcpy(name, p, nlen);
	name[nlen] = '\0';
	if (!st_name_ok(name)) {
		seq_warn(f, fname, lineno, "bad variable name", name);
		return 0;
	}
	p = colon;
	while (p < end && seq_is_blank(*p))
		p++;
	if (p < end && *p == ':')
		p++;
	while (p < end && seq_is_blank(*p))
		p++;
	vlen = seq_value(p, end, value, sizeof(value));
	if (vlen == -1) {
		log_warnx("%s:%d: %s: value longer than %d bytes, skipped", fname, lineno, name,
		          ST_MAX_VALUE - 1);
		f->nwarnings++;
		return 0;
	}
	if (vlen == -2) {
		seq_warn(f, fname, lineno, "unterminated quote in the value of", name);
		return 0;
	}
	e.kind = SEQ_SET;
	e.name = strdup(name);
	e.value = strdup(value);
	if (e.name == NULL || e.value == NULL || seq_add(f, &e) < 0) {
		free(e.name);
		free(e.value);
		return -1;
	}
	return 0;
}

int seq_parse(const char *name, const char *data, size_t len, struct seq_file *out)
{
	const char *p = data, *end = data + len, *nl;
	int lineno = 0;

	memset(out, 0, sizeof(*out));
	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (nl == NULL)
			nl = end;
		lineno++;
		if (memchr(p, '\0', (size_t)(nl - p)) != NULL) {
			seq_warn(out, name, lineno, "NUL byte in line, skipped", NULL);
		} else if (nl - p > SEQ_MAX_LINE) {
			seq_warn(out, name, lineno, "line too long, skipped", NULL);
		} else if (seq_line(out, name, lineno, p, nl) < 0) {
			seq_free(out);
			errno = ENOMEM;
			return -1;
		}
		p = nl + 1;
	}
	return 0;
}

int seq_load(const char *path, struct seq_file *out)
{
	struct stat st;
	char *data = NULL;
	size_t got = 0;
	ssize_t n;
	int fd, rc = -1;

	memset(out, 0, sizeof(*out));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		log_warn("%s", path);
		return -1;
	}
	if (fstat(fd, &st) < 0) {
		log_warn("%s", path);
		goto out;
	}
	if (st.st_size > (off_t)SEQ_MAX_FILE) {
		log_warnx("%s: larger than %u bytes", path, SEQ_MAX_FILE);
		goto out;
	}
	data = malloc((size_t)st.st_size + 1);
	if (data == NULL) {
		log_warn("%s", path);
		goto out;
	}
	/* The file may grow while we read: never read past what was allocated. */
	while (got < (size_t)st.st_size) {
		n = read(fd, data + got, (size_t)st.st_size - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log_warn("%s", path);
			goto out;
		}
		if (n == 0)
			break;
		got += (size_t)n;
	}
	rc = seq_parse(path, data, got, out);
	if (rc < 0)
		log_warn("%s", path);
out:
	free(data);
	(void)close(fd);
	return rc;
}

void seq_free(struct seq_file *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->e[i].name);
		free(f->e[i].value);
	}
	free(f->e);
	memset(f, 0, sizeof(*f));
}
