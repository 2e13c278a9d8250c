#!/usr/bin/env bash
# NUT's upsc and PyNUT read exactly the same thing from our upsd + our dummy-ups
# as from NUT's upsd + NUT's dummy-ups, for six real device dumps (see
# interop.sh for why these six and for the only values excluded: driver.version
# and driver.version.internal).
# Also checks the data against the .dev files themselves, so that two servers
# agreeing on nothing (or on the wrong thing) cannot pass.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/interop.sh"
need_nut
need_pynut
need_ours upsd dummy-ups

setup_sides nut nut ref ours ours ours

snapshot_upsc ref | normalise_versions >"$UT_TMP/ref.upsc"
snapshot_upsc ours | normalise_versions >"$UT_TMP/ours.upsc"
assert_files_eq "$UT_TMP/ref.upsc" "$UT_TMP/ours.upsc" "NUT's upsc: NUT upsd+dummy-ups vs ours"

snapshot_pynut ref | normalise_versions >"$UT_TMP/ref.pynut"
snapshot_pynut ours | normalise_versions >"$UT_TMP/ours.pynut"
# Variables and the UPS list must be identical. Which variables are writable and
# which commands exist is where dummy-ups 2.8.0 has its own rules (all non-driver
# variables RW, only load.off; NOTICE.md item 5): compared below by consistency.
grep -E '^(UPS|VAR) ' "$UT_TMP/ref.pynut" >"$UT_TMP/ref.pynut.vars"
grep -E '^(UPS|VAR) ' "$UT_TMP/ours.pynut" >"$UT_TMP/ours.pynut.vars"
assert_files_eq "$UT_TMP/ref.pynut.vars" "$UT_TMP/ours.pynut.vars" "PyNUT: NUT vs ours"
if grep ' EXC ' "$UT_TMP/ours.pynut"; then
	fail "PyNUT calls failed on ours (above)"
fi

# Every RW variable PyNUT lists on ours is a variable with the same value.
while IFS= read -r line; do
	grep -qxF "VAR ${line#RW }" "$UT_TMP/ours.pynut" ||
		fail "PyNUT RW entry without matching variable: $line"
done < <(grep '^RW ' "$UT_TMP/ours.pynut")

# The served data is the file's data: every non-driver "var: value" line of each
# .dev file (all of them are plain in these six files) appears in upsc's output,
# and nothing else except driver.* is served.
for ups in "${INTEROP_UPS[@]}"; do
	grep -E '^[a-z0-9]+(\.[A-Za-z0-9_]+)+: ' "$INTEROP_DATA/${INTEROP_DEV[$ups]}" |
		grep -v '^driver\.' | sort -u >"$UT_TMP/$ups.file"
	use_dir ours
	upsc_all nut "$ups" | grep -v '^driver\.' | sort >"$UT_TMP/$ups.served"
	assert_files_eq "$UT_TMP/$ups.file" "$UT_TMP/$ups.served" "$ups: .dev file vs served"
	n=$(wc -l <"$UT_TMP/$ups.served")
	[ "$n" -ge 25 ] || fail "$ups: only $n variables served"
done
assert_eq "ALARM OL CHRG RB" "$(use_dir ours && upsc_run nut px2000@"$UPSD_ADDR" ups.status 2>/dev/null)" "px2000 status"
note "compared $(wc -l <"$UT_TMP/ref.upsc") upsc lines and $(wc -l <"$UT_TMP/ref.pynut") PyNUT lines"
