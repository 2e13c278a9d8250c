#!/usr/bin/env bash
# upsdrvctl stop against a driver that ignores SIGTERM: ours waits a bounded
# time (5 s), says the driver did not stop and exits 1; a driver that takes a
# moment to exit is waited for (exit 0). Beside NUT 2.8.0's upsdrvctl, which
# sends SIGTERM and exits 0 at once whatever the driver does (observed; our
# documented difference). The fake "drivers" are shell loops whose pid is in
# the pid file, as a real driver's would be, run through a link named
# dummy-ups (stop signals only a process that runs the driver named in
# ups.conf). Also start through common/proc:
# a driver that never detaches is killed after maxstartdelay and reaped, and
# one that cannot be executed is reported with the reason.
. "$(dirname "$0")/lib.sh"
need_ours upsdrvctl
CTL=$(prog_path ours upsdrvctl)

add_ups stubborn dummy-ups x.dev
add_ups slow dummy-ups x.dev
pidf() { printf '%s/dummy-ups-%s.pid' "$UT_DIR" "$1"; }
mkdir -p "$UT_DIR/fake"
ln -s "$(command -v bash)" "$UT_DIR/fake/dummy-ups"
fakedrv=$UT_DIR/fake/dummy-ups

# A "driver" that ignores SIGTERM (and whose sleeps do too).
start_stubborn() {
	start_bg "$1" "$fakedrv" -c "trap '' TERM; echo ready; while :; do sleep 0.2; done"
	wait_until 5 grep -q ready "$(log_of "$1")" || fail "$1 did not start"
	echo "${UT_PID[$1]}" >"$(pidf stubborn)"
}

kill_stub() {
	kill -KILL "${UT_PID[$1]}" 2>/dev/null
	wait_until 5 ut_dead "${UT_PID[$1]}" || fail "$1 survived SIGKILL"
}

start_stubborn stub1
run "$CTL" stop stubborn
assert_eq 1 "$RC" "stop of a driver that ignores SIGTERM"
assert_match "$ERR" "Driver of stubborn \\(pid ${UT_PID[stub1]}\\) did not stop within 5000 ms"
assert_true pid_alive "${UT_PID[stub1]}"
kill_stub stub1

# A driver that exits 1 s after SIGTERM: stop waits for it and succeeds.
start_bg slow1 "$fakedrv" -c "trap 'sleep 1; exit 0' TERM; echo ready; while :; do sleep 0.2; done"
wait_until 5 grep -q ready "$(log_of slow1)" || fail "slow1 did not start"
echo "${UT_PID[slow1]}" >"$(pidf slow)"
run "$CTL" stop slow
assert_eq 0 "$RC" "stop of a driver that exits a little after SIGTERM: $ERR"
assert_false pid_alive "${UT_PID[slow1]}"

# Both in one run: the status is 1 when any driver did not stop.
start_stubborn stub2
start_bg slow2 "$fakedrv" -c "trap 'exit 0' TERM; echo ready; while :; do sleep 0.2; done"
wait_until 5 grep -q ready "$(log_of slow2)" || fail "slow2 did not start"
echo "${UT_PID[slow2]}" >"$(pidf slow)"
run "$CTL" stop
assert_eq 1 "$RC" "stop of all with one stubborn driver"
assert_contains "$ERR" "Driver of stubborn"
assert_false pid_alive "${UT_PID[slow2]}"
assert_true pid_alive "${UT_PID[stub2]}"
kill_stub stub2

# start through the same helper: a driver that never goes to the background
# (and ignores SIGTERM) is killed after maxstartdelay, and reaped; a driver
# file that cannot be executed is "Can't start <path>: <reason>".
export NUT_DRVPATH=$UT_DIR/drv
mkdir -p "$NUT_DRVPATH"
printf '#!/bin/sh\necho $$ >"%s/hang.pid"\ntrap "" TERM\nwhile :; do sleep 0.2; done\n' \
	"$UT_DIR" >"$NUT_DRVPATH/hang-drv"
chmod 755 "$NUT_DRVPATH/hang-drv"
printf '#!/bin/sh\nexit 0\n' >"$NUT_DRVPATH/noexec-drv"
chmod 644 "$NUT_DRVPATH/noexec-drv"
add_ups hang hang-drv x maxstartdelay=1
add_ups noexec noexec-drv x
run "$CTL" start hang
assert_eq 1 "$RC" "start of a driver that never detaches"
assert_contains "$ERR" "did not finish starting within 1 s, killed (signal 9"
hang_pid=$(cat "$UT_DIR/hang.pid")
assert_false pid_alive "$hang_pid"
run "$CTL" start noexec
assert_eq 1 "$RC" "start of a driver that cannot be executed"
assert_contains "$ERR" "Can't start $NUT_DRVPATH/noexec-drv: Permission denied"
unset NUT_DRVPATH

# NUT 2.8.0 beside it: signals and returns 0 without waiting.
NUTCTL=$(prog_path nut upsdrvctl)
if [ -x "$NUTCTL" ]; then
	start_stubborn stub3
	run "$NUTCTL" stop stubborn
	assert_eq 0 "$RC" "NUT's upsdrvctl stop of a stubborn driver (it does not wait)"
	assert_true pid_alive "${UT_PID[stub3]}"
	kill_stub stub3
else
	note "SKIP: NUT's upsdrvctl not installed, no comparison"
fi
exit 0
