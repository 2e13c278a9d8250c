#!/usr/bin/env bash
# upsmon: OB, then OB LB, with a primary and a secondary upsmon on one upsd.
# The primary sets FSD; the secondary sees it and runs its SHUTDOWNCMD
# first, after logging out; the primary waits for that (NUMLOGINS), not for
# HOSTSYNC, then writes POWERDOWNFLAG (NUT's content: NUT's -K accepts it)
# and runs its own. upsmon -K says 1 before and 0 after. The primary runs
# split (root parent + child), the secondary as one process (-p).
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user pu ppw "upsmon primary"
add_user su spw "upsmon secondary"
start_driver a
start_upsd
wait_status a

flag=$UT_TMP/p/killpower
um_conf p "MONITOR a@$UPSD_ADDR 1 pu ppw primary" "POWERDOWNFLAG $flag" "HOSTSYNC 60" "FINALDELAY 1"
um_conf s "MONITOR a@$UPSD_ADDR 1 su spw slave" "HOSTSYNC 60"
assert_rc 1 um_env p "$(prog_path ours upsmon)" -K
assert_contains "$OUT" "Power down flag is not set"

um_start p "${UT_ROOT_ARGS[@]}"
um_start s -p
wait_until 10 numlogins_is a 2 || fail "both did not log in: $(nut_cmd "GET NUMLOGINS a")"

set_dev_var a.dev ups.status "OB DISCHRG"
wait_until 15 notified p ONBATT || fail "primary: no ONBATT"
wait_until 15 notified s ONBATT || fail "secondary: no ONBATT"
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "OB alone shuts nothing down"

set_dev_var a.dev ups.status "OB LB"
wait_until 20 shut_down p || fail "the primary did not shut down"
assert_eq $'s\np' "$(cat "$UT_TMP/shutdown.log")" "the secondary first, then the primary"
assert_contains "$(cat "$(log_of p)")" "a@$UPSD_ADDR: FSD set"
assert_contains "$(cat "$(log_of p)")" "the secondaries have logged out"
assert_not_contains "$(cat "$(log_of p)")" "after HOSTSYNC"
for n in p s; do
	notified $n LOWBATT || fail "$n: no LOWBATT"
	notified $n SHUTDOWN || fail "$n: no SHUTDOWN"
done
notified s FSD || fail "secondary: no FSD notification"
assert_match "$(nut_getvar a ups.status)" "^FSD OB LB$" "FSD set on the UPS"

assert_eq "upsmon-shutdown-file" "$(head -n 1 "$flag")" "POWERDOWNFLAG content"
assert_rc 0 um_env p "$(prog_path ours upsmon)" -K
assert_contains "$OUT" "Power down flag is set"
if nut_has upsmon; then
	mkdir -p "$UT_TMP/nutk"
	printf 'MONITOR a@%s 1 pu ppw primary\nPOWERDOWNFLAG %s\n' "$UPSD_ADDR" "$flag" >"$UT_TMP/nutk/upsmon.conf"
	assert_rc 0 um_env nutk "$(prog_path nut upsmon)" -K
else
	skip_part "NUT's upsmon not installed: its -K not tried on our flag"
fi

# SHUTDOWNEXIT yes (the default): both are gone once their command ran.
wait_until 10 ut_dead "${UT_PID[p]}" || fail "the primary did not exit"
wait_until 10 ut_dead "${UT_PID[s]}" || fail "the secondary did not exit"
stop p
assert_eq 0 "$UT_LAST_RC" "primary's exit status"
stop s
assert_eq 0 "$UT_LAST_RC" "secondary's exit status"
