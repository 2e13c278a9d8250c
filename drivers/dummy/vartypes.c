/* vartypes: the name -> type table (see vartypes.h). Facts observed from NUT
 * 2.8.0's dummy-ups behind its upsd (GET TYPE); the interop test
 * 070-dummy-types-vs-nut.sh checks both still agree. */
#include "config.h"

#include <string.h>

#include "state.h"
#include "vartypes.h"

#define NUM      ST_FLAG_RW
#define STR(len) ST_FLAG_RW | ST_FLAG_STRING, (len)

/* In name order for the reader; looked up by a plain scan (45 rows). */
static const struct dummy_vartype dummy_vartypes[] = {
    {"ambient.humidity", NUM, 0},
    {"ambient.humidity.high", NUM, 0},
    {"ambient.humidity.low", NUM, 0},
    {"ambient.temperature", NUM, 0},
    {"ambient.temperature.high", NUM, 0},
    {"ambient.temperature.low", NUM, 0},
    {"battery.charge", NUM, 0},
    {"battery.charge.low", NUM, 0},
    {"battery.charge.restart", NUM, 0},
    {"battery.current", NUM, 0},
    {"battery.runtime", NUM, 0},
    {"battery.runtime.low", NUM, 0},
    {"battery.temperature", NUM, 0},
    {"battery.voltage", NUM, 0},
    {"battery.voltage.nominal", NUM, 0},
    {"input.frequency", NUM, 0},
    {"input.quality", STR(6)},
    {"input.sensitivity", STR(1)},
    {"input.transfer.boost.high", NUM, 0},
    {"input.transfer.boost.low", NUM, 0},
    {"input.transfer.high", NUM, 0},
    {"input.transfer.low", NUM, 0},
    {"input.transfer.reason", STR(1)},
    {"input.transfer.trim.high", NUM, 0},
    {"input.transfer.trim.low", NUM, 0},
    {"input.voltage", NUM, 0},
    {"input.voltage.maximum", NUM, 0},
    {"input.voltage.minimum", NUM, 0},
    {"input.voltage.nominal", NUM, 0},
    {"output.current", NUM, 0},
    {"output.frequency", NUM, 0},
    {"output.voltage", NUM, 0},
    {"ups.date", STR(16)},
    {"ups.delay.reboot", NUM, 0},
    {"ups.delay.shutdown", NUM, 0},
    {"ups.delay.start", NUM, 0},
    {"ups.firmware", STR(16)},
    {"ups.firmware.aux", STR(16)},
    {"ups.id", STR(16)},
    {"ups.load", NUM, 0},
    {"ups.mfr.date", STR(16)},
    {"ups.temperature", NUM, 0},
    {"ups.test.interval", NUM, 0},
    {"ups.test.result", STR(16)},
    {"ups.time", STR(16)},
};

static const struct dummy_vartype dummy_default = {NULL, STR(DUMMY_STRING_AUX)};

const struct dummy_vartype *dummy_vartype_of(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(dummy_vartypes) / sizeof(dummy_vartypes[0]); i++) {
		if (strcmp(name, dummy_vartypes[i].name) == 0)
			return &dummy_vartypes[i];
	}
	return &dummy_default;
}
