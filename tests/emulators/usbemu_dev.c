/* usbemu_dev: the emulated USB HID devices (see usbemu_dev.h).
 *
 * The fake device node is a regular file, so poll() on it always says
 * "ready" and libusb reaps after every wake-up. A reap with nothing to hand
 * back therefore waits (the ioctl is answered late) until a URB completes or
 * USBEMU_HOLD_MS pass, instead of answering EAGAIN at once: a program with a
 * transfer in flight does not spin. With nothing in flight a non-blocking
 * reap gets EAGAIN at once, as from the kernel. */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <linux/usbdevice_fs.h>

#include <glib.h>
#include <umockdev.h>

#include "hidparse.h"
#include "hidreport.h"
#include "hidusage.h"
#include "usbemu_dev.h"

#define USB_BUS        1
#define FIRST_DEVNUM   2
#define MAX_URB_BUFFER (8 + 65535) /* setup packet + the longest control data (wLength) */

struct urb {
	UMockdevIoctlClient *client; /* ref */
	UMockdevIoctlData *iod;      /* the struct usbdevfs_urb, ref */
	UMockdevIoctlData *buf;      /* its buffer, ref, NULL when it has none */
	unsigned long addr;          /* the URB's address in the client */
	int buflen;
	uint8_t type, ep;
	gint64 ready_us; /* completed: reapable from then on (monotonic) */
};

struct held_reap {
	unsigned id;
	UMockdevIoctlClient *client; /* ref */
	UMockdevIoctlData *ptr;      /* the client's URB pointer variable, ref */
	int blocking;                /* REAPURB: wait as long as it takes */
};

struct usbdev {
	struct usbemu *emu;
	unsigned index; /* 1-based, as "@N" names it */
	unsigned devnum;
	char devnode[64];
	char syspath[256];
	char *record; /* umockdev device description, for replug */
	struct profile prof;
	struct hid_desc *hd;
	uint8_t *report[HID_REPORT_TYPES][256]; /* as transferred, id byte included */
	uint16_t rlen[HID_REPORT_TYPES][256];   /* their lengths, 0 = not declared */
	int uses_ids;
	uint8_t devdesc[18];
	uint8_t cfgdesc[9 + (PROFILE_MAX_INTERFACE + 1) * 9 + 9 + 7];
	size_t cfglen, hidoff; /* bytes used; where the HID descriptor starts */
	UMockdevIoctlBase *handler;
	int present;
	unsigned gen;   /* bumped by unplug: clients of an older one get ENODEV */
	GQueue pending; /* interrupt-IN URBs waiting for a report */
	GQueue done;    /* completed URBs, not yet reaped */
	GQueue held;    /* reaps waiting for a completion */
	uint8_t intq[256];
	size_t nintq; /* input report ids to send at once, in order */
	unsigned rr;  /* next input report id (index into the declared ones) to send */
	int stall;
	unsigned delay_ms;
	unsigned short_len;
	int badid; /* GET_REPORT answers carry report id + 1 */
	unsigned long nctrl, nintr;
	guint tick;
};

struct usbemu {
	GMutex lock;
	UMockdevTestbed *tb;
	FILE *log;
	int verbose;
	struct usbdev *dev[USBEMU_MAX_DEVICES];
	size_t ndev;
	unsigned next_reap_id;
};

static const char *const type_names[HID_REPORT_TYPES] = {
    [HID_REPORT_INPUT] = "input",
    [HID_REPORT_OUTPUT] = "output",
    [HID_REPORT_FEATURE] = "feature",
};

static void emu_log(struct usbdev *d, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void emu_log(struct usbdev *d, const char *fmt, ...)
{
	va_list ap;

	if (d->emu->log == NULL)
		return;
	if (d->index > 1)
		fprintf(d->emu->log, "@%u ", d->index);
	va_start(ap, fmt);
	vfprintf(d->emu->log, fmt, ap);
	va_end(ap);
	fputc('\n', d->emu->log);
	fflush(d->emu->log);
}

static void hex_bytes(char *out, size_t outlen, const uint8_t *b, size_t n)
{
	size_t i, o = 0;

	out[0] = '\0';
	for (i = 0; i < n && o + 4 < outlen; i++)
		o += (size_t)snprintf(out + o, outlen - o, "%s%02x", i ? " " : "", b[i]);
}

/* ------------------------------------------------------------ descriptors */

static void put(struct usbdev *d, const uint8_t *b, size_t n)
{
	memcpy(d->cfgdesc + d->cfglen, b, n);
	d->cfglen += n;
}

/* Device descriptor; configuration 1 with the HID interface (one
 * interrupt-IN endpoint 0x81) numbered as the profile says, after that
 * many empty vendor-specific interfaces (a composite device's others). */
static void build_descriptors(struct usbdev *d)
{
	const struct profile *p = &d->prof;
	unsigned maxin = 8, id, i;
	uint8_t lo = (uint8_t)(p->desc_len & 0xff), hi = (uint8_t)(p->desc_len >> 8);

	for (id = 0; id < 256; id++)
		if (d->rlen[HID_REPORT_INPUT][id] > maxin)
			maxin = d->rlen[HID_REPORT_INPUT][id];
	if (maxin > 64)
		maxin = 64;
	const uint8_t dev[18] = {18,
	                         1,
	                         0x10,
	                         0x01,
	                         0,
	                         0,
	                         0,
	                         8, /* USB 1.1, max packet 8 */
	                         p->vendorid & 0xff,
	                         p->vendorid >> 8,
	                         p->productid & 0xff,
	                         p->productid >> 8,
	                         0x00,
	                         0x01,
	                         p->strings[1][0] ? 1 : 0,
	                         p->strings[2][0] ? 2 : 0,
	                         p->strings[3][0] ? 3 : 0,
	                         1};
	memcpy(d->devdesc, dev, sizeof(dev));
	const uint8_t cfg[9] = {9, 2, 0, 0, (uint8_t)(p->interface + 1), 1, 0, 0xa0, 50};
	d->cfglen = 0;
	put(d, cfg, sizeof(cfg));
	for (i = 0; i < p->interface; i++) {
		const uint8_t other[9] = {9, 4, (uint8_t)i, 0, 0, 0xff, 0, 0, 0};
		put(d, other, sizeof(other));
	}
	const uint8_t intf[9] = {9, 4, (uint8_t)p->interface, 0, 1, 3, 0, 0, 0};
	put(d, intf, sizeof(intf));
	d->hidoff = d->cfglen;
	const uint8_t hid[9] = {9, 0x21, 0x10, 0x01, 0, 1, 0x22, lo, hi};
	put(d, hid, sizeof(hid));
	const uint8_t ep[7] = {7, 5, 0x81, 3, (uint8_t)maxin, 0, 10};
	put(d, ep, sizeof(ep));
	d->cfgdesc[2] = (uint8_t)d->cfglen;
}

/* The string descriptor idx (0: the language list) into out; its length. */
static size_t string_desc(const struct usbdev *d, unsigned idx, uint8_t *out)
{
	const char *s;
	size_t i, n;

	if (idx == 0) {
		out[0] = 4;
		out[1] = 3;
		out[2] = 0x09;
		out[3] = 0x04;
		return 4;
	}
	if (idx >= PROFILE_MAX_STRINGS)
		return 0;
	s = d->prof.strings[idx];
	if (s[0] == '\0')
		return 0;
	n = strlen(s);
	out[0] = (uint8_t)(2 + 2 * n);
	out[1] = 3;
	for (i = 0; i < n; i++) {
		out[2 + 2 * i] = (uint8_t)s[i];
		out[3 + 2 * i] = 0;
	}
	return 2 + 2 * n;
}

static void append(GString *s, const char *key, const char *val)
{
	const char *c;

	if (val[0] == '\0') /* libumockdev rejects empty attributes */
		return;
	g_string_append(s, key);
	for (c = val; *c; c++) {
		if (*c == '\\')
			g_string_append(s, "\\\\");
		else
			g_string_append_c(s, *c);
	}
	g_string_append_c(s, '\n');
}

/* The umockdev description of the device: what libusb reads from sysfs and
 * udev to enumerate it. Hex must be uppercase. */
static char *build_record(const struct usbdev *d)
{
	GString *s = g_string_new(NULL), *hex = g_string_new(NULL);
	size_t i;

	for (i = 0; i < sizeof(d->devdesc); i++)
		g_string_append_printf(hex, "%02X", d->devdesc[i]);
	for (i = 0; i < d->cfglen; i++)
		g_string_append_printf(hex, "%02X", d->cfgdesc[i]);
	g_string_append_printf(s,
	                       "P: /devices/pci0000:00/0000:00:14.0/usb%u/%u-%u\n"
	                       "N: bus/usb/%03u/%03u=%s\n"
	                       "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\n"
	                       "E: DEVNAME=/dev/bus/usb/%03u/%03u\n"
	                       "E: BUSNUM=%03u\nE: DEVNUM=%03u\nE: MAJOR=189\nE: MINOR=%u\n"
	                       "E: PRODUCT=%x/%x/100\n"
	                       "A: busnum=%u\nA: devnum=%u\nA: idVendor=%04x\nA: idProduct=%04x\n"
	                       "A: bcdDevice=0100\nA: bConfigurationValue=1\n"
	                       "A: bNumConfigurations=1\nA: bNumInterfaces= %u\n"
	                       "A: bDeviceClass=00\nA: bMaxPacketSize0=8\nA: speed=12\n"
	                       "A: dev=189:%u\n",
	                       USB_BUS, USB_BUS, d->index, USB_BUS, d->devnum, hex->str, USB_BUS,
	                       d->devnum, USB_BUS, d->devnum, (USB_BUS - 1) * 128 + d->devnum - 1,
	                       d->prof.vendorid, d->prof.productid, USB_BUS, d->devnum,
	                       d->prof.vendorid, d->prof.productid, d->prof.interface + 1,
	                       (USB_BUS - 1) * 128 + d->devnum - 1);
	append(s, "A: manufacturer=", d->prof.strings[1]);
	append(s, "A: product=", d->prof.strings[2]);
	append(s, "A: serial=", d->prof.strings[3]);
	g_string_append_printf(s, "H: descriptors=%s\n", hex->str);
	g_string_free(hex, TRUE);
	return g_string_free(s, FALSE);
}

/* ------------------------------------------------------------ report state */

/* Applies "[type:]PATH" = value to every field with that path (of that
 * type). Queues the input reports that changed. 0 or -1 with err. */
static int dev_set(struct usbdev *d, const char *spec, const char *value, char *err, size_t errlen)
{
	uint32_t nodes[HID_MAX_PATH];
	const struct hid_field *f;
	size_t n, len, i;
	long from = -1;
	int type = 0, found = 0, rc;
	const char *colon = strchr(spec, ':');
	char *end;
	double v;

	if (colon != NULL) {
		for (type = 1; type < HID_REPORT_TYPES; type++)
			if (strncmp(spec, type_names[type], (size_t)(colon - spec)) == 0 &&
			    strlen(type_names[type]) == (size_t)(colon - spec))
				break;
		if (type == HID_REPORT_TYPES) {
			snprintf(err, errlen, "unknown report type in %s", spec);
			return -1;
		}
		spec = colon + 1;
	}
	if (d->hd == NULL) {
		snprintf(err, errlen, "the report descriptor was not parsed: no fields");
		return -1;
	}
	v = strtod(value, &end);
	if (end == value || *end != '\0') {
		snprintf(err, errlen, "not a number: %s", value);
		return -1;
	}
	if (hid_path_parse(d->prof.names, spec, nodes, HID_MAX_PATH, &n) < 0) {
		snprintf(err, errlen, "unknown path %s", spec);
		return -1;
	}
	while ((f = hid_find_path(d->hd, type, nodes, n, &from)) != NULL) {
		uint8_t *buf = d->report[f->type][f->report_id];
		len = d->rlen[f->type][f->report_id];
		rc = hid_set_value(f, buf, len, v);
		if (rc != HID_VALUE_OK) {
			snprintf(err, errlen, "%s %s: %s", type_names[f->type], spec,
			         hid_value_strerror(rc));
			return -1;
		}
		found++;
		if (f->type != HID_REPORT_INPUT)
			continue;
		for (i = 0; i < d->nintq; i++)
			if (d->intq[i] == f->report_id)
				break;
		if (i == d->nintq && d->nintq < sizeof(d->intq))
			d->intq[d->nintq++] = f->report_id;
	}
	if (!found) {
		snprintf(err, errlen, "no field %s%s", colon ? "of that type " : "", spec);
		return -1;
	}
	return 0;
}

/* Overwrites the first bytes of report (type word, id) with hex digits
 * (the bytes as transferred, report id byte included), whatever the fields
 * say: out-of-range values, garbage. Queues an input report. */
static int dev_raw(struct usbdev *d, const char *tword, const char *idword, const char *hex,
                   char *err, size_t errlen)
{
	unsigned type, id, i;
	size_t len = strlen(hex);
	char *end;

	for (type = 1; type < HID_REPORT_TYPES; type++)
		if (strcmp(tword, type_names[type]) == 0)
			break;
	id = (unsigned)strtoul(idword, &end, 10);
	if (type == HID_REPORT_TYPES || *end != '\0' || end == idword || id > 255 ||
	    d->report[type][id] == NULL) {
		snprintf(err, errlen, "no %s report %s", tword, idword);
		return -1;
	}
	if (len == 0 || len % 2 != 0 || len / 2 > d->rlen[type][id] ||
	    strspn(hex, "0123456789abcdefABCDEF") != len) {
		snprintf(err, errlen, "need 1..%u bytes as hex digits", d->rlen[type][id]);
		return -1;
	}
	for (i = 0; i < len / 2; i++) {
		char b[3] = {hex[2 * i], hex[2 * i + 1], '\0'};
		d->report[type][id][i] = (uint8_t)strtoul(b, NULL, 16);
	}
	if (type == HID_REPORT_INPUT) {
		for (i = 0; i < d->nintq; i++)
			if (d->intq[i] == id)
				break;
		if (i == d->nintq && d->nintq < sizeof(d->intq))
			d->intq[d->nintq++] = (uint8_t)id;
	}
	return 0;
}

static int dev_get(struct usbdev *d, const char *spec, double *v, char *err, size_t errlen)
{
	uint32_t nodes[HID_MAX_PATH];
	const struct hid_field *f;
	size_t n;
	long from = -1;
	int type = 0, rc;
	const char *colon = strchr(spec, ':');

	if (colon != NULL) {
		for (type = 1; type < HID_REPORT_TYPES; type++)
			if (strlen(type_names[type]) == (size_t)(colon - spec) &&
			    strncmp(spec, type_names[type], (size_t)(colon - spec)) == 0)
				break;
		if (type == HID_REPORT_TYPES) {
			snprintf(err, errlen, "unknown report type in %s", spec);
			return -1;
		}
		spec = colon + 1;
	}
	if (hid_path_parse(d->prof.names, spec, nodes, HID_MAX_PATH, &n) < 0) {
		snprintf(err, errlen, "unknown path %s", spec);
		return -1;
	}
	if (d->hd == NULL) {
		snprintf(err, errlen, "the report descriptor was not parsed: no fields");
		return -1;
	}
	f = hid_find_path(d->hd, type, nodes, n, &from);
	if (f == NULL) {
		snprintf(err, errlen, "no field %s", spec);
		return -1;
	}
	rc = hid_get_value(f, d->report[f->type][f->report_id], d->rlen[f->type][f->report_id], v);
	if (rc != HID_VALUE_OK) {
		snprintf(err, errlen, "%s", hid_value_strerror(rc));
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ URBs */

static struct usbdevfs_urb *urb_struct(struct urb *u)
{
	return (struct usbdevfs_urb *)u->iod->data;
}

static void urb_free(struct urb *u)
{
	g_object_unref(u->client);
	g_object_unref(u->iod);
	if (u->buf != NULL)
		g_object_unref(u->buf);
	g_free(u);
}

static void held_free(struct held_reap *h)
{
	g_object_unref(h->client);
	g_object_unref(h->ptr);
	g_free(h);
}

/* The first completed URB of client that may be reaped now, taken out. */
static struct urb *take_ready(struct usbdev *d, UMockdevIoctlClient *client, gint64 now)
{
	GList *l;

	for (l = d->done.head; l != NULL; l = l->next) {
		struct urb *u = l->data;
		if (u->client == client && u->ready_us <= now) {
			g_queue_delete_link(&d->done, l);
			return u;
		}
	}
	return NULL;
}

static void give_urb(struct usbdev *d, UMockdevIoctlClient *client, UMockdevIoctlData *ptr,
                     struct urb *u)
{
	if (d->emu->verbose)
		fprintf(stderr, "usbups: reap urb %#lx ep %02x status %d\n", u->addr, u->ep,
		        urb_struct(u)->status);
	umockdev_ioctl_data_set_ptr(ptr, 0, u->iod);
	umockdev_ioctl_client_complete(client, 0, 0);
	urb_free(u);
}

static gboolean held_timeout(gpointer data);

/* The earliest time a held reap of client needs another look. */
static guint hold_ms(struct usbdev *d, UMockdevIoctlClient *client, gint64 now)
{
	gint64 wait = USBEMU_HOLD_MS * 1000;
	GList *l;

	for (l = d->done.head; l != NULL; l = l->next) {
		struct urb *u = l->data;
		if (u->client == client && u->ready_us - now < wait)
			wait = u->ready_us - now;
	}
	if (wait < 1000)
		wait = 1000;
	return (guint)(wait / 1000);
}

struct hold_key {
	struct usbdev *d;
	unsigned id;
};

static void hold_arm(struct usbdev *d, struct held_reap *h, gint64 now)
{
	struct hold_key *k = g_new(struct hold_key, 1);

	k->d = d;
	k->id = h->id;
	g_timeout_add_full(G_PRIORITY_DEFAULT, hold_ms(d, h->client, now), held_timeout, k, g_free);
}

/* Answers every held reap that now has a completed URB. Lock held. */
static void serve_held(struct usbdev *d)
{
	gint64 now = g_get_monotonic_time();
	GList *l, *next;

	for (l = d->held.head; l != NULL; l = next) {
		struct held_reap *h = l->data;
		struct urb *u;

		next = l->next;
		u = take_ready(d, h->client, now);
		if (u == NULL)
			continue;
		g_queue_delete_link(&d->held, l);
		give_urb(d, h->client, h->ptr, u);
		held_free(h);
	}
}

static gboolean held_timeout(gpointer data)
{
	struct hold_key *k = data;
	struct usbdev *d = k->d;
	gint64 now = g_get_monotonic_time();
	GList *l;

	g_mutex_lock(&d->emu->lock);
	for (l = d->held.head; l != NULL; l = l->next) {
		struct held_reap *h = l->data;
		struct urb *u;

		if (h->id != k->id)
			continue;
		u = take_ready(d, h->client, now);
		if (u != NULL) {
			g_queue_delete_link(&d->held, l);
			give_urb(d, h->client, h->ptr, u);
			held_free(h);
		} else if (h->blocking && umockdev_ioctl_client_get_connected(h->client)) {
			hold_arm(d, h, now);
		} else {
			g_queue_delete_link(&d->held, l);
			if (umockdev_ioctl_client_get_connected(h->client))
				umockdev_ioctl_client_complete(h->client, -1, EAGAIN);
			held_free(h);
		}
		break;
	}
	g_mutex_unlock(&d->emu->lock);
	return G_SOURCE_REMOVE;
}

/* Fills an interrupt-IN URB with input report id and completes it. */
static void int_complete(struct usbdev *d, struct urb *u, unsigned id)
{
	const uint8_t *r = d->report[HID_REPORT_INPUT][id];
	size_t n = d->rlen[HID_REPORT_INPUT][id];
	struct usbdevfs_urb *s = urb_struct(u);
	char hex[3 * 64 + 1];

	if (n > (size_t)u->buflen)
		n = (size_t)u->buflen;
	if (n > 0 && u->buf != NULL)
		memcpy(u->buf->data, r, n);
	s->actual_length = (int)n;
	s->status = 0;
	hex_bytes(hex, sizeof(hex), r, n);
	emu_log(d, "INTERRUPT in len=%zu data=%s", n, hex);
	u->ready_us = g_get_monotonic_time();
	g_queue_push_tail(&d->done, u);
}

/* The next input report id in turn, -1 when the device declares none. */
static int next_input_id(struct usbdev *d)
{
	unsigned i, id;

	for (i = 0; i < 256; i++) {
		id = (d->rr + i) % 256;
		if (d->report[HID_REPORT_INPUT][id] != NULL) {
			d->rr = id + 1;
			return (int)id;
		}
	}
	return -1;
}

/* Completes waiting interrupt-IN URBs with the queued input reports. */
static void flush_intq(struct usbdev *d)
{
	while (d->nintq > 0 && d->pending.length > 0) {
		struct urb *u = g_queue_pop_head(&d->pending);
		unsigned id = d->intq[0];
		memmove(d->intq, d->intq + 1, --d->nintq);
		int_complete(d, u, id);
	}
	serve_held(d);
}

static void drop_client_urbs(GQueue *q)
{
	GList *l, *next;

	for (l = q->head; l != NULL; l = next) {
		struct urb *u = l->data;
		next = l->next;
		if (!umockdev_ioctl_client_get_connected(u->client)) {
			g_queue_delete_link(q, l);
			urb_free(u);
		}
	}
}

static gboolean tick(gpointer data)
{
	struct usbdev *d = data;
	int id;

	g_mutex_lock(&d->emu->lock);
	drop_client_urbs(&d->pending);
	drop_client_urbs(&d->done);
	if (d->present && d->pending.length > 0) {
		if (d->nintq > 0) {
			flush_intq(d);
		} else if ((id = next_input_id(d)) >= 0) {
			int_complete(d, g_queue_pop_head(&d->pending), (unsigned)id);
			serve_held(d);
		}
	}
	g_mutex_unlock(&d->emu->lock);
	return G_SOURCE_CONTINUE;
}

/* ------------------------------------------------------------ control requests */

/* Runs one control request; data holds wLength bytes (OUT: the payload).
 * Returns the bytes transferred, or -errno (-EPIPE: stall). */
static int control(struct usbdev *d, const uint8_t *setup, uint8_t *data)
{
	unsigned rt = setup[0], req = setup[1];
	unsigned wvalue = setup[2] | setup[3] << 8, windex = setup[4] | setup[5] << 8;
	unsigned wlength = setup[6] | setup[7] << 8;
	unsigned type = wvalue >> 8, id = wvalue & 0xff;
	uint8_t tmp[256];
	size_t n = 0, rl;
	char hex[3 * 64 + 1];
	const uint8_t *src = NULL;
	int wrong_id = 0;

	d->nctrl++;
	if (d->stall) {
		emu_log(d, "CONTROL %02x %02x %04x %04x %u stalled", rt, req, wvalue, windex,
		        wlength);
		return -EPIPE;
	}
	if ((rt == 0x80 || rt == 0x81) && req == 6) { /* GET_DESCRIPTOR */
		const char *what = NULL;
		switch (type) {
		case 1:
			src = d->devdesc, n = sizeof(d->devdesc), what = "device";
			break;
		case 2:
			src = d->cfgdesc, n = d->cfglen, what = "config";
			break;
		case 3:
			n = string_desc(d, id, tmp), src = tmp;
			emu_log(d, "GET_DESCRIPTOR string idx=%u lang=%04x%s", id, windex,
			        n == 0 ? " stalled" : "");
			if (n == 0)
				return -EPIPE;
			break;
		case 0x21:
			src = d->cfgdesc + d->hidoff, n = 9, what = "hid";
			break;
		case 0x22:
			src = d->prof.desc, n = d->prof.desc_len, what = "report";
			break;
		default:
			emu_log(d, "GET_DESCRIPTOR type=%02x stalled", type);
			return -EPIPE;
		}
		if (what != NULL) /* len: the bytes answered, as for GET_REPORT */
			emu_log(d, "GET_DESCRIPTOR %s len=%zu", what, n < wlength ? n : wlength);
	} else if (rt == 0xa1 && req == 0x01) { /* GET_REPORT */
		if (type < 1 || type >= HID_REPORT_TYPES || d->report[type][id] == NULL) {
			emu_log(d, "GET_REPORT type=%u id=%u stalled (no such report)", type, id);
			return -EPIPE;
		}
		src = d->report[type][id];
		n = d->rlen[type][id];
		if (d->short_len > 0 && n > d->short_len)
			n = d->short_len;
		if (n > wlength)
			n = wlength;
		wrong_id = d->badid && d->uses_ids && n > 0;
		emu_log(d, "GET_REPORT %s id=%u len=%zu%s", type_names[type], id, n,
		        wrong_id ? " (answered with another id)" : "");
	} else if (rt == 0x21 && req == 0x09) { /* SET_REPORT */
		hex_bytes(hex, sizeof(hex), data, wlength);
		if (type < 1 || type >= HID_REPORT_TYPES || d->report[type][id] == NULL ||
		    (d->uses_ids && (wlength == 0 || data[0] != id))) {
			emu_log(d, "SET_REPORT type=%u id=%u len=%u data=%s stalled", type, id,
			        wlength, hex);
			return -EPIPE;
		}
		emu_log(d, "SET_REPORT %s id=%u len=%u data=%s", type_names[type], id, wlength,
		        hex);
		rl = d->rlen[type][id];
		memcpy(d->report[type][id], data, wlength < rl ? wlength : rl);
		return (int)wlength;
	} else if (rt == 0x21 && (req == 0x0a || req == 0x0b)) { /* SET_IDLE, SET_PROTOCOL */
		emu_log(d, "%s value=%04x", req == 0x0a ? "SET_IDLE" : "SET_PROTOCOL", wvalue);
		return 0;
	} else if (rt == 0xa1 && (req == 0x02 || req == 0x03)) { /* GET_IDLE, GET_PROTOCOL */
		tmp[0] = req == 0x03 ? 1 : 0;
		src = tmp, n = 1;
		emu_log(d, "%s", req == 0x02 ? "GET_IDLE" : "GET_PROTOCOL");
	} else if (rt == 0x80 && req == 0x00) { /* GET_STATUS */
		tmp[0] = tmp[1] = 0;
		src = tmp, n = 2;
		emu_log(d, "GET_STATUS");
	} else if (rt == 0x80 && req == 0x08) { /* GET_CONFIGURATION */
		tmp[0] = 1;
		src = tmp, n = 1;
		emu_log(d, "GET_CONFIGURATION");
	} else if ((rt == 0x00 && req == 0x09) || (rt == 0x01 && req == 0x0b) ||
	           (rt <= 0x02 && (req == 0x01 || req == 0x03))) {
		emu_log(d, "CONTROL %02x %02x %04x %04x", rt, req, wvalue, windex);
		return 0; /* SET_CONFIGURATION, SET_INTERFACE, CLEAR/SET_FEATURE */
	} else {
		emu_log(d, "CONTROL %02x %02x %04x %04x %u stalled (unknown)", rt, req, wvalue,
		        windex, wlength);
		return -EPIPE;
	}
	if (n > wlength)
		n = wlength;
	memcpy(data, src, n);
	if (wrong_id)
		data[0] = (uint8_t)(id + 1);
	return (int)n;
}

/* ------------------------------------------------------------ ioctls */

static void submit(struct usbdev *d, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	UMockdevIoctlData *iod, *buf = NULL;
	struct usbdevfs_urb *s;
	struct urb *u;
	int len;

	iod = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
	if (iod == NULL) {
		umockdev_ioctl_client_complete(client, -1, EFAULT);
		return;
	}
	s = (struct usbdevfs_urb *)iod->data;
	len = s->buffer_length;
	if (len < 0 || len > MAX_URB_BUFFER ||
	    (s->type == USBDEVFS_URB_TYPE_CONTROL && (len < 8 || s->endpoint != 0)) ||
	    (s->type != USBDEVFS_URB_TYPE_CONTROL && s->type != USBDEVFS_URB_TYPE_INTERRUPT)) {
		g_object_unref(iod);
		umockdev_ioctl_client_complete(client, -1, EINVAL);
		return;
	}
	if (len > 0) {
		buf = umockdev_ioctl_data_resolve(iod, offsetof(struct usbdevfs_urb, buffer),
		                                  (gsize)len, NULL);
		if (buf == NULL) {
			g_object_unref(iod);
			umockdev_ioctl_client_complete(client, -1, EFAULT);
			return;
		}
	}
	u = g_new0(struct urb, 1);
	u->client = g_object_ref(client);
	u->iod = iod;
	u->buf = buf;
	u->addr = iod->client_addr;
	u->buflen = len;
	u->type = s->type;
	u->ep = s->endpoint;
	s->status = 0;
	s->actual_length = 0;
	if (u->type == USBDEVFS_URB_TYPE_CONTROL) {
		int rc = control(d, buf->data, buf->data + 8);
		if (rc < 0)
			s->status = rc;
		else
			s->actual_length = rc;
		u->ready_us = g_get_monotonic_time() + (gint64)d->delay_ms * 1000;
		g_queue_push_tail(&d->done, u);
	} else if (u->ep & 0x80) {
		d->nintr++;
		g_queue_push_tail(&d->pending, u);
		if (d->nintq > 0)
			flush_intq(d);
	} else {
		d->nintr++;
		s->actual_length = len;
		u->ready_us = g_get_monotonic_time();
		g_queue_push_tail(&d->done, u);
	}
	umockdev_ioctl_client_complete(client, 0, 0);
	serve_held(d);
}

static int client_has_urbs(struct usbdev *d, UMockdevIoctlClient *client)
{
	GList *l;

	for (l = d->pending.head; l != NULL; l = l->next)
		if (((struct urb *)l->data)->client == client)
			return 1;
	for (l = d->done.head; l != NULL; l = l->next)
		if (((struct urb *)l->data)->client == client)
			return 1;
	return 0;
}

static void reap(struct usbdev *d, UMockdevIoctlClient *client, UMockdevIoctlData *arg,
                 int blocking)
{
	gint64 now = g_get_monotonic_time();
	UMockdevIoctlData *ptr;
	struct held_reap *h;
	struct urb *u;

	ptr = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), NULL);
	if (ptr == NULL) {
		umockdev_ioctl_client_complete(client, -1, EFAULT);
		return;
	}
	u = take_ready(d, client, now);
	if (u != NULL) {
		give_urb(d, client, ptr, u);
		g_object_unref(ptr);
		return;
	}
	if (!blocking && !client_has_urbs(d, client)) {
		g_object_unref(ptr);
		umockdev_ioctl_client_complete(client, -1, EAGAIN);
		return;
	}
	h = g_new0(struct held_reap, 1);
	h->id = ++d->emu->next_reap_id;
	h->client = g_object_ref(client);
	h->ptr = ptr;
	h->blocking = blocking;
	g_queue_push_tail(&d->held, h);
	hold_arm(d, h, now);
}

static void discard(struct usbdev *d, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	unsigned long addr = *(unsigned long *)arg->data;
	gint64 now = g_get_monotonic_time();
	GList *l;

	for (l = d->pending.head; l != NULL; l = l->next) {
		struct urb *u = l->data;
		if (u->client == client && u->addr == addr) {
			g_queue_delete_link(&d->pending, l);
			urb_struct(u)->status = -ENOENT;
			urb_struct(u)->actual_length = 0;
			u->ready_us = now;
			g_queue_push_tail(&d->done, u);
			umockdev_ioctl_client_complete(client, 0, 0);
			serve_held(d);
			return;
		}
	}
	for (l = d->done.head; l != NULL; l = l->next) {
		struct urb *u = l->data;
		if (u->client == client && u->addr == addr && u->ready_us > now) {
			urb_struct(u)->status = -ENOENT;
			urb_struct(u)->actual_length = 0;
			u->ready_us = now;
			umockdev_ioctl_client_complete(client, 0, 0);
			serve_held(d);
			return;
		}
	}
	umockdev_ioctl_client_complete(client, -1, EINVAL);
}

/* USBDEVFS_CONTROL: a synchronous control transfer. */
static void sync_control(struct usbdev *d, UMockdevIoctlClient *client, UMockdevIoctlData *arg)
{
	UMockdevIoctlData *iod, *buf = NULL;
	struct usbdevfs_ctrltransfer *c;
	uint8_t setup[8], scratch[8];
	int rc;

	iod = umockdev_ioctl_data_resolve(arg, 0, sizeof(*c), NULL);
	if (iod == NULL) {
		umockdev_ioctl_client_complete(client, -1, EFAULT);
		return;
	}
	c = (struct usbdevfs_ctrltransfer *)iod->data;
	setup[0] = c->bRequestType;
	setup[1] = c->bRequest;
	setup[2] = c->wValue & 0xff, setup[3] = c->wValue >> 8;
	setup[4] = c->wIndex & 0xff, setup[5] = c->wIndex >> 8;
	setup[6] = c->wLength & 0xff, setup[7] = c->wLength >> 8;
	if (c->wLength > 0) {
		buf = umockdev_ioctl_data_resolve(iod, offsetof(struct usbdevfs_ctrltransfer, data),
		                                  c->wLength, NULL);
		if (buf == NULL) {
			g_object_unref(iod);
			umockdev_ioctl_client_complete(client, -1, EFAULT);
			return;
		}
	}
	rc = control(d, setup, buf != NULL ? buf->data : scratch);
	if (rc < 0)
		umockdev_ioctl_client_complete(client, -1, -rc);
	else
		umockdev_ioctl_client_complete(client, rc, 0);
	if (buf != NULL)
		g_object_unref(buf);
	g_object_unref(iod);
}

static gboolean on_ioctl(UMockdevIoctlBase *base, UMockdevIoctlClient *client, gpointer data)
{
	struct usbdev *d = data;
	gulong req = umockdev_ioctl_client_get_request(client);
	UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
	UMockdevIoctlData *v;
	gpointer tag;

	g_mutex_lock(&d->emu->lock);
	tag = g_object_get_data(G_OBJECT(client), "usbemu-gen");
	if (tag == NULL) {
		tag = GUINT_TO_POINTER(d->gen + 1);
		g_object_set_data(G_OBJECT(client), "usbemu-gen", tag);
	}
	if (d->emu->verbose)
		fprintf(stderr, "usbups: %s ioctl %#lx\n", d->devnode, (unsigned long)req);
	if (!d->present || GPOINTER_TO_UINT(tag) != d->gen + 1) {
		umockdev_ioctl_client_complete(client, -1, ENODEV);
		goto out;
	}
	switch (req) {
	case USBDEVFS_GET_CAPABILITIES:
		v = umockdev_ioctl_data_resolve(arg, 0, sizeof(uint32_t), NULL);
		if (v != NULL) {
			memset(v->data, 0, sizeof(uint32_t));
			g_object_unref(v);
		}
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
	case USBDEVFS_GETDRIVER:
	case USBDEVFS_IOCTL: /* no kernel driver to ask about or detach */
		umockdev_ioctl_client_complete(client, -1, ENODATA);
		break;
	case USBDEVFS_CLAIMINTERFACE:
	case USBDEVFS_RELEASEINTERFACE:
	case USBDEVFS_SETINTERFACE:
	case USBDEVFS_SETCONFIGURATION:
	case USBDEVFS_RESET:
	case USBDEVFS_CLEAR_HALT:
#ifdef USBDEVFS_DISCONNECT_CLAIM
	case USBDEVFS_DISCONNECT_CLAIM:
#endif
		umockdev_ioctl_client_complete(client, 0, 0);
		break;
#ifdef USBDEVFS_GET_SPEED
	case USBDEVFS_GET_SPEED:
		umockdev_ioctl_client_complete(client, 2, 0); /* full speed */
		break;
#endif
	case USBDEVFS_SUBMITURB:
		submit(d, client, arg);
		break;
	case USBDEVFS_REAPURB:
	case USBDEVFS_REAPURBNDELAY:
		reap(d, client, arg, req == USBDEVFS_REAPURB);
		break;
	case USBDEVFS_DISCARDURB:
		discard(d, client, arg);
		break;
	case USBDEVFS_CONTROL:
		sync_control(d, client, arg);
		break;
	default:
		umockdev_ioctl_client_complete(client, -1, ENOTTY);
		break;
	}
out:
	g_mutex_unlock(&d->emu->lock);
	return TRUE;
}

/* ------------------------------------------------------------ plugging */

static int plug(struct usbdev *d, char *err, size_t errlen)
{
	GError *ge = NULL;

	if (!umockdev_testbed_add_from_string(d->emu->tb, d->record, &ge)) {
		snprintf(err, errlen, "umockdev: %s", ge->message);
		g_error_free(ge);
		return -1;
	}
	d->present = 1;
	return 0;
}

static void drop_all(struct usbdev *d)
{
	struct urb *u;
	struct held_reap *h;

	while ((u = g_queue_pop_head(&d->pending)) != NULL)
		urb_free(u);
	while ((u = g_queue_pop_head(&d->done)) != NULL)
		urb_free(u);
	while ((h = g_queue_pop_head(&d->held)) != NULL) {
		if (umockdev_ioctl_client_get_connected(h->client))
			umockdev_ioctl_client_complete(h->client, -1, ENODEV);
		held_free(h);
	}
}

static void unplug(struct usbdev *d)
{
	d->present = 0;
	d->gen++;
	drop_all(d);
	umockdev_testbed_uevent(d->emu->tb, d->syspath, "remove");
	umockdev_testbed_remove_device(d->emu->tb, d->syspath);
}

/* ------------------------------------------------------------ the emulator */

struct usbemu *usbemu_new(FILE *log, int verbose)
{
	struct usbemu *e = g_new0(struct usbemu, 1);

	g_mutex_init(&e->lock);
	e->log = log;
	e->verbose = verbose;
	e->tb = umockdev_testbed_new();
	if (e->tb == NULL) {
		g_free(e);
		return NULL;
	}
	return e;
}

int usbemu_add(struct usbemu *e, struct profile *p, char *err, size_t errlen)
{
	struct usbdev *d;
	char herr[HID_ERR_LEN];
	GError *ge = NULL;
	unsigned type, id;
	size_t i;

	if (e->ndev == USBEMU_MAX_DEVICES) {
		snprintf(err, errlen, "more than %d devices", USBEMU_MAX_DEVICES);
		return -1;
	}
	d = g_new0(struct usbdev, 1);
	d->emu = e;
	d->prof = *p;
	memset(p, 0, sizeof(*p));
	d->index = (unsigned)e->ndev + 1;
	d->devnum = FIRST_DEVNUM + (unsigned)e->ndev;
	/* A descriptor libhid refuses is served as it is (for tests of a
	 * driver's bad-input handling), with no reports: GET_REPORT stalls. */
	d->hd = hid_parse(d->prof.desc, d->prof.desc_len, herr, sizeof(herr));
	if (d->hd == NULL)
		fprintf(stderr,
		        "usbups: %s: report descriptor refused by libhid (%s): serving it "
		        "as it is, with no reports\n",
		        d->prof.file, herr);
	for (type = 1; type < HID_REPORT_TYPES && d->hd != NULL; type++) {
		for (id = 0; id < 256; id++) {
			size_t n = hid_report_len(d->hd, (int)type, id);
			if (n == 0)
				continue;
			d->rlen[type][id] = (uint16_t)n;
			d->report[type][id] = g_malloc0(n);
			if (d->hd->uses_ids)
				d->report[type][id][0] = (uint8_t)id;
		}
	}
	d->uses_ids = d->hd != NULL && d->hd->uses_ids;
	for (i = 0; i < d->prof.nsets; i++) {
		if (dev_set(d, d->prof.sets[i].path, d->prof.sets[i].value, herr, sizeof(herr)) <
		    0) {
			snprintf(err, errlen, "%s: set %s: %s", d->prof.file, d->prof.sets[i].path,
			         herr);
			goto bad;
		}
	}
	d->nintq = 0;
	build_descriptors(d);
	d->record = build_record(d);
	snprintf(d->devnode, sizeof(d->devnode), "/dev/bus/usb/%03u/%03u", USB_BUS, d->devnum);
	snprintf(d->syspath, sizeof(d->syspath), "/sys/devices/pci0000:00/0000:00:14.0/usb%u/%u-%u",
	         USB_BUS, USB_BUS, d->index);
	if (plug(d, err, errlen) < 0)
		goto bad;
	d->handler = umockdev_ioctl_base_new();
	g_signal_connect(d->handler, "handle-ioctl", G_CALLBACK(on_ioctl), d);
	if (!umockdev_testbed_attach_ioctl(e->tb, d->devnode, d->handler, &ge)) {
		snprintf(err, errlen, "umockdev: attach %s: %s", d->devnode, ge->message);
		g_error_free(ge);
		goto bad;
	}
	d->tick = g_timeout_add(d->prof.interval_ms, tick, d);
	e->dev[e->ndev++] = d;
	return 0;
bad:
	/* the testbed goes away with the process; free what is ours */
	if (d->handler != NULL)
		g_object_unref(d->handler);
	for (type = 1; type < HID_REPORT_TYPES; type++)
		for (id = 0; id < 256; id++)
			g_free(d->report[type][id]);
	hid_desc_free(d->hd);
	g_free(d->record);
	profile_free(&d->prof);
	g_free(d);
	return -1;
}

static void reply_f(char *reply, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void reply_f(char *reply, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(reply, len, fmt, ap);
	va_end(ap);
}

static int parse_uint(const char *s, unsigned max, unsigned *v)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(s, &end, 10);
	if (s[0] == '\0' || s[0] == '-' || *end != '\0' || errno != 0 || x > max)
		return -1;
	*v = (unsigned)x;
	return 0;
}

void usbemu_request(struct usbemu *e, const char *line, char *reply, size_t replylen)
{
	char buf[USBEMU_REQ_LEN], err[USBEMU_REPLY_LEN];
	char *w[4], *save = NULL, *t;
	unsigned devi = 1, v;
	struct usbdev *d;
	size_t n = 0;
	double val;

	snprintf(buf, sizeof(buf), "%s", line);
	for (t = strtok_r(buf, " \t\r\n", &save); t != NULL && n < 4;
	     t = strtok_r(NULL, " \t\r\n", &save))
		w[n++] = t;
	if (t != NULL) {
		reply_f(reply, replylen, "ERR too many words");
		return;
	}
	if (n > 0 && w[0][0] == '@') {
		if (parse_uint(w[0] + 1, USBEMU_MAX_DEVICES, &devi) < 0 || devi == 0) {
			reply_f(reply, replylen, "ERR bad device %s", w[0]);
			return;
		}
		memmove(w, w + 1, --n * sizeof(w[0]));
	}
	if (n == 0) {
		reply_f(reply, replylen, "ERR empty request");
		return;
	}
	if (devi > e->ndev) {
		reply_f(reply, replylen, "ERR no device %u", devi);
		return;
	}
	d = e->dev[devi - 1];
	g_mutex_lock(&e->lock);
	emu_log(d, "CTL %s%s%s%s%s", w[0], n > 1 ? " " : "", n > 1 ? w[1] : "", n > 2 ? " " : "",
	        n > 2 ? w[2] : "");
	if (strcmp(w[0], "set") == 0 && n == 3) {
		if (dev_set(d, w[1], w[2], err, sizeof(err)) < 0) {
			reply_f(reply, replylen, "ERR %s", err);
		} else {
			reply_f(reply, replylen, "OK");
			flush_intq(d);
		}
	} else if (strcmp(w[0], "get") == 0 && n == 2) {
		if (dev_get(d, w[1], &val, err, sizeof(err)) < 0)
			reply_f(reply, replylen, "ERR %s", err);
		else
			reply_f(reply, replylen, "OK %.10g", val);
	} else if (strcmp(w[0], "unplug") == 0 && n == 1) {
		if (!d->present) {
			reply_f(reply, replylen, "ERR not plugged in");
		} else {
			unplug(d);
			reply_f(reply, replylen, "OK");
		}
	} else if (strcmp(w[0], "replug") == 0 && n == 1) {
		if (d->present) {
			reply_f(reply, replylen, "ERR already plugged in");
		} else if (plug(d, err, sizeof(err)) < 0) {
			reply_f(reply, replylen, "ERR %s", err);
		} else {
			umockdev_testbed_uevent(e->tb, d->syspath, "add");
			reply_f(reply, replylen, "OK");
		}
	} else if (strcmp(w[0], "stall") == 0 && n == 2 &&
	           (strcmp(w[1], "on") == 0 || strcmp(w[1], "off") == 0)) {
		d->stall = strcmp(w[1], "on") == 0;
		reply_f(reply, replylen, "OK");
	} else if (strcmp(w[0], "delay") == 0 && n == 2 && parse_uint(w[1], 600000, &v) == 0) {
		d->delay_ms = v;
		reply_f(reply, replylen, "OK");
	} else if (strcmp(w[0], "short") == 0 && n == 2 && parse_uint(w[1], 65535, &v) == 0) {
		d->short_len = v;
		reply_f(reply, replylen, "OK");
	} else if (strcmp(w[0], "badid") == 0 && n == 2 &&
	           (strcmp(w[1], "on") == 0 || strcmp(w[1], "off") == 0)) {
		d->badid = strcmp(w[1], "on") == 0;
		reply_f(reply, replylen, "OK");
	} else if (strcmp(w[0], "raw") == 0 && n == 4) {
		if (dev_raw(d, w[1], w[2], w[3], err, sizeof(err)) < 0) {
			reply_f(reply, replylen, "ERR %s", err);
		} else {
			reply_f(reply, replylen, "OK");
			flush_intq(d);
		}
	} else if (strcmp(w[0], "count") == 0 && n == 1) {
		reply_f(reply, replylen, "OK %lu %lu", d->nctrl, d->nintr);
	} else if (strcmp(w[0], "reset-count") == 0 && n == 1) {
		d->nctrl = d->nintr = 0;
		reply_f(reply, replylen, "OK");
	} else if (strcmp(w[0], "log") == 0 && n == 1) {
		reply_f(reply, replylen, "OK");
	} else {
		reply_f(reply, replylen, "ERR unknown request or wrong arguments: %s", w[0]);
	}
	g_mutex_unlock(&e->lock);
}

void usbemu_free(struct usbemu *e)
{
	size_t i;

	/* The devices, their URBs and held reaps stay allocated: they hold
	 * the program's ioctl connections, which libumockdev's worker thread
	 * may still be closing, and the process is about to exit. */
	for (i = 0; i < e->ndev; i++) {
		g_source_remove(e->dev[i]->tick);
		umockdev_testbed_detach_ioctl(e->tb, e->dev[i]->devnode, NULL);
	}
	g_object_unref(e->tb);
}
