/* usbhid: the tables that turn HID usage paths into NUT variables, status
 * flags and instant commands, the subdrivers (vendor families, chosen by
 * USB vendor id or subdriver=) and the pure logic on them: binding rows to
 * the fields of a parsed descriptor, formatting values, composing
 * ups.status. No I/O: usbhid-ups.c does the transfers. */
#ifndef UPS_USBHID_H
#define UPS_USBHID_H

#include <stddef.h>
#include <stdint.h>

#include "hidparse.h"
#include "hidusage.h"

enum uh_kind {
	UH_VALUE,  /* number -> variable, printed with fmt */
	UH_ENUM,   /* number looked up in enums -> variable */
	UH_STRING, /* a string descriptor index -> the string */
	UH_DATE,   /* HID date ((y-1980)<<9 | m<<5 | d) -> YYYY/MM/DD */
	UH_STATUS, /* boolean -> ups.status flag (name) */
	UH_CMD,    /* instant command (name): writes value */
};

#define UH_RW       0x01  /* writable: SET writes the field */
#define UH_STATIC   0x02  /* read once at start (ratings, names) */
#define UH_QUICK    0x04  /* read every pollinterval, others every pollfreq */
#define UH_INVERT   0x08  /* status: the flag is set when the field is 0 */
#define UH_OFFDELAY 0x10  /* cmd: write offdelay instead of value */
#define UH_ONDELAY  0x20  /* cmd: write ondelay instead of value */
#define UH_K2C      0x40  /* value: kelvin to degrees Celsius */
#define UH_SLOW     0x100 /* settings: read at start, after a SET and every few full reads */
#define UH_RAW      0x80  /* value: the logical value times the row's value (broken exponents) */
#define UH_SWAB     0x200 /* value: a 16-bit logical value with its two bytes swapped (then UH_RAW) */

struct uh_enum {
	long value;
	const char *text; /* NULL ends the list */
};

/* One row. Rows with the same name (and step) are alternatives: the first
 * that the device has wins. A command is a sequence of steps 0, 1, ...
 * and is offered only when each step has a field. */
struct uh_map {
	const char *name; /* variable, status flag or command; NULL ends a table */
	const char *path; /* "UPS.PowerSummary.RemainingCapacity" */
	enum uh_kind kind;
	unsigned flags;  /* UH_* */
	const char *fmt; /* printf format of a double (UH_VALUE), default "%.0f" */
	double value;    /* UH_CMD: what to write */
	const struct uh_enum *enums;
	uint8_t step; /* UH_CMD: order of the writes */
};

struct uh_subdriver {
	const char *name;                    /* "APC HID": driver.version.data and subdriver= */
	const char *version;                 /* of the mapping */
	const struct hid_usage_table *names; /* vendor usage names, NULL standard only */
	const uint16_t *vendorids;           /* 0-terminated; NULL matches nothing (generic) */
	const struct uh_map *const *tables;  /* NULL-terminated, searched in order */
	/* May be NULL. Splits the USB product string into model, firmware and
	 * auxiliary firmware (each left untouched, "" on entry, if not found). */
	void (*model)(const char *product, char *model, size_t modellen, char *fw, size_t fwlen,
	              char *fwaux, size_t auxlen);
	/* 1: ups.model is the product string, a blank and ups.power.nominal
	 * ("5P" + "650" -> "5P 650"), as Eaton/MGE models are named. */
	int model_power;
};

/* A known device, for subdriver choice and the generated udev rules. */
struct uh_usbid {
	uint16_t vendorid, productid;
	const char *subdriver; /* name of its subdriver */
};

extern const struct uh_subdriver *const uh_subdrivers[]; /* NULL-terminated, generic last */
extern const struct uh_usbid uh_usbids[];                /* ends with vendorid 0 */

/* The subdriver for a vendor id: a vendor's own, else the generic one. */
const struct uh_subdriver *uh_subdriver_for(uint16_t vendorid);
/* By subdriver= (case-insensitive prefix of its name, e.g. "apc", "mge");
 * NULL when none fits. */
const struct uh_subdriver *uh_subdriver_named(const char *name);
/* 1 when a device of these ids is known to us (a udev rule exists). */
int uh_usbid_known(uint16_t vendorid, uint16_t productid);

/* A row bound to the device: the field to GET_REPORT/SET_REPORT (feature
 * when the device has one, else input or output) and the input field of the
 * same path that interrupt-IN reports carry (NULL when none). */
struct uh_bound {
	const struct uh_map *m;
	const struct hid_field *f;
	const struct hid_field *intr;
};

/* Binds every row of sd to d: *out gets a new array (free()) of the rows
 * the device has, first alternative per (name, step) only. Returns the
 * count, or -1 on no memory. */
long uh_bind(const struct uh_subdriver *sd, const struct hid_desc *d, struct uh_bound **out);

/* Formats a decoded physical value for row m into out: 0, or -1 when the
 * value has no text (an unknown enum value, a bad date). */
int uh_format(const struct uh_map *m, double value, char *out, size_t outlen);

/* Status flags in NUT's order; uh_status_compose writes the ones set. */
enum uh_flag {
	UH_F_OL,
	UH_F_OB,
	UH_F_DISCHRG,
	UH_F_CHRG,
	UH_F_LB,
	UH_F_OVER,
	UH_F_RB,
	UH_F_TRIM,
	UH_F_BOOST,
	UH_F_BYPASS,
	UH_F_OFF,
	UH_F_CAL,
	UH_F_COUNT,
};
/* The index of a flag name ("OL" ...), or -1. */
int uh_flag_index(const char *name);
/* "OL CHRG" from set[UH_F_COUNT]; OB wins over OL when both are set. */
void uh_status_compose(const int set[UH_F_COUNT], char *out, size_t outlen);

#endif
