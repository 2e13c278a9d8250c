#!/usr/bin/env bash
# What every driver gets from the framework, exercised with drivers/testdrv
# (a driver with no device, built by make check):
#  - instant commands and SETs the device answers later reach the client as
#    PENDING, then SUCCESS / ERR FAILED; one the device never answers fails
#    at the driver's deadline; a late result is keyed by its tracking id, so
#    it reaches a socket client that connected after the request;
#  - a lost device: data stale at once, reconnect with back-off, the loss
#    and the return each logged once, fresh data after;
#  - one poll's changes leave the driver in one write.
. "$(dirname "$0")/lib.sh"
need_ours upsd testdrv

add_ups t testdrv none pollinterval=1 failreconnect=1
write_upsd_users <<'USERS'
[admin]
	password = secret
	actions = SET
	instcmds = ALL
USERS
start_driver t
start_upsd
wait_status t
drvlog=$(log_of testdrv-t)

exec {c}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
ask() {
	printf '%s\n' "$1" >&$c
	IFS= read -r -t 3 REPLY <&$c || fail "no reply to '$1'"
}
ask 'USERNAME admin'
ask 'PASSWORD secret'
ask 'SET TRACKING ON'
tracked() { # COMMAND: sets ID
	ask "$1"
	[[ $REPLY == "OK TRACKING "* ]] || fail "'$1': $REPLY"
	ID=${REPLY#OK TRACKING }
}
result_is() { ask "GET TRACKING $1" && [ "$REPLY" = "$2" ]; }

tracked 'INSTCMD t test.now'
wait_until 3 result_is "$ID" SUCCESS || fail "test.now: $REPLY"

# Answered 300 ms later: PENDING first (the driver answers nothing at once).
tracked 'INSTCMD t test.later'
ask "GET TRACKING $ID"
assert_eq PENDING "$REPLY" "test.later right after the request"
wait_until 3 result_is "$ID" SUCCESS || fail "test.later: $REPLY"

tracked 'INSTCMD t test.later.fail'
wait_until 3 result_is "$ID" "ERR FAILED" || fail "test.later.fail: $REPLY"

# Never answered: failed by the core at the driver's 500 ms deadline.
tracked 'INSTCMD t test.never'
ask "GET TRACKING $ID"
assert_eq PENDING "$REPLY" "test.never right after the request"
wait_until 3 result_is "$ID" "ERR FAILED" || fail "test.never: $REPLY"
wait_until 3 grep -q "instant command test.never: no answer from the device in time" "$drvlog" ||
	fail "the driver did not log the missed deadline"

tracked 'SET VAR t test.value "late value"'
ask "GET TRACKING $ID"
assert_eq PENDING "$REPLY" "SET VAR right after the request"
wait_until 3 result_is "$ID" SUCCESS || fail "SET VAR test.value: $REPLY"
expect_var t test.value "late value" 3

# Keyed by id, not by connection: the client that asked is gone when the
# answer comes; a client connected afterwards gets it.
sock=$UT_DIR/testdrv-t
"$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$sock" EOF 'INSTCMD test.later TRACKING id-1' LOGOUT >/dev/null
out=$("$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$sock" '^TRACKING id-1 ') ||
	fail "no late TRACKING for id-1 on a new connection: $out"
assert_contains "$out" "TRACKING id-1 0" "late result under its id"

# One poll, one write: every write that carries test.a carries test.e too.
if command -v strace >/dev/null 2>&1; then
	drvpid=${UT_PID[testdrv-t]}
	strace -qq -f -e trace=write,sendto,sendmsg,writev -s 4096 -o "$UT_TMP/strace.out" \
		-p "$drvpid" &
	spid=$!
	register_pid "$spid" strace
	polls_seen() { grep -c 'SETINFO test.a' "$UT_TMP/strace.out" 2>/dev/null; }
	test_polls() { [ "$(polls_seen)" -ge "$1" ]; }
	wait_until 10 test_polls 3 || fail "strace saw fewer than 3 polls"
	stop_pid "$spid"
	grep 'SETINFO test.a' "$UT_TMP/strace.out" >"$UT_TMP/writes"
	assert_true test -s "$UT_TMP/writes"
	if grep -v 'SETINFO test.e' "$UT_TMP/writes" | grep -q .; then
		fail "a poll's changes were split over writes:"$'\n'"$(cat "$UT_TMP/strace.out")"
	fi
else
	note "SKIP part: strace not installed, one-write-per-poll not checked"
fi

# The device goes away: stale at once, one reconnect fails (1 s), the next
# works (2 s later); each event logged once.
ask 'INSTCMD t test.lose'
wait_until 3 test "$(nut_cmd 'GET VAR t ups.status')" = "ERR DATA-STALE" ||
	fail "not stale after the loss: $(nut_cmd 'GET VAR t ups.status')"
wait_until 10 grep -q 'device back after 2 attempts' "$drvlog" ||
	fail "device not back: $(tail -n 5 "$drvlog")"
wait_until 5 ut_var_is t ups.status OL || fail "fresh data did not come back"
assert_eq 1 "$(grep -c 'device lost (test.lose), reconnecting' "$drvlog")" "loss logged once"
assert_eq 1 "$(grep -c 'device back' "$drvlog")" "return logged once"
exec {c}>&-
