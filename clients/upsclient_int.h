/* upsclient_int.h: what the libupsclient files share and the library's users
 * never see: the private part of a connection and the error helpers.
 * Internal names start with ucl_ so that only upscli_* is exported. */
#ifndef UPS_UPSCLIENT_INT_H
#define UPS_UPSCLIENT_INT_H

#include "proto.h"
#include "upsclient.h"

#define UCL_MAGIC      0x55706331 /* "Upc1": set by connect, checked by every call */
#define UCL_RBUF_LEN   4096       /* socket read buffer: one read() fills at most this */
#define UCL_TIMEOUT_S  5          /* default per-read/per-write wait, as NUT's library */
#define UCL_DETAIL_LEN 128        /* detail text of "Parse error: %s" / "SSL error: %s" */

struct upscli_conn_priv {
	struct proto_tok tok;    /* reply tokenizer (argv valid until the next read) */
	char rbuf[UCL_RBUF_LEN]; /* bytes read from the socket, not yet consumed */
	size_t roff;             /* first unconsumed byte */
	size_t rlen;             /* end of the valid bytes */
	char detail[UCL_DETAIL_LEN];
};

/* Records error code (and errno for the "%s" texts) on ups; returns -1 so
 * that callers can write `return ucl_fail(...)`. */
int ucl_fail(UPSCONN_t *ups, int code, int syserr);
/* Same, with a detail text for UPSCLI_ERR_PARSE / UPSCLI_ERR_SSLERR. */
int ucl_fail_detail(UPSCONN_t *ups, int code, const char *detail);
/* The UPSCLI_ERR_* of an "ERR <word>" reply (UPSCLI_ERR_UNKNOWN when the
 * word is not one upsd sends). */
int ucl_err_from_word(const char *word);
/* For our own programs (upscmd, upsrw): sends "<verb> <query...>" with the
 * words quoted where they need it, reads the one-line reply and gives its
 * words (valid until the next call). 0 when a reply came, whatever it says
 * (an "ERR <word>" reply also sets the matching error); -1 when none did. */
int ucl_command(UPSCONN_t *ups, const char *verb, size_t numq, const char **query, size_t *numa,
                char ***answer);
/* "<verb> <query...>\n" into out, each word quoted and escaped where it needs
 * it. Length, or -1 (too long, or a word with a line break). */
int ucl_build(char *out, size_t outlen, const char *verb, size_t numq, const char **query);
/* NUT_DEFAULT_CONNECT_TIMEOUT in seconds (decimals allowed) as a timeval;
 * 1 when set, 0 when unset, -1 (with a message) when invalid. */
int ucl_env_timeout(struct timeval *tv);
/* Is ups a structure upscli_connect initialised? */
int ucl_valid(const UPSCONN_t *ups);

#endif
