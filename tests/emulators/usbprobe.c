/* usbprobe: a small libusb-1.0 client for testing the usbups emulator
 * itself (tests/integration/601-usbemu-libusb.sh), independent of any UPS
 * driver. It opens the first device with VID:PID, claims its HID interface
 * and runs the operations given, printing one line for each:
 *
 *   usbprobe VID:PID OP...
 *     strings              "strings <manufacturer>|<product>|<serial>"
 *     rdesc                "rdesc <length>" (the report descriptor's length)
 *     get TYPE ID LEN      GET_REPORT (TYPE 1 input, 2 output, 3 feature):
 *                          "get <n> <hex>" or "get error <LIBUSB_ERROR name>"
 *     set TYPE ID HEX      SET_REPORT: "set <n>" or "set error <name>"
 *     int LEN TIMEOUT_MS   one interrupt-IN read: "int <n> <hex> ms=<elapsed>
 *                          cpu_ms=<CPU time used>" or "int error <name> ms=.. cpu_ms=.."
 *     timeout MS           control transfer timeout for what follows (default 2000)
 *     reopen               close and open the device again: "reopen ok" or
 *                          "reopen error <name>"
 *     wait MS              sleep
 *     until FILE           wait (up to 10 s) until FILE exists, a step the test
 *                          controls: "until ok" or "until timeout"
 * After a failed reopen only wait, timeout and reopen run. Exit status: 0,
 * or 1 when the device cannot be found or opened at the start. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include <libusb.h>

struct probe {
	libusb_context *ctx;
	libusb_device_handle *h;
	uint16_t vid, pid;
	int intf;
	unsigned timeout_ms;
};

static long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

static long cpu_ms(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return (ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000L +
	       (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000L;
}

static void print_hex(const unsigned char *b, int n)
{
	int i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
}

/* Opens the device and claims its first HID interface. 0 or a libusb error. */
static int probe_open(struct probe *p)
{
	libusb_device **list, *dev = NULL;
	struct libusb_config_descriptor *cfg;
	ssize_t n, i;
	int rc, k;

	p->h = NULL;
	n = libusb_get_device_list(p->ctx, &list);
	if (n < 0)
		return (int)n;
	for (i = 0; i < n; i++) {
		struct libusb_device_descriptor dd;
		if (libusb_get_device_descriptor(list[i], &dd) == 0 && dd.idVendor == p->vid &&
		    dd.idProduct == p->pid) {
			dev = list[i];
			break;
		}
	}
	if (dev == NULL) {
		libusb_free_device_list(list, 1);
		return LIBUSB_ERROR_NOT_FOUND;
	}
	p->intf = 0;
	if (libusb_get_config_descriptor(dev, 0, &cfg) == 0) {
		for (k = 0; k < cfg->bNumInterfaces; k++)
			if (cfg->interface[k].num_altsetting > 0 &&
			    cfg->interface[k].altsetting[0].bInterfaceClass == LIBUSB_CLASS_HID)
				p->intf = cfg->interface[k].altsetting[0].bInterfaceNumber;
		libusb_free_config_descriptor(cfg);
	}
	rc = libusb_open(dev, &p->h);
	libusb_free_device_list(list, 1);
	if (rc < 0)
		return rc;
	rc = libusb_claim_interface(p->h, p->intf);
	if (rc < 0) {
		libusb_close(p->h);
		p->h = NULL;
	}
	return rc;
}

static void op_strings(struct probe *p)
{
	struct libusb_device_descriptor dd;
	unsigned char s[3][128];
	int i;

	libusb_get_device_descriptor(libusb_get_device(p->h), &dd);
	uint8_t idx[3] = {dd.iManufacturer, dd.iProduct, dd.iSerialNumber};
	for (i = 0; i < 3; i++) {
		s[i][0] = '\0';
		if (idx[i] != 0 &&
		    libusb_get_string_descriptor_ascii(p->h, idx[i], s[i], sizeof(s[i])) < 0)
			s[i][0] = '\0';
	}
	printf("strings %s|%s|%s\n", s[0], s[1], s[2]);
}

int main(int argc, char **argv)
{
	struct probe p;
	unsigned char buf[4096];
	unsigned v, pi;
	int i, rc;

	memset(&p, 0, sizeof(p));
	p.timeout_ms = 2000;
	if (argc < 2 || sscanf(argv[1], "%4x:%4x", &v, &pi) != 2) {
		fprintf(stderr, "usage: usbprobe VID:PID OP...\n");
		return 2;
	}
	p.vid = (uint16_t)v;
	p.pid = (uint16_t)pi;
	if (libusb_init(&p.ctx) < 0)
		return 1;
	rc = probe_open(&p);
	if (rc < 0) {
		printf("open error %s\n", libusb_error_name(rc));
		return 1;
	}
	for (i = 2; i < argc; i++) {
		const char *op = argv[i];
		if (p.h == NULL && strcmp(op, "reopen") != 0 && strcmp(op, "wait") != 0 &&
		    strcmp(op, "until") != 0 && strcmp(op, "timeout") != 0) {
			printf("%s error no open device\n", op);
			break;
		}
		if (strcmp(op, "strings") == 0) {
			op_strings(&p);
		} else if (strcmp(op, "rdesc") == 0) {
			rc = libusb_control_transfer(p.h, 0x81, 6, 0x2200, (uint16_t)p.intf, buf,
			                             sizeof(buf), p.timeout_ms);
			if (rc < 0)
				printf("rdesc error %s\n", libusb_error_name(rc));
			else
				printf("rdesc %d\n", rc);
		} else if (strcmp(op, "get") == 0 && i + 3 < argc) {
			unsigned t = (unsigned)atoi(argv[i + 1]), id = (unsigned)atoi(argv[i + 2]);
			unsigned len = (unsigned)atoi(argv[i + 3]);
			i += 3;
			if (len > sizeof(buf))
				len = sizeof(buf);
			rc = libusb_control_transfer(p.h, 0xa1, 1, (uint16_t)(t << 8 | id),
			                             (uint16_t)p.intf, buf, (uint16_t)len,
			                             p.timeout_ms);
			if (rc < 0) {
				printf("get error %s\n", libusb_error_name(rc));
			} else {
				printf("get %d ", rc);
				print_hex(buf, rc);
				printf("\n");
			}
		} else if (strcmp(op, "set") == 0 && i + 3 < argc) {
			unsigned t = (unsigned)atoi(argv[i + 1]), id = (unsigned)atoi(argv[i + 2]);
			const char *hex = argv[i + 3];
			int n = 0;
			i += 3;
			while (hex[0] && hex[1] && n < (int)sizeof(buf)) {
				char b[3] = {hex[0], hex[1], '\0'};
				buf[n++] = (unsigned char)strtoul(b, NULL, 16);
				hex += 2;
			}
			rc = libusb_control_transfer(p.h, 0x21, 9, (uint16_t)(t << 8 | id),
			                             (uint16_t)p.intf, buf, (uint16_t)n,
			                             p.timeout_ms);
			if (rc < 0)
				printf("set error %s\n", libusb_error_name(rc));
			else
				printf("set %d\n", rc);
		} else if (strcmp(op, "int") == 0 && i + 2 < argc) {
			int len = atoi(argv[i + 1]), got = 0;
			unsigned to = (unsigned)atoi(argv[i + 2]);
			long t0 = now_ms(), c0 = cpu_ms();
			i += 2;
			if (len < 1 || len > (int)sizeof(buf))
				len = 8;
			rc = libusb_interrupt_transfer(p.h, 0x81, buf, len, &got, to);
			if (rc < 0) {
				printf("int error %s", libusb_error_name(rc));
			} else {
				printf("int %d ", got);
				print_hex(buf, got);
			}
			printf(" ms=%ld cpu_ms=%ld\n", now_ms() - t0, cpu_ms() - c0);
		} else if (strcmp(op, "timeout") == 0 && i + 1 < argc) {
			p.timeout_ms = (unsigned)atoi(argv[++i]);
		} else if (strcmp(op, "reopen") == 0) {
			if (p.h != NULL) {
				libusb_release_interface(p.h, p.intf);
				libusb_close(p.h);
			}
			rc = probe_open(&p);
			if (rc < 0)
				printf("reopen error %s\n", libusb_error_name(rc));
			else
				printf("reopen ok\n");
		} else if (strcmp(op, "wait") == 0 && i + 1 < argc) {
			usleep((useconds_t)atoi(argv[++i]) * 1000);
		} else if (strcmp(op, "until") == 0 && i + 1 < argc) {
			const char *f = argv[++i];
			long end = now_ms() + 10000;
			while (access(f, F_OK) != 0 && now_ms() < end)
				usleep(20000);
			printf("until %s\n", access(f, F_OK) == 0 ? "ok" : "timeout");
		} else {
			fprintf(stderr, "usbprobe: bad operation %s\n", op);
			return 2;
		}
		fflush(stdout);
	}
	if (p.h != NULL) {
		libusb_release_interface(p.h, p.intf);
		libusb_close(p.h);
	}
	libusb_exit(p.ctx);
	return 0;
}
