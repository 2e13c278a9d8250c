#!/usr/bin/env bash
# upsmon-lib.sh: what the upsmon tests (5xx) share, on top of lib.sh (source
# lib.sh first). Each upsmon gets its own dir under $UT_TMP (its
# upsmon.conf and pid file); NOTIFYCMD and SHUTDOWNCMD only append lines to
# $UT_TMP/notify.log and $UT_TMP/shutdown.log.
#   um_conf NAME [LINE...]   write $UT_TMP/NAME/upsmon.conf: NOTIFYCMD and
#                            SHUTDOWNCMD tagged NAME, every type SYSLOG+EXEC,
#                            POLLFREQ/POLLFREQALERT 1, FINALDELAY 0, then the
#                            LINEs (MONITOR ... and any override).
#   um_start NAME [IMPL] [ARG...]  start upsmon (ours, or nut) on that dir in
#                            the foreground (-F, -p unless ARGs say otherwise).
#   um_env NAME CMD...       run CMD with NUT_CONFPATH/NUT_PIDPATH on NAME's dir.
#   notified NAME TYPE [UPS] true once NAME's NOTIFYCMD got TYPE (for UPS).
#   notified_count NAME TYPE how many times.
#   shut_down NAME           true once NAME's SHUTDOWNCMD ran.
#   numlogins_is UPS N [PORT] upsd counts N logins on UPS (poll it with wait_until).
UM_TYPES="ONLINE ONBATT LOWBATT FSD COMMOK COMMBAD SHUTDOWN REPLBATT NOCOMM NOPARENT
CAL NOTCAL OFF NOTOFF BYPASS NOTBYPASS ALARM NOTALARM OVER NOTOVER TRIM NOTTRIM
BOOST NOTBOOST ECO NOTECO OTHER NOTOTHER"
UM_NUT_TYPES="ONLINE ONBATT LOWBATT FSD COMMOK COMMBAD SHUTDOWN REPLBATT NOCOMM NOPARENT"

touch "$UT_TMP/notify.log" "$UT_TMP/shutdown.log"
cat >"$UT_TMP/notify.sh" <<NOTIFY
#!/bin/sh
echo "\$1 \$NOTIFYTYPE \$UPSNAME \$2" >>"$UT_TMP/notify.log"
NOTIFY
chmod 755 "$UT_TMP/notify.sh"

um_conf() {
	local name=$1 t types=$UM_TYPES
	shift
	[ "${UM_IMPL:-ours}" == nut ] && types=$UM_NUT_TYPES
	mkdir -p "$UT_TMP/$name"
	{
		printf 'NOTIFYCMD "%s %s"\n' "$UT_TMP/notify.sh" "$name"
		printf 'SHUTDOWNCMD "echo %s >>%s"\n' "$name" "$UT_TMP/shutdown.log"
		for t in $types; do
			printf 'NOTIFYFLAG %s SYSLOG+EXEC\n' "$t"
		done
		printf 'POLLFREQ 1\nPOLLFREQALERT 1\nFINALDELAY 0\n'
		printf '%s\n' "$@"
	} >"$UT_TMP/$name/upsmon.conf"
	chmod 640 "$UT_TMP/$name/upsmon.conf"
}
um_env() {
	local name=$1
	shift
	env NUT_CONFPATH="$UT_TMP/$name" NUT_PIDPATH="$UT_TMP/$name" NUT_STATEPATH="$UT_TMP/$name" \
		NUT_ALTPIDPATH="$UT_TMP/$name" "$@"
}
# start_bg runs a program, not a function: env execs upsmon, so the pid
# start_bg keeps is upsmon's own (a function would leave a subshell there).
um_start() {
	local name=$1 impl=ours
	shift
	case ${1:-} in ours | nut)
		impl=$1
		shift
		;;
	esac
	[ $# -gt 0 ] || set -- -p
	start_bg "$name" env NUT_CONFPATH="$UT_TMP/$name" NUT_PIDPATH="$UT_TMP/$name" \
		NUT_STATEPATH="$UT_TMP/$name" NUT_ALTPIDPATH="$UT_TMP/$name" \
		"$(prog_path "$impl" upsmon)" -F "$@"
}
notified() {
	if [ -n "${3:-}" ]; then
		grep -q "^$1 $2 $3 " "$UT_TMP/notify.log"
	else
		grep -q "^$1 $2 " "$UT_TMP/notify.log"
	fi
}
notified_count() { grep -c "^$1 $2 " "$UT_TMP/notify.log"; }
shut_down() { grep -qx "$1" "$UT_TMP/shutdown.log"; }
# numlogins_is UPS N [PORT]: upsd counts N logins on UPS.
numlogins_is() { [ "$(nut_cmd "GET NUMLOGINS $1" "${3:-}")" == "NUMLOGINS $1 $2" ]; }
