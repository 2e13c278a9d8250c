/* upscmd: runs an instant command on a UPS through upsd (INSTCMD), or lists
 * the commands a UPS offers (-l). With -w it waits for the driver's answer
 * (TRACKING) and prints it. Options, messages and exit statuses are NUT's. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "upsadmin.h"
#include "upsclient_int.h"

static void upscmd_usage(FILE *f)
{
	fprintf(f,
	        "Upsilon upscmd %s (Network UPS Tools 2.8 compatible)\n"
	        "\n"
	        "usage: upscmd -l <ups>[@<host>[:<port>]]\n"
	        "       upscmd [-u <user>] [-p <password>] [-w] [-t <seconds>]\n"
	        "              <ups>[@<host>[:<port>]] <command> [<value>]\n"
	        "\n"
	        "Asks upsd to run an instant command on a UPS.\n"
	        "\n"
	        "  -l <ups>       list the commands the UPS offers, with descriptions\n"
	        "  -u <user>      user name from upsd.users (asked for when missing)\n"
	        "  -p <password>  its password (asked for when missing)\n"
	        "  -w             wait until the driver has run the command, print its result\n"
	        "  -t <seconds>   how long -w waits (default %d)\n"
	        "  -h             this help\n",
	        PACKAGE_VERSION, ADM_DEFAULT_WAIT_S);
}

/* "Instant commands supported on UPS [ups]:", a blank line, then
 * "<cmd> - <description>" per command, in upsd's order. */
static int upscmd_list(const char *target)
{
	struct adm a;
	const char *q[3] = {"CMDDESC", NULL, NULL};
	size_t numa, ncmds, i;
	char **answer, **cmds;

	adm_connect(&a, target);
	q[1] = a.upsname;
	cmds = adm_list_names(&a, "CMD", &ncmds);
	printf("Instant commands supported on UPS [%s]:\n\n", a.upsname);
	for (i = 0; i < ncmds; i++) {
		q[2] = cmds[i];
		if (upscli_get(&a.conn, 3, q, &numa, &answer) == 0 && numa >= 4)
			printf("%s - %s\n", cmds[i], answer[3]);
		else if (upscli_fd(&a.conn) >= 0)
			printf("%s\n", cmds[i]); /* no description: the name alone, as NUT */
		else
			adm_fail(&a);
		free(cmds[i]);
	}
	free(cmds);
	adm_close(&a);
	return EXIT_SUCCESS;
}

int main(int argc, char **argv)
{
	const char *user = NULL, *pass = NULL, *list = NULL, *words[3];
	unsigned timeout_s = ADM_DEFAULT_WAIT_S;
	int opt, wait = 0, n = 0, rc;
	struct adm a;

	while ((opt = getopt(argc, argv, "hl:u:p:wt:V")) != -1) {
		switch (opt) {
		case 'l':
			list = optarg;
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
			printf("Upsilon upscmd %s\n", PACKAGE_VERSION);
			return EXIT_SUCCESS;
		case 'h':
			upscmd_usage(stdout);
			return EXIT_SUCCESS;
		default:
			upscmd_usage(stderr);
			return EXIT_FAILURE;
		}
	}
	if (list != NULL)
		return upscmd_list(list);
	if (argc - optind < 2) {
		/* NUT prints the help and exits 0 when the arguments are missing. */
		upscmd_usage(stdout);
		return EXIT_SUCCESS;
	}
	adm_connect(&a, argv[optind]);
	adm_login(&a, user, pass);
	words[n++] = a.upsname;
	words[n++] = argv[optind + 1];
	if (argc - optind > 2)
		words[n++] = argv[optind + 2];
	rc = adm_request(&a, "INSTCMD", n, words, wait ? (long)timeout_s : -1);
	adm_close(&a);
	return rc;
}
