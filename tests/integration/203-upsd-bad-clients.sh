#!/usr/bin/env bash
# Misbehaving clients do not hurt the others: garbage bytes, a client that
# vanishes mid-reply, a client that pipelines big LISTs and never reads (it
# is no longer read once its output passes the high-water mark, and is not
# dropped for it; see 213), idle clients (IDLE_TIMEOUT)
# and MAXCONN (extra connections wait until a slot frees up).
UT_TIMEOUT=${UT_TIMEOUT:-180}
. "$(dirname "$0")/lib.sh"
need_ours upsd
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }

use_dev Eaton__ePDU_MA_1P__snmp-ups__2.7.4__01.dev t.dev
add_ups t dummy-ups t.dev
write_upsd_conf "IDLE_TIMEOUT 3" "MAXCONN 8"
start_driver "$drv" t
start_upsd
wait_status t 20
status=$(nut_getvar t ups.status)
served() { [ "$(nut_getvar t ups.status)" == "$status" ]; }

# 1. Garbage: control bytes, high bytes, NULs, a huge line with no newline.
"$UT_PYTHON" - "$UPSD_PORT" <<'PY' || fail "garbage client"
import os, socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.sendall(bytes(range(256)) * 8 + b"\n" + os.urandom(20000) + b"\n\"unterminated")
s.sendall(b"x" * 100000)
s.close()
PY
served || fail "not served after a garbage client"

# 2. Vanishing: ask for big lists and reset the connection at once.
"$UT_PYTHON" - "$UPSD_PORT" <<'PY' || fail "vanishing client"
import socket, struct, sys
for _ in range(20):
    s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    s.sendall(b"LIST VAR t\n" * 50)
    s.close()  # RST
PY
served || fail "not served after vanishing clients"

# 3. Never reading: thousands of LIST VAR requests pile up in the socket
#    buffers (backpressure), while another client is served meanwhile.
"$UT_PYTHON" - "$UPSD_PORT" <<'PY' &
import socket, sys, time
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.settimeout(30)
try:
    for _ in range(400):
        s.sendall(b"LIST VAR t\n" * 50)
        time.sleep(0.005)
except OSError:
    pass
time.sleep(60)
PY
hog=$!
register_pid "$hog" hog
for _ in 1 2 3; do served || fail "not served while a client does not read"; done
grep -q "output queue full" "$(log_of upsd)" && fail "a client that does not read was dropped"
served || fail "not served beside the reader"
stop_pid "$hog"

# 4. Idle clients are dropped after IDLE_TIMEOUT; talking keeps one alive.
exec {idle}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
exec {busy}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
for _ in 1 2 3 4 5; do
	printf 'NETVER\n' >&$busy
	IFS= read -r -t 3 line <&$busy || fail "busy client got no reply"
	assert_eq "1.3" "$line" "busy client"
	sleep 1
done
IFS= read -r -t 3 line <&$idle && fail "idle client still open, read [$line]"
printf 'NETVER\n' >&$busy
IFS= read -r -t 3 line <&$busy || fail "busy client was dropped"
exec {idle}>&- {busy}>&-

# 5. MAXCONN 8: the ninth connection is not served until one closes.
fds=()
for _ in $(seq 1 8); do
	exec {fd}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
	printf 'NETVER\n' >&$fd
	IFS= read -r -t 3 line <&$fd || fail "connection $((${#fds[@]} + 1)) not served"
	fds+=("$fd")
done
exec {extra}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
printf 'NETVER\n' >&$extra
IFS= read -r -t 1 line <&$extra && fail "the connection beyond MAXCONN was served: [$line]"
exec {fds[0]}>&-
IFS= read -r -t 5 line <&$extra || fail "waiting connection not served once a slot freed"
assert_eq "1.3" "$line" "served after a slot freed"
for fd in "${fds[@]:1}"; do exec {fd}>&-; done
exec {extra}>&-
pid_alive "${UT_PID[upsd]}" || fail "upsd died"
