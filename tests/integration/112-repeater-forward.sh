#!/usr/bin/env bash
# dummy-ups in repeater mode between two upsd: a client of the downstream upsd
# (ours) sends INSTCMD and SET with TRACKING on; the repeater forwards them to
# the upstream upsd (logged in as username/password, tracked there too) and
# the client reads the upstream's real result under its own TRACKING id:
# SUCCESS, or the ERR the upstream driver gave. The upstream driver is
# fakedrv.py, whose answers the command name chooses; the upstream upsd is
# ours, then NUT's when installed. Stopping the upstream upsd makes the
# repeated data stale; it is fresh again once the upstream is back (the
# driver core reconnects with backoff). An upstream that accepts and never
# answers holds nothing up: the driver socket answers while the repeater's
# listing waits, and the silent connection is given up and tried again.
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups

# The upstream: upsd (ours or NUT's) + a scripted driver.
start_upstream() { # IMPL
	use_dir "up-$1"
	cat >"$UT_DIR/ups.conf" <<-CONF
		[f]
		driver = dummy-ups
		port = f.dev
	CONF
	add_user rep rp "actions = SET" "instcmds = ALL"
	start_bg "fakedrv-$1" "$UT_PYTHON" "$UT_LIBDIR/fakedrv.py" "$UT_DIR/dummy-ups-f" \
		--log "$UT_DIR/fakedrv.log"
	wait_until 10 test -S "$UT_DIR/dummy-ups-f" || fail "fakedrv did not start"
	start_upsd "$1"
	wait_status f
}

check_forwarding() { # IMPL: the upstream's upsd
	local impl=$1 rport
	start_upstream "$impl"
	rport=$UPSD_PORT
	local flog=$UT_DIR/fakedrv.log

	use_dir "down-$impl"
	add_ups near dummy-ups "f@127.0.0.1:$rport" pollinterval=1 username=rep password=rp
	add_user admin secret "actions = SET" "instcmds = ALL"
	start_driver near
	start_upsd
	wait_status near
	expect_var near ups.id abc
	assert_eq "ERR VAR-NOT-SUPPORTED" "$(nut_cmd 'GET VAR near driver.parameter.password')" \
		"$impl: the password is not published"
	assert_eq "rep" "$(nut_getvar near driver.parameter.username)" "$impl: username published"

	exec {c}<>"/dev/tcp/127.0.0.1/$UPSD_PORT"
	ask() {
		printf '%s\n' "$1" >&$c
		IFS= read -r -t 5 REPLY <&$c || fail "no reply to '$1'"
	}
	ask 'USERNAME admin'
	ask 'PASSWORD secret'
	ask 'SET TRACKING ON'
	assert_eq "OK" "$REPLY" "SET TRACKING ON"
	result_is() { ask "GET TRACKING $1" && [ "$REPLY" = "$2" ]; }
	# tracked() LINE RESULT: the result the client finally reads.
	tracked() {
		ask "$1"
		assert_match "$REPLY" '^OK TRACKING ' "$impl: $1"
		local id=${REPLY#OK TRACKING }
		wait_until 10 result_is "$id" "$2" || fail "$impl: $1: '$REPLY', expected '$2'"
	}
	tracked 'INSTCMD near test.ok' SUCCESS
	tracked 'INSTCMD near test.failed' 'ERR FAILED'
	tracked 'INSTCMD near test.invalid' 'ERR INVALID-ARGUMENT'
	tracked 'INSTCMD near test.unknown' 'ERR UNKNOWN'
	tracked 'INSTCMD near load.off 12' SUCCESS
	tracked 'SET VAR near ups.id "Rack 7"' SUCCESS
	tracked 'SET VAR near ups.failing 7' 'ERR FAILED'
	exec {c}>&-
	# What the upstream driver got, through both upsd and the repeater.
	assert_match "$(cat "$flog")" '< INSTCMD load.off 12 TRACKING ' "$impl: command argument"
	assert_match "$(cat "$flog")" '< SET ups.id "Rack 7" TRACKING ' "$impl: SET value"

	# The upstream upsd goes away: stale; it comes back: fresh again.
	stop "up-$impl.upsd"
	stale() { [ "$(nut_cmd 'GET VAR near ups.status')" = "ERR DATA-STALE" ]; }
	wait_until 10 stale || fail "$impl: no DATA-STALE without the upstream upsd"
	use_dir "up-$impl"
	start_upsd "$impl"
	[ "$UPSD_PORT" = "$rport" ] || fail "the upstream upsd came back on another port"
	use_dir "down-$impl"
	fresh() { [ "$(nut_cmd 'GET VAR near ups.status')" = 'VAR near ups.status "OL"' ]; }
	wait_until 20 fresh || fail "$impl: data not fresh again after the upstream came back"
	assert_contains "$(cat "$(log_of down-$impl.dummy-ups-near)")" "device back" \
		"$impl: the core's reconnect brought it back"
}

check_forwarding ours
if nut_has upsd; then
	check_forwarding nut
else
	skip_part "NUT's upsd not installed: not tried as the upstream"
fi

# A silent upstream: the repeater's listing waits for it, the driver does not.
use_dir silent
start_bg silentsrv "$UT_PYTHON" "$UT_LIBDIR/silentsrv.py" "$UT_DIR/port" "$UT_DIR/srv.log"
wait_until 10 test -s "$UT_DIR/port" || fail "silent server did not start"
add_ups slow dummy-ups "s@127.0.0.1:$(cat "$UT_DIR/port")" pollinterval=1
start_driver slow
wait_until 10 grep -q '^got 1 LIST VAR s$' "$UT_DIR/srv.log" || fail "no listing asked"
run "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$UT_DIR/dummy-ups-slow" '^DUMPDONE$' DUMPALL
assert_eq 0 "$RC" "the driver socket answers while the upstream is silent"
assert_contains "$OUT" $'DATASTALE\nDUMPDONE' "stale until a listing comes"
assert_eq "accepted 1" "$(grep -v '^got' "$UT_DIR/srv.log")" "the listing was still waiting"
wait_until 30 grep -q '^accepted 2$' "$UT_DIR/srv.log" ||
	fail "the silent connection was not given up and tried again"
assert_contains "$(cat "$UT_DIR/srv.log")" "closed 1" "the first connection was closed"
