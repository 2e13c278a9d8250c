#!/usr/bin/env bash
# The driver link: a silent (stopped) driver makes the data stale after
# MAXAGE and fresh again when it answers; a driver that dies gives
# ERR DRIVER-NOT-CONNECTED (descriptions and client lists still answer, as in
# NUT), and upsd reconnects by itself when the driver comes back.
. "$(dirname "$0")/lib.sh"
need_ours upsd
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }

printf 'ups.status: OB LB\nbattery.charge: 12\n' >"$UT_DIR/t.dev"
write_ups_conf <<'CONF'
[t]
	driver = dummy-ups
	port = t.dev
	desc = "Link test"
CONF
write_upsd_conf "MAXAGE 3"
start_driver "$drv" t
start_upsd
wait_status t
expect_status t "OB LB"
drvname=$(ut_dirtag)dummy-ups-t
drvpid=${UT_PID[$drvname]}

reply_is() { [ "$(nut_cmd "$1")" == "$2" ]; }

# Silent driver -> stale after MAXAGE; answering again -> fresh.
kill -STOP "$drvpid"
wait_until 10 reply_is "GET VAR t ups.status" "ERR DATA-STALE" ||
	fail "no DATA-STALE from a silent driver: $(nut_cmd 'GET VAR t ups.status')"
assert_eq "ERR DATA-STALE" "$(nut_cmd 'LIST VAR t')" "LIST VAR while stale"
assert_eq 'UPSDESC t "Link test"' "$(nut_cmd 'GET UPSDESC t')" "UPSDESC while stale"
kill -CONT "$drvpid"
expect_status t "OB LB" 10

# Dead driver -> not connected; back -> reconnected without help.
stop "$drvname"
wait_until 10 reply_is "GET VAR t ups.status" "ERR DRIVER-NOT-CONNECTED" ||
	fail "no DRIVER-NOT-CONNECTED after the driver died: $(nut_cmd 'GET VAR t ups.status')"
assert_eq "ERR DRIVER-NOT-CONNECTED" "$(nut_cmd 'LIST VAR t')" "LIST VAR without driver"
assert_eq "ERR DRIVER-NOT-CONNECTED" "$(nut_cmd 'GET NUMLOGINS t')" "NUMLOGINS without driver"
assert_eq 'UPSDESC t "Link test"' "$(nut_cmd 'GET UPSDESC t')" "UPSDESC without driver"
assert_eq $'BEGIN LIST CLIENT t\nEND LIST CLIENT t' "$(nut_cmd 'LIST CLIENT t')" "LIST CLIENT without driver"
assert_contains "$(nut_cmd 'LIST UPS')" 'UPS t "Link test"' "LIST UPS without driver"

printf 'ups.status: OL\nbattery.charge: 99\n' >"$UT_DIR/t.dev"
start_driver "$drv" t
expect_status t "OL" 15
expect_var t battery.charge 99
pid_alive "${UT_PID[upsd]}" || fail "upsd died"
if [ "${UT_OURS:-}" != nut ]; then
	grep -q "lost driver connection" "$(log_of upsd)" || fail "the lost link was not logged"
fi
