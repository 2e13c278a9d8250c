/* usbemu_dev: emulated USB HID UPSes in a libumockdev testbed. Each device
 * answers the usbdevfs ioctls a libusb program issues on its node
 * (/dev/bus/usb/001/00N): control transfers (descriptors, HID GET_REPORT,
 * SET_REPORT, SET_IDLE) from a report state the test controls, and
 * interrupt-IN transfers with the current input reports. It counts and logs
 * every request and can stall, delay, answer short, unplug and replug.
 *
 * Threads: libumockdev runs the ioctl handlers in its own worker thread;
 * timers and control requests run in the caller's GLib main loop (the
 * default context). One mutex in struct usbemu guards all device state. */
#ifndef UPS_USBEMU_DEV_H
#define UPS_USBEMU_DEV_H

#include <stddef.h>
#include <stdio.h>

#include "usbemu_profile.h"

#define USBEMU_MAX_DEVICES 8   /* devices 001/002 .. 001/009 */
#define USBEMU_HOLD_MS     50  /* longest a reap waits for a completion, see usbemu_dev.c */
#define USBEMU_REPLY_LEN   256 /* bytes of one control reply, NUL included */
#define USBEMU_REQ_LEN     512 /* bytes of one control request line */

struct usbemu;

/* A testbed (sets UMOCKDEV_DIR in this process's environment, for the
 * child) that logs requests to log (may be NULL; not closed) and, with
 * verbose, ioctls to stderr. NULL on failure. */
struct usbemu *usbemu_new(FILE *log, int verbose);

/* Adds a device built from the profile (taken over: p is left empty), as
 * the next device number. 0, or -1 with a reason in err. */
int usbemu_add(struct usbemu *e, struct profile *p, char *err, size_t errlen);

/* Runs one control-socket request line ("set PATH VALUE", "count" ...,
 * optionally prefixed "@N " to address device N, default 1) and writes the
 * one-line reply ("OK ..." / "ERR ...", no newline) into reply. */
void usbemu_request(struct usbemu *e, const char *line, char *reply, size_t replylen);

/* Removes the testbed and everything in it. */
void usbemu_free(struct usbemu *e);

#endif
