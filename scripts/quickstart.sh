#!/bin/sh
# quickstart.sh demo|test|deps|build — the two README commands.
#   demo: install what is needed, build, run a simulated UPS in a temp dir.
#   test: install what is needed (the NUT 2.8.0 reference peers too), build with
#         -Werror, run `make distcheck` (the whole suite from a release tarball),
#         then the whole suite again in an ASan+UBSan build.
# Debian/Ubuntu only for the install step; apt-get runs only for packages that
# are missing (through sudo when not root), so running it again is cheap.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
jobs=$(nproc 2>/dev/null || echo 2)

BUILD_PKGS="build-essential autoconf automake libtool pkg-config python3
	libcmocka-dev libusb-1.0-0-dev libsnmp-dev libssl-dev libsystemd-dev libltdl-dev"
TEST_PKGS="nut-server nut-client python3-nut libupsclient-dev socat clang strace systemd
	libumockdev-dev umockdev"

say() { printf '\n=== %s\n' "$*"; }

deps() {
	missing=
	for p in $*; do
		dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing="$missing $p"
	done
	[ -z "$missing" ] && return 0
	command -v apt-get >/dev/null || { echo "quickstart: please install:$missing" >&2; exit 1; }
	sudo=
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	say "installing:$missing"
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq
	# shellcheck disable=SC2086
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing
}

build() { # build DIR [configure args...]
	dir=$1; shift
	cd "$top"
	if [ ! -x configure ] || [ configure.ac -nt configure ]; then
		say "autogen"
		./autogen.sh >/dev/null
	fi
	mkdir -p "$dir"
	cd "$dir"
	if [ ! -f Makefile ]; then
		say "configure in $dir"
		"$top/configure" -q --enable-werror "$@"
	fi
	say "make in $dir"
	make -s -j"$jobs"
}

# One closing line for both runs: "tests: N passed, N failed, N skipped".
summary() {
	cat "$@" 2>/dev/null | awk '
		/^# PASS: /  { p += $3 } /^# FAIL: /  { f += $3 } /^# ERROR: / { f += $3 }
		/^# XPASS: / { f += $3 } /^# SKIP: /  { s += $3 }
		END { printf "tests: %d passed, %d failed, %d skipped\n", p, f, s }'
}

case "${1:-}" in
deps)
	deps "$BUILD_PKGS $TEST_PKGS"
	;;
build)
	deps "$BUILD_PKGS"
	build "$top/build"
	;;
demo)
	deps "$BUILD_PKGS"
	build "$top/build"
	say "demo"
	exec "$top/scripts/demo.sh" "$top/build"
	;;
test)
	deps "$BUILD_PKGS $TEST_PKGS"
	build "$top/build"
	say "make check"
	rc=0
	make -C "$top/build" -s check VERBOSE=1 || rc=1
	san="-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all -g -O1"
	build "$top/build-asan" CFLAGS="$san" LDFLAGS="-fsanitize=address,undefined"
	say "make check under ASan+UBSan"
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
		make -C "$top/build-asan" -s check VERBOSE=1 || rc=1
	if [ "$rc" -eq 0 ]; then
		say "make distcheck (release tarball builds, installs and passes its tests)"
		make -C "$top/build" -s distcheck >"$top/build/distcheck.log" 2>&1 ||
			{ tail -40 "$top/build/distcheck.log"; rc=1; }
	fi
	summary "$top/build/tests/test-suite.log" "$top/build-asan/tests/test-suite.log"
	exit $rc
	;;
*)
	echo "usage: $0 demo|test|deps|build" >&2
	exit 2
	;;
esac
