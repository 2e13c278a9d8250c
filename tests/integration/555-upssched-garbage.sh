#!/bin/sh
# Garbage on PIPEFN never kills the timer daemon: unknown requests, binary
# bytes, an over-long line, a request with bad arguments, a half line and
# then silence, more connections than it takes. Each bad request is
# answered ERR and its connection closed; afterwards the same daemon still
# keeps its timer, takes new ones and fires them.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/schedlib.sh"
need_ours upssched

sched_dir ours ours
sched_at 'ONBATT * START-TIMER keep 600' \
	'ONLINE * CANCEL-TIMER keep' \
	'LOWBATT * START-TIMER soon 1'
sched ONBATT ups1@localhost
assert_eq 0 "$RC" "ONBATT ($ERR)"
pid=$(sched_pids)
[ -n "$pid" ] || fail "no timer daemon"

run "$UT_PYTHON" - "$UT_DIR/pipe" <<'PY'
import socket, sys, time
path = sys.argv[1]

def talk(payload, expect_close=True):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    s.settimeout(10)
    try:
        s.sendall(payload)
    except OSError:
        pass
    data = b""
    try:
        while True:
            d = s.recv(4096)
            if not d:
                break
            data += d
    except socket.timeout:
        print("no close after", payload[:20])
        sys.exit(1)
    except ConnectionResetError:
        pass
    s.close()
    return data

for payload, want in [
    (b"GARBAGE\n", b"ERR UNKNOWN-COMMAND\n"),
    (b"\x00\xff\x01" * 3000 + b"\n", b"ERR"),
    (b"A" * 10000 + b"\n", b"ERR INVALID-ARGUMENT\n"),
    (b"START t notanumber u@h ONBATT\n", b"ERR INVALID-ARGUMENT\n"),
    (b"START t 1 u@h\n", b"ERR INVALID-ARGUMENT\n"),
    (b"CANCEL t u@h ONLINE cmd extra\n", b"ERR INVALID-ARGUMENT\n"),
    (b'START "unterminated', b""),   # silent: dropped after a while
]:
    got = talk(payload)
    if not got.startswith(want):
        print("payload", payload[:30], "answered", got[:60], "wanted", want)
        sys.exit(1)

# More connections than the daemon takes at once, all silent.
many = []
for i in range(40):
    s = socket.socket(socket.AF_UNIX)
    s.connect(path)
    many.append(s)
for s in many:
    s.close()
print("done")
PY
assert_eq 0 "$RC" "garbage client: $OUT $ERR"
assert_eq done "$OUT" "garbage client"
assert_true pid_alive "$pid"

# The same daemon goes on: a new timer fires, the old one is still there.
sched LOWBATT ups1@localhost
assert_eq 0 "$RC" "LOWBATT ($ERR)"
wait_until 15 calls_are 1 || fail "the new timer did not fire"
assert_eq soon "$(cat "$UT_DIR/calls")" "calls"
assert_eq "$pid" "$(sched_pids)" "daemon"
sched ONLINE ups1@localhost
wait_until 15 sched_idle || fail "the daemon stays after its last timer was cancelled"
assert_eq soon "$(cat "$UT_DIR/calls")" "calls at the end"
