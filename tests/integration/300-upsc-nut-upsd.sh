#!/usr/bin/env bash
# Our upsc next to NUT's upsc, both reading the same server (NUT 2.8.0's upsd
# with NUT's dummy-ups here; 301 runs this file against our upsd): stdout,
# stderr and exit status must be byte-identical for every form and error
# (NUT's "Init SSL without certificate database" notice aside), and -j must
# give well-formed JSON holding the same data.
. "$(dirname "$0")/lib.sh"

UPSC_SERVER=${UPSC_SERVER:-nut}
need_nut
need_ours upsc
if [ "$UPSC_SERVER" == ours ]; then
	need_ours upsd
	drv_impl=nut
	[ -x "$(prog_path ours dummy-ups)" ] && drv_impl=ours
else
	drv_impl=nut
fi
note "server: $UPSC_SERVER upsd, $drv_impl dummy-ups"

use_dev APC__Back-UPS_ES_850G2__usbhid-ups__2.8.0__01.dev ups1.dev
printf 'ups.status: OL\nbattery.charge: 100\ndevice.mfr: Some maker\n' >"$UT_DIR/ups2.dev"
add_ups ups1 dummy-ups ups1.dev desc="Rack UPS, left"
add_ups ups2 dummy-ups ups2.dev
add_ups nodrv dummy-ups nodrv.dev desc="No driver runs for this one"
add_user mon secret "upsmon secondary"
write_upsd_conf
ipv6=no
if "$UT_PYTHON" -c "import socket; s=socket.socket(socket.AF_INET6); s.bind(('::1', $UPSD_PORT))" 2>/dev/null; then
	echo "LISTEN ::1 $UPSD_PORT" >>"$UT_DIR/upsd.conf"
	ipv6=yes
fi
start_driver "$drv_impl" ups1
start_driver "$drv_impl" ups2
start_upsd "$UPSC_SERVER"
wait_status ups1
wait_status ups2

NUT_UPSC=$(prog_path nut upsc)
OUR_UPSC=$(prog_path ours upsc)
A=$UPSD_ADDR
closed_port=$(free_port)

# Compare one command line between the two programs.
cmp_upsc() {
	local nout nerr nrc
	run "$NUT_UPSC" "$@"
	nout=$OUT nrc=$RC
	nerr=$(grep -v '^Init SSL without certificate database$' <<<"$ERR")
	run "$OUR_UPSC" "$@"
	ERR=$(grep -v '^Init SSL without certificate database$' <<<"$ERR")
	assert_eq "$nout" "$OUT" "stdout of upsc $*"
	assert_eq "$nerr" "$ERR" "stderr of upsc $*"
	assert_eq "$nrc" "$RC" "exit status of upsc $*"
}

# --- the normal forms
cmp_upsc "ups1@$A"
assert_contains "$OUT" "device.model: Back-UPS ES 850G2" "ups1 variables"
cmp_upsc "ups2@$A"
cmp_upsc "ups1@$A" ups.status
assert_eq OL "$OUT" "ups.status"
cmp_upsc "ups1@$A" battery.runtime
cmp_upsc "ups1@$A" device.serial # trailing spaces kept
cmp_upsc -l "$A"
assert_eq $'nodrv\nups1\nups2' "$(sort <<<"$OUT")" "-l output"
cmp_upsc -L "$A"
assert_contains "$OUT" "ups1: Rack UPS, left" "-L output"
cmp_upsc -c "ups1@$A"
assert_eq "" "$OUT" "-c with no client"
cmp_upsc -L -l "$A"
cmp_upsc -c -l "$A"
cmp_upsc -- "ups2@$A"
cmp_upsc "ups2@$A" ups.status extra-argument
cmp_upsc "UPS2@$A" ups.status
[ $ipv6 == yes ] && cmp_upsc "ups2@[::1]:$UPSD_PORT" ups.status
cmp_upsc "ups2@localhost:$UPSD_PORT" device.mfr

# --- a logged-in client shows up in -c
exec {mon}<>"/dev/tcp/127.0.0.1/$UPSD_PORT" || fail "cannot connect to upsd"
printf 'USERNAME mon\nPASSWORD secret\nLOGIN ups1\n' >&$mon
for i in 1 2 3; do
	IFS= read -r -t 5 reply <&$mon || fail "no reply to login line $i"
	assert_eq OK "$reply" "login reply $i"
done
cmp_upsc -c "ups1@$A"
assert_eq 127.0.0.1 "$OUT" "-c lists the logged-in client"
run "$OUR_UPSC" -j -c "ups1@$A"
assert_eq '["127.0.0.1"]' "$("$UT_PYTHON" -c 'import json,sys; print(json.dumps(json.load(sys.stdin), separators=(",",":")))' <<<"$OUT")" "-j -c"
exec {mon}>&-

# --- errors: texts on stderr, exit status 1
cmp_upsc "ups1@$A" no.such.variable
assert_eq "Error: Variable not supported by UPS" "$ERR" "unknown variable"
assert_eq 1 "$RC" "unknown variable: exit status"
cmp_upsc "ups1@$A" nodot
assert_eq "Error: old-style variable names are not supported" "$ERR"
cmp_upsc "nosuch@$A"
assert_eq "Error: Unknown UPS" "$ERR" "unknown ups"
cmp_upsc "nosuch@$A" ups.status
cmp_upsc -c "nosuch@$A"
cmp_upsc "nodrv@$A"
assert_eq "Error: Driver not connected" "$ERR" "ups without driver"
cmp_upsc "nodrv@$A" ups.status
cmp_upsc "ups1@127.0.0.1:$closed_port"
assert_eq "Error: Connection failure: Connection refused" "$ERR" "closed port"
cmp_upsc -l "127.0.0.1:$closed_port"
cmp_upsc -L "nonexistent.invalid:$UPSD_PORT"
assert_eq "Error: No such host" "$ERR" "unresolvable host"
cmp_upsc "ups1@$A" -l # options stop at the first operand

# --- JSON: well-formed, same data as the text forms
json_ok() {
	"$UT_PYTHON" -m json.tool <<<"$OUT" >/dev/null || fail "invalid JSON from upsc $*:"$'\n'"$OUT"
}
run "$OUR_UPSC" -j "ups1@$A"
assert_eq 0 "$RC" "-j exit status"
json_ok -j ups1
run "$NUT_UPSC" "ups1@$A"
text=$OUT
run "$OUR_UPSC" -j "ups1@$A"
assert_eq "$text" "$("$UT_PYTHON" -c '
import json, sys
for k, v in json.load(sys.stdin).items():
    print("%s: %s" % (k, v))' <<<"$OUT")" "-j holds the same variables, in order"
run "$OUR_UPSC" -j "ups1@$A" ups.status
json_ok -j ups1 ups.status
assert_eq '"OL"' "$OUT" "-j one variable: a JSON string (see 220)"
run "$OUR_UPSC" -j -l "$A"
json_ok -j -l
assert_eq $'nodrv\nups1\nups2' "$("$UT_PYTHON" -c 'import json,sys; print("\n".join(sorted(json.load(sys.stdin))))' <<<"$OUT")" "-j -l"
run "$OUR_UPSC" -j -L "$A"
json_ok -j -L
assert_eq "Rack UPS, left" "$("$UT_PYTHON" -c 'import json,sys; print(json.load(sys.stdin)["ups1"])' <<<"$OUT")" "-j -L"
run "$OUR_UPSC" -j -c "ups2@$A"
assert_eq "[]" "$OUT" "-j -c without clients"
run "$OUR_UPSC" -j "nosuch@$A"
assert_eq 1 "$RC" "-j error: exit status"
assert_eq $'{\n  "error": "Unknown UPS"\n}' "$OUT" "-j error: the error as JSON on stdout"
assert_eq "Error: Unknown UPS" "$ERR" "-j error: message"

# --- a driver that stops answering: Data stale
drv=${UT_PID[dummy-ups-ups2]}
kill -STOP "$drv"
stale_seen() {
	run "$NUT_UPSC" "ups2@$A" ups.status
	[[ $ERR == *"Data stale"* ]]
}
wait_until 45 stale_seen || { kill -CONT "$drv"; fail "upsd never reported ups2 stale"; }
cmp_upsc "ups2@$A" ups.status
assert_eq "Error: Data stale" "$ERR" "stale data"
cmp_upsc "ups2@$A"
kill -CONT "$drv"
exit 0
