/* hidparse: report descriptor parser (see hidparse.h).
 *
 * One pass over the short items (HID 1.11, 6.2.2.2): globals (with a Push
 * stack) and locals accumulate; every Input/Output/Feature item turns them
 * into fields and advances the bit position of its report. Long items are
 * stepped over. Structural faults (truncation, unbalanced collections, Pop
 * without Push, limits) refuse the whole descriptor; a field that only
 * contradicts itself (logical min above max, values wider than 32 bits) is
 * left out, its bits still counted so the fields after it stay in place. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hidparse.h"

enum { ITEM_MAIN = 0, ITEM_GLOBAL = 1, ITEM_LOCAL = 2 };
enum {
	MAIN_INPUT = 0x8,
	MAIN_OUTPUT = 0x9,
	MAIN_COLLECTION = 0xA,
	MAIN_FEATURE = 0xB,
	MAIN_END_COLLECTION = 0xC,
};
enum {
	GLOBAL_USAGE_PAGE = 0x0,
	GLOBAL_LOGICAL_MIN = 0x1,
	GLOBAL_LOGICAL_MAX = 0x2,
	GLOBAL_PHYSICAL_MIN = 0x3,
	GLOBAL_PHYSICAL_MAX = 0x4,
	GLOBAL_UNIT_EXPONENT = 0x5,
	GLOBAL_UNIT = 0x6,
	GLOBAL_REPORT_SIZE = 0x7,
	GLOBAL_REPORT_ID = 0x8,
	GLOBAL_REPORT_COUNT = 0x9,
	GLOBAL_PUSH = 0xA,
	GLOBAL_POP = 0xB,
};
enum {
	LOCAL_USAGE = 0x0,
	LOCAL_USAGE_MIN = 0x1,
	LOCAL_USAGE_MAX = 0x2,
	/* 0x3..0x5 designators, 0x7..0x9 strings: read and ignored. */
	LOCAL_DELIMITER = 0xA,
};
#define HID_LONG_ITEM 0xFE

/* A number item read both ways: the spec's sign rule picks one later. */
struct num {
	int64_t s; /* sign-extended from the item's size */
	int64_t u; /* zero-extended */
};

struct globals {
	uint32_t usage_page;
	struct num lmin, lmax, pmin, pmax;
	uint32_t unit;
	int8_t unit_exp;
	uint32_t report_size;
	uint32_t report_count;
	uint8_t report_id;
};

struct range {
	uint32_t min, max;
};

struct locals {
	struct range u[HID_MAX_USAGES];
	size_t nu;
	uint32_t umin, umax;
	int have_min, have_max;
	int in_delim, delim_used; /* inside a Delimiter set; its first usage taken */
};

struct parser {
	const uint8_t *p;
	size_t len, off;
	struct globals g;
	struct globals stack[HID_MAX_PUSH];
	size_t nstack;
	struct locals l;
	uint32_t coll[HID_MAX_PATH - 1]; /* path nodes of the open collections */
	size_t ncoll;
	uint8_t nodes[HID_MAX_DEPTH]; /* nodes each open collection added (1 or 2) */
	size_t depth;
	uint32_t bits[HID_REPORT_TYPES][256];
	int main_without_id, main_with_id;
	struct hid_desc *d;
	size_t cap;
	char *err;
	size_t errlen;
};

static int fail(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* "offset N: " then the reason, cut to fit (messages are short). */
static void vmessage(char *out, size_t outlen, size_t off, const char *fmt, va_list ap)
{
	int n;

	if (outlen == 0)
		return;
	n = snprintf(out, outlen, "offset %zu: ", off);
	if (n < 0 || (size_t)n >= outlen)
		return;
	vsnprintf(out + n, outlen - (size_t)n, fmt, ap);
}

static int fail(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(ps->err, ps->errlen, ps->off, fmt, ap);
	va_end(ap);
	return -1;
}

static void warn(struct parser *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void warn(struct parser *ps, const char *fmt, ...)
{
	va_list ap;

	ps->d->skipped++;
	if (ps->d->warning[0] != '\0')
		return;
	va_start(ap, fmt);
	vmessage(ps->d->warning, sizeof(ps->d->warning), ps->off, fmt, ap);
	va_end(ap);
}

static int add_range(struct parser *ps, uint32_t min, uint32_t max)
{
	struct locals *l = &ps->l;

	if (l->in_delim) {
		/* Alternatives for one control: the first one stands. */
		if (l->delim_used)
			return 0;
		l->delim_used = 1;
	}
	if (l->nu >= HID_MAX_USAGES)
		return fail(ps, "more than %d usages before one main item", HID_MAX_USAGES);
	l->u[l->nu].min = min;
	l->u[l->nu].max = max;
	l->nu++;
	return 0;
}

/* A usage item's value: 4 bytes carry their own page (extended usage),
 * shorter ones take the current Usage Page. */
static uint32_t full_usage(const struct parser *ps, unsigned size, uint32_t v)
{
	return size == 4 ? v : (ps->g.usage_page << 16) | (v & 0xFFFF);
}

/* Closes a Usage Minimum/Maximum pair (or a lone half of one, taken as a
 * single usage) before the main item uses the list. */
static int flush_minmax(struct parser *ps)
{
	struct locals *l = &ps->l;
	int rc = 0;

	if (l->have_min && l->have_max) {
		if (l->umin > l->umax)
			warn(ps, "usage minimum %08x above maximum %08x, range ignored", l->umin,
			     l->umax);
		else
			rc = add_range(ps, l->umin, l->umax);
	} else if (l->have_min) {
		rc = add_range(ps, l->umin, l->umin);
	} else if (l->have_max) {
		rc = add_range(ps, l->umax, l->umax);
	}
	l->have_min = l->have_max = 0;
	return rc;
}

/* The usage of element i of a variable item: the list unrolled, the last
 * usage repeated for the elements past its end. 0 when there is none. */
static uint32_t usage_of(const struct locals *l, uint32_t i)
{
	uint64_t left = i;

	if (l->nu == 0)
		return 0;
	for (size_t k = 0; k < l->nu; k++) {
		uint64_t n = (uint64_t)l->u[k].max - l->u[k].min + 1;

		if (left < n)
			return l->u[k].min + (uint32_t)left;
		left -= n;
	}
	return l->u[l->nu - 1].max;
}

static int64_t pick(struct num min, struct num max, int is_max)
{
	/* HID 1.11, 6.2.2.7: a maximum that reads negative with a minimum
	 * that does not is an unsigned number. */
	if (!is_max)
		return min.s;
	if (min.s >= 0 && max.s < 0)
		return max.u;
	return max.s;
}

static struct hid_field *new_field(struct parser *ps)
{
	struct hid_desc *d = ps->d;

	if (d->nfields >= HID_MAX_FIELDS) {
		fail(ps, "more than %d fields", HID_MAX_FIELDS);
		return NULL;
	}
	if (d->nfields == ps->cap) {
		size_t ncap = ps->cap ? ps->cap * 2 : 32;
		struct hid_field *nf;

		if (ncap > HID_MAX_FIELDS)
			ncap = HID_MAX_FIELDS;
		nf = realloc(d->fields, ncap * sizeof(*nf));
		if (nf == NULL) {
			fail(ps, "out of memory");
			return NULL;
		}
		d->fields = nf;
		ps->cap = ncap;
	}
	memset(&d->fields[d->nfields], 0, sizeof(d->fields[0]));
	return &d->fields[d->nfields++];
}

static void fill_field(struct parser *ps, struct hid_field *f, int type, uint32_t flags,
                       uint32_t bitpos, uint32_t usage)
{
	const struct globals *g = &ps->g;

	f->type = (uint8_t)type;
	f->report_id = g->report_id;
	f->flags = (uint16_t)flags;
	f->bit_offset = bitpos;
	f->bit_size = (uint8_t)g->report_size;
	f->count = 1;
	f->logical_min = pick(g->lmin, g->lmax, 0);
	f->logical_max = pick(g->lmin, g->lmax, 1);
	f->physical_min = pick(g->pmin, g->pmax, 0);
	f->physical_max = pick(g->pmin, g->pmax, 1);
	if (f->physical_min == 0 && f->physical_max == 0) {
		f->physical_min = f->logical_min;
		f->physical_max = f->logical_max;
	}
	f->unit = g->unit;
	f->unit_exponent = g->unit_exp;
	for (size_t k = 0; k < ps->ncoll; k++)
		f->path[k] = ps->coll[k];
	f->path[ps->ncoll] = usage;
	f->path_len = (uint8_t)(ps->ncoll + 1);
}

/* Input, Output or Feature: fields for its elements, then its bits. */
static int main_data(struct parser *ps, int type, uint32_t flags)
{
	const struct globals *g = &ps->g;
	uint32_t *bits = &ps->bits[type][g->report_id];
	uint64_t total = (uint64_t)g->report_size * g->report_count;
	uint32_t base = (g->report_id ? 8 : 0) + *bits;
	int64_t lmin = pick(g->lmin, g->lmax, 0), lmax = pick(g->lmin, g->lmax, 1);
	int usable = 1;

	if (g->report_id)
		ps->main_with_id = ps->d->uses_ids = 1;
	else
		ps->main_without_id = 1;
	if (ps->main_with_id && ps->main_without_id)
		return fail(ps, "main items both with and without a report id");
	if (*bits + total > (uint64_t)HID_MAX_REPORT_SIZE * 8)
		return fail(ps, "report %u grows past %d bytes", g->report_id, HID_MAX_REPORT_SIZE);
	if (flush_minmax(ps) < 0)
		return -1;
	if (g->report_count == 0 || g->report_size == 0 || ps->l.nu == 0)
		usable = 0; /* padding, or nothing to name */
	else if (g->report_size > HID_MAX_VALUE_BITS) {
		warn(ps, "%u-bit values (more than %d), field left out", g->report_size,
		     HID_MAX_VALUE_BITS);
		usable = 0;
	} else if (lmin > lmax) {
		warn(ps, "logical minimum %lld above maximum %lld, field left out", (long long)lmin,
		     (long long)lmax);
		usable = 0;
	}
	if (usable && (flags & HID_FLAG_VARIABLE)) {
		for (uint32_t i = 0; i < g->report_count; i++) {
			uint32_t usage = usage_of(&ps->l, i);
			struct hid_field *f;

			if (usage == 0 && (flags & HID_FLAG_CONSTANT))
				continue;
			f = new_field(ps);
			if (f == NULL)
				return -1;
			fill_field(ps, f, type, flags, base + i * g->report_size, usage);
		}
	} else if (usable) {
		struct hid_field *f = new_field(ps);

		if (f == NULL)
			return -1;
		fill_field(ps, f, type, flags, base, ps->l.u[0].min);
		f->count = (uint16_t)g->report_count;
		f->usage_min = ps->l.u[0].min;
		f->usage_max = ps->l.u[ps->l.nu - 1].max;
	}
	*bits += (uint32_t)total;
	ps->d->report_len[type][g->report_id] =
	    (uint16_t)((g->report_id ? 1 : 0) + (*bits + 7) / 8);
	return 0;
}

static int item_main(struct parser *ps, unsigned tag, uint32_t v)
{
	int rc = 0;

	switch (tag) {
	case MAIN_INPUT:
		rc = main_data(ps, HID_REPORT_INPUT, v & 0x1FF);
		break;
	case MAIN_OUTPUT:
		rc = main_data(ps, HID_REPORT_OUTPUT, v & 0x1FF);
		break;
	case MAIN_FEATURE:
		rc = main_data(ps, HID_REPORT_FEATURE, v & 0x1FF);
		break;
	case MAIN_COLLECTION:
		if (ps->depth >= HID_MAX_DEPTH)
			return fail(ps, "collections nested deeper than %d", HID_MAX_DEPTH);
		if (flush_minmax(ps) < 0)
			return -1;
		ps->coll[ps->ncoll++] = ps->l.nu ? ps->l.u[0].min : 0;
		ps->nodes[ps->depth] = 1;
		/* A vendor-defined collection type (0x80..0xFF) adds an index node
		 * HID_PATH_INDEX | (type & 0x7F), written "[n]", as NUT does. */
		if (v >= 0x80) {
			ps->coll[ps->ncoll++] = HID_PATH_INDEX | (v & 0x7F);
			ps->nodes[ps->depth] = 2;
		}
		ps->depth++;
		break;
	case MAIN_END_COLLECTION:
		if (ps->depth == 0)
			return fail(ps, "End Collection without a Collection");
		ps->depth--;
		ps->ncoll -= ps->nodes[ps->depth];
		break;
	default:
		break; /* reserved main tags: no effect beyond clearing locals */
	}
	memset(&ps->l, 0, sizeof(ps->l));
	return rc;
}

static int item_global(struct parser *ps, unsigned tag, struct num n)
{
	struct globals *g = &ps->g;

	switch (tag) {
	case GLOBAL_USAGE_PAGE:
		g->usage_page = (uint32_t)n.u & 0xFFFF;
		break;
	case GLOBAL_LOGICAL_MIN:
		g->lmin = n;
		break;
	case GLOBAL_LOGICAL_MAX:
		g->lmax = n;
		break;
	case GLOBAL_PHYSICAL_MIN:
		g->pmin = n;
		break;
	case GLOBAL_PHYSICAL_MAX:
		g->pmax = n;
		break;
	case GLOBAL_UNIT_EXPONENT: {
		int e = (int)(n.u & 0xF); /* 4-bit two's complement */

		g->unit_exp = (int8_t)(e >= 8 ? e - 16 : e);
		break;
	}
	case GLOBAL_UNIT:
		g->unit = (uint32_t)n.u;
		break;
	case GLOBAL_REPORT_SIZE:
		if (n.u > (int64_t)HID_MAX_REPORT_SIZE * 8)
			return fail(ps, "report size %lld bits", (long long)n.u);
		g->report_size = (uint32_t)n.u;
		break;
	case GLOBAL_REPORT_ID:
		if (n.u == 0 || n.u > 255)
			return fail(ps, "report id %lld (1..255)", (long long)n.u);
		g->report_id = (uint8_t)n.u;
		break;
	case GLOBAL_REPORT_COUNT:
		if (n.u > (int64_t)HID_MAX_REPORT_SIZE * 8)
			return fail(ps, "report count %lld", (long long)n.u);
		g->report_count = (uint32_t)n.u;
		break;
	case GLOBAL_PUSH:
		if (ps->nstack >= HID_MAX_PUSH)
			return fail(ps, "more than %d Push items", HID_MAX_PUSH);
		ps->stack[ps->nstack++] = *g;
		break;
	case GLOBAL_POP:
		if (ps->nstack == 0)
			return fail(ps, "Pop without Push");
		*g = ps->stack[--ps->nstack];
		break;
	default:
		break; /* reserved global tags */
	}
	return 0;
}

static int item_local(struct parser *ps, unsigned tag, unsigned size, uint32_t v)
{
	struct locals *l = &ps->l;

	switch (tag) {
	case LOCAL_USAGE:
		return add_range(ps, full_usage(ps, size, v), full_usage(ps, size, v));
	case LOCAL_USAGE_MIN:
		if (l->have_min && flush_minmax(ps) < 0)
			return -1;
		l->umin = full_usage(ps, size, v);
		l->have_min = 1;
		break;
	case LOCAL_USAGE_MAX:
		if (l->have_max && flush_minmax(ps) < 0)
			return -1;
		l->umax = full_usage(ps, size, v);
		l->have_max = 1;
		if (l->have_min)
			return flush_minmax(ps);
		break;
	case LOCAL_DELIMITER:
		if (v == 1) {
			if (l->in_delim)
				return fail(ps, "nested Delimiter");
			l->in_delim = 1;
			l->delim_used = 0;
		} else if (v == 0) {
			if (!l->in_delim)
				return fail(ps, "Delimiter close without open");
			l->in_delim = 0;
		} else {
			return fail(ps, "Delimiter %u", v);
		}
		break;
	default:
		break; /* designators, strings, reserved: nothing a UPS driver uses */
	}
	return 0;
}

static int parse(struct parser *ps)
{
	if (ps->len == 0)
		return fail(ps, "empty descriptor");
	if (ps->len > HID_MAX_DESC_SIZE)
		return fail(ps, "descriptor of %zu bytes (at most %d)", ps->len, HID_MAX_DESC_SIZE);
	while (ps->off < ps->len) {
		uint8_t b = ps->p[ps->off];
		unsigned size = b & 3, type = (b >> 2) & 3, tag = b >> 4;
		struct num n = {0, 0};
		int rc = 0;

		if (b == HID_LONG_ITEM) {
			if (ps->len - ps->off < 3)
				return fail(ps, "truncated long item");
			if (ps->len - ps->off - 3 < ps->p[ps->off + 1])
				return fail(ps, "long item of %u data bytes past the end",
				            ps->p[ps->off + 1]);
			ps->off += 3 + (size_t)ps->p[ps->off + 1];
			continue;
		}
		if (size == 3)
			size = 4;
		if (ps->len - ps->off - 1 < size)
			return fail(ps, "item 0x%02x truncated", b);
		for (unsigned k = 0; k < size; k++)
			n.u |= (int64_t)ps->p[ps->off + 1 + k] << (8 * k);
		n.s = n.u;
		if (size > 0 && (n.u >> (8 * size - 1)) & 1)
			n.s = n.u - ((int64_t)1 << (8 * size));
		switch (type) {
		case ITEM_MAIN:
			rc = item_main(ps, tag, (uint32_t)n.u);
			break;
		case ITEM_GLOBAL:
			rc = item_global(ps, tag, n);
			break;
		case ITEM_LOCAL:
			rc = item_local(ps, tag, size, (uint32_t)n.u);
			break;
		default:
			break; /* reserved item type: skipped whole */
		}
		if (rc < 0)
			return -1;
		ps->off += 1 + size;
	}
	if (ps->depth > 0)
		return fail(ps, "%zu collection%s not closed", ps->depth,
		            ps->depth == 1 ? "" : "s");
	return 0;
}

struct hid_desc *hid_parse(const uint8_t *desc, size_t len, char *err, size_t errlen)
{
	struct parser *ps;
	struct hid_desc *d = NULL;

	if (errlen > 0)
		err[0] = '\0';
	ps = calloc(1, sizeof(*ps));
	if (ps == NULL)
		goto out;
	ps->d = calloc(1, sizeof(*ps->d));
	if (ps->d == NULL)
		goto out;
	ps->p = desc;
	ps->len = len;
	ps->err = err;
	ps->errlen = errlen;
	if (parse(ps) < 0) {
		hid_desc_free(ps->d);
		goto out;
	}
	d = ps->d;
out:
	if (d == NULL && errlen > 0 && err[0] == '\0')
		snprintf(err, errlen, "out of memory");
	free(ps);
	return d;
}

void hid_desc_free(struct hid_desc *d)
{
	if (d == NULL)
		return;
	free(d->fields);
	free(d);
}

size_t hid_report_len(const struct hid_desc *d, int type, unsigned id)
{
	if (type < HID_REPORT_INPUT || type > HID_REPORT_FEATURE || id > 255)
		return 0;
	return d->report_len[type][id];
}

const struct hid_field *hid_find_path(const struct hid_desc *d, int type, const uint32_t *path,
                                      size_t n, long *from)
{
	for (size_t i = (size_t)(*from + 1); i < d->nfields; i++) {
		const struct hid_field *f = &d->fields[i];

		if ((type != 0 && f->type != type) || f->path_len != n)
			continue;
		if (memcmp(f->path, path, n * sizeof(path[0])) == 0) {
			*from = (long)i;
			return f;
		}
	}
	return NULL;
}

static int nibble(uint32_t unit, int k)
{
	int v = (int)((unit >> (4 * k)) & 0xF);

	return v >= 8 ? v - 16 : v;
}

int hid_field_si_exponent(const struct hid_field *f)
{
	int system = (int)(f->unit & 0xF);

	/* SI linear and SI rotation count length in cm and mass in g. */
	if (system != 1 && system != 2)
		return f->unit_exponent;
	return f->unit_exponent - 2 * nibble(f->unit, 1) - 3 * nibble(f->unit, 2);
}
