#!/usr/bin/env bash
# upsc -j prints the documents NUT's upsc -j prints, byte for byte, because
# NUT's own integration suite (tests/NIT/nit.sh) compares them as text: one
# variable is a bare JSON string ("OL"), not an object; a failure is
# {"error": "<message>"} on stdout (pretty-printed like every -j document)
# while "Error: <message>" still goes to stderr and the exit status is 1;
# an empty UPS list is []. Checked against our upsd and dummy-ups.
. "$(dirname "$0")/lib.sh"
need_ours upsc
need_ours upsd
need_ours dummy-ups

printf 'ups.status: OL\ndevice.model: Dummy UPS\n' >"$UT_DIR/ups1.dev"
add_ups ups1 dummy-ups ups1.dev
add_ups nodrv dummy-ups nodrv.dev
write_upsd_conf
start_driver ours ups1
start_upsd ours
wait_status ups1

UPSC=$(prog_path ours upsc)
A=$UPSD_ADDR

# --- one variable: a JSON string document
run "$UPSC" -j "ups1@$A" device.model
assert_eq 0 "$RC" "one variable: exit status"
assert_eq '"Dummy UPS"' "$OUT" "one variable: a bare JSON string"
run "$UPSC" -j "ups1@$A" ups.status
assert_eq '"OL"' "$OUT" "ups.status as a JSON string"

# --- all variables: still an object, two spaces per level
run "$UPSC" -j "ups1@$A"
assert_eq 0 "$RC" "all variables: exit status"
assert_eq "{" "$(head -n 1 <<<"$OUT")" "all variables: an object"
assert_contains "$OUT" $'\n  "device.model": "Dummy UPS",\n' "all variables: one member a line"

# --- failures: the message on stderr and as {"error": ...} on stdout
run "$UPSC" -j "nodrv@$A"
assert_eq 1 "$RC" "driver not connected: exit status"
assert_eq "Error: Driver not connected" "$ERR" "driver not connected: stderr"
assert_eq $'{\n  "error": "Driver not connected"\n}' "$OUT" "driver not connected: JSON"
run "$UPSC" -j "ups1@$A" ups.bogus.value
assert_eq 1 "$RC" "unknown variable: exit status"
assert_eq "Error: Variable not supported by UPS" "$ERR" "unknown variable: stderr"
assert_eq $'{\n  "error": "Variable not supported by UPS"\n}' "$OUT" "unknown variable: JSON"
run "$UPSC" -j "nosuch@$A"
assert_eq $'{\n  "error": "Unknown UPS"\n}' "$OUT" "unknown UPS: JSON"
closed=$(free_port) || fail "no free port"
run "$UPSC" -j -l "127.0.0.1:$closed"
assert_eq 1 "$RC" "closed port: exit status"
assert_eq $'{\n  "error": "Connection failure: Connection refused"\n}' "$OUT" "closed port: JSON"

# --- without -j, failures print nothing on stdout (unchanged)
run "$UPSC" "nodrv@$A"
assert_eq "" "$OUT" "text mode: nothing on stdout"
assert_eq "Error: Driver not connected" "$ERR" "text mode: stderr"

# --- a server with no UPS (ALLOW_NO_DEVICE): an empty list
use_dir empty
write_ups_conf </dev/null
write_upsd_conf "ALLOW_NO_DEVICE true"
start_upsd ours
run "$UPSC" -j -l "$UPSD_ADDR"
assert_eq 0 "$RC" "empty list: exit status"
assert_eq "[]" "$OUT" "empty list"
run "$UPSC" -l "$UPSD_ADDR"
assert_eq "" "$OUT" "empty list, text"
