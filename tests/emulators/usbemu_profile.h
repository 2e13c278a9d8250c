/* usbemu_profile: the text profile of one emulated USB UPS (ids, strings,
 * HID report descriptor, vendor usage names, initial values, interrupt
 * interval), read by the usbups test emulator. No I/O besides reading the
 * profile and the descriptor file it names. */
#ifndef UPS_USBEMU_PROFILE_H
#define UPS_USBEMU_PROFILE_H

#include <stddef.h>
#include <stdint.h>

#include "hidusage.h"

#define PROFILE_MAX_STRING    126 /* characters of a string descriptor (255-byte limit) */
#define PROFILE_MAX_STRINGS   16  /* string descriptor indices 1..15 */
#define PROFILE_MAX_SETS      256 /* "set" lines in one profile */
#define PROFILE_MAX_INTERFACE 3   /* highest HID interface number */
/* Bytes of a report descriptor: what a 16-bit wDescriptorLength allows; one
 * libhid refuses (over HID_MAX_DESC_SIZE, broken) is served as it is. */
#define PROFILE_MAX_DESC 65535
#define PROFILE_MAX_LINE 1024
#define PROFILE_ERR_LEN  256

struct profile_set {
	char path[256]; /* "[feature:|input:|output:]UPS.PowerSummary.RemainingCapacity" */
	char value[64];
};

struct profile {
	char file[512]; /* the profile's own path, for messages */
	uint16_t vendorid, productid;
	/* String descriptors by index ("" = none): 1 manufacturer, 2 product,
	 * 3 serial, others from "string N TEXT" (e.g. iDeviceChemistry). */
	char strings[PROFILE_MAX_STRINGS][PROFILE_MAX_STRING + 1];
	uint8_t *desc; /* report descriptor, owned */
	size_t desc_len;
	const struct hid_usage_table *names; /* NULL: the standard pages only */
	unsigned interval_ms;
	unsigned interface; /* the HID interface's number (others before it are empty) */
	struct profile_set sets[PROFILE_MAX_SETS];
	size_t nsets;
};

/* Reads a profile file into p (zeroed first). Returns 0, or -1 with
 * "file:line: reason" in err (errlen bytes). Free with profile_free. */
int profile_load(struct profile *p, const char *file, char *err, size_t errlen);
void profile_free(struct profile *p);

/* The vendor usage table for a "names" word ("apc", "mge" ...): 0 with *t
 * set (NULL for "none"), -1 for an unknown word. */
int profile_names(const char *word, const struct hid_usage_table **t);

#endif
