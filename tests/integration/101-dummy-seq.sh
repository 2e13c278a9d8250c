#!/usr/bin/env bash
# dummy-ups plays .seq files: blocks separated by "TIMER <s>" lines, looping
# by default (dummy-loop), once with mode = dummy-once.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups
drvsock() { "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$@"; }

cat >"$UT_DIR/power.seq" <<'SEQ'
# a power cut and its return
ups.status: OL
battery.charge: 100
TIMER 1
ups.status: OB DISCHRG
battery.charge: 80
TIMER 1
ups.status: OB LB
battery.charge: 10	#COMMENT: an end-of-line remark is not part of the value
TIMER 1
SEQ
add_ups loop dummy-ups power.seq
add_ups once dummy-ups power.seq mode=dummy-once
start_drivers loop once

run drvsock "$UT_DIR/dummy-ups-loop" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" 'SETINFO driver.parameter.mode "dummy-loop"'
run drvsock "$UT_DIR/dummy-ups-once" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" 'SETINFO driver.parameter.mode "dummy-once"'

# A subscribed client sees the whole cycle, in order, then the loop again.
run drvsock "$UT_DIR/dummy-ups-loop" '^SETINFO ups.status "OL"$' DUMPALL
assert_eq 0 "$RC" "loop: status changes reached the client"
run "$UT_PYTHON" - "$UT_DIR/dummy-ups-loop" <<'PY'
import socket, sys, time
s = socket.socket(socket.AF_UNIX)
s.connect(sys.argv[1])
s.settimeout(0.2)
seen, buf, end = [], b"", time.time() + 6
while time.time() < end and len(seen) < 4:
    try:
        d = s.recv(4096)
    except socket.timeout:
        continue
    if not d:
        break
    buf += d
    while b"\n" in buf:
        line, buf = buf.split(b"\n", 1)
        if line.startswith(b"SETINFO ups.status "):
            seen.append(line.decode().split(" ", 2)[2])
print(" / ".join(seen))
PY
assert_match "$OUT" '("OL" / "OB DISCHRG" / "OB LB" / "OL"|"OB DISCHRG" / "OB LB" / "OL" / "OB DISCHRG"|"OB LB" / "OL" / "OB DISCHRG" / "OB LB")' \
	"loop order"

# once: ends on the last block and stays there
ut_once_done() {
	drvsock "$UT_DIR/dummy-ups-once" '^DUMPDONE$' DUMPALL | grep -q '^SETINFO ups.status "OB LB"$'
}
wait_until 6 ut_once_done || fail "dummy-once did not reach the last block"
run drvsock "$UT_DIR/dummy-ups-once" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" 'SETINFO battery.charge "10"' "remark dropped from the value"
run drvsock "$UT_DIR/dummy-ups-once" '^SETINFO ups.status "OL"$'
assert_eq 1 "$RC" "dummy-once must not start over"
exit 0
