#!/usr/bin/env bash
# nut-driver-enumerator keeps nut-driver@<ups>.service instances in step with
# ups.conf. A stand-in systemctl records the calls and answers from a small
# state file (the instances nut-driver.target wants, whether it is active),
# so the test sees exactly what would be asked of systemd.
. "$(dirname "$0")/lib.sh"
ENUM=$top_builddir/scripts/nut-driver-enumerator
[ -x "$ENUM" ] || skip "nut-driver-enumerator not built ($ENUM)"

wants=$UT_TMP/wants # one unit per line
export UT_CALLS=$UT_TMP/calls UT_WANTS=$wants UT_ACTIVE=$UT_TMP/active
cat >"$UT_TMP/systemctl" <<'SH'
#!/bin/sh
case $1 in
show) tr '\n' ' ' <"$UT_WANTS"; echo; exit 0 ;;
is-active) cat "$UT_ACTIVE" 2>/dev/null || echo inactive; exit 0 ;;
add-wants) echo "$3" >>"$UT_WANTS" ;;
disable) grep -vxF "$2" "$UT_WANTS" >"$UT_WANTS.new"; mv "$UT_WANTS.new" "$UT_WANTS" ;;
esac
echo "$*" >>"$UT_CALLS"
SH
chmod +x "$UT_TMP/systemctl"
export NUT_ENUM_SYSTEMCTL=$UT_TMP/systemctl
if ! command -v systemd-escape >/dev/null; then
	skip_part "systemd-escape not installed: a stand-in escapes '-' and blanks only"
	printf '#!/bin/sh\n[ "$1" = -- ] && shift\nprintf "%%s\\n" "$1" | sed "s/-/\\\\\\\\x2d/g; s/ /\\\\\\\\x20/g"\n' >"$UT_TMP/escape"
	chmod +x "$UT_TMP/escape"
	export NUT_ENUM_ESCAPE=$UT_TMP/escape
fi
: >"$wants"
calls() { cat "$UT_CALLS" 2>/dev/null; rm -f "$UT_CALLS"; }

cat >"$UT_DIR/ups.conf" <<'CONF'
maxretry = 3
[main]
	driver = dummy-ups
	port = a.dev
  [rack-2]   # a comment
	driver = dummy-ups
	port = b.dev
# [commented]
CONF
run "$ENUM" -l
assert_eq $'main\nrack-2' "$OUT" "-l lists the sections"

# -n prints and changes nothing.
run "$ENUM" -n
assert_eq 0 "$RC" "-n: $ERR"
assert_contains "$OUT" "$UT_TMP/systemctl add-wants nut-driver.target nut-driver@main.service"
assert_contains "$OUT" 'add-wants nut-driver.target nut-driver@rack\x2d2.service'
assert_eq "" "$(calls)" "-n ran systemctl"

# First run, target inactive: instances added, nothing started.
run "$ENUM"
assert_eq 0 "$RC" "first run: $ERR"
assert_eq $'add-wants nut-driver.target nut-driver@main.service\nadd-wants nut-driver.target nut-driver@rack\\x2d2.service' "$(calls)" "first run"
run "$ENUM" -u
assert_eq $'nut-driver@main.service\nnut-driver@rack\\x2d2.service' "$OUT" "-u lists the instances"

# Nothing changed: nothing done.
run "$ENUM"
assert_eq "" "$(calls)" "second run with the same ups.conf"

# A section added while the target runs (or starts, as at boot): added and
# started; one removed: stopped and disabled.
echo activating >"$UT_ACTIVE"
sed -i 's/^\[main\]$/[new ups]/' "$UT_DIR/ups.conf"
run "$ENUM"
assert_eq 0 "$RC" "third run: $ERR"
assert_eq $'add-wants nut-driver.target nut-driver@new\\x20ups.service\nstart --no-block nut-driver@new\\x20ups.service\nstop --no-block nut-driver@main.service\ndisable nut-driver@main.service' "$(calls)" "add one, remove one"
assert_contains "$OUT" "removing nut-driver@main.service"

# Run by systemd (INVOCATION_ID), as at boot before the target is active:
# a new section is started too.
rm -f "$UT_ACTIVE"
printf '[boot]\n\tdriver = dummy-ups\n\tport = c.dev\n' >>"$UT_DIR/ups.conf"
INVOCATION_ID=0123456789abcdef run "$ENUM"
assert_eq $'add-wants nut-driver.target nut-driver@boot.service\nstart --no-block nut-driver@boot.service' "$(calls)" "run by systemd"

# -r with a state directory: a changed section restarts its driver, once.
export STATE_DIRECTORY=$UT_TMP/state
mkdir -p "$STATE_DIRECTORY"
run "$ENUM" -r
assert_eq "" "$(calls)" "-r: first run only notes the sections"
printf '\tdesc = "changed"\n' >>"$UT_DIR/ups.conf"
run "$ENUM" -r
assert_eq "try-restart nut-driver@boot.service" "$(calls)" "-r restarts the changed (last) section"
run "$ENUM" -r
assert_eq "" "$(calls)" "-r: no change, no restart"

# Unreadable ups.conf: an error, nothing removed.
rm "$UT_DIR/ups.conf"
run "$ENUM"
assert_eq 1 "$RC" "missing ups.conf"
assert_contains "$ERR" "cannot read"
assert_eq "" "$(calls)" "nothing done without ups.conf"
exit 0
