#!/usr/bin/env bash
# systemd Type=notify: upsd and the drivers tell the service manager (the
# NOTIFY_SOCKET datagram socket, here one of the test's own) READY=1 once
# they serve, RELOADING=1 (with MONOTONIC_USEC) then READY=1 around a reload, STOPPING=1 on SIGTERM,
# through libsystemd's sd_notify().
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups
grep -q '^#define WITH_LIBSYSTEMD 1' "$top_builddir/include/config.h" ||
	skip "built without libsystemd"

# The service manager's end: every datagram, one per line ("\n" inside one
# shown as "|"), appended to a file.
listen_notify() { # SOCKET FILE
	start_bg "notify-$(basename "$1")" "$UT_PYTHON" -c '
import os, socket, sys
path, out = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(path)
with open(out, "a", buffering=1) as f:
    while True:
        f.write(s.recv(4096).decode(errors="replace").replace("\n", "|") + "\n")
' "$1" "$2"
	wait_until 5 test -S "$1" || fail "notify socket $1 not created"
}
got() { grep -q -- "$2" "$1"; }

printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev

listen_notify "$UT_TMP/drv.sock" "$UT_TMP/drv.msgs"
NOTIFY_SOCKET=$UT_TMP/drv.sock start_driver t
wait_until 5 got "$UT_TMP/drv.msgs" '^READY=1|STATUS=serving ups t' ||
	fail "driver did not say READY=1: $(cat "$UT_TMP/drv.msgs")"

listen_notify "$UT_TMP/upsd.sock" "$UT_TMP/upsd.msgs"
NOTIFY_SOCKET=$UT_TMP/upsd.sock start_upsd
wait_status t
wait_until 5 got "$UT_TMP/upsd.msgs" '^READY=1|STATUS=serving 1 UPS' ||
	fail "upsd did not say READY=1: $(cat "$UT_TMP/upsd.msgs")"

kill -HUP "${UT_PID[upsd]}"
wait_until 5 got "$UT_TMP/upsd.msgs" '^RELOADING=1|MONOTONIC_USEC=[0-9][0-9]*$' || fail "no RELOADING=1 on SIGHUP"
wait_until 5 test "$(tail -n 1 "$UT_TMP/upsd.msgs")" = "READY=1" ||
	fail "no READY=1 after the reload: $(cat "$UT_TMP/upsd.msgs")"
kill -HUP "${UT_PID[dummy-ups-t]}"
wait_until 5 got "$UT_TMP/drv.msgs" '^RELOADING=1|MONOTONIC_USEC=[0-9][0-9]*$' || fail "driver: no RELOADING=1 on SIGHUP"

# Without -F, a driver that systemd supervises must not fork away: the
# process started is the one that says READY=1 and keeps running.
printf 'ups.status: OB\n' >"$UT_DIR/u.dev"
add_ups u dummy-ups u.dev
listen_notify "$UT_TMP/u.sock" "$UT_TMP/u.msgs"
NOTIFY_SOCKET=$UT_TMP/u.sock start_bg drv-u "$(prog_path ours dummy-ups)" -a u "${UT_ROOT_ARGS[@]}"
wait_until 5 got "$UT_TMP/u.msgs" '^READY=1' || fail "driver u (no -F) did not say READY=1"
assert_true pid_alive "${UT_PID[drv-u]}"
stop drv-u
wait_until 5 got "$UT_TMP/u.msgs" '^STOPPING=1$' || fail "driver u: no STOPPING=1"

stop upsd
wait_until 5 got "$UT_TMP/upsd.msgs" '^STOPPING=1$' || fail "upsd: no STOPPING=1"
stop dummy-ups-t
wait_until 5 got "$UT_TMP/drv.msgs" '^STOPPING=1$' || fail "driver: no STOPPING=1"
