/* upsclient.h: libupsclient, Upsilon's client library for the NUT network
 * protocol (upsd, TCP 3493). Source compatible with the NUT 2.8 library of the
 * same name: the same function names, signatures, error numbers and flags, so
 * a program written against NUT's header builds against this one unchanged.
 *
 * A connection is a caller-owned UPSCONN_t filled by upscli_connect() and
 * released by upscli_disconnect(). The library keeps no per-connection state
 * outside it; process-wide TLS settings come from upscli_init().
 *
 * Return conventions (NUT's): functions returning int/ssize_t give 0 (or a
 * count) on success and -1 on failure; the reason is then in
 * upscli_upserror() (an UPSCLI_ERR_* number) and upscli_strerror(). */
#ifndef UPSCLIENT_H_SEEN
#define UPSCLIENT_H_SEEN

#include <stddef.h>
#include <stdint.h>
#include <limits.h>
#include <sys/types.h>
#include <sys/time.h>
#include <time.h>

#ifdef __cplusplus
extern "C" {
#endif

#define UPSCLI_ERRBUF_LEN 256 /* size of UPSCONN_t.errbuf (upscli_strerror's text) */
#define UPSCLI_NETBUF_LEN 512 /* kept for source compatibility; lines may be longer */

struct upscli_conn_priv; /* read buffer, tokenizer state, TLS session (private) */

/* One connection to upsd. The first seven members are laid out as in NUT's
 * structure; programs should still use the accessor functions below. */
typedef struct {
	char *host;          /* server name as given to upscli_connect (owned) */
	uint16_t port;       /* server TCP port */
	int fd;              /* socket, -1 when not connected */
	int flags;           /* UPSCLI_CONN_* flags of the connect call */
	int upserror;        /* last UPSCLI_ERR_* */
	int syserrno;        /* errno that goes with upserror, for the "%s" texts */
	int upsclient_magic; /* marks a structure upscli_connect has initialised */

	struct upscli_conn_priv *priv;

	char errbuf[UPSCLI_ERRBUF_LEN]; /* storage for upscli_strerror's text */

	void *ssl; /* TLS session once STARTTLS succeeded, else NULL */
} UPSCONN_t;

/* Text for the connection's last error, in NUT's words ("Unknown UPS",
 * "Connection failure: Connection refused" ...). Points into ups->errbuf or
 * a constant; valid until the next call on ups. */
const char *upscli_strerror(UPSCONN_t *ups);

/* Process-wide TLS settings, called once before connecting: whether to verify
 * server certificates, where the CA certificates live, the client certificate
 * name and its password. Returns 1, or -1 when already initialised or when
 * the settings cannot be honoured (certverify without TLS support). */
int upscli_init(int certverify, const char *certpath, const char *certname, const char *certpasswd);
/* Forgets what upscli_init and upscli_add_host_cert set. Returns 1. */
int upscli_cleanup(void);

/* Connects to host:port (flags: UPSCLI_CONN_*). tv bounds each connection
 * attempt (NULL or zero: the system's own limit). With UPSCLI_CONN_TRYSSL or
 * UPSCLI_CONN_REQSSL the client first sends STARTTLS; an ERR answer is fine
 * with TRYSSL and fails the connection (UPSCLI_ERR_SSLFAIL) with REQSSL.
 * Returns 0, or -1 with ups->upserror set (ups needs no prior initialisation
 * and holds nothing to free after a failure). */
int upscli_tryconnect(UPSCONN_t *ups, const char *host, uint16_t port, int flags,
                      struct timeval *tv);
/* upscli_tryconnect with the limit from the NUT_DEFAULT_CONNECT_TIMEOUT
 * environment variable (seconds, decimals allowed), or none when unset. */
int upscli_connect(UPSCONN_t *ups, const char *host, uint16_t port, int flags);

/* Per-host TLS settings (certificate name to expect, verification, whether
 * TLS is mandatory). Applied to later connections to hostname. */
void upscli_add_host_cert(const char *hostname, const char *certname, int certverify, int forcessl);

/* Sends "GET <query...>" and reads one reply, which must repeat the query
 * words (case-insensitively) and add at least one more: for {"VAR", ups, var}
 * the answer is {"VAR", ups, var, value}. *answer points into the connection
 * and stays valid until the next call on it. 0, or -1 (an "ERR <word>" reply
 * sets the matching UPSCLI_ERR_*). */
int upscli_get(UPSCONN_t *ups, size_t numq, const char **query, size_t *numa, char ***answer);

/* Sends "LIST <query...>" and checks the "BEGIN LIST <query...>" reply. */
int upscli_list_start(UPSCONN_t *ups, size_t numq, const char **query);

/* Reads the next list line: 1 with an item in *answer (it starts with the
 * query words), 0 at "END LIST <query...>", -1 on error (an ERR line or a
 * line that does not belong to the list is an error, not an end). */
int upscli_list_next(UPSCONN_t *ups, size_t numq, const char **query, size_t *numa, char ***answer);

/* Sends buflen raw bytes (the caller supplies the "\n"), waiting at most
 * timeout seconds for the socket to take them (0: no waiting, negative: no
 * limit); upscli_sendline waits up to 5 s. Returns 0 or -1. */
ssize_t upscli_sendline_timeout(UPSCONN_t *ups, const char *buf, size_t buflen,
                                const time_t timeout);
ssize_t upscli_sendline(UPSCONN_t *ups, const char *buf, size_t buflen);

/* Reads one line into buf without its "\n", NUL-terminated. A line longer
 * than buflen - 1 is returned in pieces by successive calls; buflen must be
 * at least 2 (UPSCLI_ERR_INVALIDARG otherwise). Waits at most
 * timeout seconds (0: no waiting, negative: no limit); upscli_readline waits
 * up to 5 s. Returns 0 or -1 (a timeout or a closed connection is
 * UPSCLI_ERR_SRVDISC, and the connection is then closed). */
ssize_t upscli_readline_timeout(UPSCONN_t *ups, char *buf, size_t buflen, const time_t timeout);
ssize_t upscli_readline(UPSCONN_t *ups, char *buf, size_t buflen);

/* Splits "ups[@host[:port]]" (host may be an "[IPv6]" literal) into newly
 * allocated *upsname and *hostname (the caller frees them) and *port. The
 * defaults are "localhost" and 3493 (or NUT_PORT). Returns 0, or -1 with a
 * message on stderr and the outputs untouched. */
int upscli_splitname(const char *buf, char **upsname, char **hostname, uint16_t *port);
/* The same for "host[:port]" alone. */
int upscli_splitaddr(const char *buf, char **hostname, uint16_t *port);

/* Sends LOGOUT (without waiting for the answer), closes the socket and frees
 * what upscli_connect allocated. Returns 0, or -1 when ups is NULL. */
int upscli_disconnect(UPSCONN_t *ups);

/* Accessors: the socket (-1 when closed), the last UPSCLI_ERR_*, and whether
 * TLS is active (1) or not (0). Each returns -1 for a NULL or uninitialised ups. */
int upscli_fd(UPSCONN_t *ups);
int upscli_upserror(UPSCONN_t *ups);
int upscli_ssl(UPSCONN_t *ups);

/* Error numbers (the values are part of the API). The upscli_strerror text
 * of each is shown; "%s" is filled with the system error or a detail. */
#define UPSCLI_ERR_UNKNOWN      0  /* Unknown error */
#define UPSCLI_ERR_VARNOTSUPP   1  /* Variable not supported by UPS */
#define UPSCLI_ERR_NOSUCHHOST   2  /* No such host */
#define UPSCLI_ERR_INVRESP      3  /* Invalid response from server */
#define UPSCLI_ERR_UNKNOWNUPS   4  /* Unknown UPS */
#define UPSCLI_ERR_INVLISTTYPE  5  /* Invalid list type */
#define UPSCLI_ERR_ACCESSDENIED 6  /* Access denied */
#define UPSCLI_ERR_PWDREQUIRED  7  /* Password required */
#define UPSCLI_ERR_PWDINCORRECT 8  /* Password incorrect */
#define UPSCLI_ERR_MISSINGARG   9  /* Missing argument */
#define UPSCLI_ERR_DATASTALE    10 /* Data stale */
#define UPSCLI_ERR_VARUNKNOWN   11 /* Variable unknown */
#define UPSCLI_ERR_LOGINTWICE   12 /* Already logged in */
#define UPSCLI_ERR_PWDSETTWICE  13 /* Already set password */
#define UPSCLI_ERR_UNKNOWNTYPE  14 /* Unknown variable type */
#define UPSCLI_ERR_UNKNOWNVAR   15 /* Unknown variable */
#define UPSCLI_ERR_VARREADONLY  16 /* Read-only variable */
#define UPSCLI_ERR_TOOLONG      17 /* New value is too long */
#define UPSCLI_ERR_INVALIDVALUE 18 /* Invalid value for variable */
#define UPSCLI_ERR_SETFAILED    19 /* Set command failed */
#define UPSCLI_ERR_UNKINSTCMD   20 /* Unknown instant command */
#define UPSCLI_ERR_CMDFAILED    21 /* Instant command failed */
#define UPSCLI_ERR_CMDNOTSUPP   22 /* Instant command not supported */
#define UPSCLI_ERR_INVUSERNAME  23 /* Invalid username */
#define UPSCLI_ERR_USERSETTWICE 24 /* Already set username */
#define UPSCLI_ERR_UNKCOMMAND   25 /* Unknown command */
#define UPSCLI_ERR_INVALIDARG   26 /* Invalid argument */
#define UPSCLI_ERR_SENDFAILURE  27 /* Send failure: %s */
#define UPSCLI_ERR_RECVFAILURE  28 /* Receive failure: %s */
#define UPSCLI_ERR_SOCKFAILURE  29 /* socket failure: %s */
#define UPSCLI_ERR_BINDFAILURE  30 /* bind failure: %s */
#define UPSCLI_ERR_CONNFAILURE  31 /* Connection failure: %s */
#define UPSCLI_ERR_WRITE        32 /* Write error: %s */
#define UPSCLI_ERR_READ         33 /* Read error: %s */
#define UPSCLI_ERR_INVPASSWORD  34 /* Invalid password */
#define UPSCLI_ERR_USERREQUIRED 35 /* Username required */
#define UPSCLI_ERR_SSLFAIL      36 /* SSL is not available */
#define UPSCLI_ERR_SSLERR       37 /* SSL error: %s */
#define UPSCLI_ERR_SRVDISC      38 /* Server disconnected */
#define UPSCLI_ERR_DRVNOTCONN   39 /* Driver not connected */
#define UPSCLI_ERR_NOMEM        40 /* Memory allocation failure */
#define UPSCLI_ERR_PARSE        41 /* Parse error: %s */
#define UPSCLI_ERR_PROTOCOL     42 /* Protocol error */

#define UPSCLI_ERR_MAX 42 /* the highest error number */

/* List types (historical, kept for programs that name them). */
#define UPSCLI_LIST_VARS 1 /* all variables */
#define UPSCLI_LIST_RW   2 /* writable variables */
#define UPSCLI_LIST_CMDS 3 /* instant commands */

/* upscli_connect flags. */
#define UPSCLI_CONN_TRYSSL    0x0001 /* send STARTTLS, go on in clear text if refused */
#define UPSCLI_CONN_REQSSL    0x0002 /* send STARTTLS, fail if refused */
#define UPSCLI_CONN_INET      0x0004 /* IPv4 only */
#define UPSCLI_CONN_INET6     0x0008 /* IPv6 only */
#define UPSCLI_CONN_CERTVERIF 0x0010 /* verify the server certificate */

#ifdef __cplusplus
}
#endif
#endif /* UPSCLIENT_H_SEEN */
