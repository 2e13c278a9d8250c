/* Unit tests for drivers/hid/hidreport: bits out of and into report bytes,
 * logical/physical conversion with exponents, values outside the range and
 * short reports refused, and the report cache. */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "hidparse.h"
#include "hidreport.h"
#include "hidusage.h"

#include "hexdata.h"

static struct hid_field field(uint8_t id, uint32_t off, uint8_t size, int64_t lmin, int64_t lmax)
{
	struct hid_field f;

	memset(&f, 0, sizeof(f));
	f.type = HID_REPORT_FEATURE;
	f.report_id = id;
	f.flags = HID_FLAG_VARIABLE;
	f.bit_offset = off;
	f.bit_size = size;
	f.count = 1;
	f.logical_min = f.physical_min = lmin;
	f.logical_max = f.physical_max = lmax;
	f.path_len = 1;
	return f;
}

static void test_bits(void **state)
{
	/* 12 bits from bit 4: straddles bytes 0..2 (id-less report). */
	static const uint8_t r[] = {0xA5, 0xCB, 0x7E};
	struct hid_field f = field(0, 4, 12, 0, 4095);
	struct hid_field g = field(0, 0, 24, 0, 0xFFFFFF);
	struct hid_field one = field(0, 17, 1, 0, 1);
	struct hid_field w = field(0, 0, 32, 0, 0xFFFFFFFFLL);
	static const uint8_t r32[] = {0x01, 0x02, 0x03, 0x84, 0xFF};
	struct hid_field w5 = field(0, 4, 32, 0, 0xFFFFFFFFLL);
	int64_t v;

	assert_int_equal(hid_get_logical(&f, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, 0xCBA);
	assert_int_equal(hid_get_logical(&g, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, 0x7ECBA5);
	assert_int_equal(hid_get_logical(&one, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, 1); /* 0x7E bit 1 */
	assert_int_equal(hid_get_logical(&w, 0, r32, sizeof(r32), &v), HID_VALUE_OK);
	assert_true(v == 0x84030201LL);
	/* 32 bits from bit 4: five bytes touched. */
	assert_int_equal(hid_get_logical(&w5, 0, r32, sizeof(r32), &v), HID_VALUE_OK);
	assert_true(v == 0xF8403020LL);
}

static void test_signed(void **state)
{
	static const uint8_t r[] = {0x07, 0xF6, 0xFF, 0x80};
	struct hid_field s8 = field(7, 8, 8, -128, 127);
	struct hid_field s16 = field(7, 8, 16, -32768, 32767);
	struct hid_field u8 = field(7, 8, 8, 0, 255);
	struct hid_field s4 = field(7, 28, 4, -8, 7);
	int64_t v;

	assert_int_equal(hid_get_logical(&s8, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, -10);
	assert_int_equal(hid_get_logical(&s16, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, -10);
	assert_int_equal(hid_get_logical(&u8, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, 246);
	assert_int_equal(hid_get_logical(&s4, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, -8);
}

static void test_invalid(void **state)
{
	static const uint8_t r[] = {0x03, 0x65, 0x00};
	struct hid_field pct = field(3, 8, 8, 0, 100);
	struct hid_field wide = field(3, 8, 16, 0, 1000);
	struct hid_field sgn = field(3, 8, 8, -50, 50);
	int64_t v = 42;
	double d = 42;

	/* 101 > logical max 100: refused, output untouched. */
	assert_int_equal(hid_get_logical(&pct, 0, r, sizeof(r), &v), HID_VALUE_RANGE);
	assert_int_equal(v, 42);
	assert_int_equal(hid_get_value(&pct, r, sizeof(r), &d), HID_VALUE_RANGE);
	assert_true(d == 42);
	assert_int_equal(hid_get_logical(&sgn, 0, r, sizeof(r), &v), HID_VALUE_RANGE);
	/* A report shorter than declared: the field is missing. */
	assert_int_equal(hid_get_logical(&wide, 0, r, 2, &v), HID_VALUE_MISSING);
	assert_int_equal(hid_get_logical(&pct, 0, r, 1, &v), HID_VALUE_MISSING);
	assert_int_equal(hid_get_logical(&pct, 0, r, 0, &v), HID_VALUE_MISSING);
	/* Another report id in the first byte. */
	pct.report_id = 4;
	assert_int_equal(hid_get_logical(&pct, 0, r, sizeof(r), &v), HID_VALUE_BAD_ID);
	/* An element past the field's count. */
	assert_int_equal(hid_get_logical(&pct, 1, r, sizeof(r), &v), HID_VALUE_BAD_FIELD);
	assert_string_equal(hid_value_strerror(HID_VALUE_MISSING), "report shorter than the field");
	assert_int_equal(v, 42);
}

static void test_physical(void **state)
{
	struct hid_field f = field(0, 0, 8, 0, 255);
	int64_t l;

	/* 0..255 onto 0..1000 */
	f.physical_max = 1000;
	assert_true(hid_logical_to_physical(&f, 51) == 200.0);
	assert_int_equal(hid_physical_to_logical(&f, 200.0, &l), HID_VALUE_OK);
	assert_int_equal(l, 51);
	assert_int_equal(hid_physical_to_logical(&f, 1001.0, &l), HID_VALUE_RANGE);
	/* -1 exponent on a plain number: tenths */
	f.physical_max = 255;
	f.unit_exponent = -1;
	assert_true(hid_logical_to_physical(&f, 235) == 23.5);
	assert_int_equal(hid_physical_to_logical(&f, 23.5, &l), HID_VALUE_OK);
	assert_int_equal(l, 235);
	/* Volts in hundredths: unit exponent 5, HID's 10^7 for V taken off. */
	f = field(0, 0, 16, 0, 65534);
	f.unit = 0x00F0D121;
	f.unit_exponent = 5;
	assert_true(hid_logical_to_physical(&f, 1350) == 13.5);
	f.unit_exponent = 7;
	assert_true(hid_logical_to_physical(&f, 230) == 230.0);
	/* physical offset: logical 0..100 is -20..80 degrees */
	f = field(0, 0, 8, 0, 100);
	f.physical_min = -20;
	f.physical_max = 80;
	assert_true(hid_logical_to_physical(&f, 0) == -20.0);
	assert_int_equal(hid_physical_to_logical(&f, 25.4, &l), HID_VALUE_OK);
	assert_int_equal(l, 45);
	assert_int_equal(hid_physical_to_logical(&f, -20.6, &l), HID_VALUE_RANGE);
	/* a one-value range maps unchanged, and never divides by zero */
	f = field(0, 0, 8, 5, 5);
	assert_true(hid_logical_to_physical(&f, 5) == 5.0);
	f = field(0, 0, 8, 0, 10);
	f.physical_min = f.physical_max = 3;
	assert_int_equal(hid_physical_to_logical(&f, 3, &l), HID_VALUE_BAD_FIELD);
}

static void test_set(void **state)
{
	uint8_t r[4];
	struct hid_field f = field(9, 12, 12, 0, 4095);
	struct hid_field s = field(9, 8, 4, -8, 7);
	int64_t v;

	memset(r, 0xA5, sizeof(r));
	assert_int_equal(hid_set_logical(&f, 0, r, sizeof(r), 0x123), HID_VALUE_OK);
	assert_int_equal(r[0], 9);    /* the report id is written */
	assert_int_equal(r[1], 0x35); /* low nibble kept */
	assert_int_equal(r[2], 0x12);
	assert_int_equal(r[3], 0xA5);
	assert_int_equal(hid_get_logical(&f, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, 0x123);
	assert_int_equal(hid_set_logical(&s, 0, r, sizeof(r), -3), HID_VALUE_OK);
	assert_int_equal(r[1], 0x3D);
	assert_int_equal(hid_get_logical(&s, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, -3);
	/* Out of range or too short: nothing written. */
	assert_int_equal(hid_set_logical(&f, 0, r, sizeof(r), 4096), HID_VALUE_RANGE);
	assert_int_equal(hid_set_logical(&s, 0, r, sizeof(r), 8), HID_VALUE_RANGE);
	r[0] = 0;
	assert_int_equal(hid_set_logical(&f, 0, r, 2, 1), HID_VALUE_MISSING);
	assert_int_equal(r[0], 0);
	assert_int_equal(r[2], 0x12);
	/* physical in, with an exponent */
	f.unit_exponent = -1;
	assert_int_equal(hid_set_value(&f, r, sizeof(r), 12.3), HID_VALUE_OK);
	assert_int_equal(hid_get_logical(&f, 0, r, sizeof(r), &v), HID_VALUE_OK);
	assert_int_equal(v, 123);
	assert_int_equal(hid_set_value(&f, r, sizeof(r), 409.6), HID_VALUE_RANGE);
}

/* Decoding a report of the real STM32 APC-like descriptor. */
static void test_stm32_report(void **state)
{
	/* Input report 1: capacity 87 %, runtime 1234 s, 13.50 V, then
	 * ACPresent|Charging|BatteryPresent (bits 0, 1, 6) and ShutdownImminent
	 * (bit 8) clear. */
	static const uint8_t in1[] = {0x01, 87, 0xD2, 0x04, 0x46, 0x05, 0x43, 0x00};
	uint8_t d[HID_MAX_DESC_SIZE];
	size_t dlen = load_hex("stm32_ups_hid_apc_spm2k.hex", d, sizeof(d));
	char err[HID_ERR_LEN];
	struct hid_desc *h = hid_parse(d, dlen, err, sizeof(err));
	uint32_t path[HID_MAX_PATH];
	size_t n;
	long from = -1;
	const struct hid_field *f;
	double v;

	assert_non_null(h);
	assert_int_equal(
	    hid_path_parse(NULL, "UPS.PowerSummary.RemainingCapacity", path, HID_MAX_PATH, &n), 0);
	f = hid_find_path(h, HID_REPORT_INPUT, path, n, &from);
	assert_non_null(f);
	assert_int_equal(hid_get_value(f, in1, sizeof(in1), &v), HID_VALUE_OK);
	assert_true(v == 87.0);
	hid_path_parse(NULL, "UPS.PowerSummary.RunTimeToEmpty", path, HID_MAX_PATH, &n);
	from = -1;
	f = hid_find_path(h, HID_REPORT_INPUT, path, n, &from);
	assert_int_equal(hid_get_value(f, in1, sizeof(in1), &v), HID_VALUE_OK);
	assert_true(v == 1234.0);
	hid_path_parse(NULL, "UPS.PowerSummary.Voltage", path, HID_MAX_PATH, &n);
	from = -1;
	f = hid_find_path(h, HID_REPORT_INPUT, path, n, &from);
	assert_int_equal(hid_get_value(f, in1, sizeof(in1), &v), HID_VALUE_OK);
	assert_true(v > 13.4999 && v < 13.5001);
	hid_path_parse(NULL, "UPS.PowerSummary.PresentStatus.BatteryPresent", path, HID_MAX_PATH,
	               &n);
	from = -1;
	f = hid_find_path(h, HID_REPORT_INPUT, path, n, &from);
	assert_int_equal(hid_get_value(f, in1, sizeof(in1), &v), HID_VALUE_OK);
	assert_true(v == 1.0);
	hid_path_parse(NULL, "UPS.PowerSummary.PresentStatus.ShutdownImminent", path, HID_MAX_PATH,
	               &n);
	from = -1;
	f = hid_find_path(h, HID_REPORT_INPUT, path, n, &from);
	assert_int_equal(hid_get_value(f, in1, sizeof(in1), &v), HID_VALUE_OK);
	assert_true(v == 0.0);
	/* The same report cut after the voltage: the status bits are missing. */
	assert_int_equal(hid_get_value(f, in1, 6, &v), HID_VALUE_MISSING);
	hid_desc_free(h);
}

static void test_cache(void **state)
{
	/* Two feature reports (ids 1: 2 bytes, 2: 3 bytes) and input 1. */
	static const uint8_t d[] = {0x05, 0x84, 0x75, 0x08, 0x95, 0x01, 0x26, 0xFF, 0x00,
	                            0x85, 0x01, 0x09, 0x30, 0xB1, 0x02, 0x09, 0x30, 0x81,
	                            0x02, 0x85, 0x02, 0x09, 0x31, 0x95, 0x02, 0xB1, 0x02};
	static const uint8_t r1[] = {0x01, 0x10};
	static const uint8_t r2[] = {0x02, 0x20, 0x21, 0x99}; /* one byte too many */
	static const uint8_t bad[] = {0x02, 0x30};
	static const uint8_t irq[] = {0x01, 0x40};
	char err[HID_ERR_LEN];
	struct hid_desc *h = hid_parse(d, sizeof(d), err, sizeof(err));
	struct hid_cache *c;
	const uint8_t *b;
	size_t len;

	assert_non_null(h);
	c = hid_cache_new(h);
	assert_non_null(c);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 1, 0, 1000, &b, &len), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 3, 0, 1000, &b, &len), -1);
	assert_int_equal(hid_cache_get(c, HID_REPORT_OUTPUT, 1, 0, 1000, &b, &len), -1);
	assert_int_equal(hid_cache_put(c, HID_REPORT_FEATURE, 1, r1, sizeof(r1), 5000), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 1, 5000, 1000, &b, &len), 1);
	assert_int_equal(len, 2);
	assert_memory_equal(b, r1, 2);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 1, 6000, 1000, &b, &len), 1);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 1, 6001, 1000, &b, &len), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 1, 4999, 1000, &b, &len), 0);
	/* Longer than declared is cut; another id, an undeclared report: refused. */
	assert_int_equal(hid_cache_put(c, HID_REPORT_FEATURE, 2, r2, sizeof(r2), 5000), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 2, 5000, 0, &b, &len), 1);
	assert_int_equal(len, 3);
	assert_int_equal(hid_cache_put(c, HID_REPORT_FEATURE, 1, bad, sizeof(bad), 5000), -1);
	assert_int_equal(hid_cache_put(c, HID_REPORT_FEATURE, 9, bad, sizeof(bad), 5000), -1);
	assert_int_equal(hid_cache_put(c, HID_REPORT_FEATURE, 1, bad, 0, 5000), -1);
	/* A short report is kept as it came. */
	assert_int_equal(hid_cache_put(c, HID_REPORT_FEATURE, 2, r2, 2, 5100), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 2, 5100, 0, &b, &len), 1);
	assert_int_equal(len, 2);
	/* Interrupt-IN: the id from the first byte. */
	assert_int_equal(hid_cache_put_interrupt(c, irq, sizeof(irq), 7000), 1);
	assert_int_equal(hid_cache_get(c, HID_REPORT_INPUT, 1, 7000, 10, &b, &len), 1);
	assert_int_equal(b[1], 0x40);
	assert_int_equal(hid_cache_put_interrupt(c, bad, sizeof(bad), 7000), -1);
	assert_int_equal(hid_cache_put_interrupt(c, irq, 0, 7000), -1);
	/* Invalidation: one (type, id), every type of an id, everything. */
	hid_cache_invalidate(c, HID_REPORT_INPUT, 1);
	assert_int_equal(hid_cache_get(c, HID_REPORT_INPUT, 1, 7000, 10, &b, &len), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 1, 5500, 1000, &b, &len), 1);
	hid_cache_put_interrupt(c, irq, sizeof(irq), 7000);
	hid_cache_invalidate(c, 0, 1);
	assert_int_equal(hid_cache_get(c, HID_REPORT_INPUT, 1, 7000, 10, &b, &len), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 1, 5500, 1000, &b, &len), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 2, 5100, 0, &b, &len), 1);
	hid_cache_invalidate_all(c);
	assert_int_equal(hid_cache_get(c, HID_REPORT_FEATURE, 2, 5100, 0, &b, &len), 0);
	hid_cache_free(c);
	hid_desc_free(h);
}

static void test_cache_no_ids(void **state)
{
	static const uint8_t d[] = {0x05, 0x84, 0x75, 0x08, 0x95, 0x02, 0x26,
	                            0xFF, 0x00, 0x09, 0x30, 0x81, 0x02};
	static const uint8_t irq[] = {0x05, 0x06};
	char err[HID_ERR_LEN];
	struct hid_desc *h = hid_parse(d, sizeof(d), err, sizeof(err));
	struct hid_cache *c = hid_cache_new(h);
	const uint8_t *b;
	size_t len;

	assert_non_null(c);
	assert_int_equal(hid_cache_put_interrupt(c, irq, sizeof(irq), 1), 0);
	assert_int_equal(hid_cache_get(c, HID_REPORT_INPUT, 0, 1, 0, &b, &len), 1);
	assert_int_equal(len, 2);
	assert_int_equal(b[0], 5);
	hid_cache_free(c);
	hid_desc_free(h);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bits),    cmocka_unit_test(test_signed),
	    cmocka_unit_test(test_invalid), cmocka_unit_test(test_physical),
	    cmocka_unit_test(test_set),     cmocka_unit_test(test_stm32_report),
	    cmocka_unit_test(test_cache),   cmocka_unit_test(test_cache_no_ids),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
