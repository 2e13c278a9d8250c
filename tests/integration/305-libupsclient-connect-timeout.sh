#!/usr/bin/env bash
# NUT_DEFAULT_CONNECT_TIMEOUT bounds upscli_connect: against a listener whose
# accept queue is full (the kernel then drops new SYNs, so connect() hangs)
# upsc gives up after the configured time with "Connection timed out". An
# invalid value is reported and ignored.
. "$(dirname "$0")/lib.sh"

need_ours upsc
OUR_UPSC=$(prog_path ours upsc)

port=$(free_port)
cat >"$UT_TMP/full.py" <<'EOF'
import socket, sys, time
port = int(sys.argv[1])
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(0)
held = []
for _ in range(4):  # fill the accept queue; never accept
    c = socket.socket()
    c.setblocking(False)
    try:
        c.connect(("127.0.0.1", port))
    except BlockingIOError:
        pass
    held.append(c)
open(sys.argv[2], "w").write("ready\n")
time.sleep(300)
EOF
start_bg full "$UT_PYTHON" "$UT_TMP/full.py" "$port" "$UT_TMP/full.ready"
wait_until 10 test -s "$UT_TMP/full.ready" || fail "listener did not start"

t0=$(ut_now_ms)
NUT_DEFAULT_CONNECT_TIMEOUT=1.5 run "$OUR_UPSC" "ups@127.0.0.1:$port" ups.status
t1=$(ut_now_ms)
assert_eq 1 "$RC" "exit status"
assert_eq "Error: Connection failure: Connection timed out" "$ERR" "timeout message"
[ $((t1 - t0)) -ge 1400 ] && [ $((t1 - t0)) -lt 6000 ] ||
	fail "connect gave up after $((t1 - t0)) ms, expected about 1500"

NUT_DEFAULT_CONNECT_TIMEOUT=soon run "$OUR_UPSC" "ups@127.0.0.1:$(free_port)" ups.status
assert_eq $'upscli_connect: ignoring invalid NUT_DEFAULT_CONNECT_TIMEOUT \'soon\'\nError: Connection failure: Connection refused' \
	"$ERR" "invalid NUT_DEFAULT_CONNECT_TIMEOUT"
exit 0
