#!/usr/bin/env bash
# upsmon with a UPS whose status flaps OL/OB every second (a dummy-ups .seq
# file): a notification per change seen, never a shutdown. Its NOTIFYCMD
# hangs on the first ONBATT and fails (exit 3) on every other call: the
# failures are logged, the notifications go on meanwhile, and the hanging
# one is killed after 30 s (UM_NOTIFY_TIMEOUT_MS) with its process group.
UT_TIMEOUT=150
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

printf 'ups.status: OL\nbattery.charge: 90\nTIMER 1\nups.status: OB DISCHRG\nbattery.charge: 80\nTIMER 1\n' \
	>"$UT_DIR/flap.seq"
add_ups a dummy-ups flap.seq
add_user mon pw "upsmon secondary"
start_driver a
start_upsd
wait_status a

cat >"$UT_TMP/hang.sh" <<HANG
#!/bin/sh
echo "\$1 \$NOTIFYTYPE \$UPSNAME \$2" >>"$UT_TMP/notify.log"
if [ "\$NOTIFYTYPE" = ONBATT ] && [ ! -e "$UT_TMP/hung" ]; then
	echo \$\$ >"$UT_TMP/hung"
	exec sleep 1000
fi
exit 3
HANG
chmod 755 "$UT_TMP/hang.sh"
um_conf m "MONITOR a@$UPSD_ADDR 1 mon pw secondary" "NOTIFYCMD \"$UT_TMP/hang.sh m\"" \
	"HOSTSYNC 2" "DEADTIME 3"
um_start m
wait_until 20 test -s "$UT_TMP/hung" || fail "the NOTIFYCMD did not hang"
read -r hung <"$UT_TMP/hung"
flapped() { [ "$(notified_count m ONBATT)" -ge 4 ] && [ "$(notified_count m ONLINE)" -ge 4 ]; }
wait_until 30 flapped || fail "notifications stopped while one NOTIFYCMD hangs" \
	"(ONBATT $(notified_count m ONBATT), ONLINE $(notified_count m ONLINE))"
assert_true pid_alive "$hung"
assert_contains "$(cat "$(log_of m)")" "NOTIFYCMD: exit status 3" "a failing NOTIFYCMD is logged"
wait_until 40 ut_dead "$hung" || fail "the hanging NOTIFYCMD was not killed"
assert_contains "$(cat "$(log_of m)")" "still running after 30000 ms: killed"
assert_false notified m SHUTDOWN
assert_false notified m LOWBATT
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "flapping shuts nothing down"
assert_true pid_alive "${UT_PID[m]}"
