#!/usr/bin/env bash
# nut.conf through scripts/nut-conf.sh, the reader every script and unit
# shares: the five names NUT and Debian use, values bare or quoted, MODE
# deciding which parts run (the units' ExecCondition), file:line errors for
# lines a shell would misread, nothing from the file ever run.
. "$(dirname "$0")/lib.sh"
NC=$top_builddir/scripts/nut-conf.sh
[ -x "$NC" ] || skip "nut-conf.sh not built ($NC)"
conf=$UT_DIR/nut.conf

cat >"$conf" <<'CONF'
# nut.conf as Debian writes it
MODE=netserver
UPSD_OPTIONS="-D -D"
  UPSMON_OPTIONS='-p'   # a comment after a blank
export POWEROFF_WAIT=15m
POWEROFF_QUIET=true
NUT_DEBUG_LEVEL=2
CONF
run sh "$NC" check
assert_eq 0 "$RC" "check of a good file: $ERR"
for kv in MODE=netserver "UPSD_OPTIONS=-D -D" UPSMON_OPTIONS=-p POWEROFF_WAIT=15m \
	POWEROFF_QUIET=true; do
	run sh "$NC" get "${kv%%=*}"
	assert_eq "${kv#*=}" "$OUT" "get ${kv%%=*}"
done
run sh "$NC" -f "$conf" get MODE
assert_eq netserver "$OUT" "-f FILE"
run sh "$NC" get NUT_DEBUG_LEVEL
assert_eq 2 "$RC" "get of a name that is not one of the five"

# MODE decides: exit 0 runs, 1 skips (ExecCondition), 255 fails the unit.
allows() { # MODE driver server monitor
	local part want
	printf 'MODE=%s\n' "$1" >"$conf"
	shift
	for part in driver server monitor; do
		want=$1
		shift
		run sh "$NC" allows "$part"
		assert_eq "$want" "$RC" "MODE=$(sed 's/MODE=//' "$conf") allows $part"
	done
}
allows none 1 1 1
allows standalone 0 0 0
allows netserver 0 0 0
allows netclient 1 1 0
rm -f "$conf"
run sh "$NC" allows monitor
assert_eq 1 "$RC" "no nut.conf: MODE=none"
assert_contains "$ERR" "MODE=none does not run the monitor"
run sh "$NC" allows toaster
assert_eq 255 "$RC" "unknown part"

# Bad lines: one message each, with its line number; nothing is run.
cat >"$conf" <<CONF
MODE = standalone
MODE=bogus
UPSD_OPTIONS=-D -D
UPSMON_OPTIONS="\$(touch $UT_TMP/ran)"
POWEROFF_WAIT=15x
POWEROFF_QUIET=maybe
UPSD_OPTIONS="open
just words
X=\`touch $UT_TMP/ran\`
MODE=netclient
CONF
run sh "$NC" check
assert_eq 1 "$RC" "check of a bad file"
for want in ":1: no blanks around '='" ":2: MODE must be none, standalone, netserver or netclient" \
	":3: UPSD_OPTIONS: blank in a value" ":4: UPSMON_OPTIONS: '\$' or '\`' in a value" \
	":5: POWEROFF_WAIT must be a time" ":6: POWEROFF_QUIET must be true or false" \
	":7: UPSD_OPTIONS: no closing double quote" ":8: expected NAME=value" ":9: X: '\`' in a value"; do
	assert_contains "$ERR" "$conf$want"
done
assert_eq 9 "$(printf '%s\n' "$ERR" | wc -l)" "one message per bad line"
[ ! -e "$UT_TMP/ran" ] || fail "a command in nut.conf was run"
run sh "$NC" allows monitor
assert_eq 255 "$RC" "allows with a bad nut.conf fails the unit"

# Sourced: the functions, and the five names set as sourcing the file would.
printf 'MODE=standalone\nPOWEROFF_WAIT="90s"\n' >"$conf"
run sh -c '. "$1" && nutconf_load && echo "$MODE/$POWEROFF_WAIT/$POWEROFF_QUIET/[$UPSD_OPTIONS]" && nutconf_allows driver' sh "$NC"
assert_eq 0 "$RC" "sourced: $ERR"
assert_eq "standalone/90s/false/[]" "$OUT" "sourced values and defaults"

# The shipped sample reads cleanly, as MODE=none.
run sh "$NC" -f "$top_srcdir/conf/nut.conf.sample" check
assert_eq 0 "$RC" "conf/nut.conf.sample: $ERR"
run sh "$NC" -f "$top_srcdir/conf/nut.conf.sample" get MODE
assert_eq none "$OUT" "sample MODE"
exit 0
