/* fuzz_upsclient: libupsclient's reply handling against arbitrary server
 * bytes. A real loopback TCP connection made with upscli_connect() is fed
 * the input as everything "the server" says, then closed; the library is
 * driven through a sequence of calls (GET, LIST start/next, readline, the
 * ucl_command our upscmd/upsrw use) drawn from the input's first byte until
 * the connection is gone. Invariants checked:
 * - results are -1, 0 (or 1 from upscli_list_next) and nothing else;
 * - a failed call leaves an error number in 0..UPSCLI_ERR_MAX whose
 *   upscli_strerror() text is non-empty and fits UPSCLI_ERRBUF_LEN;
 * - an answer repeats the query (case-insensitively) and adds at least one
 *   word; no answer word holds a line break;
 * - upscli_readline gives a NUL-terminated piece shorter than the buffer,
 *   without the line break;
 * - what the library sent the server is whole lines, each one of the
 *   commands asked for (or the LOGOUT of upscli_disconnect);
 * - nothing leaks and the descriptor is released by upscli_disconnect.
 * Input: byte 0 = seed of the call sequence, byte 1 = readline buffer size,
 * the rest = the server's bytes. */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "fuzz.h"
#include "upsclient_int.h"

#define FZ_MAX_INPUT 16384 /* below a loopback socket's buffer: written at once */
#define FZ_MAX_CALLS 64

static int fz_listener = -1;
static uint16_t fz_port;

static void fz_setup(void)
{
	struct sockaddr_in sa;
	socklen_t len = sizeof(sa);

	fz_listener = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	FUZZ_CHECK(fz_listener >= 0);
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	FUZZ_CHECK(bind(fz_listener, (struct sockaddr *)&sa, sizeof(sa)) == 0);
	FUZZ_CHECK(listen(fz_listener, 4) == 0);
	FUZZ_CHECK(getsockname(fz_listener, (struct sockaddr *)&sa, &len) == 0);
	fz_port = ntohs(sa.sin_port);
}

static void fz_check_error(UPSCONN_t *ups)
{
	int e = upscli_upserror(ups);
	const char *s;

	FUZZ_CHECK(e >= 0 && e <= UPSCLI_ERR_MAX);
	s = upscli_strerror(ups);
	FUZZ_CHECK(s != NULL && *s != '\0');
	FUZZ_CHECK(strlen(s) < UPSCLI_ERRBUF_LEN);
}

static void fz_check_answer(size_t numq, const char **query, size_t numa, char **answer)
{
	size_t i;

	FUZZ_CHECK(numa > numq);
	for (i = 0; i < numa; i++)
		FUZZ_CHECK(answer[i] != NULL && strpbrk(answer[i], "\r\n") == NULL);
	for (i = 0; i < numq; i++)
		FUZZ_CHECK(strcasecmp(answer[i], query[i]) == 0);
}

static void fz_get(UPSCONN_t *ups, size_t numq, const char **query)
{
	size_t numa = 0;
	char **answer = NULL;
	int rc = upscli_get(ups, numq, query, &numa, &answer);

	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc == 0)
		fz_check_answer(numq, query, numa, answer);
	else
		fz_check_error(ups);
}

static void fz_list(UPSCONN_t *ups, size_t numq, const char **query)
{
	size_t numa, n = 0;
	char **answer;
	int rc = upscli_list_start(ups, numq, query);

	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		fz_check_error(ups);
		return;
	}
	for (;;) {
		numa = 0;
		answer = NULL;
		rc = upscli_list_next(ups, numq, query, &numa, &answer);
		FUZZ_CHECK(rc == -1 || rc == 0 || rc == 1);
		if (rc < 0) {
			fz_check_error(ups);
			return;
		}
		if (rc == 0)
			return;
		fz_check_answer(numq, query, numa, answer);
		FUZZ_CHECK(++n <= FZ_MAX_INPUT); /* a list cannot outgrow its bytes */
	}
}

/* The buffer is allocated at its exact size, so ASan sees a write past it. */
static void fz_readline(UPSCONN_t *ups, size_t buflen)
{
	char *buf = malloc(buflen);
	ssize_t rc;

	FUZZ_CHECK(buf != NULL);
	memset(buf, 'x', buflen);
	rc = upscli_readline(ups, buf, buflen);
	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		fz_check_error(ups);
		if (buflen < 2) /* no room for a byte and the NUL */
			FUZZ_CHECK(upscli_upserror(ups) == UPSCLI_ERR_INVALIDARG ||
			           upscli_fd(ups) < 0);
	} else {
		FUZZ_CHECK(memchr(buf, '\0', buflen) != NULL);
		FUZZ_CHECK(strchr(buf, '\n') == NULL);
	}
	free(buf);
}

static void fz_command(UPSCONN_t *ups)
{
	const char *q[] = {"ups", "load.off"};
	size_t numa = 0;
	char **answer = NULL;
	int rc = ucl_command(ups, "INSTCMD", 2, q, &numa, &answer);

	FUZZ_CHECK(rc == 0 || rc == -1);
	if (rc < 0) {
		fz_check_error(ups);
		return;
	}
	FUZZ_CHECK(numa >= 1 && answer != NULL);
	FUZZ_CHECK(strpbrk(answer[0], "\r\n") == NULL);
	/* An "ERR <word>" answer sets that word's error number. */
	if (strcasecmp(answer[0], "ERR") == 0)
		FUZZ_CHECK(upscli_upserror(ups) == ucl_err_from_word(numa > 1 ? answer[1] : NULL));
}

static void fz_call(UPSCONN_t *ups, unsigned op, size_t buflen)
{
	static const char *get_var[] = {"VAR", "ups", "ups.status"};
	static const char *get_type[] = {"TYPE", "ups", "input.transfer.low"};
	static const char *get_numlogins[] = {"NUMLOGINS", "ups"};
	static const char *get_upsdesc[] = {"UPSDESC", "ups"};
	static const char *list_var[] = {"VAR", "ups"};
	static const char *list_ups[] = {"UPS"};
	static const char *list_enum[] = {"ENUM", "ups", "input.transfer.low"};
	static const char *list_cmd[] = {"CMD", "ups"};

	switch (op % 10) {
	case 0:
		fz_get(ups, 3, get_var);
		break;
	case 1:
		fz_get(ups, 3, get_type);
		break;
	case 2:
		fz_get(ups, 2, get_numlogins);
		break;
	case 3:
		fz_get(ups, 2, get_upsdesc);
		break;
	case 4:
		fz_list(ups, 2, list_var);
		break;
	case 5:
		fz_list(ups, 1, list_ups);
		break;
	case 6:
		fz_list(ups, 3, list_enum);
		break;
	case 7:
		fz_list(ups, 2, list_cmd);
		break;
	case 8:
		fz_readline(ups, buflen);
		break;
	default:
		fz_command(ups);
		break;
	}
}

/* Everything the library sent: whole lines, each a request it was asked to make. */
static void fz_check_sent(int sfd)
{
	static char sent[65536];
	size_t len = 0;
	ssize_t n;
	char *p, *eol;

	while (len < sizeof(sent) - 1 && (n = read(sfd, sent + len, sizeof(sent) - 1 - len)) > 0)
		len += (size_t)n;
	FUZZ_CHECK(len < sizeof(sent) - 1);
	sent[len] = '\0';
	FUZZ_CHECK(strlen(sent) == len);
	for (p = sent; *p != '\0'; p = eol + 1) {
		eol = strchr(p, '\n');
		FUZZ_CHECK(eol != NULL);
		*eol = '\0';
		FUZZ_CHECK(strncmp(p, "GET ", 4) == 0 || strncmp(p, "LIST ", 5) == 0 ||
		           strcmp(p, "INSTCMD ups load.off") == 0 || strcmp(p, "LOGOUT") == 0);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	UPSCONN_t ups;
	unsigned seed;
	size_t buflen, off, calls;
	ssize_t n;
	int sfd;

	if (size < 2 || size > FZ_MAX_INPUT)
		return 0;
	if (fz_listener < 0)
		fz_setup();
	seed = data[0];
	buflen = 1 + data[1];

	FUZZ_CHECK(upscli_connect(&ups, "127.0.0.1", fz_port, UPSCLI_CONN_INET) == 0);
	do
		sfd = accept(fz_listener, NULL, NULL);
	while (sfd < 0 && errno == EINTR);
	FUZZ_CHECK(sfd >= 0);
	for (off = 2; off < size; off += (size_t)n) {
		n = write(sfd, data + off, size - off);
		FUZZ_CHECK(n > 0);
	}
	FUZZ_CHECK(shutdown(sfd, SHUT_WR) == 0);

	for (calls = 0; calls < FZ_MAX_CALLS && upscli_fd(&ups) >= 0; calls++) {
		seed = seed * 1103515245u + 12345u;
		fz_call(&ups, (seed >> 16) & 0xff, buflen);
	}
	/* Every call after the server closed fails cleanly too. */
	fz_call(&ups, seed >> 8, buflen);

	FUZZ_CHECK(upscli_disconnect(&ups) == 0);
	FUZZ_CHECK(ups.fd < 0 && ups.priv == NULL);
	fz_check_sent(sfd);
	close(sfd);
	return 0;
}
