#!/usr/bin/env bash
# End to end with upsdrvctl, as an init script runs it: `upsdrvctl start`
# backgrounds the driver (pid file in NUT_ALTPIDPATH), upsd serves it, upsc
# reads it, `upsdrvctl stop` ends the driver and removes its pid file.
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups upsdrvctl upsc

use_dev APC__Smart-UPS_1500__usbhid-ups__2.6.4__01.dev su.dev
use_dev Powercom__RPT-600AP__usbhid-ups__2.7.2__01.dev pc.dev
# The drivers are not installed: point upsdrvctl at the ones under test.
printf 'driverpath = %s\n' "$(dirname "$(prog_path ours dummy-ups)")" >"$UT_DIR/ups.conf"
add_ups su dummy-ups su.dev
add_ups pc dummy-ups pc.dev
drvctl=$(prog_path ours upsdrvctl)

# Clean up even if the test fails before `upsdrvctl stop` (the drivers are not
# our children): lib.sh's exit handler stops pid-file processes under $UT_TMP.
run "$drvctl" "${UT_ROOT_ARGS[@]}" start
assert_eq 0 "$RC" "upsdrvctl start (stderr: $ERR)"
for ups in su pc; do
	adopt_pidfile "$UT_DIR/dummy-ups-$ups.pid" "drv-$ups"
	pid_alive "$UT_LAST_PID" || fail "driver for $ups (pid $UT_LAST_PID) not running"
	wait_until 10 test -S "$UT_DIR/dummy-ups-$ups" || fail "no socket for $ups"
done
start_upsd
wait_status su
wait_status pc
assert_eq OL "$(upsc_run "su@$UPSD_ADDR" ups.status 2>/dev/null)" "su status via upsc"
assert_eq "HID UPS Battery" "$(upsc_run "pc@$UPSD_ADDR" device.model 2>/dev/null)" "pc model via upsc"

run "$drvctl" stop su
assert_eq 0 "$RC" "upsdrvctl stop su (stderr: $ERR)"
wait_until 10 ut_dead "${UT_PID[drv-su]}" || fail "su's driver still running after upsdrvctl stop"
wait_until 5 test ! -e "$UT_DIR/dummy-ups-su.pid" || fail "su's pid file left behind"
pid_alive "${UT_PID[drv-pc]}" || fail "stopping su also stopped pc"

run "$drvctl" stop su
assert_eq 1 "$RC" "upsdrvctl stop of a stopped driver"
run "$drvctl" start nosuch
assert_eq 1 "$RC" "upsdrvctl start of an unknown UPS"
assert_contains "$ERR" "UPS nosuch not found in ups.conf" "unknown UPS message"

run "$drvctl" stop pc
assert_eq 0 "$RC" "upsdrvctl stop pc (stderr: $ERR)"
wait_until 10 ut_dead "${UT_PID[drv-pc]}" || fail "pc's driver still running after upsdrvctl stop"
