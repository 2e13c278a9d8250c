#!/usr/bin/env bash
# usbhid-ups's instant commands, writable variables and kill power reach
# the emulated device as the right HID SET_REPORTs (the emulator logs every
# request): upscmd/upsrw through our upsd, and `usbhid-ups -k`.
# Device: a Power Device Class UPS with the report descriptor of the
# Arduino HIDPowerDevice library (tests/data/hid, real descriptor data),
# which has DelayBeforeShutdown (report 18), AudibleAlarmControl (report 20),
# RemainingCapacityLimit (17) and RemainingTimeLimit (8).
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/usblib.sh"
need_umockdev
need_ours upsd usbhid-ups upscmd upsrw

cat >"$UT_DIR/pdc.profile" <<PROFILE
# made by 611-usbhid-commands.sh
vendorid 2341
productid 8036
manufacturer "Arduino"
product "HIDPowerDevice"
serial "UPS10"
descriptor $top_srcdir/tests/data/hid/arduino_HIDPowerDevice.hex
set UPS.PowerSummary.RemainingCapacity 80
set UPS.PowerSummary.RunTimeToEmpty 1200
set UPS.PowerSummary.RemainingCapacityLimit 10
set UPS.PowerSummary.RemainingTimeLimit 120
set UPS.PowerSummary.AudibleAlarmControl 2
set UPS.PowerSummary.DelayBeforeShutdown -1
set UPS.PowerSummary.PresentStatus.ACPresent 1
set UPS.PowerSummary.PresentStatus.Charging 1
PROFILE

add_ups pdc usbhid-ups auto vendorid=2341 pollinterval=1 offdelay=30 ondelay=60
write_upsd_conf
write_upsd_users <<'USERS'
[admin]
	password = secret
	actions = SET
	instcmds = ALL
USERS
start_upsd
start_usb_driver pdc "$UT_DIR/pdc.profile"
wait_status pdc
log=$(emu_log pdc)

expect_var pdc driver.version.data "Generic HID 0.1" 5
expect_var pdc ups.beeper.status enabled 5
expect_var pdc ups.timer.shutdown -1 5

cmds=$(nut_cmd "LIST CMD pdc")
for c in load.off shutdown.stayoff shutdown.stop beeper.enable beeper.disable beeper.mute; do
	assert_contains "$cmds" "CMD pdc $c" "LIST CMD"
done
# No DelayBeforeStartup in this descriptor: nothing that needs it.
assert_not_contains "$cmds" "CMD pdc load.on" "LIST CMD"
assert_not_contains "$cmds" "CMD pdc shutdown.return" "LIST CMD"

upscmd_ours() { "$(prog_path ours upscmd)" -u admin -p secret "pdc@$UPSD_ADDR" "$@"; }
upsrw_ours() { "$(prog_path ours upsrw)" -u admin -p secret "$@" "pdc@$UPSD_ADDR"; }
log_has() { grep -q -- "$1" "$log"; }
expect_log() {
	wait_until 5 log_has "$1" || fail "emulator saw no '$1' after $2"$'\n'"$(tail -n 20 "$log")"
}

# Each SET_REPORT carries the report id, then the new value (little endian).
upscmd_ours load.off >/dev/null || fail "upscmd load.off"
expect_log "SET_REPORT feature id=18 len=3 data=12 00 00" load.off
upscmd_ours shutdown.stop >/dev/null || fail "upscmd shutdown.stop"
expect_log "SET_REPORT feature id=18 len=3 data=12 ff ff" shutdown.stop
upscmd_ours shutdown.stayoff >/dev/null || fail "upscmd shutdown.stayoff"
expect_log "SET_REPORT feature id=18 len=3 data=12 1e 00" "shutdown.stayoff (offdelay 30)"
upscmd_ours beeper.disable >/dev/null || fail "upscmd beeper.disable"
expect_log "SET_REPORT feature id=20 len=2 data=14 01" beeper.disable
expect_var pdc ups.beeper.status disabled 5
upscmd_ours beeper.mute >/dev/null || fail "upscmd beeper.mute"
expect_log "SET_REPORT feature id=20 len=2 data=14 03" beeper.mute

# Writable variables.
rw=$(nut_cmd "LIST RW pdc")
assert_contains "$rw" "RW pdc battery.charge.low" "LIST RW"
assert_contains "$rw" "RW pdc battery.runtime.low" "LIST RW"
upsrw_ours -s battery.charge.low=25 >/dev/null || fail "upsrw battery.charge.low"
expect_log "SET_REPORT feature id=17 len=2 data=11 19" battery.charge.low
expect_var pdc battery.charge.low 25 5
upsrw_ours -s battery.runtime.low=300 >/dev/null || fail "upsrw battery.runtime.low"
expect_log "SET_REPORT feature id=8 len=3 data=08 2c 01" battery.runtime.low
# Outside the device's logical range (120..1380): refused, nothing sent.
n=$(grep -c "SET_REPORT feature id=8 " "$log")
# (upsd answers OK once it has passed the SET on, as NUT's does without
# TRACKING; the driver refuses it.)
upsrw_ours -s battery.runtime.low=5000 >/dev/null 2>&1
wait_until 5 grep -q "outside" "$(log_of usb-pdc)" || fail "driver did not refuse 5000"
expect_var pdc battery.runtime.low 300 2
assert_eq "$n" "$(grep -c "SET_REPORT feature id=8 " "$log")" "SET_REPORTs after a refused value"
# ups.delay.shutdown is the driver's own: no transfer, used by the next command.
upsrw_ours -s ups.delay.shutdown=45 >/dev/null || fail "upsrw ups.delay.shutdown"
expect_var pdc ups.delay.shutdown 45 5
upscmd_ours shutdown.stayoff >/dev/null || fail "upscmd shutdown.stayoff"
expect_log "SET_REPORT feature id=18 len=3 data=12 2d 00" "shutdown.stayoff (offdelay 45)"
stop usb-pdc

# Kill power: usbhid-ups -k with ondelay -1 (stay off) sends offdelay.
add_ups kill usbhid-ups auto vendorid=2341 offdelay=40 ondelay=-1
start_bg usbups-kill "$top_builddir/tests/emulators/usbups" -l "$UT_DIR/kill.emu.log" \
	-c "$UT_DIR/kill.ctl" "$UT_DIR/pdc.profile" -- "$(prog_path ours usbhid-ups)" -a kill \
	"${UT_ROOT_ARGS[@]}" -k
kpid=$UT_LAST_PID
wait_until 15 ut_dead "$kpid" || fail "usbhid-ups -k did not finish"
wait "$kpid"
assert_eq 0 "$?" "exit status of usbhid-ups -k"
grep -q "SET_REPORT feature id=18 len=3 data=12 28 00" "$UT_DIR/kill.emu.log" ||
	fail "no shutdown SET_REPORT from -k"$'\n'"$(cat "$UT_DIR/kill.emu.log")"
