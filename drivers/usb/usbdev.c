/* usbdev: USB HID devices on libusb-1.0 (see usbdev.h). */
#include "config.h"

#include <errno.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>

#include <libusb.h>

#include "ev.h"
#include "log.h"
#include "strutil.h"
#include "usbdev.h"

#define USB_MAX_WATCH     16 /* libusb fds watched at once (it uses 2-3 plus one per device) */
#define USB_CLOSE_ROUNDS  20 /* rounds of 50 ms waiting for a cancelled transfer */
#define USB_INTR_MAX_ERRS 3  /* interrupt errors in a row before we stop resubmitting */
#define USB_LANG_DEFAULT  0x0409

struct usb_ctx {
	libusb_context *lib;
	struct ev_loop *loop;
	int watched[USB_MAX_WATCH];
	size_t nwatched;
	int tick_mode;      /* some fd cannot be watched: look every USB_TICK_MS */
	ev_timer_id tick;   /* running while tick_mode and a transfer is submitted */
	unsigned intr_busy; /* interrupt transfers submitted */
};

struct usb_dev {
	struct usb_ctx *c;
	libusb_device_handle *h;
	struct usb_devinfo info;
	int iface;
	int claimed;
	uint16_t lang;
	uint8_t ep_in; /* interrupt-IN endpoint address, 0 when none */
	uint16_t ep_in_size;
	uint16_t report_desc_len; /* from the HID class descriptor, 0 unknown */
	struct libusb_transfer *intr;
	int intr_active;
	int gone; /* a transfer said the device is gone: nothing to wait for */
	unsigned intr_errs;
	usb_intr_fn intr_cb;
	void *intr_arg;
	uint8_t intr_buf[USB_INTR_MAX];
};

const char *usb_strerror(int status)
{
	switch (status) {
	case USB_OK:
		return "success";
	case USB_ERR_NOTFOUND:
		return "no matching device";
	case USB_ERR_ACCESS:
		return "permission denied";
	case USB_ERR_TIMEOUT:
		return "timeout";
	case USB_ERR_PIPE:
		return "stalled (request refused)";
	case USB_ERR_GONE:
		return "device gone";
	case USB_ERR_NOMEM:
		return "out of memory";
	default:
		return "I/O error";
	}
}

int usb_status_is_fatal(int status)
{
	return status == USB_ERR_GONE || status == USB_ERR_NOTFOUND || status == USB_ERR_ACCESS;
}

static int usb_status_of(int lib)
{
	if (lib >= 0)
		return lib;
	switch (lib) {
	case LIBUSB_ERROR_TIMEOUT:
		return USB_ERR_TIMEOUT;
	case LIBUSB_ERROR_PIPE:
		return USB_ERR_PIPE;
	case LIBUSB_ERROR_NO_DEVICE:
	case LIBUSB_ERROR_NOT_FOUND:
		return USB_ERR_GONE;
	case LIBUSB_ERROR_ACCESS:
		return USB_ERR_ACCESS;
	case LIBUSB_ERROR_NO_MEM:
		return USB_ERR_NOMEM;
	default:
		return USB_ERR_IO;
	}
}

/* --- libusb's file descriptors on the event loop --- */

static void usb_handle_events(struct usb_ctx *c)
{
	struct timeval zero = {0, 0};

	(void)libusb_handle_events_timeout_completed(c->lib, &zero, NULL);
}

static void usb_fd_cb(struct ev_loop *loop, int fd, unsigned events, void *arg)
{
	(void)loop;
	(void)fd;
	(void)events;
	usb_handle_events(arg);
}

static void usb_tick_cb(struct ev_loop *loop, void *arg)
{
	(void)loop;
	usb_handle_events(arg);
}

/* The tick runs only in tick mode and while a transfer waits. */
static void usb_tick_update(struct usb_ctx *c)
{
	int want = c->tick_mode && c->intr_busy > 0;

	if (want && c->tick == 0)
		c->tick = ev_timer_add(c->loop, USB_TICK_MS, USB_TICK_MS, usb_tick_cb, c);
	else if (!want && c->tick != 0) {
		ev_timer_cancel(c->loop, c->tick);
		c->tick = 0;
	}
}

static void usb_pollfd_added(int fd, short events, void *arg)
{
	struct usb_ctx *c = arg;
	unsigned ev = 0;
	struct stat st;

	if (events & POLLIN)
		ev |= EV_READ;
	if (events & POLLOUT)
		ev |= EV_WRITE;
	/* A regular file is always "ready" to poll and refused by epoll: such
	 * a node (umockdev's) is served by the tick instead. */
	if (c->nwatched >= USB_MAX_WATCH || (fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) ||
	    ev_io_add(c->loop, fd, ev, usb_fd_cb, c) < 0) {
		if (!c->tick_mode)
			log_debug(1, "usb: fd %d cannot be watched, checking every %d ms", fd,
			          USB_TICK_MS);
		c->tick_mode = 1;
		usb_tick_update(c);
		return;
	}
	c->watched[c->nwatched++] = fd;
}

static void usb_pollfd_removed(int fd, void *arg)
{
	struct usb_ctx *c = arg;
	size_t i;

	for (i = 0; i < c->nwatched; i++) {
		if (c->watched[i] == fd) {
			ev_io_del(c->loop, fd);
			c->watched[i] = c->watched[--c->nwatched];
			return;
		}
	}
}

struct usb_ctx *usb_ctx_new(struct ev_loop *loop)
{
	struct usb_ctx *c = xcalloc(1, sizeof(*c));
	const struct libusb_pollfd **fds;
	int rc;
	size_t i;

	c->loop = loop;
	rc = libusb_init(&c->lib);
	if (rc < 0) {
		log_warnx("usb: libusb_init: %s", libusb_strerror(rc));
		free(c);
		return NULL;
	}
	libusb_set_pollfd_notifiers(c->lib, usb_pollfd_added, usb_pollfd_removed, c);
	fds = libusb_get_pollfds(c->lib);
	for (i = 0; fds != NULL && fds[i] != NULL; i++)
		usb_pollfd_added(fds[i]->fd, fds[i]->events, c);
	libusb_free_pollfds(fds);
	return c;
}

void usb_ctx_free(struct usb_ctx *c)
{
	if (c == NULL)
		return;
	libusb_set_pollfd_notifiers(c->lib, NULL, NULL, NULL);
	while (c->nwatched > 0)
		ev_io_del(c->loop, c->watched[--c->nwatched]);
	c->intr_busy = 0;
	usb_tick_update(c);
	libusb_exit(c->lib);
	free(c);
}

/* --- strings --- */

static int usb_string(libusb_device_handle *h, uint16_t lang, uint8_t idx, char *out, size_t outlen)
{
	uint8_t buf[255];
	size_t i, n = 0;
	int len;

	out[0] = '\0';
	if (idx == 0)
		return USB_OK;
	len = libusb_get_string_descriptor(h, idx, lang, buf, sizeof(buf));
	if (len < 0)
		return usb_status_of(len);
	if (len < 2 || buf[1] != LIBUSB_DT_STRING)
		return USB_ERR_IO;
	if (buf[0] < len)
		len = buf[0];
	for (i = 2; i + 1 < (size_t)len && n + 1 < outlen; i += 2) {
		unsigned ch = buf[i] | (unsigned)buf[i + 1] << 8;

		out[n++] = ch >= 0x20 && ch < 0x7f ? (char)ch : '?';
	}
	out[n] = '\0';
	return USB_OK;
}

/* The device's first language id, or US English when it lists none. */
static uint16_t usb_lang(libusb_device_handle *h)
{
	uint8_t buf[255];
	int len = libusb_get_string_descriptor(h, 0, 0, buf, sizeof(buf));

	if (len >= 4 && buf[1] == LIBUSB_DT_STRING)
		return (uint16_t)(buf[2] | buf[3] << 8);
	return USB_LANG_DEFAULT;
}

int usb_get_string(struct usb_dev *u, uint8_t idx, char *out, size_t outlen)
{
	return usb_string(u->h, u->lang, idx, out, outlen);
}

/* --- finding and opening --- */

/* The HID interface (class 3) of the active configuration: its number, its
 * interrupt-IN endpoint and the report descriptor length its HID class
 * descriptor gives. Interface 0 when the device shows no HID class. */
static void usb_find_hid(libusb_device *dev, struct usb_dev *u)
{
	struct libusb_config_descriptor *cfg = NULL;
	int i, e;

	u->iface = 0;
	if (libusb_get_active_config_descriptor(dev, &cfg) < 0 &&
	    libusb_get_config_descriptor(dev, 0, &cfg) < 0)
		return;
	for (i = 0; i < cfg->bNumInterfaces; i++) {
		const struct libusb_interface_descriptor *alt;

		if (cfg->interface[i].num_altsetting < 1)
			continue;
		alt = &cfg->interface[i].altsetting[0];
		if (alt->bInterfaceClass != LIBUSB_CLASS_HID)
			continue;
		u->iface = alt->bInterfaceNumber;
		for (e = 0; e < alt->bNumEndpoints; e++) {
			const struct libusb_endpoint_descriptor *ep = &alt->endpoint[e];

			if ((ep->bmAttributes & 3) == LIBUSB_TRANSFER_TYPE_INTERRUPT &&
			    (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN)) {
				u->ep_in = ep->bEndpointAddress;
				u->ep_in_size = ep->wMaxPacketSize;
				break;
			}
		}
		/* HID class descriptor: bLength, 0x21, bcdHID(2), country,
		 * bNumDescriptors, then (type, length(2)) pairs. */
		if (alt->extra_length >= 9 && alt->extra[1] == 0x21 && alt->extra[6] == 0x22)
			u->report_desc_len = (uint16_t)(alt->extra[7] | alt->extra[8] << 8);
		break;
	}
	libusb_free_config_descriptor(cfg);
}

static int usb_claim(struct usb_dev *u, const char *upsname, char *err, size_t errlen)
{
	int rc;

	rc = libusb_kernel_driver_active(u->h, u->iface);
	if (rc == 1) {
		rc = libusb_detach_kernel_driver(u->h, u->iface);
		if (rc < 0 && rc != LIBUSB_ERROR_NOT_FOUND) {
			(void)str_fmt(err, errlen, "cannot detach the kernel driver of %s: %s",
			              u->info.str[USB_M_DEVICE], libusb_strerror(rc));
			return usb_status_of(rc);
		}
		log_debug(1, "ups %s: kernel driver detached from interface %d", upsname, u->iface);
	}
	rc = libusb_claim_interface(u->h, u->iface);
	if (rc < 0) {
		(void)str_fmt(err, errlen, "cannot claim interface %d: %s%s", u->iface,
		              libusb_strerror(rc),
		              rc == LIBUSB_ERROR_BUSY ? " (another driver holds it)" : "");
		return usb_status_of(rc);
	}
	u->claimed = 1;
	return USB_OK;
}

static void usb_fill_numbers(libusb_device *dev, struct usb_devinfo *info)
{
	(void)str_fmt(info->str[USB_M_BUS], USB_STR_MAX, "%03u", libusb_get_bus_number(dev));
	(void)str_fmt(info->str[USB_M_DEVICE], USB_STR_MAX, "%03u", libusb_get_device_address(dev));
	(void)str_fmt(info->str[USB_M_BUSPORT], USB_STR_MAX, "%03u", libusb_get_port_number(dev));
}

/* Tries one device; USB_OK with u filled, USB_ERR_NOTFOUND when it does
 * not match, or the failure. */
static int usb_try(struct usb_ctx *c, libusb_device *dev, const struct libusb_device_descriptor *dd,
                   const struct usb_match *m, const char *upsname, struct usb_dev *u, char *err,
                   size_t errlen)
{
	char node[64];
	int rc;

	memset(u, 0, sizeof(*u));
	u->c = c;
	u->info.vendorid = dd->idVendor;
	u->info.productid = dd->idProduct;
	u->info.bcd_device = dd->bcdDevice;
	usb_fill_numbers(dev, &u->info);
	(void)str_fmt(node, sizeof(node), "/dev/bus/usb/%s/%s", u->info.str[USB_M_BUS],
	              u->info.str[USB_M_DEVICE]);
	rc = libusb_open(dev, &u->h);
	if (rc < 0) {
		if (rc == LIBUSB_ERROR_ACCESS)
			(void)str_fmt(
			    err, errlen,
			    "permission denied opening %s (%04x:%04x): is the udev rules "
			    "file %s installed (and the device re-plugged since), so that "
			    "the driver's user may open it?",
			    node, dd->idVendor, dd->idProduct, USB_UDEV_RULES);
		else
			(void)str_fmt(err, errlen, "cannot open %s: %s", node, libusb_strerror(rc));
		return usb_status_of(rc);
	}
	u->lang = usb_lang(u->h);
	(void)usb_string(u->h, u->lang, dd->iManufacturer, u->info.str[USB_M_VENDOR], USB_STR_MAX);
	(void)usb_string(u->h, u->lang, dd->iProduct, u->info.str[USB_M_PRODUCT], USB_STR_MAX);
	(void)usb_string(u->h, u->lang, dd->iSerialNumber, u->info.str[USB_M_SERIAL], USB_STR_MAX);
	if (!usb_match_dev(m, &u->info)) {
		log_debug(2, "ups %s: %s (%04x:%04x \"%s\" \"%s\" \"%s\") does not match", upsname,
		          node, dd->idVendor, dd->idProduct, u->info.str[USB_M_VENDOR],
		          u->info.str[USB_M_PRODUCT], u->info.str[USB_M_SERIAL]);
		libusb_close(u->h);
		u->h = NULL;
		return USB_ERR_NOTFOUND;
	}
	usb_find_hid(dev, u);
	rc = usb_claim(u, upsname, err, errlen);
	if (rc < 0) {
		libusb_close(u->h);
		u->h = NULL;
		return rc;
	}
	return USB_OK;
}

int usb_open(struct usb_ctx *c, const struct usb_match *m, usb_accept_fn accept, void *arg,
             const char *upsname, struct usb_dev **out, char *err, size_t errlen)
{
	libusb_device **list = NULL;
	struct usb_dev *u = xcalloc(1, sizeof(*u));
	ssize_t n, i;
	int rc = USB_ERR_NOTFOUND, r;

	(void)str_copy(err, errlen, "no matching USB device found");
	n = libusb_get_device_list(c->lib, &list);
	if (n < 0) {
		(void)str_fmt(err, errlen, "cannot list USB devices: %s", libusb_strerror((int)n));
		free(u);
		return usb_status_of((int)n);
	}
	for (i = 0; i < n; i++) {
		struct libusb_device_descriptor dd;

		if (libusb_get_device_descriptor(list[i], &dd) < 0)
			continue;
		if (!usb_match_ids(m, dd.idVendor, dd.idProduct))
			continue;
		if (accept != NULL && !accept(dd.idVendor, dd.idProduct, arg))
			continue;
		r = usb_try(c, list[i], &dd, m, upsname, u, err, errlen);
		if (r == USB_OK) {
			rc = USB_OK;
			break;
		}
		/* Keep the most telling failure; another device may still match. */
		if (r != USB_ERR_NOTFOUND)
			rc = r;
	}
	libusb_free_device_list(list, 1);
	if (rc != USB_OK) {
		free(u);
		return rc;
	}
	*out = u;
	return USB_OK;
}

const struct usb_devinfo *usb_info(const struct usb_dev *u)
{
	return &u->info;
}

/* --- transfers --- */

int usb_get_report_desc(struct usb_dev *u, uint8_t *buf, size_t max)
{
	size_t want = u->report_desc_len ? u->report_desc_len : max;
	int rc;

	if (want > max)
		want = max;
	rc = libusb_control_transfer(u->h, LIBUSB_ENDPOINT_IN | LIBUSB_RECIPIENT_INTERFACE,
	                             LIBUSB_REQUEST_GET_DESCRIPTOR, LIBUSB_DT_REPORT << 8,
	                             (uint16_t)u->iface, buf, (uint16_t)want, USB_TIMEOUT_MS);
	return usb_status_of(rc);
}

#define HID_REQ_GET_REPORT 0x01
#define HID_REQ_SET_REPORT 0x09

int usb_get_report(struct usb_dev *u, int type, unsigned id, uint8_t *buf, size_t len,
                   unsigned timeout_ms)
{
	int rc = libusb_control_transfer(
	    u->h, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
	    HID_REQ_GET_REPORT, (uint16_t)((type & 0xff) << 8 | (id & 0xff)), (uint16_t)u->iface,
	    buf, (uint16_t)(len > 0xffff ? 0xffff : len), timeout_ms);

	rc = usb_status_of(rc);
	if (rc == USB_ERR_GONE)
		u->gone = 1;
	return rc;
}

int usb_set_report(struct usb_dev *u, int type, unsigned id, const uint8_t *buf, size_t len,
                   unsigned timeout_ms)
{
	int rc = libusb_control_transfer(
	    u->h, LIBUSB_ENDPOINT_OUT | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
	    HID_REQ_SET_REPORT, (uint16_t)((type & 0xff) << 8 | (id & 0xff)), (uint16_t)u->iface,
	    (uint8_t *)(uintptr_t)buf, (uint16_t)(len > 0xffff ? 0xffff : len), timeout_ms);

	rc = usb_status_of(rc);
	if (rc == USB_ERR_GONE)
		u->gone = 1;
	return rc;
}

static void usb_intr_done(struct usb_dev *u)
{
	if (u->intr_active) {
		u->intr_active = 0;
		u->c->intr_busy--;
		usb_tick_update(u->c);
	}
}

static void LIBUSB_CALL usb_intr_cb(struct libusb_transfer *t)
{
	struct usb_dev *u = t->user_data;
	int status = USB_OK;

	if (u == NULL) /* left behind by usb_close: its device is gone */
		return;

	switch (t->status) {
	case LIBUSB_TRANSFER_COMPLETED:
		u->intr_errs = 0;
		if (t->actual_length > 0)
			u->intr_cb(t->buffer, (size_t)t->actual_length, USB_OK, u->intr_arg);
		break;
	case LIBUSB_TRANSFER_TIMED_OUT:
		break;
	case LIBUSB_TRANSFER_CANCELLED:
		usb_intr_done(u);
		return;
	case LIBUSB_TRANSFER_NO_DEVICE:
		u->gone = 1;
		status = USB_ERR_GONE;
		break;
	default: /* error, stall, overflow: resubmitted a few times */
		if (++u->intr_errs >= USB_INTR_MAX_ERRS)
			status = USB_ERR_IO;
		break;
	}
	if (status == USB_OK && libusb_submit_transfer(t) == 0)
		return;
	usb_intr_done(u);
	u->intr_cb(NULL, 0, status == USB_OK ? USB_ERR_IO : status, u->intr_arg);
}

int usb_intr_start(struct usb_dev *u, size_t size, usb_intr_fn cb, void *arg)
{
	int rc;

	if (u->ep_in == 0)
		return USB_ERR_NOTFOUND;
	if (u->intr_active)
		return USB_OK;
	if (size == 0)
		size = u->ep_in_size ? u->ep_in_size : 8;
	if (size > sizeof(u->intr_buf))
		size = sizeof(u->intr_buf);
	if (u->intr == NULL && (u->intr = libusb_alloc_transfer(0)) == NULL)
		return USB_ERR_NOMEM;
	u->intr_cb = cb;
	u->intr_arg = arg;
	u->intr_errs = 0;
	libusb_fill_interrupt_transfer(u->intr, u->h, u->ep_in, u->intr_buf, (int)size, usb_intr_cb,
	                               u, 0);
	rc = libusb_submit_transfer(u->intr);
	if (rc < 0)
		return usb_status_of(rc);
	u->intr_active = 1;
	u->c->intr_busy++;
	usb_tick_update(u->c);
	return USB_OK;
}

void usb_close(struct usb_dev *u)
{
	struct timeval tv = {0, 50000};
	int i;

	if (u == NULL)
		return;
	if (u->intr_active && !u->gone && libusb_cancel_transfer(u->intr) == 0) {
		for (i = 0; i < USB_CLOSE_ROUNDS && u->intr_active; i++)
			(void)libusb_handle_events_timeout_completed(u->c->lib, &tv, NULL);
	}
	if (u->intr_active) {
		/* Not cancelled (the device is gone): closing the handle below
		 * takes it off libusb's in-flight list, after which it is ours
		 * to free and its callback never runs. */
		log_debug(1,
		          "usb: interrupt transfer not cancelled (device gone), dropped at close");
		u->intr->user_data = NULL;
		usb_intr_done(u);
	}
	if (u->claimed)
		(void)libusb_release_interface(u->h, u->iface);
	if (u->h != NULL)
		libusb_close(u->h);
	if (u->intr != NULL)
		libusb_free_transfer(u->intr);
	free(u);
}
