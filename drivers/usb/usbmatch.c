/* usbmatch: the device-selection options of USB drivers (see usbmatch.h). */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "strutil.h"
#include "usbmatch.h"

/* Longest regex option we compile: ups.conf values are bounded anyway. */
#define USB_RE_MAX 512

static const char *const usb_match_names[USB_M_NFIELDS] = {
    [USB_M_VENDOR] = "vendor", [USB_M_PRODUCT] = "product", [USB_M_SERIAL] = "serial",
    [USB_M_BUS] = "bus",       [USB_M_DEVICE] = "device",   [USB_M_BUSPORT] = "busport",
};

const char *usb_match_name(enum usb_match_field f)
{
	return (unsigned)f < USB_M_NFIELDS ? usb_match_names[f] : "?";
}

int usb_parse_id(const char *s, uint16_t *out)
{
	unsigned v = 0;
	size_t i, n;

	if (s == NULL)
		return -1;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		s += 2;
	n = strlen(s);
	if (n == 0 || n > 4)
		return -1;
	for (i = 0; i < n; i++) {
		int c = (unsigned char)s[i];

		if (!isxdigit(c))
			return -1;
		v = v * 16 + (unsigned)(isdigit(c) ? c - '0' : tolower(c) - 'a' + 10);
	}
	*out = (uint16_t)v;
	return 0;
}

void usb_match_free(struct usb_match *m)
{
	int i;

	for (i = 0; i < USB_M_NFIELDS; i++) {
		if (m->have[i])
			regfree(&m->re[i]);
		m->have[i] = 0;
	}
}

int usb_match_init(struct usb_match *m, const char *vendorid, const char *productid,
                   const char *const res[USB_M_NFIELDS], char *err, size_t errlen)
{
	char buf[USB_RE_MAX + 8], rerr[96];
	int i, rc;

	memset(m, 0, sizeof(*m));
	if (vendorid != NULL) {
		if (usb_parse_id(vendorid, &m->vendorid) < 0) {
			(void)str_fmt(err, errlen, "vendorid \"%s\" is not a 4-digit hex id",
			              vendorid);
			return -1;
		}
		m->have_vendorid = 1;
	}
	if (productid != NULL) {
		if (usb_parse_id(productid, &m->productid) < 0) {
			(void)str_fmt(err, errlen, "productid \"%s\" is not a 4-digit hex id",
			              productid);
			return -1;
		}
		m->have_productid = 1;
	}
	for (i = 0; i < USB_M_NFIELDS; i++) {
		if (res == NULL || res[i] == NULL)
			continue;
		if (strlen(res[i]) > USB_RE_MAX) {
			(void)str_fmt(err, errlen, "%s: regex longer than %d bytes",
			              usb_match_names[i], USB_RE_MAX);
			goto fail;
		}
		/* The whole string: anchored, the user's alternatives grouped. */
		(void)str_fmt(buf, sizeof(buf), "^(%s)$", res[i]);
		rc = regcomp(&m->re[i], buf, REG_EXTENDED | REG_ICASE | REG_NOSUB);
		if (rc != 0) {
			regerror(rc, &m->re[i], rerr, sizeof(rerr));
			(void)str_fmt(err, errlen, "%s: bad regex \"%s\": %s", usb_match_names[i],
			              res[i], rerr);
			goto fail;
		}
		m->have[i] = 1;
	}
	return 0;
fail:
	usb_match_free(m);
	return -1;
}

int usb_match_ids(const struct usb_match *m, uint16_t vendorid, uint16_t productid)
{
	if (m->have_vendorid && m->vendorid != vendorid)
		return 0;
	if (m->have_productid && m->productid != productid)
		return 0;
	return 1;
}

int usb_match_needs_strings(const struct usb_match *m)
{
	return m->have[USB_M_VENDOR] || m->have[USB_M_PRODUCT] || m->have[USB_M_SERIAL];
}

/* Matches s with its leading and trailing blanks left out. */
static int usb_re_match(const regex_t *re, const char *s)
{
	char buf[USB_STR_MAX];
	size_t n;

	while (*s == ' ' || *s == '\t')
		s++;
	n = strnlen(s, sizeof(buf) - 1);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	memcpy(buf, s, n);
	buf[n] = '\0';
	return regexec(re, buf, 0, NULL, 0) == 0;
}

int usb_match_dev(const struct usb_match *m, const struct usb_devinfo *info)
{
	int i;

	if (!usb_match_ids(m, info->vendorid, info->productid))
		return 0;
	for (i = 0; i < USB_M_NFIELDS; i++) {
		if (m->have[i] && !usb_re_match(&m->re[i], info->str[i]))
			return 0;
	}
	return 1;
}
