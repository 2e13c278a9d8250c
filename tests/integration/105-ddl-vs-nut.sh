#!/usr/bin/env bash
# Every .dev of the device dump library loads in our dummy-ups, and for
# dumps without NUT's known quirks (data/NOTICE.md) NUT's upsd serves the same
# variables from our driver as from NUT's own dummy-ups.
UT_TIMEOUT=300
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups
DDL=$top_srcdir/tests/data/ddl
[ -d "$DDL" ] || skip "no device dump library at $DDL"
DRV=$(prog_path ours dummy-ups)

# 1. all of them load (-d 1: dump after the first poll and exit)
n=0
for f in "$DDL"/*.dev; do
	b=$(basename "$f")
	cp "$f" "$UT_DIR/$b"
	run "$DRV" -s t -x "port=$b" -d 1 "${UT_ROOT_ARGS[@]}"
	assert_eq 0 "$RC" "$b: exit status ($ERR)"
	assert_eq "" "$ERR" "$b: warnings"
	# the file's names, plus what NUT's dummy-ups and driver core add when a
	# dump lacks them: ups.mfr/ups.model defaults, device.* copies, device.type
	want=$({
		grep -o '^[a-z][A-Za-z0-9._-]*:' "$f" | tr -d : | grep -v '^driver\.'
		printf '%s\n' device.type ups.mfr ups.model device.mfr device.model
		grep -q '^ups.serial:' "$f" && echo device.serial
	} | sort -u | wc -l)
	got=$(grep -vc '^driver\.\|^Network UPS Tools' <<<"$OUT")
	assert_eq "$want" "$got" "$b: variables served"
	n=$((n + 1))
done
note "$n device dumps loaded"

# 2. NUT's upsd in front of NUT's driver and of ours: same upsc output
need_nut
SAME=(
	APC__Back-UPS_CS_500__usbhid-ups__2.6.0__01.dev
	Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev
	Eaton__ePDU_MA_1P__snmp-ups__2.7.4__01.dev
	APC__Smart-UPS_SC450_RM__apcsmart__2.6.1__01.dev
	Cyber_Power_Systems__BR1000ELCD__usbhid-ups__2.7.4__01.dev
)
for impl in nut ours; do
	use_dir "$impl"
	for i in "${!SAME[@]}"; do
		use_dev "${SAME[i]}" "u$i.dev"
		add_ups "u$i" dummy-ups "u$i.dev"
	done
	start_drivers "$impl" $(for i in "${!SAME[@]}"; do echo "u$i"; done)
	start_upsd nut
	for i in "${!SAME[@]}"; do
		wait_status "u$i"
		# NUT's driver flips synchronous from auto to yes after a full socket
		upsc_all nut "u$i" | grep -v '^driver\.version\|^driver\.parameter\.synchronous' \
			>"$UT_TMP/$impl.u$i"
	done
done
for i in "${!SAME[@]}"; do
	assert_files_eq "$UT_TMP/nut.u$i" "$UT_TMP/ours.u$i" "${SAME[i]} via NUT's upsd"
done
exit 0
