#!/bin/sh
# What upssched does with PIPEFN and LOCKFN it did not make: a symbolic link
# at LOCKFN is not followed (its target is not created), a directory there
# is refused, a regular file at PIPEFN is left alone (error), a socket left
# by a killed daemon is removed and replaced. And commands never go through
# a shell: ';' in an EXECUTE command is just a character.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

sched_dir ours ours
sched_at 'ONBATT * START-TIMER t 1' 'LOWBATT * EXECUTE "a;touch '"$UT_DIR"'/injected"'

# LOCKFN: a symlink, then a directory.
ln -s "$UT_DIR/elsewhere" "$UT_DIR/lock"
sched ONBATT ups1@localhost
assert_eq 1 "$RC" "exit status with a symlink at LOCKFN"
assert_contains "$ERR" "LOCKFN $UT_DIR/lock" "message"
[ ! -e "$UT_DIR/elsewhere" ] || fail "the symlink at LOCKFN was followed"
assert_true sched_idle
rm -f "$UT_DIR/lock"
mkdir "$UT_DIR/lock"
sched ONBATT ups1@localhost
assert_eq 1 "$RC" "exit status with a directory at LOCKFN"
assert_true sched_idle
rmdir "$UT_DIR/lock"

# PIPEFN: a regular file stays.
echo keep >"$UT_DIR/pipe"
sched ONBATT ups1@localhost
assert_eq 1 "$RC" "exit status with a file at PIPEFN"
assert_eq keep "$(cat "$UT_DIR/pipe")" "the file at PIPEFN"
assert_eq "" "$(sched_pids)" "no daemon"
rm -f "$UT_DIR/pipe"

# A socket nobody answers on (the daemon was killed) is replaced.
sched_at 'ONLINE * START-TIMER long 600'
sched ONLINE ups1@localhost
assert_eq 0 "$RC" "ONLINE ($ERR)"
pid=$(sched_pids)
[ -n "$pid" ] || fail "no daemon"
kill -KILL "$pid"
wait_until 5 ut_dead "$pid" || fail "the daemon survived SIGKILL"
[ -S "$UT_DIR/pipe" ] || fail "no stale socket left to test with"
sched ONBATT ups1@localhost
assert_eq 0 "$RC" "ONBATT over a stale socket ($ERR)"
wait_until 15 calls_are 1 || fail "the timer did not fire"
wait_until 15 sched_idle || fail "the new daemon stays"

# No shell.
sched LOWBATT ups1@localhost
assert_eq 0 "$RC" "LOWBATT ($ERR)"
[ ! -e "$UT_DIR/injected" ] || fail "the EXECUTE command went through a shell"
assert_eq $'t\na;touch '"$UT_DIR"'/injected' "$(cat "$UT_DIR/calls")" "calls"
