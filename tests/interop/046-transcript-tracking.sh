#!/usr/bin/env bash
# The write path against a scripted driver (tests/integration/fakedrv.py), so
# that every driver answer can be provoked: SET VAR's value checks (STRING
# with and without a maximum length, enums, ranges, both, NUMBER), TRACKING
# ids and every result GET TRACKING can report (SUCCESS, ERR UNKNOWN,
# ERR INVALID-ARGUMENT, ERR FAILED, PENDING, an id from another connection,
# tracking off), and the exact lines upsd sends to the driver. NUT's upsd and
# ours must give the same replies (transcript-tracking.expected, ids masked)
# and send the driver the same lines.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/interop.sh"
need_ours upsd

fakedrv_setup() { # DIR UPSD-IMPL
	use_dir "$1"
	write_ups_conf <<'CONF'
[f]
	driver = dummy-ups
	port = f.dev
CONF
	add_user admin secret "actions = SET FSD" "instcmds = ALL"
	add_user lim pw "actions = SET" "instcmds = load.on test.ok"
	add_user nobody x
	: >"$UT_DIR/fakedrv.log"
	start_bg "$1.fakedrv" "$UT_PYTHON" "$UT_LIBDIR/fakedrv.py" "$UT_DIR/dummy-ups-f" \
		--log "$UT_DIR/fakedrv.log"
	wait_until 10 test -S "$UT_DIR/dummy-ups-f" || fail "fakedrv did not start"
	start_upsd "$2"
	wait_status f
}

transcript_test transcript-tracking 40 fakedrv_setup

# What each upsd told the driver, ids masked and PINGs (timing) and DUMPALLs
# left out. NUT's upsd heard the transcript twice.
driver_lines() {
	grep '^< ' "$UT_TMP/$1/fakedrv.log" | grep -v '^< \(PING\|DUMPALL\)$' |
		sed -E 's/[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}/<ID>/g'
}
driver_lines ours >"$UT_TMP/ours.drv"
[ -s "$UT_TMP/ours.drv" ] || fail "our upsd sent the driver nothing"
grep -q '^< SET ups.plain "a\\"b\\\\c" TRACKING <ID>$' "$UT_TMP/ours.drv" ||
	fail "SET value not quoted and escaped: $(cat "$UT_TMP/ours.drv")"
if nut_has upsd; then
	driver_lines nut >"$UT_TMP/nut.drv"
	n=$(wc -l <"$UT_TMP/ours.drv")
	assert_eq $((2 * n)) "$(wc -l <"$UT_TMP/nut.drv")" "driver lines from NUT's upsd (two replays)"
	head -n "$n" "$UT_TMP/nut.drv" >"$UT_TMP/nut1.drv"
	assert_files_eq "$UT_TMP/nut1.drv" "$UT_TMP/ours.drv" "lines sent to the driver"
else
	skip_part "NUT's upsd not installed: the lines it sends the driver not compared with ours"
fi
