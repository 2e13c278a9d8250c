#!/usr/bin/env bash
# libupsclient as a drop-in for NUT's: clients/nutapi_check.c, written only
# against NUT's upsclient.h API, is built against our header and library
# (make check builds it) and, here, against NUT's own header and library; both
# must print the same against the same NUT upsd. Then NUT's own binaries
# (upsc, and nutapi_check built by NUT's rules), linked to NUT's
# libupsclient.so.6, run on ours through LD_LIBRARY_PATH.
. "$(dirname "$0")/lib.sh"

need_nut
check=$top_builddir/clients/nutapi_check
ourlib=$top_builddir/clients/.libs
[ -x "$check" ] || skip "clients/nutapi_check not built (make check builds it)"
[ -e "$ourlib/libupsclient.so.6" ] || skip "no shared libupsclient.so.6 in $ourlib"

printf 'ups.status: OB LB\nbattery.charge: 7\ndevice.mfr: Maker "quoted"\n' >"$UT_DIR/u.dev"
add_ups u dummy-ups u.dev desc="Check UPS"
start_driver nut u
start_upsd nut
expect_status u "OB LB"
closed=$(free_port)

run "$check" "u@$UPSD_ADDR" ups.status "$closed"
assert_eq 0 "$RC" "nutapi_check (ours) exit status; stderr: $ERR"
ours=$OUT
assert_contains "$ours" "get ups.status: rc=0 numa=4 [VAR] [u] [ups.status] [OB LB]"
assert_contains "$ours" "get no.such.variable: rc=-1 err=1 Variable not supported by UPS"
assert_contains "$ours" "get on nosuchups: rc=-1 err=4 Unknown UPS"
assert_contains "$ours" "list item: ups.status = OB LB"
assert_contains "$ours" "ups: u (Check UPS) numa=3"
assert_contains "$ours" 'readline: rc=0 line=[VAR u ups.status "OB LB"]'
assert_contains "$ours" "get after disconnect: rc=-1 err=39 Driver not connected"
assert_contains "$ours" "connect with REQSSL: rc=-1 err=36 SSL is not available"
assert_contains "$ours" "connect to a closed port: rc=-1 err=31 Connection failure: Connection refused"

# The same source against NUT's header and library.
need_cmd cc
if ! grep -q parseconf.h "${UT_NUT_PREFIX:-}/usr/include/upsclient.h" 2>/dev/null; then
	skip_part "NUT's upsclient.h not installed (libupsclient-dev): the same source not built against NUT's library"
	exit 0
fi
nutbin=$UT_TMP/nutapi_nut
run cc -o "$nutbin" "$top_srcdir/clients/nutapi_check.c" -lupsclient
assert_eq 0 "$RC" "building nutapi_check against NUT's library: $ERR"
run "$nutbin" "u@$UPSD_ADDR" ups.status "$closed"
assert_eq 0 "$RC" "nutapi_check (NUT's library) exit status"
assert_eq "$OUT" "$ours" "NUT's library and ours print the same"

# Both builds against our upsd too (fed by NUT's dummy-ups), once it is built.
if [ -x "$(prog_path ours upsd)" ]; then
	use_dir ours
	cp "$UT_TMP/u.dev" "$UT_DIR/u.dev"
	add_ups u dummy-ups u.dev desc="Check UPS"
	start_driver nut u
	start_upsd ours
	expect_status u "OB LB"
	run "$check" "u@$UPSD_ADDR" ups.status "$closed"
	assert_eq 0 "$RC" "nutapi_check (ours) on our upsd: exit status; stderr: $ERR"
	on_ours=$OUT
	run "$nutbin" "u@$UPSD_ADDR" ups.status "$closed"
	assert_eq "$on_ours" "$OUT" "NUT's library and ours on our upsd"
	use_dir
else
	skip_part "our upsd is not built: comparison on our upsd skipped"
fi

# NUT-built binaries running on our shared library (same soname).
[ -e /lib/x86_64-linux-gnu/libupsclient.so.6 ] || [ -e /usr/lib/x86_64-linux-gnu/libupsclient.so.6 ] ||
	[ -n "$(ldconfig -p 2>/dev/null | grep libupsclient.so.6)" ] || {
	skip_part "NUT's libupsclient.so.6 not found: NUT-built programs not run on our library"
	exit 0
}
# A sanitizer build of our library cannot be loaded into a program built without.
if ldd "$ourlib/libupsclient.so.6" 2>/dev/null | grep -q 'lib[at]san\|libubsan'; then
	skip_part "our library is built with sanitizers: NUT-built programs cannot load it; rest skipped"
	exit 0
fi
run env LD_LIBRARY_PATH="$ourlib" ldd "$nutbin"
assert_contains "$OUT" "$ourlib/libupsclient.so.6" "LD_LIBRARY_PATH picks our library"
run env LD_LIBRARY_PATH="$ourlib" "$nutbin" "u@$UPSD_ADDR" ups.status "$closed"
assert_eq 0 "$RC" "NUT-built nutapi_check on our library: exit status"
assert_eq "$ours" "$OUT" "NUT-built nutapi_check on our library"

nut_upsc=$(prog_path nut upsc)
run "$nut_upsc" "u@$UPSD_ADDR"
want=$OUT
run env LD_LIBRARY_PATH="$ourlib" "$nut_upsc" "u@$UPSD_ADDR"
assert_eq "$want" "$OUT" "NUT's upsc binary on our library: variables"
assert_eq "" "$ERR" "NUT's upsc binary on our library: stderr (no SSL notice)"
run env LD_LIBRARY_PATH="$ourlib" "$nut_upsc" "nosuch@$UPSD_ADDR"
assert_eq 1 "$RC" "NUT's upsc on our library: unknown UPS exit status"
assert_eq "Error: Unknown UPS" "$ERR" "NUT's upsc on our library: unknown UPS"
run env LD_LIBRARY_PATH="$ourlib" "$nut_upsc" -L "$UPSD_ADDR"
assert_eq "u: Check UPS" "$OUT" "NUT's upsc on our library: -L"
exit 0
