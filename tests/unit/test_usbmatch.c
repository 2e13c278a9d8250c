/* Unit tests for drivers/usb/usbmatch: the device-selection options of USB
 * drivers (ids, whole-string case-insensitive regexes, blanks around the
 * device's strings ignored, bus/device/busport numbers). */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>

#include "usbmatch.h"

static void dev(struct usb_devinfo *i, uint16_t v, uint16_t p, const char *mfr, const char *prod,
                const char *serial, const char *bus, const char *devnum, const char *port)
{
	memset(i, 0, sizeof(*i));
	i->vendorid = v;
	i->productid = p;
	strcpy(i->str[USB_M_VENDOR], mfr);
	strcpy(i->str[USB_M_PRODUCT], prod);
	strcpy(i->str[USB_M_SERIAL], serial);
	strcpy(i->str[USB_M_BUS], bus);
	strcpy(i->str[USB_M_DEVICE], devnum);
	strcpy(i->str[USB_M_BUSPORT], port);
}

static int init(struct usb_match *m, const char *vid, const char *pid, const char *vendor,
                const char *product, const char *serial, const char *bus)
{
	const char *res[USB_M_NFIELDS] = {vendor, product, serial, bus, NULL, NULL};
	char err[USB_MATCH_ERR];

	return usb_match_init(m, vid, pid, res, err, sizeof(err));
}

static void test_ids(void **state)
{
	struct usb_match m;
	uint16_t id;

	(void)state;
	assert_int_equal(usb_parse_id("051d", &id), 0);
	assert_int_equal(id, 0x051d);
	assert_int_equal(usb_parse_id("0x0764", &id), 0);
	assert_int_equal(id, 0x0764);
	assert_int_equal(usb_parse_id("FFFF", &id), 0);
	assert_int_equal(id, 0xffff);
	assert_int_equal(usb_parse_id("12345", &id), -1);
	assert_int_equal(usb_parse_id("", &id), -1);
	assert_int_equal(usb_parse_id("05 1d", &id), -1);
	assert_int_equal(usb_parse_id("zz", &id), -1);

	assert_int_equal(init(&m, "051d", NULL, NULL, NULL, NULL, NULL), 0);
	assert_true(usb_match_ids(&m, 0x051d, 0x0002));
	assert_true(usb_match_ids(&m, 0x051d, 0x0003));
	assert_false(usb_match_ids(&m, 0x0764, 0x0501));
	assert_false(usb_match_needs_strings(&m));
	usb_match_free(&m);
	assert_int_equal(init(&m, "051d", "0002", NULL, NULL, NULL, NULL), 0);
	assert_false(usb_match_ids(&m, 0x051d, 0x0003));
	usb_match_free(&m);
	assert_int_equal(init(&m, "51dx", NULL, NULL, NULL, NULL, NULL), -1);
	assert_int_equal(init(&m, NULL, "00002", NULL, NULL, NULL, NULL), -1);
}

static void test_regexes(void **state)
{
	struct usb_match m;
	struct usb_devinfo a, b;

	(void)state;
	dev(&a, 0x051d, 0x0002, "American Power Conversion", "Back-UPS ES 850G2", "4B1234P12345  ",
	    "001", "002", "001");
	dev(&b, 0x051d, 0x0002, "American Power Conversion", "Back-UPS ES 850G2", "  5B9999", "002",
	    "007", "003");
	/* Whole string: a part does not match, a regex that covers it does. */
	assert_int_equal(init(&m, NULL, NULL, NULL, NULL, "4B1234", NULL), 0);
	assert_true(usb_match_needs_strings(&m));
	assert_false(usb_match_dev(&m, &a));
	usb_match_free(&m);
	/* Surrounding blanks of the device's string are ignored. */
	assert_int_equal(init(&m, NULL, NULL, NULL, NULL, "4B1234P12345", NULL), 0);
	assert_true(usb_match_dev(&m, &a));
	assert_false(usb_match_dev(&m, &b));
	usb_match_free(&m);
	assert_int_equal(init(&m, NULL, NULL, NULL, NULL, "5b9999", NULL), 0);
	assert_true(usb_match_dev(&m, &b)); /* case-insensitive */
	usb_match_free(&m);
	/* Alternatives stay anchored on both sides. */
	assert_int_equal(init(&m, NULL, NULL, "american.*|cyber.*", "back-ups.*", NULL, NULL), 0);
	assert_true(usb_match_dev(&m, &a));
	usb_match_free(&m);
	assert_int_equal(init(&m, NULL, NULL, "power", NULL, NULL, NULL), 0);
	assert_false(usb_match_dev(&m, &a));
	usb_match_free(&m);
	/* Two identical UPSes told apart by bus, device or busport. */
	assert_int_equal(init(&m, "051d", NULL, NULL, NULL, NULL, "002"), 0);
	assert_false(usb_match_dev(&m, &a));
	assert_true(usb_match_dev(&m, &b));
	usb_match_free(&m);
	{
		const char *res[USB_M_NFIELDS] = {NULL, NULL, NULL, NULL, "00[27]", "001"};
		char err[USB_MATCH_ERR];

		assert_int_equal(usb_match_init(&m, NULL, NULL, res, err, sizeof(err)), 0);
		assert_true(usb_match_dev(&m, &a));
		assert_false(usb_match_dev(&m, &b)); /* busport 003 */
		usb_match_free(&m);
	}
	/* Ids are checked too. */
	assert_int_equal(init(&m, "0764", NULL, "american.*", NULL, NULL, NULL), 0);
	assert_false(usb_match_dev(&m, &a));
	usb_match_free(&m);
}

static void test_bad_regex(void **state)
{
	struct usb_match m;
	const char *res[USB_M_NFIELDS] = {"(unclosed", NULL, NULL, NULL, NULL, NULL};
	char err[USB_MATCH_ERR], big[600];

	(void)state;
	assert_int_equal(usb_match_init(&m, NULL, NULL, res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "vendor"));
	memset(big, 'a', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	res[0] = NULL;
	res[2] = big;
	assert_int_equal(usb_match_init(&m, NULL, NULL, res, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "serial"));
	assert_string_equal(usb_match_name(USB_M_BUSPORT), "busport");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ids),
	    cmocka_unit_test(test_regexes),
	    cmocka_unit_test(test_bad_regex),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
