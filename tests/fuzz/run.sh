#!/bin/sh
# Builds the fuzz targets with clang -fsanitize=fuzzer,address,undefined and
# runs each for FUZZ_SECONDS (default 60) on a scratch copy of its corpus.
# Crashes are left as crash-* files in fuzz/build/<target>/ for the developer
# to fix and then copy into tests/fuzz/corpus/<target>/.
#   usage: tests/fuzz/run.sh [proto|conf|drvproto|seqfile|logfmt|session|upsclient|upsclient_ev|users|
#                             upsmon_conf|upsmon_priv|upssched|hid_desc|usbhid|usbmatch]...
#   env:   top_srcdir (default: the tree this script is in), top_builddir
#          (where include/config.h is; default: top_srcdir), CLANG,
#          FUZZ_SECONDS, FUZZ_JOBS, FUZZ_BUILD (default: $top_builddir/tests/fuzz/build)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top_srcdir=${top_srcdir:-$(cd "$here/../.." && pwd)}
top_builddir=${top_builddir:-$top_srcdir}
CLANG=${CLANG:-clang}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_BUILD=${FUZZ_BUILD:-$top_builddir/tests/fuzz/build}
targets=${*:-proto conf drvproto seqfile logfmt session upsclient upsclient_ev users upsmon_conf upsmon_priv upssched hid_desc usbhid usbmatch}

if [ ! -f "$top_builddir/include/config.h" ]; then
	echo "run.sh: $top_builddir/include/config.h missing: run configure first" >&2
	exit 1
fi
command -v "$CLANG" >/dev/null 2>&1 || { echo "run.sh: $CLANG not found" >&2; exit 77; }

# The parse core and what it links: compiled with the fuzzer's coverage.
common="proto conf state drvproto buf log strutil"
mkdir -p "$FUZZ_BUILD"
FUZZ_BUILD=$(cd "$FUZZ_BUILD" && pwd) # each target runs from its own directory
rc=0
for t in $targets; do
	src="$top_srcdir/tests/fuzz/fuzz_$t.c"
	[ -f "$src" ] || { echo "run.sh: no target $t" >&2; exit 2; }
	bin="$FUZZ_BUILD/fuzz_$t"
	srcs=""
	for m in $common; do srcs="$srcs $top_srcdir/common/$m.c"; done
	# Targets whose parser lives outside common/ bring its source along.
	case $t in
	seqfile) srcs="$srcs $top_srcdir/drivers/dummy/seqfile.c -I$top_srcdir/drivers/dummy" ;;
	logfmt) srcs="$srcs $top_srcdir/clients/logfmt.c -I$top_srcdir/clients" ;;
	upssched)
		srcs="$srcs $top_srcdir/clients/schedconf.c $top_srcdir/clients/schedcore.c"
		srcs="$srcs -I$top_srcdir/clients"
		;;
	hid_desc) srcs="$srcs $top_srcdir/drivers/hid/hid*.c -I$top_srcdir/drivers/hid" ;;
	usbhid)
		srcs="$srcs $top_srcdir/drivers/hid/hid*.c $top_srcdir/drivers/usbhid/uhmap.c"
		srcs="$srcs $top_srcdir/drivers/usbhid/maps.c -I$top_srcdir/drivers/hid"
		srcs="$srcs -I$top_srcdir/drivers/usbhid -lm"
		;;
	usbmatch) srcs="$srcs $top_srcdir/drivers/usb/usbmatch.c -I$top_srcdir/drivers/usb" ;;
	# upsd's modules (all but main.c) and the rest of common/ they use.
	session | users)
		for m in ev ev_poll ev_epoll net paths pidfile privsep daemon upsconf; do
			srcs="$srcs $top_srcdir/common/$m.c"
		done
		for m in "$top_srcdir"/server/*.c; do
			[ "$(basename "$m")" = main.c ] || srcs="$srcs $m"
		done
		srcs="$srcs -I$top_srcdir/server"
		;;
	upsclient | upsclient_ev)
		for m in ev ev_poll ev_epoll net paths; do srcs="$srcs $top_srcdir/common/$m.c"; done
		for m in upsclient upsclient_addr upsclient_err upsclient_ev; do
			srcs="$srcs $top_srcdir/clients/$m.c"
		done
		srcs="$srcs -I$top_srcdir/clients -lm"
		;;
	upsmon_conf)
		for m in paths; do srcs="$srcs $top_srcdir/common/$m.c"; done
		for m in upsmon_conf upsmon_rules upsclient_addr; do
			srcs="$srcs $top_srcdir/clients/$m.c"
		done
		srcs="$srcs -I$top_srcdir/clients"
		;;
	upsmon_priv)
		for m in ev ev_poll ev_epoll proc; do srcs="$srcs $top_srcdir/common/$m.c"; done
		srcs="$srcs $top_srcdir/clients/upsmon_priv.c -I$top_srcdir/clients"
		;;
	esac
	# shellcheck disable=SC2086
	"$CLANG" -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-DHAVE_CONFIG_H -I"$top_builddir/include" -I"$top_srcdir/include" \
		-I"$top_srcdir/tests/fuzz" -o "$bin" "$src" $srcs
	work="$FUZZ_BUILD/$t"
	mkdir -p "$work/corpus"
	cp "$top_srcdir/tests/fuzz/corpus/$t/"* "$work/corpus/" 2>/dev/null || true
	echo "== fuzz_$t for ${FUZZ_SECONDS}s"
	if ! (cd "$work" && "$bin" -max_total_time="$FUZZ_SECONDS" -max_len=4096 \
		-timeout=10 -rss_limit_mb=2048 -print_final_stats=1 corpus); then
		echo "run.sh: fuzz_$t found a problem: see $work/crash-*" >&2
		rc=1
	fi
done
exit $rc
