#!/bin/sh
# upssched.conf errors: each bad line is reported as file:line, upssched
# exits 1 and runs nothing (not even the valid EXECUTE lines of the file);
# every error of the file is reported in one go. The shipped sample is
# valid.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

sched_dir ours ours
conf=$UT_DIR/upssched.conf
head=$(cat "$conf")

# bad LINE EXPECTED-TEXT: LINE is line 5 (after the head and one EXECUTE).
bad() {
	printf '%s\nAT LOWBATT * EXECUTE fine\n%s\n' "$head" "$1" >"$conf"
	sched LOWBATT ups1@localhost
	assert_eq 1 "$RC" "exit status for [$1]"
	assert_contains "$ERR" "$conf:5: " "file:line for [$1]"
	assert_contains "$ERR" "$2" "message for [$1]"
	assert_eq "" "$(cat "$UT_DIR/calls")" "nothing runs with [$1]"
}

bad 'FOO bar' "unknown directive 'FOO'"
bad 'AT LOWBATT *' 'AT takes'
bad 'AT LOWBATT * BLAH x' "AT: unknown action 'BLAH'"
bad 'AT LOWBATT * START-TIMER t' 'AT ... START-TIMER takes 2 arguments, not 1'
bad 'AT LOWBATT * START-TIMER t abc' "AT ... START-TIMER: 'abc' is not a number of seconds"
bad 'AT LOWBATT * START-TIMER t -5' "'-5' is not a number of seconds"
bad 'AT LOWBATT * START-TIMER t 31536001' "'31536001' is not a number of seconds"
bad 'AT LOWBATT * EXECUTE a b' 'EXECUTE takes 1 argument, not 2'
bad 'AT LOWBATT * EXECUTE ""' 'empty command'
bad 'AT LOWBATT * CANCEL-TIMER t cmd extra' 'CANCEL-TIMER takes 1 to 2 arguments, not 3'
bad "AT LOWBATT * EXECUTE $(printf 'x%.0s' $(seq 1 300))" 'command longer than 255 bytes'
bad 'AT LOWBATT * EXECUTE "unterminated' 'unbalanced quote'
bad 'CMDSCRIPT' 'CMDSCRIPT takes 1 argument, not 0'

# AT before CMDSCRIPT/PIPEFN/LOCKFN (NUT refuses that too).
printf 'AT LOWBATT * EXECUTE x\n%s\n' "$head" >"$conf"
sched LOWBATT ups1@localhost
assert_eq 1 "$RC" "exit status, AT first"
assert_contains "$ERR" "$conf:1: AT: CMDSCRIPT, PIPEFN and LOCKFN must all be set" "AT first"

# A missing LOCKFN, and several errors at once.
printf 'CMDSCRIPT /bin/true\nPIPEFN %s\nX 1\nY 2\n' "$UT_DIR/pipe" >"$conf"
sched LOWBATT ups1@localhost
assert_eq 1 "$RC" "exit status, two errors"
assert_contains "$ERR" "$conf:3: unknown directive 'X'" "first of two errors"
assert_contains "$ERR" "$conf:4: unknown directive 'Y'" "second of two errors"
printf 'CMDSCRIPT /bin/true\nPIPEFN %s\n' "$UT_DIR/pipe" >"$conf"
sched LOWBATT ups1@localhost
assert_eq 1 "$RC" "exit status, no LOCKFN"
assert_contains "$ERR" "LOCKFN are required" "no LOCKFN"

# No file at all.
rm -f "$conf"
sched LOWBATT ups1@localhost
assert_eq 1 "$RC" "exit status, no file"
assert_contains "$ERR" "$conf" "no file: names it"

# An unknown notify type is only a warning; the rest of the file works.
printf '%s\nAT ONBAT * EXECUTE typo\nAT LOWBATT * EXECUTE fine\n' "$head" >"$conf"
sched LOWBATT ups1@localhost
assert_eq 0 "$RC" "exit status with an unknown notify type"
assert_contains "$ERR" "$conf:4: AT: 'ONBAT' is not a notify type" "warning"
assert_eq fine "$(cat "$UT_DIR/calls")" "calls"

# The sample shipped in conf/ is valid (every AT line commented out).
cp "$top_srcdir/conf/upssched.conf.sample" "$conf"
sched LOWBATT ups1@localhost
assert_eq 0 "$RC" "the sample: $ERR"
assert_eq "" "$ERR" "the sample: no message"
