/* usbdev: USB HID devices through libusb-1.0, for any driver of the
 * framework (usbhid-ups first, later nutdrv_qx's USB mode). It finds the
 * device a usb_match selects, detaches a kernel driver and claims the HID
 * interface, reads string descriptors (in the device's first language) and
 * the HID report descriptor, does HID GET_REPORT/SET_REPORT with timeouts,
 * and reads interrupt-IN reports asynchronously on the driver's event loop.
 *
 * Interrupt-IN: one libusb transfer is kept submitted, and libusb's file
 * descriptors are watched by the core's event loop (ev), so the driver
 * sleeps until a report comes and never blocks its loop waiting for one.
 * An fd the loop cannot watch (a device node that is a regular file, as
 * under umockdev) falls back to letting libusb look every USB_TICK_MS.
 * Control transfers are synchronous and bounded by their timeout. */
#ifndef UPS_USBDEV_H
#define UPS_USBDEV_H

#include <stddef.h>
#include <stdint.h>

#include "usbmatch.h"

struct ev_loop;
struct usb_ctx;
struct usb_dev;

#define USB_TIMEOUT_MS      5000 /* default control transfer timeout */
#define USB_TICK_MS         250  /* libusb event check when its fds cannot be watched */
#define USB_MAX_REPORT_DESC 4096 /* bytes of HID report descriptor read */
#define USB_INTR_MAX        64   /* bytes of one interrupt-IN transfer at most */
/* The udev rules file that lets the driver's user open the device node. */
#define USB_UDEV_RULES "62-nut-usbups.rules"

enum usb_status {
	USB_OK = 0,
	USB_ERR_NOTFOUND = -1, /* no device matches (or it is gone) */
	USB_ERR_ACCESS = -2,   /* EPERM/EACCES opening or claiming */
	USB_ERR_TIMEOUT = -3,
	USB_ERR_PIPE = -4, /* stall: the device refused the request */
	USB_ERR_IO = -5,   /* other I/O failure */
	USB_ERR_GONE = -6, /* unplugged */
	USB_ERR_NOMEM = -7,
};
const char *usb_strerror(int status);

/* Asked for each device whose ids fit the match before it is opened: 1 to
 * consider it, 0 to skip (e.g. an id no subdriver knows). May be NULL. */
typedef int (*usb_accept_fn)(uint16_t vendorid, uint16_t productid, void *arg);
/* One interrupt-IN report (len bytes), from the event loop. The callback
 * must not start control transfers. len 0 with status < 0: the transfer
 * ended with that error (USB_ERR_GONE on unplug); it is not resubmitted. */
typedef void (*usb_intr_fn)(const uint8_t *buf, size_t len, int status, void *arg);

/* A libusb context bound to loop (which must outlive it); NULL on failure. */
struct usb_ctx *usb_ctx_new(struct ev_loop *loop);
void usb_ctx_free(struct usb_ctx *c);

/* Opens the first matching device (HID interface claimed, kernel driver
 * detached) into *out. With err (errlen bytes) a reason on failure: EPERM
 * names the device node and the udev rules file. upsname is for logs. */
int usb_open(struct usb_ctx *c, const struct usb_match *m, usb_accept_fn accept, void *arg,
             const char *upsname, struct usb_dev **out, char *err, size_t errlen);
/* Stops the interrupt transfer, releases the interface, closes. */
void usb_close(struct usb_dev *u);

/* Ids, strings and bus numbers of the open device. */
const struct usb_devinfo *usb_info(const struct usb_dev *u);

/* String descriptor idx as text (UTF-16 beyond ASCII written as '?').
 * 0 or a status. */
int usb_get_string(struct usb_dev *u, uint8_t idx, char *out, size_t outlen);

/* The HID report descriptor into buf (room for max bytes): its length, or
 * a status (< 0). */
int usb_get_report_desc(struct usb_dev *u, uint8_t *buf, size_t max);

/* HID GET_REPORT / SET_REPORT of (type 1 input, 2 output, 3 feature, id).
 * buf holds the report as transferred (report id byte first when id > 0).
 * Returns bytes transferred, or a status (< 0). */
int usb_get_report(struct usb_dev *u, int type, unsigned id, uint8_t *buf, size_t len,
                   unsigned timeout_ms);
int usb_set_report(struct usb_dev *u, int type, unsigned id, const uint8_t *buf, size_t len,
                   unsigned timeout_ms);

/* Starts reading interrupt-IN reports of at most size bytes (0: the
 * endpoint's packet size) and calling cb. 0, or a status (no interrupt-IN
 * endpoint: USB_ERR_NOTFOUND). */
int usb_intr_start(struct usb_dev *u, size_t size, usb_intr_fn cb, void *arg);

/* 1 when the status means the device must be closed and found again. */
int usb_status_is_fatal(int status);

#endif
