#!/bin/sh
# START-TIMER-SHARED and CANCEL-TIMER-MATCHED (not in NUT 2.8.0, which logs
# them as invalid; defined in upssched.conf(5)): events of several UPSes
# share one timer, each UPS that comes back takes itself off it, the timer
# is cancelled when nobody is left on it and fires for those still on it;
# a MATCHED cancel leaves other UPSes' timers alone and runs its command
# when this UPS had none.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

sched_dir ours ours
sched_at 'ONBATT * START-TIMER-SHARED anyob 5' \
	'ONLINE * CANCEL-TIMER-MATCHED anyob back' \
	'LOWBATT * START-TIMER lb 600' \
	'FSD * CANCEL-TIMER-MATCHED lb lbgone'

# Two UPSes on one shared timer: one call, both in its environment.
sched ONBATT ups1@localhost
sched ONBATT ups2@localhost
assert_eq 0 "$RC" "second ONBATT ($ERR)"
wait_until 15 calls_are 1 || fail "the shared timer did not fire"
wait_until 15 sched_idle || fail "the daemon stays with no timer left"
assert_eq "anyob" "$(cat "$UT_DIR/calls")" "one call for a shared timer"
assert_eq "anyob UPSNAME=ups1@localhost,ups2@localhost NOTIFYTYPE=ONBATT" \
	"$(cat "$UT_DIR/calls.env")" "shared timer environment"

# One of them back: the timer stays for the other.
: >"$UT_DIR/calls"
: >"$UT_DIR/calls.env"
sched ONBATT ups1@localhost
sched ONBATT ups2@localhost
sched ONLINE ups1@localhost
assert_eq 0 "$RC" "ONLINE ups1 ($ERR)"
wait_until 15 calls_are 1 || fail "the shared timer did not fire for ups2"
wait_until 15 sched_idle || fail "the daemon stays with no timer left"
assert_eq "anyob UPSNAME=ups2@localhost NOTIFYTYPE=ONBATT" "$(cat "$UT_DIR/calls.env")" \
	"what is left on the shared timer"

# Both back: cancelled, nothing runs; a UPS that was on no timer runs 'back'.
: >"$UT_DIR/calls"
: >"$UT_DIR/calls.env"
sched ONBATT ups1@localhost
sched ONBATT ups2@localhost
sched ONLINE ups2@localhost
sched ONLINE ups1@localhost
wait_until 15 sched_idle || fail "the daemon stays after the shared timer was cancelled"
assert_eq "" "$(cat "$UT_DIR/calls")" "a cancelled shared timer runs nothing"
sched ONLINE ups3@localhost
wait_until 10 calls_are 1 || fail "the MATCHED cancel command did not run"
assert_eq "back UPSNAME=ups3@localhost NOTIFYTYPE=ONLINE" "$(cat "$UT_DIR/calls.env")" \
	"cancel command"

# Plain timers: a MATCHED cancel from another UPS leaves ups1's alone.
wait_until 15 sched_idle || fail "the daemon stays"
: >"$UT_DIR/calls"
sched LOWBATT ups1@localhost
sched FSD ups2@localhost
wait_until 10 calls_are 1 || fail "ups2's MATCHED cancel did not run its command"
assert_eq "lbgone" "$(cat "$UT_DIR/calls")" "ups2 had no timer"
[ -n "$(sched_pids)" ] || fail "ups1's timer went with ups2's cancel"
sched FSD ups1@localhost
wait_until 15 sched_idle || fail "ups1's timer was not cancelled"
assert_eq "lbgone" "$(cat "$UT_DIR/calls")" "calls"
