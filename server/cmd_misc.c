/* cmd_misc: HELP, VER, NETVER/PROTVER and STARTTLS. */
#include "config.h"

#include "cmdtab.h"
#include "drvconn.h"

/* The protocol version NUT 2.8.0 announces; clients compare it. */
#define UPSD_NETVER "1.3"

void cmd_help(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	const struct cmd_def *d;

	(void)e, (void)argc, (void)argv;
	reply_begin(c);
	(void)reply_printf(c, "Commands:");
	for (d = cmd_table; d->name != NULL; d++)
		if (!(d->flags & CMD_F_HIDDEN))
			(void)reply_printf(c, " %s", d->name);
	(void)reply_printf(c, "\n");
	reply_send(c);
}

void cmd_ver(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc, (void)argv;
	reply_line(c, "Upsilon upsd %s - Network UPS Tools compatible server", PACKAGE_VERSION);
}

void cmd_netver(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc, (void)argv;
	reply_line(c, "%s", UPSD_NETVER);
}

void cmd_starttls(struct client *c, struct ups_entry *e, int argc, char **argv)
{
	(void)e, (void)argc, (void)argv;
	/* TLS is not built into this milestone: the answer NUT gives without a
	 * certificate, after which clients carry on in clear text. */
	reply_err(c, "FEATURE-NOT-CONFIGURED");
}
