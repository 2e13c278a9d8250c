#!/usr/bin/env bash
# upsd LISTEN lines that reach one address twice -- directly, through a name
# that resolves to it, or through a wildcard of the same family -- are a
# warning and one listener, not a fatal "Address already in use". Side by side
# with NUT 2.8.0 on the same upsd.conf: both start, and the set of listening
# sockets (ss) is the same. NUT binds the lines from the last to the first and
# the later line wins an overlap (LISTEN 0.0.0.0 + LISTEN 127.0.0.1 serves
# 127.0.0.1 only); ours does the same. A listener that fails for another
# reason keeps the rule of upsd.conf(5): fatal unless ALLOW_NOT_ALL_LISTENERS.
. "$(dirname "$0")/lib.sh"
need_ours upsd
need_cmd ss
have_nut=0
[ -x "$(prog_path nut upsd)" ] && have_nut=1
[ $have_nut = 1 ] || note "SKIP (part): NUT's upsd not installed, ours is checked alone"
have_v6=0
python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1", 0))' 2>/dev/null &&
	have_v6=1

# The addresses listening on port $1, sorted, one line. ss shows NUT's
# dual-stack "::" as "*" and our IPV6_V6ONLY one as "[::]": both are "[::]".
listeners() {
	ss -ltnH "sport = :$1" | awk '{ print $4 }' | sed 's/:[0-9]*$//; s/^\*$/[::]/' | sort |
		tr '\n' ' '
}

has_listeners() { [ -n "$(listeners "$1")" ]; }

# case NAME LINE... : the LISTEN lines (with PORT for the port) for both upsds.
# Sets LIST_ours / LIST_nut to what each listened on.
run_case() {
	local name=$1 impl port
	shift
	for impl in ours nut; do
		[ $impl = nut ] && [ $have_nut = 0 ] && continue
		use_dir "$impl-$name"
		add_ups dummy dummy-ups dummy.dev
		port=$(free_port) || fail "no free port"
		UT_USED_PORT[$port]=1
		printf '%s\n' "${@//PORT/$port}" >"$UT_DIR/upsd.conf"
		UPSD_PORT=$port
		write_upsd_users </dev/null
		# start_upsd waits on 127.0.0.1, which an IPv6-only case lacks.
		start_bg "$(ut_dirtag)upsd" "$(prog_path $impl upsd)" -F "${UT_ROOT_ARGS[@]}"
		wait_until 10 has_listeners "$port" || fail "$impl upsd ($name) did not listen"
		printf -v "LIST_$impl" '%s' "$(listeners "$port")"
		# It serves on 127.0.0.1 when any line covers it.
		if [[ "$(listeners "$port")" == *127.0.0.1* || "$(listeners "$port")" == *0.0.0.0* ]]; then
			assert_match "$(nut_cmd VER "$port")" "." "$impl ($name) answers"
		fi
		stop "$(ut_dirtag)upsd"
		LOG_last=$(cat "$(log_of "$(ut_dirtag)upsd")")
		[ $impl = ours ] && LOG_ours=$LOG_last
	done
	note "$name: ours [${LIST_ours}] nut [${LIST_nut:-not run}]"
	if [ $have_nut = 1 ]; then
		assert_eq "$LIST_nut" "$LIST_ours" "$name: listening sockets, NUT vs ours"
	fi
}

# 1. NUT's own test configuration: localhost, 127.0.0.1 and ::1 on one port.
if [ $have_v6 = 1 ]; then
	run_case three "LISTEN localhost PORT" "LISTEN 127.0.0.1 PORT" "LISTEN ::1 PORT"
	assert_match "$LIST_ours" "127.0.0.1" "three: IPv4"
	assert_match "$LIST_ours" "\\[::1\\]" "three: IPv6"
	assert_contains "$LOG_ours" "already served by the listener on"
	assert_not_contains "$LOG_ours" "Address already in use"
fi

# 2. The same line twice.
run_case twice "LISTEN 127.0.0.1 PORT" "LISTEN 127.0.0.1 PORT"
assert_eq "127.0.0.1 " "$LIST_ours" "twice: one listener"
assert_contains "$LOG_ours" "LISTEN 127.0.0.1 port"
assert_contains "$LOG_ours" "127.0.0.1 port"
assert_contains "$LOG_ours" "already served by the listener on 127.0.0.1"

# 3. A name resolving to an address also listed.
run_case name "LISTEN localhost PORT" "LISTEN 127.0.0.1 PORT"
assert_match "$LIST_ours" "^127.0.0.1 " "name: 127.0.0.1 once"
assert_contains "$LOG_ours" "LISTEN localhost port"

# 4. The IPv4 wildcard and 127.0.0.1: the later line wins, as on NUT.
run_case any-then-lo "LISTEN 0.0.0.0 PORT" "LISTEN 127.0.0.1 PORT"
assert_eq "127.0.0.1 " "$LIST_ours" "0.0.0.0 then 127.0.0.1"
assert_contains "$LOG_ours" "0.0.0.0 port"
run_case lo-then-any "LISTEN 127.0.0.1 PORT" "LISTEN 0.0.0.0 PORT"
assert_eq "0.0.0.0 " "$LIST_ours" "127.0.0.1 then 0.0.0.0"

# 5. IPv6: "::" and "::1".
if [ $have_v6 = 1 ]; then
	run_case v6any-then-lo "LISTEN :: PORT" "LISTEN ::1 PORT"
	assert_eq "[::1] " "$LIST_ours" ":: then ::1"
	run_case v6lo-then-any "LISTEN ::1 PORT" "LISTEN :: PORT"
	assert_eq "[::] " "$LIST_ours" "::1 then ::"
fi

# 6. "*" and 127.0.0.1: the later line wins here too. NUT's "*" is one
# dual-stack socket, ours one per family, so only ours is checked.
use_dir star
add_ups dummy dummy-ups dummy.dev
port=$(free_port)
UT_USED_PORT[$port]=1
printf 'LISTEN 127.0.0.1 %s\nLISTEN * %s\n' "$port" "$port" >"$UT_DIR/upsd.conf"
UPSD_PORT=$port
start_upsd
assert_match "$(listeners "$port")" "^0.0.0.0 " "127.0.0.1 then *: the wildcard"
stop star.upsd

# 7. Failures that are not duplicates. An address this host does not have:
# fatal by default, a warning with ALLOW_NOT_ALL_LISTENERS; none at all is
# fatal in both (as NUT 2.8.0: "no listening interface available", exit 1).
use_dir fail
add_ups dummy dummy-ups dummy.dev
port=$(free_port)
UT_USED_PORT[$port]=1
UPSD="$(prog_path ours upsd)"
printf 'LISTEN 192.0.2.1 %s\nLISTEN 127.0.0.1 %s\n' "$port" "$port" >"$UT_DIR/upsd.conf"
run timeout 10 "$UPSD" -F "${UT_ROOT_ARGS[@]}"
assert_eq 1 "$RC" "an address the host lacks, without ALLOW_NOT_ALL_LISTENERS"
assert_contains "$ERR" "not listening on 192.0.2.1 port $port"
assert_contains "$ERR" "ALLOW_NOT_ALL_LISTENERS"
printf 'ALLOW_NOT_ALL_LISTENERS yes\n' >>"$UT_DIR/upsd.conf"
UPSD_PORT=$port
start_upsd
assert_eq "127.0.0.1 " "$(listeners "$port")" "with ALLOW_NOT_ALL_LISTENERS"
stop fail.upsd
printf 'LISTEN 192.0.2.1 %s\nALLOW_NOT_ALL_LISTENERS yes\n' "$port" >"$UT_DIR/upsd.conf"
run timeout 10 "$UPSD" -F "${UT_ROOT_ARGS[@]}"
assert_eq 1 "$RC" "no listener at all"
assert_contains "$ERR" "no listening interface available"
if [ $have_nut = 1 ]; then
	NUTD="$(prog_path nut upsd)"
	printf 'LISTEN 192.0.2.1 %s\n' "$port" >"$UT_DIR/upsd.conf"
	run timeout 10 "$NUTD" -F "${UT_ROOT_ARGS[@]}"
	assert_eq 1 "$RC" "NUT: no listener at all"
	assert_contains "$ERR" "no listening interface available"
	# NUT 2.8.0's own rule (recorded, it is not ours): it does not know
	# ALLOW_NOT_ALL_LISTENERS and is fatal only when the LAST line fails.
	write_upsd_users </dev/null
	printf 'LISTEN 127.0.0.1 %s\nLISTEN 192.0.2.1 %s\n' "$port" "$port" >"$UT_DIR/upsd.conf"
	run timeout 10 "$NUTD" -F "${UT_ROOT_ARGS[@]}"
	assert_eq 1 "$RC" "NUT: the last line fails"
	assert_contains "$ERR" "no listening interface available"
	printf 'LISTEN 192.0.2.1 %s\nLISTEN 127.0.0.1 %s\nALLOW_NOT_ALL_LISTENERS yes\n' \
		"$port" "$port" >"$UT_DIR/upsd.conf"
	start_bg nutfail "$NUTD" -F "${UT_ROOT_ARGS[@]}"
	wait_until 10 has_listeners "$port" || fail "NUT: the first line fails, it should start"
	assert_contains "$(cat "$(log_of nutfail)")" "invalid directive ALLOW_NOT_ALL_LISTENERS"
	stop nutfail
fi

# 8. A port another process holds is not a duplicate: fatal by default.
use_dir busy
add_ups dummy dummy-ups dummy.dev
UPSD_PORT=
write_upsd_conf
start_bg holder python3 -c "import socket,time
s=socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', $UPSD_PORT)); s.listen(1); print('ready', flush=True); time.sleep(60)"
wait_until 5 grep -q ready "$(log_of holder)" || fail "port holder did not start"
run timeout 10 "$UPSD" -F "${UT_ROOT_ARGS[@]}"
assert_eq 1 "$RC" "a port held by another process"
assert_contains "$ERR" "Address already in use"
stop holder
exit 0
