/* upsmon_priv: upsmon's privilege separation. A root parent keeps root for
 * exactly two things, each asked for by the unprivileged child over a
 * SOCK_SEQPACKET socketpair in fixed frames: write the POWERDOWNFLAG file
 * (NUT's content) and run the SHUTDOWNCMD, once. Both come from the
 * configuration the parent read at start: the child never passes a path or
 * a command. Anything else from the child (a frame of another size, a wrong
 * magic, an unknown type, a second SHUTDOWNCMD) is logged and ends the
 * parent. Also here: writing and checking the POWERDOWNFLAG file (-K). */
#ifndef UPS_UPSMON_PRIV_H
#define UPS_UPSMON_PRIV_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define UMP_MAGIC         0x55504d31u /* "UPM1" */
#define UMP_FRAME         12          /* bytes: magic, type, status (32 bits each, host order) */
#define UM_PDFLAG_MAGIC   "upsmon-shutdown-file" /* what NUT's upsmon writes and -K looks for */
#define UM_PDFLAG_MAX     256                    /* bytes of the flag file -K reads */
#define UM_SHUTDOWNCMD_MS 600000 /* the parent waits this long for SHUTDOWNCMD, then leaves it */

enum ump_type {
	UMP_REQ_PDFLAG = 1,   /* child -> parent: write POWERDOWNFLAG */
	UMP_REQ_SHUTDOWN = 2, /* child -> parent: run SHUTDOWNCMD */
	UMP_ANSWER = 0x80,    /* parent -> child: | the request's type; status 0 done, -1 failed */
};

struct ump_msg {
	uint32_t type;
	int32_t status;
};

void ump_encode(const struct ump_msg *m, uint8_t out[UMP_FRAME]);
/* A frame from the child: 0 with *m set when it is exactly one well-formed
 * request (UMP_FRAME bytes, the magic, a request type, status 0), else -1. */
int ump_decode_request(const uint8_t *buf, size_t len, struct ump_msg *m);
/* A frame from the parent: 0 when it is one well-formed answer, else -1. */
int ump_decode_answer(const uint8_t *buf, size_t len, struct ump_msg *m);

/* What the parent may do, fixed at start. */
struct ump_parent {
	const char *pdflag;      /* POWERDOWNFLAG path, or NULL */
	const char *shutdowncmd; /* SHUTDOWNCMD, or NULL */
	pid_t child;
};

/* The parent's loop over fd: serves requests, passes SIGHUP, SIGUSR1 and
 * SIGTERM/SIGINT on to the child (TERM/INT: and then leaves). Returns the
 * exit status: 0 when the child closed its end (it exited), 1 after a
 * protocol violation or an error. */
int ump_parent_run(int fd, const struct ump_parent *p);

/* Sends one request (child side). 0, or -1 (errno). */
int ump_send(int fd, uint32_t type);

/* Writes path with the magic line, as root, without following a symlink
 * at its last component and refusing anything but a regular file with one
 * link that root (or we) own: no temporary name, no rename. 0, or -1 with
 * err filled. */
int um_pdflag_write(const char *path, char *err, size_t errlen);
/* 1 when path is a regular file that starts with the magic, else 0. */
int um_pdflag_check(const char *path);
/* Runs cmd through /bin/sh -c, waiting at most timeout_ms. 0 when it ran
 * and exited 0; -1 otherwise (logged). */
int um_run_shell(const char *what, const char *cmd, int timeout_ms);

#endif
