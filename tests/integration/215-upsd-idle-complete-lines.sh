#!/usr/bin/env bash
# Only complete lines count as activity for IDLE_TIMEOUT: a client that keeps
# sending bytes but never a newline is dropped, one that sends commands stays.
UT_TIMEOUT=${UT_TIMEOUT:-120}
. "$(dirname "$0")/lib.sh"
need_ours upsd
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }

use_dev Eaton__ePDU_MA_1P__snmp-ups__2.7.4__01.dev t.dev
add_ups t dummy-ups t.dev
write_upsd_conf "IDLE_TIMEOUT 2"
start_driver "$drv" t
start_upsd
wait_status t 20

"$UT_PYTHON" - "$UPSD_PORT" <<'PY' || fail "idle timeout"
import socket, sys, time
port = int(sys.argv[1])
dribble = socket.create_connection(("127.0.0.1", port))
talker = socket.create_connection(("127.0.0.1", port))
tf = talker.makefile("rb")
dropped = False
for i in range(24):  # 6 s, three times IDLE_TIMEOUT
    try:
        dribble.sendall(b"GET VAR t ")  # no newline, ever
    except OSError:
        dropped = True
    talker.sendall(b"NETVER\n")
    if tf.readline() != b"1.3\n":
        sys.exit("the client sending commands was dropped after %.2f s" % (i * 0.25))
    time.sleep(0.25)
dribble.settimeout(5)
if not dropped:
    try:
        data = dribble.recv(100)
    except socket.timeout:
        sys.exit("the client sending no newline is still open")
    except OSError:
        data = b""  # reset: closed by upsd
    if data != b"":
        sys.exit("the client sending no newline got %r" % data)
talker.sendall(b"NETVER\n")
if tf.readline() != b"1.3\n":
    sys.exit("the client sending commands was dropped")
PY
pid_alive "${UT_PID[upsd]}" || fail "upsd died"
