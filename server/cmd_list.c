/* cmd_list: the LIST subcommands. A whole list is built in the reply buffer
 * (BEGIN line, items, END line) and queued in one piece, so it leaves in one
 * write(2) instead of one per line. */
#include "config.h"

#include <string.h>

#include "cmdtab.h"
#include "drvconn.h"

/* Finishes a list; a list too big for UPSD_REPLY_MAX is refused, never cut. */
static void list_end(struct client *c, int failed)
{
	if (failed) {
		reply_begin(c);
		reply_err(c, "INVALID-ARGUMENT");
		return;
	}
	reply_send(c);
}

void cmd_list_ups(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	size_t i;
	int bad = 0;

	(void)e, (void)argc, (void)argv;
	reply_begin(c);
	bad |= reply_printf(c, "BEGIN LIST UPS\n");
	for (i = 0; i < c->u->nups; i++) {
		const struct ups_entry *x = c->u->ups[i];

		bad |= reply_printf(c, "UPS %s ", x->name);
		bad |= reply_quoted(c, x->desc != NULL ? x->desc : "Description unavailable");
		bad |= reply_printf(c, "\n");
	}
	bad |= reply_printf(c, "END LIST UPS\n");
	list_end(c, bad);
}

struct list_ctx {
	struct client *c;
	struct ups_entry *e;
	const char *ups;  /* as the client spelled it */
	const char *kind; /* "VAR" or "RW" */
	int only_rw;
	int bad;
};

static int list_var_cb(const struct st_var *v, void *arg)
{
	struct list_ctx *l = arg;
	char tmp[ST_MAX_VALUE + 8];

	if (l->only_rw && !(v->flags & ST_FLAG_RW))
		return 0;
	l->bad |= reply_printf(l->c, "%s %s %s ", l->kind, l->ups, v->name);
	/* LIST RW shows the driver's value: NUT adds FSD only in GET VAR and LIST VAR. */
	l->bad |=
	    reply_quoted(l->c, l->only_rw ? v->value : cmd_var_value(l->e, v, tmp, sizeof(tmp)));
	l->bad |= reply_printf(l->c, "\n");
	return l->bad;
}

static void list_vars(struct client *c, struct ups_entry *e, const char *ups, const char *kind,
                      int only_rw)
{
	struct list_ctx l = {c, e, ups, kind, only_rw, 0};

	reply_begin(c);
	l.bad |= reply_printf(c, "BEGIN LIST %s %s\n", kind, ups);
	(void)st_foreach(e->tree, list_var_cb, &l);
	l.bad |= reply_printf(c, "END LIST %s %s\n", kind, ups);
	list_end(c, l.bad);
}

void cmd_list_var(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)argc;
	list_vars(c, e, argv[1], "VAR", 0);
}

void cmd_list_rw(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)argc;
	list_vars(c, e, argv[1], "RW", 1);
}

static int list_cmd_cb(const char *cmd, void *arg)
{
	struct list_ctx *l = arg;

	l->bad |= reply_printf(l->c, "CMD %s %s\n", l->ups, cmd);
	return l->bad;
}

void cmd_list_cmd(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	struct list_ctx l = {c, e, argv[1], "CMD", 0, 0};

	(void)argc;
	reply_begin(c);
	l.bad |= reply_printf(c, "BEGIN LIST CMD %s\n", argv[1]);
	(void)st_foreach_cmd(e->tree, list_cmd_cb, &l);
	l.bad |= reply_printf(c, "END LIST CMD %s\n", argv[1]);
	list_end(c, l.bad);
}

void cmd_list_enum(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	const struct st_var *v = st_get(e->tree, argv[2]);
	size_t i;
	int bad = 0;

	(void)argc;
	if (v == NULL) {
		reply_err(c, "VAR-NOT-SUPPORTED");
		return;
	}
	reply_begin(c);
	bad |= reply_printf(c, "BEGIN LIST ENUM %s %s\n", argv[1], argv[2]);
	for (i = 0; i < v->nenums && !bad; i++) {
		bad |= reply_printf(c, "ENUM %s %s ", argv[1], argv[2]);
		bad |= reply_quoted(c, v->enums[i]);
		bad |= reply_printf(c, "\n");
	}
	bad |= reply_printf(c, "END LIST ENUM %s %s\n", argv[1], argv[2]);
	list_end(c, bad);
}

void cmd_list_range(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	const struct st_var *v = st_get(e->tree, argv[2]);
	size_t i;
	int bad = 0;

	(void)argc;
	if (v == NULL) {
		reply_err(c, "VAR-NOT-SUPPORTED");
		return;
	}
	reply_begin(c);
	bad |= reply_printf(c, "BEGIN LIST RANGE %s %s\n", argv[1], argv[2]);
	for (i = 0; i < v->nranges && !bad; i++)
		bad |= reply_printf(c, "RANGE %s %s \"%ld\" \"%ld\"\n", argv[1], argv[2],
		                    v->ranges[i].min, v->ranges[i].max);
	bad |= reply_printf(c, "END LIST RANGE %s %s\n", argv[1], argv[2]);
	list_end(c, bad);
}

void cmd_list_client(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	const struct client *o;
	int bad = 0;

	(void)argc;
	reply_begin(c);
	/* The header echoes the client's spelling, the items the configured name. */
	bad |= reply_printf(c, "BEGIN LIST CLIENT %s\n", argv[1]);
	for (o = c->u->clients; o != NULL && !bad; o = o->next)
		if (o->login == e)
			bad |= reply_printf(c, "CLIENT %s %s\n", e->name, o->addr);
	bad |= reply_printf(c, "END LIST CLIENT %s\n", argv[1]);
	list_end(c, bad);
}
