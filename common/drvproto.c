/* drvproto: the driver socket protocol, driver -> server direction.
 *
 * Observed on NUT 2.8.0 (dummy-ups socket, and NUT's upsd fed by a scripted
 * peer posing as a driver):
 * - DUMPALL answer, per variable in strcasecmp order:
 *     SETINFO <name> "<value>"
 *     SETAUX <name> <n>            only when an aux is set (STRING vars)
 *     SETFLAGS <name> RW STRING    only when flags are set; RW, STRING order
 *   then every ADDCMD <cmd>, then DATAOK (or DATASTALE), then DUMPDONE.
 *   Values are always quoted, with '"', '\' and '#' escaped; names, aux, flags
 *   and commands go bare. ADDENUM <name> "<value>" and ADDRANGE <name> <min>
 *   <max> follow the variable's other lines here (upsd takes them quoted or
 *   bare alike). DELINFO/DELENUM/DELRANGE/DELCMD mirror the ADD lines.
 * - upsd matches these words case-insensitively ("setinfo" works), ignores
 *   extra words after the ones a command needs, ignores unknown SETFLAGS
 *   words, and SETFLAGS replaces the flags (it does not add to them). A
 *   variable deleted and set again starts with no flags. Enum values and
 *   ranges are listed in the order added, duplicates dropped.
 * - TRACKING <id> <status> answers a server request that carried an id;
 *   status 0 is success (dummy-ups sent 0 for SET, 1 for an INSTCMD it does
 *   not know).
 * - PONG answers PING. GETPID is not known to 2.8.0 drivers (they log
 *   "Unknown command on socket" and answer nothing); its answer here is
 *   "PID <n>".
 *
 * Server -> driver, as NUT 2.8.0's upsd sends it (facts for drivers/ and
 * server/): DUMPALL once on connect; PING when the link is idle;
 * SET <var> "<escaped value>" [TRACKING <ID>]; INSTCMD <cmd> [<arg>] [TRACKING
 * <ID>] with the argument NOT quoted (an argument with a space goes out as two
 * words); ids are upper-case UUIDs. dummy-ups takes its commands in any
 * case ("ping" gets PONG), ignores extra words after DUMPALL, keeps quiet on
 * LOGOUT, NOBROADCAST and BROADCAST 0, and sends every later SETINFO to every
 * connected socket.
 */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "drvproto.h"
#include "proto.h"

struct drp_cmd;
typedef enum drp_event (*drp_handler)(const struct drp_cmd *c, struct st_tree *t, char **argv,
                                      char *err, size_t errlen);

struct drp_cmd {
	const char *name;
	int min_args; /* words after the command; extra words are ignored, as NUT does */
	enum drp_event event;
	drp_handler handler; /* NULL: no change to the tree, just the event */
};

static enum drp_event fail(char *err, size_t errlen, const char *fmt, ...) LOG_PRINTF(3, 4);

static enum drp_event fail(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		(void)vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return DRP_EV_ERROR;
}

/* A tree refusal: errno says why. */
static enum drp_event refused(const struct drp_cmd *c, char **argv, char *err, size_t errlen)
{
	const char *why;

	switch (errno) {
	case ENOENT:
		why = "unknown variable";
		break;
	case E2BIG:
		why = "value too long";
		break;
	case ENOSPC:
		why = "too many entries";
		break;
	case EPERM:
		why = "variable is immutable";
		break;
	case ENOMEM:
		why = "out of memory";
		break;
	default:
		why = "invalid name or value";
		break;
	}
	return fail(err, errlen, "%s %s: %s", c->name, argv[1], why);
}

#define CHECK(c, r) ((r) < 0 ? refused((c), argv, err, errlen) : (c)->event)

static enum drp_event h_setinfo(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                                size_t errlen)
{
	return CHECK(c, st_set(t, argv[1], argv[2]));
}

static enum drp_event h_delinfo(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                                size_t errlen)
{
	return CHECK(c, st_del(t, argv[1]));
}

static enum drp_event h_addenum(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                                size_t errlen)
{
	return CHECK(c, st_add_enum(t, argv[1], argv[2]));
}

static enum drp_event h_delenum(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                                size_t errlen)
{
	return CHECK(c, st_del_enum(t, argv[1], argv[2]));
}

/* Whole decimal numbers only: a driver that sends junk is told so. */
static int parse_long(const char *s, long *out)
{
	const char *p = s;
	char *end;
	long v;

	if (*p == '-' || *p == '+')
		p++;
	if (*p < '0' || *p > '9')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno != 0 || *end != '\0')
		return -1;
	*out = v;
	return 0;
}

static enum drp_event h_range(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                              size_t errlen)
{
	long min, max;

	if (parse_long(argv[2], &min) < 0 || parse_long(argv[3], &max) < 0)
		return fail(err, errlen, "%s: bad range %.32s %.32s", argv[1], argv[2], argv[3]);
	if (c->name[0] == 'A')
		return CHECK(c, st_add_range(t, argv[1], min, max));
	return CHECK(c, st_del_range(t, argv[1], min, max));
}

static enum drp_event h_setaux(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                               size_t errlen)
{
	long aux;

	if (parse_long(argv[2], &aux) < 0 || aux < 0)
		return fail(err, errlen, "%s: bad aux value %s", argv[1], argv[2]);
	return CHECK(c, st_set_aux(t, argv[1], aux));
}

static enum drp_event h_setflags(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                                 size_t errlen)
{
	const struct st_var *v = st_get(t, argv[1]);
	unsigned flags, f;
	int i;

	if (v == NULL) {
		errno = ENOENT;
		return refused(c, argv, err, errlen);
	}
	/* The driver core's IMMUTABLE mark is not the peer's to clear. */
	flags = v->flags & ST_FLAG_IMMUTABLE;
	for (i = 2; argv[i] != NULL; i++)
		if (st_flag_parse(argv[i], &f) == 0)
			flags |= f; /* unknown words are ignored, as NUT's upsd does */
	return CHECK(c, st_set_flags(t, argv[1], flags));
}

static enum drp_event h_addcmd(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                               size_t errlen)
{
	return CHECK(c, st_add_cmd(t, argv[1]));
}

static enum drp_event h_delcmd(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                               size_t errlen)
{
	return CHECK(c, st_del_cmd(t, argv[1]));
}

static enum drp_event h_pid(const struct drp_cmd *c, struct st_tree *t, char **argv, char *err,
                            size_t errlen)
{
	long pid;

	if (parse_long(argv[1], &pid) < 0 || pid <= 0 || pid > INT_MAX)
		return fail(err, errlen, "PID: bad process id %.32s", argv[1]);
	return c->event;
}

static const struct drp_cmd drp_cmds[] = {
    {"SETINFO", 2, DRP_EV_NONE, h_setinfo}, {"DELINFO", 1, DRP_EV_NONE, h_delinfo},
    {"ADDENUM", 2, DRP_EV_NONE, h_addenum}, {"DELENUM", 2, DRP_EV_NONE, h_delenum},
    {"ADDRANGE", 3, DRP_EV_NONE, h_range},  {"DELRANGE", 3, DRP_EV_NONE, h_range},
    {"SETAUX", 2, DRP_EV_NONE, h_setaux},   {"SETFLAGS", 1, DRP_EV_NONE, h_setflags},
    {"ADDCMD", 1, DRP_EV_NONE, h_addcmd},   {"DELCMD", 1, DRP_EV_NONE, h_delcmd},
    {"DUMPDONE", 0, DRP_EV_DUMPDONE, NULL}, {"PONG", 0, DRP_EV_PONG, NULL},
    {"DATAOK", 0, DRP_EV_DATAOK, NULL},     {"DATASTALE", 0, DRP_EV_DATASTALE, NULL},
    {"TRACKING", 2, DRP_EV_TRACKING, NULL}, {"PID", 1, DRP_EV_PID, h_pid},
};

enum drp_event drp_apply(struct st_tree *t, int argc, char **argv, char *err, size_t errlen)
{
	size_t i;

	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (argc < 1 || argv == NULL || argv[0] == NULL)
		return fail(err, errlen, "empty line");
	for (i = 0; i < sizeof(drp_cmds) / sizeof(drp_cmds[0]); i++) {
		const struct drp_cmd *c = &drp_cmds[i];

		if (strcasecmp(c->name, argv[0]) != 0)
			continue;
		if (argc - 1 < c->min_args)
			return fail(err, errlen, "%s: missing arguments", c->name);
		return c->handler ? c->handler(c, t, argv, err, errlen) : c->event;
	}
	return fail(err, errlen, "unknown command %.64s", argv[0]);
}

/* ---- output ---- */

/* Does w survive NUT's tokenizer as one bare word, byte for byte? */
static int bare_ok(const char *w)
{
	if (*w == '\0')
		return 0;
	for (; *w != '\0'; w++) {
		unsigned char ch = (unsigned char)*w;

		if (ch <= ' ' || ch >= 0x7f || ch == '"' || ch == '\\' || ch == '#' || ch == '=')
			return 0;
	}
	return 1;
}

/* One output line under construction, at most PROTO_MAX_LINE bytes + LF. */
struct line {
	char buf[PROTO_MAX_LINE + 2];
	size_t len;
	int over;
};

static void line_add(struct line *l, const char *s, size_t n)
{
	if (l->over || l->len + n > PROTO_MAX_LINE) {
		l->over = 1;
		return;
	}
	memcpy(l->buf + l->len, s, n);
	l->len += n;
}

static void line_word(struct line *l, const char *w, int quote)
{
	char esc[PROTO_MAX_LINE + 1];
	int n;

	if (l->len > 0)
		line_add(l, " ", 1);
	if (!quote && bare_ok(w)) {
		line_add(l, w, strlen(w));
		return;
	}
	n = proto_escape(esc, sizeof(esc), w);
	if (n < 0) {
		l->over = 1;
		return;
	}
	line_add(l, "\"", 1);
	line_add(l, esc, (size_t)n);
	line_add(l, "\"", 1);
}

static int line_end(struct line *l, struct buf *out)
{
	if (l->over) {
		errno = E2BIG;
		return -1;
	}
	l->buf[l->len++] = '\n';
	return buf_append(out, l->buf, l->len);
}

int drp_line(struct buf *out, unsigned quote_mask, int argc, const char *const *argv)
{
	struct line l;
	int i;

	if (argc < 1) {
		errno = EINVAL;
		return -1;
	}
	l.len = 0;
	l.over = 0;
	for (i = 0; i < argc; i++)
		line_word(&l, argv[i], i < 32 && (quote_mask & (1U << i)));
	return line_end(&l, out);
}

/* Appends a var's lines to tmp (sized like out's room, so a failure here
 * means out would have overflowed too). */
static int var_lines(const struct st_var *v, struct buf *tmp)
{
	static const enum st_flag order[] = {ST_FLAG_RW, ST_FLAG_STRING, ST_FLAG_NUMBER};
	const char *w[2 + 3];
	char n1[32], n2[32];
	size_t i;
	int k;

	w[0] = "SETINFO";
	w[1] = v->name;
	w[2] = v->value;
	if (drp_line(tmp, 1U << 2, 3, w) < 0)
		return -1;
	if (v->aux != 0) {
		(void)snprintf(n1, sizeof(n1), "%ld", v->aux);
		w[0] = "SETAUX";
		w[2] = n1;
		if (drp_line(tmp, 0, 3, w) < 0)
			return -1;
	}
	k = 2;
	for (i = 0; i < sizeof(order) / sizeof(order[0]); i++)
		if (v->flags & order[i])
			w[k++] = st_flag_name(order[i]);
	if (k > 2) {
		w[0] = "SETFLAGS";
		if (drp_line(tmp, 0, k, w) < 0)
			return -1;
	}
	w[0] = "ADDENUM";
	for (i = 0; i < v->nenums; i++) {
		w[2] = v->enums[i];
		if (drp_line(tmp, 1U << 2, 3, w) < 0)
			return -1;
	}
	w[0] = "ADDRANGE";
	for (i = 0; i < v->nranges; i++) {
		(void)snprintf(n1, sizeof(n1), "%ld", v->ranges[i].min);
		(void)snprintf(n2, sizeof(n2), "%ld", v->ranges[i].max);
		w[2] = n1;
		w[3] = n2;
		if (drp_line(tmp, 0, 4, w) < 0)
			return -1;
	}
	return 0;
}

static int tmp_for(struct buf *tmp, const struct buf *out)
{
	size_t room = out->cap > buf_used(out) ? out->cap - buf_used(out) : 0;

	if (room == 0) {
		errno = ENOBUFS;
		return -1;
	}
	return buf_init(tmp, room);
}

/* Commits tmp to out in one append, so out is unchanged on failure. */
static int tmp_commit(struct buf *tmp, struct buf *out, int rc)
{
	if (rc == 0 && buf_used(tmp) > 0)
		rc = buf_append(out, buf_head(tmp), buf_used(tmp));
	buf_free(tmp);
	return rc;
}

int drp_dump_var(const struct st_var *v, struct buf *out)
{
	struct buf tmp;

	if (tmp_for(&tmp, out) < 0)
		return -1;
	return tmp_commit(&tmp, out, var_lines(v, &tmp));
}

static int dump_var_cb(const struct st_var *v, void *arg)
{
	return var_lines(v, arg) < 0 ? -1 : 0;
}

static int dump_cmd_cb(const char *cmd, void *arg)
{
	const char *w[2] = {"ADDCMD", cmd};

	return drp_line(arg, 0, 2, w) < 0 ? -1 : 0;
}

int drp_dump(const struct st_tree *t, struct buf *out)
{
	struct buf tmp;
	int rc;

	if (st_count(t) == 0 && st_cmd_count(t) == 0)
		return 0;
	if (tmp_for(&tmp, out) < 0)
		return -1;
	rc = st_foreach(t, dump_var_cb, &tmp);
	if (rc == 0)
		rc = st_foreach_cmd(t, dump_cmd_cb, &tmp);
	return tmp_commit(&tmp, out, rc != 0 ? -1 : 0);
}
