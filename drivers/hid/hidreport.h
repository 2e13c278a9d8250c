/* hidreport: values in HID report bytes, and the cache of the last report of
 * each (type, id). Decoding reads a field's bits from a report as
 * transferred and checks them against the logical range; encoding writes a
 * value into a report buffer, keeping every other field's bits. The cache
 * lets one GET_REPORT serve every field of that report for a while. */
#ifndef UPS_HIDREPORT_H
#define UPS_HIDREPORT_H

#include <stddef.h>
#include <stdint.h>

#include "hidparse.h"

enum hid_value_status {
	HID_VALUE_OK = 0,
	HID_VALUE_MISSING = -1,   /* the report is shorter than the field's bits */
	HID_VALUE_BAD_ID = -2,    /* the report's first byte is another report id */
	HID_VALUE_RANGE = -3,     /* outside the logical (or, to encode, physical) range */
	HID_VALUE_BAD_FIELD = -4, /* an index past the field's count, a zero-width range */
};

/* Text for a status ("report shorter than the field" ...), never NULL. */
const char *hid_value_strerror(int status);

/* Element idx (0 for a variable field) of f in the report buf[0..len), as
 * transferred. *logical gets the value (sign-extended when logical_min < 0)
 * only when the status is HID_VALUE_OK; an array element holding a value
 * outside the logical range (no usage pressed) reads HID_VALUE_RANGE. */
int hid_get_logical(const struct hid_field *f, unsigned idx, const uint8_t *buf, size_t len,
                    int64_t *logical);

/* Logical to physical: linear map of the logical range onto the physical
 * one, times 10^hid_field_si_exponent (the unit exponent corrected so that
 * volts, watts and volt-amperes come out in V, W and VA, as NUT's usbhid-ups
 * publishes them). A field whose logical min equals its max maps the value
 * unchanged. */
double hid_logical_to_physical(const struct hid_field *f, int64_t logical);

/* hid_get_logical then hid_logical_to_physical. */
int hid_get_value(const struct hid_field *f, const uint8_t *buf, size_t len, double *value);

/* The inverse: the logical value (rounded to nearest) for a physical value;
 * HID_VALUE_RANGE when it falls outside the logical range. */
int hid_physical_to_logical(const struct hid_field *f, double value, int64_t *logical);

/* Writes a logical value into element idx of f in buf[0..len) (a report as
 * transferred, report id byte included when the field has one: it is set),
 * leaving every other bit as it was. HID_VALUE_RANGE outside the logical
 * range, HID_VALUE_MISSING when len is too short; buf unchanged then. */
int hid_set_logical(const struct hid_field *f, unsigned idx, uint8_t *buf, size_t len,
                    int64_t logical);

/* hid_physical_to_logical then hid_set_logical. */
int hid_set_value(const struct hid_field *f, uint8_t *buf, size_t len, double value);

/* The report cache: one slot per report the descriptor declares, sized
 * from it. Times are the caller's monotonic milliseconds. */
struct hid_cache;

/* A cache for the reports of d (d must outlive it); NULL on no memory. */
struct hid_cache *hid_cache_new(const struct hid_desc *d);
void hid_cache_free(struct hid_cache *c);

/* The cached report (type, id) when it was stored at most max_age_ms before
 * now_ms: returns 1 with *buf and *len pointing into the cache (valid until the
 * next put/invalidate of that slot), 0 when absent or too old, -1 when the
 * descriptor declares no such report. */
int hid_cache_get(const struct hid_cache *c, int type, unsigned id, uint64_t now_ms,
                  uint64_t max_age_ms, const uint8_t **buf, size_t *len);

/* Stores a report read by GET_REPORT (or an interrupt-IN report, type
 * HID_REPORT_INPUT). With report ids, buf[0] must be id. A report shorter
 * than declared is kept as it came (its missing fields read MISSING); longer
 * is cut to the declared length. -1 (nothing stored) for an undeclared
 * report or an id mismatch. */
int hid_cache_put(struct hid_cache *c, int type, unsigned id, const uint8_t *buf, size_t len,
                  uint64_t now_ms);

/* An interrupt-IN transfer: the report id is its first byte when the
 * descriptor uses ids, else 0. Returns the report id stored, or -1. */
int hid_cache_put_interrupt(struct hid_cache *c, const uint8_t *buf, size_t len, uint64_t now_ms);

/* Forgets one report (type 0: every type of that id) / every report. */
void hid_cache_invalidate(struct hid_cache *c, int type, unsigned id);
void hid_cache_invalidate_all(struct hid_cache *c);

#endif
