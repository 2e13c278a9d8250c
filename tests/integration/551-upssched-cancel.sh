#!/bin/sh
# upssched CANCEL-TIMER, side by side with NUT 2.8.0: an ONLINE that comes
# before the ONBATT timer runs out cancels it and does not run the cancel
# command; an ONLINE with no timer running runs it (with the ONLINE event's
# environment); a CANCEL-TIMER without a command and no timer does nothing;
# a second START-TIMER of a running name starts a second timer, and one
# CANCEL-TIMER cancels one of them (the other still fires).
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

scenario() {
	sched_dir "$1" "$1"
	sched_at 'ONBATT * START-TIMER onbatt 600' \
		'ONLINE * CANCEL-TIMER onbatt backon' \
		'COMMBAD * CANCEL-TIMER nosuch' \
		'TRIM * START-TIMER dup 4' \
		'BOOST * CANCEL-TIMER dup dupcancel'

	sched ONBATT ups1@localhost
	assert_eq 0 "$RC" "$1: ONBATT ($ERR)"
	[ -n "$(sched_pids)" ] || fail "$1: no timer daemon after START-TIMER"
	sched ONLINE ups1@localhost
	assert_eq 0 "$RC" "$1: ONLINE ($ERR)"
	wait_until 15 sched_idle || fail "$1: the daemon stays after its only timer was cancelled"
	assert_eq "" "$(cat "$UT_DIR/calls")" "$1: a cancelled timer runs nothing"

	sched ONLINE ups2@localhost
	assert_eq 0 "$RC" "$1: ONLINE without a timer ($ERR)"
	wait_until 10 calls_are 1 || fail "$1: the cancel command did not run"
	assert_eq "backon" "$(cat "$UT_DIR/calls")" "$1: cancel command"
	[ "$1" == nut ] ||
		assert_eq "backon UPSNAME=ups2@localhost NOTIFYTYPE=ONLINE" \
			"$(cat "$UT_DIR/calls.env")" "$1: cancel command environment"
	sched COMMBAD ups2@localhost
	assert_eq 0 "$RC" "$1: COMMBAD ($ERR)"
	wait_until 15 sched_idle || fail "$1: a daemon stays"

	sched TRIM ups1@localhost
	sched TRIM ups1@localhost
	sched BOOST ups1@localhost
	assert_eq 0 "$RC" "$1: BOOST ($ERR)"
	wait_until 20 calls_are 2 || fail "$1: the second dup timer did not fire"
	wait_until 15 sched_idle || fail "$1: the daemon stays with no timer left"
	assert_eq $'backon\ndup' "$(cat "$UT_DIR/calls")" "$1: calls"
	cp "$UT_DIR/calls" "$UT_TMP/$1.calls"
}

scenario ours
if nut_has upssched; then
	scenario nut
	assert_files_eq "$UT_TMP/nut.calls" "$UT_TMP/ours.calls" "CMDSCRIPT calls, NUT vs ours"
else
	skip_part "NUT's upssched not installed: no comparison"
fi
