#!/usr/bin/env bash
# upsmon: a power blip (OB for a few seconds, then OL) gives ONBATT then
# ONLINE with NUT's NOTIFYTYPE/UPSNAME and the message as argument, and no
# shutdown; the status words' own notifications (CAL/NOTCAL ... OTHER)
# come and go with them; a NOTIFYMSG text replaces ours.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user mon pw "upsmon primary"
start_driver a
start_upsd
wait_status a

um_conf m "MONITOR a@$UPSD_ADDR 1 mon pw primary" 'NOTIFYMSG ONLINE "power is back on %s (100%%)"'
um_start m
wait_until 10 grep -q "a@$UPSD_ADDR: power value 1, primary" "$(log_of m)" || fail "upsmon did not start"
# Logged in: upsd counts it.
wait_until 10 numlogins_is a 1 ||
	fail "upsmon did not log in: $(nut_cmd "GET NUMLOGINS a")"

set_dev_var a.dev ups.status "OB DISCHRG"
wait_until 15 notified m ONBATT "a@$UPSD_ADDR" || fail "no ONBATT"
assert_contains "$(cat "$UT_TMP/notify.log")" "m ONBATT a@$UPSD_ADDR UPS a@$UPSD_ADDR: running on battery"
set_dev_var a.dev ups.status "OL CHRG"
wait_until 15 notified m ONLINE || fail "no ONLINE"
assert_contains "$(cat "$UT_TMP/notify.log")" "m ONLINE a@$UPSD_ADDR power is back on a@$UPSD_ADDR (100%)"

# Paired words: they come, then go.
set_dev_var a.dev ups.status "OL BYPASS TRIM ALARM XYZ"
wait_until 15 notified m OTHER || fail "no OTHER"
for t in BYPASS TRIM ALARM; do notified m $t || fail "no $t"; done
set_dev_var a.dev ups.status "OL"
wait_until 15 notified m NOTOTHER || fail "no NOTOTHER"
for t in NOTBYPASS NOTTRIM NOTALARM; do notified m $t || fail "no $t"; done

assert_eq 1 "$(notified_count m ONBATT)" "one ONBATT"
assert_eq 1 "$(notified_count m ONLINE)" "one ONLINE"
assert_false notified m LOWBATT
assert_false notified m SHUTDOWN
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "no shutdown after a blip"
expect_status a OL 2
stop m
