#!/usr/bin/env bash
# A client that pipelines thousands of LIST VAR lines and does not read its
# replies for a while is throttled (upsd stops reading it while its queued
# output is above the high-water mark), not dropped: others are answered
# meanwhile, and once it reads it gets every reply, complete and in order.
UT_TIMEOUT=${UT_TIMEOUT:-180}
. "$(dirname "$0")/lib.sh"
need_ours upsd
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }

use_dev Eaton__ePDU_MA_1P__snmp-ups__2.7.4__01.dev t.dev
add_ups t dummy-ups t.dev
write_upsd_conf "IDLE_TIMEOUT 60"
start_driver "$drv" t
start_upsd
wait_status t 20
status=$(nut_getvar t ups.status)

"$UT_PYTHON" - "$UPSD_PORT" "$status" <<'PY' || fail "never-reading client"
import socket, sys, threading, time
port, status = int(sys.argv[1]), sys.argv[2]
N = 20000

hog = socket.create_connection(("127.0.0.1", port))
sent = threading.Event()
def send():
    hog.sendall(b"LIST VAR t\n" * N)  # blocks while upsd holds back
    sent.set()
threading.Thread(target=send, daemon=True).start()

# Ordinary clients are answered while the hog's replies pile up.
def getvar():
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    f = s.makefile("rb")
    s.sendall(b"GET VAR t ups.status\n")
    line = f.readline().decode()
    s.close()
    return line
for i in range(30):
    want = 'VAR t ups.status "%s"\n' % status
    got = getvar()
    if got != want:
        sys.exit("ordinary client %d got %r, not %r" % (i, got, want))
    time.sleep(0.1)

# Now the hog reads: every reply is there, whole, the same each time.
hog.settimeout(30)
f = hog.makefile("rb")
first, cur, done = None, [], 0
while done < N:
    line = f.readline()
    if not line:
        sys.exit("connection closed after %d of %d replies" % (done, N))
    cur.append(line)
    if line.startswith(b"END LIST VAR"):
        if first is None:
            first = cur
            if first[0] != b"BEGIN LIST VAR t\n" or len(first) < 3:
                sys.exit("bad first reply: %r" % first[:3])
        elif cur != first:
            sys.exit("reply %d differs from the first" % done)
        cur, done = [], done + 1
if not sent.wait(10):
    sys.exit("the rest of the requests were never taken")
hog.sendall(b"NETVER\n")
if f.readline() != b"1.3\n":
    sys.exit("no answer after the backlog")
print("%d replies of %d lines each" % (done, len(first)))
PY
grep -q "output queue full" "$(log_of upsd)" && fail "the client that did not read was dropped"
assert_eq "$status" "$(nut_getvar t ups.status)" "served afterwards"
pid_alive "${UT_PID[upsd]}" || fail "upsd died"
