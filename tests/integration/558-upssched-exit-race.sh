#!/bin/sh
# A request that reaches the timer daemon just as it leaves (no timer left
# for SCHEDD_IDLE_EXIT_MS, 2 s) is not lost: the call gets no answer, tries
# again and starts a new daemon. Calls are made at delays spread around the
# moment the daemon exits; every timer must fire, and no daemon is left.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

sched_dir ours ours
sched_at 'ONBATT * START-TIMER t 0'
n=0
for gap in 1.90 1.95 2.00 2.02 2.05 2.10 2.15 2.25; do
	sched ONBATT ups1@localhost
	assert_eq 0 "$RC" "call $n ($ERR)"
	n=$((n + 1))
	wait_until 10 calls_are "$n" || fail "timer $n did not fire"
	# Not a synchronisation: spreads the next call over the exit window.
	sleep "$gap"
done
wait_until 15 sched_idle || fail "a daemon stays"
assert_eq "$n" "$(wc -l <"$UT_DIR/calls")" "timers fired"
