#!/usr/bin/env bash
# usbhid-ups is gentle on the device: with the same pollinterval (1) and
# pollfreq (3) as NUT 2.8.0's usbhid-ups on the same emulated device, it
# makes at most half as many control transfers (the emulator counts them):
# interrupt reports stand in for the status reports, settings are read
# seldom, each report once per poll.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/usblib.sh"
need_umockdev
need_ours usbhid-ups
[ -x "$(prog_path nut usbhid-ups)" ] || skip "NUT's usbhid-ups is not installed"
WINDOW=${USBHID_COUNT_WINDOW:-20}

for prof in apc-backups eaton; do
	[ -f "$(usb_profile "$prof")" ] || continue
	p=${prof//-/_}
	start_nut_usb_driver "${p}_nut" "$prof" pollinterval=1 pollfreq=3
	start_usb_driver "${p}_ours" "$prof" pollinterval=1 pollfreq=3
	sleep 3 # past the start-up reads of both
	emu "${p}_nut" reset-count >/dev/null || fail "emulator refused: reset-count"
	emu "${p}_ours" reset-count >/dev/null || fail "emulator refused: reset-count"
	sleep "$WINDOW" # the measuring window
	read -r _ nut_ctl nut_int <<<"$(emu "${p}_nut" count)"
	read -r _ our_ctl our_int <<<"$(emu "${p}_ours" count)"
	note "$prof: control transfers in $WINDOW s: NUT $nut_ctl, ours $our_ctl" \
		"(interrupt: $nut_int, $our_int)"
	[ "$nut_ctl" -gt 0 ] || fail "$prof: NUT made no control transfers (count broken?)"
	[ $((our_ctl * 2)) -le "$nut_ctl" ] ||
		fail "$prof: ours made $our_ctl control transfers, NUT $nut_ctl: not at most half"
	stop "usb-${p}_nut"
	stop "usb-${p}_ours"
done
