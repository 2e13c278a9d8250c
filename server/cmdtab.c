/* cmdtab: the command table and its dispatcher.
 *
 * Order of checks, as measured on NUT 2.8.0's upsd: unknown command word ->
 * ERR UNKNOWN-COMMAND; USERNAME/PASSWORD requirements (before any arity
 * check: "SET" alone answers ERR USERNAME-REQUIRED); a missing or unknown
 * subcommand -> ERR INVALID-ARGUMENT; arity -> ERR INVALID-ARGUMENT; then the
 * UPS gate (UNKNOWN-UPS, DRIVER-NOT-CONNECTED, DATA-STALE). LOGIN has no gate:
 * NUT answers ERR ALREADY-LOGGED-IN before looking the UPS up. Extra words after
 * the ones a command uses are ignored where NUT ignores them (CMD_ARGS_ANY). */
#include "config.h"

#include <strings.h>

#include "cmdtab.h"
#include "drvconn.h"

static const struct cmd_def get_table[] = {
    {"VAR", 2, CMD_ARGS_ANY, 0, GATE_DATA, cmd_get_var, NULL, "GET VAR <ups> <var>"},
    {"TYPE", 2, CMD_ARGS_ANY, 0, GATE_DATA, cmd_get_type, NULL, "GET TYPE <ups> <var>"},
    {"DESC", 2, CMD_ARGS_ANY, 0, GATE_DATA, cmd_get_desc, NULL, "GET DESC <ups> <var>"},
    {"CMDDESC", 2, CMD_ARGS_ANY, 0, GATE_DATA, cmd_get_cmddesc, NULL, "GET CMDDESC <ups> <cmd>"},
    {"UPSDESC", 1, CMD_ARGS_ANY, 0, GATE_KNOWN, cmd_get_upsdesc, NULL, "GET UPSDESC <ups>"},
    {"NUMLOGINS", 1, CMD_ARGS_ANY, 0, GATE_DATA, cmd_get_numlogins, NULL, "GET NUMLOGINS <ups>"},
    {"TRACKING", 0, CMD_ARGS_ANY, 0, GATE_NONE, cmd_get_tracking, NULL, "GET TRACKING [<id>]"},
    {NULL, 0, 0, 0, GATE_NONE, NULL, NULL, NULL},
};

static const struct cmd_def list_table[] = {
    {"UPS", 0, CMD_ARGS_ANY, 0, GATE_NONE, cmd_list_ups, NULL, "LIST UPS"},
    {"VAR", 1, CMD_ARGS_ANY, 0, GATE_DATA, cmd_list_var, NULL, "LIST VAR <ups>"},
    {"RW", 1, CMD_ARGS_ANY, 0, GATE_DATA, cmd_list_rw, NULL, "LIST RW <ups>"},
    {"CMD", 1, CMD_ARGS_ANY, 0, GATE_DATA, cmd_list_cmd, NULL, "LIST CMD <ups>"},
    {"ENUM", 2, CMD_ARGS_ANY, 0, GATE_DATA, cmd_list_enum, NULL, "LIST ENUM <ups> <var>"},
    {"RANGE", 2, CMD_ARGS_ANY, 0, GATE_DATA, cmd_list_range, NULL, "LIST RANGE <ups> <var>"},
    {"CLIENT", 1, CMD_ARGS_ANY, 0, GATE_KNOWN, cmd_list_client, NULL, "LIST CLIENT <ups>"},
    /* Our alias (PyNUT's spelling); NUT 2.8.0 answers it with ERR INVALID-ARGUMENT. */
    {"CLIENTS", 1, CMD_ARGS_ANY, CMD_F_HIDDEN, GATE_KNOWN, cmd_list_client, NULL,
     "LIST CLIENTS <ups>"},
    {NULL, 0, 0, 0, GATE_NONE, NULL, NULL, NULL},
};

static const struct cmd_def set_table[] = {
    {"VAR", 3, CMD_ARGS_ANY, 0, GATE_DATA, cmd_set_var, NULL, "SET VAR <ups> <var> <value>"},
    {"TRACKING", 1, CMD_ARGS_ANY, 0, GATE_NONE, cmd_set_tracking, NULL, "SET TRACKING <ON|OFF>"},
    {NULL, 0, 0, 0, GATE_NONE, NULL, NULL, NULL},
};

#define AUTH (CMD_F_NEED_USER | CMD_F_NEED_PASS)

/* HELP lists the rows without CMD_F_HIDDEN, in this order. */
const struct cmd_def cmd_table[] = {
    {"HELP", 0, 0, 0, GATE_NONE, cmd_help, NULL, "HELP"},
    {"VER", 0, 0, 0, GATE_NONE, cmd_ver, NULL, "VER"},
    {"GET", 0, 0, 0, GATE_NONE, NULL, get_table, "GET <what> ..."},
    {"LIST", 0, 0, 0, GATE_NONE, NULL, list_table, "LIST <what> ..."},
    {"SET", 0, 0, AUTH, GATE_NONE, NULL, set_table, "SET <what> ..."},
    {"INSTCMD", 2, CMD_ARGS_ANY, AUTH, GATE_DATA, cmd_instcmd, NULL,
     "INSTCMD <ups> <cmd> [<value>]"},
    {"LOGIN", 1, 1, AUTH, GATE_NONE, cmd_login, NULL, "LOGIN <ups>"},
    {"LOGOUT", 0, 0, 0, GATE_NONE, cmd_logout, NULL, "LOGOUT"},
    {"USERNAME", 1, 1, 0, GATE_NONE, cmd_username, NULL, "USERNAME <name>"},
    {"PASSWORD", 1, 1, 0, GATE_NONE, cmd_password, NULL, "PASSWORD <password>"},
    {"STARTTLS", 0, CMD_ARGS_ANY, 0, GATE_NONE, cmd_starttls, NULL, "STARTTLS"},
    {"NETVER", 0, 0, CMD_F_HIDDEN, GATE_NONE, cmd_netver, NULL, "NETVER"},
    {"PROTVER", 0, 0, CMD_F_HIDDEN, GATE_NONE, cmd_netver, NULL, "PROTVER"},
    {"PRIMARY", 1, 1, CMD_F_HIDDEN | AUTH, GATE_KNOWN, cmd_primary, NULL, "PRIMARY <ups>"},
    {"MASTER", 1, 1, CMD_F_HIDDEN | AUTH, GATE_KNOWN, cmd_primary, NULL, "MASTER <ups>"},
    {"FSD", 1, 1, CMD_F_HIDDEN | AUTH, GATE_KNOWN, cmd_fsd, NULL, "FSD <ups>"},
    {NULL, 0, 0, 0, GATE_NONE, NULL, NULL, NULL},
};

static const struct cmd_def *cmd_find(const struct cmd_def *t, const char *word)
{
	/* The first-byte test only rejects: bytes equal under case folding
	 * differ at most in bit 0x20. It saves a strcasecmp() per table row. */
	for (; t->name != NULL; t++)
		if (((t->name[0] ^ word[0]) & ~0x20) == 0 && strcasecmp(t->name, word) == 0)
			return t;
	return NULL;
}

void cmd_dispatch(struct client *c, int argc, char **argv)
{
	const struct cmd_def *d;
	struct ups_entry *e = NULL;
	int nargs;

	if (argc < 1 || (d = cmd_find(cmd_table, argv[0])) == NULL) {
		reply_err(c, "UNKNOWN-COMMAND");
		return;
	}
	if ((d->flags & CMD_F_NEED_USER) && c->username == NULL) {
		reply_err(c, "USERNAME-REQUIRED");
		return;
	}
	if ((d->flags & CMD_F_NEED_PASS) && c->password == NULL) {
		reply_err(c, "PASSWORD-REQUIRED");
		return;
	}
	while (d->sub != NULL) {
		if (argc < 2 || (d = cmd_find(d->sub, argv[1])) == NULL) {
			reply_err(c, "INVALID-ARGUMENT");
			return;
		}
		argc--;
		argv++;
	}
	nargs = argc - 1;
	if (nargs < d->min_args || nargs > d->max_args) {
		reply_err(c, "INVALID-ARGUMENT");
		return;
	}
	if (d->gate != GATE_NONE) {
		e = upsd_find_ups(c->u, argv[1]);
		if (e == NULL) {
			reply_err(c, "UNKNOWN-UPS");
			return;
		}
		if (d->gate == GATE_DATA) {
			if (!drvconn_connected(e)) {
				reply_err(c, "DRIVER-NOT-CONNECTED");
				return;
			}
			if (drvconn_stale(e, ev_now_ms())) {
				reply_err(c, "DATA-STALE");
				return;
			}
		}
	}
	d->handler(c, e, argc, argv);
}
