#!/usr/bin/env bash
# upssched end to end: upsmon (ours, then NUT 2.8.0's) runs our upssched as
# its NOTIFYCMD, as sites configure it. A timer started on ONBATT fires
# when the outage lasts; an ONLINE that comes first cancels it (and the
# CANCEL-TIMER's command runs only when no timer was pending).
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon upssched

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user mon pw "upsmon primary"
start_driver a
start_upsd
wait_status a

# Timer daemons of this dir (upssched forks them; they end on their own
# once no timer is left): found by executable and NUT_CONFPATH.
sched_daemons() {
	local p
	for p in /proc/[0-9]*; do
		[ "$p/exe" -ef "$(prog_path ours upssched)" ] 2>/dev/null || continue
		grep -qxz "NUT_CONFPATH=$1" "$p/environ" 2>/dev/null || continue
		echo "${p#/proc/}"
	done
}
calls() { cat "$1/calls" 2>/dev/null; }
calls_have() { [ "$(calls "$1")" == "$2" ]; }
daemon_gone() { [ -z "$(sched_daemons "$1")" ] && [ ! -e "$1/pipe" ]; }

run_case() { # UPSMON_IMPL
	local impl=$1 name=m-$1 dir
	dir=$UT_TMP/$name
	note "upsmon $impl"
	set_dev_var a.dev ups.status "OL"
	UM_IMPL=$impl um_conf "$name" "MONITOR a@$UPSD_ADDR 1 mon pw primary"
	# NOTIFYCMD is upssched, reading upssched.conf from NUT_CONFPATH.
	sed -i "1s|.*|NOTIFYCMD \"$(prog_path ours upssched)\"|" "$dir/upsmon.conf"
	cat >"$dir/cmd.sh" <<CMD
#!/bin/sh
echo "\$1 \$UPSNAME \$NOTIFYTYPE" >>"$dir/calls"
CMD
	chmod 755 "$dir/cmd.sh"
	cat >"$dir/upssched.conf" <<CONF
CMDSCRIPT $dir/cmd.sh
PIPEFN $dir/pipe
LOCKFN $dir/lock
AT ONBATT * START-TIMER onbatt 4
AT ONLINE * CANCEL-TIMER onbatt online
CONF
	um_start "$name" "$impl" -p
	wait_until 15 numlogins_is a 1 || fail "$impl: upsmon did not log in"

	# A long outage: the timer fires once, with the event's UPSNAME and
	# NOTIFYTYPE in the script's environment; ONLINE after it finds no
	# timer and so runs its own command.
	set_dev_var a.dev ups.status "OB DISCHRG"
	wait_until 10 test -S "$dir/pipe" || fail "$impl: ONBATT started no timer daemon"
	wait_until 15 calls_have "$dir" "onbatt a@$UPSD_ADDR ONBATT" ||
		fail "$impl: the ONBATT timer did not fire: [$(calls "$dir")]"
	set_dev_var a.dev ups.status "OL CHRG"
	wait_until 15 calls_have "$dir" "$(printf 'onbatt a@%s ONBATT\nonline a@%s ONLINE' \
		"$UPSD_ADDR" "$UPSD_ADDR")" || fail "$impl: ONLINE did not run its command: [$(calls "$dir")]"
	wait_until 15 daemon_gone "$dir" || fail "$impl: the timer daemon did not end"

	# A blip: ONLINE comes before the timer's 4 s; it is cancelled, nothing
	# runs, not even the CANCEL-TIMER's command.
	: >"$dir/calls"
	set_dev_var a.dev ups.status "OB DISCHRG"
	wait_until 10 test -S "$dir/pipe" || fail "$impl: the second ONBATT started no timer"
	set_dev_var a.dev ups.status "OL"
	wait_until 15 daemon_gone "$dir" || fail "$impl: the cancelled timer's daemon did not end"
	sleep 5 # past the timer's 4 s: a timer that survived would have fired
	assert_eq "" "$(calls "$dir")" "$impl: a cancelled timer runs nothing"
	assert_eq "" "$(cat "$UT_TMP/shutdown.log")" "$impl: no shutdown"
	stop "$name"
}

run_case ours
if nut_has upsmon; then
	run_case nut
else
	note "NUT's upsmon not installed: only ours ran"
fi
