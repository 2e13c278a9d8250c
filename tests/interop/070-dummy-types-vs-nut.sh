#!/usr/bin/env bash
# NUT's dummy-ups + upsd and ours, each serving every dump of tests/data/ddl
# and tests/data/compat, agree on what is served: variable names, GET TYPE of
# every variable, LIST RW, LIST CMD, LIST ENUM/RANGE, and values, apart from
# the documented improvement (dummy-ups.8: the file's text is kept where
# NUT's dummy-ups mangles it; rules in dummy_compare.py). Also: the driver
# core's device.* copies for old dumps, and INSTCMD through TRACKING answering
# ERR UNKNOWN on both.
UT_TIMEOUT=300
. "$(dirname "$0")/../integration/lib.sh"
need_nut
need_ours upsd dummy-ups

FILES=("$top_srcdir"/tests/data/ddl/*.dev "$top_srcdir"/tests/data/compat/*.dev)
[ ${#FILES[@]} -ge 40 ] || fail "only ${#FILES[@]} dumps found"
MAP=()
for impl in nut ours; do
	use_dir "$impl"
	upses=()
	for i in "${!FILES[@]}"; do
		cp "${FILES[i]}" "$UT_DIR/u$i.dev"
		add_ups "u$i" dummy-ups "u$i.dev"
		upses+=("u$i")
	done
	add_user admin secret "actions = SET" "instcmds = ALL"
	UT_NOWAIT=1 start_drivers "$impl" "${upses[@]}"
done
for impl in nut ours; do
	use_dir "$impl"
	wait_drivers "${upses[@]}"
	start_upsd "$impl"
done
for impl in nut ours; do
	use_dir "$impl"
	for u in "${upses[@]}"; do
		wait_status "$u"
	done
done
for i in "${!FILES[@]}"; do
	MAP+=("u$i=u$i.dev")
	cp "${FILES[i]}" "$UT_TMP/u$i.dev"
done
use_dir nut
NUT_PORT=$UPSD_PORT
use_dir ours
run "$UT_PYTHON" "$top_srcdir/tests/interop/dummy_compare.py" "$NUT_PORT" "$UPSD_PORT" "$UT_TMP" "${MAP[@]}"
# name the files in the report rather than u<i>.dev
for i in "${!FILES[@]}"; do
	OUT=${OUT//"u$i.dev "/"$(basename "${FILES[i]}") "}
done
printf '%s\n' "$OUT" | grep -v '^# .*(file text kept)$'
[ "$RC" -eq 0 ] || fail "NUT and ours differ:"$'\n'"$(grep '^DIFF' <<<"$OUT")"
# the comparison really met the improvement cases (odd-lines.dev has them)
assert_contains "$OUT" "a.spaces: NUT 'x y z', ours 'x    y   z' (file text kept)"
assert_contains "$OUT" "a.novalue: NUT 'X', ours '' (file text kept)"

# what both serve for the old-style dumps (facts observed from NUT 2.8.0)
for impl in nut ours; do
	use_dir "$impl"
	for i in "${!FILES[@]}"; do
		case ${FILES[i]} in
		*/old-ups-only.dev) old=u$i ;;
		*/bare.dev) bare=u$i ;;
		*/types-by-name.dev) types=u$i ;;
		*/mixed-device-ups.dev) mixed=u$i ;;
		esac
	done
	assert_eq "APC/Back-UPS 500/BB0123/ups" "$(nut_getvar "$old" device.mfr)/$(nut_getvar "$old" device.model)/$(nut_getvar "$old" device.serial)/$(nut_getvar "$old" device.type)" "$impl: old dump's device.*"
	assert_eq "Dummy Manufacturer/Dummy UPS" "$(nut_getvar "$bare" device.mfr)/$(nut_getvar "$bare" device.model)" "$impl: defaults"
	assert_eq "UpsMfr/Dummy UPS/US1" "$(nut_getvar "$mixed" device.mfr)/$(nut_getvar "$mixed" device.model)/$(nut_getvar "$mixed" device.serial)" "$impl: ups.* wins over device.*"
	assert_eq "TYPE $types ups.id RW STRING:16" "$(nut_cmd "GET TYPE $types ups.id")" "$impl: ups.id"
	assert_eq "TYPE $types device.type NUMBER" "$(nut_cmd "GET TYPE $types device.type")" "$impl: device.type made by the core"
	# INSTCMD: accepted, then ERR UNKNOWN by TRACKING (nothing to switch)
	run nutclient -T /dev/stdin 127.0.0.1 "$UPSD_PORT" <<T
=== instcmd
USERNAME admin
PASSWORD secret
SET TRACKING ON
INSTCMD $old load.off
<UNTIL-DONE>GET TRACKING <ID>
INSTCMD $old test.battery.start
T
	assert_match "$OUT" $'> INSTCMD '"$old"$' load.off\nOK TRACKING [0-9A-F-]+\n> GET TRACKING [0-9A-F-]+\nERR UNKNOWN\n> INSTCMD '"$old"$' test.battery.start\nERR CMD-NOT-SUPPORTED' "$impl: INSTCMD"
done
