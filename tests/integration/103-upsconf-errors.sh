#!/usr/bin/env bash
# A bad ups.conf (or -x) stops a driver with "file:line: message" errors and
# a non-zero exit status, before anything is opened or created.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups
DRV=$(prog_path ours dummy-ups)
CONF=$UT_DIR/ups.conf
printf 'ups.status: OL\n' >"$UT_DIR/t.dev"

# expect_conf_error LINE-REGEX [ARG...]: run the driver on the current ups.conf
expect_conf_error() {
	local want=$1
	shift
	run "$DRV" -a t "${UT_ROOT_ARGS[@]}" -F "$@"
	[ "$RC" -ne 0 ] || fail "driver accepted a bad configuration: $(cat "$CONF")"
	assert_match "$ERR" "$want" "error text"
	[ ! -S "$UT_DIR/dummy-ups-t" ] || fail "socket created despite the error"
}

write_ups_conf <<'C'
[t]
	driver = dummy-ups
	port = t.dev
	bogus = 1
C
expect_conf_error "$CONF:4: 'bogus' is not a valid"

write_ups_conf <<'C'
[t]
	driver = dummy-ups
	port = t.dev
	pollinterval = often
	mode
C
expect_conf_error "$CONF:4: 'pollinterval' must be a number"
assert_match "$ERR" "$CONF:5: 'mode' needs a value" "every error reported"

write_ups_conf <<'C'
notaglobal = 1
[t]
	driver = dummy-ups
	port = t.dev
C
expect_conf_error "$CONF:1: 'notaglobal' is not a valid global directive"

write_ups_conf <<'C'
[t]
	driver = dummy-ups
	port = t.dev
[t]
	driver = dummy-ups
	port = t.dev
C
expect_conf_error "$CONF:4: duplicate section \[t\]"

write_ups_conf <<'C'
[t]
	driver = dummy-ups
C
expect_conf_error "$CONF:1: section \[t\] has no \"port\""

write_ups_conf <<'C'
[t]
	driver = dummy-ups
	port = t.dev
	synchronous = maybe
C
expect_conf_error "$CONF:4: 'synchronous' must be yes, no or auto"

# -x is checked like ups.conf
write_ups_conf <<'C'
[t]
	driver = dummy-ups
	port = t.dev
C
expect_conf_error "-x: 'nosuchoption' is not a valid" -x nosuchoption=1
expect_conf_error "unknown mode 'sideways'" -x mode=sideways

# a missing section, a missing file
run "$DRV" -a nosuch "${UT_ROOT_ARGS[@]}" -F
assert_ne 0 "$RC" "unknown section"
assert_contains "$ERR" "Section nosuch not found in ups.conf"
run "$DRV" -a t "${UT_ROOT_ARGS[@]}" -F -x port=missing.dev
assert_ne 0 "$RC" "missing port file"
assert_contains "$ERR" "missing.dev"

# and a good file with every core directive still starts
write_ups_conf <<'C'
maxretry = 2
retrydelay = 1
pollinterval = 1
maxstartdelay = 10
[t]
	driver = dummy-ups
	port = t.dev
	desc = "All directives"
	sdorder = 3
	synchronous = yes
	maxstartdelay = 5
	ignorelb
	override.ups.mfr = "Acme Corp"
	default.battery.charge = 77
	mode = dummy-once
C
start_driver t
run "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$UT_DIR/dummy-ups-t" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" 'SETINFO ups.mfr "Acme Corp"'
assert_contains "$OUT" 'SETINFO battery.charge "77"'
assert_contains "$OUT" 'SETINFO driver.flag.ignorelb "enabled"'
assert_contains "$OUT" 'SETINFO driver.parameter.synchronous "yes"'
assert_contains "$OUT" 'SETINFO driver.parameter.pollinterval "1"'
assert_not_contains "$OUT" 'driver.parameter.desc'
assert_not_contains "$OUT" 'driver.parameter.sdorder'

# ignorelb: LB follows battery.charge against battery.charge.low, not the device
printf 'ups.status: OL LB\nbattery.charge: 50\nbattery.charge.low: 20\n' >"$UT_DIR/t.dev"
touch -d "@$(($(date +%s) + 5))" "$UT_DIR/t.dev"
ut_status() { "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$UT_DIR/dummy-ups-t" '^DUMPDONE$' DUMPALL |
	grep -qx "SETINFO ups.status \"$1\""; }
wait_until 5 ut_status OL || fail "ignorelb: device LB not dropped"
set_dev_var t.dev battery.charge 10
wait_until 5 ut_status "OL LB" || fail "ignorelb: LB not set below battery.charge.low"
exit 0
