/* upsclient_addr.c: the "ups[@host[:port]]" and "host[:port]" notations of
 * every NUT client (upsc, upsmon.conf MONITOR lines ...). Host may be a
 * bracketed IPv6 literal, "[::1]:3493". The port must be a whole number
 * 1-65535: trailing junk is refused rather than read as a prefix number.
 * Messages go to stderr, worded as NUT's library words them, because the
 * programs built on it show them to the user unchanged. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "paths.h"
#include "upsclient_int.h"

/* Parses a whole decimal port number. 0, or -1. */
static int ucl_parse_port(const char *s, uint16_t *port)
{
	unsigned long n = 0;
	const char *p;

	if (*s == '\0')
		return -1;
	for (p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9')
			return -1;
		n = n * 10 + (unsigned long)(*p - '0');
		if (n > 65535)
			return -1;
	}
	if (n == 0)
		return -1;
	*port = (uint16_t)n;
	return 0;
}

static char *ucl_strndup(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d == NULL) {
		fprintf(stderr, "upscli_splitaddr: out of memory\n");
		return NULL;
	}
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

int upscli_splitaddr(const char *buf, char **hostname, uint16_t *port)
{
	const char *hs, *he, *rest;
	uint16_t p = path_port();
	char *h;

	if (buf == NULL || *buf == '\0') {
		fprintf(stderr, "upscli_splitaddr: can't parse empty string\n");
		return -1;
	}
	if (hostname == NULL || port == NULL)
		return -1;
	if (buf[0] == '[') {
		hs = buf + 1;
		he = strchr(hs, ']');
		if (he == NULL) {
			fprintf(stderr,
			        "upscli_splitaddr: missing closing bracket in [domain literal]\n");
			return -1;
		}
		rest = he + 1;
		if (*rest != '\0' && *rest != ':') {
			fprintf(stderr,
			        "upscli_splitaddr: unexpected text after [domain literal]\n");
			return -1;
		}
	} else {
		hs = buf;
		he = strchr(hs, ':');
		if (he == NULL)
			he = hs + strlen(hs);
		rest = he;
	}
	if (he == hs) {
		fprintf(stderr, "upscli_splitaddr: no host name in '%s'\n", buf);
		return -1;
	}
	if (*rest == ':' && ucl_parse_port(rest + 1, &p) < 0) {
		fprintf(stderr, "upscli_splitaddr: no port specified after ':' separator\n");
		return -1;
	}
	h = ucl_strndup(hs, (size_t)(he - hs));
	if (h == NULL)
		return -1;
	*hostname = h;
	*port = p;
	return 0;
}

int upscli_splitname(const char *buf, char **upsname, char **hostname, uint16_t *port)
{
	const char *at;
	char *u, *h = NULL;
	uint16_t p = 0;

	if (buf == NULL || *buf == '\0') {
		fprintf(stderr, "upscli_splitname: can't parse empty string\n");
		return -1;
	}
	if (upsname == NULL || hostname == NULL || port == NULL)
		return -1;
	at = strchr(buf, '@');
	if (at == buf) {
		fprintf(stderr, "upscli_splitname: no UPS name before '@'\n");
		return -1;
	}
	if (at != NULL) {
		if (upscli_splitaddr(at + 1, &h, &p) < 0)
			return -1;
	} else {
		h = ucl_strndup("localhost", strlen("localhost"));
		p = path_port();
		if (h == NULL)
			return -1;
	}
	u = ucl_strndup(buf, at != NULL ? (size_t)(at - buf) : strlen(buf));
	if (u == NULL) {
		free(h);
		return -1;
	}
	*upsname = u;
	*hostname = h;
	*port = p;
	return 0;
}
