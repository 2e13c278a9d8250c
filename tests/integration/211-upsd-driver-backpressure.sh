#!/usr/bin/env bash
# A driver that stops reading (tests/integration/fakedrv.py --deaf) while a
# user floods it with INSTCMDs: once upsd's queue towards it is full, those
# requests are answered ERR INSTCMD-FAILED, but the link stays, so every
# other client still reads the UPS (no DRIVER-NOT-CONNECTED for upsmon), and
# upsd keeps answering.
. "$(dirname "$0")/lib.sh"
need_ours upsd

write_ups_conf <<'CONF'
[f]
	driver = dummy-ups
	port = f.dev
CONF
add_user admin secret "instcmds = ALL"
start_bg fakedrv "$UT_PYTHON" "$UT_LIBDIR/fakedrv.py" "$UT_DIR/dummy-ups-f" --deaf
wait_until 10 test -S "$UT_DIR/dummy-ups-f" || fail "fakedrv did not start"
start_upsd
wait_status f

# 3000 requests of ~230 bytes: more than the socket buffer and upsd's 64 KiB.
value=$(printf 'v%.0s' {1..200})
{
	printf 'USERNAME admin\nPASSWORD secret\n'
	for _ in $(seq 3000); do printf 'INSTCMD f load.off "%s"\n' "$value"; done
} >"$UT_TMP/flood"
nutclient -p -t 3 127.0.0.1 "$UPSD_PORT" <"$UT_TMP/flood" >"$UT_TMP/replies"
ok=$(grep -c '^OK$' "$UT_TMP/replies")
failed=$(grep -c '^ERR INSTCMD-FAILED$' "$UT_TMP/replies")
note "$ok accepted, $failed refused"
assert_eq 3002 "$((ok + failed))" "every request answered (OK or ERR INSTCMD-FAILED)"
[ "$failed" -gt 0 ] || fail "the queue towards the driver never filled"
assert_eq 'VAR f ups.status "OL"' "$(nut_cmd 'GET VAR f ups.status')" "the UPS is still readable"
assert_not_contains "$(cat "$(log_of upsd)")" "lost driver connection" "the driver link stayed"
