/* cmd_write: the write path -- FSD, SET VAR, INSTCMD and SET/GET TRACKING.
 * The dispatcher has already checked login, arity and the UPS. What is left
 * is each command's own checks, in the order NUT 2.8.0's upsd makes them
 * (SET VAR: the SET right, then the variable; INSTCMD: the command, then the
 * instcmds right), and passing the request to the driver, with a TRACKING id
 * when the client asked for them. The reply says the driver was asked, not
 * that it succeeded: that is what GET TRACKING <id> is for. */
#include "config.h"

#include <strings.h>

#include "cmdtab.h"
#include "drvconn.h"
#include "log.h"
#include "users.h"

void cmd_fsd(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)argc, (void)argv;
	if (!users_allowed(&c->u->users, c->username, c->password, ACT_FSD)) {
		reply_err(c, "ACCESS-DENIED");
		return;
	}
	if (!e->fsd)
		log_warnx("client %s: %s set forced shutdown on ups %s", c->addr, c->username,
		          e->name);
	e->fsd = 1; /* stays until upsd restarts, as in NUT */
	reply_line(c, "OK FSD-SET");
}

/* Sends words (argc of them, with room for two more) to e's driver, adding
 * "TRACKING <id>" when c tracks its requests, and answers c: "OK",
 * "OK TRACKING <id>", or ERR failword when the driver could not be asked. */
static void cmd_forward(struct client *c, struct ups_entry *e, unsigned quote_mask, int argc,
                        const char **words, const char *failword)
{
	struct tracking *t = &c->u->tracking;
	const char *id = NULL;

	if (c->tracking) {
		id = tracking_new(t, ev_now_ms());
		if (id == NULL) {
			reply_err(c, failword);
			return;
		}
		words[argc++] = "TRACKING";
		words[argc++] = id;
	}
	if (drvconn_request(e, quote_mask, argc, words) < 0) {
		log_warnx("client %s: %s %s not passed to the driver of ups %s", c->addr, words[0],
		          words[1], e->name);
		if (id != NULL)
			(void)tracking_done(t, id, DRP_FAILED);
		reply_err(c, failword);
		return;
	}
	if (id != NULL)
		reply_line(c, "OK TRACKING %s", id);
	else
		reply_line(c, "OK");
}

void cmd_set_var(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	static const char *const errword[] = {
	    [ST_SET_UNKNOWN] = "VAR-NOT-SUPPORTED", [ST_SET_READONLY] = "READONLY",
	    [ST_SET_TOOLONG] = "TOO-LONG",          [ST_SET_NOLENGTH] = "SET-FAILED",
	    [ST_SET_INVALID] = "INVALID-VALUE",
	};
	const char *words[5];
	enum st_set_check chk;

	(void)argc; /* words after the value are ignored, as NUT does */
	if (!users_allowed(&c->u->users, c->username, c->password, ACT_SET)) {
		reply_err(c, "ACCESS-DENIED");
		return;
	}
	chk = st_check_set(e->tree, argv[2], argv[3]);
	if (chk != ST_SET_OK) {
		reply_err(c, errword[chk]);
		return;
	}
	log_info("client %s: user %s sets %s to \"%s\" on ups %s", c->addr, c->username, argv[2],
	         argv[3], e->name);
	words[0] = "SET";
	words[1] = argv[2];
	words[2] = argv[3];
	cmd_forward(c, e, 1U << 2, 3, words, "SET-FAILED");
}

void cmd_set_tracking(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc;
	if (strcasecmp(argv[1], "ON") == 0)
		c->tracking = 1;
	else if (strcasecmp(argv[1], "OFF") == 0)
		c->tracking = 0;
	else {
		reply_err(c, "INVALID-ARGUMENT");
		return;
	}
	reply_line(c, "OK");
}

void cmd_get_tracking(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e;
	if (argc == 1) {
		reply_line(c, "%s", c->tracking ? "ON" : "OFF");
		return;
	}
	/* NUT answers ids only to a client that has tracking on; any such
	 * client may read any id. Words after the id are ignored. */
	if (!c->tracking) {
		reply_err(c, "FEATURE-NOT-CONFIGURED");
		return;
	}
	reply_line(c, "%s", tracking_reply(&c->u->tracking, argv[1]));
}

void cmd_instcmd(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	const char *words[5];
	int n = 0;

	if (!st_has_cmd(e->tree, argv[2])) {
		reply_err(c, "CMD-NOT-SUPPORTED");
		return;
	}
	if (!users_allowed_cmd(&c->u->users, c->username, c->password, argv[2])) {
		reply_err(c, "ACCESS-DENIED");
		return;
	}
	words[n++] = "INSTCMD";
	words[n++] = argv[2];
	if (argc > 3) { /* the value; words after it are ignored */
		words[n++] = argv[3];
		log_info("client %s: user %s runs %s \"%s\" on ups %s", c->addr, c->username,
		         argv[2], argv[3], e->name);
	} else {
		log_info("client %s: user %s runs %s on ups %s", c->addr, c->username, argv[2],
		         e->name);
	}
	cmd_forward(c, e, 0, n, words, "INSTCMD-FAILED");
}
