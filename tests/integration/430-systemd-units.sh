#!/usr/bin/env bash
# The systemd units as built (scripts/systemd/): `systemd-analyze verify`
# must load each without a word of complaint (it exits 0 on unknown keys and
# bad values, so any output fails the test). The programs the units name are
# taken from the build tree: their installed paths do not exist yet.
. "$(dirname "$0")/lib.sh"
need_cmd systemd-analyze
units=$top_builddir/scripts/systemd
[ -f "$units/nut-server.service" ] || fail "units not built in $units"

bin=$UT_TMP/bin
mkdir -p "$bin" "$UT_TMP/units"
ln -s "$(prog_path ours upsd)" "$(prog_path ours upsdrvctl)" \
	"$top_builddir/scripts/nut-conf.sh" "$top_builddir/scripts/nut-driver-enumerator" "$bin/"
if [ -x "$(prog_path ours upsmon)" ]; then
	ln -s "$(prog_path ours upsmon)" "$bin/upsmon"
elif nut_has upsmon; then
	skip_part "our upsmon is not built: nut-monitor.service verified with NUT's in its place"
	ln -s "$(prog_path nut upsmon)" "$bin/upsmon"
else
	skip_part "no upsmon at all: nut-monitor.service not verified"
fi

n=0
for f in "$units"/*; do
	u=$(basename "$f")
	[[ $u == *.in ]] && continue # an in-tree build has the templates here
	[ "$u" == nut-monitor.service ] && [ ! -e "$bin/upsmon" ] && continue
	sed -E 's#^(Exec[A-Za-z]*=[-@:+!]*)/[^ ]*/(upsd|upsdrvctl|upsmon|nut-conf\.sh|nut-driver-enumerator)( |$)#\1'"$bin"'/\2\3#' \
		"$f" >"$UT_TMP/units/$u"
	n=$((n + 1))
done
assert_eq 7 "$(find "$units" -type f ! -name '*.in' | wc -l)" "number of units built"
[ "$n" -ge 6 ] || fail "only $n units to verify"
# Every Exec line points at a program that exists (or at /bin/kill).
while IFS= read -r line; do
	p=${line#*=}
	p=${p#[-@:+!]}
	p=${p%% *}
	[ -x "$p" ] || fail "unit line names a missing program: $line"
done < <(grep -h '^Exec' "$UT_TMP/units"/*)

cd "$UT_TMP/units" || fail "cd"
run systemd-analyze verify --man=no ./*
assert_eq 0 "$RC" "systemd-analyze verify: $ERR"
assert_eq "" "$OUT$ERR" "systemd-analyze verify said something"

# The check itself catches a broken unit.
sed -i 's/^Type=notify$/Type=notfy/' nut-server.service
run systemd-analyze verify --man=no nut-server.service
assert_contains "$OUT$ERR" "notfy" "verify did not see a bad Type="

# Each daemon unit is conditioned on nut.conf's MODE, and Type=notify.
for u in nut-driver@.service nut-server.service nut-monitor.service; do
	f=$units/$u
	assert_contains "$(cat "$f")" "ExecCondition=" "$u: no MODE condition"
	assert_contains "$(cat "$f")" "Type=notify" "$u: not Type=notify"
done
assert_contains "$(cat "$units/nut-driver@.service")" "upsdrvctl -F start %I"
exit 0
