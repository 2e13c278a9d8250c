/* upsc: prints what upsd knows about UPSes: every variable of one UPS, one
 * variable, the UPSes a server has (-l, -L with descriptions) or the clients
 * logged into one (-c). Output, error texts and exit status are NUT's (scripts
 * parse them); -j prints the same data as one JSON document instead. */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "jsonw.h"
#include "paths.h"
#include "strutil.h"
#include "upsclient.h"

#define UPSC_JSON_MAX (16u * 1024 * 1024) /* -j output is built whole before printing */

enum upsc_mode {
	MODE_VARS,      /* upsc ups [var] */
	MODE_LIST,      /* -l */
	MODE_LIST_DESC, /* -L */
	MODE_CLIENTS,   /* -c */
};

struct upsc {
	enum upsc_mode mode;
	int json;
	const char *target; /* ups[@host[:port]] or host[:port] */
	const char *var;
	UPSCONN_t conn;
	int connected;
	char *upsname;
	char *host;
	uint16_t port;
	struct buf jbuf;
	struct jsonw jw;
};

static void upsc_usage(FILE *f)
{
	fprintf(f,
	        "Upsilon upsc %s (Network UPS Tools 2.8 compatible)\n"
	        "\n"
	        "usage: upsc [-j] <ups>[@<host>[:<port>]] [<variable>]\n"
	        "       upsc [-j] -l | -L [<host>[:<port>]]\n"
	        "       upsc [-j] -c <ups>[@<host>[:<port>]]\n"
	        "\n"
	        "Shows the data upsd serves (host defaults to localhost, port to 3493).\n"
	        "\n"
	        "  <ups>       all variables of that UPS, as \"name: value\" lines\n"
	        "  <variable>  only that variable's value\n"
	        "  -l          the UPS names on <host>, one per line\n"
	        "  -L          the same, each followed by its description\n"
	        "  -c          the clients logged into <ups>, one address per line\n"
	        "  -j          print the result as JSON (see upsc(8))\n"
	        "  -h          this help\n"
	        "  -V          version\n",
	        PACKAGE_VERSION);
}

/* Ends the program: closes the connection (LOGOUT) and frees what was kept. */
static void upsc_exit(struct upsc *u, int status)
{
	if (u->connected)
		upscli_disconnect(&u->conn);
	free(u->upsname);
	free(u->host);
	buf_free(&u->jbuf);
	exit(status);
}

/* With -j the failure is also a document on stdout, {"error": msg}, in place
 * of whatever was built so far: NUT's upsc -j does the same, and its own
 * integration suite reads it. */
static void upsc_fail(struct upsc *u, const char *msg)
{
	fprintf(stderr, "Error: %s\n", msg);
	if (u->json) {
		buf_reset(&u->jbuf);
		jsonw_init(&u->jw, &u->jbuf);
		jsonw_begin_object(&u->jw);
		jsonw_key(&u->jw, "error");
		jsonw_string(&u->jw, msg);
		jsonw_end_object(&u->jw);
		if (jsonw_finish(&u->jw) == 0)
			fwrite(buf_head(&u->jbuf), 1, buf_used(&u->jbuf), stdout);
	}
	upsc_exit(u, EXIT_FAILURE);
}

/* A failed request: NUT's special words for a server that predates it. */
static void upsc_fail_request(struct upsc *u, const char *old_upsd_msg)
{
	if (upscli_upserror(&u->conn) == UPSCLI_ERR_UNKCOMMAND)
		upsc_fail(u, old_upsd_msg);
	upsc_fail(u, upscli_strerror(&u->conn));
}

static void upsc_connect(struct upsc *u)
{
	if (upscli_connect(&u->conn, u->host, u->port, UPSCLI_CONN_TRYSSL) < 0)
		upsc_fail(u, upscli_strerror(&u->conn));
	u->connected = 1;
}

static void upsc_parse_ups(struct upsc *u)
{
	if (u->target == NULL || upscli_splitname(u->target, &u->upsname, &u->host, &u->port) < 0) {
		fprintf(stderr, "Error: invalid UPS definition.\n"
		                "Required format: upsname[@hostname[:port]]\n");
		upsc_exit(u, EXIT_FAILURE);
	}
}

static void upsc_parse_host(struct upsc *u)
{
	if (u->target == NULL) {
		u->host = strdup("localhost");
		u->port = path_port();
		if (u->host == NULL)
			upsc_fail(u, "out of memory");
		return;
	}
	if (upscli_splitaddr(u->target, &u->host, &u->port) < 0) {
		fprintf(stderr, "Error: invalid hostname.\n"
		                "Required format: [hostname[:port]]\n");
		upsc_exit(u, EXIT_FAILURE);
	}
}

/* Runs a LIST and calls show() for each item, after checking it has at
 * least need words. */
static void upsc_list(struct upsc *u, size_t numq, const char **query, size_t need,
                      void (*show)(struct upsc *, char **))
{
	char msg[128];
	char **ans;
	size_t numa;
	int r;

	if (upscli_list_start(&u->conn, numq, query) < 0)
		upsc_fail_request(u, "upsd is too old to support this query");
	while ((r = upscli_list_next(&u->conn, numq, query, &numa, &ans)) == 1) {
		if (numa < need) {
			(void)str_fmt(msg, sizeof(msg),
			              "insufficient data (got %zu args, need at least %zu)", numa,
			              need);
			upsc_fail(u, msg);
		}
		show(u, ans);
	}
	if (r < 0)
		upsc_fail(u, upscli_strerror(&u->conn));
}

/* ---- what each mode prints: "UPS <name> <desc>", "VAR <ups> <var> <value>",
 * "CLIENT <ups> <address>" */
static void show_ups(struct upsc *u, char **a)
{
	if (u->json)
		jsonw_string(&u->jw, a[1]);
	else
		printf("%s\n", a[1]);
}

static void show_ups_desc(struct upsc *u, char **a)
{
	if (u->json) {
		jsonw_key(&u->jw, a[1]);
		jsonw_string(&u->jw, a[2]);
	} else {
		printf("%s: %s\n", a[1], a[2]);
	}
}

static void show_var(struct upsc *u, char **a)
{
	if (u->json) {
		jsonw_key(&u->jw, a[2]);
		jsonw_string(&u->jw, a[3]);
	} else {
		printf("%s: %s\n", a[2], a[3]);
	}
}

static void show_client(struct upsc *u, char **a)
{
	if (u->json)
		jsonw_string(&u->jw, a[2]);
	else
		printf("%s\n", a[2]);
}

static void upsc_run(struct upsc *u)
{
	const char *q[3];
	size_t numa;
	char **ans;
	/* One variable is a bare JSON string; every other mode a container. */
	int single = u->mode == MODE_VARS && u->var != NULL;
	int object = u->mode == MODE_VARS || u->mode == MODE_LIST_DESC;

	if (u->json && !single && object)
		jsonw_begin_object(&u->jw);
	else if (u->json && !single)
		jsonw_begin_array(&u->jw);
	switch (u->mode) {
	case MODE_LIST:
	case MODE_LIST_DESC:
		upsc_parse_host(u);
		upsc_connect(u);
		q[0] = "UPS";
		upsc_list(u, 1, q, 3, u->mode == MODE_LIST ? show_ups : show_ups_desc);
		break;
	case MODE_CLIENTS:
		upsc_parse_ups(u);
		upsc_connect(u);
		q[0] = "CLIENT";
		q[1] = u->upsname;
		upsc_list(u, 2, q, 3, show_client);
		break;
	case MODE_VARS:
		upsc_parse_ups(u);
		upsc_connect(u);
		q[0] = "VAR";
		q[1] = u->upsname;
		if (u->var == NULL) {
			upsc_list(u, 2, q, 4, show_var);
			break;
		}
		/* Pre-2.0 names had no dots ("STATUS"); NUT's upsc refuses them too. */
		if (strchr(u->var, '.') == NULL)
			upsc_fail(u, "old-style variable names are not supported");
		q[2] = u->var;
		if (upscli_get(&u->conn, 3, q, &numa, &ans) < 0)
			upsc_fail_request(u, "variable unknown (old upsd detected)");
		if (u->json)
			jsonw_string(&u->jw, ans[3]);
		else
			printf("%s\n", ans[3]);
		break;
	}
	if (u->json) {
		if (!single && object)
			jsonw_end_object(&u->jw);
		else if (!single)
			jsonw_end_array(&u->jw);
		if (jsonw_finish(&u->jw) < 0)
			upsc_fail(u, "JSON output too large");
		fwrite(buf_head(&u->jbuf), 1, buf_used(&u->jbuf), stdout);
	}
}

int main(int argc, char **argv)
{
	static struct upsc u;
	int c;

	u.mode = MODE_VARS;
	/* '+': options stop at the first operand, as in NUT ("upsc ups -l" asks
	 * for a variable named "-l"). */
	while ((c = getopt(argc, argv, "+hlLcVj")) != -1) {
		switch (c) {
		case 'h':
			upsc_usage(stdout);
			return EXIT_SUCCESS;
		case 'V':
			fprintf(stderr, "Upsilon upsc %s (Network UPS Tools 2.8 compatible)\n",
			        PACKAGE_VERSION);
			return EXIT_SUCCESS;
		case 'l':
			u.mode = u.mode == MODE_LIST_DESC ? MODE_LIST_DESC : MODE_LIST;
			break;
		case 'L':
			u.mode = MODE_LIST_DESC;
			break;
		case 'c':
			if (u.mode == MODE_VARS)
				u.mode = MODE_CLIENTS;
			break;
		case 'j':
			u.json = 1;
			break;
		default:
			upsc_usage(stderr);
			return EXIT_FAILURE;
		}
	}
	u.target = optind < argc ? argv[optind] : NULL;
	u.var = optind + 1 < argc ? argv[optind + 1] : NULL;
	if (buf_init(&u.jbuf, UPSC_JSON_MAX) < 0) {
		fprintf(stderr, "Error: out of memory\n");
		return EXIT_FAILURE;
	}
	jsonw_init(&u.jw, &u.jbuf);
	upsc_run(&u);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		char msg[256];

		(void)str_fmt(msg, sizeof(msg), "cannot write output: %s", strerror(errno));
		upsc_fail(&u, msg);
	}
	upsc_exit(&u, EXIT_SUCCESS);
	return EXIT_SUCCESS;
}
