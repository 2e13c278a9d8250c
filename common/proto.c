/* proto: NUT's line tokenizer and its inverse.
 *
 * The rules below were measured against NUT 2.8.0's upsd (network port and
 * driver socket, which behave the same) by sending crafted lines and reading
 * back what upsd passed on to a driver and what GET VAR returned. dummy-ups
 * reads its .dev files with the same rules and joins the words after
 * "name:" with single spaces (which is why "ID=1005" is served as
 * "ID = 1005": the tokenizer splits '=' off, dummy-ups rejoins):
 *
 * - A line ends at LF. CR, TAB, VT, FF and space separate words; so CRLF input
 *   works because the CR is just a separator.
 * - Bytes below 0x20 that are not separators, and every byte >= 0x80, are
 *   dropped wherever they appear (in a word, in quotes, after a backslash);
 *   DEL (0x7f) is kept. A dropped byte still opens a word: "\x01 X" is the two
 *   words "" and "X". NUL is dropped the same way.
 * - '"' at the start of a word opens a quoted word that ends at the next
 *   unescaped '"'; spaces are kept inside it, the word may be empty (""), and
 *   whatever follows the closing quote starts a new word ("abc"def is two
 *   words). A '"' inside an unquoted word is an ordinary byte (ab"cd).
 * - A LF inside quotes does not end the line: it is dropped and the quoted
 *   word goes on, so an unterminated quote swallows the next lines.
 * - '\' makes the next byte ordinary, inside quotes and outside: \" \\ \# \=
 *   and "\ " (escaped space joins words). There are no C escapes: \n is 'n'.
 *   A backslash before LF continues the line (the LF is dropped). The escaped
 *   byte is still subject to the dropping rule above.
 * - '=' outside quotes is always a word of its own and ends the word before it:
 *   key=value is the three words "key" "=" "value". Inside quotes it is literal.
 * - '#' outside quotes starts a comment up to the LF, at a word start or in the
 *   middle of a word (a#b gives "a"); a backslash in a comment does not continue
 *   the line. upsd has this on both its sockets; here it needs PROTO_F_COMMENTS.
 * - '#' inside quotes makes NUT throw away the rest of whatever it had read (a
 *   parse error that depends on how the bytes were fragmented). We cannot and
 *   do not want to copy that; with PROTO_F_COMMENTS it is reported as
 *   PROTO_ERR_BAD_BYTE and the line is skipped to its LF.
 * - Single quotes are ordinary bytes.
 * - In its replies upsd escapes '"', '\' and '#' with a backslash and
 *   nothing else; proto_escape() does the same.
 * - A line with no words is handed to upsd's dispatcher, which answers
 *   "ERR UNKNOWN-COMMAND"; PROTO_F_EMPTY returns such lines with argc 0 so a
 *   server can do the same, otherwise they are skipped.
 * - NUT has no limit on line length or word count (a 20000-byte word passed).
 *   We do: more than max_line bytes (every raw byte of the logical line counts,
 *   LF excluded) or more than max_args words is an error and the whole line is
 *   skipped, never cut.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "proto.h"

enum tok_state {
	TS_BETWEEN = 0, /* between words */
	TS_WORD,        /* inside an unquoted word */
	TS_QUOTED,      /* inside "..." */
	TS_COMMENT,     /* after '#', up to the LF */
};

/* state keeps the enum in its low bits and this flag for a pending backslash. */
#define TS_ESC 0x100

static size_t words_cap(const struct proto_tok *t)
{
	/* Every raw byte yields at most two stored bytes ('=' becomes "=\0"). */
	return 2 * t->max_line + 2;
}

int proto_tok_init(struct proto_tok *t, unsigned flags, size_t max_line, size_t max_args)
{
	memset(t, 0, sizeof(*t));
	if (max_line == 0 || max_args == 0 || max_line > (1U << 24) || max_args > (1U << 16))
		return -1;
	t->flags = flags;
	t->max_line = max_line;
	t->max_args = max_args;
	t->words = malloc(words_cap(t));
	t->argv = calloc(max_args + 1, sizeof(*t->argv));
	if (t->words == NULL || t->argv == NULL) {
		proto_tok_free(t);
		return -1;
	}
	proto_tok_reset(t);
	return 0;
}

void proto_tok_free(struct proto_tok *t)
{
	free(t->words);
	free(t->argv);
	t->words = NULL;
	t->argv = NULL;
	t->argc = 0;
}

/* Forgets the line being built; used between lines. */
static void line_reset(struct proto_tok *t)
{
	t->wlen = 0;
	t->argc = 0;
	t->argv[0] = NULL;
	t->state = TS_BETWEEN;
	t->word_open = 0;
	t->line_open = 0;
}

void proto_tok_reset(struct proto_tok *t)
{
	line_reset(t);
	t->skipping = 0;
	t->cur_line = 1;
	t->lineno = 0;
	t->raw = 0;
}

int proto_tok_busy(const struct proto_tok *t)
{
	return t->line_open || t->skipping;
}

/* Opens a word; -1 when that would pass max_args. */
static int word_begin(struct proto_tok *t)
{
	if ((size_t)t->argc >= t->max_args)
		return -1;
	t->argv[t->argc++] = t->words + t->wlen;
	t->argv[t->argc] = NULL;
	t->word_open = 1;
	return 0;
}

static void word_close(struct proto_tok *t)
{
	if (t->word_open) {
		t->words[t->wlen++] = '\0';
		t->word_open = 0;
	}
}

/* The bytes NUT keeps in a word: printable ASCII and DEL. */
static int byte_kept(unsigned char c)
{
	return c >= 0x20 && c <= 0x7f;
}

static int byte_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f';
}

/* Bytes an unquoted word simply stores: no separator, no quote or escape
 * handling, not dropped, and not '#' when it starts a comment. */
#define PLAIN_BIT(c) (UINT64_C(1) << ((c)&63))
/* 0x21..0x3f without '=' (and without '#' when comments are on), then
 * 0x40..0x7f without '\\': one bit test per byte instead of six compares. */
#define PLAIN_LO     ((~UINT64_C(0) << 0x21) & ~PLAIN_BIT('='))
#define PLAIN_LO_CMT (PLAIN_LO & ~PLAIN_BIT('#'))
#define PLAIN_HI     (~UINT64_C(0) & ~PLAIN_BIT('\\'))

static int byte_plain(const struct proto_tok *t, unsigned char c)
{
	if (c < 0x40)
		return (((t->flags & PROTO_F_COMMENTS) ? PLAIN_LO_CMT : PLAIN_LO) >> c) & 1;
	return c < 0x80 && ((PLAIN_HI >> (c - 0x40)) & 1);
}

static void word_put(struct proto_tok *t, unsigned char c)
{
	/* words_cap() leaves room for every byte max_line allows. */
	if (byte_kept(c) && t->wlen + 1 < words_cap(t))
		t->words[t->wlen++] = (char)c;
}

/* Handles one byte that is not the line's ending LF. Returns PROTO_MORE or
 * an error result. */
static enum proto_result tok_byte(struct proto_tok *t, unsigned char c)
{
	int st = t->state & ~TS_ESC;

	if (t->state & TS_ESC) {
		t->state = st;
		word_put(t, c);
		return PROTO_MORE;
	}
	switch (st) {
	case TS_COMMENT:
		return PROTO_MORE;
	case TS_QUOTED:
		if (c == '"') {
			word_close(t);
			t->state = TS_BETWEEN;
		} else if (c == '\\') {
			t->state = TS_QUOTED | TS_ESC;
		} else if (c == '#' && (t->flags & PROTO_F_COMMENTS)) {
			return PROTO_ERR_BAD_BYTE;
		} else {
			word_put(t, c);
		}
		return PROTO_MORE;
	case TS_WORD:
		if (byte_space(c)) {
			word_close(t);
			t->state = TS_BETWEEN;
			return PROTO_MORE;
		}
		if (c == '#' && (t->flags & PROTO_F_COMMENTS)) {
			word_close(t);
			t->state = TS_COMMENT;
			return PROTO_MORE;
		}
		if (c == '=') {
			word_close(t);
			t->state = TS_BETWEEN;
			break; /* "=" is a word of its own, below */
		}
		if (c == '\\')
			t->state = TS_WORD | TS_ESC;
		else
			word_put(t, c);
		return PROTO_MORE;
	default:
		break;
	}

	/* TS_BETWEEN */
	if (byte_space(c))
		return PROTO_MORE;
	if (c == '#' && (t->flags & PROTO_F_COMMENTS)) {
		t->state = TS_COMMENT;
		return PROTO_MORE;
	}
	if (word_begin(t) < 0)
		return PROTO_ERR_TOO_MANY;
	if (c == '=') {
		word_put(t, c);
		word_close(t);
		t->state = TS_BETWEEN;
	} else if (c == '"') {
		t->state = TS_QUOTED;
	} else if (c == '\\') {
		t->state = TS_WORD | TS_ESC;
	} else {
		word_put(t, c);
		t->state = TS_WORD;
	}
	return PROTO_MORE;
}

enum proto_result proto_feed(struct proto_tok *t, const char *data, size_t len, size_t *used)
{
	size_t i;
	enum proto_result r;

	if (!t->line_open && !t->skipping)
		line_reset(t); /* the caller is done with the last line */

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)data[i];

		if (t->skipping) {
			if (c == '\n') {
				t->skipping = 0;
				t->cur_line++;
				line_reset(t);
			}
			continue;
		}
		if (!t->line_open) {
			t->line_open = 1;
			t->lineno = t->cur_line;
			t->raw = 0;
		}
		if (t->state == TS_WORD && byte_plain(t, c)) {
			/* Fast path for the common case, a run of ordinary bytes inside
			 * an unquoted word: copied in one go, with the same result and
			 * limits as tok_byte() one byte at a time. A run that would pass
			 * max_line takes the slow path, which reports the error at the
			 * same byte. */
			size_t j = i + 1, run;

			while (j < len && byte_plain(t, (unsigned char)data[j]))
				j++;
			run = j - i;
			if (t->raw + run <= t->max_line && t->wlen + run + 1 < words_cap(t)) {
				memcpy(t->words + t->wlen, data + i, run);
				t->wlen += run;
				t->raw += run;
				i = j - 1;
				continue;
			}
		}
		if (c == '\n') {
			t->cur_line++;
			/* An escaped LF, or one inside quotes, does not end the line. */
			if ((t->state & TS_ESC) || t->state == TS_QUOTED) {
				t->state &= ~TS_ESC;
				if (++t->raw > t->max_line) {
					r = PROTO_ERR_TOO_LONG;
					goto fail;
				}
				continue;
			}
			word_close(t);
			t->line_open = 0;
			t->state = TS_BETWEEN;
			if (t->argc > 0 || (t->flags & PROTO_F_EMPTY)) {
				*used = i + 1;
				return PROTO_LINE;
			}
			line_reset(t);
			continue;
		}
		if (++t->raw > t->max_line) {
			r = PROTO_ERR_TOO_LONG;
			goto fail;
		}
		r = tok_byte(t, c);
		if (r != PROTO_MORE)
			goto fail;
	}
	*used = len;
	return PROTO_MORE;

fail:
	line_reset(t);
	t->skipping = 1;
	*used = i + 1;
	return r;
}

enum proto_result proto_finish(struct proto_tok *t)
{
	int st = t->state;

	if (t->skipping || !t->line_open) {
		line_reset(t);
		t->skipping = 0;
		return PROTO_MORE;
	}
	t->line_open = 0;
	if (st == TS_QUOTED || (st & TS_ESC)) {
		/* An unterminated quote or a trailing backslash at the end of the
		 * input: NUT would wait for more bytes that never come. */
		line_reset(t);
		return PROTO_ERR_BAD_BYTE;
	}
	word_close(t);
	t->state = TS_BETWEEN;
	if (t->argc > 0 || (t->flags & PROTO_F_EMPTY))
		return PROTO_LINE;
	line_reset(t);
	return PROTO_MORE;
}

const char *proto_strerror(enum proto_result r)
{
	switch (r) {
	case PROTO_MORE:
		return "incomplete line";
	case PROTO_LINE:
		return "line complete";
	case PROTO_ERR_TOO_LONG:
		return "line too long";
	case PROTO_ERR_TOO_MANY:
		return "too many words on the line";
	case PROTO_ERR_BAD_BYTE:
		return "byte not allowed here or unterminated quote";
	}
	return "unknown tokenizer result";
}

/* What NUT 2.8.0's upsd escapes in quoted replies: '"', '\' and '#' (a value
 * holding every byte 0x20..0x7f came back with exactly these three escaped).
 * Escaping '#' also keeps a value from starting a comment in a peer that
 * reads with comments on. Everything else goes out as it is. */
static int needs_escape(char c)
{
	return c == '"' || c == '\\' || c == '#';
}

int proto_escape(char *dst, size_t dstlen, const char *src)
{
	size_t n = 0;

	if (dstlen == 0)
		return -1;
	for (; *src != '\0'; src++) {
		size_t need = needs_escape(*src) ? 2 : 1;

		if (n + need >= dstlen || n + need > (size_t)0x7fffffff) {
			dst[0] = '\0';
			return -1;
		}
		if (need == 2)
			dst[n++] = '\\';
		dst[n++] = *src;
	}
	dst[n] = '\0';
	return (int)n;
}

int proto_buf_quoted(struct buf *b, const char *src)
{
	/* Most values are short: build them on the stack, not with malloc. */
	char stack[512];
	size_t len = strlen(src);
	size_t plain = strcspn(src, "\"\\#");
	size_t n = 2 + len;
	const char *p;
	char *tmp;
	size_t k = 0;
	int rc;

	for (p = src + plain; *p != '\0'; p++)
		n += needs_escape(*p) ? 1 : 0;
	/* One append, so a full buffer is left unchanged. */
	tmp = n <= sizeof(stack) ? stack : malloc(n);
	if (tmp == NULL)
		return -1;
	tmp[k++] = '"';
	memcpy(tmp + k, src, plain);
	k += plain;
	for (p = src + plain; *p != '\0'; p++) {
		if (needs_escape(*p))
			tmp[k++] = '\\';
		tmp[k++] = *p;
	}
	tmp[k++] = '"';
	rc = buf_append(b, tmp, k);
	if (tmp != stack)
		free(tmp);
	return rc;
}
