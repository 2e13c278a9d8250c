/* client: one network client of upsd: its socket, its input (a line
 * tokenizer and unparsed bytes, both held only while in use), a bounded output
 * queue (memory only while something waits), login state and idle clock.
 * Each loop round a client gets a bounded turn (UPSD_LINES_PER_TURN lines,
 * UPSD_READS_PER_EVENT reads) and is not read at all while more than
 * UPSD_OUTQ_HIWAT bytes of its replies wait, so no client can starve the
 * others. */
#ifndef UPSD_CLIENT_H
#define UPSD_CLIENT_H

#include <stdint.h>
#include <sys/socket.h>

#include "upsd.h"

struct client {
	struct upsd *u;
	struct client *prev, *next; /* u->clients, the most recently active first */
	struct proto_tok *tok;      /* only while a line is half read, else NULL */
	struct buf in;              /* read but not tokenized yet (a budget ran out) */
	struct buf out;             /* replies the socket has not taken yet */
	uint64_t last_active_ms;    /* when its last complete line came */
	char *username;             /* USERNAME, or NULL */
	char *password;             /* PASSWORD, or NULL; never logged */
	struct ups_entry *login;    /* after LOGIN, or NULL */
	const char *why;            /* reason logged when closing, or NULL */
	int fd;
	unsigned tracking : 1;  /* SET TRACKING ON: replies carry TRACKING ids */
	unsigned closing : 1;   /* LOGOUT or peer EOF: flush, then close */
	unsigned dead : 1;      /* freed at the end of the current callback */
	unsigned throttled : 1; /* output above UPSD_OUTQ_HIWAT: input not read */
	char addr[48];          /* peer address as "1.2.3.4" or "::1" */
};

/* Takes over fd (non-blocking, close-on-exec); NULL when out of memory (fd closed). */
struct client *client_new(struct upsd *u, int fd, const struct sockaddr *sa);
/* Closes and frees the client now. */
void client_free(struct client *c, const char *why);
/* Drops the clients idle for longer than IDLE_TIMEOUT (a client is active
 * when a complete line comes from it) and returns when the next one would
 * time out (0 when no client is left or IDLE_TIMEOUT is 0). */
uint64_t client_expire_idle(struct upsd *u, uint64_t now_ms);

/* Reply building: the server's scratch buffer collects the replies of the
 * client being served in this loop round; begin starts a reply there (and
 * forgets a half-built one), send keeps it (a reply over UPSD_REPLY_MAX
 * becomes ERR INVALID-ARGUMENT). At the end of the client's turn the whole
 * batch goes out with one write, and only what the socket did not take is
 * copied to the client's own queue. */
void reply_begin(struct client *c);
int reply_printf(struct client *c, const char *fmt, ...) LOG_PRINTF(2, 3);
int reply_quoted(struct client *c, const char *s); /* appends "s" escaped */
int reply_str(struct client *c, const char *s);    /* appends s as it is (hot paths) */
void reply_send(struct client *c);
/* A one-line reply: reply_begin + printf + "\n" + send. */
void reply_line(struct client *c, const char *fmt, ...) LOG_PRINTF(2, 3);
void reply_err(struct client *c, const char *word); /* "ERR <word>" */

#endif
