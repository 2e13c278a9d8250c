/* no_cmocka: what every unit test is built from when configure did not find
 * cmocka. It says so and exits 77, so `make check` counts the test as SKIP
 * (with the reason in its .log) instead of leaving it out of the tally. */
#include "config.h"

#include <stdio.h>
#include <string.h>

int main(int argc, char **argv)
{
	const char *name = argc > 0 ? strrchr(argv[0], '/') : NULL;

	name = name != NULL ? name + 1 : (argc > 0 ? argv[0] : "unit test");
	printf("SKIP: %s: cmocka was not found when configure ran (pkg-config cmocka); "
	       "install libcmocka-dev and re-run configure to build the unit tests\n",
	       name);
	return 77;
}
