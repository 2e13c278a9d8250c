#!/usr/bin/env bash
# Our upscmd and upsrw against NUT 2.8.0's, run the same ways against the same
# upsd (ours, then NUT's), on scripted drivers (tests/integration/fakedrv.py)
# with every kind of writable variable and every driver answer: stdout,
# stderr and exit status must match -- the upsrw listing, "OK", the -w
# results, "Unexpected response from upsd: ERR ...", "Error: ...", prompts
# answered on stdin. Left out on purpose: the help texts (our own words) and
# end of input at a prompt (NUT then sends an empty value or no password;
# ours stops with "Error reading from stdin!", checked at the end).
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/interop.sh"
need_ours upsd upscmd upsrw
nut_has upscmd upsrw || skip "NUT's upscmd/upsrw not installed"
need_cmd setsid

cat >"$UT_TMP/g.dump" <<'DUMP'
SETINFO ups.status "OL"
SETINFO a.enumstr "Def"
SETFLAGS a.enumstr RW STRING
SETAUX a.enumstr 10
ADDENUM a.enumstr "abc"
ADDENUM a.enumstr "Def"
ADDENUM a.enumstr "g h \"i\""
SETINFO b.rangestr "15"
SETFLAGS b.rangestr RW STRING
SETAUX b.rangestr 5
ADDRANGE b.rangestr 10 20
ADDRANGE b.rangestr 30 40
SETINFO c.spaces "two words \"q\" \\b"
SETFLAGS c.spaces RW STRING
SETAUX c.spaces 40
SETINFO d.enumsel "g h \"i\""
SETFLAGS d.enumsel RW
ADDENUM d.enumsel "x"
ADDENUM d.enumsel "g h \"i\""
SETINFO e.range2 "35"
SETFLAGS e.range2 RW NUMBER
ADDRANGE e.range2 10 20
ADDRANGE e.range2 30 40
SETINFO f.rangeedge "abc"
SETFLAGS f.rangeedge RW
ADDRANGE f.rangeedge 0 5
SETINFO ups.ro "1"
DATAOK
DUMPDONE
DUMP
printf 'SETINFO ups.status "OL"\nDATAOK\nDUMPDONE\n' >"$UT_TMP/r.dump"

setup() { # DIR UPSD-IMPL
	use_dir "$1"
	write_ups_conf <<'CONF'
[f]
	driver = dummy-ups
	port = f.dev
[g]
	driver = dummy-ups
	port = g.dev
[r]
	driver = dummy-ups
	port = r.dev
[gone]
	driver = dummy-ups
	port = gone.dev
CONF
	add_user admin secret "actions = SET" "instcmds = ALL"
	add_user lim pw "instcmds = load.on"
	start_bg "$1.f" "$UT_PYTHON" "$UT_LIBDIR/fakedrv.py" "$UT_DIR/dummy-ups-f"
	start_bg "$1.g" "$UT_PYTHON" "$UT_LIBDIR/fakedrv.py" "$UT_DIR/dummy-ups-g" --dump "$UT_TMP/g.dump"
	start_bg "$1.r" "$UT_PYTHON" "$UT_LIBDIR/fakedrv.py" "$UT_DIR/dummy-ups-r" --dump "$UT_TMP/r.dump"
	wait_until 10 test -S "$UT_DIR/dummy-ups-f" -a -S "$UT_DIR/dummy-ups-g" -a -S "$UT_DIR/dummy-ups-r" ||
		fail "fake drivers did not start"
	start_upsd "$2"
	wait_status f
	wait_status g
	wait_status r
}

# One run: command line (program path shown as its name), stdout, stderr
# (without NUT's "Init SSL ..." line), exit status. Input (for prompts) on
# stdin; no controlling terminal, so passwords are read from stdin too.
rec() { # IMPL INPUT PROG ARGS...
	local impl=$1 input=$2 prog=$3 out rc
	shift 3
	out=$(printf '%s' "$input" | setsid -w "$(prog_path "$impl" "$prog")" "$@" 2>"$UT_TMP/rec.err")
	rc=$?
	printf '$ %s %s\n' "$prog" "${*//$UPSD_PORT/PORT}"
	[ -n "$out" ] && printf '%s\n' "$out" | sed 's/^/1| /'
	grep -v '^Init SSL without certificate database$' "$UT_TMP/rec.err" | sed 's/^/2| /'
	printf 'rc=%s\n' "$rc"
}

runs() { # IMPL
	local i=$1 A=$UPSD_ADDR
	rec "$i" "" upscmd -l "f@$A"
	rec "$i" "" upscmd -l "r@$A"
	rec "$i" "" upscmd -l "nosuch@$A"
	rec "$i" "" upscmd -l "gone@$A"
	rec "$i" "" upscmd -l "f@127.0.0.1:1"
	rec "$i" "" upscmd -u admin -p secret "f@$A" load.off
	rec "$i" "" upscmd -u admin -p secret "f@$A" no.such
	rec "$i" "" upscmd -u admin -p secret "nosuch@$A" load.off
	rec "$i" "" upscmd -u admin -p secret "gone@$A" load.off
	rec "$i" "" upscmd -u admin -p bad "f@$A" load.off
	rec "$i" "" upscmd -u lim -p pw "f@$A" load.off
	rec "$i" "" upscmd -u lim -p pw "f@$A" load.on
	rec "$i" "" upscmd -u admin -p secret "f@$A" load.off 5
	rec "$i" "" upscmd -u admin -p secret -w "f@$A" test.ok
	rec "$i" "" upscmd -u admin -p secret -w "f@$A" test.failed
	rec "$i" "" upscmd -u admin -p secret -w "f@$A" test.unknown
	rec "$i" "" upscmd -u admin -p secret -w "f@$A" test.invalid
	rec "$i" "" upscmd -u admin -p secret -w "f@$A" test.nine
	rec "$i" "" upscmd -u admin -p secret -w -t 1 "f@$A" test.silent
	rec "$i" "" upscmd -u admin -p secret -w -t 0 "f@$A" test.silent
	rec "$i" "" upscmd -u admin -p secret -w "f@$A" load.off 5
	rec "$i" "" upscmd -u admin -p secret -t abc -w "f@$A" test.ok
	rec "$i" "" upscmd -u admin -p secret -t -1 -w "f@$A" test.ok
	rec "$i" $'secret\n' upscmd -u admin "f@$A" load.off
	rec "$i" $'admin\nsecret\n' upscmd "f@$A" load.off
	rec "$i" $'admin\nbad\n' upscmd "f@$A" load.off
	rec "$i" "" upsrw "f@$A"
	rec "$i" "" upsrw -l "g@$A"
	rec "$i" "" upsrw "r@$A"
	rec "$i" "" upsrw "nosuch@$A"
	rec "$i" "" upsrw "gone@$A"
	rec "$i" "" upsrw "f@127.0.0.1:1"
	rec "$i" "" upsrw -u admin -p secret -s ups.id=xyz "f@$A"
	rec "$i" "" upsrw -u admin -p secret -s ups.id=toolongvalue "f@$A"
	rec "$i" "" upsrw -u admin -p secret -s ups.failing=1 -w "f@$A"
	rec "$i" "" upsrw -u admin -p secret -s ups.id=ok -w "f@$A"
	rec "$i" "" upsrw -u admin -p secret -s no.such=1 "f@$A"
	rec "$i" "" upsrw -u admin -p secret -s "ups.plain=a \"b\" c" "f@$A"
	rec "$i" "" upsrw -u admin -p secret -s ups.plain= "f@$A"
	rec "$i" "" upsrw -u admin -p secret -s input.transfer.high=150 "f@$A"
	rec "$i" "" upsrw -u admin -p secret -s ups.status=OB "f@$A"
	rec "$i" "" upsrw -u lim -p pw -s ups.plain=1 "f@$A"
	rec "$i" $'typed value\n' upsrw -u admin -p secret -s ups.plain "f@$A"
	rec "$i" $'admin\nsecret\n' upsrw -s ups.plain=1 "f@$A"
	rec "$i" $'secret\n' upsrw -u admin -s ups.plain=1 "f@$A"
	rec "$i" $'admin\nsecret\ntyped\n' upsrw -s ups.id -w "f@$A"
}

setup ours ours
runs nut >"$UT_TMP/nut-on-ours.out"
runs ours >"$UT_TMP/ours-on-ours.out"
assert_files_eq "$UT_TMP/nut-on-ours.out" "$UT_TMP/ours-on-ours.out" "NUT's clients vs ours, on our upsd"
grep -q '^1| Type: ENUM STRING$' "$UT_TMP/ours-on-ours.out" || fail "listing incomplete"

if nut_has upsd dummy-ups; then
	setup nut nut
	runs nut >"$UT_TMP/nut-on-nut.out"
	runs ours >"$UT_TMP/ours-on-nut.out"
	assert_files_eq "$UT_TMP/nut-on-nut.out" "$UT_TMP/ours-on-nut.out" "NUT's clients vs ours, on NUT's upsd"
else
	skip_part "NUT's upsd not installed: NUT's clients vs ours on NUT's upsd skipped"
fi

# End of input at a prompt: nothing is sent, status 1.
run bash -c "setsid -w '$(prog_path ours upsrw)' -u admin -p secret -s ups.plain 'f@$UPSD_ADDR' </dev/null"
assert_eq 1 "$RC" "upsrw: no value typed"
assert_contains "$ERR" "Error reading from stdin!" "upsrw: no value typed"
run bash -c "setsid -w '$(prog_path ours upscmd)' -u admin 'f@$UPSD_ADDR' load.off </dev/null"
assert_eq 1 "$RC" "upscmd: no password typed"
assert_contains "$ERR" "Error reading from stdin!" "upscmd: no password typed"
