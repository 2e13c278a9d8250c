/* hidreport: report values and the report cache (see hidreport.h).
 *
 * Report data is little-endian and bit-packed (HID 1.11, 5.8 and 6.2.2.7):
 * a field's bits start at bit_offset counted from bit 0 of byte 0, and may
 * straddle up to five bytes for a 32-bit value. */
#include "config.h"

#include <math.h> /* isfinite only: no libm */
#include <stdlib.h>
#include <string.h>

#include "hidreport.h"

const char *hid_value_strerror(int status)
{
	switch (status) {
	case HID_VALUE_OK:
		return "ok";
	case HID_VALUE_MISSING:
		return "report shorter than the field";
	case HID_VALUE_BAD_ID:
		return "report carries another report id";
	case HID_VALUE_RANGE:
		return "value outside the declared range";
	case HID_VALUE_BAD_FIELD:
		return "no such element in the field";
	default:
		return "unknown status";
	}
}

/* Logical units a physical value may miss the range by (decimal fractions
 * such as 12.3 / 10^-1 are not exact in binary). */
#define HID_ROUND_SLACK 1e-6

/* v times 10^e, dividing for negative e so that 1350 at -2 is exactly
 * 13.5. No libm. */
static double scale(double v, int e)
{
	double p = 1.0;

	for (int i = 0; i < e || i < -e; i++)
		p *= 10.0;
	return e >= 0 ? v * p : v / p;
}

/* Bit position of element idx, and whether buf holds it. */
static int locate(const struct hid_field *f, unsigned idx, const uint8_t *buf, size_t len,
                  uint64_t *pos)
{
	uint64_t end;

	if (idx >= f->count || f->bit_size == 0 || f->bit_size > HID_MAX_VALUE_BITS)
		return HID_VALUE_BAD_FIELD;
	if (f->report_id != 0 && (len == 0 || buf[0] != f->report_id))
		return len == 0 ? HID_VALUE_MISSING : HID_VALUE_BAD_ID;
	*pos = f->bit_offset + (uint64_t)idx * f->bit_size;
	end = *pos + f->bit_size;
	if (end > (uint64_t)len * 8)
		return HID_VALUE_MISSING;
	return HID_VALUE_OK;
}

int hid_get_logical(const struct hid_field *f, unsigned idx, const uint8_t *buf, size_t len,
                    int64_t *logical)
{
	uint64_t pos, raw = 0;
	int64_t v;
	size_t first, last;
	int rc = locate(f, idx, buf, len, &pos);

	if (rc != HID_VALUE_OK)
		return rc;
	first = (size_t)(pos / 8);
	last = (size_t)((pos + f->bit_size - 1) / 8);
	for (size_t k = last + 1; k-- > first;)
		raw = (raw << 8) | buf[k];
	raw >>= pos % 8;
	raw &= (f->bit_size == 64 ? ~0ULL : (1ULL << f->bit_size) - 1);
	v = (int64_t)raw;
	if (f->logical_min < 0 && (raw >> (f->bit_size - 1)) & 1)
		v -= (int64_t)1 << f->bit_size;
	if (v < f->logical_min || v > f->logical_max)
		return HID_VALUE_RANGE;
	*logical = v;
	return HID_VALUE_OK;
}

double hid_logical_to_physical(const struct hid_field *f, int64_t logical)
{
	double v = (double)logical;

	if (f->logical_max != f->logical_min)
		v = (double)(logical - f->logical_min) *
		        (double)(f->physical_max - f->physical_min) /
		        (double)(f->logical_max - f->logical_min) +
		    (double)f->physical_min;
	return scale(v, hid_field_si_exponent(f));
}

int hid_get_value(const struct hid_field *f, const uint8_t *buf, size_t len, double *value)
{
	int64_t l;
	int rc = hid_get_logical(f, 0, buf, len, &l);

	if (rc == HID_VALUE_OK)
		*value = hid_logical_to_physical(f, l);
	return rc;
}

int hid_physical_to_logical(const struct hid_field *f, double value, int64_t *logical)
{
	double v = scale(value, -hid_field_si_exponent(f));
	double l;

	if (f->logical_max != f->logical_min) {
		if (f->physical_max == f->physical_min)
			return HID_VALUE_BAD_FIELD;
		v = (v - (double)f->physical_min) * (double)(f->logical_max - f->logical_min) /
		        (double)(f->physical_max - f->physical_min) +
		    (double)f->logical_min;
	}
	/* Outside the range (beyond float noise) is refused, not clamped; the
	 * check also keeps the conversion to an integer defined. */
	if (!isfinite(v) || v < (double)f->logical_min - HID_ROUND_SLACK ||
	    v > (double)f->logical_max + HID_ROUND_SLACK)
		return HID_VALUE_RANGE;
	l = v < 0 ? -(double)(int64_t)(-v + 0.5) : (double)(int64_t)(v + 0.5);
	if (l < (double)f->logical_min || l > (double)f->logical_max)
		return HID_VALUE_RANGE;
	*logical = (int64_t)l;
	return HID_VALUE_OK;
}

int hid_set_logical(const struct hid_field *f, unsigned idx, uint8_t *buf, size_t len,
                    int64_t logical)
{
	uint64_t pos, raw, mask;
	int rc;

	if (idx >= f->count || f->bit_size == 0 || f->bit_size > HID_MAX_VALUE_BITS)
		return HID_VALUE_BAD_FIELD;
	if (logical < f->logical_min || logical > f->logical_max)
		return HID_VALUE_RANGE;
	pos = f->bit_offset + (uint64_t)idx * f->bit_size;
	if (pos + f->bit_size > (uint64_t)len * 8)
		return HID_VALUE_MISSING;
	if (f->report_id != 0)
		buf[0] = f->report_id;
	rc = locate(f, idx, buf, len, &pos);
	if (rc != HID_VALUE_OK)
		return rc;
	mask = (1ULL << f->bit_size) - 1;
	raw = (uint64_t)logical & mask;
	/* One bit at a time: at most 32 of them, and no byte outside the
	 * field's own bits is rewritten. */
	for (unsigned b = 0; b < f->bit_size; b++) {
		uint64_t p = pos + b;
		uint8_t bit = (uint8_t)(1u << (p % 8));

		if ((raw >> b) & 1)
			buf[p / 8] |= bit;
		else
			buf[p / 8] &= (uint8_t)~bit;
	}
	return HID_VALUE_OK;
}

int hid_set_value(const struct hid_field *f, uint8_t *buf, size_t len, double value)
{
	int64_t l;
	int rc = hid_physical_to_logical(f, value, &l);

	if (rc != HID_VALUE_OK)
		return rc;
	return hid_set_logical(f, 0, buf, len, l);
}

/* The cache. Slots exist for the reports the descriptor declares. */
struct slot {
	uint8_t *data; /* cap bytes (the declared length) */
	size_t cap, len;
	uint64_t stamp_ms;
	int valid;
};

struct hid_cache {
	const struct hid_desc *d;
	struct slot s[HID_REPORT_TYPES][256];
};

struct hid_cache *hid_cache_new(const struct hid_desc *d)
{
	struct hid_cache *c = calloc(1, sizeof(*c));

	if (c == NULL)
		return NULL;
	c->d = d;
	for (int t = HID_REPORT_INPUT; t <= HID_REPORT_FEATURE; t++) {
		for (unsigned id = 0; id < 256; id++) {
			size_t n = d->report_len[t][id];

			if (n == 0)
				continue;
			c->s[t][id].data = calloc(1, n);
			if (c->s[t][id].data == NULL) {
				hid_cache_free(c);
				return NULL;
			}
			c->s[t][id].cap = n;
		}
	}
	return c;
}

void hid_cache_free(struct hid_cache *c)
{
	if (c == NULL)
		return;
	for (int t = 0; t < HID_REPORT_TYPES; t++)
		for (unsigned id = 0; id < 256; id++)
			free(c->s[t][id].data);
	free(c);
}

static struct slot *slot_of(const struct hid_cache *c, int type, unsigned id)
{
	if (type < HID_REPORT_INPUT || type > HID_REPORT_FEATURE || id > 255)
		return NULL;
	if (c->s[type][id].data == NULL)
		return NULL;
	return (struct slot *)&c->s[type][id];
}

int hid_cache_get(const struct hid_cache *c, int type, unsigned id, uint64_t now_ms,
                  uint64_t max_age_ms, const uint8_t **buf, size_t *len)
{
	const struct slot *s = slot_of(c, type, id);

	if (s == NULL)
		return -1;
	/* A stamp from the future (clock handed in wrongly) counts as stale. */
	if (!s->valid || now_ms < s->stamp_ms || now_ms - s->stamp_ms > max_age_ms)
		return 0;
	*buf = s->data;
	*len = s->len;
	return 1;
}

int hid_cache_put(struct hid_cache *c, int type, unsigned id, const uint8_t *buf, size_t len,
                  uint64_t now_ms)
{
	struct slot *s = slot_of(c, type, id);

	if (s == NULL)
		return -1;
	if (c->d->uses_ids && (len == 0 || buf[0] != id))
		return -1;
	if (len > s->cap)
		len = s->cap;
	memcpy(s->data, buf, len);
	s->len = len;
	s->stamp_ms = now_ms;
	s->valid = 1;
	return 0;
}

int hid_cache_put_interrupt(struct hid_cache *c, const uint8_t *buf, size_t len, uint64_t now_ms)
{
	unsigned id = 0;

	if (c->d->uses_ids) {
		if (len == 0)
			return -1;
		id = buf[0];
	}
	if (hid_cache_put(c, HID_REPORT_INPUT, id, buf, len, now_ms) < 0)
		return -1;
	return (int)id;
}

void hid_cache_invalidate(struct hid_cache *c, int type, unsigned id)
{
	for (int t = HID_REPORT_INPUT; t <= HID_REPORT_FEATURE; t++) {
		struct slot *s;

		if (type != 0 && t != type)
			continue;
		s = slot_of(c, t, id);
		if (s != NULL)
			s->valid = 0;
	}
}

void hid_cache_invalidate_all(struct hid_cache *c)
{
	for (int t = 0; t < HID_REPORT_TYPES; t++)
		for (unsigned id = 0; id < 256; id++)
			c->s[t][id].valid = 0;
}
