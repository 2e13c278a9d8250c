#!/usr/bin/env bash
# The test harness itself: lib.sh helpers, its cleanup on failure, and its
# daemon handling (checked with NUT's reference programs when installed, else
# with our own once built).
. "$(dirname "$0")/lib.sh"

# --- pure helpers
assert_eq 1500 "$(ut_secs_to_ms 1.5)" "ut_secs_to_ms 1.5"
assert_eq 2000 "$(ut_secs_to_ms 2)" "ut_secs_to_ms 2"
assert_eq 50 "$(ut_secs_to_ms 0.05)" "ut_secs_to_ms 0.05"
assert_eq 'a "b" \c' "$(ut_unquote '"a \"b\" \\c"')" "ut_unquote"

t0=$(ut_now_ms)
wait_until 0.3 false && fail "wait_until false succeeded"
t1=$(ut_now_ms)
[ $((t1 - t0)) -ge 300 ] && [ $((t1 - t0)) -lt 3000 ] ||
	fail "wait_until 0.3 took $((t1 - t0)) ms"
wait_until 1 true || fail "wait_until true failed"

run sh -c 'echo out; echo err >&2; exit 3'
assert_eq 3 "$RC" "run: RC"
assert_eq out "$OUT" "run: OUT"
assert_eq err "$ERR" "run: ERR"
assert_rc 0 true

p=$(free_port) || fail "free_port"
assert_match "$p" '^[0-9]+$' "free_port output"
[ "$p" -ge 20000 ] && [ "$p" -le 32000 ] || fail "free_port out of range: $p"

# set_dev_var replaces an existing line, appends a missing one, bumps the mtime.
printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/x.dev"
m0=$(ut_mtime "$UT_DIR/x.dev")
set_dev_var x.dev ups.status "OB LB"
set_dev_var x.dev ups.load 7
assert_eq $'ups.status: OB LB\nbattery.charge: 100\nups.load: 7' "$(cat "$UT_DIR/x.dev")" "set_dev_var"
[ "$(ut_mtime "$UT_DIR/x.dev")" -gt "$m0" ] || fail "set_dev_var kept the mtime"

# --- cleanup of a failing test: its background processes and temp dir go away.
cat >"$UT_TMP/inner.sh" <<EOF
. "$UT_LIBDIR/lib.sh"
start_bg sleeper sleep 300
echo "\$UT_LAST_PID \$UT_TMP" >"$UT_TMP/inner.out"
fail "deliberate failure"
EOF
run bash "$UT_TMP/inner.sh"
assert_eq 1 "$RC" "failing inner test exit status"
assert_contains "$ERR" "deliberate failure" "inner failure message"
read -r ipid itmp <"$UT_TMP/inner.out"
wait_until 2 ut_dead "$ipid" || fail "inner test left pid $ipid running"
[ ! -e "$itmp" ] || fail "inner test left $itmp"

cat >"$UT_TMP/inner2.sh" <<EOF
. "$UT_LIBDIR/lib.sh"
skip "deliberate skip"
EOF
run bash "$UT_TMP/inner2.sh"
assert_eq 77 "$RC" "skipping inner test exit status"

# A sanitizer report in a daemon's log fails a test that otherwise passed.
cat >"$UT_TMP/inner3.sh" <<EOF
. "$UT_LIBDIR/lib.sh"
start_bg fake sh -c 'echo "==1==ERROR: AddressSanitizer: heap-use-after-free" >&2'
wait_until 5 ut_dead "\$UT_LAST_PID"
exit 0
EOF
run bash "$UT_TMP/inner3.sh"
assert_eq 1 "$RC" "test with a sanitizer report"
assert_contains "$ERR" "sanitizer report in fake.log" "sanitizer message"

# --- daemons: reference programs if present, else ours.
impl=nut
if ! nut_has upsd dummy-ups; then
	impl=ours
	need_ours upsd dummy-ups
fi
use_dir a
use_dev Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev t.dev
add_ups t dummy-ups t.dev
start_driver $impl t
drv=$UT_LAST_PID
start_upsd $impl
upsd=$UT_LAST_PID
wait_status t
assert_eq "ALARM OL CHRG RB" "$(nut_getvar t ups.status)" "initial status"
assert_eq 20 "$(nut_getvar t battery.charge.low)" "battery.charge.low"
reply=$(nut_cmd "GET VAR t no.such.var")
assert_eq "ERR VAR-NOT-SUPPORTED" "$reply" "unknown variable"
list=$(nut_cmd "LIST UPS")
assert_eq $'BEGIN LIST UPS\nUPS t "Description unavailable"\nEND LIST UPS' "$list" "LIST UPS"
set_dev_var t.dev ups.status "OB LB"
expect_status t "OB LB" 10
out=$(nutclient -e 127.0.0.1 "$UPSD_PORT" "GET VAR t ups.status" "LOGOUT" -c 2)
assert_eq $'> GET VAR t ups.status\nVAR t ups.status "OB LB"\n> LOGOUT\nOK Goodbye\n<closed>' "$out" "nutclient"
out=$(nutclient -p 127.0.0.1 "$UPSD_PORT" "GET VAR t ups.status" "LOGOUT")
assert_eq $'VAR t ups.status "OB LB"\nOK Goodbye\n<closed>' "$out" "nutclient pipelined"

# A second instance in its own dir does not disturb the first.
use_dir b
use_dev Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev t.dev
add_ups t dummy-ups t.dev
start_driver $impl t
start_upsd $impl
wait_status t
assert_eq "ALARM OL CHRG RB" "$(nut_getvar t ups.status)" "second instance status"
use_dir a
assert_eq "OB LB" "$(nut_getvar t ups.status)" "first instance after use_dir"

stop_pid "$upsd"
ut_dead "$upsd" || fail "upsd still alive after stop"
stop_pid "$drv"
ut_dead "$drv" || fail "driver still alive after stop"
ut_port_open "$UPSD_PORT" && fail "port $UPSD_PORT still open after stop"
exit 0
