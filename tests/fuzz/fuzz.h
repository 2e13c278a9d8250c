/* fuzz: the entry point every target in tests/fuzz defines (libFuzzer's
 * name), and the check that aborts on a broken invariant so both libFuzzer
 * and the corpus replay in `make check` catch it. */
#ifndef UPS_FUZZ_H
#define UPS_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                           \
	do {                                                                                       \
		if (!(cond)) {                                                                     \
			fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__,       \
			        #cond);                                                            \
			abort();                                                                   \
		}                                                                                  \
	} while (0)

#endif
