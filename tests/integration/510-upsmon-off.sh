#!/usr/bin/env bash
# upsmon: a UPS whose output is switched OFF is critical once OFFDURATION
# has passed (not before); one OVER(loaded) on battery is only notified
# while OVERDURATION is unset (-1). (The timings: unit/test_upsmon_rules.)
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user mon pw "upsmon primary"
start_driver a
start_upsd
wait_status a

um_conf m "MONITOR a@$UPSD_ADDR 1 mon pw primary" "OFFDURATION 6"
um_start m
wait_until 10 numlogins_is a 1 || fail "upsmon did not log in"

# OVER on battery, OVERDURATION unset (-1): noted, not critical.
set_dev_var a.dev ups.status "OB OVER"
wait_until 15 notified m OVER || fail "no OVER"
set_dev_var a.dev ups.status "OL"
wait_until 15 notified m NOTOVER || fail "no NOTOVER"
assert_false notified m SHUTDOWN

set_dev_var a.dev ups.status "OFF"
wait_until 15 notified m OFF || fail "no OFF"
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "OFF: no shutdown before OFFDURATION"
wait_until 20 shut_down m || fail "OFF for OFFDURATION: no shutdown"
assert_contains "$(cat "$(log_of m)")" "output off for OFFDURATION"
