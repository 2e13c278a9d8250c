#!/usr/bin/env bash
# Our upsd answers the read side of the network protocol as NUT 2.8.0 does:
# exact reply lines for every read command, error words, case-insensitive
# keywords, quoting, extra spaces, empty lines, pipelined lines, and a clear
# error (not a cut) for an over-long line. Uses our dummy-ups when built, else
# NUT's (our upsd reading NUT's driver socket).
. "$(dirname "$0")/lib.sh"
need_ours upsd
drv=ours
[ -x "$(prog_path ours dummy-ups)" ] || { need_nut; drv=nut; }
note "driver: $drv dummy-ups"

cat >"$UT_DIR/t.dev" <<'DEV'
ups.status: OL CHRG
battery.charge: 87
ups.mfr: Upsilon Labs
DEV
write_ups_conf <<'CONF'
[t]
	driver = dummy-ups
	port = t.dev
	desc = "Test UPS"
[gone]
	driver = dummy-ups
	port = t.dev
CONF
start_driver "$drv" t
start_upsd
wait_status t

check() { # LINE EXPECTED-REPLY
	local got
	got=$(nut_cmd "$1") || fail "no reply to [$1]"
	assert_eq "$2" "$got" "reply to [$1]"
}

# Identity and help.
assert_match "$(nut_cmd VER)" '^Upsilon upsd ' "VER names Upsilon"
check NETVER "1.3"
check PROTVER "1.3"
check HELP "Commands: HELP VER GET LIST SET INSTCMD LOGIN LOGOUT USERNAME PASSWORD STARTTLS"
check STARTTLS "ERR FEATURE-NOT-CONFIGURED"
check "VER x" "ERR INVALID-ARGUMENT"
check FOO "ERR UNKNOWN-COMMAND"
check "" "ERR UNKNOWN-COMMAND"
check "# just a comment" "ERR UNKNOWN-COMMAND"

# GET.
check "GET VAR t ups.status" 'VAR t ups.status "OL CHRG"'
check "get var T UPS.STATUS" 'VAR T UPS.STATUS "OL CHRG"'
check "  GET   VAR   t   battery.charge  " 'VAR t battery.charge "87"'
check 'GET VAR "t" "battery.charge"' 'VAR t battery.charge "87"'
check "GET VAR t battery.charge extra words" 'VAR t battery.charge "87"'
check "GET VAR t" "ERR INVALID-ARGUMENT"
check "GET" "ERR INVALID-ARGUMENT"
check "GET FOO t" "ERR INVALID-ARGUMENT"
check "GET VAR nope ups.status" "ERR UNKNOWN-UPS"
check "GET VAR t no.such.var" "ERR VAR-NOT-SUPPORTED"
check "GET VAR gone ups.status" "ERR DRIVER-NOT-CONNECTED"
check "GET NUMLOGINS gone" "ERR DRIVER-NOT-CONNECTED"
check "GET UPSDESC t" 'UPSDESC t "Test UPS"'
check "GET UPSDESC gone" 'UPSDESC gone "Unavailable"'
check "GET UPSDESC nope" "ERR UNKNOWN-UPS"
check "GET NUMLOGINS t" "NUMLOGINS t 0"
check "GET DESC t no.such.var" 'DESC t no.such.var "Description unavailable"'
check "GET CMDDESC t no.such.cmd" 'CMDDESC t no.such.cmd "Description unavailable"'
# A name that is not one word is echoed quoted, so the reply still reads as four words.
check 'GET DESC t "a b"' 'DESC t "a b" "Description unavailable"'
check 'GET CMDDESC t "x\"y\#"' 'CMDDESC t "x\"y\#" "Description unavailable"'
check 'GET DESC t ""' 'DESC t "" "Description unavailable"'
assert_match "$(nut_cmd 'GET DESC t ups.status')" '^DESC t ups.status "[^"]+"$' "GET DESC"
assert_ne 'DESC t battery.charge "Description unavailable"' "$(nut_cmd 'GET DESC t battery.charge')" \
	"battery.charge has a description"
assert_match "$(nut_cmd 'GET CMDDESC t outlet.2.load.off')" '^CMDDESC t outlet.2.load.off ".*2.*"$' \
	"indexed command description"
assert_match "$(nut_cmd 'GET TYPE t ups.status')" '^TYPE t ups.status .*(STRING:[0-9]+|NUMBER)$' "GET TYPE"
check "GET TYPE t no.such.var" "ERR VAR-NOT-SUPPORTED"
check "GET TRACKING" "OFF"

# LIST.
lu=$(nut_cmd "LIST UPS")
assert_contains "$lu" 'UPS t "Test UPS"' "LIST UPS item"
assert_contains "$lu" 'UPS gone "Description unavailable"' "LIST UPS default description"
assert_match "$lu" $'^BEGIN LIST UPS\n.*\nEND LIST UPS$' "LIST UPS frame"
lv=$(nut_cmd "LIST VAR t")
assert_match "$lv" $'^BEGIN LIST VAR t\n' "LIST VAR begin"
assert_match "$lv" $'\nEND LIST VAR t$' "LIST VAR end"
assert_contains "$lv" 'VAR t battery.charge "87"' "LIST VAR item"
assert_contains "$lv" 'VAR t ups.status "OL CHRG"' "LIST VAR status"
# Sorted by name, as NUT lists them.
names=$(printf '%s\n' "$lv" | sed -n 's/^VAR t \([^ ]*\) .*/\1/p')
assert_eq "$(printf '%s\n' "$names" | sort -f)" "$names" "LIST VAR order"
check "LIST VAR" "ERR INVALID-ARGUMENT"
check "LIST VAR nope" "ERR UNKNOWN-UPS"
check "LIST VAR gone" "ERR DRIVER-NOT-CONNECTED"
assert_match "$(nut_cmd 'LIST CMD t')" $'^BEGIN LIST CMD t\n(CMD t [^ ]+\n)*END LIST CMD t$' "LIST CMD"
check "LIST ENUM t ups.status" $'BEGIN LIST ENUM t ups.status\nEND LIST ENUM t ups.status'
check "LIST RANGE t ups.status" $'BEGIN LIST RANGE t ups.status\nEND LIST RANGE t ups.status'
check "LIST ENUM t no.such.var" "ERR VAR-NOT-SUPPORTED"
check "LIST CLIENT t" $'BEGIN LIST CLIENT t\nEND LIST CLIENT t'
check "LIST CLIENTS t" $'BEGIN LIST CLIENT t\nEND LIST CLIENT t'
check "LIST CLIENT nope" "ERR UNKNOWN-UPS"
check "LIST FOO t" "ERR INVALID-ARGUMENT"
check "LIST" "ERR INVALID-ARGUMENT"

# Write commands without credentials.
check "SET VAR t ups.id x" "ERR USERNAME-REQUIRED"
check "INSTCMD t load.off" "ERR USERNAME-REQUIRED"
check "FSD t" "ERR USERNAME-REQUIRED"
check "PRIMARY t" "ERR USERNAME-REQUIRED"

# Pipelined lines in one write are answered in order.
run nutclient -p -t 1 127.0.0.1 "$UPSD_PORT" NETVER "GET VAR t battery.charge" "" FOO "LIST UPS" NETVER
[ "$RC" -eq 0 ] || fail "nutclient: $ERR"
want=$'1.3\nVAR t battery.charge "87"\nERR UNKNOWN-COMMAND\nERR UNKNOWN-COMMAND\n'"$lu"$'\n1.3\n<silent>'
assert_eq "$want" "$OUT" "pipelined replies"

# An over-long line is refused with an error, never cut; the next line is served.
long="GET VAR t battery.charge $(printf 'x%.0s' $(seq 1 1100))"
run nutclient -p -t 1 127.0.0.1 "$UPSD_PORT" "$long" NETVER
assert_eq $'ERR TOO-LONG\n1.3\n<silent>' "$OUT" "over-long line"

# Garbage bytes do not disturb the connection.
reply=$(printf 'NE\001TVER\nGET VAR t battery.charge\n' |
	"$UT_PYTHON" "$UT_LIBDIR/nutclient.py" -p -t 1 127.0.0.1 "$UPSD_PORT" 2>&1)
assert_contains "$reply" 'VAR t battery.charge "87"' "reply after garbage"

# LOGOUT says goodbye and closes.
run nutclient -c 2 127.0.0.1 "$UPSD_PORT" LOGOUT
assert_eq $'OK Goodbye\n<closed>' "$OUT" "LOGOUT"

# HELP comes from the command table; every command it lists is documented.
man=$top_srcdir/docs/man/upsd.8
if [ -f "$man" ]; then
	for w in $(nut_cmd HELP | sed 's/^Commands://'); do
		grep -q "$w" "$man" || fail "upsd.8 does not document $w"
	done
fi
