/* upsclient.c: libupsclient's connections: connect (with the STARTTLS probe
 * NUT's clients make), bounded line I/O with timeouts, and the GET / LIST
 * request-reply pairs. Replies are cut into words by common/proto's
 * tokenizer, fed straight from the socket buffer; nothing here splits words.
 *
 * Failure model (NUT's, which its users rely on): a timeout or a closed
 * connection is UPSCLI_ERR_SRVDISC and closes the socket; a later call on
 * the closed connection fails with UPSCLI_ERR_DRVNOTCONN. An "ERR <word>"
 * reply or a reply that does not fit the request keeps the connection open. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ev.h"
#include "net.h"
#include "strutil.h"
#include "upsclient_int.h"

#define UCL_NO_DEADLINE           UINT64_MAX
#define UCL_MAX_CONNECT_TIMEOUT_S 86400.0 /* NUT_DEFAULT_CONNECT_TIMEOUT ceiling */

/* TLS settings of upscli_init / upscli_add_host_cert. The API makes them
 * process-wide, so this is the library's one piece of global state. */
struct ucl_hostcert {
	char *host;
	char *certname;
	int certverify;
	int forcessl;
	struct ucl_hostcert *next;
};

static struct {
	int initialised;
	int certverify;
	char *certpath;
	char *certname;
	char *certpasswd;
	struct ucl_hostcert *hosts;
} ucl_tls;

/* ------------------------------------------------------------ init/cleanup */

static int ucl_dup_opt(char **dst, const char *src)
{
	*dst = NULL;
	if (src == NULL)
		return 0;
	*dst = strdup(src);
	return *dst == NULL ? -1 : 0;
}

int upscli_init(int certverify, const char *certpath, const char *certname, const char *certpasswd)
{
	if (ucl_tls.initialised)
		return -1;
	/* Without a TLS implementation no certificate can be verified: refusing
	 * here is safer than letting a CERTVERIFY setup talk in clear text. */
	if (certverify)
		return -1;
	if (ucl_dup_opt(&ucl_tls.certpath, certpath) < 0 ||
	    ucl_dup_opt(&ucl_tls.certname, certname) < 0 ||
	    ucl_dup_opt(&ucl_tls.certpasswd, certpasswd) < 0) {
		upscli_cleanup();
		return -1;
	}
	ucl_tls.certverify = certverify;
	ucl_tls.initialised = 1;
	return 1;
}

int upscli_cleanup(void)
{
	struct ucl_hostcert *h, *next;

	for (h = ucl_tls.hosts; h != NULL; h = next) {
		next = h->next;
		free(h->host);
		free(h->certname);
		free(h);
	}
	free(ucl_tls.certpath);
	free(ucl_tls.certname);
	if (ucl_tls.certpasswd != NULL)
		explicit_bzero(ucl_tls.certpasswd, strlen(ucl_tls.certpasswd));
	free(ucl_tls.certpasswd);
	memset(&ucl_tls, 0, sizeof(ucl_tls));
	return 1;
}

void upscli_add_host_cert(const char *hostname, const char *certname, int certverify, int forcessl)
{
	struct ucl_hostcert *h;

	if (hostname == NULL)
		return;
	for (h = ucl_tls.hosts; h != NULL; h = h->next)
		if (strcasecmp(h->host, hostname) == 0)
			break;
	if (h == NULL) {
		h = calloc(1, sizeof(*h));
		if (h == NULL)
			return;
		h->host = strdup(hostname);
		if (h->host == NULL) {
			free(h);
			return;
		}
		h->next = ucl_tls.hosts;
		ucl_tls.hosts = h;
	}
	free(h->certname);
	h->certname = certname != NULL ? strdup(certname) : NULL;
	h->certverify = certverify;
	h->forcessl = forcessl;
}

static const struct ucl_hostcert *ucl_hostcert_find(const char *host)
{
	const struct ucl_hostcert *h;

	for (h = ucl_tls.hosts; h != NULL; h = h->next)
		if (strcasecmp(h->host, host) == 0)
			return h;
	return NULL;
}

/* ------------------------------------------------------------ low-level I/O */

static uint64_t ucl_deadline(int timeout_ms)
{
	return timeout_ms < 0 ? UCL_NO_DEADLINE : ev_now_ms() + (uint64_t)timeout_ms;
}

static int ucl_secs_to_ms(time_t s)
{
	if (s < 0)
		return -1;
	return s > INT_MAX / 1000 ? INT_MAX : (int)s * 1000;
}

/* Waits for events on fd until deadline: 1 ready, 0 timed out, -1 (errno). */
static int ucl_wait(int fd, short events, uint64_t deadline)
{
	struct pollfd pfd;
	int rc, wait_ms;

	for (;;) {
		if (deadline == UCL_NO_DEADLINE) {
			wait_ms = -1;
		} else {
			uint64_t now = ev_now_ms();

			wait_ms = now >= deadline
			              ? 0
			              : (int)(deadline - now > INT_MAX ? INT_MAX : deadline - now);
		}
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		rc = poll(&pfd, 1, wait_ms);
		if (rc > 0)
			return 1;
		if (rc == 0)
			return 0;
		if (errno != EINTR)
			return -1;
	}
}

/* The socket is unusable after a transport error: close it, keep the rest of
 * the structure so that the error can still be read. */
static void ucl_close_fd(UPSCONN_t *ups)
{
	if (ups->fd >= 0) {
		close(ups->fd);
		ups->fd = -1;
	}
}

static int ucl_io_fail(UPSCONN_t *ups, int code, int syserr)
{
	ucl_close_fd(ups);
	return ucl_fail(ups, code, syserr);
}

/* Makes sure unread bytes wait in the read buffer. 0, or -1 (closed). */
static int ucl_fill(UPSCONN_t *ups, uint64_t deadline)
{
	struct upscli_conn_priv *p = ups->priv;
	ssize_t n;
	int w;

	if (p->roff < p->rlen)
		return 0;
	p->roff = p->rlen = 0;
	for (;;) {
		n = recv(ups->fd, p->rbuf, sizeof(p->rbuf), MSG_DONTWAIT);
		if (n > 0) {
			p->rlen = (size_t)n;
			return 0;
		}
		if (n == 0)
			return ucl_io_fail(ups, UPSCLI_ERR_SRVDISC, 0);
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return ucl_io_fail(ups, UPSCLI_ERR_READ, errno);
		w = ucl_wait(ups->fd, POLLIN, deadline);
		/* A silent server counts as gone, as in NUT's library. */
		if (w == 0)
			return ucl_io_fail(ups, UPSCLI_ERR_SRVDISC, ETIMEDOUT);
		if (w < 0)
			return ucl_io_fail(ups, UPSCLI_ERR_READ, errno);
	}
}

static int ucl_send_all(UPSCONN_t *ups, const char *data, size_t len, uint64_t deadline)
{
	ssize_t n;
	int w;

	while (len > 0) {
		n = send(ups->fd, data, len, MSG_NOSIGNAL | MSG_DONTWAIT);
		if (n > 0) {
			data += n;
			len -= (size_t)n;
			continue;
		}
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)
			return ucl_io_fail(ups, UPSCLI_ERR_WRITE, errno);
		w = ucl_wait(ups->fd, POLLOUT, deadline);
		if (w == 0)
			return ucl_io_fail(ups, UPSCLI_ERR_WRITE, ETIMEDOUT);
		if (w < 0)
			return ucl_io_fail(ups, UPSCLI_ERR_WRITE, errno);
	}
	return 0;
}

/* Reads until the tokenizer has a whole line in priv->tok. 0, or -1. */
static int ucl_read_words(UPSCONN_t *ups, uint64_t deadline)
{
	struct upscli_conn_priv *p = ups->priv;
	enum proto_result r;
	size_t used;

	for (;;) {
		if (ucl_fill(ups, deadline) < 0)
			return -1;
		r = proto_feed(&p->tok, p->rbuf + p->roff, p->rlen - p->roff, &used);
		p->roff += used;
		if (r == PROTO_LINE)
			return 0;
		if (r != PROTO_MORE)
			/* The tokenizer drops the rest of the bad line by itself, so the
			 * next reply is read in step: the connection stays usable. */
			return ucl_fail_detail(ups, UPSCLI_ERR_PARSE, proto_strerror(r));
	}
}

/* Is the connection usable for a request? 0, or -1 with the error set. */
static int ucl_ready(UPSCONN_t *ups)
{
	if (!ucl_valid(ups))
		return -1;
	if (ups->fd < 0 || ups->priv == NULL)
		return ucl_fail(ups, UPSCLI_ERR_DRVNOTCONN, 0);
	return 0;
}

/* ------------------------------------------------------------ requests */

/* Words that the server's tokenizer would not read back as one plain word
 * are sent quoted. */
static int ucl_needs_quotes(const char *s)
{
	return *s == '\0' || *s == '#' || strpbrk(s, " \t\"\\") != NULL;
}

int ucl_build(char *out, size_t outlen, const char *verb, size_t numq, const char **query)
{
	size_t len, i;
	int n;

	if (str_copy(out, outlen, verb) < 0)
		return -1;
	len = strlen(out);
	for (i = 0; i < numq; i++) {
		const char *w = query[i];

		if (w == NULL || strpbrk(w, "\r\n") != NULL)
			return -1; /* a line break cannot travel inside a word */
		if (len + 2 >= outlen)
			return -1;
		out[len++] = ' ';
		if (!ucl_needs_quotes(w)) {
			if (str_copy(out + len, outlen - len, w) < 0)
				return -1;
			len += strlen(w);
			continue;
		}
		out[len++] = '"';
		n = proto_escape(out + len, outlen - len, w);
		if (n < 0)
			return -1;
		len += (size_t)n;
		if (len + 2 >= outlen)
			return -1;
		out[len++] = '"';
	}
	if (len + 2 > outlen)
		return -1;
	out[len++] = '\n';
	out[len] = '\0';
	return (int)len;
}

static int ucl_request(UPSCONN_t *ups, const char *verb, size_t numq, const char **query,
                       uint64_t deadline)
{
	char line[PROTO_MAX_LINE + 2];
	int len;

	if (numq == 0 || query == NULL)
		return ucl_fail(ups, UPSCLI_ERR_INVALIDARG, 0);
	len = ucl_build(line, sizeof(line), verb, numq, query);
	if (len < 0)
		return ucl_fail(ups, UPSCLI_ERR_INVALIDARG, 0);
	return ucl_send_all(ups, line, (size_t)len, deadline);
}

/* An "ERR <word>" reply: records its error and returns 1; else 0. */
static int ucl_is_err(UPSCONN_t *ups)
{
	const struct proto_tok *t = &ups->priv->tok;

	if (strcasecmp(t->argv[0], "ERR") != 0)
		return 0;
	ucl_fail(ups, ucl_err_from_word(t->argc > 1 ? t->argv[1] : NULL), 0);
	return 1;
}

/* Do words [first, first + numq) of the current line repeat the query? */
static int ucl_matches(const struct proto_tok *t, int first, size_t numq, const char **query)
{
	size_t i;

	if ((size_t)t->argc < (size_t)first + numq)
		return 0;
	for (i = 0; i < numq; i++)
		if (strcasecmp(t->argv[(size_t)first + i], query[i]) != 0)
			return 0;
	return 1;
}

int upscli_get(UPSCONN_t *ups, size_t numq, const char **query, size_t *numa, char ***answer)
{
	uint64_t deadline = ucl_deadline(UCL_TIMEOUT_S * 1000);
	struct proto_tok *t;

	if (ucl_ready(ups) < 0)
		return -1;
	if (numa == NULL || answer == NULL)
		return ucl_fail(ups, UPSCLI_ERR_INVALIDARG, 0);
	if (ucl_request(ups, "GET", numq, query, deadline) < 0 || ucl_read_words(ups, deadline) < 0)
		return -1;
	if (ucl_is_err(ups))
		return -1;
	t = &ups->priv->tok;
	/* The answer repeats the query and adds the value: no value, no answer. */
	if (!ucl_matches(t, 0, numq, query) || (size_t)t->argc <= numq)
		return ucl_fail(ups, UPSCLI_ERR_PROTOCOL, 0);
	*numa = (size_t)t->argc;
	*answer = t->argv;
	return 0;
}

int upscli_list_start(UPSCONN_t *ups, size_t numq, const char **query)
{
	uint64_t deadline = ucl_deadline(UCL_TIMEOUT_S * 1000);
	struct proto_tok *t;

	if (ucl_ready(ups) < 0)
		return -1;
	if (ucl_request(ups, "LIST", numq, query, deadline) < 0 ||
	    ucl_read_words(ups, deadline) < 0)
		return -1;
	if (ucl_is_err(ups))
		return -1;
	t = &ups->priv->tok;
	if (t->argc < 2 || strcasecmp(t->argv[0], "BEGIN") != 0 ||
	    strcasecmp(t->argv[1], "LIST") != 0 || !ucl_matches(t, 2, numq, query))
		return ucl_fail(ups, UPSCLI_ERR_PROTOCOL, 0);
	return 0;
}

int upscli_list_next(UPSCONN_t *ups, size_t numq, const char **query, size_t *numa, char ***answer)
{
	struct proto_tok *t;

	if (ucl_ready(ups) < 0)
		return -1;
	if (numq == 0 || query == NULL || numa == NULL || answer == NULL)
		return ucl_fail(ups, UPSCLI_ERR_INVALIDARG, 0);
	if (ucl_read_words(ups, ucl_deadline(UCL_TIMEOUT_S * 1000)) < 0)
		return -1;
	/* Unlike NUT's library, an ERR or a foreign line inside a list is an
	 * error: taking it for the end would pass a cut list off as whole. */
	if (ucl_is_err(ups))
		return -1;
	t = &ups->priv->tok;
	if (t->argc >= 2 && strcasecmp(t->argv[0], "END") == 0 &&
	    strcasecmp(t->argv[1], "LIST") == 0) {
		if (!ucl_matches(t, 2, numq, query))
			return ucl_fail(ups, UPSCLI_ERR_PROTOCOL, 0);
		return 0;
	}
	if (!ucl_matches(t, 0, numq, query) || (size_t)t->argc <= numq)
		return ucl_fail(ups, UPSCLI_ERR_PROTOCOL, 0);
	*numa = (size_t)t->argc;
	*answer = t->argv;
	return 1;
}

int ucl_command(UPSCONN_t *ups, const char *verb, size_t numq, const char **query, size_t *numa,
                char ***answer)
{
	uint64_t deadline = ucl_deadline(UCL_TIMEOUT_S * 1000);

	if (ucl_ready(ups) < 0)
		return -1;
	if (ucl_request(ups, verb, numq, query, deadline) < 0 || ucl_read_words(ups, deadline) < 0)
		return -1;
	if (ups->priv->tok.argc < 1)
		return ucl_fail(ups, UPSCLI_ERR_PROTOCOL, 0);
	(void)ucl_is_err(ups); /* records the error; the caller reads the words */
	*numa = (size_t)ups->priv->tok.argc;
	*answer = ups->priv->tok.argv;
	return 0;
}

ssize_t upscli_sendline_timeout(UPSCONN_t *ups, const char *buf, size_t buflen,
                                const time_t timeout)
{
	if (ucl_ready(ups) < 0)
		return -1;
	if (buf == NULL && buflen > 0)
		return ucl_fail(ups, UPSCLI_ERR_INVALIDARG, 0);
	if (ucl_send_all(ups, buf, buflen, ucl_deadline(ucl_secs_to_ms(timeout))) < 0)
		return -1;
	return 0;
}

ssize_t upscli_sendline(UPSCONN_t *ups, const char *buf, size_t buflen)
{
	return upscli_sendline_timeout(ups, buf, buflen, UCL_TIMEOUT_S);
}

ssize_t upscli_readline_timeout(UPSCONN_t *ups, char *buf, size_t buflen, const time_t timeout)
{
	uint64_t deadline = ucl_deadline(ucl_secs_to_ms(timeout));
	struct upscli_conn_priv *p;
	size_t n = 0;

	if (ucl_ready(ups) < 0)
		return -1;
	/* A piece needs room for one byte and the NUL: with buflen 1 the loop
	 * below would write past the end (found by tests/fuzz/fuzz_upsclient). */
	if (buf == NULL || buflen < 2)
		return ucl_fail(ups, UPSCLI_ERR_INVALIDARG, 0);
	p = ups->priv;
	for (;;) {
		if (ucl_fill(ups, deadline) < 0)
			return -1;
		while (p->roff < p->rlen) {
			char c = p->rbuf[p->roff++];

			if (c == '\n') {
				buf[n] = '\0';
				return 0;
			}
			buf[n++] = c;
			/* Full: hand this piece over, the rest of the line comes next call. */
			if (n == buflen - 1) {
				buf[n] = '\0';
				return 0;
			}
		}
	}
}

ssize_t upscli_readline(UPSCONN_t *ups, char *buf, size_t buflen)
{
	return upscli_readline_timeout(ups, buf, buflen, UCL_TIMEOUT_S);
}

/* ------------------------------------------------------------ connect */

static void ucl_release(UPSCONN_t *ups)
{
	ucl_close_fd(ups);
	if (ups->priv != NULL) {
		proto_tok_free(&ups->priv->tok);
		free(ups->priv);
		ups->priv = NULL;
	}
	free(ups->host);
	ups->host = NULL;
}

enum ucl_tls_result { TLS_OK, TLS_FAILED, TLS_RETRY_PLAIN };

/* The STARTTLS probe. This build has no TLS session code yet (a later
 * milestone); ups->ssl is where the session will live. A server that
 * refuses is fine with TRYSSL; one that accepts would expect a handshake we
 * cannot make, so TRYSSL reconnects in clear text without asking. */
static enum ucl_tls_result ucl_starttls(UPSCONN_t *ups, int flags)
{
	uint64_t deadline = ucl_deadline(UCL_TIMEOUT_S * 1000);
	static const char cmd[] = "STARTTLS\n";
	struct proto_tok *t = &ups->priv->tok;
	int required = (flags & UPSCLI_CONN_REQSSL) != 0;

	if (ucl_send_all(ups, cmd, sizeof(cmd) - 1, deadline) < 0 ||
	    ucl_read_words(ups, deadline) < 0)
		return TLS_FAILED;
	if (t->argc >= 2 && strcasecmp(t->argv[0], "OK") == 0 &&
	    strcasecmp(t->argv[1], "STARTTLS") == 0) {
		if (required) {
			ucl_fail(ups, UPSCLI_ERR_SSLFAIL, 0);
			return TLS_FAILED;
		}
		return TLS_RETRY_PLAIN;
	}
	if (strcasecmp(t->argv[0], "ERR") == 0) {
		if (!required)
			return TLS_OK;
		ucl_fail(ups, UPSCLI_ERR_SSLFAIL, 0);
		return TLS_FAILED;
	}
	ucl_fail(ups, required ? UPSCLI_ERR_SSLFAIL : UPSCLI_ERR_PROTOCOL, 0);
	return TLS_FAILED;
}

static int ucl_open(UPSCONN_t *ups, const char *host, uint16_t port, int flags, int timeout_ms)
{
	char portstr[8], err[256];
	int family = AF_UNSPEC, e;

	ups->priv = calloc(1, sizeof(*ups->priv));
	ups->host = strdup(host);
	if (ups->priv == NULL || ups->host == NULL ||
	    proto_tok_init(&ups->priv->tok, 0, PROTO_MAX_LINE, PROTO_MAX_ARGS) < 0) {
		free(ups->priv);
		ups->priv = NULL;
		ucl_release(ups);
		return ucl_fail(ups, UPSCLI_ERR_NOMEM, 0);
	}
	if ((flags & (UPSCLI_CONN_INET | UPSCLI_CONN_INET6)) == UPSCLI_CONN_INET)
		family = AF_INET;
	else if ((flags & (UPSCLI_CONN_INET | UPSCLI_CONN_INET6)) == UPSCLI_CONN_INET6)
		family = AF_INET6;
	(void)str_fmt(portstr, sizeof(portstr), "%u", (unsigned)port);
	ups->fd = net_connect_tcp(host, portstr, family, timeout_ms, err, sizeof(err));
	if (ups->fd < 0) {
		e = errno;
		ucl_release(ups);
		/* net_connect_tcp reports a name that does not resolve as ENXIO. */
		return ucl_fail(ups, e == ENXIO ? UPSCLI_ERR_NOSUCHHOST : UPSCLI_ERR_CONNFAILURE,
		                e);
	}
	return 0;
}

int upscli_tryconnect(UPSCONN_t *ups, const char *host, uint16_t port, int flags,
                      struct timeval *tv)
{
	const struct ucl_hostcert *hc;
	int timeout_ms = 0, attempt;

	if (ups == NULL)
		return -1;
	memset(ups, 0, sizeof(*ups));
	ups->fd = -1;
	ups->upsclient_magic = UCL_MAGIC;
	if (host == NULL || *host == '\0')
		return ucl_fail(ups, UPSCLI_ERR_NOSUCHHOST, 0);
	if (tv != NULL && (tv->tv_sec > 0 || tv->tv_usec > 0)) {
		long long ms = (long long)tv->tv_sec * 1000 + (tv->tv_usec + 999) / 1000;

		timeout_ms = ms > INT_MAX ? INT_MAX : (int)ms;
	}
	hc = ucl_hostcert_find(host);
	if (hc != NULL && hc->forcessl)
		flags |= UPSCLI_CONN_REQSSL;
	if (hc != NULL && hc->certverify)
		flags |= UPSCLI_CONN_CERTVERIF;
	for (attempt = 0; attempt < 2; attempt++) {
		enum ucl_tls_result r;

		if (ucl_open(ups, host, port, flags, timeout_ms) < 0)
			return -1;
		ups->port = port;
		ups->flags = flags;
		if (!(flags & (UPSCLI_CONN_TRYSSL | UPSCLI_CONN_REQSSL)))
			return 0;
		r = ucl_starttls(ups, flags);
		if (r == TLS_OK)
			return 0;
		ucl_release(ups);
		if (r == TLS_FAILED)
			return -1;
		flags &= ~(UPSCLI_CONN_TRYSSL | UPSCLI_CONN_CERTVERIF);
	}
	return ucl_fail(ups, UPSCLI_ERR_SSLFAIL, 0);
}

int ucl_env_timeout(struct timeval *tv)
{
	const char *v = getenv("NUT_DEFAULT_CONNECT_TIMEOUT");
	char *end;
	double s;

	if (v == NULL || *v == '\0')
		return 0;
	errno = 0;
	s = strtod(v, &end);
	if (errno != 0 || *end != '\0' || !isfinite(s) || s <= 0 || s > UCL_MAX_CONNECT_TIMEOUT_S) {
		fprintf(stderr,
		        "upscli_connect: ignoring invalid NUT_DEFAULT_CONNECT_TIMEOUT '%s'\n", v);
		return -1;
	}
	tv->tv_sec = (time_t)s;
	tv->tv_usec = (suseconds_t)((s - (double)tv->tv_sec) * 1e6);
	if (tv->tv_sec == 0 && tv->tv_usec == 0)
		tv->tv_usec = 1;
	return 1;
}

int upscli_connect(UPSCONN_t *ups, const char *host, uint16_t port, int flags)
{
	struct timeval tv;

	return upscli_tryconnect(ups, host, port, flags, ucl_env_timeout(&tv) > 0 ? &tv : NULL);
}

int upscli_disconnect(UPSCONN_t *ups)
{
	static const char bye[] = "LOGOUT\n";

	if (!ucl_valid(ups))
		return -1;
	if (ups->fd >= 0) {
		/* Polite, not awaited: the answer ("OK Goodbye") changes nothing. */
		(void)send(ups->fd, bye, sizeof(bye) - 1, MSG_NOSIGNAL | MSG_DONTWAIT);
		(void)shutdown(ups->fd, SHUT_RDWR);
	}
	ucl_release(ups);
	return 0;
}

int upscli_fd(UPSCONN_t *ups)
{
	return ucl_valid(ups) ? ups->fd : -1;
}

int upscli_upserror(UPSCONN_t *ups)
{
	return ucl_valid(ups) ? ups->upserror : -1;
}

int upscli_ssl(UPSCONN_t *ups)
{
	return ucl_valid(ups) ? ups->ssl != NULL : -1;
}
