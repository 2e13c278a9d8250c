#!/usr/bin/env bash
# upslog with two monitors (-m ups,file twice) on one event loop: one upsd
# answers, the other server accepts and never says a word. The healthy UPS's
# lines keep coming at the interval while the silent server holds its line
# back (it has not been written, its connection is still open); when the
# silent server goes away its lines say NA and the healthy ones go on.
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups upslog

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
start_driver t
start_upsd
wait_status t

# A server that accepts and never answers (it records what it sees).
start_bg silent "$UT_PYTHON" "$UT_LIBDIR/silentsrv.py" "$UT_TMP/silent.port" "$UT_TMP/silent.log"
SPID=$UT_LAST_PID
wait_until 10 test -s "$UT_TMP/silent.port" || fail "silent listener did not start"
SPORT=$(cat "$UT_TMP/silent.port")

good=$UT_DIR/good.log
slow=$UT_DIR/slow.log
# Replies may take a minute: long enough that the silent server's line
# stays held for the whole first part.
NUT_DEFAULT_CONNECT_TIMEOUT=60 start_bg upslog "$(prog_path ours upslog)" "${UT_ROOT_ARGS[@]}" -F \
	-i 1 -f '%UPSHOST% %VAR ups.status% %VAR battery.charge%' \
	-m "t@$UPSD_ADDR,$good" -m "s@127.0.0.1:$SPORT,$slow"

nlines() { if [ -f "$1" ]; then wc -l <"$1"; else echo 0; fi; }
more_lines() { [ "$(nlines "$1")" -ge "$2" ]; }
wait_until 10 grep -q '^got 1 GET VAR s battery.charge$' "$UT_TMP/silent.log" ||
	fail "upslog sent no request to the silent server"
assert_contains "$(cat "$UT_TMP/silent.log")" "got 1 GET VAR s ups.status" "pipelined requests"
n0=$(nlines "$good")
wait_until 15 more_lines "$good" $((n0 + 3)) || fail "healthy lines stalled behind the silent server"
# Still waiting for its one reply: no line for it, the connection open.
assert_eq 0 "$(nlines "$slow")" "the silent server's line is held back"
assert_eq "accepted 1" "$(grep -v '^got' "$UT_TMP/silent.log")" "one connection, still open"
assert_eq "" "$(grep -v "^t@$UPSD_ADDR OL 100\$" "$good")" "healthy lines"
run pid_alive "${UT_PID[upslog]}"
assert_eq 0 "$RC" "upslog runs"

# The silent server goes away: its lines say NA (reconnects are refused),
# the healthy UPS is logged as before.
stop_pid "$SPID"
wait_until 15 more_lines "$slow" 2 || fail "no NA lines once the silent server was gone"
assert_eq "" "$(grep -v "^s@127.0.0.1:$SPORT NA NA\$" "$slow")" "lines without a server"
n1=$(nlines "$good")
wait_until 15 more_lines "$good" $((n1 + 2)) || fail "healthy lines stopped"
assert_eq "" "$(grep -v "^t@$UPSD_ADDR OL 100\$" "$good")" "healthy lines"

# -m is checked up front.
run "$(prog_path ours upslog)" -m "t@$UPSD_ADDR"
assert_eq 1 "$RC" "-m without a file"
assert_contains "$ERR" "expected <ups>" "-m without a file"
run "$(prog_path ours upslog)" -m "t@$UPSD_ADDR,-" -l -
assert_eq 1 "$RC" "-l without -s"
stop upslog
