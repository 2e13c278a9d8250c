# schedlib.sh — helpers of the upssched tests (55x-upssched-*.sh), sourced
# after lib.sh. Not a test itself (no leading digit).
#
#   sched_dir IMPL NAME      use_dir NAME and write there: cmd.sh (the CMDSCRIPT:
#                            appends "$*" to calls and "$* UPSNAME=.. NOTIFYTYPE=.."
#                            to calls.env, the time in ms to calls.time and the
#                            parent pid (the daemon, for a timer) to calls.ppid) and
#                            the head of upssched.conf (CMDSCRIPT, PIPEFN, LOCKFN).
#                            SCHED_IMPL=IMPL for the other helpers.
#   sched_at LINE...         append AT lines to upssched.conf.
#   sched NTYPE UPS [MSG]    run upssched for that event (RC, OUT, ERR as run
#                            sets them); any daemon it leaves is stopped at exit.
#   sched_pids               pids of timer daemons of the current dir.
#   sched_idle               true when none runs and PIPEFN is gone.
#   calls_are N              true when calls has N lines.

sched_dir() {
	SCHED_IMPL=$1
	use_dir "$2"
	cat >"$UT_DIR/cmd.sh" <<'CMD'
#!/bin/sh
d=$(dirname "$0")
echo "$*" >>"$d/calls"
echo "$* UPSNAME=$UPSNAME NOTIFYTYPE=$NOTIFYTYPE" >>"$d/calls.env"
date +%s%3N >>"$d/calls.time"
echo "$PPID" >>"$d/calls.ppid"
CMD
	chmod 755 "$UT_DIR/cmd.sh"
	: >"$UT_DIR/calls"
	printf 'CMDSCRIPT %s\nPIPEFN %s\nLOCKFN %s\n' "$UT_DIR/cmd.sh" "$UT_DIR/pipe" \
		"$UT_DIR/lock" >"$UT_DIR/upssched.conf"
}

sched_at() {
	local l
	for l in "$@"; do
		printf 'AT %s\n' "$l" >>"$UT_DIR/upssched.conf"
	done
}

sched_pids() {
	local p want
	want=$(prog_path "$SCHED_IMPL" upssched)
	# No process per candidate: this runs after every call.
	for p in /proc/[0-9]*; do
		[ "$p/exe" -ef "$want" ] 2>/dev/null || continue
		grep -qxz "NUT_CONFPATH=$UT_DIR" "$p/environ" 2>/dev/null || continue
		pid_alive "${p#/proc/}" && echo "${p#/proc/}"
	done
}

sched() {
	local p
	run env NOTIFYTYPE="$1" UPSNAME="$2" "$(prog_path "$SCHED_IMPL" upssched)" "${3:-msg}"
	for p in $(sched_pids); do
		[[ " ${UT_PIDS[*]} " == *" $p "* ]] || register_pid "$p"
	done
}

sched_idle() { [ -z "$(sched_pids)" ] && [ ! -e "$UT_DIR/pipe" ]; }
calls_are() { [ "$(wc -l <"$UT_DIR/calls")" -eq "$1" ]; }
