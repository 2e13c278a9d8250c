#!/bin/sh
# 601: the USB UPS emulator (tests/emulators/usbups) seen through plain
# libusb-1.0 (tests/emulators/usbprobe), without any UPS driver: strings,
# report descriptor, GET/SET_REPORT and their log lines, stalls, delays
# (a libusb timeout), short answers, another report id, raw report bytes,
# unplug/replug with an open handle, `count` against the log, interrupt-IN
# (a `set` completes a waiting transfer at once; a wait costs no CPU), an idle
# emulator, two devices, and a report descriptor libhid refuses.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/usblib.sh"

need_umockdev
PROBE=$top_builddir/tests/emulators/usbprobe
[ -x "$PROBE" ] || skip "usbprobe not built (configure found no libusb-1.0)"
PROFILES=$top_srcdir/tests/emulators/profiles

# probe_start NAME PROFILE... -- VID:PID OP...: usbups around usbprobe; the
# control socket is emu NAME's, probe output in $(log_of probe-NAME).
probe_start() {
	local name=$1 profiles=()
	shift
	while [ "$1" != -- ]; do
		profiles+=("$(usb_profile "$1")")
		shift
	done
	shift
	start_bg "probe-$name" "$UT_USBUPS" -l "$(emu_log "$name")" -c "$(emu_sock "$name")" \
		"${profiles[@]}" -- "$PROBE" "$@"
	wait_until 5 test -S "$(emu_sock "$name")" || fail "usbups did not create its socket"
}
probe_out() { cat "$(log_of "probe-$1")"; }
ut_has_lines() { [ "$(grep -c "$2" "$(log_of "probe-$1")")" -ge "$3" ]; }
# wait_lines NAME REGEX N: wait until the probe printed N lines matching REGEX.
wait_lines() {
	wait_until 10 ut_has_lines "$1" "$2" "$3" ||
		fail "probe $1: fewer than $3 lines matching [$2]:"$'\n'"$(probe_out "$1")"
}
line() { grep "$2" "$(log_of "probe-$1")" | sed -n "${3:-1}p"; }
emu_ok() {
	local r
	r=$(emu "$@") || fail "emulator refused [${*:2}]: $r"
}
step() { touch "$UT_DIR/step$1"; }
S=$UT_DIR/step

# ---------------------------------------------------------------- requests and faults
probe_start a apc-backups -- 051d:0002 strings rdesc get 3 1 64 get 3 99 8 set 3 4 0401 \
	get 3 4 8 int 8 3000 \
	until "${S}1" get 3 1 64 \
	until "${S}2" timeout 500 get 3 1 64 \
	until "${S}3" timeout 2000 get 3 1 64 \
	until "${S}4" get 3 2 8 \
	until "${S}5" get 3 2 8 \
	until "${S}6" get 3 1 64 reopen \
	until "${S}7" reopen get 3 1 64 \
	until "${S}8"
wait_lines a '^int ' 1
assert_eq "strings American Power Conversion|Back-UPS ES 850G2 FW:938.a2 .I USB FW:a2|5B2250T99999  " \
	"$(line a '^strings')" "string descriptors"
assert_eq "rdesc $(grep -v '^#' "$PROFILES/apc-backups.hex" | sed 's/#.*//' | wc -w)" "$(line a '^rdesc')" \
	"report descriptor length"
# Feature report 1: id, RemainingCapacity 100 (0x64), RunTimeToEmpty 1572 (0x0624), status bits.
assert_match "$(line a '^get ' 1)" '^get 6 016424062' "feature report 1"
assert_eq "get error LIBUSB_ERROR_PIPE" "$(line a '^get ' 2)" "an undeclared report stalls"
assert_eq "set 2" "$(line a '^set ')" "SET_REPORT"
assert_eq "get 2 0401" "$(line a '^get ' 3)" "the report SET_REPORT wrote"
assert_eq "OK 1" "$(emu a get UPS.PowerSummary.AudibleAlarmControl)" "the value SET_REPORT wrote"
int1=$(line a '^int ')
assert_match "$int1" '^int 6 016424062[0-9a-f]* ms=[0-9]+ cpu_ms=[0-9]+$' "interrupt-IN report"
ms=${int1#* ms=}
ms=${ms%% *}
cpu=${int1##*cpu_ms=}
[ "$ms" -le 2500 ] || fail "interrupt-IN took $ms ms with interval 1000"
[ "$cpu" -le 200 ] || fail "waiting $ms ms for interrupt-IN cost $cpu ms of CPU (spinning?)"
reqlog=$(cat "$(emu_log a)")
assert_contains "$reqlog" "GET_DESCRIPTOR string idx=2 lang=0409"
assert_contains "$reqlog" "GET_DESCRIPTOR report len=$(line a '^rdesc' | cut -d' ' -f2)"
assert_contains "$reqlog" "GET_REPORT feature id=1 len=6"
assert_contains "$reqlog" "GET_REPORT type=3 id=99 stalled (no such report)"
assert_contains "$reqlog" "SET_REPORT feature id=4 len=2 data=04 01"
assert_contains "$reqlog" "INTERRUPT in len=6 data=01 64 24 06"

emu_ok a stall on
step 1
wait_lines a '^get ' 4
assert_eq "get error LIBUSB_ERROR_PIPE" "$(line a '^get ' 4)" "a stalled GET_REPORT"
assert_contains "$(cat "$(emu_log a)")" "CONTROL a1 01 0301 0000 64 stalled"
emu_ok a stall off

emu_ok a delay 1500
step 2
wait_lines a '^get ' 5
assert_eq "get error LIBUSB_ERROR_TIMEOUT" "$(line a '^get ' 5)" "a GET_REPORT 1 s later than the timeout"
emu_ok a delay 0

emu_ok a short 2
step 3
wait_lines a '^get ' 6
assert_eq "get 2 0164" "$(line a '^get ' 6)" "a short GET_REPORT"
emu_ok a short 0

emu_ok a badid on
step 4
wait_lines a '^get ' 7
assert_match "$(line a '^get ' 7)" '^get [0-9]+ 03' "GET_REPORT 2 answered with report id 3"
emu_ok a badid off

emu_ok a raw feature 2 02ff
step 5
wait_lines a '^get ' 8
assert_match "$(line a '^get ' 8)" '^get [0-9]+ 02ff' "raw report bytes"
assert_rc 1 emu a raw feature 77 00
assert_rc 1 emu a set UPS.PowerSummary.RemainingCapacity 101
assert_rc 1 emu a set output:UPS.PowerSummary.RemainingCapacity 1
assert_rc 1 emu a bogus

emu_ok a unplug
assert_rc 1 emu a unplug
step 6
wait_lines a '^reopen ' 1
assert_eq "get error LIBUSB_ERROR_NO_DEVICE" "$(line a '^get ' 9)" "GET_REPORT on an unplugged device"
assert_match "$(line a '^reopen ' 1)" '^reopen error ' "opening an unplugged device"
emu_ok a replug
step 7
wait_lines a '^get ' 10
assert_eq "reopen ok" "$(line a '^reopen ' 2)" "opening the replugged device"
assert_match "$(line a '^get ' 10)" '^get 6 0164' "GET_REPORT after replug"

# Every control transfer is counted once and logged once.
c=$(emu a count) || fail "count: $c"
n=$(grep -cv '^\(CTL \|INTERRUPT \)' "$(emu_log a)")
assert_eq "OK $n" "${c% *}" "control transfers counted vs logged"
emu_ok a reset-count
assert_eq "OK 0 0" "$(emu a count)" "count after reset-count"
step 8
wait_until 10 ut_dead "${UT_PID[probe-a]}" || fail "usbups did not exit after its command"
stop probe-a
assert_eq 0 "$UT_LAST_RC" "usbups exit status (usbprobe's)"

# ---------------------------------------------------------------- interrupt-IN at once, idle CPU
sed -e "s|^descriptor .*|descriptor $PROFILES/apc-backups.hex|" -e 's/^interval .*/interval 5000/' \
	"$PROFILES/apc-backups.profile" >"$UT_DIR/slow.profile"
probe_start b "$UT_DIR/slow.profile" -- 051d:0002 int 8 8000 int 8 8000 until "${S}9"
emu_ok b set UPS.PowerSummary.RemainingCapacity 42
wait_lines b '^int ' 1
emu_ok b set UPS.PowerSummary.RemainingCapacity 43
wait_lines b '^int ' 2
for i in 1 2; do
	l=$(line b '^int ' $i)
	ms=${l#* ms=}
	ms=${ms%% *}
	[ "$ms" -lt 2000 ] || fail "interrupt-IN $i took $ms ms after a set (interval 5000): $l"
done
assert_match "$(line b '^int ' 1)" '^int 6 012a' "first interrupt report (charge 42)"
assert_match "$(line b '^int ' 2)" '^int 6 012b' "second interrupt report (charge 43)"
ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
t0=$(ticks "${UT_PID[probe-b]}")
sleep 2 # a measurement window, not a synchronisation
t1=$(ticks "${UT_PID[probe-b]}")
[ $((t1 - t0)) -le 10 ] || fail "idle emulator used $((t1 - t0)) clock ticks in 2 s"
note "idle emulator: $((t1 - t0)) clock ticks in 2 s"
step 9
stop probe-b

# ---------------------------------------------------------------- two devices
probe_start c apc-backups eaton -- 0463:ffff strings get 3 9 8 until "${S}10"
wait_lines c '^get ' 1
assert_eq "strings EATON|5P|G114L41071" "$(line c '^strings')" "second device's strings"
assert_match "$(line c '^get ')" '^get 7 093709' "Eaton input report: 235.9 V as 2359 (0x0937)"
assert_eq "OK 235.9" "$(emu c @2 get UPS.PowerConverter.Input.[1].Voltage)" "@2 get"
assert_eq "OK 0 0" "$(emu c count)" "device 1 saw no transfers"
assert_match "$(emu c @2 count)" '^OK [1-9]' "device 2 counted its transfers"
assert_rc 1 emu c @3 count
step 10
stop probe-c

# ---------------------------------------------------------------- a descriptor libhid refuses
printf '# truncated: a Collection item without its data byte\n05 84 09 04 a1 01 09 24 a1\n' \
	>"$UT_DIR/broken.hex"
printf 'vendorid 051d\nproductid 0002\nproduct "Broken"\ndescriptor broken.hex\n' >"$UT_DIR/broken.profile"
probe_start d "$UT_DIR/broken.profile" -- 051d:0002 rdesc get 3 1 8 until "${S}11"
wait_lines d '^get ' 1
assert_eq "rdesc 9" "$(line d '^rdesc')" "the broken descriptor is served as it is"
assert_eq "get error LIBUSB_ERROR_PIPE" "$(line d '^get ')" "no reports"
assert_contains "$(probe_out d)" "report descriptor refused by libhid"
assert_rc 1 emu d set UPS.PowerSummary.RemainingCapacity 1
step 11
stop probe-d
exit 0
