/* seqfile: parser of dummy-ups's .dev and .seq files as NUT writes them:
 * "var.name: value" lines (also "var.name value" and "var.name:value", which
 * NUT's dummy-ups takes too: the name is the first word), '#' comments (whole lines, or after a
 * blank at the end of a value, as nut-ddl's "\t#BAD: ..." remarks), and "TIMER <seconds>" lines
 * that split a sequence into timed blocks. Values may be "quoted" with backslash escapes. Bad lines
 * are reported as "file:line: message" and skipped, so one broken line does not hide a whole device
 * dump. */
#ifndef UPS_DUMMY_SEQFILE_H
#define UPS_DUMMY_SEQFILE_H

#include <stddef.h>

#define SEQ_MAX_FILE    (4u << 20) /* bytes of one file */
#define SEQ_MAX_LINE    4096       /* bytes of one line */
#define SEQ_MAX_TIMER_S 86400      /* longest TIMER */

enum seq_kind {
	SEQ_SET,   /* name: value */
	SEQ_TIMER, /* TIMER <seconds> */
};

struct seq_entry {
	enum seq_kind kind;
	char *name;   /* SEQ_SET */
	char *value;  /* SEQ_SET; may be "" */
	long timer_s; /* SEQ_TIMER */
	int lineno;
};

struct seq_file {
	struct seq_entry *e;
	size_t n;
	size_t ntimers;
	int nwarnings; /* lines skipped */
};

/* Parses a whole buffer; name stands for the file in messages. 0, or -1 when
 * out of memory (out then empty). Bad lines only count as warnings. */
int seq_parse(const char *name, const char *data, size_t len, struct seq_file *out);
/* Reads and parses path: 0, or -1 (message logged) when it cannot be read or
 * is larger than SEQ_MAX_FILE. */
int seq_load(const char *path, struct seq_file *out);
void seq_free(struct seq_file *f);

#endif
