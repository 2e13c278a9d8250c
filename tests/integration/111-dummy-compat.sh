#!/usr/bin/env bash
# NUT 2.8.0 compatibility of dummy-ups and the driver core on old and odd
# dumps (tests/data/compat), without needing NUT (070 compares with NUT
# itself): device.* copied from ups.* after init, device.type "ups", the
# "Dummy Manufacturer"/"Dummy UPS" defaults, types by name (GET TYPE), values
# kept as written, odd lines accepted, INSTCMD answered ERR UNKNOWN, and the
# copy made again when the file changes.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups upsd
C=$top_srcdir/tests/data/compat
DRV=$(prog_path ours dummy-ups)

# dump mode (-d 1): the state after init, no socket
dump() {
	cp "$C/$1" "$UT_DIR/$1"
	run "$DRV" -s t -x "port=$1" -d 1 "${UT_ROOT_ARGS[@]}"
	assert_eq 0 "$RC" "$1: exit status ($ERR)"
}
val() { sed -n "s/^$1: //p" <<<"$OUT"; }

dump old-ups-only.dev
assert_eq "APC|Back-UPS 500|BB0123|ups" "$(val device.mfr)|$(val device.model)|$(val device.serial)|$(val device.type)" "old dump: device.*"
dump mixed-device-ups.dev
assert_eq "UpsMfr|Dummy UPS|US1|Dummy UPS" "$(val device.mfr)|$(val device.model)|$(val device.serial)|$(val ups.model)" "ups.* wins, Dummy UPS default"
dump device-type-set.dev
assert_eq pdu "$(val device.type)" "device.type from the file"
dump no-model.dev
assert_eq "DSER|Dummy UPS" "$(val device.serial)|$(val device.model)" "device.serial kept without ups.serial"
dump order.dev
assert_eq "F-UPS|M-UPS|S-UPS" "$(val device.mfr)|$(val device.model)|$(val device.serial)" "the copy wins whatever the order"
dump bare.dev
assert_eq "Dummy Manufacturer|Dummy UPS|Dummy Manufacturer|Dummy UPS" "$(val ups.mfr)|$(val ups.model)|$(val device.mfr)|$(val device.model)" "defaults"
dump odd-lines.dev
assert_eq "" "$ERR" "odd-lines.dev: every line accepted"
assert_eq "x    y   z|crlf value|a#b|a|a|second|say \"hi\" there|quoted value|a\\b\\\\c|ID=5|val|a: b|colon in this line|name: v|up||lead" \
	"$(val a.spaces)|$(val a.crlf)|$(val a.hash)|$(val a.hash2)|$(val a.hash3)|$(val a.dup)|$(val a.quote)|$(val a.quote2)|$(val a.bslash)|$(val a.eq)|$(val a.nospace)|$(val a.colon)|$(val no)|$(val a.space)|$(val A.Upper)|$(val a.novalue)|$(val a.leading)" \
	"odd lines as written"
assert_eq 200 "$(val a.long | tr -d '\n' | wc -c)" "200-byte value not cut"
assert_eq $'caf\xc3\xa9 \xc2\xa0x' "$(val a.utf)" "UTF-8 kept by the driver"
assert_eq "M|X" "$(val device.mfr)|$(val device.model)" "CRLF lines"

# through upsd: types, INSTCMD, and a file edited while running
cp "$C/types-by-name.dev" "$UT_DIR/t.dev"
cp "$C/old-ups-only.dev" "$UT_DIR/o.dev"
add_ups t dummy-ups t.dev pollinterval=1
add_ups o dummy-ups o.dev pollinterval=1
add_user admin secret "actions = SET" "instcmds = ALL"
start_drivers t o
start_upsd
wait_status t
wait_status o
for tv in "ups.id RW STRING:16" "battery.charge RW NUMBER" "ups.firmware RW STRING:16" \
	"input.sensitivity RW STRING:1" "foo.bar RW STRING:32" "battery.capacity RW STRING:32" \
	"ups.vendorid RW STRING:32" "ups.temperature RW NUMBER" "ambient.1.temperature RW STRING:32" \
	"ups.mfr RW STRING:32" "device.mfr NUMBER" "device.type NUMBER" "driver.name NUMBER"; do
	assert_eq "TYPE t $tv" "$(nut_cmd "GET TYPE t ${tv%% *}")" "GET TYPE ${tv%% *}"
done
assert_eq 12345678901234567890ABC "$(nut_getvar t ups.id)" "a value longer than its type says, whole"
assert_not_contains "$(nut_cmd 'LIST VAR t')" usbhid-ups "driver.* lines of the dump ignored"
assert_eq dummy-ups "$(nut_getvar t driver.name)" "driver.name"
run nutclient -T /dev/stdin 127.0.0.1 "$UPSD_PORT" <<'T'
=== instcmd
USERNAME admin
PASSWORD secret
SET TRACKING ON
INSTCMD t load.off
<UNTIL-DONE>GET TRACKING <ID>
T
assert_match "$OUT" $'> INSTCMD t load.off\nOK TRACKING [0-9A-F-]+\n> GET TRACKING [0-9A-F-]+\nERR UNKNOWN' "INSTCMD load.off"

# edits: device.model follows ups.model, a removed ups.mfr falls back to the
# default, device.* and the defaults are never dropped on the way
printf 'ups.model: Back-UPS 650\nups.serial: BB0123\nups.status: OB\n' >"$UT_DIR/o.new"
touch -d "@$(($(ut_mtime "$UT_DIR/o.dev") + 1))" "$UT_DIR/o.new"
mv -f "$UT_DIR/o.new" "$UT_DIR/o.dev"
expect_status o OB
assert_eq "Back-UPS 650|Dummy Manufacturer|Dummy Manufacturer|ups" \
	"$(nut_getvar o device.model)|$(nut_getvar o ups.mfr)|$(nut_getvar o device.mfr)|$(nut_getvar o device.type)" "after the edit"
assert_eq "ERR VAR-NOT-SUPPORTED" "$(nut_cmd 'GET VAR o battery.charge')" "a variable removed from the file"
# without ups.serial (and device.serial) in the file, device.serial goes too
printf 'ups.model: Back-UPS 650\nups.status: OL\n' >"$UT_DIR/o.new"
touch -d "@$(($(ut_mtime "$UT_DIR/o.dev") + 1))" "$UT_DIR/o.new"
mv -f "$UT_DIR/o.new" "$UT_DIR/o.dev"
expect_status o OL
assert_eq "ERR VAR-NOT-SUPPORTED|ups" "$(nut_cmd 'GET VAR o device.serial')|$(nut_getvar o device.type)" "device.serial removed with ups.serial"
