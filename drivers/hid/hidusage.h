/* hidusage: names of HID usages and usage paths as NUT's usbhid-ups writes
 * them ("UPS.PowerSummary.RemainingCapacity"). The Power Device (0x84) and
 * Battery System (0x85) pages are always known; a vendor table (APC, Belkin,
 * MGE/Eaton, Tripp Lite, Powercom) is consulted first when the caller names
 * one. CyberPower and Liebert devices use the standard pages only (pass
 * NULL). An unknown usage is written as 8 lowercase hex digits, and a
 * collection index node (page 0x00FF, see HID_PATH_INDEX) as "[n]". */
#ifndef UPS_HIDUSAGE_H
#define UPS_HIDUSAGE_H

#include <stddef.h>
#include <stdint.h>

#define HID_NAME_MAX 64 /* bytes of one path component, NUL included */

struct hid_usage_name {
	uint32_t usage; /* page << 16 | id */
	const char *name;
};

struct hid_usage_table {
	const char *vendor;
	const struct hid_usage_name *rows; /* sorted by usage, ties kept in order */
	size_t n;
};

extern const struct hid_usage_table hid_usages_pdc; /* pages 0x84 and 0x85 */
extern const struct hid_usage_table hid_usages_apc;
extern const struct hid_usage_table hid_usages_belkin;
extern const struct hid_usage_table hid_usages_mge; /* Eaton, MGE, Dell */
extern const struct hid_usage_table hid_usages_tripplite;
extern const struct hid_usage_table hid_usages_powercom;

/* The name of usage in vendor (may be NULL) or else the standard pages;
 * NULL when neither knows it. */
const char *hid_usage_name(const struct hid_usage_table *vendor, uint32_t usage);

/* The usage named name (exact case), vendor first: 0, or -1 when unknown.
 * 8 hex digits ("ff860060") are taken as the usage itself, "[n]" (n
 * decimal, 0..65535) as the index node 0x00FF0000 + n. */
int hid_usage_lookup(const struct hid_usage_table *vendor, const char *name, uint32_t *usage);

/* Writes path[0..n) as "Name.Name.[1].ff860060" into out (outlen bytes).
 * Returns 0, or -1 when it does not fit (out is then ""). */
int hid_path_format(const struct hid_usage_table *vendor, const uint32_t *path, size_t n, char *out,
                    size_t outlen);

/* Splits a dotted path and looks up each part into path (room for max):
 * 0 with *n set, or -1 (an unknown or empty part, more than max parts). */
int hid_path_parse(const struct hid_usage_table *vendor, const char *s, uint32_t *path, size_t max,
                   size_t *n);

#endif
