/* upsadmin: what upscmd and upsrw share -- the connection to one UPS, the
 * login (asking for the user name and password when the command line gave
 * none), and sending one write request, optionally waiting for the driver's
 * answer through TRACKING. Messages, prompts and exit statuses are NUT's:
 * "OK" (or, with waiting, the tracking result) on stderr and status 0;
 * "Unexpected response from upsd: <reply>" and status 1 when upsd refuses. */
#ifndef UPS_UPSADMIN_H
#define UPS_UPSADMIN_H

#include <stdint.h>

#include "upsclient.h"

#define ADM_DEFAULT_WAIT_S 10 /* -t default: how long -w waits for the result */

struct adm {
	UPSCONN_t conn;
	int connected;
	char *upsname;
	char *host;
	uint16_t port;
};

/* Parses "ups[@host[:port]]" and connects; on failure prints "Error: ..."
 * and exits 1. */
void adm_connect(struct adm *a, const char *target);
/* The names LIST <what> <ups> gives (CMD: commands, RW: writable
 * variables), read whole so that other requests can follow; *n of them.
 * Free each and the array. On failure prints "Error: ..." and exits 1. */
char **adm_list_names(struct adm *a, const char *what, size_t *n);
/* Closes the connection (LOGOUT) and frees a's strings. */
void adm_close(struct adm *a);
/* Prints "Error: <what upsclient says>" and exits 1. */
void adm_fail(struct adm *a);
/* Parses -t's value (whole seconds); on a bad one prints NUT's message and exits 1. */
unsigned adm_parse_timeout(const char *arg);
/* Asks on stdout for a line (prompt first); returns it without its newline
 * (static storage). At end of input prints "Error reading from stdin!" and
 * exits 1: nothing is ever sent on a half-typed answer. */
const char *adm_ask(const char *prompt);
/* Sends USERNAME and PASSWORD, asking for whichever is NULL (the user name
 * defaults to the login name; the password is read from the terminal
 * without echo, or from stdin when there is no terminal). */
void adm_login(struct adm *a, const char *user, const char *pass);
/* Sends "<verb> <words...>" (INSTCMD or SET VAR); with wait_s >= 0 (-w)
 * turns tracking on first and waits up to wait_s seconds for the result.
 * Prints the outcome and returns the exit status. */
int adm_request(struct adm *a, const char *verb, int nwords, const char **words, long wait_s);

#endif
