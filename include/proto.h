/* proto: the one line tokenizer (NUT's quoting, backslash escapes and '#'
 * comments) used by upsd, libupsclient, the driver socket and the config lexer,
 * and its inverse, proto_quote(). The tokenizer is incremental: feed it bytes in
 * any fragmentation, get whole argv lines. Every size is bounded at init. */
#ifndef UPS_PROTO_H
#define UPS_PROTO_H

#include <stddef.h>

#include "buf.h"

#define PROTO_MAX_LINE 1024 /* bytes of one protocol line, newline excluded */
#define PROTO_MAX_ARGS 32   /* words of one protocol line */

enum proto_flags {
	PROTO_F_COMMENTS = 1, /* '#' outside quotes begins a comment (configs, NUT's sockets) */
	PROTO_F_EMPTY = 2,    /* return lines with no words as PROTO_LINE, argc 0 (upsd
	                       * answers them with ERR UNKNOWN-COMMAND, as NUT does) */
};

enum proto_result {
	PROTO_MORE = 0,     /* every byte consumed, no complete line yet */
	PROTO_LINE,         /* argc/argv hold a line of at least one word (or of
	                     * none, with PROTO_F_EMPTY) */
	PROTO_ERR_TOO_LONG, /* the line passed max_line; it is skipped to its end */
	PROTO_ERR_TOO_MANY, /* the line has more than max_args words; skipped */
	PROTO_ERR_BAD_BYTE, /* '#' inside quotes (with PROTO_F_COMMENTS), or an unterminated
	                     * quote or trailing '\\' at proto_finish(); line skipped */
};

struct proto_tok {
	unsigned flags;
	size_t max_line;
	size_t max_args;
	int lineno;  /* line the current/last returned line started on (1-based) */
	int argc;    /* valid after PROTO_LINE until the next proto_feed() */
	char **argv; /* argv[argc] == NULL */
	/* private */
	char *words; /* 2 * max_line + 2 bytes of NUL-separated words */
	size_t wlen;
	int state;
	int skipping; /* an error was reported; drop bytes until end of line */
	int cur_line;
	int word_open;
	int line_open; /* bytes of the current line have been seen */
	size_t raw;    /* raw bytes of the current line so far */
};

/* 0, or -1 on allocation failure. */
int proto_tok_init(struct proto_tok *t, unsigned flags, size_t max_line, size_t max_args);
void proto_tok_free(struct proto_tok *t);
void proto_tok_reset(struct proto_tok *t);
/* 1 while a line is half read (or an error line is being skipped): the
 * tokenizer then holds state the next proto_feed() continues from; 0 between
 * lines, when it can be reset (or handed to another stream) losing nothing. */
int proto_tok_busy(const struct proto_tok *t);

/* Consumes bytes from data until a line is complete or an error is found, and
 * stores the count in *used. Lines with no words are skipped silently. An
 * error result consumes the offending line (up to and including its newline,
 * possibly over several calls). */
enum proto_result proto_feed(struct proto_tok *t, const char *data, size_t len, size_t *used);
/* Ends the input: a last line without a newline is returned as PROTO_LINE. */
enum proto_result proto_finish(struct proto_tok *t);
const char *proto_strerror(enum proto_result r);

/* Writes src into dst with '"', '\\' and '#' escaped by a backslash, as NUT's
 * upsd does in replies (no surrounding quotes). Returns the length, or -1 if
 * dstlen is too small (dst then ""). */
int proto_escape(char *dst, size_t dstlen, const char *src);
/* Appends "src" (quoted, escaped) to b. 0 or -1 (b unchanged) when full. */
int proto_buf_quoted(struct buf *b, const char *src);

#endif
