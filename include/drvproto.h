/* drvproto: the driver socket protocol (driver <-> upsd over the Unix socket
 * <STATEPATH>/<driver>-<ups>), shared by both ends. One command table for the
 * driver-to-server lines: drp_apply() replays them onto a mirror state tree;
 * drp_dump() writes a whole tree as those lines (the DUMPALL answer). Lines are
 * tokenized with proto; values are always quoted and escaped on output. */
#ifndef UPS_DRVPROTO_H
#define UPS_DRVPROTO_H

#include "buf.h"
#include "state.h"

/* Results of a server request that carried a tracking id, as the driver
 * sends them in "TRACKING <id> <status>"; the numbers are those of NUT's
 * driver socket protocol (any other number reads as DRP_UNKNOWN). */
enum drp_result {
	DRP_PENDING = -1, /* not answered yet; never sent on the socket */
	DRP_HANDLED = 0,  /* done (the client sees SUCCESS) */
	DRP_UNKNOWN = 1,  /* no such command or variable (ERR UNKNOWN) */
	DRP_INVALID = 2,  /* bad value or argument (ERR INVALID-ARGUMENT) */
	DRP_FAILED = 3,   /* the device refused or did not answer (ERR FAILED) */
};

/* What a driver-to-server line meant, beyond any change to the tree. */
enum drp_event {
	DRP_EV_NONE = 0, /* a tree update (SETINFO, DELINFO, ADDENUM, ... ADDCMD, DELCMD) */
	DRP_EV_DUMPDONE, /* end of the DUMPALL answer */
	DRP_EV_PONG,
	DRP_EV_DATAOK,
	DRP_EV_DATASTALE,
	DRP_EV_TRACKING, /* TRACKING <id> <status>: argv[1], argv[2] */
	DRP_EV_PID,      /* answer to GETPID: argv[1] */
	DRP_EV_ERROR,    /* unknown command, wrong arity or a value the tree refused */
};

/* Applies one tokenized line (argv[0] is the command, matched
 * case-insensitively as NUT's upsd does; words after the ones a command needs
 * are ignored, as there) to t. Never fails hard: a bad line gives DRP_EV_ERROR
 * and, when err is not NULL, a message in err. DRP_EV_PID comes from
 * "PID <n>" (NUT 2.8.0 drivers do not answer GETPID at all). */
enum drp_event drp_apply(struct st_tree *t, int argc, char **argv, char *err, size_t errlen);

/* Appends the lines that rebuild t (SETINFO, SETFLAGS, SETAUX, ADDENUM,
 * ADDRANGE per variable in sorted order, then ADDCMD per command) to out.
 * DUMPDONE is not written. 0, or -1 when out is full. */
int drp_dump(const struct st_tree *t, struct buf *out);
/* Appends the lines describing one variable (as in drp_dump). */
int drp_dump_var(const struct st_var *v, struct buf *out);

/* Appends "<cmd> <arg>...\n" with every argument quoted when quote_mask has
 * bit (1 << index) set, used for single deltas: e.g. SETINFO name "value".
 * A word that would not survive bare (empty, or with space, '"', '\\', '#',
 * '=' or a control byte) is quoted anyway. 0, or -1 when out is full or the
 * line would pass PROTO_MAX_LINE (errno E2BIG; nothing is written). */
int drp_line(struct buf *out, unsigned quote_mask, int argc, const char *const *argv);

#endif
