#!/usr/bin/env bash
# upsd reaches its drivers as the user it runs as, from the first connection
# on: started as root with -u nobody, a driver socket nobody may not open is
# reported at start (it used to connect as root before the drop, and the
# problem showed only when the driver restarted). Made reachable (socket group
# nogroup), the same UPS is served.
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups
[ "$(id -u)" -eq 0 ] || skip "needs root"
id nobody >/dev/null 2>&1 || skip "no user nobody"
getent group nogroup >/dev/null || skip "no group nogroup"

chmod 0711 "$UT_DIR" # nobody may pass through, not list or write
printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
chmod 0644 "$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
start_driver t # -u root: the socket is root:root 0660
assert_eq "0:0 660" "$(stat -c '%u:%g %a' "$UT_DIR/dummy-ups-t")" "driver socket"

start_upsd -u nobody
log=$(log_of upsd)
wait_until 10 grep -q 'upsd .* ready (' "$log" || fail "upsd not ready"
assert_match "$(cat "$log")" "ups t: cannot connect to driver: .*Permission denied" \
	"permission problem reported at start"
first=$(grep -n 'cannot connect to driver' "$log" | head -n 1 | cut -d: -f1)
ready=$(grep -n 'upsd .* ready (' "$log" | head -n 1 | cut -d: -f1)
[ "$first" -lt "$ready" ] || fail "reported only after start-up (line $first, ready at $ready)"
assert_eq "ERR DRIVER-NOT-CONNECTED" "$(nut_cmd 'GET VAR t ups.status')" "UPS t without its driver"
stop upsd

# The socket in group nogroup: nobody reaches it, at start.
stop dummy-ups-t
start_driver t -g nogroup
assert_eq "0:$(getent group nogroup | cut -d: -f3) 660" \
	"$(stat -c '%u:%g %a' "$UT_DIR/dummy-ups-t")" "driver socket with -g"
start_upsd -u nobody
expect_status t OL
pid=${UT_PID[upsd]}
assert_eq "$(id -u nobody)" "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" "upsd runs as nobody"
