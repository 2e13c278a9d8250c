#!/usr/bin/env bash
# upsmon.conf errors: every bad line reported as file:line, exit 1, nothing
# started (no login reaches upsd); TLS demanded while it is not built is an
# error. Reload: a broken file keeps the configuration in force (monitoring
# goes on), a good one takes over. -c fsd shuts down at once (FSD set on the
# UPS, SHUTDOWNEXIT no keeps upsmon), -c stop ends it and removes the pid file.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsd dummy-ups upsmon

printf 'ups.status: OL\nbattery.charge: 100\n' >"$UT_DIR/a.dev"
add_ups a dummy-ups a.dev
add_user mon pw "upsmon primary"
start_driver a
start_upsd
wait_status a
upsmon=$(prog_path ours upsmon)

mkdir -p "$UT_TMP/bad"
cat >"$UT_TMP/bad/upsmon.conf" <<CONF
MONITOR a@$UPSD_ADDR 1 mon pw primary
NOSUCHTHING 1
MONITOR a@$UPSD_ADDR 1 mon pw boss
POLLFREQ 0
NOTIFYMSG ONBATT "%s is at %d percent"
NOTIFYFLAG ONBATT SYSLOG+BOGUS
FORCESSL 1
CERTHOST h.example certname 1 0
MONITOR a@$UPSD_ADDR x mon pw primary
NOTIFYFLAG NOSUCHTYPE SYSLOG
SHUTDOWNEXIT maybe
CONF
assert_rc 1 um_env bad "$upsmon" -F -p
for n in 2 3 4 5 6 8 9 10 11; do
	assert_contains "$ERR" "$UT_TMP/bad/upsmon.conf:$n: " "line $n reported"
done
assert_not_contains "$ERR" "upsmon.conf:1:" "line 1 is fine"
assert_not_contains "$ERR" "upsmon.conf:7:" "FORCESSL 1 parses; the whole-file check refuses it"
assert_contains "$ERR" "FORCESSL 1 asks for TLS"
assert_contains "$ERR" "upsmon not started"
assert_true numlogins_is a 0

printf 'POLLFREQ 1\n' >"$UT_TMP/bad/upsmon.conf"
assert_rc 1 um_env bad "$upsmon" -F -p
assert_contains "$ERR" "no MONITOR line"
printf 'MONITOR a@%s 1 mon pw primary\nMINSUPPLIES 2\n' "$UPSD_ADDR" >"$UT_TMP/bad/upsmon.conf"
assert_rc 1 um_env bad "$upsmon" -F -p
assert_contains "$ERR" "less than MINSUPPLIES 2"
rm -f "$UT_TMP/bad/upsmon.conf"
assert_rc 1 um_env bad "$upsmon" -F -p
assert_contains "$ERR" "upsmon.conf"

# The sample, every directive uncommented, is a valid file.
mkdir -p "$UT_TMP/sample"
sed 's/^#\([A-Z]\)/\1/' "$top_srcdir/conf/upsmon.conf.sample" >"$UT_TMP/sample/upsmon.conf"
assert_rc 1 um_env sample "$upsmon" -K
assert_contains "$OUT" "Power down flag is not set" "the uncommented sample loads"
assert_eq "" "$ERR" "the uncommented sample: no complaint"

# A running upsmon (with its pid file: -FF) and reloads.
um_conf m "MONITOR a@$UPSD_ADDR 1 mon pw primary" "SHUTDOWNEXIT no"
cp "$UT_TMP/m/upsmon.conf" "$UT_TMP/m/good.conf"
um_start m -p -F
wait_until 10 numlogins_is a 1 || fail "upsmon did not log in"
wait_until 5 test -s "$UT_TMP/m/upsmon.pid" || fail "no pid file with -FF"

printf 'MONITOR a@%s 1 mon pw primary\nPOLLFREQ soon\n' "$UPSD_ADDR" >"$UT_TMP/m/upsmon.conf"
assert_rc 0 um_env m "$upsmon" -c reload
wait_until 10 grep -q "not reloaded, going on with the configuration in force" "$(log_of m)" ||
	fail "the broken file was not refused"
assert_contains "$(cat "$(log_of m)")" "upsmon.conf:2: "
set_dev_var a.dev ups.status "OB DISCHRG"
wait_until 15 notified m ONBATT || fail "no monitoring after a refused reload"

{ cat "$UT_TMP/m/good.conf"; echo 'NOTIFYMSG ONLINE "mains back for %s"'; } >"$UT_TMP/m/upsmon.conf"
assert_rc 0 um_env m "$upsmon" -c reload
wait_until 10 grep -q "upsmon.conf reloaded: 1 UPS" "$(log_of m)" || fail "no reload"
set_dev_var a.dev ups.status "OL"
wait_until 15 notified m ONLINE || fail "no ONLINE after the reload"
assert_contains "$(cat "$UT_TMP/notify.log")" "mains back for a@$UPSD_ADDR"
assert_false notified m COMMBAD # the connections a reload replaces are no outage

assert_rc 1 um_env m "$upsmon" -c bogus
assert_contains "$ERR" "unknown command"
assert_rc 0 um_env m "$upsmon" -c fsd
wait_until 15 shut_down m || fail "-c fsd: no shutdown"
assert_match "$(nut_getvar a ups.status)" "^FSD OL" "-c fsd sets FSD"
assert_contains "$(cat "$(log_of m)")" "SHUTDOWNEXIT no: staying"
assert_true pid_alive "${UT_PID[m]}"
assert_rc 0 um_env m "$upsmon" -c stop
wait_until 10 ut_dead "${UT_PID[m]}" || fail "-c stop: still running"
assert_false test -e "$UT_TMP/m/upsmon.pid"
