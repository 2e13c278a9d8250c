#!/usr/bin/env bash
# upsmon against servers that misbehave, beside a good one: one answers
# every line with garbage (wrong shapes, another UPS's status, binary, a
# LIST that never ends), one closes the connection as soon as a line
# arrives, one never answers. Each is a failed poll (NOCOMM), never a crash
# and never a shutdown, and the good UPS is followed all along (ONBATT,
# ONLINE).
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user mon pw "upsmon primary"
start_driver a
start_upsd
wait_status a

cat >"$UT_TMP/badsrv.py" <<'PY'
import socket, sys, threading
mode, port = sys.argv[1], int(sys.argv[2])
junk = [b'VAR g ups.status\n', b'VAR other ups.status "FSD OB LB"\n',
        b'VAR g battery.charge "FSD OB LB"\n', b'\x00\xff\xfe garbage "unterminated\n',
        b'VAR g ups.status "FSD OB LB" extra\n', b'OK\n', b'ERR\n', b'x' * 70000 + b'\n',
        b'BEGIN LIST VAR g\n']
def serve(c):
    n = 0
    try:
        while True:
            d = c.recv(4096)
            if not d:
                break
            if mode == 'close':
                break
            if mode == 'garbage':
                for _ in range(d.count(b'\n')):
                    c.sendall(junk[n % len(junk)])
                    n += 1
    except OSError:
        pass
    c.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', port))
s.listen(16)
print('ready', flush=True)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
mons=()
for mode in garbage close silent; do
	port=$(free_port) || fail "no free port"
	UT_USED_PORT[$port]=1
	start_bg "srv-$mode" "$UT_PYTHON" "$UT_TMP/badsrv.py" "$mode" "$port"
	wait_port "$port" || fail "$mode server did not start"
	mons+=("MONITOR g@127.0.0.1:$port 1 mon pw secondary")
	eval "port_$mode=$port"
done

um_conf m "MONITOR a@$UPSD_ADDR 1 mon pw primary" "${mons[@]}" "NOCOMMWARNTIME 2" "DEADTIME 2"
um_start m
for mode in garbage close silent; do
	eval "port=\$port_$mode"
	wait_until 20 notified m NOCOMM "g@127.0.0.1:$port" || fail "$mode server: no NOCOMM"
done
set_dev_var a.dev ups.status "OB DISCHRG"
wait_until 15 notified m ONBATT "a@$UPSD_ADDR" || fail "the good UPS: no ONBATT"
set_dev_var a.dev ups.status "OL"
wait_until 15 notified m ONLINE "a@$UPSD_ADDR" || fail "the good UPS: no ONLINE"

assert_true pid_alive "${UT_PID[m]}"
assert_false notified m SHUTDOWN
assert_false notified m ONBATT "g@127.0.0.1:$port_garbage"
assert_false notified m FSD
assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "garbage shuts nothing down"
stop m
assert_eq 0 "$UT_LAST_RC" "upsmon's exit status on SIGTERM"
