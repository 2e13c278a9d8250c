#!/usr/bin/env bash
# The driver socket protocol works across implementations: NUT's upsd serves
# our dummy-ups, our upsd serves NUT's dummy-ups, and what NUT's upsc reads is
# the same as from NUT's upsd + NUT's dummy-ups. Also follows a state change
# (the driver's updates after its first dump) through each mixed pair.
. "$(dirname "$0")/../integration/lib.sh"
. "$(dirname "$0")/interop.sh"
need_nut
# Each half needs one of our programs; run the halves that can run.
sides=()
[ -x "$(prog_path ours dummy-ups)" ] && sides+=(nutupsd-ourdrv)
[ -x "$(prog_path ours upsd)" ] && sides+=(ourupsd-nutdrv)
[ ${#sides[@]} -gt 0 ] || skip "neither our upsd nor our dummy-ups is built yet"
[ ${#sides[@]} -eq 2 ] || note "only ${sides[*]}: the other half's program is not built yet"

specs=(nut nut ref)
for side in "${sides[@]}"; do
	case $side in
	nutupsd-ourdrv) specs+=(nut ours "$side") ;;
	ourupsd-nutdrv) specs+=(ours nut "$side") ;;
	esac
done
setup_sides "${specs[@]}"

snapshot_upsc ref | normalise_versions >"$UT_TMP/ref.upsc"
for side in "${sides[@]}"; do
	snapshot_upsc $side | normalise_versions >"$UT_TMP/$side.upsc"
	assert_files_eq "$UT_TMP/ref.upsc" "$UT_TMP/$side.upsc" "$side vs NUT+NUT"
done

for side in "${sides[@]}"; do
	use_dir $side
	set_dev_var cs500.dev ups.status "OB DISCHRG"
	set_dev_var cs500.dev battery.charge 42
	expect_status cs500 "OB DISCHRG" 10
	expect_var cs500 battery.charge 42 5
	# Other UPSes on the same upsd are untouched.
	assert_eq OL "$(nut_getvar su1500 ups.status)" "$side: su1500 status"
done
