/* upsdconf: upsd.conf. Directive names, arities and defaults follow NUT's
 * upsd; IDLE_TIMEOUT is ours (NUT drops idle clients after a fixed 60 s).
 * TLS directives are accepted and kept so that existing files load, with a
 * warning; they take effect once STARTTLS is implemented. */
#include "config.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "conf.h"
#include "log.h"
#include "paths.h"
#include "strutil.h"
#include "upsdconf.h"

#define UPSDCONF_MAX_LISTEN 16 /* LISTEN lines */

static int listen_handler(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	struct upsd_conf *c = target;
	struct upsd_listen *nl;
	long port;
	char buf[16];

	if (c->nlisten >= UPSDCONF_MAX_LISTEN) {
		conf_error(ctx, line, "LISTEN: at most %d LISTEN lines", UPSDCONF_MAX_LISTEN);
		return -1;
	}
	if (line->argv[1][0] == '\0') {
		conf_error(ctx, line, "LISTEN: empty address");
		return -1;
	}
	if (line->argc > 2) {
		if (conf_parse_long(line->argv[2], 1, 65535, &port) < 0) {
			conf_error(ctx, line, "LISTEN: port '%s' is not a number from 1 to 65535",
			           line->argv[2]);
			return -1;
		}
	} else {
		port = path_port();
	}
	nl = realloc(c->listen, (c->nlisten + 1) * sizeof(*nl));
	if (nl == NULL) {
		conf_error(ctx, line, "LISTEN: out of memory");
		return -1;
	}
	c->listen = nl;
	(void)str_fmt(buf, sizeof(buf), "%ld", port);
	nl[c->nlisten].addr = strdup(line->argv[1]);
	nl[c->nlisten].port = strdup(buf);
	if (nl[c->nlisten].addr == NULL || nl[c->nlisten].port == NULL) {
		free(nl[c->nlisten].addr);
		free(nl[c->nlisten].port);
		conf_error(ctx, line, "LISTEN: out of memory");
		return -1;
	}
	c->nlisten++;
	return 0;
}

static int certident_handler(struct conf_ctx *ctx, const struct conf_line *line, void *target)
{
	struct upsd_conf *c = target;
	char *v = strdup(line->argv[1]);

	/* The second word is the certificate database password: kept nowhere. */
	if (v == NULL) {
		conf_error(ctx, line, "CERTIDENT: out of memory");
		return -1;
	}
	free(c->certident);
	c->certident = v;
	return 0;
}

#define OFF(f) offsetof(struct upsd_conf, f)
static const struct conf_directive upsdconf_table[] = {
    {"LISTEN", CONF_T_CUSTOM, 1, 2, 0, 0, 0, CONF_D_REPEATABLE, listen_handler},
    {"MAXAGE", CONF_T_INT, 1, 1, 1, 86400, OFF(maxage_s), CONF_D_RELOADABLE, NULL},
    {"MAXCONN", CONF_T_INT, 1, 1, 1, 1000000, OFF(maxconn), CONF_D_RELOADABLE, NULL},
    {"IDLE_TIMEOUT", CONF_T_INT, 1, 1, 0, 86400, OFF(idle_timeout_s), CONF_D_RELOADABLE, NULL},
    {"TRACKINGDELAY", CONF_T_INT, 1, 1, 0, 86400, OFF(trackingdelay_s), CONF_D_RELOADABLE, NULL},
    {"STATEPATH", CONF_T_STRING, 1, 1, 0, 0, OFF(statepath), CONF_D_RELOADABLE, NULL},
    {"ALLOW_NO_DEVICE", CONF_T_BOOL, 1, 1, 0, 0, OFF(allow_no_device), CONF_D_RELOADABLE, NULL},
    {"ALLOW_NOT_ALL_LISTENERS", CONF_T_BOOL, 1, 1, 0, 0, OFF(allow_not_all_listeners), 0, NULL},
    {"DEBUG_MIN", CONF_T_INT, 1, 1, 0, 100, OFF(debug_min), CONF_D_RELOADABLE, NULL},
    {"CERTFILE", CONF_T_STRING, 1, 1, 0, 0, OFF(certfile), 0, NULL},
    {"CERTPATH", CONF_T_STRING, 1, 1, 0, 0, OFF(certpath), 0, NULL},
    {"CERTIDENT", CONF_T_CUSTOM, 2, 2, 0, 0, 0, 0, certident_handler},
    {"CERTREQUEST", CONF_T_INT, 1, 1, 0, 2, OFF(certrequest), 0, NULL},
    {"DISABLE_WEAK_SSL", CONF_T_BOOL, 1, 1, 0, 0, OFF(disable_weak_ssl), 0, NULL},
    {NULL, 0, 0, 0, 0, 0, 0, 0, NULL},
};
#undef OFF

void upsdconf_defaults(struct upsd_conf *c)
{
	memset(c, 0, sizeof(*c));
	c->maxage_s = UPSD_DEF_MAXAGE_S;
	c->maxconn = UPSD_DEF_MAXCONN;
	c->idle_timeout_s = UPSD_DEF_IDLE_S;
	c->trackingdelay_s = 3600;
}

void upsdconf_free(struct upsd_conf *c)
{
	size_t i;

	for (i = 0; i < c->nlisten; i++) {
		free(c->listen[i].addr);
		free(c->listen[i].port);
	}
	free(c->listen);
	free(c->statepath);
	free(c->certfile);
	free(c->certpath);
	free(c->certident);
	upsdconf_defaults(c);
}

static int upsdconf_line(struct conf_ctx *ctx, const struct conf_line *line, void *arg)
{
	int rc = conf_dispatch(ctx, upsdconf_table, line, arg);

	if (rc == 1)
		conf_error(ctx, line, "unknown directive '%s'", line->argv[0]);
	return 0; /* go on: every error of the file is reported in one pass */
}

int upsdconf_load(const char *path, int must_exist, struct upsd_conf *out)
{
	int nerr;

	upsdconf_defaults(out);
	if (!must_exist && access(path, F_OK) < 0 && errno == ENOENT) {
		log_debug(1, "%s: not found, using defaults", path);
		return 0;
	}
	nerr = conf_read_file(path, upsdconf_line, out);
	if (nerr != 0) {
		if (nerr > 0)
			log_warnx("%s: %d error%s, file not used", path, nerr,
			          nerr == 1 ? "" : "s");
		upsdconf_free(out);
		return -1;
	}
	/* Accepted so existing files load, but say so: an admin who set up TLS
	 * must not believe passwords travel encrypted while STARTTLS is refused. */
	if (out->certfile != NULL || out->certpath != NULL || out->certident != NULL ||
	    out->certrequest != 0 || out->disable_weak_ssl != 0)
		log_warnx(
		    "%s: TLS settings (CERTFILE, CERTPATH, CERTIDENT, CERTREQUEST, "
		    "DISABLE_WEAK_SSL) are not used yet: STARTTLS is refused and clients talk "
		    "in clear text",
		    path);
	return 0;
}

static void upsdconf_kept(const char *name, void *arg)
{
	(void)arg;
	log_warnx("%s changes take effect when upsd is restarted; the running value stays", name);
}

static int upsdconf_same_listen(const struct upsd_conf *a, const struct upsd_conf *b)
{
	size_t i;

	if (a->nlisten != b->nlisten)
		return 0;
	for (i = 0; i < a->nlisten; i++)
		if (strcmp(a->listen[i].addr, b->listen[i].addr) != 0 ||
		    strcmp(a->listen[i].port, b->listen[i].port) != 0)
			return 0;
	return 1;
}

int upsdconf_keep_fixed(struct upsd_conf *cur, struct upsd_conf *next)
{
	int kept = conf_keep_fixed(upsdconf_table, cur, next, upsdconf_kept, NULL);
	struct upsd_listen *l;
	size_t n;
	char *s;

	/* The CUSTOM directives, whose values the table cannot see. */
	if (!upsdconf_same_listen(cur, next)) {
		l = cur->listen, n = cur->nlisten;
		cur->listen = next->listen, cur->nlisten = next->nlisten;
		next->listen = l, next->nlisten = n;
		upsdconf_kept("LISTEN", NULL);
		kept++;
	}
	if ((cur->certident == NULL) != (next->certident == NULL) ||
	    (cur->certident != NULL && strcmp(cur->certident, next->certident) != 0)) {
		s = cur->certident;
		cur->certident = next->certident;
		next->certident = s;
		upsdconf_kept("CERTIDENT", NULL);
		kept++;
	}
	return kept;
}
