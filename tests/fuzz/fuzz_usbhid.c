/* fuzz_usbhid: usbhid-ups's tables (drivers/usbhid) on arbitrary devices.
 * Input: one byte picks the subdriver, two bytes (little endian) give the
 * descriptor length, then the descriptor, then report bytes. When the
 * descriptor parses, every bound row is decoded from the report bytes (as
 * its GET_REPORT field and as its interrupt field) and formatted.
 * Invariants: bound fields belong to the descriptor, texts are terminated
 * and fit, ups.status is made of known flags only. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "hidparse.h"
#include "hidreport.h"
#include "usbhid.h"

static void row(const struct uh_bound *b, const struct hid_field *f, const uint8_t *rep, size_t len)
{
	uint8_t buf[HID_MAX_REPORT_SIZE + 1];
	char text[64];
	double v;

	if (len > sizeof(buf))
		len = sizeof(buf);
	memcpy(buf, rep, len);
	if (f->report_id != 0 && len > 0)
		buf[0] = (uint8_t)f->report_id;
	if (hid_get_value(f, buf, len, &v) != HID_VALUE_OK)
		return;
	if (uh_format(b->m, v, text, sizeof(text)) == 0)
		FUZZ_CHECK(strlen(text) < sizeof(text));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t nsd = 0, dlen, i;
	const struct uh_subdriver *sd;
	struct hid_desc *d;
	struct uh_bound *b;
	char err[HID_ERR_LEN], status[128];
	int set[UH_F_COUNT];
	long n;

	if (size < 3)
		return 0;
	while (uh_subdrivers[nsd] != NULL)
		nsd++;
	sd = uh_subdrivers[data[0] % nsd];
	dlen = (size_t)data[1] | (size_t)data[2] << 8;
	data += 3;
	size -= 3;
	if (dlen > size)
		dlen = size;
	d = hid_parse(data, dlen, err, sizeof(err));
	if (d == NULL)
		return 0;
	n = uh_bind(sd, d, &b);
	FUZZ_CHECK(n >= 0);
	for (i = 0; i < (size_t)n; i++) {
		FUZZ_CHECK(b[i].f >= d->fields && b[i].f < d->fields + d->nfields);
		FUZZ_CHECK(b[i].intr == NULL || b[i].intr->type == HID_REPORT_INPUT);
		row(&b[i], b[i].f, data + dlen, size - dlen);
		if (b[i].intr != NULL)
			row(&b[i], b[i].intr, data + dlen, size - dlen);
	}
	for (i = 0; i < UH_F_COUNT; i++)
		set[i] = size > i + dlen ? data[dlen + i] & 1 : 0;
	uh_status_compose(set, status, sizeof(status));
	FUZZ_CHECK(strlen(status) < sizeof(status));
	FUZZ_CHECK(strstr(status, "OL OB") == NULL);
	free(b);
	hid_desc_free(d);
	return 0;
}
