#!/bin/sh
# demo.sh BUILD_DIR — a simulated UPS, end to end, in a private temp dir:
# dummy-ups replays tests/data/demo.dev, upsd serves it on a free loopback port,
# upsc reads it; then the file says OB, then OB LB, and upsc shows each change.
# Everything started here is stopped (by pid) on exit; nothing outside the temp
# dir is touched.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/upsilon-demo.XXXXXX")
pids=

cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do
		i=0
		while kill -0 "$p" 2>/dev/null && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	done
	rm -rf "$tmp"
}
trap cleanup EXIT INT TERM

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export NUT_CONFPATH="$tmp" NUT_STATEPATH="$tmp" NUT_ALTPIDPATH="$tmp"
cp "$top/tests/data/demo.dev" "$tmp/demo.dev"
cat >"$tmp/ups.conf" <<CONF
[demo]
	driver = dummy-ups
	port = demo.dev
	desc = "Upsilon demo UPS"
CONF
printf 'LISTEN 127.0.0.1 %s\n' "$port" >"$tmp/upsd.conf"
: >"$tmp/upsd.users"
chmod 600 "$tmp/upsd.users"

asroot=
[ "$(id -u)" -eq 0 ] && asroot="-u root"
# shellcheck disable=SC2086
"$build/drivers/dummy-ups" -a demo -F $asroot >"$tmp/driver.log" 2>&1 &
pids="$pids $!"
# shellcheck disable=SC2086
"$build/server/upsd" -F $asroot >"$tmp/upsd.log" 2>&1 &
pids="$pids $!"

upsc() { "$build/clients/upsc" "$@" 2>/dev/null; }

# wait_status WANT: poll (at most 10 s) until ups.status reads WANT.
wait_status() {
	i=0
	while [ "$(upsc "demo@127.0.0.1:$port" ups.status || true)" != "$1" ]; do
		i=$((i + 1))
		if [ $i -gt 100 ]; then
			echo "demo: ups.status never became '$1'; logs follow" >&2
			cat "$tmp/driver.log" "$tmp/upsd.log" >&2
			exit 1
		fi
		sleep 0.1
	done
}

echo "Upsilon demo: dummy-ups + upsd on 127.0.0.1:$port (files in $tmp)"
wait_status OL
echo
echo "\$ upsc -l 127.0.0.1:$port"
upsc -l "127.0.0.1:$port"
echo
echo "\$ upsc demo@127.0.0.1:$port"
upsc "demo@127.0.0.1:$port"

set_status() {
	sed "s/^ups.status:.*/ups.status: $1/" "$tmp/demo.dev" >"$tmp/demo.dev.new"
	mv "$tmp/demo.dev.new" "$tmp/demo.dev"
}

echo
echo "*** mains power fails: the device file now says OB (on battery)"
set_status OB
wait_status OB
echo "\$ upsc demo@127.0.0.1:$port ups.status"
upsc "demo@127.0.0.1:$port" ups.status

echo
echo "*** the battery runs low: OB LB (upsmon would now shut this host down)"
set_status "OB LB"
wait_status "OB LB"
echo "\$ upsc demo@127.0.0.1:$port ups.status"
upsc "demo@127.0.0.1:$port" ups.status
echo
echo "demo done: stopping upsd and dummy-ups"
