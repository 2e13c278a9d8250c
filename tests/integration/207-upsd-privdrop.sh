#!/usr/bin/env bash
# Started as root, upsd binds, then drops to the -u user for good (real,
# effective and saved ids, supplementary groups), then reaches its driver as
# that user and serves. Without
# -F it goes to the background, writes <ALTPIDPATH>/upsd.pid, and -c stop
# ends it.
. "$(dirname "$0")/lib.sh"
need_ours upsd
[ "$(id -u)" -eq 0 ] || skip "needs root"
id nobody >/dev/null 2>&1 || skip "no user nobody"
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }
upsd=$(prog_path ours upsd)

# upsd reaches the driver as nobody: through the dir, in the socket's group.
chmod 0711 "$UT_DIR"
printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
start_driver "$drv" t -g nogroup
write_upsd_conf
write_upsd_users </dev/null

# Background start: the parent returns once the server is set up.
run timeout 20 "$upsd" -u nobody
assert_eq 0 "$RC" "background start ($ERR)"
adopt_pidfile "$UT_DIR/upsd.pid" upsd-bg
pid=$(cat "$UT_DIR/upsd.pid")
wait_port "$UPSD_PORT" || fail "not listening"
wait_status t
uids=$(awk '/^Uid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
gids=$(awk '/^Gid:/ { print $2, $3, $4, $5 }' "/proc/$pid/status")
n=$(id -u nobody)
assert_eq "$n $n $n $n" "$uids" "user ids after the drop"
g=$(id -g nobody)
assert_eq "$g $g $g $g" "$gids" "group ids after the drop"
assert_eq "$g" "$(awk '/^Groups:/ { print $2 }' "/proc/$pid/status")" "supplementary groups"

run "$upsd" -c stop
assert_eq 0 "$RC" "-c stop ($ERR)"
wait_until 10 ut_dead "$pid" || fail "upsd did not stop"
