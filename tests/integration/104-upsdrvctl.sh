#!/usr/bin/env bash
# upsdrvctl: -t prints what it would run; start/status/stop by pid file;
# shutdown runs the drivers' -k in sdorder; errors give exit status 1.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups upsdrvctl
CTL=$(prog_path ours upsdrvctl)
export NUT_DRVPATH
NUT_DRVPATH=$(dirname "$(prog_path ours dummy-ups)")

printf 'ups.status: OL\n' >"$UT_DIR/a.dev"
printf 'ups.status: OB\n' >"$UT_DIR/b.dev"
add_ups a dummy-ups a.dev sdorder=2
add_ups b dummy-ups b.dev sdorder=1
add_ups c dummy-ups a.dev sdorder=-1

run "$CTL" -t start
assert_eq 0 "$RC" "-t start"
assert_contains "$OUT" "*** Testing mode: not calling exec/kill"
assert_match "$ERR" "exec: +$NUT_DRVPATH/dummy-ups -a a"
assert_match "$ERR" "exec: +$NUT_DRVPATH/dummy-ups -a c"
run "$CTL" -t -u nobody start b
assert_match "$ERR" "exec: +$NUT_DRVPATH/dummy-ups -a b -u nobody"
assert_not_contains "$ERR" "-a a"
[ ! -S "$UT_DIR/dummy-ups-b" ] || fail "-t started a driver"

# shutdown: b (sdorder 1) before a (2); c (-1) never
run "$CTL" -t shutdown
assert_eq 0 "$RC" "-t shutdown"
assert_match "$ERR" "dummy-ups -a b -k.*dummy-ups -a a -k" "sdorder"
assert_not_contains "$ERR" "-a c -k"

run "$CTL" "${UT_ROOT_ARGS[@]}" start
assert_eq 0 "$RC" "start: $ERR"
for u in a b c; do
	adopt_pidfile "$UT_DIR/dummy-ups-$u.pid" "drv-$u"
	[ -S "$UT_DIR/dummy-ups-$u" ] || fail "no socket for $u after start"
done
pid_a=${UT_PID[drv-a]}

run "$CTL" status
assert_eq 0 "$RC" "status: all running"
assert_match "$OUT" $'\na\tdummy-ups\tRUNNING\t'"$pid_a"$'\tRESPONSIVE\t'"$pid_a"$'\t"OL"'
assert_match "$OUT" $'\nb\tdummy-ups\tRUNNING\t[0-9]+\tRESPONSIVE\t[0-9]+\t"OB"'

run "$CTL" stop a
assert_eq 0 "$RC" "stop a"
assert_false pid_alive "$pid_a"
[ ! -e "$UT_DIR/dummy-ups-a.pid" ] || fail "pid file left behind"
[ ! -e "$UT_DIR/dummy-ups-a" ] || fail "socket left behind"
run "$CTL" status a
assert_eq 1 "$RC" "status of a stopped driver"
assert_contains "$OUT" $'a\tdummy-ups\tSTOPPED'
run "$CTL" stop a
assert_eq 1 "$RC" "stopping a stopped driver"
assert_contains "$ERR" "dummy-ups-a.pid"

# -c reload / -c exit through the pid file
run "$(prog_path ours dummy-ups)" -a b -c reload
assert_eq 0 "$RC" "-c reload"
assert_true pid_alive "${UT_PID[drv-b]}"
run "$(prog_path ours dummy-ups)" -a b -c exit
assert_eq 0 "$RC" "-c exit"
wait_until 5 ut_dead "${UT_PID[drv-b]}" || fail "-c exit did not stop the driver"

run "$CTL" stop
assert_eq 1 "$RC" "stop with a and b already gone"
assert_false pid_alive "${UT_PID[drv-c]}"

# shutdown for real runs each driver's -k (dummy-ups: logs and succeeds)
run "$CTL" "${UT_ROOT_ARGS[@]}" shutdown
assert_eq 0 "$RC" "shutdown: $ERR"
assert_contains "$ERR" "ups b: simulated shutdown"

# -FF: foreground with a pid file; -F: without
start_bg ff "$(prog_path ours dummy-ups)" -a a -FF "${UT_ROOT_ARGS[@]}"
adopt_pidfile "$UT_DIR/dummy-ups-a.pid"
assert_eq "${UT_PID[ff]}" "$UT_LAST_PID" "-FF pid file"
stop ff
[ ! -e "$UT_DIR/dummy-ups-a.pid" ] || fail "-FF left its pid file"
start_driver a
[ ! -e "$UT_DIR/dummy-ups-a.pid" ] || fail "-F wrote a pid file"
stop dummy-ups-a

# unknown ups, unknown command, missing driver binary
run "$CTL" start nosuch
assert_eq 1 "$RC" "unknown ups"
run "$CTL" frobnicate
assert_eq 1 "$RC" "unknown command"
add_ups d no-such-driver x
run "$CTL" -t start d
assert_eq 1 "$RC" "missing driver binary"
assert_contains "$ERR" "no-such-driver"
exit 0
