/* jsonw.c: see jsonw.h. Errors are sticky: the writer records the first
 * failure and jsonw_finish reports it, so callers need one check. */
#include "config.h"

#include <string.h>

#include "jsonw.h"

void jsonw_init(struct jsonw *w, struct buf *b)
{
	memset(w, 0, sizeof(*w));
	w->b = b;
}

static void jsonw_raw(struct jsonw *w, const char *s, size_t n)
{
	if (!w->err && buf_append(w->b, s, n) < 0)
		w->err = 1;
}

static void jsonw_newline(struct jsonw *w, int depth)
{
	static const char spaces[] = "                ";
	int i;

	jsonw_raw(w, "\n", 1);
	for (i = 0; i < depth; i++)
		jsonw_raw(w, spaces, 2);
}

/* Separator and indentation before a new member/element (not before the value
 * that follows a key). */
static void jsonw_item(struct jsonw *w)
{
	if (w->after_key) {
		w->after_key = 0;
		return;
	}
	if (w->depth > 0) {
		if (w->count[w->depth] > 0)
			jsonw_raw(w, ",", 1);
		w->count[w->depth]++;
		jsonw_newline(w, w->depth);
	}
}

static void jsonw_open(struct jsonw *w, const char *c)
{
	jsonw_item(w);
	if (w->depth >= JSONW_MAX_DEPTH) {
		w->err = 1;
		return;
	}
	jsonw_raw(w, c, 1);
	w->depth++;
	w->count[w->depth] = 0;
}

static void jsonw_close(struct jsonw *w, const char *c)
{
	if (w->depth <= 0 || w->after_key) {
		w->err = 1;
		return;
	}
	if (w->count[w->depth] > 0)
		jsonw_newline(w, w->depth - 1);
	w->depth--;
	jsonw_raw(w, c, 1);
}

void jsonw_begin_object(struct jsonw *w)
{
	jsonw_open(w, "{");
}

void jsonw_end_object(struct jsonw *w)
{
	jsonw_close(w, "}");
}

void jsonw_begin_array(struct jsonw *w)
{
	jsonw_open(w, "[");
}

void jsonw_end_array(struct jsonw *w)
{
	jsonw_close(w, "]");
}

/* Length of the well-formed UTF-8 sequence at s (1-4), or 0 when the byte at
 * s does not start one (stray continuation, overlong form, surrogate, > U+10FFFF). */
static size_t jsonw_utf8_len(const unsigned char *s)
{
	size_t n, i;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		cp = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		cp = s[0] & 0x0f;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

static void jsonw_quoted(struct jsonw *w, const char *str)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	char esc[6];
	size_t n;

	jsonw_raw(w, "\"", 1);
	while (*s != '\0') {
		if (*s == '"' || *s == '\\') {
			esc[0] = '\\';
			esc[1] = (char)*s;
			jsonw_raw(w, esc, 2);
			s++;
			continue;
		}
		n = jsonw_utf8_len(s);
		if (n == 1 && *s >= 0x20) {
			jsonw_raw(w, (const char *)s, 1);
		} else if (n > 1) {
			jsonw_raw(w, (const char *)s, n);
		} else {
			/* Control character or a byte outside UTF-8: \u00XX. */
			memcpy(esc, "\\u00", 4);
			esc[4] = hex[*s >> 4];
			esc[5] = hex[*s & 0xf];
			jsonw_raw(w, esc, 6);
			n = 1;
		}
		s += n;
	}
	jsonw_raw(w, "\"", 1);
}

void jsonw_key(struct jsonw *w, const char *key)
{
	if (w->depth <= 0 || w->after_key) {
		w->err = 1;
		return;
	}
	jsonw_item(w);
	jsonw_quoted(w, key);
	jsonw_raw(w, ": ", 2);
	w->after_key = 1;
}

void jsonw_string(struct jsonw *w, const char *s)
{
	jsonw_item(w);
	jsonw_quoted(w, s);
}

int jsonw_finish(struct jsonw *w)
{
	if (w->depth != 0 || w->after_key)
		w->err = 1;
	jsonw_raw(w, "\n", 1);
	return w->err ? -1 : 0;
}
