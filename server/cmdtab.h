/* cmdtab: the network protocol command table. One const table of commands,
 * with nested tables for subcommands (GET VAR, LIST CMD ...). The dispatcher
 * looks a line up (case-insensitively), checks login requirements, arity and
 * the named UPS in one place, then calls the handler; handlers never check
 * those again. */
#ifndef UPSD_CMDTAB_H
#define UPSD_CMDTAB_H

#include "client.h"

#define CMD_ARGS_ANY 1000 /* max_args for "extra words ignored", as NUT does */

enum cmd_flags {
	CMD_F_HIDDEN = 1,    /* not listed by HELP (NUT does not list it) */
	CMD_F_NEED_USER = 2, /* ERR USERNAME-REQUIRED before anything else */
	CMD_F_NEED_PASS = 4, /* ERR PASSWORD-REQUIRED next */
};

/* What the dispatcher checks about the UPS named by the first argument. */
enum cmd_gate {
	GATE_NONE = 0,
	GATE_KNOWN, /* ERR UNKNOWN-UPS */
	GATE_DATA,  /* also ERR DRIVER-NOT-CONNECTED and ERR DATA-STALE */
};

/* argv[0] is the (sub)command word; argv[1..argc-1] its arguments. e is the
 * UPS named by argv[1] when the row has a gate, else NULL. */
typedef void (*cmd_handler)(struct client *c, struct ups_entry *e, int argc, char **argv);

struct cmd_def {
	const char *name;
	int min_args, max_args; /* words after the (sub)command word */
	unsigned flags;         /* enum cmd_flags */
	enum cmd_gate gate;
	cmd_handler handler;       /* NULL when sub is set */
	const struct cmd_def *sub; /* subcommand table, {NULL}-terminated */
	const char *help;          /* one line for docs and tests */
};

extern const struct cmd_def cmd_table[];

/* Answers one tokenized line (argc may be 0: an empty line). */
void cmd_dispatch(struct client *c, int argc, char **argv);

/* Handlers, by module. */
void cmd_help(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_ver(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_netver(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_starttls(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_get_var(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_get_type(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_get_desc(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_get_cmddesc(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_get_upsdesc(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_get_numlogins(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_get_tracking(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_list_ups(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_list_var(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_list_rw(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_list_cmd(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_list_enum(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_list_range(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_list_client(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_username(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_password(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_login(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_logout(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_primary(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_fsd(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_set_var(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_set_tracking(struct client *c, struct ups_entry *e, int argc, char **argv);
void cmd_instcmd(struct client *c, struct ups_entry *e, int argc, char **argv);

/* Shared by handlers: the value a client sees for a variable (ups.status
 * gets a leading "FSD" when forced shutdown is set). */
const char *cmd_var_value(const struct ups_entry *e, const struct st_var *v, char *tmp,
                          size_t tmplen);

#endif
