#!/usr/bin/env bash
# Our upsd holds 1,000 concurrent clients: 1,000 connections open at once, each
# asks GET VAR twice and gets the right answer, and a newcomer is still served.
# The time taken to connect is printed for information only (see tests/bench
# for measurements); correctness is what is asserted.
UT_TIMEOUT=${UT_TIMEOUT:-150} # NUT's upsd (UT_OURS=nut) needs ~1 min: backlog 16
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups

clients=1000
want=$((clients + 200))
[ "$(ulimit -Hn)" == unlimited ] || [ "$(ulimit -Hn)" -ge "$want" ] ||
	skip "hard open-file limit $(ulimit -Hn) < $want"
[ "$(ulimit -Sn)" -ge "$want" ] 2>/dev/null || ulimit -Sn "$want" || fail "ulimit -n $want"

use_dev Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev t.dev
add_ups t dummy-ups t.dev
start_driver t
start_upsd
wait_status t

run "$UT_PYTHON" "$UT_LIBDIR/manyclients.py" -n $clients -r 2 -t 120 \
	127.0.0.1 "$UPSD_PORT" t ups.status "ALARM OL CHRG RB"
note "$OUT"
[ "$RC" -eq 0 ] || fail "upsd did not serve $clients concurrent clients: $OUT $ERR"
assert_match "$OUT" "^clients=$clients connect_s=[0-9.]+ " "manyclients summary"

# The server survived it and still answers normally.
pid_alive "${UT_PID[upsd]}" || fail "upsd died"
assert_eq "ALARM OL CHRG RB" "$(nut_getvar t ups.status)" "status after the storm"
