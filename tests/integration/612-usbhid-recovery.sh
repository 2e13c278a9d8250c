#!/usr/bin/env bash
# usbhid-ups when the device misbehaves: unplugged, its data goes stale and
# it comes back by itself after a replug (no restart, loss logged once);
# control transfers that stall or time out give stale data, never a crash,
# a busy loop or a made-up OB LB, and fresh data once the device answers;
# reports shorter than declared or with another report id give a log line
# and skipped fields.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/usblib.sh"
need_umockdev
need_ours upsd usbhid-ups

prof=apc-backups
[ -f "$top_srcdir/tests/emulators/profiles/$prof.profile" ] || skip "no $prof profile"
add_ups u usbhid-ups auto pollinterval=1 pollfreq=2
write_upsd_conf "MAXAGE 4"
start_upsd
start_usb_driver u "$prof"
wait_status u
expect_status u OL 5
drvlog=$(log_of usb-u)
reply_is() { [ "$(nut_cmd "GET VAR u $1")" == "$2" ]; }
stale() { reply_is ups.status "ERR DATA-STALE"; }
fresh() { nut_getvar u ups.status >/dev/null; }
cpu_ticks() { # of the driver (the emulator's child)
	local pid
	pid=$(pgrep -P "${UT_PID[usb-u]}" -f usbhid-ups | head -n 1)
	[ -n "$pid" ] || fail "driver process gone"$'\n'"$(cat "$drvlog")"
	awk '{ print $14 + $15 }' "/proc/$pid/stat"
}

# Unplug: stale within a few polls, "device lost" logged once.
emu u unplug >/dev/null || fail "emulator refused: emu u unplug"
wait_until 8 stale || fail "data not stale after unplug: $(nut_cmd 'GET VAR u ups.status')"
t1=$(cpu_ticks)
sleep 3
t2=$(cpu_ticks)
[ $((t2 - t1)) -le 15 ] || fail "driver used $((t2 - t1)) ticks in 3 s while unplugged"
assert_eq 1 "$(grep -c 'device lost' "$drvlog")" "'device lost' lines"
# Replug: back without a restart, with the device's current values.
emu u replug >/dev/null || fail "emulator refused: emu u replug"
emu u set UPS.PowerSummary.RemainingCapacity 66 >/dev/null || fail "emulator refused: emu u set UPS.PowerSummary.RemainingCapacity 66"
wait_until 20 fresh || fail "not fresh 20 s after replug"$'\n'"$(cat "$drvlog")"
expect_var u battery.charge 66 5
grep -q "device back" "$drvlog" || fail "no 'device back' line"

# Stall: every control transfer fails; the interrupt pipe is also stopped
# so that only polls could refresh.
emu u stall on >/dev/null || fail "emulator refused: emu u stall on"
emu u set UPS.PowerSummary.PresentStatus.ACPresent 0 >/dev/null || fail "emulator refused: emu u set UPS.PowerSummary.PresentStatus.ACPresent 0"
wait_until 10 stale || fail "data not stale while stalled: $(nut_cmd 'GET VAR u ups.status')"
t1=$(cpu_ticks)
sleep 3
t2=$(cpu_ticks)
[ $((t2 - t1)) -le 15 ] || fail "driver used $((t2 - t1)) ticks in 3 s while stalled"
emu u set UPS.PowerSummary.PresentStatus.ACPresent 1 >/dev/null || fail "emulator refused: emu u set UPS.PowerSummary.PresentStatus.ACPresent 1"
emu u stall off >/dev/null || fail "emulator refused: emu u stall off"
wait_until 70 fresh || fail "not fresh after the stall ended"$'\n'"$(cat "$drvlog")"
expect_status u OL 5

# Delay: every control transfer completes late (past the driver's timeout).
emu u delay 3000 >/dev/null || fail "emulator refused: emu u delay 3000"
wait_until 15 stale || fail "data not stale with 3 s transfers"
emu u delay 0 >/dev/null || fail "emulator refused: emu u delay 0"
wait_until 70 fresh || fail "not fresh after the delay ended"$'\n'"$(cat "$drvlog")"
expect_status u OL 5

# Short reports: fields past the end are skipped, nothing made up.
emu u short 3 >/dev/null || fail "emulator refused: emu u short 3"
sleep 3
pgrep -P "${UT_PID[usb-u]}" -f usbhid-ups >/dev/null || fail "driver died on short reports"
st=$(nut_getvar u ups.status) || st=stale
case $st in *LB* | *OB*) fail "short reports made ups.status [$st]" ;; esac
grep -q "bytes; the fields past its end are skipped" "$drvlog" || fail "no log line on short reports"
emu u short 0 >/dev/null || fail "emulator refused: emu u short 0"
wait_until 10 fresh || fail "not fresh after short reports ended"
expect_status u OL 5

# Another report id in every answer: a log line, stale data, no made-up
# status; fresh again once the device answers right.
emu u badid on >/dev/null || fail "emulator refused: badid on"
emu u set UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit 1 >/dev/null || fail "emulator refused: set"
wait_until 10 grep -q "with another report id; its fields are skipped" "$drvlog" ||
	fail "no log line on reports with another id"$'\n'"$(cat "$drvlog")"
pgrep -P "${UT_PID[usb-u]}" -f usbhid-ups >/dev/null || fail "driver died on wrong report ids"
emu u badid off >/dev/null || fail "emulator refused: badid off"
emu u set UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit 0 >/dev/null || fail "emulator refused: set"
wait_until 70 fresh || fail "not fresh after wrong report ids ended"
expect_status u OL 10
