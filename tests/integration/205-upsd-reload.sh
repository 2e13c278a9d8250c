#!/usr/bin/env bash
# Reload (SIGHUP, or upsd -c reload through the pid file written with -FF)
# re-reads upsd.conf, upsd.users and ups.conf and keeps every client
# connected and logged in; a reload with a broken file keeps the old
# configuration; upsd -c stop stops the server.
. "$(dirname "$0")/lib.sh"
need_ours upsd
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }
upsd=$(prog_path ours upsd)

printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
printf 'ups.status: OB\n' >"$UT_DIR/u.dev"
add_ups t dummy-ups t.dev
write_upsd_users <<'USERS'
[mon]
	password = pw
	upsmon primary
USERS
start_driver "$drv" t
start_upsd -F # -FF: foreground and pid file
wait_status t
adopt_pidfile "$UT_DIR/upsd.pid" upsd-pidfile
assert_eq "${UT_PID[upsd]}" "$(cat "$UT_DIR/upsd.pid")" "pid file content"

exec {held}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
printf 'USERNAME mon\nPASSWORD pw\nLOGIN t\n' >&$held
for _ in 1 2 3; do IFS= read -r -t 3 line <&$held || fail "no reply to the login"; done
assert_eq "OK" "$line" "login before reload"

session() { nutclient -t 2 127.0.0.1 "$UPSD_PORT" "$@"; }
has_u() { [[ "$(nut_cmd 'LIST UPS')" == *'UPS u '* ]]; }

# Reload with new users and a new UPS.
add_ups u dummy-ups u.dev
cat >>"$UT_DIR/upsd.users" <<'USERS'
[new]
	password = n
	upsmon secondary
USERS
start_driver "$drv" u
run "$upsd" -c reload
assert_eq 0 "$RC" "upsd -c reload ($ERR)"
wait_until 10 has_u || fail "new UPS not listed after reload: $(nut_cmd 'LIST UPS')"
expect_status u OB 10
assert_eq $'OK\nOK\nOK' "$(session 'USERNAME new' 'PASSWORD n' 'LOGIN u')" "new user after reload"
printf 'GET NUMLOGINS t\n' >&$held
IFS= read -r -t 3 line <&$held || fail "held client lost by the reload"
assert_eq "NUMLOGINS t 1" "$line" "held client still logged in"

# A broken file: the old configuration stays, clients stay.
printf '[broken\n' >>"$UT_DIR/upsd.users"
kill -HUP "${UT_PID[upsd]}"
wait_until 5 grep -q "previous configuration stays" "$(log_of upsd)" ||
	fail "broken reload not reported"
assert_eq $'OK\nOK\nOK' "$(session 'USERNAME new' 'PASSWORD n' 'LOGIN u')" "old users kept"
printf 'NETVER\n' >&$held
IFS= read -r -t 3 line <&$held || fail "held client lost by the failed reload"
assert_eq "1.3" "$line" "held client after the failed reload"
exec {held}>&-

# Stop through the pid file.
run "$upsd" -c stop
assert_eq 0 "$RC" "upsd -c stop ($ERR)"
wait_until 10 ut_dead "${UT_PID[upsd]}" || fail "upsd -c stop did not stop it"
[ -e "$UT_DIR/upsd.pid" ] && fail "pid file left behind"
run "$upsd" -c reload
assert_ne 0 "$RC" "-c reload without a running upsd"
true
