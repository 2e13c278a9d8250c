/* nutapi_check: a client written only against NUT's documented upsclient.h
 * API (no Upsilon header or helper), used by the integration tests to show
 * that such a program builds and runs unchanged on libupsclient. The tests
 * also build this very file against NUT's own header and library and compare
 * the two outputs line by line, so it prints only what both must agree on.
 *
 * usage: nutapi_check UPS@HOST:PORT VARIABLE CLOSED_PORT */
#include <stdint.h> /* NUT's header expects it included first */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <upsclient.h>

static void show_err(const char *what, int rc, UPSCONN_t *c)
{
	printf("%s: rc=%d err=%d %s\n", what, rc, upscli_upserror(c), upscli_strerror(c));
}

int main(int argc, char **argv)
{
	UPSCONN_t conn, other;
	char *ups = NULL, *host = NULL, line[64];
	uint16_t port = 0;
	size_t numa, n = 0;
	char **ans;
	int rc;

	if (argc != 4) {
		fprintf(stderr, "usage: nutapi_check UPS@HOST:PORT VARIABLE CLOSED_PORT\n");
		return 2;
	}
	if (upscli_splitname(argv[1], &ups, &host, &port) != 0)
		return 1;
	printf("splitname: ups=%s host=%s port=%u\n", ups, host, (unsigned)port);

	rc = upscli_connect(&conn, host, port, UPSCLI_CONN_TRYSSL);
	printf("connect: rc=%d fd_ok=%d ssl=%d\n", rc, upscli_fd(&conn) >= 0, upscli_ssl(&conn));
	if (rc != 0)
		return 1;

	{
		const char *q[] = {"VAR", ups, argv[2]};

		rc = upscli_get(&conn, 3, q, &numa, &ans);
		printf("get %s: rc=%d numa=%zu", argv[2], rc, rc == 0 ? numa : 0);
		for (size_t i = 0; rc == 0 && i < numa; i++)
			printf(" [%s]", ans[i]);
		printf("\n");
	}
	{
		const char *q[] = {"VAR", ups, "no.such.variable"};

		rc = upscli_get(&conn, 3, q, &numa, &ans);
		show_err("get no.such.variable", rc, &conn);
	}
	{
		const char *q[] = {"VAR", "nosuchups", argv[2]};

		rc = upscli_get(&conn, 3, q, &numa, &ans);
		show_err("get on nosuchups", rc, &conn);
		rc = upscli_list_start(&conn, 2, q);
		show_err("list VAR nosuchups", rc, &conn);
	}
	{
		const char *q[] = {"VAR", ups};

		rc = upscli_list_start(&conn, 2, q);
		printf("list_start VAR: rc=%d\n", rc);
		while ((rc = upscli_list_next(&conn, 2, q, &numa, &ans)) == 1)
			if (numa >= 4 && strcmp(ans[2], argv[2]) == 0)
				printf("list item: %s = %s\n", ans[2], ans[3]);
			else
				n++;
		printf("list_next end: rc=%d other_items_seen=%d\n", rc, n > 0);
	}
	{
		const char *q[] = {"UPS"};

		rc = upscli_list_start(&conn, 1, q);
		printf("list_start UPS: rc=%d\n", rc);
		while ((rc = upscli_list_next(&conn, 1, q, &numa, &ans)) == 1)
			printf("ups: %s (%s) numa=%zu\n", ans[1], ans[2], numa);
		printf("list_next end: rc=%d\n", rc);
	}

	/* Raw line I/O: a reply longer than the buffer comes in pieces. */
	snprintf(line, sizeof(line), "GET VAR %s %s\n", ups, argv[2]);
	rc = (int)upscli_sendline(&conn, line, strlen(line));
	printf("sendline: rc=%d\n", rc);
	{
		char small[12], whole[512] = "";

		do {
			rc = (int)upscli_readline(&conn, small, sizeof(small));
			if (rc == 0)
				strncat(whole, small, sizeof(whole) - strlen(whole) - 1);
		} while (rc == 0 && strlen(small) == sizeof(small) - 1);
		printf("readline: rc=%d line=[%s]\n", rc, whole);
	}

	rc = upscli_disconnect(&conn);
	printf("disconnect: rc=%d fd=%d\n", rc, upscli_fd(&conn));
	{
		const char *q[] = {"VAR", ups, argv[2]};

		rc = upscli_get(&conn, 3, q, &numa, &ans);
		show_err("get after disconnect", rc, &conn);
	}

	/* The server has no TLS configured: REQSSL must fail, TRYSSL carry on. */
	rc = upscli_connect(&other, host, port, UPSCLI_CONN_REQSSL);
	show_err("connect with REQSSL", rc, &other);
	upscli_disconnect(&other);

	rc = upscli_connect(&other, "127.0.0.1", (uint16_t)atoi(argv[3]), 0);
	show_err("connect to a closed port", rc, &other);
	{
		struct timeval tv = {2, 0};

		rc = upscli_tryconnect(&other, host, port, 0, &tv);
		printf("tryconnect: rc=%d\n", rc);
		upscli_disconnect(&other);
	}
	printf("strerror(NULL): %s\n", upscli_strerror(NULL));
	free(ups);
	free(host);
	return 0;
}
