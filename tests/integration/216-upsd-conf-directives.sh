#!/usr/bin/env bash
# upsd.conf directives that are accepted do something: DEBUG_MIN raises the
# debug level (debug lines in the foreground without -D, as NUT 2.8.0 does),
# at start and on reload; a reload that changes a directive that is not
# reloadable (LISTEN, ALLOW_NOT_ALL_LISTENERS) says a restart is needed and
# keeps the running value; TLS directives keep their warning.
. "$(dirname "$0")/lib.sh"
need_ours upsd
add_ups dummy dummy-ups dummy.dev
write_upsd_conf "DEBUG_MIN 2"
start_upsd
LOG=$(log_of upsd)
PID=${UT_PID[upsd]}
port=$UPSD_PORT

# The level shows at start, and a connection logs its [D2] line.
wait_until 5 grep -q "debug level is 2" "$LOG" || fail "DEBUG_MIN 2 not applied at start"
nut_cmd VER >/dev/null || fail "no answer"
wait_until 5 grep -q "\[D2\] client 127.0.0.1: connected" "$LOG" ||
	fail "no debug level 2 line with DEBUG_MIN 2: $(cat "$LOG")"

# Reload with DEBUG_MIN 0: the level goes back to the command line's (0).
reloads() { grep -c "reloading configuration" "$LOG"; }
reload_and_wait() {
	local n
	n=$(reloads)
	kill -HUP "$PID"
	wait_until 5 test_reloads_gt "$n" || fail "reload not seen"
	# The reload's own messages are written before the next client's.
	nut_cmd VER "$port" >/dev/null || fail "no answer after reload"
}
test_reloads_gt() { [ "$(reloads)" -gt "$1" ]; }
printf 'LISTEN 127.0.0.1 %s\nDEBUG_MIN 0\n' "$port" >"$UT_DIR/upsd.conf"
reload_and_wait
before=$(grep -c "\[D2\] client 127.0.0.1: connected" "$LOG")
nut_cmd VER >/dev/null
nut_cmd VER >/dev/null
after=$(grep -c "\[D2\] client 127.0.0.1: connected" "$LOG")
assert_eq "$before" "$after" "debug lines after DEBUG_MIN went back to 0"

# A reload that changes LISTEN and ALLOW_NOT_ALL_LISTENERS: both kept, both said.
port2=$(free_port)
printf 'LISTEN 127.0.0.1 %s\nALLOW_NOT_ALL_LISTENERS yes\nDEBUG_MIN 1\n' "$port2" >"$UT_DIR/upsd.conf"
reload_and_wait
assert_contains "$(cat "$LOG")" "LISTEN changes take effect when upsd is restarted"
assert_contains "$(cat "$LOG")" "ALLOW_NOT_ALL_LISTENERS changes take effect when upsd is restarted"
assert_match "$(nut_cmd VER "$port")" "." "still served on the old port"
# DEBUG_MIN is reloadable: level 1 now.
assert_contains "$(cat "$LOG")" "debug level is 1"
# A second reload with the same file says it again: the running value was
# kept, so the file still differs from it.
n=$(grep -c "LISTEN changes take effect" "$LOG")
reload_and_wait
assert_eq $((n + 1)) "$(grep -c "LISTEN changes take effect" "$LOG")" "said again on each reload"
# Back to the running values: no warning.
printf 'LISTEN 127.0.0.1 %s\n' "$port" >"$UT_DIR/upsd.conf"
n=$(grep -c "changes take effect" "$LOG")
reload_and_wait
assert_eq "$n" "$(grep -c "changes take effect" "$LOG")" "no warning when nothing fixed changed"
stop upsd

# TLS directives: accepted, with the warning, each of them.
for line in "CERTFILE /nonexistent.pem" "CERTREQUEST 1" "DISABLE_WEAK_SSL yes" \
	"CERTIDENT upsd secret" "CERTPATH /nonexistent"; do
	printf 'LISTEN 127.0.0.1 %s\n%s\n' "$port" "$line" >"$UT_DIR/upsd.conf"
	run "$(prog_path ours upsd)" -n
	assert_eq 0 "$RC" "$line accepted"
	assert_contains "$ERR" "are not used yet: STARTTLS is refused" "$line warns"
	assert_not_contains "$ERR$OUT" "secret" "$line: no secret in the output"
done
exit 0
