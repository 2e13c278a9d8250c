/* upsmon_conf.c: upsmon.conf (see upsmon_conf.h). One directive table; the
 * directives with more than one value (MONITOR, NOTIFYMSG, NOTIFYFLAG,
 * CERTHOST, SHUTDOWNEXIT) have handlers. Defaults are NUT 2.8's. TLS is not
 * built yet: its directives are read, and a file that demands TLS (FORCESSL
 * 1, CERTVERIFY 1, a CERTHOST that verifies or forces) is refused, since
 * going on in clear would betray what it asks for. */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "conf.h"
#include "log.h"
#include "strutil.h"
#include "upsclient.h"
#include "upsmon_conf.h"

#define UM_TLS_MISSING "TLS is not built into this upsmon yet"

static int um_d_monitor(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	struct um_conf *c = target;
	struct um_monitor *m, *v;
	const char *role = line->argv[5];
	long pv;
	char *at;

	if (c->nmon >= UM_MAX_MONITORS) {
		conf_error(ctx, line, "more than %d MONITOR lines", UM_MAX_MONITORS);
		return -1;
	}
	at = strchr(line->argv[1], '@');
	if (line->argv[1][0] == '\0' || at == line->argv[1] || (at != NULL && at[1] == '\0')) {
		conf_error(ctx, line, "MONITOR: '%s' is not <ups>[@<host>[:<port>]]",
		           line->argv[1]);
		return -1;
	}
	if (conf_parse_long(line->argv[2], 0, UM_MAX_POWER, &pv) < 0) {
		conf_error(ctx, line,
		           "MONITOR: power value '%s' is not a whole number from 0 to %d",
		           line->argv[2], UM_MAX_POWER);
		return -1;
	}
	if (strcasecmp(role, "primary") != 0 && strcasecmp(role, "master") != 0 &&
	    strcasecmp(role, "secondary") != 0 && strcasecmp(role, "slave") != 0) {
		conf_error(ctx, line, "MONITOR: '%s' is not primary or secondary (master, slave)",
		           role);
		return -1;
	}
	v = realloc(c->mon, (c->nmon + 1) * sizeof(*c->mon));
	if (v == NULL) {
		conf_error(ctx, line, "MONITOR: out of memory");
		return -1;
	}
	c->mon = v;
	m = &c->mon[c->nmon];
	memset(m, 0, sizeof(*m));
	if (upscli_splitname(line->argv[1], &m->upsname, &m->host, &m->port) < 0) {
		conf_error(ctx, line, "MONITOR: '%s' is not <ups>[@<host>[:<port>]]",
		           line->argv[1]);
		return -1;
	}
	m->system = strdup(line->argv[1]);
	m->user = strdup(line->argv[3]);
	m->pass = strdup(line->argv[4]);
	m->power = (int)pv;
	m->primary = strcasecmp(role, "primary") == 0 || strcasecmp(role, "master") == 0;
	m->lineno = line->lineno;
	c->nmon++; /* counted now, so um_conf_free frees what was set */
	if (m->system == NULL || m->user == NULL || m->pass == NULL) {
		conf_error(ctx, line, "MONITOR: out of memory");
		return -1;
	}
	return 0;
}

int um_conf_msg_ok(const char *msg)
{
	int ns = 0;
	const char *p;

	for (p = msg; *p != '\0'; p++) {
		if (*p != '%')
			continue;
		p++;
		if (*p == '%')
			continue;
		if (*p != 's' || ++ns > 1)
			return 0;
	}
	return 1;
}

static int um_d_notifymsg(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	struct um_conf *c = target;
	int t = um_notify_find(line->argv[1]);
	char *nv;

	if (t < 0) {
		conf_error(ctx, line, "NOTIFYMSG: unknown notify type '%s'", line->argv[1]);
		return -1;
	}
	if (strlen(line->argv[2]) >= UM_MAX_NOTIFYMSG) {
		conf_error(ctx, line, "NOTIFYMSG %s: text longer than %d bytes", line->argv[1],
		           UM_MAX_NOTIFYMSG - 1);
		return -1;
	}
	if (!um_conf_msg_ok(line->argv[2])) {
		conf_error(ctx, line,
		           "NOTIFYMSG %s: the text may hold one %%s (the UPS) and %%%% for a %%, "
		           "nothing else after a %%",
		           line->argv[1]);
		return -1;
	}
	nv = strdup(line->argv[2]);
	if (nv == NULL) {
		conf_error(ctx, line, "NOTIFYMSG: out of memory");
		return -1;
	}
	free(c->notifymsg[t]);
	c->notifymsg[t] = nv;
	return 0;
}

static const struct {
	const char *word;
	unsigned flag;
} um_nflags[] = {
    {"SYSLOG", UM_NF_SYSLOG},
    {"WALL", UM_NF_WALL},
    {"EXEC", UM_NF_EXEC},
    {"IGNORE", UM_NF_IGNORE},
};

static int um_d_notifyflag(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	struct um_conf *c = target;
	int t = um_notify_find(line->argv[1]);
	unsigned mask = 0;
	const char *p = line->argv[2];

	if (t < 0) {
		conf_error(ctx, line, "NOTIFYFLAG: unknown notify type '%s'", line->argv[1]);
		return -1;
	}
	for (;;) {
		size_t n = strcspn(p, "+"), i;

		for (i = 0; i < sizeof(um_nflags) / sizeof(um_nflags[0]); i++)
			if (strlen(um_nflags[i].word) == n &&
			    strncasecmp(p, um_nflags[i].word, n) == 0)
				break;
		if (i == sizeof(um_nflags) / sizeof(um_nflags[0])) {
			conf_error(ctx, line,
			           "NOTIFYFLAG %s: '%.*s' is not SYSLOG, WALL, EXEC or IGNORE "
			           "(join several with '+')",
			           line->argv[1], (int)(n > 64 ? 64 : n), p);
			return -1;
		}
		mask |= um_nflags[i].flag;
		if (p[n] == '\0')
			break;
		p += n + 1;
	}
	if ((mask & UM_NF_IGNORE) != 0 && mask != UM_NF_IGNORE) {
		conf_error(ctx, line, "NOTIFYFLAG %s: IGNORE goes alone", line->argv[1]);
		return -1;
	}
	c->notifyflag[t] = mask;
	return 0;
}

static int um_d_shutdownexit(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	struct um_conf *c = target;
	long sec;
	int b;

	if (conf_parse_long(line->argv[1], 0, UM_MAX_SECONDS, &sec) == 0) {
		c->shutdownexit = (int)sec;
		return 0;
	}
	if (conf_parse_bool(line->argv[1], &b) == 0) {
		c->shutdownexit = b ? UM_SDEXIT_YES : UM_SDEXIT_NO;
		return 0;
	}
	conf_error(ctx, line, "SHUTDOWNEXIT: '%s' is not yes, no or a number of seconds (0 to %d)",
	           line->argv[1], UM_MAX_SECONDS);
	return -1;
}

/* CERTHOST <host> <certificate name> <certverify> <forcessl> */
static int um_d_certhost(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	int verify, force;

	(void)target;
	if (conf_parse_bool(line->argv[3], &verify) < 0 ||
	    conf_parse_bool(line->argv[4], &force) < 0) {
		conf_error(ctx, line, "CERTHOST: certverify and forcessl are 0 or 1");
		return -1;
	}
	if (verify || force) {
		conf_error(ctx, line, "CERTHOST %s asks for TLS: " UM_TLS_MISSING, line->argv[1]);
		return -1;
	}
	return 0;
}

/* Read and ignored: NSS's client certificate (CERTIDENT). */
static int um_d_ignored(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	(void)ctx, (void)target;
	log_debug(1, "%s:%d: %s has no effect here", line->file, line->lineno, line->argv[0]);
	return 0;
}

#define UM_INT(name, field, lo, hi)                                                                \
	{                                                                                          \
		name, CONF_T_INT, 1, 1, lo, hi, offsetof(struct um_conf, field),                   \
		    CONF_D_RELOADABLE, NULL                                                        \
	}
#define UM_STR(name, field)                                                                        \
	{                                                                                          \
		name, CONF_T_STRING, 1, 1, 0, 0, offsetof(struct um_conf, field),                  \
		    CONF_D_RELOADABLE, NULL                                                        \
	}
#define UM_CUSTOM(name, n, fn)                                                                     \
	{                                                                                          \
		name, CONF_T_CUSTOM, n, n, 0, 0, 0, CONF_D_RELOADABLE | CONF_D_REPEATABLE, fn      \
	}

static const struct conf_directive um_directives[] = {
    UM_CUSTOM("MONITOR", 5, um_d_monitor),
    UM_INT("MINSUPPLIES", minsupplies, 0, UM_MAX_POWER),
    UM_STR("SHUTDOWNCMD", shutdowncmd),
    UM_CUSTOM("SHUTDOWNEXIT", 1, um_d_shutdownexit),
    UM_STR("NOTIFYCMD", notifycmd),
    UM_INT("POLLFREQ", pollfreq_s, 1, UM_MAX_SECONDS),
    UM_INT("POLLFREQALERT", pollfreqalert_s, 1, UM_MAX_SECONDS),
    UM_INT("HOSTSYNC", rules.hostsync_s, 0, UM_MAX_SECONDS),
    UM_INT("DEADTIME", rules.deadtime_s, 0, UM_MAX_SECONDS),
    UM_STR("POWERDOWNFLAG", powerdownflag),
    UM_CUSTOM("NOTIFYMSG", 2, um_d_notifymsg),
    UM_CUSTOM("NOTIFYFLAG", 2, um_d_notifyflag),
    UM_INT("RBWARNTIME", rules.rbwarntime_s, 0, UM_MAX_SECONDS),
    UM_INT("NOCOMMWARNTIME", rules.nocommwarntime_s, 1, UM_MAX_SECONDS),
    UM_INT("FINALDELAY", finaldelay_s, 0, UM_MAX_SECONDS),
    UM_INT("OFFDURATION", rules.offduration_s, -1, UM_MAX_SECONDS),
    UM_INT("OVERDURATION", rules.overduration_s, -1, UM_MAX_SECONDS),
    UM_INT("OBLBDURATION", rules.oblbduration_s, 0, UM_MAX_SECONDS),
    {"ALARMCRITICAL", CONF_T_BOOL, 1, 1, 0, 0, offsetof(struct um_conf, rules.alarmcritical),
     CONF_D_RELOADABLE, NULL},
    UM_STR("RUN_AS_USER", run_as_user),
    UM_STR("CERTPATH", certpath),
    {"CERTVERIFY", CONF_T_BOOL, 1, 1, 0, 0, offsetof(struct um_conf, certverify), CONF_D_RELOADABLE,
     NULL},
    {"FORCESSL", CONF_T_BOOL, 1, 1, 0, 0, offsetof(struct um_conf, forcessl), CONF_D_RELOADABLE,
     NULL},
    UM_CUSTOM("CERTHOST", 4, um_d_certhost),
    UM_CUSTOM("CERTIDENT", 2, um_d_ignored),
    UM_INT("DEBUG_MIN", debug_min, 0, 100),
    {NULL, 0, 0, 0, 0, 0, 0, 0, NULL},
};

static void um_conf_defaults(struct um_conf *c)
{
	int t;

	memset(c, 0, sizeof(*c));
	c->minsupplies = 1;
	c->shutdownexit = UM_SDEXIT_YES;
	c->pollfreq_s = 5;
	c->pollfreqalert_s = 5;
	c->finaldelay_s = 5;
	c->rules.hostsync_s = 15;
	c->rules.deadtime_s = 15;
	c->rules.rbwarntime_s = 43200;
	c->rules.nocommwarntime_s = 300;
	c->rules.offduration_s = 30;
	c->rules.overduration_s = -1;
	c->rules.oblbduration_s = 0;
	c->rules.alarmcritical = 1;
	for (t = 0; t < UM_N_COUNT; t++)
		c->notifyflag[t] = UM_NF_SYSLOG | UM_NF_WALL;
}

static int um_conf_line(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	if (conf_dispatch(ctx, um_directives, line, arg) == 1)
		conf_error(ctx, line, "unknown directive '%s'", line->argv[0]);
	return 0;
}

/* Checks that need the whole file. Those about MONITOR lines only when
 * every line was read (a refused MONITOR would make them misleading). */
static int um_conf_check(const char *name, struct um_conf *c, int line_errors)
{
	int errors = 0, total = 0;
	size_t i;

	if (line_errors == 0 && c->nmon == 0) {
		log_warnx("%s: no MONITOR line: nothing to watch", name);
		errors++;
	}
	for (i = 0; i < c->nmon; i++)
		total += c->mon[i].power;
	if (line_errors == 0 && c->nmon > 0 && total < c->minsupplies) {
		log_warnx("%s: the power values add up to %d, less than MINSUPPLIES %d: "
		          "this system could never be fed",
		          name, total, c->minsupplies);
		errors++;
	}
	if (c->forcessl || c->certverify) {
		log_warnx("%s: %s 1 asks for TLS: " UM_TLS_MISSING, name,
		          c->forcessl ? "FORCESSL" : "CERTVERIFY");
		errors++;
	}
	if (c->pollfreqalert_s > c->pollfreq_s)
		log_info("%s: POLLFREQALERT %d is longer than POLLFREQ %d", name,
		         c->pollfreqalert_s, c->pollfreq_s);
	return errors;
}

static int um_conf_finish(const char *name, int rc, struct um_conf *c)
{
	if (rc < 0)
		log_warnx("%s: cannot read the file", name);
	else if (um_conf_check(name, c, rc) == 0 && rc == 0)
		return 0;
	um_conf_free(c);
	return -1;
}

int um_conf_load(const char *path, struct um_conf *c)
{
	um_conf_defaults(c);
	return um_conf_finish(path, conf_read_file(path, um_conf_line, c), c);
}

int um_conf_load_buffer(const char *name, const char *data, size_t len, struct um_conf *c)
{
	um_conf_defaults(c);
	return um_conf_finish(name, conf_read_buffer(name, data, len, um_conf_line, c), c);
}

void um_conf_free(struct um_conf *c)
{
	size_t i;
	int t;

	for (i = 0; i < c->nmon; i++) {
		free(c->mon[i].system);
		free(c->mon[i].upsname);
		free(c->mon[i].host);
		free(c->mon[i].user);
		free(c->mon[i].pass);
	}
	free(c->mon);
	free(c->shutdowncmd);
	free(c->notifycmd);
	free(c->powerdownflag);
	free(c->run_as_user);
	free(c->certpath);
	for (t = 0; t < UM_N_COUNT; t++)
		free(c->notifymsg[t]);
	memset(c, 0, sizeof(*c));
}

void um_conf_message(const struct um_conf *c, enum um_notify t, const char *ups, char *out,
                     size_t outlen)
{
	const char *fmt = c->notifymsg[t] != NULL ? c->notifymsg[t] : um_notify_default_msg(t);
	size_t o = 0, n;
	const char *p;

	if (outlen == 0)
		return;
	/* By hand, not printf: the text comes from a file (checked by
	 * um_conf_msg_ok, but a format string stays a format string). */
	for (p = fmt; *p != '\0' && o + 1 < outlen; p++) {
		if (p[0] == '%' && p[1] == 's') {
			n = strlen(ups);
			if (n > outlen - 1 - o)
				n = outlen - 1 - o;
			memcpy(out + o, ups, n);
			o += n;
			p++;
		} else if (p[0] == '%' && p[1] == '%') {
			out[o++] = '%';
			p++;
		} else {
			out[o++] = *p;
		}
	}
	out[o] = '\0';
}
