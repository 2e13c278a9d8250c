/* fuzz_usbmatch: the USB device-selection options (drivers/usb/usbmatch).
 * Input: newline-separated vendorid, productid, then the six regex options
 * (an empty line = unset), then the device's strings. Invariants: compiling
 * never crashes (bad options are refused with a message), and a device
 * whose strings are the options' own literal text when those hold no regex
 * metacharacters matches. */
#include "config.h"

#include <string.h>

#include "fuzz.h"
#include "usbmatch.h"

#define FZ_PARTS (2 + 2 * USB_M_NFIELDS)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char buf[4096], *part[FZ_PARTS] = {NULL}, *p, err[USB_MATCH_ERR];
	const char *res[USB_M_NFIELDS];
	struct usb_match m;
	struct usb_devinfo info;
	size_t i, n = 0;

	if (size >= sizeof(buf))
		size = sizeof(buf) - 1;
	memcpy(buf, data, size);
	buf[size] = '\0';
	for (p = buf; n < FZ_PARTS && p != NULL; n++) {
		part[n] = p;
		p = strchr(p, '\n');
		if (p != NULL)
			*p++ = '\0';
	}
	for (i = 0; i < USB_M_NFIELDS; i++)
		res[i] = part[2 + i] != NULL && part[2 + i][0] != '\0' ? part[2 + i] : NULL;
	if (usb_match_init(&m, part[0] && part[0][0] ? part[0] : NULL,
	                   part[1] && part[1][0] ? part[1] : NULL, res, err, sizeof(err)) < 0) {
		FUZZ_CHECK(err[0] != '\0');
		return 0;
	}
	memset(&info, 0, sizeof(info));
	info.vendorid = m.vendorid;
	info.productid = m.productid;
	for (i = 0; i < USB_M_NFIELDS; i++) {
		const char *s = part[2 + USB_M_NFIELDS + i];

		if (s != NULL)
			strncpy(info.str[i], s, USB_STR_MAX - 1);
	}
	(void)usb_match_dev(&m, &info);
	/* Literal options against the same strings: a match. */
	for (i = 0; i < USB_M_NFIELDS; i++) {
		const char *s = res[i];

		if (s == NULL)
			continue;
		if (strlen(s) >= USB_STR_MAX || strpbrk(s, ".[]()*+?{}|^$\\ \t") != NULL)
			goto out;
		strcpy(info.str[i], s);
	}
	FUZZ_CHECK(usb_match_dev(&m, &info) == 1);
out:
	usb_match_free(&m);
	return 0;
}
