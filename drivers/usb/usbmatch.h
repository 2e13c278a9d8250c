/* usbmatch: which USB device a driver section means. The ups.conf options
 * vendorid/productid (exact, 4 hex digits), vendor/product/serial (extended
 * regexes on the string descriptors, case-insensitive, matching the whole
 * string with surrounding blanks ignored), bus, device and busport (regexes
 * on the 3-digit numbers) are compiled once here and checked against each
 * device found. No I/O: usbdev.c feeds it what libusb reports. */
#ifndef UPS_USBMATCH_H
#define UPS_USBMATCH_H

#include <regex.h>
#include <stddef.h>
#include <stdint.h>

#define USB_STR_MAX   128 /* bytes of one string descriptor as text, NUL included */
#define USB_MATCH_ERR 160 /* bytes of an error message, NUL included */

/* The regex-valued options, in the order of struct usb_match.re. */
enum usb_match_field {
	USB_M_VENDOR,
	USB_M_PRODUCT,
	USB_M_SERIAL,
	USB_M_BUS,
	USB_M_DEVICE,
	USB_M_BUSPORT,
	USB_M_NFIELDS,
};

/* What is known of one device: ids from its device descriptor, strings
 * (empty when it has none or they cannot be read), numbers as "%03u". */
struct usb_devinfo {
	uint16_t vendorid, productid, bcd_device;
	char str[USB_M_NFIELDS][USB_STR_MAX]; /* indexed by enum usb_match_field */
};

struct usb_match {
	int have_vendorid, have_productid;
	uint16_t vendorid, productid;
	int have[USB_M_NFIELDS];
	regex_t re[USB_M_NFIELDS];
};

/* The option name of a field ("vendor", "busport" ...). */
const char *usb_match_name(enum usb_match_field f);

/* Compiles the options: ids[0]/ids[1] are vendorid/productid, res[] the
 * regex options by enum usb_match_field; NULL means "any". 0, or -1 with
 * the option named in err. On success free with usb_match_free. */
int usb_match_init(struct usb_match *m, const char *vendorid, const char *productid,
                   const char *const res[USB_M_NFIELDS], char *err, size_t errlen);
void usb_match_free(struct usb_match *m);

/* Parses exactly 4 hex digits (NUT also takes 1-4, and "0x"). 0 or -1. */
int usb_parse_id(const char *s, uint16_t *out);

/* 1 when the ids fit the vendorid/productid options (checked before a
 * device is opened), else 0. */
int usb_match_ids(const struct usb_match *m, uint16_t vendorid, uint16_t productid);

/* 1 when every option given matches the device, else 0. */
int usb_match_dev(const struct usb_match *m, const struct usb_devinfo *info);

/* 1 when any option needs the strings (vendor, product, serial). */
int usb_match_needs_strings(const struct usb_match *m);

#endif
