/* uhmap: binding usbhid tables to a device's descriptor, value text and
 * ups.status (see usbhid.h). */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "strutil.h"
#include "usbhid.h"

static const char *const uh_flag_names[UH_F_COUNT] = {
    [UH_F_OL] = "OL",         [UH_F_OB] = "OB",     [UH_F_DISCHRG] = "DISCHRG",
    [UH_F_CHRG] = "CHRG",     [UH_F_LB] = "LB",     [UH_F_OVER] = "OVER",
    [UH_F_RB] = "RB",         [UH_F_TRIM] = "TRIM", [UH_F_BOOST] = "BOOST",
    [UH_F_BYPASS] = "BYPASS", [UH_F_OFF] = "OFF",   [UH_F_CAL] = "CAL",
};

int uh_flag_index(const char *name)
{
	int i;

	for (i = 0; i < UH_F_COUNT; i++) {
		if (strcmp(uh_flag_names[i], name) == 0)
			return i;
	}
	return -1;
}

void uh_status_compose(const int set[UH_F_COUNT], char *out, size_t outlen)
{
	size_t n = 0;
	int i;

	out[0] = '\0';
	for (i = 0; i < UH_F_COUNT; i++) {
		const char *w = uh_flag_names[i];
		size_t wl = strlen(w);

		if (!set[i] || (i == UH_F_OL && set[UH_F_OB]))
			continue;
		if (n + wl + 2 > outlen)
			break;
		if (n > 0)
			out[n++] = ' ';
		memcpy(out + n, w, wl + 1);
		n += wl;
	}
}

const struct uh_subdriver *uh_subdriver_for(uint16_t vendorid)
{
	size_t i, j;

	for (i = 0; uh_subdrivers[i] != NULL; i++) {
		const uint16_t *v = uh_subdrivers[i]->vendorids;

		for (j = 0; v != NULL && v[j] != 0; j++) {
			if (v[j] == vendorid)
				return uh_subdrivers[i];
		}
	}
	return uh_subdrivers[i - 1]; /* the generic one, last */
}

const struct uh_subdriver *uh_subdriver_named(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0)
		return NULL;
	for (i = 0; uh_subdrivers[i] != NULL; i++) {
		if (strncasecmp(uh_subdrivers[i]->name, name, n) == 0)
			return uh_subdrivers[i];
	}
	return NULL;
}

int uh_usbid_known(uint16_t vendorid, uint16_t productid)
{
	size_t i;

	for (i = 0; uh_usbids[i].vendorid != 0; i++) {
		if (uh_usbids[i].vendorid == vendorid && uh_usbids[i].productid == productid)
			return 1;
	}
	return 0;
}

/* The field of path in type, or NULL. */
static const struct hid_field *uh_find(const struct hid_desc *d, int type, const uint32_t *path,
                                       size_t n)
{
	long from = -1;

	return hid_find_path(d, type, path, n, &from);
}

/* 1 when an earlier bound row already has this (name, step). */
static int uh_taken(const struct uh_bound *b, long n, const struct uh_map *m)
{
	long i;

	for (i = 0; i < n; i++) {
		if (b[i].m->kind == m->kind && b[i].m->step == m->step &&
		    strcmp(b[i].m->name, m->name) == 0 &&
		    (m->kind != UH_STATUS || b[i].m->flags == m->flags))
			return 1;
	}
	return 0;
}

long uh_bind(const struct uh_subdriver *sd, const struct hid_desc *d, struct uh_bound **out)
{
	uint32_t path[HID_MAX_PATH];
	struct uh_bound *b;
	size_t n, rows = 0, t, i;
	long nb = 0;

	for (t = 0; sd->tables[t] != NULL; t++) {
		for (i = 0; sd->tables[t][i].name != NULL; i++)
			rows++;
	}
	b = calloc(rows + 1, sizeof(*b));
	if (b == NULL)
		return -1;
	for (t = 0; sd->tables[t] != NULL; t++) {
		for (i = 0; sd->tables[t][i].name != NULL; i++) {
			const struct uh_map *m = &sd->tables[t][i];
			const struct hid_field *f;

			if (uh_taken(b, nb, m))
				continue;
			if (hid_path_parse(sd->names, m->path, path, HID_MAX_PATH, &n) < 0)
				continue;
			f = uh_find(d, HID_REPORT_FEATURE, path, n);
			if (f == NULL)
				f = uh_find(
				    d, m->kind == UH_CMD ? HID_REPORT_OUTPUT : HID_REPORT_INPUT,
				    path, n);
			if (f == NULL)
				continue;
			b[nb].m = m;
			b[nb].f = f;
			b[nb].intr =
			    m->kind == UH_CMD ? NULL : uh_find(d, HID_REPORT_INPUT, path, n);
			nb++;
		}
	}
	*out = b;
	return nb;
}

int uh_format(const struct uh_map *m, double value, char *out, size_t outlen)
{
	size_t i;
	long v;

	switch (m->kind) {
	case UH_ENUM:
		v = lround(value);
		for (i = 0; m->enums != NULL && m->enums[i].text != NULL; i++) {
			if (m->enums[i].value == v)
				return str_copy(out, outlen, m->enums[i].text) < 0 ? -1 : 0;
		}
		return -1;
	case UH_DATE:
		v = lround(value);
		if (v == 0) /* what NUT shows for a date the device leaves empty */
			return str_copy(out, outlen, "not set") < 0 ? -1 : 0;
		if (v < 0 || ((v >> 5) & 15) < 1 || ((v >> 5) & 15) > 12 || (v & 31) < 1)
			return -1;
		return str_fmt(out, outlen, "%04ld/%02ld/%02ld", 1980 + (v >> 9), (v >> 5) & 15,
		               v & 31) < 0
		           ? -1
		           : 0;
	case UH_VALUE:
		if (m->flags & UH_K2C)
			value -= 273.15;
		if (!isfinite(value))
			return -1;
			/* The format is one of the tables' own constant strings. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		if (snprintf(out, outlen, m->fmt != NULL ? m->fmt : "%.0f", value) >= (int)outlen)
			return -1;
#pragma GCC diagnostic pop
		/* "-0" reads oddly; NUT prints 0. */
		if (strcmp(out, "-0") == 0)
			(void)str_copy(out, outlen, "0");
		return 0;
	default:
		return -1;
	}
}
