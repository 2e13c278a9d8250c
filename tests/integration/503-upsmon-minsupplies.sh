#!/usr/bin/env bash
# upsmon: MINSUPPLIES 2 with three UPSes of power value 1 each. One
# critical leaves 2: no shutdown. A second critical leaves 1: shutdown. A
# UPS calibrating (OB LB CAL) is not critical; the same without CAL is.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

for u in a b c; do
	printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/$u.dev"
	add_ups $u dummy-ups $u.dev
done
add_user mon pw "upsmon primary"
start_drivers a b c
start_upsd
for u in a b c; do wait_status $u; done

um_conf m "MONITOR a@$UPSD_ADDR 1 mon pw primary" "MONITOR b@$UPSD_ADDR 1 mon pw primary" \
	"MONITOR c@$UPSD_ADDR 1 mon pw primary" "MINSUPPLIES 2"
um_start m
wait_until 10 grep -q "c@$UPSD_ADDR: power value 1" "$(log_of m)" || fail "upsmon did not start"

# A later notification proves the poll after the one that made a UPS
# critical has been weighed.
later() { # a BOOST and back on UPS c, waited for
	set_dev_var c.dev ups.status "OL BOOST"
	wait_until 15 notified m BOOST "c@$UPSD_ADDR" || fail "no BOOST on c"
	set_dev_var c.dev ups.status "OL"
	wait_until 15 notified m NOTBOOST "c@$UPSD_ADDR" || fail "no NOTBOOST on c"
}

set_dev_var a.dev ups.status "OB LB CAL"
wait_until 15 notified m CAL "a@$UPSD_ADDR" || fail "no CAL"
set_dev_var b.dev ups.status "OB LB"
wait_until 15 notified m LOWBATT "b@$UPSD_ADDR" || fail "no LOWBATT on b"
later
assert_false notified m SHUTDOWN
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "one critical UPS of three, MINSUPPLIES 2, a calibrating"

set_dev_var a.dev ups.status "OB LB"
wait_until 15 notified m NOTCAL "a@$UPSD_ADDR" || fail "no NOTCAL"
wait_until 20 shut_down m || fail "two critical of three, MINSUPPLIES 2: no shutdown"
assert_contains "$(cat "$(log_of m)")" "power value 1 left, MINSUPPLIES 2"
for u in a b c; do
	assert_match "$(nut_getvar $u ups.status)" "^FSD " "FSD on $u"
done
