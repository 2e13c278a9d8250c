#!/usr/bin/env bash
# End to end, as a user would run the demo: dummy-ups replays a real device
# dump, upsd serves it, upsc reads it; the UPS goes on battery (OB), then on
# low battery (OB LB) by rewriting the .dev file, and upsc shows each state
# within a bound; finally the driver stops and upsc reports it.
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups upsc

use_dev APC__Back-UPS_CS_500__usbhid-ups__2.6.0__01.dev ups.dev
add_ups myups dummy-ups ups.dev "desc=Demo UPS"
start_driver myups
drv=$UT_LAST_PID
start_upsd
wait_status myups

upsc_q() { upsc_run "$@" 2>/dev/null; }
var_is() { [ "$(upsc_q "myups@$UPSD_ADDR" "$1")" == "$2" ]; }
status_is() { var_is ups.status "$1"; }

assert_eq OL "$(upsc_q "myups@$UPSD_ADDR" ups.status)" "initial status"
assert_eq "myups: Demo UPS" "$(upsc_q -L "$UPSD_ADDR")" "upsc -L"
all=$(upsc_q "myups@$UPSD_ADDR")
assert_contains "$all" "battery.charge: 100" "upsc listing"
assert_contains "$all" "device.model: Back-UPS CS 500" "upsc listing"
assert_contains "$all" "driver.name: dummy-ups" "upsc listing"

set_dev_var ups.dev ups.status OB
set_dev_var ups.dev battery.charge 80
wait_until 10 status_is OB ||
	fail "upsc did not show OB within 10 s (shows: $(upsc_q "myups@$UPSD_ADDR" ups.status))"
wait_until 5 var_is battery.charge 80 ||
	fail "battery.charge not 80: $(upsc_q "myups@$UPSD_ADDR" battery.charge)"

set_dev_var ups.dev ups.status "OB LB"
set_dev_var ups.dev battery.charge 9
wait_until 10 status_is "OB LB" ||
	fail "upsc did not show 'OB LB' within 10 s (shows: $(upsc_q "myups@$UPSD_ADDR" ups.status))"
assert_eq 9 "$(upsc_q "myups@$UPSD_ADDR" battery.charge)" "battery.charge on low battery"

# Power comes back.
set_dev_var ups.dev ups.status "OL CHRG"
wait_until 10 status_is "OL CHRG" || fail "upsc did not show 'OL CHRG' within 10 s"

# The driver goes away: upsc says so (and fails) instead of showing stale data.
stop_pid "$drv"
gone() {
	run upsc_run "myups@$UPSD_ADDR" ups.status
	[ "$RC" -ne 0 ]
}
wait_until 20 gone || fail "upsc still reads ups.status after the driver stopped: $OUT"
assert_contains "$ERR" "Error: Driver not connected" "upsc error once the driver is gone"
