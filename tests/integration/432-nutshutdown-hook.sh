#!/usr/bin/env bash
# The nutshutdown hook (scripts/nutshutdown), with NUT 2.8.0's `upsmon -K` for
# the flag (ours is not in this tree yet) and our upsdrvctl + dummy-ups for the
# kill-power step: the dummy-ups kill-power record appears only when the
# POWERDOWNFLAG file holds upsmon's magic content; POWEROFF_WAIT makes the
# hook sleep that long and then reboot (stand-ins for sleep and systemctl
# record what they were asked). The hook always exits 0.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups upsdrvctl
HOOK=$top_builddir/scripts/nutshutdown
[ -x "$HOOK" ] || skip "nutshutdown not built ($HOOK)"
if [ -x "$(prog_path ours upsmon)" ]; then
	UPSMON=$(prog_path ours upsmon)
elif nut_has upsmon; then
	UPSMON=$(prog_path nut upsmon)
	skip_part "our upsmon is not built: the flag is read by NUT's upsmon -K"
else
	skip "no upsmon to read the power-down flag"
fi

printf 'driverpath = %s\n' "$(dirname "$(prog_path ours dummy-ups)")" >"$UT_DIR/ups.conf"
printf 'ups.status: OB LB\nups.delay.shutdown: 45\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev sdorder=1
add_ups b dummy-ups a.dev
flag=$UT_DIR/killpower
cat >"$UT_DIR/upsmon.conf" <<CONF
MONITOR a@127.0.0.1:9 1 monuser secret primary
SHUTDOWNCMD "/bin/true"
POWERDOWNFLAG $flag
CONF
chmod 600 "$UT_DIR/upsmon.conf"

# Stand-ins that only record: the test must never sleep long or reboot.
cat >"$UT_TMP/record" <<'SH'
#!/bin/sh
printf '%s %s\n' "${0##*/}" "$*" >>"$UT_CALLS"
SH
chmod +x "$UT_TMP/record"
ln -s record "$UT_TMP/sleep"
ln -s record "$UT_TMP/systemctl"
export UT_CALLS=$UT_TMP/calls
export NUTSHUTDOWN_UPSMON=$UPSMON
export NUTSHUTDOWN_UPSDRVCTL=$(prog_path ours upsdrvctl)
export NUTSHUTDOWN_NUTCONF=$top_builddir/scripts/nut-conf.sh
export NUTSHUTDOWN_SLEEP=$UT_TMP/sleep NUTSHUTDOWN_SYSTEMCTL=$UT_TMP/systemctl
rec() { echo "$UT_DIR/dummy-ups-$1.killpower"; }
hook() { run "$HOOK" poweroff; }

# No flag file: nothing happens, and it says so.
hook
assert_eq 0 "$RC" "hook without a flag"
assert_contains "$OUT" "power-down flag not set"
[ ! -e "$(rec a)" ] && [ ! -e "$(rec b)" ] || fail "kill power without a flag"

# A flag file with the wrong content: still nothing.
echo "not the magic" >"$flag"
hook
assert_eq 0 "$RC" "hook with a wrong flag"
[ ! -e "$(rec a)" ] && [ ! -e "$(rec b)" ] || fail "kill power with a wrong flag"

# POWEROFF_QUIET=true: the same, silently.
printf 'MODE=standalone\nPOWEROFF_QUIET=true\n' >"$UT_DIR/nut.conf"
hook
assert_eq "" "$OUT" "quiet hook"

# The magic content (what upsmon writes): every UPS is told, in sdorder, and
# without POWEROFF_WAIT nothing sleeps or reboots.
echo "upsmon-shutdown-file" >"$flag"
hook
assert_eq 0 "$RC" "hook with the flag"
assert_contains "$OUT" "power-down flag set"
[ -f "$(rec a)" ] || fail "no kill-power record for a"
[ -f "$(rec b)" ] || fail "no kill-power record for b"
assert_contains "$(cat "$(rec a)")" "ups.delay.shutdown: 45"
assert_match "$ERR" "ups b: simulated shutdown.*ups a: simulated shutdown" "sdorder"
[ ! -e "$UT_CALLS" ] || fail "slept or rebooted without POWEROFF_WAIT: $(cat "$UT_CALLS")"

# POWEROFF_WAIT: sleep that long, then reboot at once.
rm -f "$UT_DIR"/*.killpower
printf 'MODE=standalone\nPOWEROFF_WAIT=15m\n' >"$UT_DIR/nut.conf"
hook
assert_eq 0 "$RC" "hook with POWEROFF_WAIT"
[ -f "$(rec a)" ] || fail "no kill-power record with POWEROFF_WAIT"
assert_eq $'sleep 15m\nsystemctl reboot --force --force' "$(cat "$UT_CALLS")" "wait, then reboot"

# A failing driver does not stop the hook (exit 0, the others still told).
rm -f "$UT_DIR"/*.killpower "$UT_CALLS"
add_ups c dummy-ups missing.dev
hook
assert_eq 0 "$RC" "hook with a failing driver"
assert_contains "$OUT" "upsdrvctl shutdown failed"
[ -f "$(rec a)" ] && [ -f "$(rec b)" ] || fail "a failing driver stopped the others"
assert_eq $'sleep 15m\nsystemctl reboot --force --force' "$(cat "$UT_CALLS")" "still waits"

# A broken nut.conf line is reported; the hook goes on with the rest.
rm -f "$UT_DIR"/*.killpower "$UT_CALLS"
printf 'MODE = standalone\nPOWEROFF_WAIT=2s\n' >"$UT_DIR/nut.conf"
hook
assert_eq 0 "$RC" "hook with a bad nut.conf"
assert_contains "$ERR" "nut.conf:1: no blanks around '='"
assert_eq $'sleep 2s\nsystemctl reboot --force --force' "$(cat "$UT_CALLS")" "good lines still count"

# Programs missing (e.g. /usr gone): nothing, exit 0.
rm -f "$UT_DIR"/*.killpower
NUTSHUTDOWN_UPSDRVCTL=$UT_TMP/nonexistent run "$HOOK" poweroff
assert_eq 0 "$RC" "hook without upsdrvctl"
[ ! -e "$(rec a)" ] || fail "kill power without upsdrvctl?"
exit 0
