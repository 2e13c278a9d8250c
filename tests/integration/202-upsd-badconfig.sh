#!/usr/bin/env bash
# Configuration errors: every bad line of upsd.conf and upsd.users is reported
# as file:line (all of them, in one run) and upsd exits non-zero without
# listening; -n checks the files without starting. NUT 2.8.0 logs and carries
# on with such files; refusing them is our documented difference.
. "$(dirname "$0")/lib.sh"
need_ours upsd
upsd=$(prog_path ours upsd)

printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
write_upsd_conf "MAXAGE 15" "FOO bar" "MAXAGE abc" "LISTEN" "MAXCONN 0" "IDLE_TIMEOUT 30"
write_upsd_users <<'USERS'
[ok]
	password = x
	upsmon primary
[bad]
	password = y
	bogus = 1
	actions = SET EXPLODE
	upsmon sideways
USERS
conf=$UT_DIR/upsd.conf users=$UT_DIR/upsd.users

run timeout 10 "$upsd" -F "${UT_ROOT_ARGS[@]}"
assert_ne 0 "$RC" "exit status with a bad upsd.conf"
all="$OUT$ERR"
assert_contains "$all" "$conf:3: " "unknown directive located"
assert_contains "$all" "FOO" "unknown directive named"
assert_contains "$all" "$conf:4: " "bad number located"
assert_contains "$all" "$conf:5: " "LISTEN without address located"
assert_contains "$all" "$conf:6: " "MAXCONN out of range located"
assert_not_contains "$all" "$conf:7: " "a good line is not reported"
assert_contains "$all" "$users:6: " "unknown user setting located"
assert_contains "$all" "$users:7: " "unknown action located"
assert_contains "$all" "$users:8: " "bad upsmon role located"
ut_port_open "$UPSD_PORT" && fail "upsd listens although its config is bad"

# -n: check only.
run "$upsd" -n
assert_ne 0 "$RC" "-n with bad files"
assert_contains "$OUT$ERR" "$conf:3: " "-n reports the errors"

write_upsd_conf "MAXAGE 20" "IDLE_TIMEOUT 0" "ALLOW_NO_DEVICE yes" "CERTFILE /nonexistent.pem" \
	"DISABLE_WEAK_SSL true" "TRACKINGDELAY 10"
write_upsd_users <<'USERS'
[ok]
	password = x
	upsmon master
	actions = set fsd
	instcmds = load.off test.battery.start
USERS
run "$upsd" -n
assert_eq 0 "$RC" "-n with good files ($OUT $ERR)"

# ups.conf without any UPS: refused unless ALLOW_NO_DEVICE.
: >"$UT_DIR/ups.conf"
write_upsd_conf
run timeout 10 "$upsd" -n
assert_ne 0 "$RC" "no UPS and no ALLOW_NO_DEVICE"
assert_contains "$OUT$ERR" "ALLOW_NO_DEVICE" "the way out is named"
write_upsd_conf "ALLOW_NO_DEVICE true"
start_upsd
assert_eq $'BEGIN LIST UPS\nEND LIST UPS' "$(nut_cmd 'LIST UPS')" "empty UPS list"

# Help and version, as NUT's options.
run "$upsd" -h
assert_eq 0 "$RC" "-h exit status"
for opt in -c -P -D -F -FF -B -h -r -q -u -V -4 -6; do
	assert_contains "$OUT" "  $opt" "-h lists $opt"
done
run "$upsd" -V
assert_eq 0 "$RC" "-V exit status"
assert_match "$OUT" "^Upsilon upsd [0-9]" "-V output"
run "$upsd" -Z
assert_ne 0 "$RC" "unknown option"

# TLS settings load (existing files keep working) but upsd says they are not
# in effect yet, so nobody believes passwords travel encrypted.
write_upsd_conf "ALLOW_NO_DEVICE true" "CERTFILE $UT_DIR/upsd.pem"
run "$upsd" -n
assert_eq 0 "$RC" "-n with CERTFILE"
assert_contains "$OUT$ERR" "TLS settings (CERTFILE, CERTPATH, CERTIDENT, CERTREQUEST, DISABLE_WEAK_SSL) are not used yet" \
	"warning about TLS settings"
