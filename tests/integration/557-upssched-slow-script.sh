#!/bin/sh
# A CMDSCRIPT run that takes its time does not stall the timer daemon: while
# it runs, upssched calls are answered at once and new timers start; the
# runs that came due meanwhile wait and then run one at a time, in the
# order they came due. The daemon keeps none of its caller's descriptors.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

sched_dir ours ours
# 'slow' blocks until the test creates $UT_DIR/release.
mv "$UT_DIR/cmd.sh" "$UT_DIR/record.sh"
cat >"$UT_DIR/cmd.sh" <<CMD
#!/bin/sh
"$UT_DIR/record.sh" "\$@"
if [ "\$1" = slow ]; then
	while [ ! -e "$UT_DIR/release" ]; do sleep 0.05; done
fi
CMD
chmod 755 "$UT_DIR/cmd.sh"
sed -i "s|^CMDSCRIPT .*|CMDSCRIPT $UT_DIR/cmd.sh|" "$UT_DIR/upssched.conf"
sched_at 'ONBATT * START-TIMER slow 0' \
	'LOWBATT * START-TIMER second 0' \
	'FSD * START-TIMER third 0' \
	'ONLINE * START-TIMER long 600' \
	'COMMOK * CANCEL-TIMER long'

# A descriptor the caller leaves open (as upsmon might) stays out of the daemon.
exec 7>"$UT_DIR/callers-fd"
sched ONBATT ups1@localhost
exec 7>&-
assert_eq 0 "$RC" "ONBATT ($ERR)"
wait_until 10 calls_are 1 || fail "the slow run did not start"
pid=$(sched_pids)
[ -n "$pid" ] || fail "no daemon"
for f in /proc/"$pid"/fd/*; do
	[ "$(readlink "$f")" != "$UT_DIR/callers-fd" ] || fail "the daemon kept the caller's fd $f"
done

# While 'slow' runs: requests are answered, due timers wait their turn.
sched LOWBATT ups1@localhost
assert_eq 0 "$RC" "LOWBATT while a run is in flight ($ERR)"
sched FSD ups1@localhost
assert_eq 0 "$RC" "FSD while a run is in flight ($ERR)"
sched ONLINE ups1@localhost
assert_eq 0 "$RC" "ONLINE while a run is in flight ($ERR)"
assert_eq slow "$(cat "$UT_DIR/calls")" "nothing else runs beside the slow run"
touch "$UT_DIR/release"
wait_until 10 calls_are 3 || fail "the waiting runs did not follow"
assert_eq $'slow\nsecond\nthird' "$(cat "$UT_DIR/calls")" "runs in the order they came due"
[ -n "$(sched_pids)" ] || fail "the daemon left with the 600 s timer running"
sched COMMOK ups1@localhost
wait_until 15 sched_idle || fail "the daemon stays after its last timer was cancelled"
