/* cmd_get: the GET subcommands. Names in replies are echoed as the client
 * spelled them (NUT does the same); lookups are case-insensitive. */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cmdtab.h"
#include "desc.h"
#include "drvconn.h"

const char *cmd_var_value(const struct ups_entry *e, const struct st_var *v, char *tmp,
                          size_t tmplen)
{
	int n;

	if (!e->fsd || strcasecmp(v->name, "ups.status") != 0)
		return v->value;
	n = snprintf(tmp, tmplen, v->value[0] != '\0' ? "FSD %s" : "FSD%s", v->value);
	return (n < 0 || (size_t)n >= tmplen) ? v->value : tmp;
}

void cmd_get_var(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	const struct st_var *v = st_get(e->tree, argv[2]);
	char tmp[ST_MAX_VALUE + 8];

	(void)argc;
	if (v == NULL) {
		reply_err(c, "VAR-NOT-SUPPORTED");
		return;
	}
	/* "VAR <ups> <var> "<value>"\n", built by plain appends: this is the
	 * request monitoring clients repeat, printf-style formatting cost more
	 * than the rest of the request's user-space work. The words are bounded
	 * by PROTO_MAX_LINE, so nothing here can be cut. */
	reply_begin(c);
	(void)reply_str(c, "VAR ");
	(void)reply_str(c, argv[1]);
	(void)reply_str(c, " ");
	(void)reply_str(c, argv[2]);
	(void)reply_str(c, " ");
	(void)reply_quoted(c, cmd_var_value(e, v, tmp, sizeof(tmp)));
	(void)reply_str(c, "\n");
	reply_send(c);
}

void cmd_get_type(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	const struct st_var *v = st_get(e->tree, argv[2]);

	(void)argc;
	if (v == NULL) {
		reply_err(c, "VAR-NOT-SUPPORTED");
		return;
	}
	/* Word order as NUT prints it: RW, ENUM, RANGE, then STRING:<len> or NUMBER. */
	reply_begin(c);
	(void)reply_printf(c, "TYPE %s %s", argv[1], argv[2]);
	if (v->flags & ST_FLAG_RW)
		(void)reply_printf(c, " RW");
	if (v->nenums > 0)
		(void)reply_printf(c, " ENUM");
	if (v->nranges > 0)
		(void)reply_printf(c, " RANGE");
	if (v->flags & ST_FLAG_STRING)
		(void)reply_printf(c, " STRING:%ld", v->aux);
	else
		(void)reply_printf(c, " NUMBER");
	(void)reply_printf(c, "\n");
	reply_send(c);
}

static void get_desc(struct client *c, int is_cmd, char **argv)
{
	char text[256];

	if (desc_lookup(is_cmd, argv[2], text, sizeof(text)) < 0)
		(void)snprintf(text, sizeof(text), "%s", DESC_UNAVAILABLE);
	reply_begin(c);
	(void)reply_printf(c, "%s %s ", is_cmd ? "CMDDESC" : "DESC", argv[1]);
	/* The name is echoed as the client sent it, and need not exist: one that
	 * is empty or holds a blank, quote, backslash or '#' goes back quoted, or
	 * the reply would not read back as one word (found by fuzz_session). */
	if (argv[2][0] == '\0' || strpbrk(argv[2], " \t\"\\#") != NULL)
		(void)reply_quoted(c, argv[2]);
	else
		(void)reply_str(c, argv[2]);
	(void)reply_str(c, " ");
	(void)reply_quoted(c, text);
	(void)reply_printf(c, "\n");
	reply_send(c);
}

void cmd_get_desc(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc;
	get_desc(c, 0, argv);
}

void cmd_get_cmddesc(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc;
	get_desc(c, 1, argv);
}

void cmd_get_upsdesc(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)argc;
	reply_begin(c);
	(void)reply_printf(c, "UPSDESC %s ", argv[1]);
	(void)reply_quoted(c, e->desc != NULL ? e->desc : "Unavailable");
	(void)reply_printf(c, "\n");
	reply_send(c);
}

void cmd_get_numlogins(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	const struct client *o;
	unsigned n = 0;

	(void)argc;
	for (o = c->u->clients; o != NULL; o = o->next)
		if (o->login == e)
			n++;
	reply_line(c, "NUMLOGINS %s %u", argv[1], n);
}
