#!/usr/bin/env bash
# The driver socket protocol of our driver framework: DUMPALL, PING, GETPID,
# SET and INSTCMD with TRACKING, BROADCAST/NOBROADCAST, LOGOUT, bad input.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups
drvsock() { "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$@"; }

printf 'ups.status: OL\nbattery.charge: 100\nups.mfr: Acme\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev override.ups.model=Locked
start_driver t
S=$UT_DIR/dummy-ups-t
pid=${UT_PID[dummy-ups-t]}

run drvsock "$S" '^PONG$' PING
assert_eq 0 "$RC" "PING answered"
# extra words are ignored, as NUT's drivers ignore them
run drvsock "$S" '^PONG$' 'PING extra words'
assert_eq 0 "$RC" "PING with extra words answered"
run drvsock "$S" '^DUMPDONE$' 'DUMPALL x'
assert_contains "$OUT" 'SETINFO ups.status "OL"' "DUMPALL with an extra word dumps"
run drvsock "$S" '^PID ' GETPID
assert_eq "PID $pid" "$OUT" "GETPID"

run drvsock "$S" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" $'SETINFO ups.mfr "Acme"\nSETAUX ups.mfr 32\nSETFLAGS ups.mfr RW STRING'
assert_contains "$OUT" $'SETINFO battery.charge "100"\nSETFLAGS battery.charge RW'
assert_contains "$OUT" 'SETINFO ups.model "Locked"'

# SET with TRACKING: the change is broadcast, then the status (0 = done)
run drvsock "$S" '^TRACKING ' 'SET battery.charge 42 TRACKING 1a2b-3c'
assert_contains "$OUT" $'SETINFO battery.charge "42"\nTRACKING 1a2b-3c 0'
run drvsock "$S" '^TRACKING ' 'SET ups.mfr "Big Co" TRACKING q1'
assert_contains "$OUT" $'SETINFO ups.mfr "Big Co"'
assert_contains "$OUT" 'TRACKING q1 0'
# unknown variable: 1; overridden (immutable) and driver.* variables: 2
run drvsock "$S" '^TRACKING ' 'SET no.such.var 1 TRACKING x1'
assert_eq "TRACKING x1 1" "$OUT" "SET unknown variable"
run drvsock "$S" '^TRACKING ' 'SET ups.model Other TRACKING x2'
assert_eq "TRACKING x2 2" "$OUT" "SET overridden variable"
run drvsock "$S" '^TRACKING ' 'SET driver.name x TRACKING x3'
assert_eq "TRACKING x3 2" "$OUT" "SET driver.name"
run drvsock "$S" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" 'SETINFO ups.model "Locked"' "override kept"

# INSTCMD: load.off is offered but, as on NUT's dummy-ups, answered unknown
# (1: a simulation has nothing to switch); unknown commands too
run drvsock "$S" '^TRACKING ' 'INSTCMD load.off TRACKING c1'
assert_eq "TRACKING c1 1" "$OUT" "INSTCMD load.off"
run drvsock "$S" '^TRACKING ' 'INSTCMD no.such.cmd TRACKING c2'
assert_eq "TRACKING c2 1" "$OUT" "INSTCMD unknown"
# without TRACKING nothing is answered; PING proves the line was consumed
run drvsock "$S" '^PONG$' 'INSTCMD load.off' PING
assert_eq "PONG" "$OUT" "INSTCMD without TRACKING"

# NOBROADCAST: no deltas; BROADCAST 1: deltas again
run drvsock "$S" '^PONG$' NOBROADCAST 'SET battery.charge 41' PING
assert_eq "PONG" "$OUT" "no delta after NOBROADCAST"
run drvsock "$S" '^PONG$' NOBROADCAST 'BROADCAST 1' 'SET battery.charge 40' PING
assert_contains "$OUT" 'SETINFO battery.charge "40"' "delta after BROADCAST 1"

# a second client sees the first one's change
"$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$S" '^SETINFO battery.charge "39"$' >"$UT_DIR/watch.out" &
wpid=$!
register_pid "$wpid"
sleep 0.3 # let the watcher connect before the change it waits for
drvsock "$S" '^TRACKING ' 'SET battery.charge 39 TRACKING w' >/dev/null
wait "$wpid" || fail "watcher did not see the change: $(cat "$UT_DIR/watch.out")"

# junk, over-long lines and unknown commands are ignored, never fatal
long=$(printf 'x%.0s' $(seq 1 3000))
run drvsock "$S" '^PONG$' 'FOO bar' "SET $long 1" 'SET' 'INSTCMD' "$long" PING
assert_eq "PONG" "$OUT" "junk ignored"

# a second driver for the same UPS must not steal the socket
run "$(prog_path ours dummy-ups)" -a t -F "${UT_ROOT_ARGS[@]}"
assert_ne 0 "$RC" "second instance refused"
assert_contains "$ERR" "already serves"
run drvsock "$S" '^PID ' GETPID
assert_eq "PID $pid" "$OUT" "first instance still serves the socket"

# LOGOUT: the driver closes the connection
run drvsock "$S" EOF LOGOUT
assert_eq 0 "$RC" "LOGOUT closes"
assert_true pid_alive "$pid"
exit 0
