/* Unit tests for drivers/hid/hidparse and hidusage: the two real report
 * descriptors in tests/data/hid, then hand-made descriptors for each item
 * kind, the limits and the refusals (each with its offset). */
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
#include "hidusage.h"

#include "hexdata.h"

static struct hid_desc *parse_ok(const uint8_t *d, size_t len)
{
	char err[HID_ERR_LEN];
	struct hid_desc *h = hid_parse(d, len, err, sizeof(err));

	if (h == NULL)
		fail_msg("refused: %s", err);
	return h;
}

/* Refused, with this text somewhere in the message. */
static void parse_refused(const uint8_t *d, size_t len, const char *want)
{
	char err[HID_ERR_LEN];
	struct hid_desc *h = hid_parse(d, len, err, sizeof(err));

	if (h != NULL) {
		hid_desc_free(h);
		fail_msg("accepted, wanted \"%s\"", want);
	}
	if (strstr(err, want) == NULL)
		fail_msg("error \"%s\", wanted \"%s\"", err, want);
}

static const struct hid_field *by_path(const struct hid_desc *h, int type, const char *s)
{
	uint32_t path[HID_MAX_PATH];
	size_t n;
	long from = -1;

	if (hid_path_parse(NULL, s, path, HID_MAX_PATH, &n) < 0)
		fail_msg("path %s does not parse", s);
	return hid_find_path(h, type, path, n, &from);
}

static void test_stm32_apc(void **state)
{
	uint8_t d[HID_MAX_DESC_SIZE];
	size_t len = load_hex("stm32_ups_hid_apc_spm2k.hex", d, sizeof(d));
	struct hid_desc *h;
	const struct hid_field *f;
	char s[256];

	assert_int_equal(len, 699);
	h = parse_ok(d, len);
	assert_int_equal(h->nfields, 55);
	assert_true(h->uses_ids);
	assert_int_equal(h->skipped, 0);
	/* id byte + capacity + runtime + voltage + 9 status bits padded to 16 */
	assert_int_equal(hid_report_len(h, HID_REPORT_INPUT, 1), 8);
	assert_int_equal(hid_report_len(h, HID_REPORT_FEATURE, 1), 18);
	assert_int_equal(hid_report_len(h, HID_REPORT_FEATURE, 2), 11);
	assert_int_equal(hid_report_len(h, HID_REPORT_FEATURE, 3), 12);
	assert_int_equal(hid_report_len(h, HID_REPORT_FEATURE, 4), 15);
	assert_int_equal(hid_report_len(h, HID_REPORT_OUTPUT, 1), 0);
	assert_int_equal(hid_report_len(h, HID_REPORT_INPUT, 2), 0);

	f = &h->fields[0];
	assert_int_equal(hid_path_format(NULL, f->path, f->path_len, s, sizeof(s)), 0);
	assert_string_equal(s, "UPS.PowerSummary.RemainingCapacity");
	assert_int_equal(f->type, HID_REPORT_INPUT);
	assert_int_equal(f->report_id, 1);
	assert_int_equal(f->bit_offset, 8);
	assert_int_equal(f->bit_size, 8);
	assert_int_equal(f->logical_max, 100);

	f = by_path(h, HID_REPORT_INPUT, "UPS.PowerSummary.PresentStatus.ShutdownImminent");
	assert_non_null(f);
	assert_int_equal(f->bit_offset, 56);
	assert_int_equal(f->bit_size, 1);
	assert_int_equal(f->flags, HID_FLAG_VARIABLE | HID_FLAG_VOLATILE);

	/* Volts with unit exponent 5: hundredths of a volt. */
	f = by_path(h, HID_REPORT_FEATURE, "UPS.Input.Voltage");
	assert_non_null(f);
	assert_int_equal(f->unit, 0x00F0D121);
	assert_int_equal(f->unit_exponent, 5);
	assert_int_equal(hid_field_si_exponent(f), -2);
	/* Exponent 0xFE in one byte: -2 (Hz, no correction). */
	f = by_path(h, HID_REPORT_FEATURE, "UPS.Input.Frequency");
	assert_int_equal(f->unit_exponent, -2);
	assert_int_equal(hid_field_si_exponent(f), -2);
	/* Watts with exponent 7: plain watts. */
	f = by_path(h, HID_REPORT_FEATURE, "UPS.Output.ConfigActivePower");
	assert_int_equal(hid_field_si_exponent(f), 0);
	/* A signed 16-bit range. */
	f = by_path(h, HID_REPORT_FEATURE, "UPS.Output.Current");
	assert_int_equal(f->logical_min, -32768);
	assert_int_equal(f->logical_max, 32767);
	/* 2-bit string indices packed in one byte. */
	f = by_path(h, HID_REPORT_FEATURE, "UPS.PowerSummary.iSerialNumber");
	assert_int_equal(f->bit_offset, 124);
	assert_int_equal(f->bit_size, 2);
	hid_desc_free(h);
}

static void test_arduino(void **state)
{
	uint8_t d[HID_MAX_DESC_SIZE];
	size_t len = load_hex("arduino_HIDPowerDevice.hex", d, sizeof(d));
	struct hid_desc *h;
	const struct hid_field *f;
	unsigned ids = 0;

	assert_int_equal(len, 400);
	h = parse_ok(d, len);
	assert_int_equal(h->nfields, 58);
	for (unsigned id = 0; id < 256; id++)
		if (hid_report_len(h, HID_REPORT_FEATURE, id) ||
		    hid_report_len(h, HID_REPORT_INPUT, id))
			ids++;
	assert_int_equal(ids, 25);
	/* 15 one-bit flags + 2 padding bits after the id byte. */
	assert_int_equal(hid_report_len(h, HID_REPORT_INPUT, 7), 3);
	assert_int_equal(hid_report_len(h, HID_REPORT_FEATURE, 7), 3);
	f = by_path(h, HID_REPORT_INPUT, "UPS.PowerSummary.PresentStatus.ACPresent");
	assert_non_null(f);
	assert_int_equal(f->report_id, 7);
	assert_int_equal(f->bit_offset, 10);
	/* Constant (0xa3) fields with usages are values, not padding. */
	assert_true(f->flags & HID_FLAG_CONSTANT);
	f = by_path(h, HID_REPORT_FEATURE, "UPS.PowerSummary.DelayBeforeShutdown");
	assert_int_equal(f->logical_min, -32768);
	assert_int_equal(f->logical_max, 32767);
	f = by_path(h, HID_REPORT_FEATURE, "UPS.PowerSummary.RemainingTimeLimit");
	assert_int_equal(f->logical_min, 120);
	assert_int_equal(f->logical_max, 1380);
	assert_int_equal(f->physical_min, 120); /* none given: the logical range */
	assert_int_equal(f->physical_max, 1380);
	/* The same path in two report types: type 0 finds both, in order. */
	{
		uint32_t path[HID_MAX_PATH];
		size_t n;
		long from = -1;

		assert_int_equal(
		    hid_path_parse(NULL, "UPS.PowerSummary.RunTimeToEmpty", path, HID_MAX_PATH, &n),
		    0);
		f = hid_find_path(h, 0, path, n, &from);
		assert_non_null(f);
		assert_int_equal(f->type, HID_REPORT_INPUT);
		f = hid_find_path(h, 0, path, n, &from);
		assert_non_null(f);
		assert_int_equal(f->type, HID_REPORT_FEATURE);
		assert_int_equal(f->report_id, 13);
		assert_null(hid_find_path(h, 0, path, n, &from));
	}
	/* 0x27 ff ff 00 00: 65535, positive in 4 bytes. */
	f = by_path(h, HID_REPORT_FEATURE, "UPS.PowerSummary.ManufacturerDate");
	assert_int_equal(f->logical_max, 65535);
	hid_desc_free(h);
}

/* Input, 1 byte, no report id: ACPresent, then 7 padding bits, then a
 * 12-bit capacity, in a Usage Page 0x84 Application collection. */
static void test_no_ids_and_padding(void **state)
{
	static const uint8_t d[] = {
	    0x05, 0x84, 0x09, 0x04, 0xA1, 0x01,       /* UPS */
	    0x05, 0x85, 0x09, 0xD0, 0x15, 0x00, 0x25, /* ACPresent */
	    0x01, 0x75, 0x01, 0x95, 0x01, 0x81, 0x02, /* Input 1 bit */
	    0x75, 0x07, 0x81, 0x03,                   /* padding */
	    0x09, 0x66, 0x26, 0xFF, 0x0F, 0x75, 0x0C, /* RemainingCapacity 12 bits */
	    0x81, 0x02, 0xC0};
	struct hid_desc *h = parse_ok(d, sizeof(d));
	char s[128];

	assert_false(h->uses_ids);
	assert_int_equal(h->nfields, 2);
	assert_int_equal(h->fields[0].report_id, 0);
	assert_int_equal(h->fields[0].bit_offset, 0);
	assert_int_equal(h->fields[1].bit_offset, 8);
	assert_int_equal(h->fields[1].bit_size, 12);
	assert_int_equal(h->fields[1].logical_max, 4095);
	/* 1 + 7 + 12 bits = 20: 3 bytes, no id byte. */
	assert_int_equal(hid_report_len(h, HID_REPORT_INPUT, 0), 3);
	assert_int_equal(
	    hid_path_format(NULL, h->fields[0].path, h->fields[0].path_len, s, sizeof(s)), 0);
	assert_string_equal(s, "UPS.ACPresent");
	hid_desc_free(h);
}

static void test_long_item(void **state)
{
	/* A long item of 3 data bytes between two usages: stepped over. */
	static const uint8_t d[] = {0x05, 0x84, 0xFE, 0x03, 0x42, 0xAA, 0xBB, 0xCC, 0x09, 0x30,
	                            0x75, 0x08, 0x95, 0x01, 0x26, 0xFF, 0x00, 0xB1, 0x02};
	static const uint8_t trunc1[] = {0x05, 0x84, 0xFE, 0x03};
	static const uint8_t trunc2[] = {0x05, 0x84, 0xFE, 0x03, 0x42, 0xAA, 0xBB};
	struct hid_desc *h = parse_ok(d, sizeof(d));

	assert_int_equal(h->nfields, 1);
	assert_int_equal(h->fields[0].path[0], 0x00840030);
	assert_int_equal(h->fields[0].type, HID_REPORT_FEATURE);
	hid_desc_free(h);
	parse_refused(trunc1, sizeof(trunc1), "offset 2: truncated long item");
	parse_refused(trunc2, sizeof(trunc2), "offset 2: long item of 3 data bytes past the end");
}

static void test_truncated(void **state)
{
	/* 0x27 announces 4 data bytes; only 2 follow. */
	static const uint8_t d[] = {0x05, 0x84, 0x27, 0xFF, 0xFF};

	parse_refused(d, sizeof(d), "offset 2: item 0x27 truncated");
	parse_refused(d, 0, "empty descriptor");
	parse_refused(d, HID_MAX_DESC_SIZE + 1, "at most 4096");
}

static void test_push_pop(void **state)
{
	static const uint8_t d[] = {0x05, 0x84, 0x75, 0x08, 0x95, 0x01,
	                            0x26, 0xFF, 0x00, 0xA4,             /* Push */
	                            0x75, 0x10, 0x27, 0xFF, 0xFF, 0x00, /* 16 bits, 0..65535 */
	                            0x00, 0x09, 0x30, 0xB1, 0x02,       /* Voltage */
	                            0xB4,                               /* Pop */
	                            0x09, 0x35, 0xB1, 0x02}; /* PercentLoad, 8 bits again */
	static const uint8_t pop[] = {0x05, 0x84, 0xB4};
	uint8_t push[HID_MAX_PUSH + 1];
	struct hid_desc *h = parse_ok(d, sizeof(d));

	assert_int_equal(h->nfields, 2);
	assert_int_equal(h->fields[0].bit_size, 16);
	assert_int_equal(h->fields[0].logical_max, 65535);
	assert_int_equal(h->fields[1].bit_size, 8);
	assert_int_equal(h->fields[1].logical_max, 255);
	assert_int_equal(h->fields[1].bit_offset, 16);
	hid_desc_free(h);
	parse_refused(pop, sizeof(pop), "offset 2: Pop without Push");
	memset(push, 0xA4, sizeof(push));
	parse_refused(push, sizeof(push), "offset 8: more than 8 Push items");
}

static void test_collections(void **state)
{
	static const uint8_t unopened[] = {0x05, 0x84, 0xC0};
	static const uint8_t unclosed[] = {0x05, 0x84, 0x09, 0x04, 0xA1,
	                                   0x01, 0x09, 0x24, 0xA1, 0x02};
	uint8_t deep[2 * (HID_MAX_DEPTH + 1)];
	/* Three levels, a field in the middle one after the inner closes. */
	static const uint8_t nested[] = {0x05, 0x84, 0x09, 0x04, 0xA1, 0x01, 0x09, 0x1A,
	                                 0xA1, 0x02, 0x09, 0x1B, 0xA1, 0x02, 0x09, 0x30,
	                                 0x75, 0x08, 0x95, 0x01, 0x26, 0xFF, 0x00, 0xB1,
	                                 0x02, 0xC0, 0x09, 0x32, 0xB1, 0x02, 0xC0, 0xC0};
	/* A vendor-typed collection (0x81): an index node "[1]" after its
	 * usage, gone again with its End Collection. */
	static const uint8_t indexed[] = {
	    0x05, 0x84, 0x09, 0x04, 0xA1, 0x01, 0x09, 0x16, 0xA1, 0x00, 0x09, 0x1A, 0xA1, 0x81,
	    0x09, 0x30, 0x75, 0x08, 0x95, 0x01, 0x26, 0xFF, 0x00, 0xB1, 0x02, 0xC0, 0x09, 0x1C,
	    0xA1, 0xFF, 0x09, 0x30, 0xB1, 0x02, 0xC0, 0x09, 0x35, 0xB1, 0x02, 0xC0, 0xC0};
	uint32_t path[HID_MAX_PATH];
	size_t n;
	struct hid_desc *h;
	char s[128];

	h = parse_ok(indexed, sizeof(indexed));
	assert_int_equal(h->nfields, 3);
	assert_int_equal(h->fields[0].path_len, 5);
	assert_int_equal(h->fields[0].path[3], HID_PATH_INDEX | 1);
	hid_path_format(NULL, h->fields[0].path, h->fields[0].path_len, s, sizeof(s));
	assert_string_equal(s, "UPS.PowerConverter.Input.[1].Voltage");
	hid_path_format(NULL, h->fields[1].path, h->fields[1].path_len, s, sizeof(s));
	assert_string_equal(s, "UPS.PowerConverter.Output.[127].Voltage");
	hid_path_format(NULL, h->fields[2].path, h->fields[2].path_len, s, sizeof(s));
	assert_string_equal(s, "UPS.PowerConverter.PercentLoad");
	assert_int_equal(
	    hid_path_parse(NULL, "UPS.PowerConverter.Input.[1].Voltage", path, HID_MAX_PATH, &n),
	    0);
	assert_int_equal(n, 5);
	assert_memory_equal(path, h->fields[0].path, 5 * sizeof(path[0]));
	assert_int_equal(hid_path_parse(NULL, "UPS.[65536]", path, HID_MAX_PATH, &n), -1);
	assert_int_equal(hid_path_parse(NULL, "UPS.[x]", path, HID_MAX_PATH, &n), -1);
	assert_int_equal(hid_path_parse(NULL, "UPS.[]", path, HID_MAX_PATH, &n), -1);
	hid_desc_free(h);

	parse_refused(unopened, sizeof(unopened), "offset 2: End Collection without a Collection");
	parse_refused(unclosed, sizeof(unclosed), "2 collections not closed");
	for (size_t i = 0; i < sizeof(deep); i += 2) {
		deep[i] = 0xA1;
		deep[i + 1] = 0x02;
	}
	parse_refused(deep, sizeof(deep), "collections nested deeper than 16");
	h = parse_ok(nested, sizeof(nested));
	assert_int_equal(h->nfields, 2);
	assert_int_equal(h->fields[0].path_len, 4);
	hid_path_format(NULL, h->fields[0].path, h->fields[0].path_len, s, sizeof(s));
	assert_string_equal(s, "UPS.Input.InputID.Voltage");
	hid_path_format(NULL, h->fields[1].path, h->fields[1].path_len, s, sizeof(s));
	assert_string_equal(s, "UPS.Input.Frequency");
	hid_desc_free(h);
}

static void test_report_ids(void **state)
{
	static const uint8_t d[] = {0x05, 0x84, 0x75, 0x08, 0x95, 0x01, 0x26, 0xFF,
	                            0x00, 0x85, 0x05, 0x09, 0x30, 0xB1, 0x02, 0x09,
	                            0x31, 0x81, 0x02, 0x85, 0x06, 0x09, 0x32, 0xB1,
	                            0x02, 0x85, 0x05, 0x09, 0x33, 0xB1, 0x02};
	static const uint8_t zero[] = {0x85, 0x00};
	static const uint8_t stray[] = {0x05, 0x84, 0x75, 0x08, 0x95, 0x01,
	                                0x09, 0x30, 0xB1, 0x02, 0x85, 0x01};
	static const uint8_t mixed[] = {0x05, 0x84, 0x75, 0x08, 0x95, 0x01, 0x09, 0x30,
	                                0xB1, 0x02, 0x85, 0x01, 0x09, 0x31, 0xB1, 0x02};
	struct hid_desc *h = parse_ok(d, sizeof(d));

	assert_true(h->uses_ids);
	assert_int_equal(h->nfields, 4);
	/* Report 5 (feature) goes on after report 6: id byte + 2 values. */
	assert_int_equal(h->fields[3].report_id, 5);
	assert_int_equal(h->fields[3].bit_offset, 16);
	assert_int_equal(hid_report_len(h, HID_REPORT_FEATURE, 5), 3);
	assert_int_equal(hid_report_len(h, HID_REPORT_FEATURE, 6), 2);
	/* Input report 5 counts its own bits. */
	assert_int_equal(h->fields[1].bit_offset, 8);
	assert_int_equal(hid_report_len(h, HID_REPORT_INPUT, 5), 2);
	hid_desc_free(h);
	/* A Report ID item after the last main item: nothing uses it, so
	 * the reports stay id-less (the fields and uses_ids agree). */
	h = parse_ok(stray, sizeof(stray));
	assert_false(h->uses_ids);
	assert_int_equal(h->fields[0].report_id, 0);
	assert_int_equal(hid_report_len(h, HID_REPORT_FEATURE, 0), 1);
	hid_desc_free(h);
	parse_refused(zero, sizeof(zero), "offset 0: report id 0");
	parse_refused(mixed, sizeof(mixed), "offset 14: main items both with and without");
}

static void test_extended_usage_and_ranges(void **state)
{
	static const uint8_t d[] = {
	    0x05, 0x01,                   /* page 1 ... */
	    0x0B, 0x66, 0x00, 0x85, 0x00, /* ... but a 32-bit usage 0x85:0x66 */
	    0x75, 0x08, 0x95, 0x01, 0x15, 0x80, 0x25, 0x7F, 0x81, 0x02, /* -128..127 */
	    0x05, 0x84, 0x09, 0x30, 0x15, 0x00, 0x25, 0xFF, 0x81, 0x02, /* 0..255 (unsigned) */
	    0x09, 0x31, 0x16, 0x00, 0x80, 0x26, 0xFF, 0x7F, 0x75, 0x10, 0x81, 0x02, 0x09, 0x32,
	    0x17, 0x00, 0x00, 0x00, 0x80, 0x27, 0xFF, 0xFF, 0xFF, 0x7F, 0x75, 0x20, 0x81,
	    0x02,                                           /* full int32 */
	    0x09, 0x33, 0x15, 0x00, 0x27, 0xFF, 0xFF, 0xFF, /* 0..0xffffffff */
	    0xFF, 0x81, 0x02,
	    /* physical 0..1000 over logical 0..100, exponent -1 (0x0F), unit Kelvin */
	    0x09, 0x36, 0x15, 0x00, 0x25, 0x64, 0x35, 0x00, 0x46, 0xE8, 0x03, 0x55, 0x0F, 0x67,
	    0x01, 0x00, 0x01, 0x00, 0x75, 0x08, 0x81, 0x02};
	struct hid_desc *h = parse_ok(d, sizeof(d));
	const struct hid_field *f = h->fields;

	assert_int_equal(h->nfields, 6);
	assert_int_equal(f[0].path[0], 0x00850066);
	assert_int_equal(f[0].logical_min, -128);
	assert_int_equal(f[0].logical_max, 127);
	assert_int_equal(f[1].logical_min, 0);
	assert_int_equal(f[1].logical_max, 255);
	assert_int_equal(f[2].logical_min, -32768);
	assert_int_equal(f[2].logical_max, 32767);
	assert_int_equal(f[3].logical_min, INT32_MIN);
	assert_int_equal(f[3].logical_max, INT32_MAX);
	assert_true(f[4].logical_max == 0xFFFFFFFFLL);
	assert_int_equal(f[5].physical_min, 0);
	assert_int_equal(f[5].physical_max, 1000);
	assert_int_equal(f[5].unit_exponent, -1);
	assert_int_equal(f[5].unit, 0x00010001);
	assert_int_equal(hid_field_si_exponent(&f[5]), -1);
	assert_int_equal(f[5].bit_offset, 8 + 8 + 16 + 32 + 32);
	hid_desc_free(h);
}

/* Unit Exponent is a 4-bit two's complement number in the low nibble,
 * whatever the item's size: 0x0E, 0xFE and 0xFFF9 are -2, -2 and -7. */
static void test_unit_exponent(void **state)
{
	static const uint8_t d[] = {0x05, 0x84, 0x75, 0x08, 0x95, 0x01, 0x26, 0xFF, 0x00, 0x55,
	                            0x0E, 0x09, 0x30, 0x81, 0x02, 0x55, 0xFE, 0x09, 0x31, 0x81,
	                            0x02, 0x56, 0xF9, 0xFF, 0x09, 0x32, 0x81, 0x02, 0x55, 0x07,
	                            0x09, 0x33, 0x81, 0x02, 0x55, 0x00, 0x09, 0x34, 0x81, 0x02};
	struct hid_desc *h = parse_ok(d, sizeof(d));

	assert_int_equal(h->nfields, 5);
	assert_int_equal(h->fields[0].unit_exponent, -2);
	assert_int_equal(h->fields[1].unit_exponent, -2);
	assert_int_equal(h->fields[2].unit_exponent, -7);
	assert_int_equal(h->fields[3].unit_exponent, 7);
	assert_int_equal(h->fields[4].unit_exponent, 0);
	/* no unit: the exponent as it is */
	assert_int_equal(hid_field_si_exponent(&h->fields[3]), 7);
	hid_desc_free(h);
}

static void test_usage_lists(void **state)
{
	static const uint8_t d[] = {
	    0x05, 0x85, 0x19, 0x44, 0x29, 0x46, /* Charging..FullyCharged */
	    0x09, 0x4B,                         /* NeedReplacement */
	    0x75, 0x01, 0x95, 0x06, 0x25, 0x01, 0x81, 0x02,
	    /* page changes between usages: each usage keeps its own */
	    0x09, 0xD0, 0x05, 0x84, 0x09, 0x69, 0x95, 0x02, 0x81, 0x02,
	    /* a Delimiter set: only its first usage counts */
	    0xA9, 0x01, 0x09, 0x65, 0x09, 0x66, 0xA9, 0x00, 0x95, 0x01, 0x81, 0x02,
	    /* an array of 2 bytes selecting among 0x84:0x60..0x73 */
	    0x19, 0x60, 0x29, 0x73, 0x15, 0x00, 0x25, 0x13, 0x75, 0x08, 0x95, 0x02, 0x81, 0x00};
	static const uint8_t nested_delim[] = {0xA9, 0x01, 0xA9, 0x01};
	static const uint8_t stray_delim[] = {0xA9, 0x00};
	uint8_t many[2 * (HID_MAX_USAGES + 1)];
	struct hid_desc *h = parse_ok(d, sizeof(d));
	const struct hid_field *f = h->fields;

	assert_int_equal(h->nfields, 6 + 2 + 1 + 1);
	assert_int_equal(f[0].path[0], 0x00850044);
	assert_int_equal(f[2].path[0], 0x00850046);
	assert_int_equal(f[3].path[0], 0x0085004B);
	/* past the end of the list, the last usage repeats */
	assert_int_equal(f[5].path[0], 0x0085004B);
	assert_int_equal(f[5].bit_offset, 5);
	assert_int_equal(f[6].path[0], 0x008500D0);
	assert_int_equal(f[7].path[0], 0x00840069);
	assert_int_equal(f[8].path[0], 0x00840065);
	assert_false(f[9].flags & HID_FLAG_VARIABLE);
	assert_int_equal(f[9].count, 2);
	assert_int_equal(f[9].usage_min, 0x00840060);
	assert_int_equal(f[9].usage_max, 0x00840073);
	assert_int_equal(f[9].bit_offset, 9);
	assert_int_equal(hid_report_len(h, HID_REPORT_INPUT, 0), 4); /* 25 bits */
	hid_desc_free(h);
	parse_refused(nested_delim, sizeof(nested_delim), "offset 2: nested Delimiter");
	parse_refused(stray_delim, sizeof(stray_delim), "Delimiter close without open");
	for (size_t i = 0; i < sizeof(many); i += 2) {
		many[i] = 0x09;
		many[i + 1] = (uint8_t)i;
	}
	parse_refused(many, sizeof(many), "more than 64 usages");
}

static void test_limits(void **state)
{
	static const uint8_t count[] = {0x96, 0x01, 0x10}; /* Report Count 4097 */
	static const uint8_t size[] = {0x76, 0x01, 0x10};  /* Report Size 4097 */
	/* 64 x 64 bits = 512 bytes fit; one more byte does not. */
	static const uint8_t big[] = {0x75, 0x40, 0x95, 0x40, 0x81, 0x03,
	                              0x75, 0x08, 0x95, 0x01, 0x81, 0x03};
	/* 255 one-bit fields of a usage range, five times: past 1024 fields */
	static const uint8_t fields[] = {0x05, 0x84, 0x19, 0x01, 0x29, 0xFF, 0x75, 0x01, 0x95, 0xFF,
	                                 0x25, 0x01, 0x81, 0x02, 0x19, 0x01, 0x29, 0xFF, 0x81, 0x02,
	                                 0x19, 0x01, 0x29, 0xFF, 0x81, 0x02, 0x19, 0x01, 0x29, 0xFF,
	                                 0x81, 0x02, 0x19, 0x01, 0x29, 0xFF, 0x81, 0x02};

	parse_refused(count, sizeof(count), "offset 0: report count 4097");
	parse_refused(size, sizeof(size), "offset 0: report size 4097");
	parse_refused(big, sizeof(big), "offset 10: report 0 grows past 512 bytes");
	parse_refused(fields, sizeof(fields), "offset 36: more than 1024 fields");
}

static void test_skipped_fields(void **state)
{
	static const uint8_t d[] = {0x05, 0x84, 0x75, 0x08, 0x95, 0x01, 0x15, 0x10,
	                            0x25, 0x05, /* min 16 > max 5 */
	                            0x09, 0x30, 0x81, 0x02, 0x15, 0x00, 0x26, 0xFF,
	                            0x00, 0x75, 0x28, 0x09, 0x31, 0x81, 0x02, /* 40-bit value */
	                            0x75, 0x08, 0x09, 0x32, 0x81, 0x02};
	struct hid_desc *h = parse_ok(d, sizeof(d));

	assert_int_equal(h->nfields, 1);
	assert_int_equal(h->skipped, 2);
	assert_string_equal(h->warning,
	                    "offset 12: logical minimum 16 above maximum 5, field left out");
	/* The skipped fields' bits still count. */
	assert_int_equal(h->fields[0].bit_offset, 8 + 40);
	assert_int_equal(h->fields[0].path[0], 0x00840032);
	hid_desc_free(h);
}

static void test_usage_names(void **state)
{
	uint32_t path[HID_MAX_PATH], u;
	size_t n;
	char s[64];

	assert_string_equal(hid_usage_name(NULL, 0x00850066), "RemainingCapacity");
	assert_string_equal(hid_usage_name(NULL, 0x00840024), "PowerSummary");
	assert_string_equal(hid_usage_name(NULL, 0x008500D0), "ACPresent");
	assert_string_equal(hid_usage_name(NULL, 0x00850042), "BelowRemainingCapacityLimit");
	assert_null(hid_usage_name(NULL, 0xFF860060));
	assert_string_equal(hid_usage_name(&hid_usages_apc, 0xFF860060), "APCStatusFlag");
	/* vendor first, standard pages after */
	assert_string_equal(hid_usage_name(&hid_usages_apc, 0x00840004), "UPS");
	assert_string_equal(hid_usage_name(&hid_usages_tripplite, 0x00840044), "TLCharging");
	assert_string_equal(hid_usage_name(NULL, 0x00840044), "ConfigActivePower");
	assert_string_equal(hid_usage_name(&hid_usages_mge, 0xFFFF0010), "Phase");
	assert_string_equal(hid_usage_name(&hid_usages_belkin, 0x0086001C), "BELKINOutput");

	path[0] = 0x00840004;
	path[1] = 0xFF860060;
	assert_int_equal(hid_path_format(NULL, path, 2, s, sizeof(s)), 0);
	assert_string_equal(s, "UPS.ff860060");
	assert_int_equal(hid_path_format(&hid_usages_apc, path, 2, s, sizeof(s)), 0);
	assert_string_equal(s, "UPS.APCStatusFlag");
	assert_int_equal(hid_path_format(NULL, path, 2, s, 12), -1);
	assert_string_equal(s, "");
	assert_int_equal(hid_path_format(NULL, path, 2, s, 13), 0);

	assert_int_equal(hid_path_parse(NULL, "UPS.PowerSummary.PresentStatus.ACPresent", path,
	                                HID_MAX_PATH, &n),
	                 0);
	assert_int_equal(n, 4);
	assert_int_equal(path[2], 0x00840002);
	assert_int_equal(path[3], 0x008500D0);
	assert_int_equal(hid_path_parse(NULL, "UPS.ff860060", path, HID_MAX_PATH, &n), 0);
	assert_int_equal(path[1], 0xFF860060);
	assert_int_equal(hid_path_parse(&hid_usages_apc, "UPS.APCStatusFlag", path, 2, &n), 0);
	assert_int_equal(path[1], 0xFF860060);
	assert_int_equal(hid_path_parse(NULL, "UPS.APCStatusFlag", path, 2, &n), -1);
	assert_int_equal(hid_path_parse(NULL, "ups.powersummary", path, 2, &n), -1);
	assert_int_equal(hid_path_parse(NULL, "UPS..Input", path, 4, &n), -1);
	assert_int_equal(hid_path_parse(NULL, "UPS.Input.", path, 4, &n), -1);
	assert_int_equal(hid_path_parse(NULL, "UPS.Input.Voltage", path, 2, &n), -1);
	assert_int_equal(hid_usage_lookup(NULL, "iDevicename", &u), 0); /* NUT's spelling */
	assert_int_equal(u, 0x00850088);
	assert_int_equal(hid_usage_lookup(&hid_usages_powercom, "PowercomUPS", &u), 0);
	assert_int_equal(u, 0x00020004);

	/* Every table sorted, as the binary search needs. */
	{
		const struct hid_usage_table *t[] = {&hid_usages_pdc,       &hid_usages_apc,
		                                     &hid_usages_belkin,    &hid_usages_mge,
		                                     &hid_usages_tripplite, &hid_usages_powercom};

		for (size_t k = 0; k < sizeof(t) / sizeof(t[0]); k++)
			for (size_t i = 1; i < t[k]->n; i++)
				if (t[k]->rows[i - 1].usage > t[k]->rows[i].usage)
					fail_msg("%s: row %zu out of order", t[k]->vendor, i);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_stm32_apc),
	    cmocka_unit_test(test_arduino),
	    cmocka_unit_test(test_no_ids_and_padding),
	    cmocka_unit_test(test_long_item),
	    cmocka_unit_test(test_truncated),
	    cmocka_unit_test(test_push_pop),
	    cmocka_unit_test(test_collections),
	    cmocka_unit_test(test_report_ids),
	    cmocka_unit_test(test_extended_usage_and_ranges),
	    cmocka_unit_test(test_unit_exponent),
	    cmocka_unit_test(test_usage_lists),
	    cmocka_unit_test(test_limits),
	    cmocka_unit_test(test_skipped_fields),
	    cmocka_unit_test(test_usage_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
