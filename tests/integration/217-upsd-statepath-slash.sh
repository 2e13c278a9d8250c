#!/usr/bin/env bash
# STATEPATH written with a trailing '/' or with '//' in upsd.conf names the same
# driver sockets as without: a reload (SIGHUP) keeps every UPS, its driver link
# and its logins (NUMLOGINS, which upsmon primaries count on). It used to drop
# and recreate every UPS on each SIGHUP because the reload compared
# "<dir>//<driver>-<ups>" with the "<dir>/<driver>-<ups>" it had built at start.
. "$(dirname "$0")/lib.sh"
need_ours upsd
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }

printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
write_upsd_users <<'USERS'
[mon]
	password = pw
	upsmon primary
USERS
write_upsd_conf "STATEPATH $UT_DIR/"
start_driver "$drv" t
start_upsd
wait_status t

exec {held}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
printf 'USERNAME mon\nPASSWORD pw\nLOGIN t\n' >&$held
for _ in 1 2 3; do IFS= read -r -t 3 line <&$held || fail "no reply to the login"; done
assert_eq "OK" "$line" "login"

reloads() { grep -c 'reloading configuration' "$(log_of upsd)"; }
# Sends SIGHUP and waits until upsd has handled it: the reload runs whole in
# the signal's callback, so a request sent after its log line sees the result.
reload() {
	local before
	before=$(reloads)
	kill -HUP "${UT_PID[upsd]}"
	wait_until 10 test_reloaded "$before" || fail "reload $1 not logged"
}
test_reloaded() { [ "$(reloads)" -gt "$1" ]; }
numlogins() {
	printf 'GET NUMLOGINS t\n' >&$held
	IFS= read -r -t 3 line <&$held || fail "held client lost by the reload ($1)"
	assert_eq "NUMLOGINS t 1" "$line" "still logged in after the reload ($1)"
}

reload "with STATEPATH $UT_DIR/"
numlogins "trailing slash"
reload "again"
numlogins "trailing slash, second reload"

# The same directory spelt with doubled slashes is still the same socket.
sed -i "s|^STATEPATH .*|STATEPATH /$UT_DIR//|" "$UT_DIR/upsd.conf"
reload "with STATEPATH /$UT_DIR//"
numlogins "doubled slashes"

log=$(cat "$(log_of upsd)")
assert_not_contains "$log" "removed from ups.conf" "no UPS dropped by the reloads"
assert_eq 1 "$(grep -c 'ups t: connected to driver' "$(log_of upsd)")" \
	"one driver connection for the whole run"
expect_status t OL 5
exec {held}>&-
true
