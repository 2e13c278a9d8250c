#!/usr/bin/env bash
# Pid files and driver sockets live in directories the run-time user can
# write, so whoever runs as that user can put anything there. Run as root,
# our programs must not be turned against other processes or files by that:
#   - a pid file naming some other process: upsdrvctl stop, upsd -c stop and
#     a driver's -c exit refuse to signal it (it survives) and say why;
#   - a FIFO at a pid file's name: nothing waits on it (upsdrvctl stop and
#     status, upsd -c, upsd's start);
#   - a stale upsd.pid naming a live process that is not upsd (a pid file
#     left by a power cut, or a planted "1"): upsd starts all the same, and
#     -c stop then reaches the real one;
#   - a driver socket name that is a symlink into a directory only root may
#     enter: upsdrvctl status (as root) does not reach the socket behind it;
#     a listener that never accepts holds up neither status nor a driver's
#     start.
. "$(dirname "$0")/lib.sh"
need_ours upsd
need_ours upsdrvctl
[ "$(id -u)" -eq 0 ] || skip "needs root (the point is what root does)"
CTL=$(prog_path ours upsdrvctl)
upsd=$(prog_path ours upsd)
drv=$(prog_path ours dummy-ups)

printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
add_ups x dummy-ups t.dev
add_ups y dummy-ups t.dev
write_upsd_conf
write_upsd_users </dev/null

# An innocent bystander (run by root, as every process here).
start_bg victim sleep 300
victim=$UT_LAST_PID

# 1. Pid files naming the bystander.
echo "$victim" >"$UT_DIR/dummy-ups-x.pid"
run timeout 20 "$CTL" stop x
assert_eq 1 "$RC" "upsdrvctl stop with a pid file naming another program"
assert_contains "$ERR" "names pid $victim, which is not dummy-ups: not signalled"
run timeout 20 "$CTL" status x
assert_contains "$OUT" "STOPPED"
echo "$victim" >"$UT_DIR/upsd.pid"
run timeout 20 "$upsd" -c stop
assert_eq 1 "$RC" "upsd -c stop with a pid file naming another program"
assert_contains "$ERR" "which is not upsd: not signalled"
run timeout 20 "$drv" -a x -c exit
assert_eq 1 "$RC" "dummy-ups -c exit with a pid file naming another program"
assert_contains "$ERR" "which is not dummy-ups: not signalled"
assert_true pid_alive "$victim"

# 2. FIFOs at the pid files' names: refused at once, never waited on.
rm -f "$UT_DIR/dummy-ups-x.pid" "$UT_DIR/upsd.pid"
mkfifo "$UT_DIR/dummy-ups-x.pid" "$UT_DIR/upsd.pid"
run timeout 20 "$CTL" stop x
assert_eq 1 "$RC" "upsdrvctl stop with a FIFO pid file (124: it waited)"
run timeout 20 "$CTL" status x
assert_ne 124 "$RC" "upsdrvctl status with a FIFO pid file waited"
run timeout 20 "$upsd" -c reload
assert_eq 1 "$RC" "upsd -c reload with a FIFO pid file (124: it waited)"
assert_contains "$ERR" "not a regular file"

# 3. upsd starts in the background over the FIFO (its pid file replaces it),
#    and over a stale pid file naming a live process that is not upsd.
run timeout 20 "$upsd" "${UT_ROOT_ARGS[@]}"
assert_eq 0 "$RC" "background start over a FIFO pid file ($ERR)"
adopt_pidfile "$UT_DIR/upsd.pid" upsd-bg1
pid=$UT_LAST_PID
wait_port "$UPSD_PORT" || fail "upsd not listening"
run "$upsd" -c stop
assert_eq 0 "$RC" "-c stop of the real upsd ($ERR)"
wait_until 10 ut_dead "$pid" || fail "upsd did not stop"
for stale in 1 "$victim"; do
	echo "$stale" >"$UT_DIR/upsd.pid"
	run timeout 20 "$upsd" "${UT_ROOT_ARGS[@]}"
	assert_eq 0 "$RC" "background start with upsd.pid naming pid $stale ($ERR)"
	adopt_pidfile "$UT_DIR/upsd.pid" "upsd-bg-$stale"
	pid=$UT_LAST_PID
	assert_ne "$stale" "$pid" "pid file rewritten"
	wait_port "$UPSD_PORT" || fail "upsd not listening"
	# A second one is still refused while the first runs.
	run timeout 20 "$upsd" "${UT_ROOT_ARGS[@]}"
	assert_eq 1 "$RC" "second upsd while one runs"
	assert_contains "$ERR" "another upsd (pid $pid) is running"
	run "$upsd" -c stop
	assert_eq 0 "$RC" "-c stop ($ERR)"
	wait_until 10 ut_dead "$pid" || fail "upsd did not stop"
done
assert_true pid_alive "$victim"

# 4. A driver socket name that is a symlink to a socket in a root-only
#    directory: status, run as root, does not connect through it. And a
#    socket whose listener never accepts (its queue full): status answers
#    all the same.
mkdir -m 0700 "$UT_DIR/secret"
cat >"$UT_DIR/listen.py" <<'EOF'
import os, socket, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(sys.argv[1])
s.listen(0)
if sys.argv[2] == "full":
    # Fill the accept queue: further connects then fail with EAGAIN, and a
    # blocking connect would wait for ever.
    held = []
    for _ in range(8):
        c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        c.setblocking(False)
        try:
            c.connect(sys.argv[1])
        except BlockingIOError:
            break
        held.append(c)
    open(sys.argv[3], "w").write("ready\n")
    time.sleep(300)
open(sys.argv[3], "w").write("ready\n")
s.settimeout(300)
try:
    c, _ = s.accept()
    c.settimeout(2)
    data = c.recv(4096)
    open(sys.argv[3], "a").write("got %r\n" % data)
except Exception:
    pass
EOF
start_bg secret "$UT_PYTHON" "$UT_DIR/listen.py" "$UT_DIR/secret/sock" accept "$UT_DIR/secret.out"
wait_until 10 test -s "$UT_DIR/secret.out" || fail "listener did not start"
rm -f "$UT_DIR/dummy-ups-x.pid" "$UT_DIR/dummy-ups-x"
ln -s "$UT_DIR/secret/sock" "$UT_DIR/dummy-ups-x"
run timeout 20 "$CTL" status x
assert_contains "$OUT" "NOT_RESPONSIVE"
sleep 0.5
assert_not_contains "$(cat "$UT_DIR/secret.out")" "got"

start_bg full "$UT_PYTHON" "$UT_DIR/listen.py" "$UT_DIR/dummy-ups-y" full "$UT_DIR/full.out"
wait_until 10 test -s "$UT_DIR/full.out" || fail "full listener did not start"
run timeout 20 "$CTL" "${UT_ROOT_ARGS[@]}" status y
assert_ne 124 "$RC" "status waited on a listener that never accepts"
assert_contains "$OUT" "NOT_RESPONSIVE"
# A driver start beside that socket says it is in use, without waiting.
run timeout 20 "$drv" -a y "${UT_ROOT_ARGS[@]}" -F
assert_ne 124 "$RC" "driver start waited on a listener that never accepts"
assert_contains "$ERR" "another driver already serves"
exit 0
