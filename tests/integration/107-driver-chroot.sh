#!/usr/bin/env bash
# ups.conf's global "chroot" confines the driver after it opened its device
# and socket (as -r does); the socket keeps serving from inside the jail.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups
[ "$(id -u)" -eq 0 ] || skip "chroot needs root"
drvsock() { "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$@"; }

# dummy-ups re-reads its file after the drop: a copy sits at the same path
# inside the jail, as an admin would arrange it.
mkdir -p "$UT_DIR/jail$UT_DIR"
printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
cp "$UT_DIR/t.dev" "$UT_DIR/jail$UT_DIR/t.dev"
write_ups_conf <<CONF
chroot = "$UT_DIR/jail"
[t]
	driver = dummy-ups
	port = t.dev
CONF
start_driver t
pid=${UT_PID[dummy-ups-t]}
assert_eq "$UT_DIR/jail" "$(readlink "/proc/$pid/root")" "driver root directory"
run drvsock "$UT_DIR/dummy-ups-t" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" 'SETINFO ups.status "OL"' "served from inside the jail"
