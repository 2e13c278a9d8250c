/* cmd_write: FSD, SET TRACKING, and the slots of the write path (SET VAR,
 * INSTCMD). The dispatcher has already checked login, arity and the UPS for
 * them; what is missing here is forwarding to the driver with TRACKING ids,
 * which is the next milestone. Until then these answer ERR ACCESS-DENIED --
 * NUT's answer to a client that lacks the permission -- after the same
 * checks NUT makes first, so clients see a consistent refusal. */
#include "config.h"

#include <strings.h>

#include "cmdtab.h"
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

void cmd_set_var(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)argc;
	/* NUT checks the SET permission before the variable, and the command
	 * before the instcmds permission (INSTCMD below). */
	if (!users_allowed(&c->u->users, c->username, c->password, ACT_SET)) {
		reply_err(c, "ACCESS-DENIED");
		return;
	}
	if (st_get(e->tree, argv[2]) == NULL) {
		reply_err(c, "VAR-NOT-SUPPORTED");
		return;
	}
	log_debug(1, "client %s: SET VAR is not implemented yet (write path milestone)", c->addr);
	reply_err(c, "ACCESS-DENIED");
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

void cmd_instcmd(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)argc;
	if (!st_has_cmd(e->tree, argv[2])) {
		reply_err(c, "CMD-NOT-SUPPORTED");
		return;
	}
	log_debug(1, "client %s: INSTCMD is not implemented yet (write path milestone)", c->addr);
	reply_err(c, "ACCESS-DENIED");
}
