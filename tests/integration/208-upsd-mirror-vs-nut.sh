#!/usr/bin/env bash
# Interop on the driver side: a scripted driver socket (flags, string
# lengths, enums, ranges, commands, escaped values, then deltas, DATASTALE,
# death and a restart that sends nothing yet) is read at the same time by
# NUT 2.8.0's upsd and ours; at every step both must answer the same
# transcript byte for byte (GET DESC/CMDDESC are left out: wording is ours).
UT_TIMEOUT=${UT_TIMEOUT:-180}
. "$(dirname "$0")/lib.sh"
need_ours upsd
need_nut

use_dir nut
statedir=$UT_DIR
write_ups_conf <<'CONF'
[fk]
	driver = dummy-ups
	port = unused
	desc = "Scripted driver"
CONF
printf '[mon]\n\tpassword = pw\n\tupsmon primary\n' | write_upsd_users
cat >"$UT_TMP/dump" <<'DUMP'
SETINFO ups.status "OL"
SETINFO driver.name "fake"
SETINFO ups.id "ab\"c\\d"
SETFLAGS ups.id RW STRING
SETAUX ups.id 20
SETINFO input.transfer.low "208"
SETFLAGS input.transfer.low RW NUMBER
ADDRANGE input.transfer.low 180 210
ADDRANGE input.transfer.low 215 220
SETINFO input.sensitivity "H"
SETFLAGS input.sensitivity RW STRING
ADDENUM input.sensitivity "H"
ADDENUM input.sensitivity "L"
ADDENUM input.sensitivity "M M"
SETINFO ups.delay.shutdown "20"
SETFLAGS ups.delay.shutdown RW
SETINFO plain.str "x"
SETFLAGS plain.str STRING
SETINFO plain.num "1"
SETFLAGS plain.num NUMBER
SETINFO empty.val ""
SETINFO Mixed.Case "m"
ADDCMD load.off
ADDCMD beeper.enable
ADDCMD Zzz.cmd
ADDCMD abc.cmd
DATAOK
DUMPDONE
DUMP
: >"$UT_TMP/empty"
: >"$UT_TMP/ctl"
ctl() { printf '%s\n' "$@" >>"$UT_TMP/ctl"; }
start_bg fakedrv "$UT_PYTHON" "$UT_LIBDIR/fakedrv.py" "$statedir/dummy-ups-fk" \
	--dump "$UT_TMP/dump" --ctl "$UT_TMP/ctl"
wait_until 10 test -S "$statedir/dummy-ups-fk" || fail "fake driver socket missing"
start_upsd nut
nut_port=$UPSD_PORT
use_dir ours
write_ups_conf <"$statedir/ups.conf"
cp "$statedir/upsd.users" "$UT_DIR/upsd.users"
write_upsd_conf "STATEPATH $statedir" "MAXAGE 15"
start_upsd ours
ours_port=$UPSD_PORT

both_say() { # LINE REPLY: both servers answer LINE with REPLY
	[ "$(nut_cmd "$1" "$nut_port")" == "$2" ] && [ "$(nut_cmd "$1" "$ours_port")" == "$2" ]
}
wait_both() {
	wait_until "${3:-15}" both_say "$1" "$2" ||
		fail "not both [$2] for [$1]: nut [$(nut_cmd "$1" "$nut_port")] ours [$(nut_cmd "$1" "$ours_port")]"
}
compare() { # TITLE TRANSCRIPT-FILE
	run nutclient -t 1 -T "$2" 127.0.0.1 "$nut_port"
	printf '%s\n' "$OUT" >"$UT_TMP/nut.$1"
	run nutclient -t 1 -T "$2" 127.0.0.1 "$ours_port"
	printf '%s\n' "$OUT" >"$UT_TMP/ours.$1"
	assert_files_eq "$UT_TMP/nut.$1" "$UT_TMP/ours.$1" "$1: NUT's upsd and ours"
}

cat >"$UT_TMP/tr.data" <<'TR'
=== data
GET VAR fk ups.status
GET VAR fk ups.id
GET VAR fk empty.val
GET VAR fk mixed.case
LIST VAR fk
LIST RW fk
LIST CMD fk
GET TYPE fk ups.id
GET TYPE fk input.transfer.low
GET TYPE fk input.sensitivity
GET TYPE fk ups.delay.shutdown
GET TYPE fk plain.str
GET TYPE fk plain.num
GET TYPE fk driver.name
GET TYPE fk empty.val
GET TYPE fk ups.status
GET TYPE fk nope
LIST ENUM fk input.sensitivity
LIST ENUM fk INPUT.SENSITIVITY
LIST RANGE fk input.transfer.low
LIST ENUM fk input.transfer.low
LIST RANGE fk ups.id
LIST ENUM fk nope
GET NUMLOGINS fk
GET UPSDESC fk
LIST CLIENT fk
LIST UPS
=== login
USERNAME mon
PASSWORD pw
LOGIN fk
GET NUMLOGINS fk
LIST CLIENT fk
TR
cat >"$UT_TMP/tr.gate" <<'TR'
=== gated
GET VAR fk ups.status
LIST VAR fk
LIST RW fk
LIST CMD fk
GET TYPE fk ups.status
LIST ENUM fk x
LIST RANGE fk x
GET NUMLOGINS fk
GET UPSDESC fk
LIST CLIENT fk
LIST UPS
=== login
USERNAME mon
PASSWORD pw
LOGIN fk
TR

wait_both "GET VAR fk ups.status" 'VAR fk ups.status "OL"'
compare dump "$UT_TMP/tr.data"

ctl 'SETINFO ups.status "OB LB"' 'DELINFO plain.num' 'DELCMD abc.cmd' 'ADDCMD new.cmd' \
	'DELENUM input.sensitivity "L"' 'ADDENUM input.sensitivity "Z"' 'DELRANGE input.transfer.low 215 220' \
	'SETAUX ups.id 5' 'SETINFO new.var "n e w"'
wait_both "GET VAR fk new.var" 'VAR fk new.var "n e w"'
compare deltas "$UT_TMP/tr.data"

ctl DATASTALE
wait_both "GET VAR fk ups.status" "ERR DATA-STALE"
compare stale "$UT_TMP/tr.gate"
ctl DATAOK
wait_both "GET VAR fk ups.status" 'VAR fk ups.status "OB LB"'

stop fakedrv
wait_both "GET VAR fk ups.status" "ERR DRIVER-NOT-CONNECTED"
compare dead "$UT_TMP/tr.gate"

# A driver that connects but has sent nothing yet: ups.status reads WAIT.
start_bg fakedrv2 "$UT_PYTHON" "$UT_LIBDIR/fakedrv.py" "$statedir/dummy-ups-fk" \
	--dump "$UT_TMP/empty" --ctl "$UT_TMP/ctl"
wait_both "GET VAR fk ups.status" 'VAR fk ups.status "WAIT"' 20
compare wait "$UT_TMP/tr.gate"
