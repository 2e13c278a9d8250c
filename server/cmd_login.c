/* cmd_login: USERNAME, PASSWORD, LOGIN, LOGOUT and PRIMARY/MASTER, the
 * commands upsmon uses to register with a UPS. Credentials are checked
 * against upsd.users at LOGIN/PRIMARY time, never at USERNAME/PASSWORD time
 * (a wrong password shows up as ERR ACCESS-DENIED later, as in NUT). */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmdtab.h"
#include "drvconn.h"
#include "log.h"
#include "users.h"

void cmd_username(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc;
	if (c->username != NULL) {
		reply_err(c, "ALREADY-SET-USERNAME");
		return;
	}
	c->username = strdup(argv[1]);
	if (c->username == NULL) {
		reply_err(c, "INVALID-ARGUMENT"); /* out of memory: refuse, do not die */
		return;
	}
	reply_line(c, "OK");
}

void cmd_password(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc;
	if (c->password != NULL) {
		reply_err(c, "ALREADY-SET-PASSWORD");
		return;
	}
	c->password = strdup(argv[1]);
	if (c->password == NULL) {
		reply_err(c, "INVALID-ARGUMENT");
		return;
	}
	reply_line(c, "OK");
}

void cmd_login(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)argc;
	if (c->login != NULL) {
		reply_err(c, "ALREADY-LOGGED-IN");
		return;
	}
	e = upsd_find_ups(c->u, argv[1]);
	if (e == NULL) {
		reply_err(c, "UNKNOWN-UPS");
		return;
	}
	if (!users_allowed(&c->u->users, c->username, c->password, ACT_LOGIN)) {
		log_info("client %s: LOGIN to ups %s as %s refused", c->addr, e->name, c->username);
		reply_err(c, "ACCESS-DENIED");
		return;
	}
	c->login = e;
	log_info("client %s: %s logged into ups %s", c->addr, c->username, e->name);
	reply_line(c, "OK");
}

void cmd_logout(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc, (void)argv;
	reply_line(c, "OK Goodbye");
	c->closing = 1; /* the reply is flushed, then the connection closed */
	c->why = "logged out";
}

void cmd_primary(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)argc;
	if (!users_allowed(&c->u->users, c->username, c->password, ACT_PRIMARY)) {
		reply_err(c, "ACCESS-DENIED");
		return;
	}
	log_info("client %s: %s is primary for ups %s", c->addr, c->username, e->name);
	/* The reply names the word the client used (MASTER is the legacy one). */
	reply_line(c, "OK %s-GRANTED", strcasecmp(argv[0], "MASTER") == 0 ? "MASTER" : "PRIMARY");
}
