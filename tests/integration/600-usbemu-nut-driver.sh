#!/bin/sh
# 600: the USB UPS emulator (tests/emulators/usbups) proven with NUT 2.8.0's
# own usbhid-ups, read through NUT's upsd. For each profile: NUT publishes
# the recorded variables below (the truth our usbhid-ups is compared with),
# follows OL -> OB DISCHRG -> OB DISCHRG LB -> OL CHRG set on the control
# socket, recovers from unplug/replug; `count` counts exactly the control
# transfers the request log shows; a stalled device makes the data stale and
# recovers when the stall ends.
# UT_USB_RECORD=1 prints what NUT publishes instead of comparing (to update
# the expected lists after a profile changes). Takes about 90 s.
UT_TIMEOUT=${UT_TIMEOUT:-300}
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/usblib.sh"

need_umockdev
nut_has usbhid-ups upsd upsc || skip "NUT 2.8.0's usbhid-ups, upsd or upsc not installed"

# What NUT 2.8.0 publishes for each profile at start (upsc, driver.version.usb
# left out: it names the installed libusb).
expected_apc_backups() {
	cat <<'EOF'
battery.charge: 100
battery.charge.low: 10
battery.charge.warning: 50
battery.mfr.date: 2022/12/13
battery.runtime: 1572
battery.runtime.low: 120
battery.type: PbAc
battery.voltage: 13.5
battery.voltage.nominal: 12.0
device.mfr: American Power Conversion
device.model: Back-UPS ES 850G2
device.serial: 5B2250T99999
device.type: ups
driver.name: usbhid-ups
driver.parameter.pollfreq: 3
driver.parameter.pollinterval: 1
driver.parameter.port: auto
driver.parameter.synchronous: auto
driver.version: 2.8.0
driver.version.data: APC HID 0.98
driver.version.internal: 0.47
input.transfer.high: 266
input.transfer.low: 180
input.voltage: 238.0
input.voltage.nominal: 230
ups.beeper.status: enabled
ups.delay.shutdown: 20
ups.firmware: 938.a2 .I
ups.firmware.aux: a2
ups.load: 18.0
ups.mfr: American Power Conversion
ups.model: Back-UPS ES 850G2
ups.productid: 0002
ups.realpower.nominal: 520
ups.serial: 5B2250T99999
ups.status: OL
ups.test.result: No test initiated
ups.timer.reboot: 0
ups.timer.shutdown: -1
ups.vendorid: 051d
EOF
}
expected_cyberpower() {
	cat <<'EOF'
battery.charge: 100
battery.charge.low: 10
battery.charge.warning: 20
battery.mfr.date: CPS
battery.runtime: 2878
battery.runtime.low: 300
battery.type: PbAcid
battery.voltage: 24.0
battery.voltage.nominal: 24
device.mfr: CPS
device.model: CP1500PFCLCD
device.serial: CRCA102*AF1
device.type: ups
driver.name: usbhid-ups
driver.parameter.pollfreq: 3
driver.parameter.pollinterval: 1
driver.parameter.port: auto
driver.parameter.synchronous: auto
driver.version: 2.8.0
driver.version.data: CyberPower HID 0.6
driver.version.internal: 0.47
input.transfer.high: 139
input.transfer.low: 88
input.voltage: 120.0
input.voltage.nominal: 120
output.voltage: 120.0
ups.beeper.status: enabled
ups.delay.shutdown: 20
ups.delay.start: 30
ups.load: 17
ups.mfr: CPS
ups.model: CP1500PFCLCD
ups.productid: 0501
ups.realpower.nominal: 900
ups.serial: CRCA102*AF1
ups.status: OL
ups.test.result: No test initiated
ups.timer.shutdown: -1
ups.timer.start: -1
ups.vendorid: 0764
EOF
}
expected_eaton() {
	cat <<'EOF'
battery.charge: 100
battery.charge.low: 20
battery.runtime: 1575
battery.type: PbAc
device.mfr: EATON
device.model: 5P 650
device.serial: G114L41071
device.type: ups
driver.name: usbhid-ups
driver.parameter.pollfreq: 3
driver.parameter.pollinterval: 1
driver.parameter.port: auto
driver.parameter.synchronous: auto
driver.version: 2.8.0
driver.version.data: MGE HID 1.46
driver.version.internal: 0.47
input.current: 0.70
input.frequency: 49.9
input.frequency.nominal: 50
input.voltage: 235.9
input.voltage.nominal: 230
outlet.1.status: on
output.current: 0.60
output.frequency: 49.9
output.frequency.nominal: 50
output.voltage: 235.9
output.voltage.nominal: 230
ups.beeper.status: enabled
ups.delay.shutdown: 20
ups.delay.start: 30
ups.load: 21
ups.mfr: EATON
ups.model: 5P 650
ups.power: 142
ups.power.nominal: 650
ups.productid: ffff
ups.realpower: 76
ups.realpower.nominal: 420
ups.serial: G114L41071
ups.status: OL
ups.test.result: Done and passed
ups.timer.shutdown: -1
ups.timer.start: -1
ups.vendorid: 0463
EOF
}
expected_tripplite() {
	cat <<'EOF'
battery.charge: 100
battery.charge.low: 10
battery.charge.warning: 30
battery.runtime: 10800
battery.type: PbAC
battery.voltage: 27.1
battery.voltage.nominal: 24.0
device.mfr: Tripp Lite
device.model: TRIPP LITE UPS
device.serial: CCSYWWZZZZ
device.type: ups
driver.name: usbhid-ups
driver.parameter.pollfreq: 3
driver.parameter.pollinterval: 1
driver.parameter.port: auto
driver.parameter.synchronous: auto
driver.version: 2.8.0
driver.version.data: TrippLite HID 0.84
driver.version.internal: 0.47
input.frequency: 59.9
input.voltage: 121.5
output.current: 1.2
output.frequency: 59.9
output.frequency.nominal: 60
output.voltage: 121.5
output.voltage.nominal: 120
ups.beeper.status: disabled
ups.mfr: Tripp Lite
ups.model: TRIPP LITE UPS
ups.power: 145.0
ups.power.nominal: 1500
ups.productid: 3016
ups.serial: CCSYWWZZZZ
ups.status: OL
ups.vendorid: 09ae
EOF
}
expected_generic_pdc() {
	cat <<'EOF'
battery.charge: 100
battery.charge.low: 5
battery.charge.warning: 10
battery.runtime: 3600
battery.runtime.low: 600
battery.type: PbAc
battery.voltage: 13.20
battery.voltage.nominal: 12
device.mfr: Arduino LLC
device.model: Arduino UPS
device.serial: UPS10
device.type: ups
driver.name: usbhid-ups
driver.parameter.pollfreq: 3
driver.parameter.pollinterval: 1
driver.parameter.port: auto
driver.parameter.synchronous: auto
driver.version: 2.8.0
driver.version.data: Salicru HID 0.3
driver.version.internal: 0.47
output.voltage.nominal: 12
ups.beeper.status: enabled
ups.mfr: Arduino LLC
ups.model: Arduino UPS
ups.productid: 0300
ups.serial: UPS10
ups.status: OL
ups.vendorid: 2e66
EOF
}

expected_belkin() {
	cat <<'EOF'
battery.charge: 100
battery.charge.low: 40
battery.charge.warning: 50
battery.runtime: 210
battery.type: PbAc
battery.voltage: 13.9
battery.voltage.nominal: 12
device.mfr: BELKIN
device.model: UPS
device.serial: 01
device.type: ups
driver.name: usbhid-ups
driver.parameter.pollfreq: 3
driver.parameter.pollinterval: 1
driver.parameter.port: auto
driver.parameter.synchronous: auto
driver.version: 2.8.0
driver.version.data: Belkin/Liebert HID 0.18
driver.version.internal: 0.47
input.frequency: 59.9
input.frequency.nominal: 60
input.transfer.high: 145
input.transfer.low: 85
input.voltage: 120.0
input.voltage.nominal: 120
output.frequency: 59.9
output.voltage: 120.0
ups.beeper.status: enabled
ups.delay.shutdown: 20
ups.delay.start: 30
ups.load: 0
ups.mfr: BELKIN
ups.model: UPS
ups.power.nominal: 500
ups.productid: 0980
ups.serial: 01
ups.status: OL
ups.test.result: No test initiated
ups.timer.shutdown: 0
ups.timer.start: 0
ups.vendorid: 050d
EOF
}

expected_powercom() {
	cat <<'EOF'
battery.charge: 100
battery.charge.low: 10
battery.charge.warning: 30
battery.runtime: 800
battery.type: PbAc
device.mfr: POWERCOM Co.,LTD
device.model: HID UPS Battery
device.serial: 004-0D9F-000
device.type: ups
driver.name: usbhid-ups
driver.parameter.pollfreq: 3
driver.parameter.pollinterval: 1
driver.parameter.port: auto
driver.parameter.synchronous: auto
driver.version: 2.8.0
driver.version.data: PowerCOM HID 0.6
driver.version.internal: 0.47
input.frequency: 50.0
input.voltage: 226.0
input.voltage.nominal: 220
output.frequency: 50.0
output.voltage: 226.0
output.voltage.nominal: 220
ups.beeper.status: enabled
ups.date: 2014/01/15
ups.delay.shutdown: 20
ups.delay.start: 60
ups.load: 0
ups.mfr: POWERCOM Co.,LTD
ups.model: HID UPS Battery
ups.productid: 0004
ups.serial: 004-0D9F-000
ups.status: OL
ups.test.result: Done and passed
ups.timer.shutdown: 0
ups.timer.start: 0
ups.vendorid: 0d9f
EOF
}

# Per profile: the input voltage path and two values (mains, outage) as the
# profile encodes them, and how NUT publishes them ("" = no input.voltage).
declare -A IN_PATH=(
	[apc-backups]=UPS.Input.Voltage [cyberpower]=UPS.Input.Voltage
	[eaton]=UPS.PowerConverter.Input.[1].Voltage [tripplite]=UPS.PowerConverter.Input.Voltage
	[generic-pdc]= [belkin]=UPS.BELKINPowerState.BELKINInput.BELKINVoltage
	[powercom]=UPS.Input.Voltage
)
declare -A IN_ON=([apc-backups]=238 [cyberpower]=120 [eaton]=235.9 [tripplite]=0.001215
	[belkin]=1185 [powercom]=226)
declare -A IN_OFF=([apc-backups]=0 [cyberpower]=0 [eaton]=0 [tripplite]=0 [belkin]=0
	[powercom]=0)
declare -A IN_ON_NUT=([apc-backups]=238.0 [cyberpower]=120.0 [eaton]=235.9 [tripplite]=121.5
	[belkin]=118.5 [powercom]=226.0)
declare -A IN_OFF_NUT=([apc-backups]=0.0 [cyberpower]=0.0 [eaton]=0.0 [tripplite]=0.0 [belkin]=0.0
	[powercom]=0.0)
# ups.status on battery, on low battery and back on mains (charging), as
# each NUT subdriver words it (MGE's takes no DISCHRG/CHRG from these bits).
declare -A ST_OB=([eaton]="OB")
declare -A ST_LB=([eaton]="OB LB")
declare -A ST_OL=([eaton]="OL")

upsc_list() { # UPS: upsc output without the libusb version and trailing blanks
	upsc_run nut "$1@$UPSD_ADDR" 2>/dev/null | grep -v '^driver\.version\.usb:' | sed 's/[[:space:]]*$//'
}
ut_stale() { # UPS: upsd answers "Data stale" (or the driver is gone)
	local r
	r=$(nut_cmd "GET VAR $1 ups.status") || return 1
	[[ $r == "ERR DATA-STALE"* || $r == "ERR DRIVER-NOT-CONNECTED"* ]]
}
emu_ok() { # UPS REQUEST...: emu, fail() on ERR
	local r
	r=$(emu "$@") || fail "emulator refused [${*:2}]: $r"
}
# Control transfers in the request log from the last "CTL FROM" line to the
# last "CTL TO" line after it (every control transfer logs one line).
ctl_lines_between() { # LOG FROM TO
	awk -v from="CTL $2" -v to="CTL $3" '
		$0 == from { n = 0; on = 1; next }
		$0 == to { if (on) print n; next }
		on && $0 !~ /^(CTL |INTERRUPT |@)/ { n++ }' "$1" | tail -n 1
}

check_profile() {
	local p=$1 fn want got in
	use_dir "$p"
	fn=expected_${p//-/_}
	start_nut_usb_driver u "$p" pollinterval=1 pollfreq=3
	start_upsd nut
	wait_status u 15
	expect_status u OL 10

	got=$(upsc_list u)
	if [ -n "${UT_USB_RECORD:-}" ]; then
		printf '==== %s\n%s\n' "$p" "$got"
	else
		want=$($fn)
		assert_eq "$want" "$got" "$p: what NUT publishes"
	fi

	# Outage: on battery, discharging.
	in=${IN_PATH[$p]}
	emu_ok u set UPS.PowerSummary.PresentStatus.ACPresent 0
	emu_ok u set UPS.PowerSummary.PresentStatus.FullyCharged 0
	emu_ok u set UPS.PowerSummary.PresentStatus.Discharging 1
	emu_ok u set UPS.PowerSummary.RemainingCapacity 50
	emu_ok u set UPS.PowerSummary.RunTimeToEmpty 600
	[ -n "$in" ] && emu_ok u set "$in" "${IN_OFF[$p]}"
	expect_status u "${ST_OB[$p]:-OB DISCHRG}" 10
	expect_var u battery.charge 50 10
	expect_var u battery.runtime 600 10
	[ -n "$in" ] && expect_var u input.voltage "${IN_OFF_NUT[$p]}" 10

	# Low battery.
	emu_ok u set UPS.PowerSummary.RemainingCapacity 8
	emu_ok u set UPS.PowerSummary.RunTimeToEmpty 90
	emu_ok u set UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit 1
	expect_status u "${ST_LB[$p]:-OB DISCHRG LB}" 10
	expect_var u battery.charge 8 10

	# Mains back, charging.
	emu_ok u set UPS.PowerSummary.PresentStatus.BelowRemainingCapacityLimit 0
	emu_ok u set UPS.PowerSummary.PresentStatus.Discharging 0
	emu_ok u set UPS.PowerSummary.PresentStatus.Charging 1
	emu_ok u set UPS.PowerSummary.PresentStatus.ACPresent 1
	emu_ok u set UPS.PowerSummary.RemainingCapacity 20
	[ -n "$in" ] && emu_ok u set "$in" "${IN_ON[$p]}"
	expect_status u "${ST_OL[$p]:-OL CHRG}" 10
	expect_var u battery.charge 20 10
	[ -n "$in" ] && expect_var u input.voltage "${IN_ON_NUT[$p]}" 10

	# Unplug: the data goes stale; replug: NUT finds the device again.
	emu_ok u unplug
	wait_until 20 ut_stale u || fail "$p: data not stale 20 s after unplug"
	emu_ok u replug
	expect_status u "${ST_OL[$p]:-OL CHRG}" 30

	# count: exactly the control transfers the request log shows.
	local c1 c2 n
	emu_ok u reset-count
	c1=$(emu u count) || fail "count: $c1"
	[ "$c1" == "OK 0 0" ] || fail "$p: count right after reset-count: $c1"
	wait_until 10 ut_count_above u 4 || fail "$p: fewer than 5 control transfers in 10 s"
	c2=$(emu u count) || fail "count: $c2"
	n=$(ctl_lines_between "$(emu_log u)" reset-count count)
	assert_eq "OK $n" "${c2% *}" "$p: control transfers counted vs logged"
	note "$p: $c2 (control, interrupt) transfers since reset-count"

	stop "$(ut_dirtag)upsd"
	stop "$(ut_dirtag)usb-u"
}
ut_count_above() {
	local r
	r=$(emu "$1" count) || return 1
	r=${r#OK }
	[ "${r%% *}" -gt "$2" ]
}

for p in ${UT_USB_PROFILES:-apc-backups cyberpower eaton tripplite generic-pdc belkin powercom}; do
	check_profile "$p"
done

# A stalled device: every control transfer fails (the request log says so)
# and a value only GET_REPORT reads (input.voltage) does not get through.
# NUT 2.8.0 keeps publishing its last values and does not mark the data
# stale (its interrupt reports still arrive); once the stall ends it reads
# the new value.
use_dir stall
start_nut_usb_driver u apc-backups pollinterval=1 pollfreq=3
stall_pid=$UT_LAST_PID
start_upsd nut
expect_status u OL 15
expect_var u input.voltage 238.0 10
emu_ok u stall on
emu_ok u set UPS.Input.Voltage 222
ut_stalled_5() { [ "$(grep -c 'stalled$' "$(emu_log u)")" -ge 5 ]; }
wait_until 15 ut_stalled_5 || fail "fewer than 5 stalled transfers in 15 s"
assert_eq 238.0 "$(nut_getvar u input.voltage)" "input.voltage during the stall"
pid_alive "$stall_pid" || fail "the emulator or NUT's driver died during the stall"
emu_ok u stall off
expect_var u input.voltage 222.0 15
exit 0
