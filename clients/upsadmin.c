/* upsadmin: see upsadmin.h. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "strutil.h"
#include "upsadmin.h"
#include "upsclient_int.h"

#define ADM_LINE_MAX    512 /* an answer typed at a prompt */
#define ADM_POLL_MS     250 /* GET TRACKING interval while waiting */
#define ADM_REPLY_WORDS 8   /* words of a reply worth repeating in a message */

void adm_close(struct adm *a)
{
	if (a->connected)
		(void)upscli_disconnect(&a->conn);
	a->connected = 0;
	free(a->upsname);
	free(a->host);
	a->upsname = a->host = NULL;
}

void adm_fail(struct adm *a)
{
	fprintf(stderr, "Error: %s\n", upscli_strerror(&a->conn));
	adm_close(a);
	exit(EXIT_FAILURE);
}

void adm_connect(struct adm *a, const char *target)
{
	memset(a, 0, sizeof(*a));
	if (upscli_splitname(target, &a->upsname, &a->host, &a->port) < 0)
		exit(EXIT_FAILURE); /* upscli_splitname said why */
	if (upscli_connect(&a->conn, a->host, a->port, UPSCLI_CONN_TRYSSL) < 0)
		adm_fail(a);
	a->connected = 1;
}

char **adm_list_names(struct adm *a, const char *what, size_t *n)
{
	const char *q[2] = {what, a->upsname};
	size_t numa;
	char **answer, **names = NULL;
	int rc;

	*n = 0;
	if (upscli_list_start(&a->conn, 2, q) < 0)
		adm_fail(a);
	while ((rc = upscli_list_next(&a->conn, 2, q, &numa, &answer)) == 1) {
		char **more = realloc(names, (*n + 1) * sizeof(*names));

		if (more == NULL || (more[*n] = strdup(answer[2])) == NULL) {
			fprintf(stderr, "Error: out of memory\n");
			exit(EXIT_FAILURE);
		}
		names = more;
		(*n)++;
	}
	if (rc < 0)
		adm_fail(a);
	return names;
}

unsigned adm_parse_timeout(const char *arg)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (errno == 0 && (end == arg || *end != '\0' || arg[0] == '-'))
		errno = EINVAL;
	if (errno == 0 && v > UINT_MAX)
		errno = ERANGE;
	if (errno != 0) {
		fprintf(stderr,
		        "Could not convert the provided value for timeout ('-t' option) to "
		        "unsigned int: %s\n",
		        strerror(errno));
		exit(EXIT_FAILURE);
	}
	return (unsigned)v;
}

static void adm_stdin_failed(void)
{
	fprintf(stderr, "Error reading from stdin!\n");
	exit(EXIT_FAILURE);
}

/* One line from f without its newline; NULL at end of input. */
static char *adm_read_line(FILE *f, char *buf, size_t len)
{
	if (fgets(buf, (int)len, f) == NULL)
		return NULL;
	buf[strcspn(buf, "\r\n")] = '\0';
	return buf;
}

const char *adm_ask(const char *prompt)
{
	static char line[ADM_LINE_MAX];

	fputs(prompt, stdout);
	fflush(stdout);
	if (adm_read_line(stdin, line, sizeof(line)) == NULL)
		adm_stdin_failed();
	return line;
}

/* While echo is off: the terminal's settings, so that a signal that ends
 * the program (Ctrl-C at the prompt) puts them back first. */
static struct termios adm_tty_saved;
static int adm_tty_fd = -1;
static const int adm_tty_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT};

static void adm_tty_restore_and_die(int sig)
{
	if (adm_tty_fd >= 0)
		(void)tcsetattr(adm_tty_fd, TCSAFLUSH, &adm_tty_saved);
	(void)signal(sig, SIG_DFL);
	(void)raise(sig);
}

static void adm_tty_guard(int on, struct sigaction *old)
{
	struct sigaction sa;
	size_t i;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = adm_tty_restore_and_die;
	(void)sigemptyset(&sa.sa_mask);
	for (i = 0; i < sizeof(adm_tty_signals) / sizeof(adm_tty_signals[0]); i++) {
		if (on)
			(void)sigaction(adm_tty_signals[i], &sa, &old[i]);
		else
			(void)sigaction(adm_tty_signals[i], &old[i], NULL);
	}
}

/* The password: from the terminal with echo off, else from stdin with the
 * prompt on stderr (as getpass() does when there is no terminal). */
static const char *adm_ask_password(void)
{
	static char line[ADM_LINE_MAX];
	struct sigaction old_sa[sizeof(adm_tty_signals) / sizeof(adm_tty_signals[0])];
	struct termios old, quiet;
	FILE *tty = fopen("/dev/tty", "r+");
	char *got;

	if (tty == NULL || tcgetattr(fileno(tty), &old) < 0) {
		if (tty != NULL)
			fclose(tty);
		fputs("Password: ", stderr);
		fflush(stderr);
		if (adm_read_line(stdin, line, sizeof(line)) == NULL)
			adm_stdin_failed();
		return line;
	}
	fputs("Password: ", tty);
	fflush(tty);
	quiet = old;
	quiet.c_lflag &= ~(tcflag_t)ECHO;
	adm_tty_saved = old;
	adm_tty_fd = fileno(tty);
	adm_tty_guard(1, old_sa);
	(void)tcsetattr(fileno(tty), TCSAFLUSH, &quiet);
	got = adm_read_line(tty, line, sizeof(line));
	(void)tcsetattr(fileno(tty), TCSAFLUSH, &old);
	adm_tty_guard(0, old_sa);
	adm_tty_fd = -1;
	fputs("\n", tty);
	fclose(tty);
	if (got == NULL)
		adm_stdin_failed();
	return line;
}

static const char *adm_login_name(void)
{
	struct passwd *pw = getpwuid(geteuid());

	return pw != NULL ? pw->pw_name : "root";
}

/* Prints "Unexpected response from upsd: <the reply's words>" and exits 1. */
static void adm_unexpected(struct adm *a, size_t n, char **words)
{
	size_t i;

	fputs("Unexpected response from upsd:", stderr);
	for (i = 0; i < n && i < ADM_REPLY_WORDS; i++)
		fprintf(stderr, " %s", words[i]);
	fputs("\n", stderr);
	adm_close(a);
	exit(EXIT_FAILURE);
}

/* Sends one request and insists on an answer starting with "OK". */
static void adm_expect_ok(struct adm *a, const char *verb, size_t n, const char **words,
                          size_t *numa, char ***answer)
{
	if (ucl_command(&a->conn, verb, n, words, numa, answer) < 0)
		adm_fail(a);
	if (strcasecmp((*answer)[0], "OK") != 0)
		adm_unexpected(a, *numa, *answer);
}

void adm_login(struct adm *a, const char *user, const char *pass)
{
	char prompt[128];
	size_t numa;
	char **answer;

	if (user == NULL) {
		const char *def = adm_login_name();

		(void)str_fmt(prompt, sizeof(prompt), "Username (%s): ", def);
		user = adm_ask(prompt);
		if (*user == '\0')
			user = def;
	}
	adm_expect_ok(a, "USERNAME", 1, &user, &numa, &answer);
	if (pass == NULL)
		pass = adm_ask_password();
	adm_expect_ok(a, "PASSWORD", 1, &pass, &numa, &answer);
}

static void adm_sleep_ms(unsigned ms)
{
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static double adm_now_s(void)
{
	struct timespec ts;

	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Polls GET TRACKING id until it is no longer PENDING or wait_s pass. */
static int adm_wait(struct adm *a, const char *id, long wait_s)
{
	const char *q[2] = {"TRACKING", id};
	double deadline = adm_now_s() + (double)wait_s;
	size_t numa, i;
	char **answer;

	for (;;) {
		if (ucl_command(&a->conn, "GET", 2, q, &numa, &answer) < 0)
			adm_fail(a);
		if (strcasecmp(answer[0], "PENDING") != 0)
			break;
		if (adm_now_s() >= deadline) {
			fprintf(stderr, "Can't receive status tracking information: timeout\n");
			return EXIT_FAILURE;
		}
		adm_sleep_ms(ADM_POLL_MS);
	}
	/* SUCCESS, or ERR <word>: shown as it came. NUT's tools exit 0 for
	 * every result the driver gave, and so do these. */
	for (i = 0; i < numa && i < ADM_REPLY_WORDS; i++)
		fprintf(stderr, "%s%s", i > 0 ? " " : "", answer[i]);
	fputs("\n", stderr);
	return EXIT_SUCCESS;
}

int adm_request(struct adm *a, const char *verb, int nwords, const char **words, long wait_s)
{
	static const char *const on[2] = {"TRACKING", "ON"};
	char id[64];
	size_t numa;
	char **answer;

	if (wait_s >= 0)
		adm_expect_ok(a, "SET", 2, (const char **)on, &numa, &answer);
	adm_expect_ok(a, verb, (size_t)nwords, words, &numa, &answer);
	if (wait_s < 0 || numa < 3 || strcasecmp(answer[1], "TRACKING") != 0) {
		fprintf(stderr, "OK\n");
		return EXIT_SUCCESS;
	}
	if (str_copy(id, sizeof(id), answer[2]) < 0)
		adm_unexpected(a, numa, answer);
	return adm_wait(a, id, wait_s);
}
