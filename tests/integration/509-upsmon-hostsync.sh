#!/usr/bin/env bash
# A primary whose secondary never logs out: after FSD it waits HOSTSYNC
# seconds for NUMLOGINS to drop, then shuts down anyway (and says so).
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user pu ppw "upsmon primary"
add_user su spw "upsmon secondary"
start_driver a
start_upsd
wait_status a

# The stuck secondary: logs in, then never reads or leaves.
cat >"$UT_TMP/stuck.py" <<'PY'
import socket, sys, time
s = socket.create_connection(('127.0.0.1', int(sys.argv[1])))
s.sendall(b'USERNAME su\nPASSWORD spw\nLOGIN a\n')
time.sleep(3600)
PY
start_bg stuck "$UT_PYTHON" "$UT_TMP/stuck.py" "$UPSD_PORT"
wait_until 10 numlogins_is a 1 || fail "the stuck secondary did not log in"

um_conf p "MONITOR a@$UPSD_ADDR 1 pu ppw primary" "HOSTSYNC 3"
um_start p
wait_until 10 numlogins_is a 2 || fail "the primary did not log in"
set_dev_var a.dev ups.status "OB LB"
wait_until 15 grep -q "FSD set" "$(log_of p)" || fail "no FSD"
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "the primary waits for its secondary"
wait_until 20 shut_down p || fail "the primary did not shut down after HOSTSYNC"
assert_contains "$(cat "$(log_of p)")" "secondaries still logged in after HOSTSYNC 3 s: going on"
assert_not_contains "$(cat "$(log_of p)")" "the secondaries have logged out"
