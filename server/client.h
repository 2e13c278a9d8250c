/* client: one network client of upsd: its socket, the line tokenizer fed by
 * its input, a bounded output queue, login state and idle clock. Replies are
 * built whole in the server's scratch buffer and queued with one append, so
 * a reply is written with one write(2) whenever the socket takes it. */
#ifndef UPSD_CLIENT_H
#define UPSD_CLIENT_H

#include <stdint.h>
#include <sys/socket.h>

#include "upsd.h"

struct client {
	struct upsd *u;
	struct client *prev, *next;
	int fd;
	char addr[64]; /* peer address as "1.2.3.4" or "::1" */
	struct proto_tok tok;
	struct buf out;
	uint64_t last_active_ms;
	char *username;          /* USERNAME, or NULL */
	char *password;          /* PASSWORD, or NULL; never logged */
	struct ups_entry *login; /* after LOGIN, or NULL */
	int tracking;            /* SET TRACKING ON: replies carry TRACKING ids */
	int closing;             /* LOGOUT or peer EOF: flush, then close */
	const char *why;         /* reason logged when closing, or NULL */
	int dead;                /* freed at the end of the current callback */
};

/* Takes over fd (non-blocking, close-on-exec); NULL when out of memory (fd closed). */
struct client *client_new(struct upsd *u, int fd, const struct sockaddr *sa);
/* Closes and frees the client now. */
void client_free(struct client *c, const char *why);
/* Drops clients idle for longer than IDLE_TIMEOUT. */
void client_tick(struct upsd *u, uint64_t now_ms);

/* Reply building: the scratch buffer holds the reply being built; send moves
 * it to the client's queue in one piece (dropping the client when its queue
 * would pass UPSD_OUTQ_MAX). */
void reply_begin(struct client *c);
int reply_printf(struct client *c, const char *fmt, ...) LOG_PRINTF(2, 3);
int reply_quoted(struct client *c, const char *s); /* appends "s" escaped */
int reply_str(struct client *c, const char *s);    /* appends s as it is (hot paths) */
void reply_send(struct client *c);
/* A one-line reply: reply_begin + printf + "\n" + send. */
void reply_line(struct client *c, const char *fmt, ...) LOG_PRINTF(2, 3);
void reply_err(struct client *c, const char *word); /* "ERR <word>" */

#endif
