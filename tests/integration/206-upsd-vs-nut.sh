#!/usr/bin/env bash
# Interop: our upsd and NUT 2.8.0's upsd read the same NUT dummy-ups socket
# and must answer a transcript of read-side sessions byte for byte (VER text
# and GET DESC/CMDDESC wording excepted: those are ours by design).
UT_TIMEOUT=${UT_TIMEOUT:-180}
. "$(dirname "$0")/lib.sh"
need_ours upsd
need_nut

users() {
	write_upsd_users <<'USERS'
[mon]
	password = pw
	upsmon primary
[sec]
	password = "p w"
	upsmon slave
[admin]
	password = secret
	actions = SET FSD
	instcmds = ALL
[loginonly]
	password = x
	actions = LOGIN
USERS
}
conf() {
	write_ups_conf <<'CONF'
[t]
	driver = dummy-ups
	port = t.dev
	desc = "Shared driver"
[absent]
	driver = dummy-ups
	port = t.dev
CONF
}

use_dir nut
use_dev APC__Smart-UPS_SC450_RM__apcsmart__2.6.1__01.dev t.dev
conf
users
start_driver nut t
start_upsd nut
wait_status t
nut_port=$UPSD_PORT
statedir=$UT_DIR

use_dir ours
conf
users
write_upsd_conf "STATEPATH $statedir"
start_upsd ours
wait_status t
ours_port=$UPSD_PORT

tr=$UT_TMP/transcript
cat >"$tr" <<'TR'
=== basics
NETVER
PROTVER
HELP
STARTTLS
VER x
HELP x
STARTTLS x
FOO
<EMPTY>
<SP><SP><SP>
=== get
GET
GET VAR
GET VAR t
GET VAR t ups.status
get var t ups.status
GeT VaR T UPS.STATUS
GET VAR t ups.status extra
GET VAR nope ups.status
GET VAR t nope.var
GET VAR absent ups.status
GET FOO t
GET TYPE t ups.status
GET TYPE t battery.charge
GET TYPE t driver.name
GET TYPE t nope
GET TYPE t
GET TYPE absent x
GET DESC t nope.var
GET DESC absent x
GET DESC t
GET CMDDESC t nope
GET UPSDESC t
GET UPSDESC T extra
GET UPSDESC absent
GET UPSDESC nope
GET UPSDESC
GET NUMLOGINS t
GET NUMLOGINS nope
GET NUMLOGINS absent
GET NUMLOGINS
GET TRACKING
GET TRACKING x
GET TRACKING x y
=== list
LIST
LIST UPS
LIST UPS x
list ups
LIST VAR
LIST VAR nope
LIST VAR absent
LIST VAR t
LIST VAR T extra
LIST RW t
LIST RW absent
LIST CMD t
LIST CMD absent
LIST ENUM t ups.status
LIST ENUM t
LIST ENUM t nope.var
LIST ENUM nope x
LIST RANGE t ups.status
LIST RANGE t nope
LIST CLIENT t
LIST CLIENT
LIST CLIENT nope
LIST CLIENT absent
LIST FOO t
=== quoting and spacing
GET<SP><SP>VAR<SP><SP><SP>t<SP><SP>ups.status
<SP><SP>GET VAR t ups.status<SP><SP>
GET VAR "t" "ups.status"
GET VAR t"" ups.status
GET VAR t ups.status # a comment
# a comment line
GET VAR t #ups.status
GET<TAB>VAR<TAB>t<TAB>ups.status
GET VAR t ups.status<CR>
NETVER<CR>NETVER
<CR>NETVER
GET VAR "" ups.status
GET VAR t a=b
GET VAR t=x ups.status
=== pipelined several
NETVER
LIST UPS
GET VAR t ups.status
FOO
<EMPTY>
GET VAR t battery.charge
=== credentials
USERNAME
USERNAME admin
USERNAME admin
USERNAME a b
PASSWORD
PASSWORD secret
PASSWORD secret
LOGIN t
=== login missing password
USERNAME mon
LOGIN t
=== login denied for non-upsmon user
USERNAME admin
PASSWORD secret
LOGIN t
LOGIN nope
=== login wrong password
USERNAME mon
PASSWORD PW
LOGIN t
=== login and lists
USERNAME mon
PASSWORD pw
LOGIN
LOGIN a b
LOGIN T
LOGIN t
LOGIN nope
GET NUMLOGINS t
LIST CLIENT t
LIST CLIENT T
PRIMARY t
MASTER t
master t
PRIMARY
PRIMARY nope
LOGOUT
=== login action only
USERNAME loginonly
PASSWORD x
LOGIN absent
PRIMARY t
FSD t
=== secondary
USERNAME sec
PASSWORD "p w"
LOGIN t
PRIMARY t
FSD t
=== write commands without credentials
SET
SET VAR t ups.id x
SET FOO t
SET TRACKING ON
INSTCMD
INSTCMD t load.off
FSD
FSD t
PRIMARY t
MASTER t
=== write commands with a password missing
USERNAME mon
SET VAR t x y
INSTCMD t x
FSD t
PRIMARY t
=== write command checks
USERNAME admin
PASSWORD secret
SET VAR t x
SET VAR nope x y
SET VAR t nope.x y
SET VAR absent ups.id x
INSTCMD t
INSTCMD t nope
INSTCMD nope x
INSTCMD absent load.off
FSD
FSD a b
FSD nope
=== write commands without the permission
USERNAME mon
PASSWORD pw
SET VAR t ups.id x
SET VAR t nope.var x
INSTCMD t nope
=== tracking
USERNAME nobody
PASSWORD x
GET TRACKING
GET TRACKING 123
SET TRACKING on
GET TRACKING
SET TRACKING foo
SET TRACKING
GET TRACKING 123
GET TRACKING a b
SET TRACKING OFF
GET TRACKING
=== logout
LOGOUT
TR

run nutclient -t 1 -T "$tr" 127.0.0.1 "$nut_port"
nut_out=$OUT
run nutclient -t 1 -T "$tr" 127.0.0.1 "$ours_port"
ours_out=$OUT
printf '%s\n' "$nut_out" >"$UT_TMP/nut.out"
printf '%s\n' "$ours_out" >"$UT_TMP/ours.out"
assert_contains "$nut_out" 'VAR t ups.status "OL"' "NUT's upsd serves the driver"
assert_files_eq "$UT_TMP/nut.out" "$UT_TMP/ours.out" "replies of NUT's upsd and ours"

# FSD last: it sticks until restart, in both.
fsd=("USERNAME admin" "PASSWORD secret" "FSD t" "GET VAR t ups.status" "LIST RW t" "LIST VAR t")
run nutclient -t 1 127.0.0.1 "$nut_port" "${fsd[@]}"
nut_out=$OUT
assert_contains "$nut_out" 'VAR t ups.status "FSD OL"' "NUT shows FSD"
run nutclient -t 1 127.0.0.1 "$ours_port" "${fsd[@]}"
assert_eq "$nut_out" "$OUT" "FSD replies"
