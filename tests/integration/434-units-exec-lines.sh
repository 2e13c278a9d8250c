#!/usr/bin/env bash
# The units' ExecCondition= and ExecStart= lines, run the way systemd runs
# them (%I expanded, $UPSD_OPTIONS from nut.conf split into words, a
# NOTIFY_SOCKET of the test's own): nut.conf's MODE skips what it should
# (exit 1), and what starts is the process systemd waits on: the driver that
# `upsdrvctl -F start <ups>` becomes, and upsd, each saying READY=1 from the
# pid that was started (NotifyAccess=main).
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups upsdrvctl
grep -q '^#define WITH_LIBSYSTEMD 1' "$top_builddir/include/config.h" ||
	skip "built without libsystemd"
units=$top_builddir/scripts/systemd
bin=$UT_TMP/bin
mkdir -p "$bin"
ln -s "$(prog_path ours upsd)" "$(prog_path ours upsdrvctl)" "$top_builddir/scripts/nut-conf.sh" "$bin/"

# What systemd would run for one line of a unit (installed paths mapped to
# the build tree), as an array in CMD.
exec_line() { # UNIT KEY INSTANCE
	local line
	line=$(sed -n "s/^$2=//p" "$units/$1" | head -n 1)
	[ -n "$line" ] || fail "$1 has no $2="
	line=$(sed -E 's#^/[^ ]*/(upsd|upsdrvctl|nut-conf\.sh)( |$)#'"$bin"'/\1\2#' <<<"$line")
	line=${line//%I/$3}
	# $NAME: nut.conf's value, split into words (systemd's rule for $NAME).
	while [[ $line =~ \$([A-Z_]+) ]]; do
		line=${line/"\$${BASH_REMATCH[1]}"/$("$bin/nut-conf.sh" get "${BASH_REMATCH[1]}")}
	done
	read -r -a CMD <<<"$line"
}

printf 'driverpath = %s\n' "$(dirname "$(prog_path ours dummy-ups)")" >"$UT_DIR/ups.conf"
printf 'ups.status: OL\n' >"$UT_DIR/a.dev"
add_ups myups dummy-ups a.dev
# The unit passes no -u: as root, the driver takes ups.conf's user.
[ "$(id -u)" -eq 0 ] && printf '\tuser = root\n' >>"$UT_DIR/ups.conf"

# MODE decides first (ExecCondition: 1 = skipped).
for mode in none netclient; do
	printf 'MODE=%s\n' "$mode" >"$UT_DIR/nut.conf"
	for u in nut-driver@.service nut-server.service; do
		exec_line "$u" ExecCondition myups
		run "${CMD[@]}"
		assert_eq 1 "$RC" "MODE=$mode: $u condition"
	done
done
printf 'MODE=standalone\nUPSD_OPTIONS="-D"\n' >"$UT_DIR/nut.conf"
for u in nut-driver@.service nut-server.service nut-monitor.service; do
	exec_line "$u" ExecCondition myups
	run "${CMD[@]}"
	assert_eq 0 "$RC" "MODE=standalone: $u condition ($ERR)"
done

# The service manager's end of NOTIFY_SOCKET: each datagram with its
# sender's pid ("pid message").
listen_notify() { # SOCKET FILE
	start_bg "notify-$(basename "$1")" "$UT_PYTHON" -c '
import socket, struct, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as f:
    while True:
        msg, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(12))
        pid = [struct.unpack("iII", d[:12])[0] for l, t, d in anc if t == socket.SCM_CREDENTIALS]
        f.write("%s %s\n" % (pid[0] if pid else "?", msg.decode(errors="replace").replace("\n", "|")))
' "$1" "$2"
	wait_until 5 test -S "$1" || fail "notify socket $1 not created"
}
got() { grep -q -- "$2" "$1"; }

listen_notify "$UT_TMP/drv.sock" "$UT_TMP/drv.msgs"
exec_line nut-driver@.service ExecStart myups
assert_eq "$bin/upsdrvctl -F start myups" "${CMD[*]}" "driver ExecStart"
NOTIFY_SOCKET=$UT_TMP/drv.sock start_bg drv "${CMD[@]}"
pid=${UT_PID[drv]}
wait_until 10 got "$UT_TMP/drv.msgs" "^$pid READY=1" ||
	fail "the started pid $pid did not say READY=1: $(cat "$UT_TMP/drv.msgs")"
[ -S "$UT_DIR/dummy-ups-myups" ] || fail "no driver socket"

listen_notify "$UT_TMP/upsd.sock" "$UT_TMP/upsd.msgs"
exec_line nut-server.service ExecStart myups
assert_eq "$bin/upsd -F -D" "${CMD[*]}" "upsd ExecStart with UPSD_OPTIONS"
write_upsd_conf
: >"$UT_DIR/upsd.users"
chmod 600 "$UT_DIR/upsd.users"
NOTIFY_SOCKET=$UT_TMP/upsd.sock start_bg upsd "${CMD[@]}" "${UT_ROOT_ARGS[@]}"
wait_until 10 got "$UT_TMP/upsd.msgs" "^${UT_PID[upsd]} READY=1" ||
	fail "upsd (pid ${UT_PID[upsd]}) did not say READY=1: $(cat "$UT_TMP/upsd.msgs")"
wait_status myups

# ExecReload: SIGHUP to the main pid reloads (RELOADING=1, then READY=1).
assert_contains "$(sed -n 's/^ExecReload=//p' "$units/nut-driver@.service")" 'kill -HUP $MAINPID'
kill -HUP "$pid"
wait_until 5 got "$UT_TMP/drv.msgs" "^$pid RELOADING=1" || fail "driver: no RELOADING=1 after SIGHUP"
exit 0
