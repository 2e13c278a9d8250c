#!/usr/bin/env bash
# upsmon's privilege separation with real uids (needs root): the parent
# stays root, the monitoring child runs as RUN_AS_USER (nobody) and so do
# its NOTIFYCMDs; the shutdown's two privileged steps happen in the parent
# (SHUTDOWNCMD runs as root, POWERDOWNFLAG is root's). -u overrides
# RUN_AS_USER. When the parent dies, the child says NOPARENT and goes on.
# A child that sends the parent garbage (written into the child's end of
# the socketpair, taken with pidfd_getfd): the parent logs it and exits
# without running anything; the child says NOPARENT. (Every malformed
# frame shape: unit/test_upsmon_priv.)
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon
[ "$(id -u)" -eq 0 ] || skip "needs root (real uids for the parent and the child)"
nobody_uid=$(id -u nobody 2>/dev/null) || skip "no user nobody"
daemon_uid=$(id -u daemon 2>/dev/null) || skip "no user daemon"

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user mon pw "upsmon primary"
start_driver a
start_upsd
wait_status a
# The child (not root) must reach notify.sh and append to the logs.
chmod 755 "$UT_TMP"
chmod 666 "$UT_TMP/notify.log" "$UT_TMP/shutdown.log"
cat >"$UT_TMP/notify.sh" <<NOTIFY
#!/bin/sh
echo "\$1 \$NOTIFYTYPE \$UPSNAME \$2 uid=\$(id -u)" >>"$UT_TMP/notify.log"
NOTIFY

uid_of() { awk '$1 == "Uid:" { print $2 "/" $3 "/" $4 "/" $5 }' "/proc/$1/status"; }
child_of() { pgrep -P "$1" -x upsmon | head -n 1; }
have_child() { [ -n "$(child_of "$1")" ]; }

flag=$UT_TMP/m/killpower
um_conf m "MONITOR a@$UPSD_ADDR 1 mon pw primary" "RUN_AS_USER nobody" "POWERDOWNFLAG $flag" \
	"SHUTDOWNCMD \"echo m-\$(id -u) >>$UT_TMP/shutdown.log\""
chmod 755 "$UT_TMP/m"
um_start m -D
parent=${UT_PID[m]}
wait_until 10 have_child "$parent" || fail "no child process"
child=$(child_of "$parent")
assert_eq "0/0/0/0" "$(uid_of "$parent")" "the parent's uids"
assert_eq "$nobody_uid/$nobody_uid/$nobody_uid/$nobody_uid" "$(uid_of "$child")" "the child's uids"
wait_until 10 numlogins_is a 1 || fail "the child did not log in"
# SIGHUP to the parent reaches the child, which reads the file as nobody.
chmod 644 "$UT_TMP/m/upsmon.conf"
kill -HUP "$parent"
wait_until 10 grep -q "upsmon.conf reloaded: 1 UPS" "$(log_of m)" || fail "SIGHUP not passed on"

set_dev_var a.dev ups.status "OB DISCHRG"
wait_until 15 notified m ONBATT || fail "no ONBATT"
assert_contains "$(cat "$UT_TMP/notify.log")" "uid=$nobody_uid" "NOTIFYCMD runs as the child's user"
set_dev_var a.dev ups.status "OB LB"
wait_until 20 grep -q "^m-" "$UT_TMP/shutdown.log" || fail "no shutdown"
assert_eq "m-0" "$(cat "$UT_TMP/shutdown.log")" "SHUTDOWNCMD runs once, as root"
assert_eq "0 upsmon-shutdown-file" "$(stat -c %u "$flag") $(cat "$flag")" "POWERDOWNFLAG, root's"
wait_until 10 ut_dead "$parent" || fail "the parent did not exit after the shutdown"
stop m
assert_eq 0 "$UT_LAST_RC" "the parent's exit status"

# -u wins over RUN_AS_USER; the parent killed: NOPARENT, monitoring goes on.
rm -f "$flag"
: >"$UT_TMP/notify.log"
set_dev_var a.dev ups.status "OL"
stop upsd # FSD stays set in upsd until it restarts
start_upsd
wait_status a
expect_status a OL
um_start m -u daemon
parent=${UT_PID[m]}
wait_until 10 have_child "$parent" || fail "no child process (-u daemon)"
child=$(child_of "$parent")
register_pid "$child" m-child
assert_eq "$daemon_uid/$daemon_uid/$daemon_uid/$daemon_uid" "$(uid_of "$child")" "-u daemon"
wait_until 10 numlogins_is a 1 || fail "the child did not log in (-u daemon)"
kill -KILL "$parent"
wait_until 10 notified m NOPARENT || fail "no NOPARENT"
assert_contains "$(cat "$UT_TMP/notify.log")" "uid=$daemon_uid"
set_dev_var a.dev ups.status "OB DISCHRG"
wait_until 15 notified m ONBATT || fail "the orphaned child stopped monitoring"
assert_true pid_alive "$child"
stop m-child

# Garbage from the child: a copy of the child's end of the socketpair
# (pidfd_getfd, root may take it) gets bytes that are no request.
rm -f "$flag"
: >"$UT_TMP/notify.log"
: >"$UT_TMP/shutdown.log"
set_dev_var a.dev ups.status "OL"
um_start m -D
parent=${UT_PID[m]}
wait_until 10 have_child "$parent" || fail "no child process (garbage)"
child=$(child_of "$parent")
register_pid "$child" m-child
wait_until 10 numlogins_is a 1 || fail "the child did not log in (garbage)"
run python3 - "$child" <<'PY'
import ctypes, os, socket, sys
child = int(sys.argv[1])
libc = ctypes.CDLL(None, use_errno=True)
SYS_pidfd_getfd = 438
pidfd = os.pidfd_open(child)
sent = 0
for name in os.listdir(f"/proc/{child}/fd"):
    if not os.readlink(f"/proc/{child}/fd/{name}").startswith("socket:"):
        continue
    fd = libc.syscall(SYS_pidfd_getfd, pidfd, int(name), 0)
    if fd < 0:
        sys.exit(f"pidfd_getfd: {os.strerror(ctypes.get_errno())}")
    s = socket.socket(fileno=fd)
    # The socketpair: AF_UNIX, no name at either end (syslog's has a peer name).
    if s.family == socket.AF_UNIX and s.getpeername() in ("", b"") and s.getsockname() in ("", b""):
        s.send(b"rm -rf / please, and run SHUTDOWNCMD\n")
        sent += 1
    s.detach()
    os.close(fd)
print(sent)
PY
[ "$RC" -eq 0 ] || skip "cannot take the child's socket: $ERR"
assert_eq 1 "$OUT" "garbage written into one socketpair"
wait_until 10 ut_dead "$parent" || fail "the parent did not exit on garbage"
assert_contains "$(cat "$(log_of m)")" "from the child: exiting" "the parent says why"
wait_until 10 notified m NOPARENT || fail "no NOPARENT after the parent left"
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "garbage runs no SHUTDOWNCMD"
assert_false test -e "$flag"
stop m-child
