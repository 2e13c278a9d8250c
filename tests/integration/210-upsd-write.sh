#!/usr/bin/env bash
# The write path end to end with our own dummy-ups: SET VAR reaches the driver
# and the new value comes back to every client; INSTCMD reaches the driver;
# tracked requests end in SUCCESS (INSTCMD: ERR UNKNOWN, as dummy-ups answers
# it, like NUT's); results expire after TRACKINGDELAY; a driver that
# is gone answers ERR DRIVER-NOT-CONNECTED; rights come from upsd.users.
# NUT's own upsrw and upscmd (when installed) drive our upsd the same way.
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups

printf 'ups.status: OL\nbattery.charge: 100\nups.delay.shutdown: 20\nups.id: Rack1\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
write_upsd_conf "TRACKINGDELAY 2"
write_upsd_users <<'USERS'
[admin]
	password = secret
	actions = SET
	instcmds = ALL
[op]
	password = op
	instcmds = load.off
[viewer]
	password = v
USERS
start_driver t
start_upsd
wait_status t

session() { nutclient -t 3 127.0.0.1 "$UPSD_PORT" "$@"; }
admin() { session 'USERNAME admin' 'PASSWORD secret' "$@" | tail -n +3; }

# Untracked: "OK" means the driver was asked; the value then comes back.
assert_eq "OK" "$(admin 'SET VAR t ups.delay.shutdown 45')" "SET VAR"
expect_var t ups.delay.shutdown 45
assert_eq "OK" "$(admin 'SET VAR t ups.id "Rack \"B\" \\2"')" "SET VAR, quoted value"
expect_var t ups.id 'Rack "B" \2'
assert_eq "OK" "$(admin 'INSTCMD t load.off')" "INSTCMD"
assert_eq "ERR READONLY" "$(admin 'SET VAR t driver.name x')" "driver.* is read-only"
assert_eq "ERR TOO-LONG" "$(admin "SET VAR t ups.id $(printf 'x%.0s' {1..33})")" \
	"longer than dummy-ups's 32-byte strings"
assert_eq "ERR VAR-NOT-SUPPORTED" "$(admin 'SET VAR t no.such 1')" "unknown variable"
assert_eq "ERR CMD-NOT-SUPPORTED" "$(admin 'INSTCMD t no.such')" "unknown command"
assert_eq $'OK\nOK\nERR ACCESS-DENIED\nOK' \
	"$(session 'USERNAME op' 'PASSWORD op' 'SET VAR t battery.charge 1' 'INSTCMD t load.off')" \
	"op: instcmds only"
assert_eq "ERR USERNAME-REQUIRED" "$(session 'SET VAR t battery.charge 1')" "anonymous SET"

# Tracked, on one held connection: the id is a version-4 UUID and the driver's
# answer arrives.
exec {c}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
ask() {
	printf '%s\n' "$1" >&$c
	IFS= read -r -t 3 REPLY <&$c || fail "no reply to '$1'"
}
ask 'USERNAME admin'
ask 'PASSWORD secret'
ask 'SET TRACKING ON'
assert_eq "OK" "$REPLY" "SET TRACKING ON"
uuid='[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}'
ask 'SET VAR t battery.charge 55'
assert_match "$REPLY" "^OK TRACKING $uuid\$" "tracked SET VAR"
id1=${REPLY#OK TRACKING }
result_is() { ask "GET TRACKING $1" && [ "$REPLY" = "$2" ]; }
wait_until 5 result_is "$id1" SUCCESS || fail "SET VAR result: $REPLY"
expect_var t battery.charge 55
ask 'INSTCMD t load.off 10'
assert_match "$REPLY" "^OK TRACKING $uuid\$" "tracked INSTCMD"
id2=${REPLY#OK TRACKING }
assert_ne "$id1" "$id2" "ids differ"
# dummy-ups answers INSTCMD as unknown, as NUT's does (nothing to switch)
wait_until 5 result_is "$id2" "ERR UNKNOWN" || fail "INSTCMD result: $REPLY"
ask 'GET TRACKING 00000000-0000-4000-8000-000000000000'
assert_eq "ERR UNKNOWN" "$REPLY" "id never handed out"
wait_until 3 grep -q "load.off 10" "$(log_of dummy-ups-t)" ||
	fail "the driver did not get the INSTCMD value"

# TRACKINGDELAY 2: the results are gone a few seconds later.
wait_until 6 result_is "$id1" "ERR UNKNOWN" || fail "result not expired: $REPLY"

# Without its driver, a write is refused up front.
stop dummy-ups-t
wait_until 5 test "$(nut_cmd 'GET VAR t ups.status')" = "ERR DRIVER-NOT-CONNECTED" ||
	fail "upsd did not notice the driver leaving"
ask 'SET VAR t battery.charge 50'
assert_eq "ERR DRIVER-NOT-CONNECTED" "$REPLY" "SET VAR without a driver"
ask 'INSTCMD t load.off'
assert_eq "ERR DRIVER-NOT-CONNECTED" "$REPLY" "INSTCMD without a driver"
exec {c}>&-

# NUT's clients against our upsd: upsrw and upscmd, waiting for the result.
if nut_has upsrw upscmd; then
	start_driver t
	wait_status t
	run "$(prog_path nut upsrw)" -s battery.charge=77 -u admin -p secret -w "t@$UPSD_ADDR"
	assert_eq 0 "$RC" "NUT upsrw -w (out: $OUT, err: $ERR)"
	assert_eq "SUCCESS" "$ERR" "NUT upsrw -w result"
	expect_var t battery.charge 77
	run "$(prog_path nut upscmd)" -u admin -p secret -w "t@$UPSD_ADDR" load.off
	assert_eq 0 "$RC" "NUT upscmd -w (out: $OUT, err: $ERR)"
	assert_eq "ERR UNKNOWN" "$ERR" "NUT upscmd -w result (dummy-ups: nothing to switch)"
	run "$(prog_path nut upscmd)" -u viewer -p v "t@$UPSD_ADDR" load.off
	assert_ne 0 "$RC" "NUT upscmd without the right"
	assert_contains "$ERR" "ERR ACCESS-DENIED" "NUT upscmd without the right"
else
	skip_part "NUT's upsrw/upscmd not installed: NUT's clients not run against our upsd"
fi
