#!/usr/bin/env bash
# Abusive clients beside ordinary ones: two clients that connect, send ~40 KB
# of random bytes mixed with pipelined LIST VAR lines without reading a reply,
# close and start again, while five ordinary clients send GET VAR requests.
# Every ordinary request must be answered, correctly (no timing is asserted;
# the timing of this scenario is in make bench).
UT_TIMEOUT=${UT_TIMEOUT:-180}
. "$(dirname "$0")/lib.sh"
need_ours upsd
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }

use_dev Eaton__ePDU_MA_1P__snmp-ups__2.7.4__01.dev t.dev
add_ups t dummy-ups t.dev
start_driver "$drv" t
start_upsd
wait_status t 20
status=$(nut_getvar t ups.status)

"$UT_PYTHON" - "$UPSD_PORT" "$status" <<'PY' || fail "flood beside ordinary clients"
import os, random, socket, sys, threading
port, status = int(sys.argv[1]), sys.argv[2]
stop = threading.Event()
rounds = [0, 0]

def abuser(k):
    rng = random.Random(k)
    while not stop.is_set():
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            parts = []
            for _ in range(40):
                parts.append(os.urandom(rng.randrange(200, 1800)))
                parts.append(b"\nLIST VAR t\n" * rng.randrange(1, 4))
            s.sendall(b"".join(parts))
            s.close()
            rounds[k] += 1
        except OSError:
            pass

errors = []
answered = [0] * 5
def ordinary(k):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=20)
        f = s.makefile("rb")
        want = ('VAR t ups.status "%s"\n' % status).encode()
        for i in range(200):
            s.sendall(b"GET VAR t ups.status\n")
            got = f.readline()
            if got != want:
                errors.append("client %d request %d: %r" % (k, i, got))
                return
            answered[k] += 1
    except OSError as e:
        errors.append("client %d: %s" % (k, e))

ab = [threading.Thread(target=abuser, args=(k,), daemon=True) for k in range(2)]
ords = [threading.Thread(target=ordinary, args=(k,)) for k in range(5)]
for t in ab + ords:
    t.start()
for t in ords:
    t.join()
stop.set()
if errors:
    sys.exit("; ".join(errors[:5]))
if sum(answered) != 1000:
    sys.exit("answered %r" % answered)
if min(rounds) == 0:
    sys.exit("the abusers never completed a round: %r" % rounds)
print("1000 requests answered beside %d abusive connections" % sum(rounds))
PY
assert_eq "$status" "$(nut_getvar t ups.status)" "served afterwards"
pid_alive "${UT_PID[upsd]}" || fail "upsd died"
