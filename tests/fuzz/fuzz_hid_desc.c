/* fuzz_hid_desc: arbitrary bytes as a HID report descriptor
 * (drivers/hid/hidparse), then, when it parses, reports made of the same
 * bytes decoded against its table (hidreport) at the declared length and
 * shorter. Invariants: every field lies inside its report's declared
 * length, with sane sizes and ranges; a decoded value is inside its logical
 * range; writing it back changes no bit of the report; a report shorter than
 * a field reads MISSING; the cache hands back what was stored; a formatted
 * usage path parses back to a path that formats the same. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "hidparse.h"
#include "hidreport.h"
#include "hidusage.h"

#define FZ_PATH_TEXT (HID_MAX_PATH * HID_NAME_MAX)

static void check_field(const struct hid_desc *d, const struct hid_field *f)
{
	size_t rlen = hid_report_len(d, f->type, f->report_id);
	uint64_t end = f->bit_offset + (uint64_t)f->count * f->bit_size;

	FUZZ_CHECK(f->type >= HID_REPORT_INPUT && f->type <= HID_REPORT_FEATURE);
	FUZZ_CHECK(f->bit_size >= 1 && f->bit_size <= HID_MAX_VALUE_BITS);
	FUZZ_CHECK(f->count >= 1);
	FUZZ_CHECK(rlen > 0 && rlen <= HID_MAX_REPORT_SIZE + 1);
	FUZZ_CHECK(end <= (uint64_t)rlen * 8);
	FUZZ_CHECK((f->report_id != 0) == (d->uses_ids != 0));
	if (f->report_id != 0)
		FUZZ_CHECK(f->bit_offset >= 8);
	FUZZ_CHECK(f->logical_min <= f->logical_max);
	FUZZ_CHECK(f->path_len >= 1 && f->path_len <= HID_MAX_PATH);
	FUZZ_CHECK(f->unit_exponent >= -8 && f->unit_exponent <= 7);
}

static void check_path(const struct hid_field *f)
{
	char s1[FZ_PATH_TEXT], s2[FZ_PATH_TEXT];
	uint32_t path[HID_MAX_PATH];
	size_t n;

	FUZZ_CHECK(hid_path_format(&hid_usages_apc, f->path, f->path_len, s1, sizeof(s1)) == 0);
	FUZZ_CHECK(hid_path_parse(&hid_usages_apc, s1, path, HID_MAX_PATH, &n) == 0);
	FUZZ_CHECK(n == f->path_len);
	FUZZ_CHECK(hid_path_format(&hid_usages_apc, path, n, s2, sizeof(s2)) == 0);
	FUZZ_CHECK(strcmp(s1, s2) == 0);
}

/* Every element of every field of report (type, id) in buf[0..len). */
static void decode(const struct hid_desc *d, int type, unsigned id, uint8_t *buf, size_t len)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct hid_field *f = &d->fields[i];

		if (f->type != type || f->report_id != id)
			continue;
		for (unsigned k = 0; k < f->count && k < 64; k++) {
			uint64_t end = f->bit_offset + (uint64_t)(k + 1) * f->bit_size;
			int64_t v;
			int rc = hid_get_logical(f, k, buf, len, &v);

			if (end > (uint64_t)len * 8) {
				FUZZ_CHECK(rc == HID_VALUE_MISSING);
				continue;
			}
			FUZZ_CHECK(rc == HID_VALUE_OK || rc == HID_VALUE_RANGE);
			if (rc != HID_VALUE_OK)
				continue;
			FUZZ_CHECK(v >= f->logical_min && v <= f->logical_max);
			{
				uint8_t copy[HID_MAX_REPORT_SIZE + 1];
				double p = hid_logical_to_physical(f, v);

				FUZZ_CHECK(p == p); /* not NaN */
				memcpy(copy, buf, len);
				FUZZ_CHECK(hid_set_logical(f, k, copy, len, v) == HID_VALUE_OK);
				FUZZ_CHECK(memcmp(copy, buf, len) == 0);
			}
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[HID_ERR_LEN];
	struct hid_desc *d = hid_parse(data, size, err, sizeof(err));
	struct hid_cache *c;

	if (d == NULL) {
		FUZZ_CHECK(strncmp(err, "offset ", 7) == 0 || strcmp(err, "out of memory") == 0);
		return 0;
	}
	FUZZ_CHECK(d->nfields <= HID_MAX_FIELDS);
	for (size_t i = 0; i < d->nfields; i++) {
		check_field(d, &d->fields[i]);
		if (i < 32)
			check_path(&d->fields[i]);
	}
	c = hid_cache_new(d);
	FUZZ_CHECK(c != NULL);
	for (int type = HID_REPORT_INPUT; type <= HID_REPORT_FEATURE; type++) {
		for (unsigned id = 0; id < 256; id++) {
			size_t rlen = hid_report_len(d, type, id);
			uint8_t buf[HID_MAX_REPORT_SIZE + 1];
			const uint8_t *got;
			size_t glen;

			if (rlen == 0)
				continue;
			FUZZ_CHECK(rlen <= sizeof(buf));
			/* Report bytes from the input itself, id byte first. */
			for (size_t k = 0; k < rlen; k++)
				buf[k] = data[(k * 7 + id) % size];
			if (d->uses_ids)
				buf[0] = (uint8_t)id;
			decode(d, type, id, buf, rlen);
			decode(d, type, id, buf, rlen / 2);
			FUZZ_CHECK(hid_cache_put(c, type, id, buf, rlen, 1000) == 0);
			FUZZ_CHECK(hid_cache_get(c, type, id, 1500, 500, &got, &glen) == 1);
			FUZZ_CHECK(glen == rlen && memcmp(got, buf, rlen) == 0);
			FUZZ_CHECK(hid_cache_get(c, type, id, 1501, 500, &got, &glen) == 0);
		}
	}
	hid_cache_free(c);
	hid_desc_free(d);
	return 0;
}
