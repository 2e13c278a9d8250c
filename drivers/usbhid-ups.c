/* usbhid-ups: UPSes that speak the USB HID Power Device Class (APC,
 * CyberPower, Eaton/MGE/Dell, Tripp Lite, Belkin, Liebert/Phoenixtec,
 * Powercom, anything else through the generic mapping). The report
 * descriptor is parsed (drivers/hid), the subdriver's tables are bound to
 * its fields (drivers/usbhid), and the device is read gently: a full read
 * every pollfreq seconds, between them only the reports that carry status
 * rows the interrupt-IN pipe does not, each report fetched once per poll
 * (the report cache). Commands and writable variables are SET_REPORTs. */
#include "config.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "driver.h"
#include "ev.h"
#include "hidparse.h"
#include "hidreport.h"
#include "hidusage.h"
#include "log.h"
#include "strutil.h"
#include "usbdev.h"
#include "usbhid.h"

#define UHUPS_MAX_FAILS  3    /* polls in a row without an answer before the device is lost */
#define UHUPS_CTRL_MS    1500 /* timeout of one control transfer */
#define UHUPS_SLOW_EVERY 10   /* full reads per read of the settings (UH_SLOW rows) */
#define UHUPS_STRING_LEN 64   /* aux length of string variables */

static const struct drv_option uhups_options[] = {
    {"offdelay", DRV_OPT_VALUE, "Delay before the UPS cuts the load, seconds (default 20)"},
    {"ondelay", DRV_OPT_VALUE,
     "Delay before the UPS restarts the load after power returns, seconds (default 30; -1 "
     "stays off)"},
    {"pollfreq", DRV_OPT_VALUE, "Seconds between full reads of the device (default 30)"},
    {"pollonly", DRV_OPT_FLAG, "Do not use the interrupt-IN pipe, only poll"},
    {"interruptonly", DRV_OPT_FLAG, "Between full reads, rely on interrupt reports only"},
    {"interruptsize", DRV_OPT_VALUE, "Bytes of one interrupt-IN transfer (default: endpoint's)"},
    {"lowbatt", DRV_OPT_VALUE, "Also LB when battery.charge is below this percentage"},
    {"maxreport", DRV_OPT_VALUE, "Ask at most this many bytes of any report"},
    {"subdriver", DRV_OPT_VALUE, "Use this subdriver (APC, CyberPower, MGE, TrippLite, ...)"},
    {"explore", DRV_OPT_FLAG, "Log every HID path of the device with its value"},
    {"vendorid", DRV_OPT_VALUE, "Match the USB vendor id (4 hex digits)"},
    {"productid", DRV_OPT_VALUE, "Match the USB product id (4 hex digits)"},
    {"vendor", DRV_OPT_VALUE, "Match the manufacturer string (extended regex)"},
    {"product", DRV_OPT_VALUE, "Match the product string (extended regex)"},
    {"serial", DRV_OPT_VALUE, "Match the serial number string (extended regex)"},
    {"bus", DRV_OPT_VALUE, "Match the USB bus number (regex on 3 digits)"},
    {"device", DRV_OPT_VALUE, "Match the USB device number (regex on 3 digits)"},
    {"busport", DRV_OPT_VALUE, "Match the USB port number on its hub (regex on 3 digits)"},
    {NULL, DRV_OPT_VALUE, NULL},
};

struct uhups {
	struct drv_ctx *d;
	struct usb_ctx *usb;
	struct usb_dev *dev;
	struct usb_match match;
	const struct uh_subdriver *forced; /* subdriver= */
	const struct uh_subdriver *sd;
	struct hid_desc *desc;
	struct hid_cache *cache;
	struct uh_bound *b;
	long nb;
	signed char *stat; /* per bound row: -1 unknown, 0, 1 (status rows) */
	long offdelay, ondelay, pollfreq_s, intr_size, lowbatt, maxreport;
	int pollonly, interruptonly, explore;
	int intr_up;         /* the interrupt pipe is running */
	uint64_t last_intr;  /* ms of the last interrupt report, 0 none */
	uint64_t last_full;  /* ms of the last full read, 0 never */
	unsigned long nfull; /* full reads done */
	unsigned fails;      /* polls in a row that failed */
	int last_err;        /* last logged failure, to log changes only */
	int short_noted;     /* a short report was logged (once per connection) */
	int badid_noted;     /* an empty or wrong-id report was logged (likewise) */
};

static uint64_t uhups_now(void)
{
	return ev_now_ms();
}

static int uhups_long(struct drv_ctx *d, const char *name, long min, long max, long def, long *out)
{
	const char *v = drv_getopt(d, name);

	*out = def;
	if (v == NULL)
		return 0;
	if (conf_parse_long(v, min, max, out) < 0) {
		log_warnx("ups %s: %s = \"%s\": not a number from %ld to %ld", drv_upsname(d), name,
		          v, min, max);
		return -1;
	}
	return 0;
}

/* --- reading --- */

/* The report (type, id) as transferred into *buf: from the cache when read
 * within this poll (max_age_ms), else by GET_REPORT. 0 or a usb status. */
static int uhups_report(struct uhups *u, int type, unsigned id, uint64_t max_age_ms,
                        const uint8_t **buf, size_t *len)
{
	uint8_t tmp[HID_MAX_REPORT_SIZE + 1];
	uint64_t now = uhups_now();
	size_t want = hid_report_len(u->desc, type, id);
	int rc;

	if (hid_cache_get(u->cache, type, id, now, max_age_ms, buf, len) == 1)
		return 0;
	if (want == 0 || want > sizeof(tmp))
		return USB_ERR_IO;
	if (u->maxreport > 0 && want > (size_t)u->maxreport)
		want = (size_t)u->maxreport;
	memset(tmp, 0, sizeof(tmp));
	rc = usb_get_report(u->dev, type, id, tmp, want, UHUPS_CTRL_MS);
	if (rc < 0)
		return rc;
	if (rc == 0 || (u->desc->uses_ids && tmp[0] != id)) {
		/* Logged once per connection; the fields keep their last values
		 * and the poll reports the data stale. */
		if (!u->badid_noted)
			log_warnx("ups %s: GET_REPORT %u answered %s; its fields are skipped",
			          drv_upsname(u->d), id,
			          rc == 0 ? "nothing" : "with another report id");
		u->badid_noted = 1;
		return USB_ERR_IO;
	}
	if ((size_t)rc < want && !u->short_noted) {
		log_warnx("ups %s: report %u answered %d of %zu bytes; the fields past its end are "
		          "skipped",
		          drv_upsname(u->d), id, rc, want);
		u->short_noted = 1;
	}
	if (hid_cache_put(u->cache, type, id, tmp, (size_t)rc, now) < 0)
		return USB_ERR_IO;
	return hid_cache_get(u->cache, type, id, now, max_age_ms, buf, len) == 1 ? 0 : USB_ERR_IO;
}

/* The value of row m in field f of a report: physical, or for UH_RAW rows
 * the logical value times the row's factor (UH_SWAB: bytes swapped first).
 * A hid_value_status. */
static int uhups_decode(const struct uh_map *m, const struct hid_field *f, const uint8_t *buf,
                        size_t len, double *v)
{
	int64_t logical;
	int rc;

	if (!(m->flags & (UH_RAW | UH_SWAB)))
		return hid_get_value(f, buf, len, v);
	rc = hid_get_logical(f, 0, buf, len, &logical);
	if (rc != HID_VALUE_OK)
		return rc;
	if (m->flags & UH_SWAB)
		logical = ((logical & 0xff) << 8) | ((logical >> 8) & 0xff);
	*v = (double)logical * ((m->flags & UH_RAW) && m->value != 0 ? m->value : 1);
	return rc;
}

static void uhups_publish_row(struct uhups *u, long i, double value)
{
	const struct uh_map *m = u->b[i].m;
	char text[USB_STR_MAX];

	switch (m->kind) {
	case UH_STATUS:
		u->stat[i] = value != 0;
		return;
	case UH_STRING:
		if (lround(value) <= 0 || lround(value) > 255 ||
		    usb_get_string(u->dev, (uint8_t)lround(value), text, sizeof(text)) < 0 ||
		    text[0] == '\0')
			return;
		break;
	case UH_CMD:
		return;
	default:
		if (uh_format(m, value, text, sizeof(text)) < 0) {
			log_debug(2, "ups %s: %s: no text for value %g", drv_upsname(u->d), m->name,
			          value);
			return;
		}
	}
	if (drv_set(u->d, m->name, text) == 1 && (m->flags & UH_RW)) {
		(void)drv_set_flags(u->d, m->name, ST_FLAG_RW | ST_FLAG_STRING);
		(void)drv_set_aux(u->d, m->name, 10);
	}
}

/* ups.status from the status rows (and lowbatt). OL unless told OB. */
static void uhups_status(struct uhups *u)
{
	int set[UH_F_COUNT] = {0};
	char buf[128];
	const char *charge;
	long i;

	for (i = 0; i < u->nb; i++) {
		const struct uh_map *m = u->b[i].m;
		int idx;

		if (m->kind != UH_STATUS || u->stat[i] < 0)
			continue;
		idx = uh_flag_index(m->name);
		if (idx >= 0 && (u->stat[i] != 0) != ((m->flags & UH_INVERT) != 0))
			set[idx] = 1;
	}
	if (!set[UH_F_OB])
		set[UH_F_OL] = 1;
	charge = drv_get(u->d, "battery.charge");
	if (u->lowbatt >= 0 && charge != NULL && atol(charge) < u->lowbatt)
		set[UH_F_LB] = 1;
	/* A battery to replace is an alarm too, as NUT shows it. */
	if (set[UH_F_RB]) {
		(void)str_copy(buf, sizeof(buf), "ALARM ");
		uh_status_compose(set, buf + 6, sizeof(buf) - 6);
		(void)drv_set(u->d, "ups.alarm", "Replace battery!");
	} else {
		uh_status_compose(set, buf, sizeof(buf));
		if (drv_get(u->d, "ups.alarm") != NULL)
			(void)drv_del(u->d, "ups.alarm");
	}
	(void)drv_set(u->d, "ups.status", buf);
}

enum uhups_read { UHUPS_READ_ALL, UHUPS_READ_FULL, UHUPS_READ_QUICK };

/* Reads the rows of one kind of poll. 0 all answered, else the first
 * failure's usb status; a timeout or an unplug ends the read at once (the
 * rest is left as it was), a stall only skips that report. */
static int uhups_read(struct uhups *u, enum uhups_read what)
{
	int intr_fresh = u->intr_up && u->last_intr != 0 &&
	                 uhups_now() - u->last_intr <= 2 * drv_pollinterval_ms(u->d);
	int first_err = 0;
	long i;

	for (i = 0; i < u->nb; i++) {
		const struct uh_bound *b = &u->b[i];
		const uint8_t *buf;
		size_t len;
		double v;
		int rc;

		if (b->m->kind == UH_CMD)
			continue;
		if (what == UHUPS_READ_FULL && (b->m->flags & UH_STATIC))
			continue;
		if (what == UHUPS_READ_QUICK && !(b->m->flags & UH_QUICK))
			continue;
		/* Rows the interrupt pipe carries are not asked for while it
		 * delivers (its input report holds the same values as the
		 * feature report). A silent pipe (a device
		 * that sends on change only, or one that is gone) gets them read. */
		if (what != UHUPS_READ_ALL && intr_fresh && b->intr != NULL &&
		    !(b->m->flags & UH_SLOW))
			continue;
		/* Settings change by our own SETs (re-read then) or seldom. */
		if (what == UHUPS_READ_FULL && (b->m->flags & UH_SLOW) &&
		    u->nfull % UHUPS_SLOW_EVERY != 0)
			continue;
		/* One GET_REPORT per report and poll: the cache serves the rest. */
		rc = uhups_report(u, b->f->type, b->f->report_id, 500, &buf, &len);
		if (rc < 0) {
			if (first_err == 0)
				first_err = rc;
			if (rc == USB_ERR_TIMEOUT || rc == USB_ERR_GONE)
				break;
			hid_cache_invalidate(u->cache, b->f->type, b->f->report_id);
			continue;
		}
		rc = uhups_decode(b->m, b->f, buf, len, &v);
		if (rc != HID_VALUE_OK) {
			log_debug(2, "ups %s: %s: %s", drv_upsname(u->d), b->m->path,
			          hid_value_strerror(rc));
			continue;
		}
		uhups_publish_row(u, i, v);
	}
	uhups_status(u);
	return first_err;
}

/* An interrupt-IN report: the rows whose input field it carries. */
static void uhups_intr_cb(const uint8_t *buf, size_t len, int status, void *arg)
{
	struct uhups *u = arg;
	int id;
	long i;

	if (status < 0) {
		u->intr_up = 0;
		if (status == USB_ERR_GONE) {
			drv_device_lost(u->d, "unplugged");
			return;
		}
		log_warnx("ups %s: interrupt pipe: %s; polling instead", drv_upsname(u->d),
		          usb_strerror(status));
		return;
	}
	u->last_intr = uhups_now();
	id = hid_cache_put_interrupt(u->cache, buf, len, uhups_now());
	if (id < 0) {
		log_debug(1, "ups %s: interrupt report of %zu bytes not declared",
		          drv_upsname(u->d), len);
		return;
	}
	for (i = 0; i < u->nb; i++) {
		const struct uh_bound *b = &u->b[i];
		double v;

		/* Settings are taken from their feature report only. */
		if (b->intr == NULL || b->intr->report_id != (unsigned)id ||
		    (b->m->flags & UH_SLOW))
			continue;
		if (uhups_decode(b->m, b->intr, buf, len, &v) == HID_VALUE_OK)
			uhups_publish_row(u, i, v);
	}
	uhups_status(u);
	log_debug(3, "ups %s: interrupt report %d (%zu bytes)", drv_upsname(u->d), id, len);
}

/* --- opening --- */

static int uhups_accept(uint16_t vendorid, uint16_t productid, void *arg)
{
	struct uhups *u = arg;

	/* With vendorid given (explore, or an unlisted model), any product of it;
	 * otherwise the devices our tables know. */
	if (u->match.have_vendorid)
		return 1;
	return uh_usbid_known(vendorid, productid);
}

static void uhups_forget_device(struct uhups *u)
{
	usb_close(u->dev);
	u->dev = NULL;
	u->intr_up = 0;
	hid_cache_free(u->cache);
	u->cache = NULL;
	hid_desc_free(u->desc);
	u->desc = NULL;
	free(u->b);
	u->b = NULL;
	free(u->stat);
	u->stat = NULL;
	u->nb = 0;
}

/* Finds the device, reads and parses its report descriptor, binds the
 * subdriver. 0 or -1 (logged unless quiet). */
static int uhups_connect(struct uhups *u, int quiet)
{
	uint8_t raw[USB_MAX_REPORT_DESC];
	char err[256];
	const struct usb_devinfo *info;
	int n, rc;
	long i;

	rc = usb_open(u->usb, &u->match, uhups_accept, u, drv_upsname(u->d), &u->dev, err,
	              sizeof(err));
	if (rc < 0) {
		if (!quiet || rc == USB_ERR_ACCESS)
			log_warnx("ups %s: %s", drv_upsname(u->d), err);
		else
			log_debug(1, "ups %s: %s", drv_upsname(u->d), err);
		return -1;
	}
	info = usb_info(u->dev);
	n = usb_get_report_desc(u->dev, raw, sizeof(raw));
	if (n <= 0) {
		log_warnx("ups %s: cannot read the HID report descriptor: %s", drv_upsname(u->d),
		          n < 0 ? usb_strerror(n) : "empty");
		goto fail;
	}
	u->desc = hid_parse(raw, (size_t)n, err, sizeof(err));
	if (u->desc == NULL) {
		log_warnx("ups %s: report descriptor refused (%d bytes): %s", drv_upsname(u->d), n,
		          err);
		goto fail;
	}
	if (u->desc->skipped > 0)
		log_info("ups %s: report descriptor: %u fields skipped (%s)", drv_upsname(u->d),
		         u->desc->skipped, u->desc->warning);
	u->sd = u->forced != NULL ? u->forced : uh_subdriver_for(info->vendorid);
	u->cache = hid_cache_new(u->desc);
	u->nb = uh_bind(u->sd, u->desc, &u->b);
	if (u->cache == NULL || u->nb < 0) {
		log_warnx("ups %s: out of memory", drv_upsname(u->d));
		goto fail;
	}
	u->stat = malloc((size_t)u->nb + 1);
	if (u->stat == NULL)
		goto fail;
	for (i = 0; i < u->nb; i++)
		u->stat[i] = -1;
	log_debug(1, "ups %s: %04x:%04x \"%s\" \"%s\" on bus %s device %s: %s, %ld of its rows",
	          drv_upsname(u->d), info->vendorid, info->productid, info->str[USB_M_VENDOR],
	          info->str[USB_M_PRODUCT], info->str[USB_M_BUS], info->str[USB_M_DEVICE],
	          u->sd->name, u->nb);
	return 0;
fail:
	uhups_forget_device(u);
	return -1;
}

static void uhups_start_intr(struct uhups *u)
{
	int rc;

	if (u->pollonly || u->dev == NULL)
		return;
	rc = usb_intr_start(u->dev, (size_t)u->intr_size, uhups_intr_cb, u);
	u->intr_up = rc == 0;
	if (rc < 0)
		log_debug(1, "ups %s: no interrupt pipe (%s), polling only", drv_upsname(u->d),
		          usb_strerror(rc));
}

static int uhups_open(struct drv_ctx *d, void **priv)
{
	struct uhups *u = xcalloc(1, sizeof(*u));
	const char *res[USB_M_NFIELDS];
	char err[USB_MATCH_ERR];
	const char *sd;
	int i;

	u->d = d;
	if (uhups_long(d, "offdelay", -1, 65535, 20, &u->offdelay) < 0 ||
	    uhups_long(d, "ondelay", -1, 65535, 30, &u->ondelay) < 0 ||
	    uhups_long(d, "pollfreq", 1, 86400, 30, &u->pollfreq_s) < 0 ||
	    uhups_long(d, "interruptsize", 0, USB_INTR_MAX, 0, &u->intr_size) < 0 ||
	    uhups_long(d, "lowbatt", 0, 100, -1, &u->lowbatt) < 0 ||
	    uhups_long(d, "maxreport", 0, HID_MAX_REPORT_SIZE + 1, 0, &u->maxreport) < 0)
		goto fail;
	if (u->ondelay >= 0 && u->ondelay <= u->offdelay)
		log_warnx("ups %s: ondelay (%ld) should be greater than offdelay (%ld)",
		          drv_upsname(d), u->ondelay, u->offdelay);
	u->pollonly = drv_testopt(d, "pollonly");
	u->interruptonly = drv_testopt(d, "interruptonly");
	u->explore = drv_testopt(d, "explore");
	sd = drv_getopt(d, "subdriver");
	if (sd != NULL && (u->forced = uh_subdriver_named(sd)) == NULL) {
		log_warnx(
		    "ups %s: subdriver \"%s\" unknown (APC, CyberPower, MGE, TrippLite, Belkin, "
		    "Liebert, PowerCOM, Generic)",
		    drv_upsname(d), sd);
		goto fail;
	}
	for (i = 0; i < USB_M_NFIELDS; i++)
		res[i] = drv_getopt(d, usb_match_name((enum usb_match_field)i));
	if (usb_match_init(&u->match, drv_getopt(d, "vendorid"), drv_getopt(d, "productid"), res,
	                   err, sizeof(err)) < 0) {
		log_warnx("ups %s: %s", drv_upsname(d), err);
		goto fail;
	}
	u->usb = usb_ctx_new(drv_loop(d));
	if (u->usb == NULL)
		goto fail_match;
	if (uhups_connect(u, 0) < 0)
		goto fail_usb;
	*priv = u;
	return 0;
fail_usb:
	usb_ctx_free(u->usb);
fail_match:
	usb_match_free(&u->match);
fail:
	free(u);
	return -1;
}

static void uhups_close(struct drv_ctx *d, void *priv)
{
	struct uhups *u = priv;

	(void)d;
	if (u == NULL)
		return;
	uhups_forget_device(u);
	if (u->usb != NULL)
		usb_ctx_free(u->usb);
	usb_match_free(&u->match);
	free(u);
}

/* --- explore: every field the device has, with its value --- */

static void uhups_explore(struct uhups *u)
{
	static const char *const tname[HID_REPORT_TYPES] = {"?", "Input", "Output", "Feature"};
	char path[512];
	size_t i;

	for (i = 0; i < u->desc->nfields; i++) {
		const struct hid_field *f = &u->desc->fields[i];
		const uint8_t *buf;
		size_t len;
		double v;
		int rc;

		if (hid_path_format(u->sd->names, f->path, f->path_len, path, sizeof(path)) < 0)
			continue;
		if (f->type == HID_REPORT_OUTPUT) {
			log_info("explore: %s (Output, report 0x%02x)", path, f->report_id);
			continue;
		}
		rc = uhups_report(u, f->type, f->report_id, 2000, &buf, &len);
		if (rc < 0) {
			log_info("explore: %s (%s, report 0x%02x): %s", path, tname[f->type],
			         f->report_id, usb_strerror(rc));
			continue;
		}
		rc = hid_get_value(f, buf, len, &v);
		if (rc != HID_VALUE_OK)
			log_info("explore: %s (%s, report 0x%02x): %s", path, tname[f->type],
			         f->report_id, hid_value_strerror(rc));
		else
			log_info("explore: %s = %g (%s, report 0x%02x)", path, v, tname[f->type],
			         f->report_id);
	}
}

/* --- the driver callbacks --- */

static int uhups_cmd_has(const struct uhups *u, const char *cmd);

static void uhups_publish_fixed(struct uhups *u)
{
	const struct usb_devinfo *info = usb_info(u->dev);
	static const char *const wr[] = {"ups.delay.shutdown", "ups.delay.start"};
	char ver[64];
	long i;

	(void)str_fmt(ver, sizeof(ver), "%s %s", u->sd->name, u->sd->version);
	(void)drv_set(u->d, "driver.version.data", ver);
	(void)drv_setf(u->d, "ups.vendorid", "%04x", info->vendorid);
	(void)drv_setf(u->d, "ups.productid", "%04x", info->productid);
	if (info->str[USB_M_VENDOR][0] != '\0')
		(void)drv_set(u->d, "ups.mfr", info->str[USB_M_VENDOR]);
	if (info->str[USB_M_PRODUCT][0] != '\0') {
		char model[USB_STR_MAX] = "", fw[USB_STR_MAX] = "", aux[USB_STR_MAX] = "";

		if (u->sd->model != NULL)
			u->sd->model(info->str[USB_M_PRODUCT], model, sizeof(model), fw, sizeof(fw),
			             aux, sizeof(aux));
		(void)drv_set(u->d, "ups.model", model[0] ? model : info->str[USB_M_PRODUCT]);
		if (fw[0] != '\0')
			(void)drv_set(u->d, "ups.firmware", fw);
		if (aux[0] != '\0')
			(void)drv_set(u->d, "ups.firmware.aux", aux);
	}
	if (info->str[USB_M_SERIAL][0] != '\0')
		(void)drv_set(u->d, "ups.serial", info->str[USB_M_SERIAL]);
	/* The delays, where a command uses them (as NUT shows them). */
	for (i = 0; i < 2; i++) {
		if (!uhups_cmd_has(u, i == 0 ? "shutdown.stayoff" : "shutdown.return"))
			continue;
		(void)drv_setf(u->d, wr[i], "%ld", i == 0 ? u->offdelay : u->ondelay);
		(void)drv_set_flags(u->d, wr[i], ST_FLAG_RW | ST_FLAG_STRING);
		(void)drv_set_aux(u->d, wr[i], 10);
	}
	for (i = 0; i < u->nb; i++) {
		const struct uh_map *m = u->b[i].m;

		if (m->kind == UH_CMD && m->step == 0 && uhups_cmd_has(u, m->name))
			(void)drv_add_cmd(u->d, m->name);
	}
}

/* Eaton/MGE: the model is the product string and the nominal power. */
static void uhups_model_power(struct uhups *u)
{
	const char *product = usb_info(u->dev)->str[USB_M_PRODUCT];
	const char *power = drv_get(u->d, "ups.power.nominal");

	if (u->sd->model_power && power != NULL && product[0] != '\0')
		(void)drv_setf(u->d, "ups.model", "%s %s", product, power);
}

static int uhups_init_info(struct drv_ctx *d, void *priv)
{
	struct uhups *u = priv;
	int rc;

	if (u->explore)
		uhups_explore(u);
	uhups_publish_fixed(u);
	rc = uhups_read(u, UHUPS_READ_ALL);
	if (rc < 0) {
		log_warnx("ups %s: first read incomplete: %s", drv_upsname(d), usb_strerror(rc));
		drv_dataok(d, 0);
	}
	uhups_model_power(u);
	u->last_full = uhups_now();
	uhups_start_intr(u);
	return 0;
}

/* Logs a failure when it changes (not every poll), and the recovery. */
static void uhups_note(struct uhups *u, int rc)
{
	if (rc == u->last_err)
		return;
	if (rc < 0)
		log_warnx("ups %s: device read failed: %s; data stale", drv_upsname(u->d),
		          usb_strerror(rc));
	else
		log_info("ups %s: device answers again", drv_upsname(u->d));
	u->last_err = rc;
}

static int uhups_poll(struct drv_ctx *d, void *priv)
{
	struct uhups *u = priv;
	uint64_t now = uhups_now();
	int full = now - u->last_full >= (uint64_t)u->pollfreq_s * 1000;
	int rc;

	if (u->dev == NULL)
		return -1;
	if (!full && u->interruptonly && u->intr_up)
		return 0; /* the pipe itself reports an unplug */
	if (full)
		u->nfull++;
	rc = uhups_read(u, full ? UHUPS_READ_FULL : UHUPS_READ_QUICK);
	if (full && rc == 0)
		u->last_full = now;
	uhups_note(u, rc);
	if (rc == 0) {
		u->fails = 0;
		return 0;
	}
	if (rc == USB_ERR_GONE || ++u->fails >= UHUPS_MAX_FAILS) {
		u->fails = 0;
		drv_device_lost(d, rc == USB_ERR_GONE ? "unplugged" : "no answer");
	}
	return -1;
}

static int uhups_reconnect(struct drv_ctx *d, void *priv)
{
	struct uhups *u = priv;

	uhups_forget_device(u);
	/* A fresh libusb context enumerates anew: its device list may have
	 * missed the hotplug events of the unplug and replug. */
	usb_ctx_free(u->usb);
	u->usb = usb_ctx_new(drv_loop(d));
	if (u->usb == NULL || uhups_connect(u, 1) < 0)
		return -1;
	u->last_err = 0;
	u->short_noted = 0;
	u->badid_noted = 0;
	uhups_publish_fixed(u);
	if (uhups_read(u, UHUPS_READ_ALL) < 0) {
		uhups_forget_device(u);
		return -1;
	}
	uhups_model_power(u);
	drv_device_info(d);
	u->last_full = uhups_now();
	uhups_start_intr(u);
	(void)d;
	return 0;
}

/* --- writing --- */

/* Writes a physical value into the field: the report is read first so the
 * other fields keep their values. DRP_* result. */
static int uhups_write(struct uhups *u, const struct hid_field *f, double value)
{
	uint8_t buf[HID_MAX_REPORT_SIZE + 1];
	size_t len = hid_report_len(u->desc, f->type, f->report_id);
	const uint8_t *cur;
	size_t curlen;
	int rc;

	if (len == 0 || len > sizeof(buf))
		return DRP_FAILED;
	memset(buf, 0, sizeof(buf));
	if (f->type == HID_REPORT_FEATURE) {
		hid_cache_invalidate(u->cache, f->type, f->report_id);
		if (uhups_report(u, f->type, f->report_id, 0, &cur, &curlen) == 0)
			memcpy(buf, cur, curlen < len ? curlen : len);
	}
	if (u->desc->uses_ids)
		buf[0] = (uint8_t)f->report_id;
	rc = hid_set_value(f, buf, len, value);
	if (rc != HID_VALUE_OK) {
		log_warnx("ups %s: value %g: %s", drv_upsname(u->d), value, hid_value_strerror(rc));
		return DRP_INVALID;
	}
	hid_cache_invalidate(u->cache, f->type, f->report_id);
	rc = usb_set_report(u->dev, f->type, f->report_id, buf, len, UHUPS_CTRL_MS);
	if (rc < 0) {
		log_warnx("ups %s: SET_REPORT %u: %s", drv_upsname(u->d), f->report_id,
		          usb_strerror(rc));
		return DRP_FAILED;
	}
	return DRP_HANDLED;
}

/* Reads a report again after a SET_REPORT and publishes its rows, so
 * that what the device now says shows at once (not at the next full read). */
static void uhups_reread(struct uhups *u, const struct hid_field *f)
{
	const uint8_t *buf;
	size_t len;
	double v;
	long i;

	hid_cache_invalidate(u->cache, f->type, f->report_id);
	if (uhups_report(u, f->type, f->report_id, 500, &buf, &len) < 0)
		return;
	for (i = 0; i < u->nb; i++) {
		const struct uh_bound *b = &u->b[i];

		if (b->m->kind == UH_CMD || b->f->type != f->type ||
		    b->f->report_id != f->report_id)
			continue;
		if (uhups_decode(b->m, b->f, buf, len, &v) == HID_VALUE_OK)
			uhups_publish_row(u, i, v);
	}
	uhups_status(u);
}

/* The bound row of command cmd's step, or NULL. */
static const struct uh_bound *uhups_cmd_step(const struct uhups *u, const char *cmd, int step)
{
	long i;

	for (i = 0; i < u->nb; i++) {
		if (u->b[i].m->kind == UH_CMD && u->b[i].m->step == step &&
		    strcmp(u->b[i].m->name, cmd) == 0)
			return &u->b[i];
	}
	return NULL;
}

/* 1 when every step of cmd in the subdriver's tables has a field. */
static int uhups_cmd_has(const struct uhups *u, const char *cmd)
{
	int max = -1, s;
	size_t t, i;

	for (t = 0; u->sd->tables[t] != NULL; t++) {
		for (i = 0; u->sd->tables[t][i].name != NULL; i++) {
			const struct uh_map *m = &u->sd->tables[t][i];

			if (m->kind == UH_CMD && strcmp(m->name, cmd) == 0 && m->step > max)
				max = m->step;
		}
	}
	for (s = 0; s <= max; s++) {
		if (uhups_cmd_step(u, cmd, s) == NULL)
			return 0;
	}
	return max >= 0;
}

static int uhups_instcmd(struct drv_ctx *d, void *priv, const char *cmd, const char *extra)
{
	struct uhups *u = priv;
	const struct uh_bound *b;
	int step, rc;

	(void)extra;
	if (u->dev == NULL)
		return DRP_FAILED;
	if (!uhups_cmd_has(u, cmd))
		return DRP_UNKNOWN;
	for (step = 0; (b = uhups_cmd_step(u, cmd, step)) != NULL; step++) {
		double v = b->m->flags & UH_OFFDELAY  ? (double)u->offdelay
		           : b->m->flags & UH_ONDELAY ? (double)u->ondelay
		                                      : b->m->value;

		rc = uhups_write(u, b->f, v);
		if (rc != DRP_HANDLED)
			return rc;
		uhups_reread(u, b->f);
	}
	log_info("ups %s: instant command %s sent", drv_upsname(d), cmd);
	return DRP_HANDLED;
}

static int uhups_setvar(struct drv_ctx *d, void *priv, const char *var, const char *value)
{
	struct uhups *u = priv;
	double v;
	char *end;
	long i, n;
	int rc;

	if (strcmp(var, "ups.delay.shutdown") == 0 || strcmp(var, "ups.delay.start") == 0) {
		if (conf_parse_long(value, -1, 65535, &n) < 0)
			return DRP_INVALID;
		if (var[10] == 's' && var[11] == 'h')
			u->offdelay = n;
		else
			u->ondelay = n;
		(void)drv_setf(d, var, "%ld", n);
		return DRP_HANDLED;
	}
	if (u->dev == NULL)
		return DRP_FAILED;
	for (i = 0; i < u->nb; i++) {
		const struct uh_map *m = u->b[i].m;

		if (m->kind == UH_CMD || !(m->flags & UH_RW) || strcmp(m->name, var) != 0)
			continue;
		errno = 0;
		v = strtod(value, &end);
		if (errno != 0 || end == value || *end != '\0' || !isfinite(v))
			return DRP_INVALID;
		rc = uhups_write(u, u->b[i].f, v);
		if (rc == DRP_HANDLED)
			uhups_reread(u, u->b[i].f);
		return rc;
	}
	return DRP_UNKNOWN;
}

/* -k: shutdown.return (or stayoff when ondelay is -1), else load.off. */
static int uhups_shutdown(struct drv_ctx *d, void *priv)
{
	struct uhups *u = priv;
	static const char *const order[] = {"shutdown.return", "shutdown.stayoff", "load.off"};
	size_t i;

	for (i = u->ondelay < 0 ? 1 : 0; i < sizeof(order) / sizeof(order[0]); i++) {
		if (!uhups_cmd_has(u, order[i]))
			continue;
		if (uhups_instcmd(d, priv, order[i], NULL) == DRP_HANDLED)
			return 0;
	}
	log_warnx("ups %s: the UPS took no shutdown command", drv_upsname(d));
	return -1;
}

static const struct driver_ops uhups_ops = {
    .name = "usbhid-ups",
    .version = "0.1",
    .description = "Generic HID driver (USB HID Power Device Class)",
    .options = uhups_options,
    .open = uhups_open,
    .init_info = uhups_init_info,
    .poll = uhups_poll,
    .instcmd = uhups_instcmd,
    .setvar = uhups_setvar,
    .shutdown = uhups_shutdown,
    .close = uhups_close,
    .reconnect = uhups_reconnect,
};

int main(int argc, char **argv)
{
	return drv_main(argc, argv, &uhups_ops);
}
