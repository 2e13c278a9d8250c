#!/usr/bin/env bash
# upslog: the line format against NUT 2.8.0's upslog (same server, same
# format, logging to stdout); as a daemon logging to a file: pid file,
# SIGUSR1 writes a line now, SIGHUP reopens the file after it was rotated,
# a lost upsd gives NA and is reconnected, SIGTERM removes the pid file;
# bad intervals and missing -s are refused.
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups upslog

printf 'ups.status: OL\nbattery.charge: 100\nups.id: Rack "A" 1\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
start_driver t
start_upsd
wait_status t

fmt='[%VAR ups.status%] %VAR battery.charge% %VAR ups.id% %VAR no.such% %var ups.status% %VAR% %% %UPSHOST% %HOST% %FOO% x%VAR'
# The first line upslog writes to stdout (after its two start-up lines).
first_line() { # IMPL
	local out
	out=$(timeout 5 "$(prog_path "$1" upslog)" "${UT_ROOT_ARGS[@]}" -s "t@$UPSD_ADDR" -l - \
		-i 1 -f "$fmt" 2>/dev/null | grep -m 1 -v '^\(Network UPS Tools\|Upsilon\) upslog\|^logging status of')
	printf '%s\n' "$out"
}
ours=$(first_line ours)
assert_eq "[OL] 100 Rack \"A\" 1 NA OL INVALID % t@$UPSD_ADDR $(hostname) INVALID xINVALIDVAR" "$ours" "our line"
if nut_has upslog; then
	assert_eq "$(first_line nut)" "$ours" "NUT's upslog, same format and server"
else
	skip_part "NUT's upslog not installed: its line not compared with ours"
fi
assert_match "$(timeout 5 "$(prog_path ours upslog)" "${UT_ROOT_ARGS[@]}" -s "t@$UPSD_ADDR" -l - -i 1 2>/dev/null |
	grep -m 1 '^[0-9]\{8\} ')" \
	'^[0-9]{8} [0-9]{6} 100 NA NA \[OL\] NA NA$' "default format"

# As a daemon, logging to a file.
log=$UT_DIR/ups.log
run "$(prog_path ours upslog)" "${UT_ROOT_ARGS[@]}" -s "t@$UPSD_ADDR" -l "$log" -i 300 -f 'L %VAR ups.status%'
assert_eq 0 "$RC" "upslog to a file goes to the background (err: $ERR)"
adopt_pidfile "$UT_DIR/upslog.pid" upslog
pid=${UT_PID[upslog]}
lines() { [ -f "$1" ] && [ "$(wc -l <"$1")" -ge "$2" ]; }
wait_until 5 lines "$log" 1 || fail "no first line in $log"
set_dev_var t.dev ups.status "OB LB"
expect_status t "OB LB"
kill -USR1 "$pid"
wait_until 5 lines "$log" 2 || fail "SIGUSR1 wrote no line"
assert_eq $'L OL\nL OB LB' "$(cat "$log")" "log file"

# Rotation: rename, SIGHUP, and the next line goes to a new file by the old name.
mv "$log" "$log.1"
kill -HUP "$pid"
wait_until 5 test -f "$log" || fail "SIGHUP did not reopen $log"
kill -USR1 "$pid"
wait_until 5 lines "$log" 1 || fail "no line in the reopened file"
assert_eq "L OB LB" "$(cat "$log")" "reopened file"
assert_eq 2 "$(wc -l <"$log.1")" "the rotated file is left alone"

# upsd goes away: NA; it comes back: upslog reconnects by itself.
stop upsd
kill -USR1 "$pid"
wait_until 5 lines "$log" 2 || fail "no line while upsd is down"
assert_eq "L NA" "$(tail -n 1 "$log")" "upsd down"
start_upsd
wait_status t
kill -USR1 "$pid"
wait_until 5 lines "$log" 3 || fail "no line after upsd came back"
assert_eq "L OB LB" "$(tail -n 1 "$log")" "reconnected"

stop upslog
assert_false test -e "$UT_DIR/upslog.pid"

# Refused up front.
run "$(prog_path ours upslog)" -s "t@$UPSD_ADDR" -l - -i 0
assert_eq 1 "$RC" "-i 0"
assert_contains "$ERR" "whole number of seconds" "-i 0"
run "$(prog_path ours upslog)" -l -
assert_eq 1 "$RC" "no -s"
assert_contains "$ERR" "No UPS defined for monitoring" "no -s"
run "$(prog_path ours upslog)" -s "t@$UPSD_ADDR" -l - -B
assert_eq 1 "$RC" "-B with -l -"

# The reader of stdout goes away: upslog ends instead of writing into the void.
run bash -c "set -o pipefail; timeout 10 '$(prog_path ours upslog)' ${UT_ROOT_ARGS[*]} -s 't@$UPSD_ADDR' -l - -i 1 | head -n 3 >/dev/null"
assert_eq 0 "$RC" "upslog | head -n 3 ends by itself (124: it did not)"
