/* upsmon_conf: the one reader of upsmon.conf (NUT 2.8 directives) into a
 * struct um_conf, checked whole: a file with any error is refused with every
 * "file:line: problem" logged, and nothing of it is used. */
#ifndef UPS_UPSMON_CONF_H
#define UPS_UPSMON_CONF_H

#include <stddef.h>
#include <stdint.h>

#include "conf.h"
#include "upsmon_rules.h"

#define UM_MAX_MONITORS  64    /* MONITOR lines */
#define UM_MAX_POWER     1000  /* one MONITOR's power value; MINSUPPLIES likewise */
#define UM_MAX_SECONDS   86400 /* upper bound of every time directive */
#define UM_MAX_NOTIFYMSG 1024  /* bytes of one NOTIFYMSG text */
/* A rendered message: the text with the UPS name (shorter than a config
 * line) in place of %s, so nothing is ever cut. */
#define UM_MAX_MESSAGE (UM_MAX_NOTIFYMSG + CONF_MAX_LINE)

/* NOTIFYFLAG words. */
enum um_nflag {
	UM_NF_SYSLOG = 1,
	UM_NF_WALL = 2,
	UM_NF_EXEC = 4,
	UM_NF_IGNORE = 8,
};

struct um_monitor {
	char *system; /* as written: ups@host[:port] */
	char *upsname, *host;
	uint16_t port;
	int power;
	char *user, *pass;
	int primary;
	int lineno;
};

/* SHUTDOWNEXIT: exit right after SHUTDOWNCMD, never, or after some seconds. */
#define UM_SDEXIT_YES 0
#define UM_SDEXIT_NO  (-1)

struct um_conf {
	struct um_monitor *mon;
	size_t nmon;
	int minsupplies;
	char *shutdowncmd, *notifycmd, *powerdownflag, *run_as_user;
	char *certpath;
	int shutdownexit; /* UM_SDEXIT_YES, UM_SDEXIT_NO or seconds */
	int pollfreq_s, pollfreqalert_s, finaldelay_s;
	struct um_params rules;
	int certverify, forcessl;
	int debug_min;
	char *notifymsg[UM_N_COUNT];     /* NULL: ours */
	unsigned notifyflag[UM_N_COUNT]; /* enum um_nflag mask */
};

/* Reads path into c (all defaults first). 0, or -1 when the file cannot be
 * read or has errors (all logged; c is then empty, safe to free). */
int um_conf_load(const char *path, struct um_conf *c);
/* The same over a buffer; name stands for the file in messages. */
int um_conf_load_buffer(const char *name, const char *data, size_t len, struct um_conf *c);
void um_conf_free(struct um_conf *c);
/* The message of type t for ups, NOTIFYMSG's or ours, into out. */
void um_conf_message(const struct um_conf *c, enum um_notify t, const char *ups, char *out,
                     size_t outlen);
/* Is this NOTIFYMSG text acceptable: at most one %s, %% for a '%', nothing
 * else after a '%'? */
int um_conf_msg_ok(const char *msg);

#endif
