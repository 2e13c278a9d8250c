#!/bin/sh
# Simultaneous first calls of upssched: the LOCKFN start-up race. Released
# together (all wait for one file to appear), 2 and then 8 calls each starting a
# timer end with one timer daemon, and every timer fires (all from that one
# daemon). With NUT 2.8.0's upssched the 2-call case gives the same calls.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

# race N: N upssched calls (ONBATT for ups1..N) released at once.
race() {
	local n=$1 i pids=() go=$UT_DIR/go
	for i in $(seq 1 "$n"); do
		(
			until [ -e "$go" ]; do sleep 0.01; done
			exec env NOTIFYTYPE=ONBATT UPSNAME="ups$i@localhost" \
				"$(prog_path "$SCHED_IMPL" upssched)" msg
		) >>"$UT_LOGDIR/race.log" 2>&1 &
		pids+=($!)
	done
	sleep 0.5 # every caller waiting (not a synchronisation the test relies on)
	: >"$go"
	for i in "${pids[@]}"; do
		wait "$i" || fail "$SCHED_IMPL: an upssched call failed (see race.log)"
	done
	rm -f "$go"
	for i in $(sched_pids); do register_pid "$i"; done
}

scenario() {
	local n=$2
	sched_dir "$1" "$1.$n"
	sched_at 'ONBATT * START-TIMER t 2'
	race "$n"
	[ "$(sched_pids | wc -l)" -le 1 ] || fail "$1: more than one timer daemon: $(sched_pids)"
	wait_until 20 calls_are "$n" || fail "$1: $(wc -l <"$UT_DIR/calls") of $n timers fired"
	wait_until 15 sched_idle || fail "$1: the daemon stays with no timer left"
	if [ "$1" == ours ]; then
		# NUT runs CMDSCRIPT through a shell and gives every timer the
		# environment of the call that started its daemon.
		assert_eq 1 "$(sort -u "$UT_DIR/calls.ppid" | wc -l)" "$1: daemons that ran the timers"
		assert_eq "$(for i in $(seq 1 "$n"); do
			echo "t UPSNAME=ups$i@localhost NOTIFYTYPE=ONBATT"
		done | sort)" "$(sort "$UT_DIR/calls.env")" "$1: timers and their environment"
	fi
	sort "$UT_DIR/calls" >"$UT_TMP/$1.$n.calls"
}

scenario ours 2
scenario ours 8
if nut_has upssched; then
	scenario nut 2
	assert_files_eq "$UT_TMP/nut.2.calls" "$UT_TMP/ours.2.calls" \
		"CMDSCRIPT calls, NUT vs ours"
else
	skip_part "NUT's upssched not installed: no comparison"
fi
