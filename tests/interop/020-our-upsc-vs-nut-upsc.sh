#!/usr/bin/env bash
# Our upsc against NUT's upsd prints exactly what NUT's upsc prints: stdout,
# stderr (minus NUT's "Init SSL without certificate database" notice, see
# interop.sh) and exit status, for listings, single variables and errors.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/interop.sh"
need_nut
need_ours upsc

setup_sides nut nut ref

snapshot_upsc ref nut >"$UT_TMP/nut.out"
snapshot_upsc ref ours >"$UT_TMP/ours.out"
assert_files_eq "$UT_TMP/nut.out" "$UT_TMP/ours.out" "upsc output, NUT's vs ours, against NUT's upsd"

# Errors that do not depend on the server's data.
dead=$(free_port)
errors() {
	local impl=$1
	ut_upsc_rec "$impl" "px2000@127.0.0.1:$dead"
	ut_upsc_rec "$impl" "px2000@127.0.0.1:$dead" ups.status
	ut_upsc_rec "$impl" -l "127.0.0.1:$dead"
	ut_upsc_rec "$impl" ""
	ut_upsc_rec "$impl" "px2000@127.0.0.1:$UPSD_PORT" ups.status extra.arg
	ut_upsc_rec "$impl" "px2000@localhost:$UPSD_PORT" ups.status
	ut_upsc_rec "$impl" "PX2000@127.0.0.1:$UPSD_PORT" ups.status
	ut_upsc_rec "$impl" "px2000@127.0.0.1:$UPSD_PORT" UPS.STATUS
}
use_dir ref
errors nut | sed "s/$dead/DEAD/g" >"$UT_TMP/nut.err"
errors ours | sed "s/$dead/DEAD/g" >"$UT_TMP/ours.err"
assert_files_eq "$UT_TMP/nut.err" "$UT_TMP/ours.err" "upsc error cases, NUT's vs ours"

# The comparison is not vacuous.
assert_contains "$(cat "$UT_TMP/ours.out")" "ups.status: ALARM OL CHRG RB" "px2000 listing"
assert_contains "$(cat "$UT_TMP/ours.out")" "stderr: Error: Unknown UPS" "unknown UPS error"
assert_contains "$(cat "$UT_TMP/ours.err")" "stderr: Error: Connection failure: Connection refused" "refused"
