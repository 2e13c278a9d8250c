#!/usr/bin/env bash
# dummy-ups publishes a .dev file on its driver socket exactly as written
# (DUMPALL), follows edits of the file, and serves NUT's upsd unchanged.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups

# drvsock SOCK UNTIL LINE...: see drvsock.py.
drvsock() { "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$@"; }

DEV=APC__Back-UPS_ES_850G2__usbhid-ups__2.8.0__01.dev
use_dev "$DEV" apc.dev
add_ups apc dummy-ups apc.dev desc="Test UPS" pollinterval=1
start_driver apc
SOCK=$UT_DIR/dummy-ups-apc

run drvsock "$SOCK" '^DUMPDONE$' DUMPALL
assert_eq 0 "$RC" "DUMPALL answered with DUMPDONE"
assert_contains "$OUT" 'SETINFO ups.status "OL"'
assert_contains "$OUT" 'SETINFO ups.model "Back-UPS ES 850G2"'
assert_contains "$OUT" 'SETINFO battery.runtime "1572"'
assert_contains "$OUT" 'SETINFO driver.name "dummy-ups"'
assert_contains "$OUT" 'SETINFO driver.parameter.port "apc.dev"'
assert_contains "$OUT" 'SETINFO driver.parameter.mode "dummy-once"'
assert_contains "$OUT" 'SETINFO driver.parameter.pollinterval "1"'
assert_contains "$OUT" 'ADDCMD load.off'
assert_contains "$OUT" $'DATAOK\nDUMPDONE'
# driver.* lines of the dump are the recording driver's, not ours
assert_not_contains "$OUT" 'usbhid-ups'
# every variable of the file is served with the file's value, except that
# device.mfr/model/serial take ups.mfr/model/serial's (NUT's driver core does
# this after init: this dump's device.serial and ups.serial differ)
ut_file_val() { sed -n "s/^$1: //p" "$UT_DIR/apc.dev" | sed 's/ *$//'; }
while IFS= read -r line; do
	case $line in '#'* | '' | driver.*) continue ;; esac
	var=${line%%:*}
	val=${line#*: }
	val=${val%"${val##*[! ]}"}
	case $var in device.mfr | device.model | device.serial)
		val=$(ut_file_val "ups.${var#device.}")
		;;
	esac
	assert_contains "$OUT" "SETINFO $var \"$val\"" "$var from the file"
done <"$UT_DIR/apc.dev"
assert_ne "$(ut_file_val device.serial)" "$(ut_file_val ups.serial)" "the dump's two serials"

# edits are followed, and pushed to a connected client without asking
set_dev_var apc.dev ups.status "OB LB"
run drvsock "$SOCK" '^SETINFO ups.status "OB LB"$' DUMPALL
assert_eq 0 "$RC" "OB LB published after the edit: $OUT"

# a variable removed from the file goes away (DELINFO)
grep -v '^ups.load:' "$UT_DIR/apc.dev" >"$UT_DIR/apc.new"
touch -d "@$(($(ut_mtime "$UT_DIR/apc.dev") + 1))" "$UT_DIR/apc.new"
mv -f "$UT_DIR/apc.new" "$UT_DIR/apc.dev"
ut_no_load() { ! drvsock "$SOCK" '^DUMPDONE$' DUMPALL | grep -q '^SETINFO ups.load '; }
wait_until 5 ut_no_load || fail "ups.load still published after removal"

# NUT's upsd reads our driver socket (interop)
if nut_has upsd upsc; then
	start_upsd nut
	wait_status apc
	expect_status apc "OB LB"
	assert_eq "Back-UPS ES 850G2" "$(nut_getvar apc ups.model)" "ups.model via NUT's upsd"
	set_dev_var apc.dev ups.status "OL CHRG"
	expect_status apc "OL CHRG" 10
	run "$(prog_path nut upsc)" "apc@$UPSD_ADDR" driver.name
	assert_eq dummy-ups "$OUT" "upsc driver.name"
else
	skip_part "NUT's upsd or upsc not installed: our driver socket not read by NUT's upsd"
fi
exit 0
