#!/usr/bin/env bash
# The kill-power step's two ups.conf switches (not in NUT 2.8.0; later NUT
# releases have directives of these names): sdcommands lists instant commands
# tried in order through the driver, the first one done wins; allow_killpower
# offers driver.killpower, with which a running driver kills the power when
# asked on its socket (through upsd: INSTCMD ups driver.killpower). Without
# the flag the command does not exist.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups
DRV=$(prog_path ours dummy-ups)
rec=$UT_DIR/dummy-ups-a.killpower
drvsock() { "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$@"; }

printf 'ups.status: OB LB\n' >"$UT_DIR/a.dev"

# sdcommands: load.off is not supported by the simulation, shutdown.stayoff is.
add_ups a dummy-ups a.dev "sdcommands=load.off, shutdown.stayoff"
run "$DRV" -a a -k "${UT_ROOT_ARGS[@]}"
assert_eq 0 "$RC" "-k with sdcommands (stderr: $ERR)"
assert_contains "$ERR" "kill power: load.off not supported"
assert_contains "$ERR" "kill power: shutdown.stayoff done"
assert_contains "$(cat "$rec")" "killpower.command: shutdown.stayoff"

# None of them works: exit 1, no record.
rm -f "$rec"
write_ups_conf </dev/null
add_ups a dummy-ups a.dev "sdcommands=load.off,beeper.toggle"
run "$DRV" -a a -k "${UT_ROOT_ARGS[@]}"
assert_eq 1 "$RC" "-k when no sdcommand works"
assert_contains "$ERR" "no command of sdcommands (load.off,beeper.toggle) worked"
assert_contains "$ERR" "Shutdown failed!"
[ ! -e "$rec" ] || fail "a record without a kill-power"

# Without sdcommands: the driver's own routine.
write_ups_conf </dev/null
add_ups a dummy-ups a.dev
run "$DRV" -a a -k "${UT_ROOT_ARGS[@]}"
assert_eq 0 "$RC" "-k, the driver's own shutdown"
assert_contains "$(cat "$rec")" "killpower.command: shutdown"
rm -f "$rec"

# A running driver without allow_killpower: no such command.
start_driver a
sock=$UT_DIR/dummy-ups-a
run drvsock "$sock" '^TRACKING' 'INSTCMD driver.killpower TRACKING t1'
assert_contains "$OUT" "TRACKING t1 1" "driver.killpower without allow_killpower"
run drvsock "$sock" '^DUMPDONE' DUMPALL
assert_not_contains "$OUT" "driver.killpower"
[ ! -e "$rec" ] || fail "killed the power without allow_killpower"
stop dummy-ups-a

# With allow_killpower: listed, and it kills the power (the driver runs on).
write_ups_conf </dev/null
add_ups a dummy-ups a.dev "sdcommands=shutdown.return"
printf '\tallow_killpower\n' >>"$UT_DIR/ups.conf"
start_driver a
run drvsock "$sock" '^DUMPDONE' DUMPALL
assert_contains "$OUT" "ADDCMD driver.killpower"
assert_contains "$OUT" 'SETINFO driver.flag.allow_killpower "enabled"'
assert_contains "$OUT" 'SETINFO driver.parameter.sdcommands "shutdown.return"'
run drvsock "$sock" '^TRACKING' 'INSTCMD driver.killpower TRACKING t2'
assert_contains "$OUT" "TRACKING t2 0" "driver.killpower with allow_killpower"
[ -f "$rec" ] || fail "driver.killpower left no record"
assert_contains "$(cat "$rec")" "killpower.command: shutdown.return"
assert_true pid_alive "${UT_PID[dummy-ups-a]}"
# The simulation's shutdown.* commands are not offered to clients.
run drvsock "$sock" '^TRACKING' 'INSTCMD shutdown.return TRACKING t3'
assert_contains "$OUT" "TRACKING t3 1" "shutdown.return is not a client command"

# Through upsd, as a client would ask for it: listed, and done with TRACKING.
rm -f "$rec"
write_upsd_users <<'USERS'
[admin]
	password = secret
	instcmds = ALL
USERS
start_upsd
wait_status a
assert_contains "$(nut_cmd 'LIST CMD a')" "CMD a driver.killpower"
if nut_has upscmd; then
	run "$(prog_path nut upscmd)" -u admin -p secret -w "a@$UPSD_ADDR" driver.killpower
	# NUT's upscmd -w exits 0 either way and prints a failure on stderr.
	assert_eq 0 "$RC" "NUT's upscmd -w driver.killpower (out: $OUT, err: $ERR)"
	assert_not_contains "$ERR" "ERR"
else
	run nutclient -t 3 127.0.0.1 "$UPSD_PORT" 'USERNAME admin' 'PASSWORD secret' \
		'INSTCMD a driver.killpower'
	assert_contains "$OUT" "OK"
	skip_part "NUT's upscmd not installed: asked with a raw client"
fi
wait_until 5 test -f "$rec" || fail "driver.killpower through upsd left no record"

# A kill-power step that fails is reported as failed to the client.
if nut_has upscmd; then
	rm -f "$rec"
	stop dummy-ups-a
	sed -i 's/^\tsdcommands = .*/\tsdcommands = load.off/' "$UT_DIR/ups.conf"
	start_driver a
	wait_status a
	run "$(prog_path nut upscmd)" -u admin -p secret -w "a@$UPSD_ADDR" driver.killpower
	assert_eq "ERR FAILED" "$ERR" "upscmd -w of a failing driver.killpower"
	[ ! -e "$rec" ] || fail "a failed kill power left a record"
fi
exit 0
