/* Unit tests for drivers/usbhid (usbhid-ups's tables and their logic):
 * subdriver choice, binding the tables to the two real descriptors in
 * tests/data/hid, value text (numbers, enums, dates, kelvin) and
 * ups.status composition. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "hidparse.h"
#include "hidreport.h"
#include "usbhid.h"

#include "hexdata.h"

static struct hid_desc *load(const char *name)
{
	uint8_t d[HID_MAX_DESC_SIZE];
	size_t len = load_hex(name, d, sizeof(d));
	char err[HID_ERR_LEN];
	struct hid_desc *h = hid_parse(d, len, err, sizeof(err));

	if (h == NULL)
		fail_msg("%s: %s", name, err);
	return h;
}

static const struct uh_bound *find(const struct uh_bound *b, long n, const char *name, int kind)
{
	long i;

	for (i = 0; i < n; i++) {
		if (strcmp(b[i].m->name, name) == 0 && (kind < 0 || (int)b[i].m->kind == kind))
			return &b[i];
	}
	return NULL;
}

static void test_subdrivers(void **state)
{
	size_t i;

	(void)state;
	assert_string_equal(uh_subdriver_for(0x051d)->name, "APC HID");
	assert_string_equal(uh_subdriver_for(0x0764)->name, "CyberPower HID");
	assert_string_equal(uh_subdriver_for(0x0463)->name, "MGE HID");
	assert_string_equal(uh_subdriver_for(0x047c)->name, "MGE HID"); /* Dell */
	assert_string_equal(uh_subdriver_for(0x09ae)->name, "TrippLite HID");
	assert_string_equal(uh_subdriver_for(0x050d)->name, "Belkin HID");
	assert_string_equal(uh_subdriver_for(0x06da)->name, "Liebert HID");
	assert_string_equal(uh_subdriver_for(0x10af)->name, "Liebert HID");
	assert_string_equal(uh_subdriver_for(0x0d9f)->name, "PowerCOM HID");
	assert_string_equal(uh_subdriver_for(0x1234)->name, "Generic HID");
	assert_string_equal(uh_subdriver_named("mge")->name, "MGE HID");
	assert_string_equal(uh_subdriver_named("apc")->name, "APC HID");
	assert_null(uh_subdriver_named("nosuch"));
	assert_null(uh_subdriver_named(""));
	assert_true(uh_usbid_known(0x051d, 0x0002));
	assert_true(uh_usbid_known(0x0764, 0x0501));
	assert_false(uh_usbid_known(0x051d, 0x9999));
	/* Every known id's subdriver exists and is the one its vendor gets. */
	for (i = 0; uh_usbids[i].vendorid != 0; i++)
		assert_string_equal(uh_subdriver_for(uh_usbids[i].vendorid)->name,
		                    uh_usbids[i].subdriver);
}

static void test_bind_apc(void **state)
{
	struct hid_desc *h = load("stm32_ups_hid_apc_spm2k.hex");
	struct uh_bound *b;
	const struct uh_bound *r;
	long n = uh_bind(uh_subdriver_for(0x051d), h, &b);
	uint8_t rep[16];
	double v;

	(void)state;
	assert_true(n > 10);
	r = find(b, n, "battery.charge", UH_VALUE);
	assert_non_null(r);
	/* The feature field wins; the input field of the path serves interrupts. */
	assert_int_equal(r->f->type, HID_REPORT_FEATURE);
	assert_int_equal(r->f->report_id, 1);
	assert_int_equal(r->f->bit_offset, 24);
	assert_non_null(r->intr);
	assert_int_equal(r->intr->type, HID_REPORT_INPUT);
	assert_int_equal(r->intr->bit_offset, 8);
	assert_non_null(find(b, n, "OL", UH_STATUS));
	assert_non_null(find(b, n, "OB", UH_STATUS));
	assert_non_null(find(b, n, "LB", UH_STATUS));
	assert_non_null(find(b, n, "input.voltage", UH_VALUE));
	assert_non_null(find(b, n, "output.current", UH_VALUE));
	assert_non_null(find(b, n, "battery.temperature", UH_VALUE));
	/* battery.runtime: PowerSummary's, the first alternative, not Battery's. */
	r = find(b, n, "battery.runtime", UH_VALUE);
	assert_non_null(r);
	assert_int_equal(r->f->report_id, 1);
	/* One row per (name, step): the second alternative is not bound. */
	{
		long i, c = 0;

		for (i = 0; i < n; i++)
			c += strcmp(b[i].m->name, "battery.voltage") == 0;
		assert_int_equal(c, 1);
	}
	/* No delays in this descriptor: no shutdown commands. */
	assert_null(find(b, n, "load.off", UH_CMD));
	/* Decode battery.charge from an input report (interrupt path). */
	memset(rep, 0, sizeof(rep));
	rep[0] = 1;
	rep[1] = 87;
	r = find(b, n, "battery.charge", UH_VALUE);
	assert_int_equal(hid_get_value(r->intr, rep, 8, &v), HID_VALUE_OK);
	assert_true(v > 86.9 && v < 87.1);
	free(b);
	hid_desc_free(h);
}

static void test_bind_arduino(void **state)
{
	struct hid_desc *h = load("arduino_HIDPowerDevice.hex");
	struct uh_bound *b;
	const struct uh_bound *r;
	long n = uh_bind(uh_subdriver_for(0x2341), h, &b);

	(void)state;
	assert_true(n > 10);
	r = find(b, n, "battery.charge", UH_VALUE);
	assert_non_null(r);
	assert_int_equal(r->f->report_id, 12);
	assert_int_equal(r->intr->report_id, 12);
	r = find(b, n, "OL", UH_STATUS);
	assert_non_null(r);
	assert_int_equal(r->f->report_id, 7);
	assert_non_null(find(b, n, "load.off", UH_CMD));
	assert_non_null(find(b, n, "shutdown.stop", UH_CMD));
	assert_non_null(find(b, n, "beeper.enable", UH_CMD));
	/* No DelayBeforeStartup: shutdown.return's first step has no field. */
	assert_null(find(b, n, "load.on", UH_CMD));
	assert_non_null(find(b, n, "battery.runtime.low", UH_VALUE));
	assert_true(find(b, n, "battery.runtime.low", UH_VALUE)->m->flags & UH_RW);
	assert_non_null(find(b, n, "battery.type", UH_STRING));
	assert_non_null(find(b, n, "battery.mfr.date", UH_DATE));
	free(b);
	hid_desc_free(h);
}

static void test_format(void **state)
{
	static const struct uh_enum e[] = {{1, "one"}, {2, "two"}, {0, NULL}};
	struct uh_map m = {"x", "p", UH_VALUE, 0, "%.1f", 0, NULL, 0};
	char out[32];

	(void)state;
	assert_int_equal(uh_format(&m, 238.04, out, sizeof(out)), 0);
	assert_string_equal(out, "238.0");
	m.fmt = NULL;
	assert_int_equal(uh_format(&m, 1572.4, out, sizeof(out)), 0);
	assert_string_equal(out, "1572");
	assert_int_equal(uh_format(&m, -0.2, out, sizeof(out)), 0);
	assert_string_equal(out, "0");
	m.flags = UH_K2C;
	m.fmt = "%.1f";
	assert_int_equal(uh_format(&m, 298.15, out, sizeof(out)), 0);
	assert_string_equal(out, "25.0");
	m.kind = UH_ENUM;
	m.enums = e;
	assert_int_equal(uh_format(&m, 2, out, sizeof(out)), 0);
	assert_string_equal(out, "two");
	assert_int_equal(uh_format(&m, 7, out, sizeof(out)), -1);
	m.kind = UH_DATE;
	/* 2022/12/13: (42 << 9) | (12 << 5) | 13 */
	assert_int_equal(uh_format(&m, (42 << 9) | (12 << 5) | 13, out, sizeof(out)), 0);
	assert_string_equal(out, "2022/12/13");
	assert_int_equal(uh_format(&m, 0, out, sizeof(out)), 0);
	assert_string_equal(out, "not set"); /* as NUT shows an empty date */
	assert_int_equal(uh_format(&m, (42 << 9) | (13 << 5) | 1, out, sizeof(out)), -1);
}

static void test_apc_model(void **state)
{
	char model[64] = "", fw[64] = "", aux[64] = "";
	const struct uh_subdriver *apc = uh_subdriver_for(0x051d);

	(void)state;
	assert_non_null(apc->model);
	apc->model("Back-UPS ES 850G2 FW:931.a10.I USB FW:a10", model, sizeof(model), fw,
	           sizeof(fw), aux, sizeof(aux));
	assert_string_equal(model, "Back-UPS ES 850G2");
	assert_string_equal(fw, "931.a10.I");
	assert_string_equal(aux, "a10");
	model[0] = fw[0] = aux[0] = '\0';
	apc->model("Back-UPS CS 500", model, sizeof(model), fw, sizeof(fw), aux, sizeof(aux));
	assert_string_equal(model, "");
	assert_null(uh_subdriver_for(0x0764)->model);
}

static void test_status(void **state)
{
	int set[UH_F_COUNT];
	char out[128];

	(void)state;
	memset(set, 0, sizeof(set));
	set[UH_F_OL] = set[UH_F_CHRG] = 1;
	uh_status_compose(set, out, sizeof(out));
	assert_string_equal(out, "OL CHRG");
	memset(set, 0, sizeof(set));
	set[UH_F_OL] = set[UH_F_OB] = set[UH_F_DISCHRG] = set[UH_F_LB] = 1;
	uh_status_compose(set, out, sizeof(out));
	assert_string_equal(out, "OB DISCHRG LB");
	set[UH_F_RB] = set[UH_F_OVER] = 1;
	uh_status_compose(set, out, 12); /* too small: whole words only */
	assert_string_equal(out, "OB DISCHRG");
	assert_int_equal(uh_flag_index("BYPASS"), UH_F_BYPASS);
	assert_int_equal(uh_flag_index("nope"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_subdrivers),   cmocka_unit_test(test_bind_apc),
	    cmocka_unit_test(test_bind_arduino), cmocka_unit_test(test_format),
	    cmocka_unit_test(test_status),       cmocka_unit_test(test_apc_model),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
