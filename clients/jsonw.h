/* jsonw: the JSON text writer behind the clients' -j output. Objects, arrays
 * and strings (every protocol value is a string; numbers are not guessed),
 * pretty-printed two spaces per level into a caller-owned bounded buf.
 * Strings are written as valid UTF-8 JSON whatever bytes they hold: a byte
 * that is not part of a UTF-8 sequence is read as Latin-1 (\u00XX). */
#ifndef UPS_JSONW_H
#define UPS_JSONW_H

#include "buf.h"

#define JSONW_MAX_DEPTH 8

struct jsonw {
	struct buf *b;
	int depth;
	int after_key;                  /* a key was written, its value comes next */
	int count[JSONW_MAX_DEPTH + 1]; /* members written so far at each level */
	int err;                        /* an append failed (buf full) or misuse */
};

/* b must be initialised (buf_init) by the caller, who owns it. */
void jsonw_init(struct jsonw *w, struct buf *b);
void jsonw_begin_object(struct jsonw *w);
void jsonw_end_object(struct jsonw *w);
void jsonw_begin_array(struct jsonw *w);
void jsonw_end_array(struct jsonw *w);
/* Inside an object: the member name; the value call follows. */
void jsonw_key(struct jsonw *w, const char *key);
void jsonw_string(struct jsonw *w, const char *s);
/* Ends the document with "\n". 0, or -1 when anything failed on the way
 * (the buffer then holds no usable document). */
int jsonw_finish(struct jsonw *w);

#endif
