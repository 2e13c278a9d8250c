#!/usr/bin/env bash
# dummy-ups repeater mode (port = ups@host:port): republishes a UPS read from
# another upsd (NUT's, with NUT's dummy-ups behind it) through libupsclient,
# follows its changes, and goes stale when the remote upsd goes away.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups
need_nut
drvsock() { "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$@"; }

use_dir remote
printf 'ups.status: OL\nbattery.charge: 100\nups.mfr: Far Away\n' >"$UT_DIR/r.dev"
add_ups far dummy-ups r.dev
start_driver nut far
start_upsd nut
wait_status far
RPORT=$UPSD_PORT
RPID=$UT_LAST_PID

use_dir local
add_ups near dummy-ups "far@127.0.0.1:$RPORT" pollinterval=1
start_driver near
S=$UT_DIR/dummy-ups-near

ut_has() { drvsock "$S" '^DUMPDONE$' DUMPALL | grep -qF "$1"; }
wait_until 10 ut_has 'SETINFO ups.mfr "Far Away"' || fail "remote variables not republished"
run drvsock "$S" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" 'SETINFO driver.parameter.mode "repeater"'
assert_contains "$OUT" 'SETINFO driver.name "dummy-ups"'
assert_contains "$OUT" 'SETINFO battery.charge "100"'
assert_contains "$OUT" 'ADDCMD load.off' "remote commands"
assert_contains "$OUT" 'SETFLAGS ups.mfr RW STRING' "remote RW variables"
assert_contains "$OUT" $'DATAOK\nDUMPDONE'

set_dev_var "$UT_TMP/remote/r.dev" ups.status "OB LB"
wait_until 10 ut_has 'SETINFO ups.status "OB LB"' || fail "remote change not followed"

# the remote upsd goes away: the data goes stale
stop_pid "$RPID"
ut_stale() { drvsock "$S" '^DUMPDONE$' DUMPALL | grep -qx DATASTALE; }
wait_until 10 ut_stale || fail "no DATASTALE without the remote upsd"
exit 0
