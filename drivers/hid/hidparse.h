/* hidparse: the USB HID report descriptor parser (HID 1.11, section 6.2.2).
 * It turns a descriptor (bytes, no I/O) into a table of fields: where each
 * value sits in which report, its ranges, unit and usage path, and the length
 * of every report. A descriptor past a documented limit, truncated or
 * structurally broken is refused with the offset and the reason; a field
 * that contradicts itself is left out (its bits kept) and counted. */
#ifndef UPS_HIDPARSE_H
#define UPS_HIDPARSE_H

#include <stddef.h>
#include <stdint.h>

/* Limits (all enforced in hid_parse; listed in docs/architecture.md). */
#define HID_MAX_DESC_SIZE   4096                    /* bytes of report descriptor */
#define HID_MAX_FIELDS      1024                    /* fields in one descriptor */
#define HID_MAX_DEPTH       16                      /* nested collections */
#define HID_MAX_PATH        (2 * HID_MAX_DEPTH + 1) /* nodes in a path */
#define HID_MAX_PUSH        8                       /* Push items without a Pop */
#define HID_MAX_REPORT_SIZE 512 /* bytes of one report, report id byte excluded */
#define HID_MAX_USAGES      64  /* Usage items (a min/max pair is one) per main item */
#define HID_MAX_VALUE_BITS  32  /* bits of one value (Report Size) a field may have */
#define HID_ERR_LEN         128 /* bytes of an error message, NUL included */

/* A path node that is no usage: the index of a collection of a
 * vendor-defined type (0x80 + n), right after the collection's usage. */
#define HID_PATH_INDEX 0x00FF0000u

/* Report types, numbered as GET_REPORT's wValue high byte has them. */
enum hid_report_type {
	HID_REPORT_INPUT = 1,
	HID_REPORT_OUTPUT = 2,
	HID_REPORT_FEATURE = 3,
};
#define HID_REPORT_TYPES 4 /* index bound for arrays indexed by the type */

/* Main item data bits (HID 1.11, 6.2.2.5), kept in hid_field.flags. */
#define HID_FLAG_CONSTANT   0x001 /* else data */
#define HID_FLAG_VARIABLE   0x002 /* else array */
#define HID_FLAG_RELATIVE   0x004
#define HID_FLAG_WRAP       0x008
#define HID_FLAG_NONLINEAR  0x010
#define HID_FLAG_NOPREFERED 0x020
#define HID_FLAG_NULLSTATE  0x040
#define HID_FLAG_VOLATILE   0x080
#define HID_FLAG_BUFFERED   0x100

/* One value of one report. A variable main item gives one field per
 * element (count 1); an array main item gives one field (count = Report
 * Count) whose elements are indices into usage_min..usage_max. Padding
 * (elements with no usage) gives no field but takes its bits. */
struct hid_field {
	uint8_t type;                       /* enum hid_report_type */
	uint8_t report_id;                  /* 0 when the descriptor uses no report ids */
	uint16_t flags;                     /* HID_FLAG_* */
	uint32_t bit_offset;                /* from the first bit of the report as transferred,
	                                       the report id byte included when there is one */
	uint8_t bit_size;                   /* 1..HID_MAX_VALUE_BITS */
	uint16_t count;                     /* elements (1 for a variable field) */
	int64_t logical_min, logical_max;   /* as the spec's sign rule reads them */
	int64_t physical_min, physical_max; /* = logical when the descriptor gives none */
	uint32_t unit;                      /* HID unit code, 0 = none */
	int8_t unit_exponent;               /* -8..7 */
	uint32_t usage_min, usage_max;      /* array fields: usage of index logical_min.. */
	uint8_t path_len;                   /* 1..HID_MAX_PATH */
	uint32_t path[HID_MAX_PATH];        /* outer collection first, the field's usage last;
	                                       HID_PATH_INDEX nodes after vendor-typed ones */
};

struct hid_desc {
	struct hid_field *fields; /* owned, nfields of them, in descriptor order */
	size_t nfields;
	int uses_ids; /* 1 when its Input/Output/Feature items have report ids */
	/* Bytes of each report as transferred (report id byte included when
	 * uses_ids), 0 when the descriptor declares no such report. */
	uint16_t report_len[HID_REPORT_TYPES][256];
	unsigned skipped;          /* fields left out (contradictory ranges, too wide) */
	char warning[HID_ERR_LEN]; /* the first of them, "" if none */
};

/* Parses len bytes of descriptor. Returns a new table (free it with
 * hid_desc_free), or NULL with "offset N: reason" in err (errlen bytes,
 * HID_ERR_LEN is enough) when the descriptor is refused. Never reads past
 * desc + len. */
struct hid_desc *hid_parse(const uint8_t *desc, size_t len, char *err, size_t errlen);
void hid_desc_free(struct hid_desc *d);

/* Bytes of report (type, id) as transferred, 0 when not declared. */
size_t hid_report_len(const struct hid_desc *d, int type, unsigned id);

/* The field whose path equals path[0..n) in the report type (0 = any type),
 * starting after index *from (pass -1 first; set to the index found). NULL
 * when none is left. */
const struct hid_field *hid_find_path(const struct hid_desc *d, int type, const uint32_t *path,
                                      size_t n, long *from);

/* The power of ten that turns the field's physical value into SI units
 * (V, A, W, VA, s, Hz, K): its unit exponent, corrected for the HID SI
 * systems' centimetres and grams (10^-2 per length, 10^-3 per mass
 * dimension, so V, W and VA carry 10^7). For V, A, W, VA, s, K, Hz and
 * A.s this is the correction NUT 2.8.0's usbhid-ups applies. */
int hid_field_si_exponent(const struct hid_field *f);

#endif
