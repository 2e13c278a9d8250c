#!/usr/bin/env bash
# Mixed versions: our upsmon as primary with NUT 2.8.0's upsmon as
# secondary, and NUT's as primary with ours as secondary, each against our
# upsd and against NUT's. Every time: OB LB, FSD from the primary, the
# secondary's SHUTDOWNCMD first, the primary's once the secondary has left
# (not at HOSTSYNC, set long), and the primary's POWERDOWNFLAG readable by
# the other implementation's -K. NUT's upsmon runs with -p (privileged, one
# process) and -F (no pid file under /run/nut).
UT_TIMEOUT=240
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon
need_nut
nut_has upsmon || skip "NUT's upsmon not installed ($(prog_path nut upsmon))"

other() { [ "$1" == ours ] && echo nut || echo ours; }

run_case() { # UPSD_IMPL PRIMARY_IMPL SECONDARY_IMPL
	local srv=$1 pri=$2 sec=$3 tag="$1-$2-$3" p s flag
	p=p-$tag
	s=s-$tag
	note "upsd $srv, primary $pri, secondary $sec"
	use_dir "srv-$tag"
	printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
	add_ups a dummy-ups a.dev
	add_user pu ppw "upsmon primary"
	add_user su spw "upsmon secondary"
	start_driver "$srv" a
	start_upsd "$srv"
	wait_status a
	expect_status a OL

	flag=$UT_TMP/$p/killpower
	UM_IMPL=$pri um_conf "$p" "MONITOR a@$UPSD_ADDR 1 pu ppw primary" "POWERDOWNFLAG $flag" \
		"HOSTSYNC 120" "FINALDELAY 1"
	UM_IMPL=$sec um_conf "$s" "MONITOR a@$UPSD_ADDR 1 su spw secondary" "HOSTSYNC 120"
	um_start "$p" "$pri" -p
	um_start "$s" "$sec" -p
	wait_until 15 numlogins_is a 2 || fail "$tag: both did not log in: $(nut_cmd "GET NUMLOGINS a")"

	set_dev_var a.dev ups.status "OB DISCHRG"
	wait_until 20 notified "$p" ONBATT || fail "$tag: primary: no ONBATT"
	wait_until 20 notified "$s" ONBATT || fail "$tag: secondary: no ONBATT"
	set_dev_var a.dev ups.status "OB LB"
	wait_until 60 shut_down "$p" || fail "$tag: the primary did not shut down"
	assert_eq "$s"$'\n'"$p" "$(grep -- "-$tag\$" "$UT_TMP/shutdown.log")" "$tag: secondary first, then primary"
	notified "$s" FSD || fail "$tag: the secondary was not told FSD"
	assert_match "$(nut_getvar a ups.status)" "^FSD OB LB" "$tag: FSD on the UPS"
	assert_rc 0 um_env "$p" "$(prog_path "$(other "$pri")" upsmon)" -K
	assert_rc 0 um_env "$p" "$(prog_path "$pri" upsmon)" -K
	if [ "$pri" == ours ]; then
		assert_contains "$(cat "$(log_of "$p")")" "the secondaries have logged out" "$tag"
	fi
	wait_until 15 ut_dead "${UT_PID[$p]}" || fail "$tag: the primary did not exit"
	wait_until 15 ut_dead "${UT_PID[$s]}" || fail "$tag: the secondary did not exit"
	stop "$(ut_dirtag)upsd"
	stop "$(ut_dirtag)dummy-ups-a"
}

for srv in ours nut; do
	run_case "$srv" ours nut
	run_case "$srv" nut ours
done
