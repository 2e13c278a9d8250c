/* upsrw: shows a UPS's writable variables (with their type, options and
 * value) or sets one (-s var=value, SET VAR). With -w it waits for the
 * driver's answer (TRACKING) and prints it. Options, the listing format,
 * messages and exit statuses are NUT's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "strutil.h"
#include "upsadmin.h"
#include "upsclient_int.h"

#define UPSRW_VALUE_MAX 512 /* a value given with -s or typed at the prompt */

static void upsrw_usage(FILE *f)
{
	fprintf(f,
	        "Upsilon upsrw %s (Network UPS Tools 2.8 compatible)\n"
	        "\n"
	        "usage: upsrw [-l] <ups>[@<host>[:<port>]]\n"
	        "       upsrw -s <variable>[=<value>] [-u <user>] [-p <password>] [-w]\n"
	        "             [-t <seconds>] <ups>[@<host>[:<port>]]\n"
	        "\n"
	        "Shows the variables of a UPS that can be changed, or changes one.\n"
	        "\n"
	        "  -l             list the writable variables (what upsrw does without -s)\n"
	        "  -s <var>=<v>   set <var> to <v> (without \"=<v>\" the value is asked for)\n"
	        "  -u <user>      user name from upsd.users (asked for when missing)\n"
	        "  -p <password>  its password (asked for when missing)\n"
	        "  -w             wait until the driver has set it, print its result\n"
	        "  -t <seconds>   how long -w waits (default %d)\n"
	        "  -h             this help\n",
	        PACKAGE_VERSION, ADM_DEFAULT_WAIT_S);
}

/* GET <what> <ups> <var>: the reply's last word (static until the next call). */
static const char *upsrw_get(struct adm *a, const char *what, const char *var)
{
	const char *q[3] = {what, a->upsname, var};
	size_t numa;
	char **answer;

	if (upscli_get(&a->conn, 3, q, &numa, &answer) < 0 || numa < 4)
		adm_fail(a);
	return answer[numa - 1];
}

/* One "Option: ..." line per ENUM value or RANGE pair of var; the one that
 * holds the current value is marked SELECTED. Ranges compare the value as
 * an integer the way NUT's upsrw (and upsd) read it. */
static void upsrw_options(struct adm *a, const char *kind, const char *var, const char *value)
{
	const char *q[3] = {kind, a->upsname, var};
	size_t numa;
	char **answer;
	int rc, sel;

	if (upscli_list_start(&a->conn, 3, q) < 0)
		adm_fail(a);
	while ((rc = upscli_list_next(&a->conn, 3, q, &numa, &answer)) == 1) {
		if (strcmp(kind, "RANGE") == 0) {
			long v = strtol(value, NULL, 10);

			if (numa < 5)
				continue;
			sel = v >= strtol(answer[3], NULL, 10) && v <= strtol(answer[4], NULL, 10);
			printf("Option: \"%s-%s\"%s\n", answer[3], answer[4],
			       sel ? " SELECTED" : "");
		} else {
			if (numa < 4)
				continue;
			sel = strcmp(answer[3], value) == 0;
			printf("Option: \"%s\"%s\n", answer[3], sel ? " SELECTED" : "");
		}
	}
	if (rc < 0)
		adm_fail(a);
}

/* The block NUT's upsrw prints for one variable, and a blank line. */
static void upsrw_show(struct adm *a, const char *var)
{
	const char *q[3] = {"TYPE", a->upsname, var};
	char desc[512], value[512];
	int is_enum = 0, is_range = 0, is_string = 0;
	long maxlen = 0;
	size_t numa, i;
	char **answer;

	if (str_copy(desc, sizeof(desc), upsrw_get(a, "DESC", var)) < 0)
		desc[0] = '\0';
	if (upscli_get(&a->conn, 3, q, &numa, &answer) < 0)
		adm_fail(a);
	for (i = 3; i < numa; i++) {
		if (strcasecmp(answer[i], "ENUM") == 0)
			is_enum = 1;
		else if (strcasecmp(answer[i], "RANGE") == 0)
			is_range = 1;
		else if (strncasecmp(answer[i], "STRING:", 7) == 0) {
			is_string = 1;
			maxlen = strtol(answer[i] + 7, NULL, 10);
		}
	}
	if (str_copy(value, sizeof(value), upsrw_get(a, "VAR", var)) < 0)
		value[0] = '\0';
	printf("[%s]\n%s\n", var, desc);
	if (is_range) {
		printf("Type: RANGE NUMBER\n");
		upsrw_options(a, "RANGE", var, value);
	} else if (is_enum) {
		if (is_string)
			printf("Type: ENUM STRING\nMaximum length: %ld\n", maxlen);
		else
			printf("Type: ENUM NUMBER\n");
		upsrw_options(a, "ENUM", var, value);
	} else if (is_string) {
		printf("Type: STRING\nMaximum length: %ld\nValue: %s\n", maxlen, value);
	} else {
		printf("Type: NUMBER\nValue: %s\n", value);
	}
	printf("\n");
}

static int upsrw_list(const char *target)
{
	struct adm a;
	size_t nvars, i;
	char **vars;

	adm_connect(&a, target);
	vars = adm_list_names(&a, "RW", &nvars);
	for (i = 0; i < nvars; i++) {
		upsrw_show(&a, vars[i]);
		free(vars[i]);
	}
	free(vars);
	adm_close(&a);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	const char *user = NULL, *pass = NULL, *set = NULL, *value, *words[4];
	char var[UPSRW_VALUE_MAX], typed[UPSRW_VALUE_MAX], prompt[UPSRW_VALUE_MAX + 32];
	unsigned timeout_s = ADM_DEFAULT_WAIT_S;
	int opt, wait = 0, rc;
	struct adm a;

	while ((opt = getopt(argc, argv, "hls:u:p:wt:V")) != -1) {
		switch (opt) {
		case 'l':
			break; /* listing is what happens without -s anyway */
		case 's':
			set = optarg;
			break;
		case 'u':
			user = optarg;
			break;
		case 'p':
			pass = optarg;
			break;
		case 'w':
			wait = 1;
			break;
		case 't':
			timeout_s = adm_parse_timeout(optarg);
			break;
		case 'V':
			printf("Upsilon upsrw %s\n", PACKAGE_VERSION);
			return EXIT_SUCCESS;
		case 'h':
			upsrw_usage(stdout);
			return EXIT_SUCCESS;
		default:
			upsrw_usage(stderr);
			return EXIT_FAILURE;
		}
	}
	if (argc - optind < 1) {
		/* NUT prints the help and exits 0 when the UPS is missing. */
		upsrw_usage(stdout);
		return EXIT_SUCCESS;
	}
	if (set == NULL)
		return upsrw_list(argv[optind]);
	if (str_copy(var, sizeof(var), set) < 0) {
		fprintf(stderr, "Error: -s %s: too long\n", set);
		return EXIT_FAILURE;
	}
	value = NULL;
	if (strchr(var, '=') != NULL) {
		*strchr(var, '=') = '\0';
		value = set + strlen(var) + 1;
	}
	adm_connect(&a, argv[optind]);
	/* NUT's order: user name, password, then the value. */
	adm_login(&a, user, pass);
	if (value == NULL) {
		(void)str_fmt(prompt, sizeof(prompt), "Enter new value for %s: ", var);
		(void)str_copy(typed, sizeof(typed), adm_ask(prompt));
		value = typed;
	}
	words[0] = "VAR";
	words[1] = a.upsname;
	words[2] = var;
	words[3] = value;
	rc = adm_request(&a, "SET", 4, words, wait ? (long)timeout_s : -1);
	adm_close(&a);
	return rc;
}
