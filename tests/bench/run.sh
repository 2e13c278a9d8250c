#!/usr/bin/env bash
# run.sh — side-by-side benchmark of our upsd and NUT 2.8.0's upsd (`make bench`).
#
# Both servers run on this machine, one after the other, each behind NUT's own
# dummy-ups replaying the same real dump (Eaton 5PX 2000, 96 variables) so only
# the server differs. Measured per server:
#   - idle RSS (VmRSS) after start, and peak RSS (VmHWM) at the end
#   - time to connect 1000 clients and get one answer on each (manyclients.py)
#   - GET VAR requests/s and latency, closed loop, on 1 and on 100 connections
#   - LIST VAR latency (median, p90) on one connection
#   - server CPU time (user+sys) spent over the whole run
# The results go to stdout and to $BENCH_OUT (default: bench-results.md in the
# current directory) as a Markdown section ready to paste into
# docs/performance.md. The clients (loadgen.c, built here with $CC or cc;
# manyclients.py for the 1000 connections) share the CPUs with the server:
# compare the two columns, not absolute numbers across machines.
#
#   - abuse: two clients flooding random bytes and pipelined LIST VAR lines
#     (never reading, reconnecting) beside five clients doing GET VAR every
#     10 ms: the ordinary clients' latency (loadgen abuse)
#   - instr (not in the default set): user-space instructions per GET VAR,
#     upsd under valgrind --tool=callgrind, 10 connections for BENCH_SECS
#   - idle: both servers up at the same time, no client: CPU over 20 s (from
#     /proc/PID/schedstat, ns) and wakeups per minute (strace -c of the wait
#     calls over BENCH_WAKE_SECS, default 60); then, one server at a time,
#     10,000 idle connections held open (loadgen hold): time to connect and
#     resident memory per accepted connection
#   - usb: usbhid-ups, NUT's and ours, each under the USB emulator
#     (tests/emulators/usbups) on the same profile with pollinterval 1 and
#     pollfreq 3: control and interrupt transfers per minute (counted by the
#     emulator over BENCH_USB_SECS, default 60) and the driver's CPU time over
#     that window. Skipped with a note when the emulator is not built.
# Environment: BENCH_SECS (seconds per GET VAR run, default 5), BENCH_CLIENTS
# (default 1000), BENCH_OUT, BENCH_ONLY=ours|nut (run one side only),
# BENCH_PARTS (default "main abuse idle usb": which parts to run), BENCH_ABUSE_SECS
# (default 10), BENCH_WAKE_SECS (default 60), BENCH_IDLE_CLIENTS (default 10000).
# Usage: make bench  (or: sh tests/bench/run.sh from a build dir)
UT_TIMEOUT=${UT_TIMEOUT:-900}
. "$(dirname "$0")/../integration/lib.sh"

secs=${BENCH_SECS:-5}
clients=${BENCH_CLIENTS:-1000}
out=${BENCH_OUT:-$PWD/bench-results.md}
bench=$(cd "$(dirname "$0")" && pwd)
dev=Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev

[ -x /lib/nut/dummy-ups ] || skip "NUT's dummy-ups (the data source for both sides) is not installed"
sides=()
case ${BENCH_ONLY:-} in
ours | nut) sides=("$BENCH_ONLY") ;;
*) sides=(nut ours) ;;
esac
for s in "${sides[@]}"; do
	[ -x "$(prog_path "$s" upsd)" ] || skip "$s upsd not available ($(prog_path "$s" upsd))"
done
parts=" ${BENCH_PARTS:-main abuse idle usb} "
part() { [[ $parts == *" $1 "* ]]; }
idle_clients=${BENCH_IDLE_CLIENTS:-10000}
want=$((clients + 200))
part idle && [ "$want" -lt $((idle_clients + 200)) ] && want=$((idle_clients + 200))
[ "$(ulimit -Sn)" -ge "$want" ] 2>/dev/null || ulimit -Sn "$want" 2>/dev/null ||
	skip "cannot raise the open-file limit to $want"

proc_kb() { awk -v k="$2:" '$1 == k { print $2 }' "/proc/$1/status"; }
proc_cpu_s() { # user+sys seconds of pid $1
	awk -v hz="$(getconf CLK_TCK)" '{ sub(/^.*\) /, ""); printf "%.2f\n", ($12 + $13) / hz }' "/proc/$1/stat"
}
field() { sed -n "s/.*\\b$1=\\([^ ]*\\).*/\\1/p" <<<"$2"; }

# The load generator is C: a Python client would be slower than the servers.
"${CC:-cc}" -O2 -o "$UT_TMP/loadgen" "$bench/loadgen.c" 2>"$UT_TMP/cc.log" ||
	skip "cannot build loadgen.c with ${CC:-cc}: $(head -n 3 "$UT_TMP/cc.log")"
loadgen=$UT_TMP/loadgen
client="loadgen.c (one thread, epoll)"

declare -A R
main_sides=("${sides[@]}")
part main || main_sides=()
for side in "${main_sides[@]}"; do
	use_dir "$side"
	use_dev "$dev" t.dev
	add_ups t dummy-ups t.dev
	start_driver nut t
	start_upsd "$side"
	pid=$UT_LAST_PID
	wait_status t
	R[$side.version]=$(nut_cmd VER)
	R[$side.rss_idle]=$(proc_kb "$pid" VmRSS)

	note "$side: $clients clients"
	mc_rc=0
	line=$("$UT_PYTHON" "$UT_LIBDIR/manyclients.py" -n "$clients" -r 1 -t 300 \
		127.0.0.1 "$UPSD_PORT" t ups.status "ALARM OL CHRG RB" 2>"$UT_TMP/mc.err") || mc_rc=$?
	R[$side.connect]=$(field connect_s "$line")
	R[$side.answer]=$(field answer_s "$line")
	if [ "$mc_rc" -ne 0 ]; then
		note "$side: $(cat "$UT_TMP/mc.err")"
		R[$side.answer]+=" (only $(sed -n 's|^manyclients: \([0-9]*/[0-9]*\) answered.*|\1|p' "$UT_TMP/mc.err") answered)"
	fi

	for c in 1 100; do
		note "$side: GET VAR on $c connection(s) for $secs s"
		line=$("$loadgen" getvar 127.0.0.1 "$UPSD_PORT" t ups.status -c $c -d "$secs") ||
			note "$side: getvar -c $c reported errors: $line"
		R[$side.rps$c]=$(field rps "$line")
		R[$side.p50_$c]=$(field p50_ms "$line")
		R[$side.p99_$c]=$(field p99_ms "$line")
	done

	note "$side: LIST VAR"
	line=$("$loadgen" listvar 127.0.0.1 "$UPSD_PORT" t -n 50) ||
		note "$side: listvar failed: $line"
	R[$side.list_vars]=$(field vars "$line")
	R[$side.list_p50]=$(field p50_ms "$line")
	R[$side.list_p90]=$(field p90_ms "$line")

	R[$side.rss_peak]=$(proc_kb "$pid" VmHWM)
	R[$side.cpu]=$(proc_cpu_s "$pid")
	stop_pid "$pid"
done

# serve SIDE DIR [upsd.conf lines]: NUT's dummy-ups and SIDE's upsd in DIR;
# sets pid.
serve() {
	local side=$1 dir=$2
	shift 2
	use_dir "$dir"
	use_dev "$dev" t.dev
	add_ups t dummy-ups t.dev
	[ $# -gt 0 ] && write_upsd_conf "$@"
	start_driver nut t
	start_upsd "$side"
	pid=$UT_LAST_PID
	wait_status t
}
cpu_ns() { awk '{ print $1 }' "/proc/$1/schedstat"; }

if part abuse; then
	for side in "${sides[@]}"; do
		serve "$side" "$side-abuse"
		note "$side: abuse beside 5 ordinary clients for ${BENCH_ABUSE_SECS:-10} s"
		line=$("$loadgen" abuse 127.0.0.1 "$UPSD_PORT" t ups.status -d "${BENCH_ABUSE_SECS:-10}") ||
			note "$side: abuse run reported errors: $line"
		R[$side.ab_p50]=$(field p50_ms "$line")
		R[$side.ab_p99]=$(field p99_ms "$line")
		R[$side.ab_max]=$(field max_ms "$line")
		R[$side.ab_over1s]=$(field over1s "$line")
		R[$side.ab_conns]=$(field abuser_conns "$line")
		stop_pid "$pid"
	done
fi

if part idle; then
	# Both at once, so the same background load hits both.
	declare -A P
	for side in "${sides[@]}"; do
		serve "$side" "$side-idle"
		P[$side]=$pid
	done
	sleep 5
	for side in "${sides[@]}"; do R[$side.cpu0]=$(cpu_ns "${P[$side]}"); done
	note "idle: CPU over 20 s"
	sleep 20
	for side in "${sides[@]}"; do
		R[$side.idle_cpu]=$(awk -v a="${R[$side.cpu0]}" -v b="$(cpu_ns "${P[$side]}")" \
			'BEGIN { printf "%.2f", (b - a) / 1e6 }')
	done
	wsecs=${BENCH_WAKE_SECS:-60}
	if command -v strace >/dev/null; then
		note "idle: wakeups over $wsecs s (strace -c)"
		spids=()
		for side in "${sides[@]}"; do
			timeout -s INT "$wsecs" strace -c -f -e trace=epoll_wait,epoll_pwait,poll,ppoll,select,pselect6 \
				-o "$UT_TMP/strace.$side" -p "${P[$side]}" 2>/dev/null &
			spids+=($!)
		done
		wait "${spids[@]}"
		for side in "${sides[@]}"; do
			R[$side.wakeups]=$(awk -v s="$wsecs" '$NF ~ /^(epoll_wait|epoll_pwait|poll|ppoll|select|pselect6)$/ { n += $4 }
				END { printf "%.0f", n * 60 / s }' "$UT_TMP/strace.$side")
		done
	fi
	for side in "${sides[@]}"; do stop_pid "${P[$side]}"; done

	for side in "${sides[@]}"; do
		serve "$side" "$side-hold" "MAXCONN $((idle_clients + 100))"
		note "$side: $idle_clients idle connections"
		rss0=$(proc_kb "$pid" VmRSS)
		fd0=$(ls "/proc/$pid/fd" | wc -l)
		"$loadgen" hold 127.0.0.1 "$UPSD_PORT" "$idle_clients" -d 30 >"$UT_TMP/hold.out" &
		holder=$!
		wait_until 70 test -s "$UT_TMP/hold.out"
		sleep 2 # let the server accept what the kernel has queued
		line=$(cat "$UT_TMP/hold.out")
		fds=$(($(ls "/proc/$pid/fd" | wc -l) - fd0))
		rss1=$(proc_kb "$pid" VmRSS)
		R[$side.hold_connect]=$(field connect_s "$line")
		R[$side.hold_accepted]=$fds
		R[$side.hold_kib]=$(awk -v a="$rss0" -v b="$rss1" -v n="$fds" \
			'BEGIN { if (n > 0) printf "%.2f", (b - a) / n; else print "-" }')
		kill "$holder" 2>/dev/null
		wait "$holder" 2>/dev/null
		stop_pid "$pid"
	done
fi

if part instr; then
	# User-space instructions per GET VAR (deterministic, unlike timings):
	# upsd under callgrind, counters zeroed after a warm-up run and dumped
	# after the measured one (callgrind_control; no signal stops the server
	# while counting).
	if command -v valgrind >/dev/null && command -v callgrind_control >/dev/null; then
		for side in "${sides[@]}"; do
			use_dir "$side-instr"
			use_dev "$dev" t.dev
			add_ups t dummy-ups t.dev
			write_upsd_conf
			write_upsd_users </dev/null
			start_driver nut t
			port=$(awk '$1 == "LISTEN" { print $3; exit }' "$UT_DIR/upsd.conf")
			start_bg "$side-callgrind" valgrind --tool=callgrind --callgrind-out-file="$UT_TMP/cg.$side.%p" \
				"$(prog_path "$side" upsd)" -F "${UT_ROOT_ARGS[@]}"
			vpid=$UT_LAST_PID
			wait_until 60 ut_port_open "$port" || fail "$side upsd under callgrind did not listen"
			"$loadgen" getvar 127.0.0.1 "$port" t ups.status -c 10 -d 2 >/dev/null
			callgrind_control -z "$vpid" >/dev/null
			line=$("$loadgen" getvar 127.0.0.1 "$port" t ups.status -c 10 -d "$secs")
			callgrind_control -d "$vpid" >/dev/null
			total=$(callgrind_annotate "$(ls -t "$UT_TMP"/cg."$side".* | head -n 1)" 2>/dev/null |
				awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1; exit }')
			R[$side.instr]=$(awk -v t="$total" -v n="$(field reqs "$line")" \
				'BEGIN { if (n > 0 && t > 0) printf "%.0f", t / n; else print "-" }')
			stop_pid "$vpid"
		done
	else
		note "instr: valgrind/callgrind_control not installed: skipped"
	fi
fi

if part usb; then
	. "$UT_LIBDIR/usblib.sh"
	usb_secs=${BENCH_USB_SECS:-60}
	usb_prof=apc-backups
	if [ ! -x "$UT_USBUPS" ] || [ ! -f "$(usb_profile "$usb_prof")" ]; then
		note "usb: the USB emulator is not built (configure found no umockdev-1.0): skipped"
	else
		# The driver is a descendant of the emulator (which re-runs itself
		# under the umockdev preload): found by its executable.
		driver_pid() { # ROOT_PID EXE
			local p q todo=("$1")
			while [ ${#todo[@]} -gt 0 ]; do
				p=${todo[0]}
				todo=("${todo[@]:1}")
				[ "/proc/$p/exe" -ef "$2" ] 2>/dev/null && { echo "$p"; return 0; }
				for q in $(cat "/proc/$p/task/"*/children 2>/dev/null); do todo+=("$q"); done
			done
			return 1
		}
		for side in "${sides[@]}"; do
			[ -x "$(prog_path "$side" usbhid-ups)" ] || { note "usb: no $side usbhid-ups"; continue; }
			use_dir "$side-usb"
			ut_start_usb "$side" u "$usb_prof" pollinterval=1 pollfreq=3
			dpid=$(driver_pid "$UT_LAST_PID" "$(prog_path "$side" usbhid-ups)") ||
				fail "usb: $side usbhid-ups not found under the emulator"
			sleep 3 # past the start-up reads
			emu u reset-count >/dev/null || fail "usb: the emulator refused reset-count"
			c0=$(cpu_ns "$dpid")
			sleep "$usb_secs"
			read -r _ ctl int <<<"$(emu u count)"
			c1=$(cpu_ns "$dpid")
			R[$side.usb_ctl]=$(awk -v n="$ctl" -v s="$usb_secs" 'BEGIN { printf "%.0f", n * 60 / s }')
			R[$side.usb_int]=$(awk -v n="$int" -v s="$usb_secs" 'BEGIN { printf "%.0f", n * 60 / s }')
			R[$side.usb_cpu]=$(awk -v a="$c0" -v b="$c1" -v s="$usb_secs" \
				'BEGIN { printf "%.1f", (b - a) / 1e6 * 60 / s }')
			stop "$(ut_dirtag)usb-u"
		done
	fi
fi

col() { # metric key -> "| nut | ours |" cells for the sides that ran
	local s cells=
	for s in nut ours; do
		cells+=" ${R[$s.$1]:--} |"
	done
	printf '%s' "$cells"
}
{
	printf '## upsd benchmark, %s\n\n' "$(date -u +%Y-%m-%d)"
	printf 'Machine: %s CPUs, %s, kernel %s. Client: %s, same machine;\n' \
		"$(nproc)" "$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n 1)" \
		"$(uname -r)" "$client"
	printf '%s clients connected by manyclients.py (Python).\n' "$clients"
	printf 'Data: NUT dummy-ups replaying %s (%s variables) behind both servers.\n' \
		"$dev" "${R[nut.list_vars]:-${R[ours.list_vars]:-?}}"
	printf 'GET VAR runs: %s s closed loop. Produced by tests/bench/run.sh.\n\n' "$secs"
	printf '| metric | NUT 2.8.0 upsd | Upsilon upsd |\n|---|---:|---:|\n'
	if part main; then
		printf '| idle RSS (kB) |%s\n' "$(col rss_idle)"
		printf '| peak RSS over the run (kB) |%s\n' "$(col rss_peak)"
		printf '| connect %s clients (s) |%s\n' "$clients" "$(col connect)"
		printf '| answer all %s after connecting (s) |%s\n' "$clients" "$(col answer)"
		printf '| GET VAR req/s, 1 connection |%s\n' "$(col rps1)"
		printf '| GET VAR p50 / p99 ms, 1 connection |%s\n' \
			" ${R[nut.p50_1]:--} / ${R[nut.p99_1]:--} | ${R[ours.p50_1]:--} / ${R[ours.p99_1]:--} |"
		printf '| GET VAR req/s, 100 connections |%s\n' "$(col rps100)"
		printf '| GET VAR p50 / p99 ms, 100 connections |%s\n' \
			" ${R[nut.p50_100]:--} / ${R[nut.p99_100]:--} | ${R[ours.p50_100]:--} / ${R[ours.p99_100]:--} |"
		printf '| LIST VAR p50 / p90 ms |%s\n' \
			" ${R[nut.list_p50]:--} / ${R[nut.list_p90]:--} | ${R[ours.list_p50]:--} / ${R[ours.list_p90]:--} |"
		printf '| server CPU over the run (s) |%s\n' "$(col cpu)"
	fi
	if part abuse; then
		printf '| under abuse: GET VAR p50 / p99 / max ms |%s\n' \
			" ${R[nut.ab_p50]:--} / ${R[nut.ab_p99]:--} / ${R[nut.ab_max]:--} | ${R[ours.ab_p50]:--} / ${R[ours.ab_p99]:--} / ${R[ours.ab_max]:--} |"
		printf '| under abuse: requests waiting 1 s or more |%s\n' "$(col ab_over1s)"
		printf '| under abuse: abusive connections served |%s\n' "$(col ab_conns)"
	fi
	if part instr; then
		printf '| user-space instructions per GET VAR (callgrind) |%s\n' "$(col instr)"
	fi
	if part idle; then
		printf '| idle CPU over 20 s (ms) |%s\n' "$(col idle_cpu)"
		printf '| idle wakeups per minute |%s\n' "$(col wakeups)"
		printf '| %s idle connections: accepted |%s\n' "$idle_clients" "$(col hold_accepted)"
		printf '| %s idle connections: connect time (s) |%s\n' "$idle_clients" "$(col hold_connect)"
		printf '| %s idle connections: KiB per connection |%s\n' "$idle_clients" "$(col hold_kib)"
	fi
	if part usb && [ -n "${R[nut.usb_ctl]:-}${R[ours.usb_ctl]:-}" ]; then
		printf '| usbhid-ups (%s profile, pollinterval 1, pollfreq 3): USB control transfers per minute |%s\n' \
			"$usb_prof" "$(col usb_ctl)"
		printf '| usbhid-ups: interrupt-IN transfers per minute |%s\n' "$(col usb_int)"
		printf '| usbhid-ups: driver CPU per minute (ms) |%s\n' "$(col usb_cpu)"
	fi
} | tee "$out"
note "written to $out"
