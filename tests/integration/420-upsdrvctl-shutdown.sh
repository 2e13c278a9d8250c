#!/usr/bin/env bash
# The power-off path's last step: `upsdrvctl shutdown` runs each driver's -k
# in ascending sdorder (sdorder -1 left out unless named), carries on past a
# driver that fails and then exits 1 naming it; dummy-ups records each order
# in STATEPATH/dummy-ups-<ups>.killpower with the delays of its file (20/30 s
# by default). A driver already serving the UPS is left alone by -k. NUT's
# upsdrvctl, pointed at our drivers, reaches them in the same order.
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups upsdrvctl
CTL=$(prog_path ours upsdrvctl)
DRV=$(prog_path ours dummy-ups)

printf 'driverpath = %s\n' "$(dirname "$DRV")" >"$UT_DIR/ups.conf"
printf 'ups.status: OL\nups.delay.shutdown: 60\nups.delay.start: 90\n' >"$UT_DIR/a.dev"
printf 'ups.status: OB LB\n' >"$UT_DIR/b.dev"
add_ups a dummy-ups a.dev sdorder=2
add_ups b dummy-ups b.dev sdorder=-1
add_ups c dummy-ups b.dev
add_ups d dummy-ups missing.dev sdorder=1
rec() { echo "$UT_DIR/dummy-ups-$1.killpower"; }

# A running driver for c: -k must not take its socket or stop it.
start_driver c

run "$CTL" "${UT_ROOT_ARGS[@]}" shutdown
assert_eq 1 "$RC" "shutdown with a failing driver (stderr: $ERR)"
assert_contains "$ERR" "Driver failed to shut down UPS d (exit status=1)"
assert_match "$ERR" "ups c: simulated shutdown.*ups a: simulated shutdown" "c (0) before a (2)"
assert_match "$ERR" "ups c: simulated.*UPS d .*ups a: simulated" "d (1) tried between c and a"
[ -f "$(rec a)" ] || fail "no kill-power record for a"
[ -f "$(rec c)" ] || fail "no kill-power record for c"
[ ! -e "$(rec b)" ] || fail "sdorder -1 (b) was shut down"
[ ! -e "$(rec d)" ] || fail "d failed but has a record"
assert_contains "$(cat "$(rec a)")" $'killpower.ups: a\n'
assert_contains "$(cat "$(rec a)")" $'ups.delay.shutdown: 60\nups.delay.start: 90'
assert_contains "$(cat "$(rec c)")" $'ups.delay.shutdown: 20\nups.delay.start: 30'
assert_match "$(cat "$(rec c)")" $'killpower.time: [0-9]+\n'
assert_true pid_alive "${UT_PID[dummy-ups-c]}"
[ -S "$UT_DIR/dummy-ups-c" ] || fail "-k took the running driver's socket"
stop dummy-ups-c

# Named explicitly, a sdorder -1 UPS is shut down (as NUT's upsdrvctl does).
run "$CTL" "${UT_ROOT_ARGS[@]}" shutdown b
assert_eq 0 "$RC" "shutdown b (stderr: $ERR)"
[ -f "$(rec b)" ] || fail "shutdown b left no record"
run "$CTL" "${UT_ROOT_ARGS[@]}" shutdown d
assert_eq 1 "$RC" "shutdown d (missing file)"

# Without failures: exit 0, and -t only says what it would run.
rm -f "$UT_DIR"/*.killpower
add_ups d2 dummy-ups b.dev sdorder=1
sed -i 's/^\[d\]$/[dgone]/; s/missing.dev/b.dev/' "$UT_DIR/ups.conf"
run "$CTL" -t shutdown
assert_eq 0 "$RC" "-t shutdown"
assert_match "$ERR" "-a c -k.*-a dgone -k.*-a d2 -k.*-a a -k" "-t order"
[ -z "$(ls "$UT_DIR"/*.killpower 2>/dev/null)" ] || fail "-t shut something down"
run "$CTL" "${UT_ROOT_ARGS[@]}" shutdown
assert_eq 0 "$RC" "shutdown, all good (stderr: $ERR)"
for u in a c dgone d2; do
	[ -f "$(rec "$u")" ] || fail "no record for $u"
done

# The driver alone: -k prints NUT's first line; exit 1 when it cannot open.
run "$DRV" -a a -k "${UT_ROOT_ARGS[@]}"
assert_eq 0 "$RC" "dummy-ups -k"
assert_contains "$ERR" "Initiating UPS shutdown"
run "$DRV" -s x -x port="$UT_DIR/nope.dev" -k
assert_eq 1 "$RC" "dummy-ups -k without its file"
# The delays are the published ones: ups.conf's override.* wins over the file.
run "$DRV" -s x -x port="$UT_DIR/a.dev" -x override.ups.delay.shutdown=120 -k
assert_eq 0 "$RC" "dummy-ups -k with an override (stderr: $ERR)"
assert_contains "$(cat "$(rec x)")" $'ups.delay.shutdown: 120\nups.delay.start: 90'

# NUT's upsdrvctl drives ours the same way (it reads driverpath).
if nut_has upsdrvctl; then
	rm -f "$UT_DIR"/*.killpower
	printf '[bad]\n\tdriver = dummy-ups\n\tport = missing.dev\n\tsdorder = 1\n' >>"$UT_DIR/ups.conf"
	run "$(prog_path nut upsdrvctl)" "${UT_ROOT_ARGS[@]}" shutdown
	assert_eq 1 "$RC" "NUT's upsdrvctl with a failing driver (stderr: $ERR)"
	assert_match "$ERR" "ups c: simulated.*ups a: simulated" "NUT's upsdrvctl: sdorder"
	for u in a c dgone d2; do
		[ -f "$(rec "$u")" ] || fail "NUT's upsdrvctl did not reach $u"
	done
	[ ! -e "$(rec b)" ] || fail "NUT's upsdrvctl shut down b (sdorder -1)"
else
	skip_part "NUT's upsdrvctl not installed: no comparison"
fi
exit 0
