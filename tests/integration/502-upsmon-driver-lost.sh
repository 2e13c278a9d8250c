#!/usr/bin/env bash
# upsmon: the driver goes away. While the UPS was on line: COMMBAD, NOCOMM
# repeated every NOCOMMWARNTIME, no shutdown even well past DEADTIME, and
# COMMOK when it is back. While it was on battery: COMMBAD at once, the
# shutdown only after DEADTIME ("unreachable ... last seen on battery").
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user mon pw "upsmon primary"
start_driver a
start_upsd
wait_status a

um_conf m "MONITOR a@$UPSD_ADDR 1 mon pw primary" "DEADTIME 3" "NOCOMMWARNTIME 2"
um_start m
wait_until 10 numlogins_is a 1 || fail "upsmon did not log in"

stop dummy-ups-a
wait_until 15 notified m COMMBAD || fail "no COMMBAD"
nocomm_twice() { [ "$(notified_count m NOCOMM)" -ge 2 ]; }
wait_until 20 nocomm_twice || fail "NOCOMM not repeated"
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "a UPS lost while on line shuts nothing down"
assert_false notified m SHUTDOWN
start_driver a
wait_until 15 notified m COMMOK || fail "no COMMOK"
assert_eq 1 "$(notified_count m COMMBAD)" "one COMMBAD for the outage"

# Now on battery, then lost.
set_dev_var a.dev ups.status "OB DISCHRG"
wait_until 15 notified m ONBATT || fail "no ONBATT"
: >"$UT_TMP/notify.log"
stop dummy-ups-a
wait_until 15 notified m COMMBAD || fail "no COMMBAD while on battery"
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "no shutdown before DEADTIME"
wait_until 20 shut_down m || fail "no shutdown after DEADTIME"
assert_contains "$(cat "$(log_of m)")" "unreachable for longer than DEADTIME, last seen on battery"
