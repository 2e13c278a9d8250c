#!/bin/sh
# upssched, the basics, side by side with NUT 2.8.0's upssched on the same
# upssched.conf: the environment it needs, EXECUTE at once, '*' against a
# named UPS, the notify type without case, a timer started on ONBATT that
# fires after its delay with the starting event's environment, and the
# daemon going away (PIPEFN removed) once no timer is left.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

scenario() {
	sched_dir "$1" "$1"
	sched_at 'ONBATT * START-TIMER onbatt 1' \
		'LOWBATT ups1@localhost EXECUTE low-ups1' \
		'LOWBATT * EXECUTE low-any' \
		'lowbatt ups2@localhost EXECUTE low-ups2'

	# Without NOTIFYTYPE/UPSNAME: an error, nothing run.
	run "$(prog_path "$1" upssched)" msg
	assert_eq 1 "$RC" "$1: exit status without the environment"
	assert_contains "$OUT$ERR" "UPSNAME and NOTIFYTYPE must be set" "$1: message"
	run env UPSNAME=ups1@localhost "$(prog_path "$1" upssched)" msg
	assert_eq 1 "$RC" "$1: exit status without NOTIFYTYPE"

	# EXECUTE runs at once, before upssched returns; '*' and the named UPS.
	sched LOWBATT ups1@localhost
	assert_eq 0 "$RC" "$1: LOWBATT ups1 exit status ($ERR)"
	assert_eq $'low-ups1\nlow-any' "$(cat "$UT_DIR/calls")" "$1: EXECUTE for ups1"
	sched LOWBATT ups2@localhost
	assert_eq $'low-ups1\nlow-any\nlow-any\nlow-ups2' "$(cat "$UT_DIR/calls")" \
		"$1: EXECUTE for ups2 (type without case)"
	sched ONLINE ups1@localhost
	assert_eq 0 "$RC" "$1: an event no AT line names"
	assert_true sched_idle

	# The timer.
	local t0 t1
	: >"$UT_DIR/calls"
	: >"$UT_DIR/calls.env"
	t0=$(date +%s%3N)
	sched ONBATT ups1@localhost
	assert_eq 0 "$RC" "$1: ONBATT exit status ($ERR)"
	wait_until 15 calls_are 1 || fail "$1: the timer did not fire"
	t1=$(tail -n 1 "$UT_DIR/calls.time")
	# Ours counts milliseconds; NUT whole seconds of the wall clock (it may
	# fire up to 1 s early), so the lower bound holds for ours only.
	[ "$1" == nut ] || [ $((t1 - t0)) -ge 1000 ] ||
		fail "$1: the 1 s timer fired after $((t1 - t0)) ms"
	assert_eq onbatt "$(cat "$UT_DIR/calls")" "$1: timer call"
	assert_eq "onbatt UPSNAME=ups1@localhost NOTIFYTYPE=ONBATT" "$(cat "$UT_DIR/calls.env")" \
		"$1: timer environment"
	wait_until 15 sched_idle || fail "$1: the daemon is still there with no timer left"
	cp "$UT_DIR/calls" "$UT_TMP/$1.calls"
}

scenario ours
if nut_has upssched; then
	scenario nut
	assert_files_eq "$UT_TMP/nut.calls" "$UT_TMP/ours.calls" "CMDSCRIPT calls, NUT vs ours"
else
	skip_part "NUT's upssched not installed: no comparison"
fi
