#!/usr/bin/env bash
# usbhid-ups on each emulated USB UPS profile (tests/emulators/profiles),
# behind our upsd: it finds the device, publishes what the profile holds
# (ids, strings, charge, runtime, voltages, its subdriver), and follows
# OL -> OB DISCHRG -> OB DISCHRG LB -> OL CHRG within a second through
# interrupt-IN reports; with pollonly, within one pollinterval.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/usblib.sh"
need_umockdev
need_ours upsd usbhid-ups

PST=UPS.PowerSummary.PresentStatus

# PROFILE SUBDRIVER VENDORID: one run per profile present.
profiles=(
	"apc-backups APC 051d"
	"cyberpower CyberPower 0764"
	"eaton MGE 0463"
	"tripplite TrippLite 09ae"
	"generic-pdc Generic -"
	"belkin Belkin 050d"
	"powercom PowerCOM 0d9f"
)

ut_ms_since() { echo $(($(ut_now_ms) - $1)); }

# Drives the device through a power failure; each step must show in upsd
# within LIMIT seconds.
power_cycle() {
	local ups=$1 limit=$2 t0
	emu "$ups" set "$PST.Charging" 0 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.Charging" 0"
	emu "$ups" set "$PST.Discharging" 0 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.Discharging" 0"
	emu "$ups" set "$PST.ACPresent" 1 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.ACPresent" 1"
	expect_status "$ups" "OL" 10
	t0=$(ut_now_ms)
	emu "$ups" set "$PST.ACPresent" 0 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.ACPresent" 0"
	emu "$ups" set "$PST.Discharging" 1 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.Discharging" 1"
	expect_status "$ups" "OB DISCHRG" "$limit"
	note "$ups: OB DISCHRG after $(ut_ms_since "$t0") ms"
	t0=$(ut_now_ms)
	emu "$ups" set "$PST.BelowRemainingCapacityLimit" 1 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.BelowRemainingCapacityLimit" 1"
	expect_status "$ups" "OB DISCHRG LB" "$limit"
	note "$ups: OB DISCHRG LB after $(ut_ms_since "$t0") ms"
	t0=$(ut_now_ms)
	emu "$ups" set "$PST.BelowRemainingCapacityLimit" 0 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.BelowRemainingCapacityLimit" 0"
	emu "$ups" set "$PST.Discharging" 0 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.Discharging" 0"
	emu "$ups" set "$PST.ACPresent" 1 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.ACPresent" 1"
	emu "$ups" set "$PST.Charging" 1 >/dev/null || fail "emulator refused: emu "$ups" set "$PST.Charging" 1"
	expect_status "$ups" "OL CHRG" "$limit"
	note "$ups: OL CHRG after $(ut_ms_since "$t0") ms"
}

write_upsd_conf
ran=0
for p in "${profiles[@]}"; do
	read -r prof sub vid <<<"$p"
	file=$top_srcdir/tests/emulators/profiles/$prof.profile
	[ -f "$file" ] || {
		note "profile $prof not there: skipped"
		continue
	}
	ran=$((ran + 1))
	ups=${prof//-/_}
	extra=()
	[ "$vid" != - ] || extra=("vendorid=$(awk '$1 == "vendorid" { print $2 }' "$file")")
	add_ups "$ups" usbhid-ups auto pollinterval=2 "${extra[@]}"
	add_ups "${ups}_po" usbhid-ups auto pollinterval=1 "${extra[@]}"
	printf '\tpollonly\n' >>"$UT_DIR/ups.conf"
done
[ "$ran" -gt 0 ] || skip "no emulator profiles"
start_upsd

for p in "${profiles[@]}"; do
	read -r prof sub vid <<<"$p"
	file=$top_srcdir/tests/emulators/profiles/$prof.profile
	[ -f "$file" ] || continue
	ups=${prof//-/_}
	start_usb_driver "$ups" "$prof"
	wait_status "$ups"
	want_vid=$(awk '$1 == "vendorid" { print $2 }' "$file")
	want_mfr=$(sed -n 's/^manufacturer "\(.*\)"$/\1/p' "$file")
	expect_var "$ups" ups.vendorid "$want_vid" 5
	expect_var "$ups" device.mfr "$want_mfr" 5
	case $(nut_getvar "$ups" driver.version.data) in
	"$sub HID "*) ;;
	*) fail "$ups: subdriver $(nut_getvar "$ups" driver.version.data), want $sub" ;;
	esac
	for v in battery.charge battery.runtime; do
		nut_getvar "$ups" "$v" >/dev/null || fail "$ups: no $v"
	done
	# A value the test changes shows up (interrupt report or poll).
	emu "$ups" set UPS.PowerSummary.RemainingCapacity 57 >/dev/null || fail "emulator refused: emu "$ups" set UPS.PowerSummary.RemainingCapacity 57"
	expect_var "$ups" battery.charge 57 3
	power_cycle "$ups" 1.5
	# No busy loop while idle: well under 5 % of a CPU over 2 s.
	pid=$(pgrep -f -P "${UT_PID[usb-$ups]}" usbhid-ups | head -n 1)
	if [ -n "$pid" ]; then
		t1=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
		sleep 2
		t2=$(awk '{ print $14 + $15 }' "/proc/$pid/stat")
		[ $((t2 - t1)) -le 10 ] || fail "$ups: driver used $((t2 - t1)) ticks in 2 s idle"
	fi
	stop "usb-$ups"

	# pollonly: no interrupt pipe, every change within one pollinterval (1 s).
	start_usb_driver "${ups}_po" "$prof"
	wait_status "${ups}_po"
	power_cycle "${ups}_po" 2
	stop "usb-${ups}_po"
done
