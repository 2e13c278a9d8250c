#!/usr/bin/env bash
# upsd never spins on a socket it cannot make progress on: a half-closed
# client whose replies cannot drain (its EOF stays readable), and accept()
# failing for lack of file descriptors (the listener stays readable). Both
# once made upsd burn a whole CPU (and, for accept, flood its log). We check
# the CPU upsd uses while each condition lasts, with a bound far above idle
# and far below a spin, and that service resumes afterwards.
UT_TIMEOUT=${UT_TIMEOUT:-120}
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups
need_cmd prlimit

use_dev Eaton__ePDU_MA_1P__snmp-ups__2.7.4__01.dev t.dev
add_ups t dummy-ups t.dev
write_upsd_conf "IDLE_TIMEOUT 0"
start_driver t
start_upsd
upsd_pid=$UT_LAST_PID
wait_status t 20
status=$(nut_getvar t ups.status)
served() { [ "$(nut_getvar t ups.status)" == "$status" ]; }

# cpu_ticks: user+system clock ticks (1/100 s) upsd has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$upsd_pid/stat"; }
# A spin over 3 s costs ~300 ticks; an idle or working upsd a handful.
SPIN_TICKS=100

# 1. Half-closed, never reading, with a full output queue.
"$UT_PYTHON" - "$UPSD_PORT" "$UT_TMP/halfclosed" <<'PY' &
import os, socket, sys, time
port = int(sys.argv[1])
# Size the pile of replies to 3.5 MiB: more than upsd's socket buffer
# takes towards a peer with a 4 kB receive window, so replies stay queued in
# upsd, yet less than its 4 MiB output queue (a full one would drop the client).
probe = socket.create_connection(("127.0.0.1", port))
probe.sendall(b"LIST VAR t\n")
got = b""
while not got.endswith(b"END LIST VAR t\n"):
    got += probe.recv(65536)
probe.close()
count = (3584 << 10) // len(got)
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.connect(("127.0.0.1", port))
s.sendall(b"LIST VAR t\n" * count)
s.shutdown(socket.SHUT_WR)
open(sys.argv[2], "w").close()
time.sleep(30)
PY
hog=$!
register_pid "$hog" halfclosed
wait_until 10 test -e "$UT_TMP/halfclosed" || fail "half-closing client did not start"
sleep 0.5 # let upsd read the lines and fill the socket (not a synchronisation)
before=$(cpu_ticks)
sleep 3
used=$(($(cpu_ticks) - before))
[ "$used" -lt "$SPIN_TICKS" ] || fail "upsd used $used ticks in 3 s with a half-closed client"
served || fail "not served while a half-closed client waits"
! grep -q "output queue full" "$(log_of upsd)" ||
	fail "the half-closed client was dropped: the test did not keep replies queued"
stop_pid "$hog"

# 2. Out of file descriptors: upsd may open only a few more than it has.
open_fds=$(ls "/proc/$upsd_pid/fd" | wc -l)
hard=$(prlimit --pid "$upsd_pid" --nofile --noheadings --output=HARD)
prlimit --pid "$upsd_pid" --nofile=$((open_fds + 4)): ||
	fail "prlimit on upsd failed"
"$UT_PYTHON" - "$UPSD_PORT" "$UT_TMP/held" <<'PY' &
import socket, sys, time
held = [socket.create_connection(("127.0.0.1", int(sys.argv[1]))) for _ in range(40)]
open(sys.argv[2], "w").close()
time.sleep(30)
PY
holder=$!
register_pid "$holder" holder
wait_until 10 test -e "$UT_TMP/held" || fail "40 connections could not be opened"
lines_before=$(wc -l <"$(log_of upsd)")
before=$(cpu_ticks)
sleep 3
used=$(($(cpu_ticks) - before))
lines=$(($(wc -l <"$(log_of upsd)") - lines_before))
[ "$used" -lt "$SPIN_TICKS" ] || fail "upsd used $used ticks in 3 s out of file descriptors"
[ "$lines" -lt 20 ] || fail "upsd logged $lines lines in 3 s out of file descriptors"
grep -q "accept (new connections wait)" "$(log_of upsd)" ||
	fail "upsd did not say why new connections wait"

# Connections are freed: the waiting ones and a new client are served again.
stop_pid "$holder"
prlimit --pid "$upsd_pid" --nofile="$hard": || fail "prlimit reset failed"
wait_until 10 served || fail "upsd did not serve again after fds were freed"
pid_alive "$upsd_pid" || fail "upsd died"
