#!/usr/bin/env bash
# lib.sh — shared harness of the integration and interop tests (bash).
#
# A test is a script run as `$(SHELL) NNN-name.sh` by `make check` (also by hand:
# `sh tests/integration/NNN-name.sh` from a build dir). Its FIRST command must be
#     . "$(dirname "$0")/lib.sh"            (interop: "$(dirname "$0")/../integration/lib.sh")
# Everything after that line may use bash: when sourced by another shell (dash is
# /bin/sh on Debian) lib.sh re-executes the test under bash, wrapped in `timeout`
# so that a hung test is stopped (and cleaned up) after $UT_TIMEOUT seconds.
#
# Exit status of a test: 0 pass, 1 fail, 77 skip (automake convention).
#
# ---------------------------------------------------------------- environment
#   top_srcdir, top_builddir  exported by `make check`; otherwise top_srcdir is
#                        found from this file's location and top_builddir by
#                        walking up from $PWD to a directory with config.status
#                        (falling back to top_srcdir, then to top_srcdir/build).
#   UT_TIMEOUT=SEC       whole-test watchdog (default 120; set before sourcing).
#   UT_OURS=nut          make "ours" mean NUT's programs: runs our own tests
#                        against the reference implementation (validates the
#                        tests and, for interop tests, the comparison logic).
#   UT_KEEP=1            keep the temp dir (its path is printed at exit).
#   UT_DDL_DIR=DIR       extra place where dev_path looks for .dev files.
#   UT_NUT_PREFIX=DIR    look for NUT's programs under DIR (DIR/lib/nut/upsd,
#                        DIR/usr/bin/upsc ...) and for PyNUT in
#                        DIR/usr/lib/python3/dist-packages instead of the
#                        system's; an empty DIR hides NUT, to see what each
#                        test does without it (UT_NUT_PREFIX=/nonexistent).
# Set by lib.sh: UT_NAME (test name), UT_TMP (private temp dir, removed at exit),
#   UT_DIR (current instance dir, see use_dir), UT_LOGDIR (daemon logs),
#   UT_LIBDIR (this directory), UT_PYTHON (python3 for helper scripts),
#   LC_ALL=C (exported),
#   NUT_CONFPATH = NUT_STATEPATH = NUT_ALTPIDPATH = NUT_PIDPATH = $UT_DIR
#   (exported; every other NUT_* variable inherited from the caller is unset),
#   UPSD_PORT (port of the current instance's upsd, once written/started),
#   UPSD_ADDR (127.0.0.1:$UPSD_PORT), UT_ROOT_ARGS ("-u root" when run as root).
#
# ---------------------------------------------------------------- programs
#   "impl" arguments are `ours` or `nut`; where a helper shows [impl] it is an
#   optional first argument, default `ours`.
#   prog_path IMPL PROG      print the path of a program: ours = the build tree
#                            (server/upsd, drivers/<driver>, drivers/upsdrvctl,
#                            clients/<client>), nut = Debian's NUT 2.8.0
#                            (/lib/nut/upsd, /lib/nut/<driver>, /usr/bin/upsc,
#                            /usr/sbin/upsdrvctl ...).
#   need_nut                 skip (77) unless NUT's upsd, dummy-ups and upsc exist.
#   need_pynut               skip unless /usr/bin/python3 can import PyNUT.
#   nut_has PROG...          true when each of NUT's PROGs is installed (for a
#                            test with a part that compares with NUT: see
#                            skip_part).
#   need_ours PROG...        skip unless our PROG(s) are built (e.g. upsd dummy-ups).
#   need_cmd CMD...          skip unless each CMD is in $PATH.
#
# ---------------------------------------------------------------- directories, config
#   use_dir [NAME]           switch the current instance dir to $UT_TMP/NAME
#                            (created; no NAME = $UT_TMP itself) and re-export
#                            NUT_* to it. Use one dir per upsd: two servers in
#                            one test each get their own dir, config and sockets.
#   dev_path NAME            print the full path of a .dev/.seq file, looked up in
#                            tests/data/ddl, tests/data,
#                            $UT_DDL_DIR and ../shared/data/ddl beside the tree.
#   use_dev NAME [DEST]      copy that file into $UT_DIR (as DEST, default NAME).
#   add_ups NAME DRIVER PORT [KEY=VALUE...]   append a section to ups.conf
#                            (VALUE quoted and escaped when it needs to be).
#   write_ups_conf           ups.conf from stdin (replaces the file).
#   write_upsd_conf [LINE...] pick a free port (sets UPSD_PORT) and write
#                            upsd.conf: "LISTEN 127.0.0.1 <port>" then LINEs.
#   write_upsd_users         upsd.users from stdin, mode 600.
#   add_user NAME PASSWORD [LINE...]  append a user section to upsd.users (600).
#   set_dev_var FILE VAR VALUE  set (or add) "VAR: VALUE" in a .dev file in
#                            $UT_DIR, replacing the file atomically and making
#                            sure its mtime changes (dummy-ups polls it).
#   free_port                print a TCP port free on 127.0.0.1 (not yet used in
#                            this test; 20000-32000, below the ephemeral range).
#
# ---------------------------------------------------------------- processes
#   start_bg NAME CMD...     run CMD in the background, output to
#                            $UT_LOGDIR/NAME.log; pid in UT_LAST_PID and
#                            ${UT_PID[NAME]}; stopped at exit whatever happens.
#   start_driver [impl] UPS [ARG...]  start the driver ups.conf names for UPS
#                            (-a UPS -F, -u root as root); wait until its socket
#                            <driver>-<UPS> exists in $UT_DIR; fail() if it does
#                            not within 10 s. Name (log_of, stop): <dir.>driver-UPS.
#   start_drivers [impl] UPS...  the same for several UPSes, started in parallel.
#                            With UT_NOWAIT=1 set for the call, the start_driver*
#                            functions do not wait: call wait_drivers UPS... later
#                            (in the same dir) to start several dirs at once.
#   start_upsd [impl] [ARG...]  start upsd (-F, -u root as root) on the current
#                            dir; writes upsd.conf (write_upsd_conf) and an empty
#                            upsd.users when missing; waits until it accepts
#                            connections; retries on another port when the one
#                            picked was taken meanwhile. Name: <dir.>upsd.
#   register_pid PID [NAME]  have cleanup stop a pid started some other way
#                            (e.g. a driver that upsdrvctl forked).
#   adopt_pidfile FILE [NAME]  register_pid the pid in FILE (waits up to 5 s).
#   pid_alive PID            true while PID runs (zombies count as dead).
#   stop NAME | stop_pid PID  TERM, wait up to 5 s, then KILL; reaps it and sets
#                            UT_LAST_RC to its exit status (127 when it was not
#                            a child of the test shell).
#   log_of NAME              print the path of NAME's log file.
#   At exit (pass, fail, skip, signal, watchdog) every started/registered pid,
#   and any process whose pid file lies under $UT_TMP and whose environment
#   points NUT_STATEPATH into $UT_TMP, is stopped by pid, then $UT_TMP removed.
#   On failure the logs are printed. A sanitizer report (AddressSanitizer,
#   LeakSanitizer, "runtime error:") in any log turns a pass into a failure.
#
# ---------------------------------------------------------------- waiting, protocol
#   wait_until SEC CMD...    run CMD every 50-100 ms until it succeeds (return 0)
#                            or SEC (decimals allowed) pass (return 1). No other
#                            waiting primitive should be needed.
#   wait_port PORT [SEC]     wait until 127.0.0.1:PORT accepts a connection.
#   nut_cmd LINE [PORT]      send one protocol line to upsd (default $UPSD_PORT)
#                            and print the reply (one line, or a whole
#                            BEGIN LIST..END LIST block); return 1 when none came
#                            within 3 s. Pure bash, cheap enough to poll with.
#   nut_getvar UPS VAR [PORT]  print VAR's value (unquoted, unescaped) or return 1.
#   wait_status UPS [SEC]    wait (default 15 s) until GET VAR UPS ups.status
#                            gives a value other than WAIT; fail() otherwise.
#   expect_var UPS VAR VALUE [SEC]  wait (default 15 s) until VAR is exactly
#                            VALUE; fail() with the last value seen otherwise.
#   expect_status UPS VALUE [SEC]  expect_var UPS ups.status VALUE [SEC].
#   NB: `wait_until 5 test "$(cmd)" == x` evaluates cmd ONCE; poll a function.
#   nutclient ARG...         run nutclient.py (raw protocol client: sequential
#                            or pipelined lines, see its --help).
#   upsc_run [impl] ARG...   run upsc with ARGs (stderr to stderr).
#   upsc_all [impl] UPS      print `upsc UPS@$UPSD_ADDR` (all variables), stderr dropped.
#
# ---------------------------------------------------------------- assertions
#   run CMD...               run CMD, set OUT (stdout), ERR (stderr), RC; never fails.
#   fail MSG...              print "FAIL: MSG" and exit 1 (from a subshell, e.g.
#                            $(...) or a pipeline, the whole test exits 1 as soon
#                            as the current command is done).
#   skip MSG...              print "SKIP: MSG" and exit 77.
#   skip_part MSG...         a part of the test could not run (typically the
#                            comparison with NUT, not installed): print
#                            "SKIP-PART: MSG" and go on. The rest of the test
#                            still passes or fails as usual, and
#                            tests/part-driver.sh adds one SKIP per such line
#                            to the tally, so a missing comparison never reads
#                            as a PASS.
#   note MSG...              print "# MSG".
#   assert_eq EXPECTED ACTUAL [WHAT]      assert_ne UNEXPECTED ACTUAL [WHAT]
#   assert_contains TEXT NEEDLE [WHAT]    assert_not_contains TEXT NEEDLE [WHAT]
#   assert_match TEXT ERE [WHAT]          (bash =~ extended regex)
#   assert_rc EXPECTED CMD...             run CMD (via run) and compare its exit status
#   assert_files_eq A B [WHAT]            fail with a unified diff when they differ
#   assert_true CMD...  / assert_false CMD...

# ---------------------------------------------------------------- bootstrap
# Re-execute under bash (and under the watchdog). Kept POSIX: dash parses and
# runs a sourced file one command at a time, so it never sees what follows.
if [ -z "${BASH_VERSION:-}" ] || [ -z "${UT_WATCHED:-}" ]; then
	UT_WATCHED=1
	export UT_WATCHED
	if command -v timeout >/dev/null 2>&1; then
		exec timeout -k 10 "${UT_TIMEOUT:-120}" bash "$0" "$@"
	fi
	[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@"
fi

UT_LIBDIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
UT_NAME=$(basename "$0" .sh)
UT_PYTHON=/usr/bin/python3
[ -x "$UT_PYTHON" ] || UT_PYTHON=$(command -v python3 || echo python3)

ut_find_builddir() {
	local d=$PWD
	while [ "$d" != / ]; do
		if [ -f "$d/config.status" ]; then
			echo "$d"
			return 0
		fi
		d=$(dirname "$d")
	done
	if [ -f "$top_srcdir/config.status" ]; then
		echo "$top_srcdir"
	else
		echo "$top_srcdir/build"
	fi
}
top_srcdir=${top_srcdir:-$(cd "$UT_LIBDIR/../.." && pwd)}
top_builddir=${top_builddir:-$(ut_find_builddir)}
export top_srcdir top_builddir

export LC_ALL=C

# Hermetic NUT environment: nothing inherited, everything inside the temp dir.
for ut_v in $(env | sed -n 's/^\(NUT_[A-Za-z0-9_]*\)=.*/\1/p'); do
	unset "$ut_v"
done
unset ut_v

UT_TMP=$(mktemp -d "${TMPDIR:-/tmp}/upsilon-$UT_NAME.XXXXXX") || {
	echo "FAIL: cannot create a temp dir" >&2
	exit 1
}
UT_LOGDIR=$UT_TMP/log
mkdir -p "$UT_LOGDIR"
UT_ROOT_ARGS=()
[ "$(id -u)" -eq 0 ] && UT_ROOT_ARGS=(-u root)

declare -A UT_PID=()      # name -> pid (latest)
declare -A UT_PORTS=()    # instance dir -> upsd port
declare -A UT_USED_PORT=() # ports handed out in this test
UT_PIDS=()                # every pid to stop at exit
UT_LAST_PID=
UT_LAST_RC=
UT_DIR=
UPSD_PORT=
UPSD_ADDR=

# ---------------------------------------------------------------- messages, assertions
note() { printf '# %s\n' "$*"; }
fail() {
	printf 'FAIL: %s: %s\n' "$UT_NAME" "$*" >&2
	# In a subshell ($(...), a pipeline): make the test itself fail too.
	[ "$BASHPID" != "$UT_MAIN_PID" ] && kill -USR1 "$UT_MAIN_PID" 2>/dev/null
	exit 1
}
skip() {
	printf 'SKIP: %s: %s\n' "$UT_NAME" "$*"
	exit 77
}
skip_part() {
	printf 'SKIP-PART: %s: %s\n' "$UT_NAME" "$*"
}

run() {
	local o e
	o=$(mktemp "$UT_TMP/.out.XXXXXX")
	e=$(mktemp "$UT_TMP/.err.XXXXXX")
	"$@" >"$o" 2>"$e"
	RC=$?
	OUT=$(cat "$o")
	ERR=$(cat "$e")
	rm -f "$o" "$e"
	return 0
}

assert_eq() {
	[ "$1" == "$2" ] ||
		fail "${3:-values differ}: expected [$1], got [$2]"
}
assert_ne() {
	[ "$1" != "$2" ] || fail "${3:-values equal}: did not expect [$1]"
}
assert_contains() {
	[[ "$1" == *"$2"* ]] || fail "${3:-missing text}: [$2] not found in:"$'\n'"$1"
}
assert_not_contains() {
	[[ "$1" != *"$2"* ]] || fail "${3:-unexpected text}: [$2] found in:"$'\n'"$1"
}
assert_match() {
	[[ "$1" =~ $2 ]] || fail "${3:-no match}: /$2/ does not match:"$'\n'"$1"
}
assert_rc() {
	local want=$1
	shift
	run "$@"
	[ "$RC" == "$want" ] ||
		fail "exit status of [$*]: expected $want, got $RC; stdout: [$OUT] stderr: [$ERR]"
}
assert_files_eq() {
	local d
	d=$(diff -u "$1" "$2") || fail "${3:-files differ}: $1 vs $2"$'\n'"$d"
}
assert_true() { "$@" || fail "command failed: $*"; }
assert_false() { ! "$@" || fail "command unexpectedly succeeded: $*"; }

# ---------------------------------------------------------------- programs
prog_path() {
	local impl=$1 prog=$2
	[ "$impl" == ours ] && [ "${UT_OURS:-}" == nut ] && impl=nut
	case $impl:$prog in
	ours:upsd) echo "$top_builddir/server/upsd" ;;
	ours:upsdrvctl) echo "$top_builddir/drivers/upsdrvctl" ;;
	ours:upsc | ours:upscmd | ours:upsrw | ours:upslog | ours:upsmon | ours:upssched)
		echo "$top_builddir/clients/$prog" ;;
	ours:*) echo "$top_builddir/drivers/$prog" ;;
	nut:upsc | nut:upscmd | nut:upsrw | nut:upslog) echo "${UT_NUT_PREFIX:-}/usr/bin/$prog" ;;
	nut:upsdrvctl) echo "${UT_NUT_PREFIX:-}/usr/sbin/upsdrvctl" ;;
	nut:upssched) echo "${UT_NUT_PREFIX:-}/usr/sbin/upssched" ;;
	nut:*) echo "${UT_NUT_PREFIX:-}/lib/nut/$prog" ;;
	*) fail "prog_path: unknown implementation '$impl'" ;;
	esac
}

nut_has() {
	local p
	for p in "$@"; do
		[ -x "$(prog_path nut "$p")" ] || return 1
	done
}
need_nut() {
	local p
	for p in upsd dummy-ups upsc; do
		nut_has "$p" || skip "NUT 2.8.0 reference programs not installed ($(prog_path nut "$p"))"
	done
}
need_pynut() {
	if [ -n "${UT_NUT_PREFIX:-}" ]; then
		[ -f "$UT_NUT_PREFIX/usr/lib/python3/dist-packages/PyNUT.py" ] ||
			skip "python3-nut (PyNUT) not installed under UT_NUT_PREFIX=$UT_NUT_PREFIX"
		export PYTHONPATH=$UT_NUT_PREFIX/usr/lib/python3/dist-packages${PYTHONPATH:+:$PYTHONPATH}
	fi
	/usr/bin/python3 -c 'import PyNUT' 2>/dev/null || skip "python3-nut (PyNUT) not installed"
}
need_ours() {
	local p path
	for p in "$@"; do
		path=$(prog_path ours "$p")
		[ -x "$path" ] || skip "$p not built yet ($path)"
	done
}
need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "$c not installed"
	done
}

# ---------------------------------------------------------------- directories, config
use_dir() {
	if [ -n "${1:-}" ]; then
		UT_DIR=$UT_TMP/$1
		mkdir -p -m 700 "$UT_DIR"
	else
		UT_DIR=$UT_TMP
	fi
	NUT_CONFPATH=$UT_DIR NUT_STATEPATH=$UT_DIR NUT_ALTPIDPATH=$UT_DIR NUT_PIDPATH=$UT_DIR
	export NUT_CONFPATH NUT_STATEPATH NUT_ALTPIDPATH NUT_PIDPATH
	UPSD_PORT=${UT_PORTS[$UT_DIR]:-}
	UPSD_ADDR=${UPSD_PORT:+127.0.0.1:$UPSD_PORT}
}

# Log/process name prefix of the current dir ("" for the top dir, "ours." ...).
ut_dirtag() {
	[ "$UT_DIR" == "$UT_TMP" ] && return 0
	printf '%s.' "$(basename "$UT_DIR")"
}

dev_path() {
	local d
	case $1 in /*)
		echo "$1"
		return 0
		;;
	esac
	for d in "$top_srcdir/tests/data/ddl" "$top_srcdir/tests/data" \
		${UT_DDL_DIR:+"$UT_DDL_DIR"} "$top_srcdir/../shared/data/ddl"; do
		if [ -f "$d/$1" ]; then
			echo "$d/$1"
			return 0
		fi
	done
	fail "dev_path: $1 not found"
}
use_dev() {
	local src
	src=$(dev_path "$1") || exit 1
	cp "$src" "$UT_DIR/${2:-$(basename "$1")}" || fail "cannot copy $src"
	chmod u+w "$UT_DIR/${2:-$(basename "$1")}"
}

add_ups() {
	local name=$1 driver=$2 port=$3 kv v
	shift 3
	{
		printf '[%s]\n\tdriver = %s\n\tport = %s\n' "$name" "$driver" "$port"
		for kv in "$@"; do
			v=${kv#*=}
			case $v in
			*[[:space:]\"\\=#]* | '')
				v=${v//\\/\\\\}
				printf '\t%s = "%s"\n' "${kv%%=*}" "${v//\"/\\\"}"
				;;
			*) printf '\t%s = %s\n' "${kv%%=*}" "$v" ;;
			esac
		done
	} >>"$UT_DIR/ups.conf"
}
write_ups_conf() { cat >"$UT_DIR/ups.conf"; }

free_port() {
	"$UT_PYTHON" - "${!UT_USED_PORT[@]}" <<'EOF'
import random, socket, sys
used = set(int(p) for p in sys.argv[1:])
for _ in range(200):
    p = random.randint(20000, 32000)
    if p in used:
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    sys.exit(0)
sys.exit(1)
EOF
}

UT_UPSD_CONF_EXTRA=() # lines of the last write_upsd_conf, for a retry
write_upsd_conf() {
	local port
	port=$(free_port) || fail "no free port"
	UT_USED_PORT[$port]=1
	UT_UPSD_CONF_EXTRA=("$@")
	{
		printf 'LISTEN 127.0.0.1 %s\n' "$port"
		[ $# -gt 0 ] && printf '%s\n' "$@"
	} >"$UT_DIR/upsd.conf"
	chmod 640 "$UT_DIR/upsd.conf"
	UT_PORTS[$UT_DIR]=$port
	UPSD_PORT=$port
	UPSD_ADDR=127.0.0.1:$port
}
write_upsd_users() {
	(umask 077 && cat >"$UT_DIR/upsd.users")
	chmod 600 "$UT_DIR/upsd.users"
}
add_user() {
	local name=$1 pass=$2
	shift 2
	(umask 077 && {
		printf '[%s]\n\tpassword = %s\n' "$name" "$pass"
		[ $# -gt 0 ] && printf '\t%s\n' "$@"
	} >>"$UT_DIR/upsd.users")
	chmod 600 "$UT_DIR/upsd.users"
}

ut_mtime() { stat -c %Y "$1" 2>/dev/null; }
set_dev_var() {
	local f=$1 var=$2 val=$3 old tmp
	case $f in /*) ;; *) f=$UT_DIR/$f ;; esac
	[ -f "$f" ] || fail "set_dev_var: no file $f"
	old=$(ut_mtime "$f")
	tmp=$f.tmp.$$
	awk -v var="$var" -v val="$val" '
		index($0, var ":") == 1 && !done { print var ": " val; done = 1; next }
		{ print }
		END { if (!done) print var ": " val }' "$f" >"$tmp" || fail "set_dev_var: awk"
	# Same-second rewrites would keep the mtime: push it forward so a poller sees it.
	if [ "$(ut_mtime "$tmp")" -le "$old" ]; then
		touch -d "@$((old + 1))" "$tmp"
	fi
	mv -f "$tmp" "$f"
}

# ---------------------------------------------------------------- processes
pid_alive() {
	local st
	if [ -r "/proc/$1/stat" ]; then
		read -r st <"/proc/$1/stat" 2>/dev/null || return 1
		st=${st##*) }
		[ "${st%% *}" != Z ]
	else
		kill -0 "$1" 2>/dev/null
	fi
}

start_bg() {
	local name=$1
	shift
	"$@" >>"$UT_LOGDIR/$name.log" 2>&1 </dev/null &
	UT_LAST_PID=$!
	UT_PIDS+=("$UT_LAST_PID")
	UT_PID[$name]=$UT_LAST_PID
}
register_pid() {
	UT_PIDS+=("$1")
	[ -n "${2:-}" ] && UT_PID[$2]=$1
	return 0
}
adopt_pidfile() {
	local pid
	wait_until 5 test -s "$1" || fail "no pid file $1"
	read -r pid <"$1"
	register_pid "$pid" "${2:-}"
	UT_LAST_PID=$pid
}
log_of() { echo "$UT_LOGDIR/$1.log"; }

stop_pid() {
	local pid=$1
	UT_LAST_RC=
	if pid_alive "$pid"; then
		kill -TERM "$pid" 2>/dev/null
		if ! wait_until 5 ut_dead "$pid"; then
			note "pid $pid ignored SIGTERM for 5 s; sending SIGKILL"
			kill -KILL "$pid" 2>/dev/null
			wait_until 5 ut_dead "$pid"
		fi
	fi
	# Reap it and get its exit status (127: not our child, e.g. a forked driver).
	if ! pid_alive "$pid"; then
		wait "$pid" 2>/dev/null
		UT_LAST_RC=$?
	fi
	return 0
}
ut_dead() { ! pid_alive "$1"; }
stop() {
	[ -n "${UT_PID[$1]:-}" ] || fail "stop: nothing started as '$1'"
	stop_pid "${UT_PID[$1]}"
}

# The driver ups.conf names for UPS in the current dir.
ut_driver_of() {
	awk -v ups="$1" '
		/^[[:space:]]*\[/ { gsub(/[][[:space:]]/, ""); cur = $0; next }
		cur == ups && $1 == "driver" { sub(/^[^=]*=[[:space:]]*/, ""); gsub(/"/, ""); print; exit }
		' "$UT_DIR/ups.conf" 2>/dev/null
}

start_driver() {
	local impl=ours
	case ${1:-} in ours | nut)
		impl=$1
		shift
		;;
	esac
	ut_start_drivers "$impl" "$1" -- "${@:2}"
}
start_drivers() {
	local impl=ours
	case ${1:-} in ours | nut)
		impl=$1
		shift
		;;
	esac
	ut_start_drivers "$impl" "$@" --
}
# ut_start_drivers IMPL UPS... -- ARG...: start them all, then wait for all.
ut_start_drivers() {
	local impl=$1 ups driver path i
	local upses=() paths=() names=() socks=() pids=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		ups=$1
		shift
		driver=$(ut_driver_of "$ups")
		[ -n "$driver" ] || fail "start_driver: no driver for [$ups] in $UT_DIR/ups.conf"
		path=$(prog_path "$impl" "$driver")
		[ -x "$path" ] || fail "start_driver: $path not executable"
		upses+=("$ups")
		paths+=("$path")
		names+=("$(ut_dirtag)$driver-$ups")
		socks+=("$UT_DIR/$driver-$ups")
	done
	shift
	for i in "${!upses[@]}"; do
		start_bg "${names[i]}" "${paths[i]}" -a "${upses[i]}" -F "${UT_ROOT_ARGS[@]}" "$@"
		pids+=("$UT_LAST_PID")
	done
	[ -n "${UT_NOWAIT:-}" ] && return 0
	for i in "${!upses[@]}"; do
		ut_wait_socket "${socks[i]}" "${pids[i]}" "${names[i]}"
	done
}
# wait_drivers UPS...: wait for drivers started with UT_NOWAIT=1 (current dir).
wait_drivers() {
	local ups driver name
	for ups in "$@"; do
		driver=$(ut_driver_of "$ups")
		name=$(ut_dirtag)$driver-$ups
		[ -n "${UT_PID[$name]:-}" ] || fail "wait_drivers: $name was not started"
		ut_wait_socket "$UT_DIR/$driver-$ups" "${UT_PID[$name]}" "$name"
	done
}
ut_wait_socket() { # SOCKET PID NAME
	wait_until 10 ut_sock_or_dead "$1" "$2"
	[ -S "$1" ] || fail "driver $3 did not create $1" \
		"(alive: $(pid_alive "$2" && echo yes || echo no))"$'\n'"$(cat "$(log_of "$3")")"
}
ut_sock_or_dead() { [ -S "$1" ] || ! pid_alive "$2"; }

ut_port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
wait_port() { wait_until "${2:-10}" ut_port_open "$1"; }
ut_upsd_ready() { ! pid_alive "$2" || ut_port_open "$1"; }

start_upsd() {
	local impl=ours path name pid
	case ${1:-} in ours | nut)
		impl=$1
		shift
		;;
	esac
	path=$(prog_path "$impl" upsd)
	[ -x "$path" ] || fail "start_upsd: $path not executable"
	[ -f "$UT_DIR/upsd.conf" ] || write_upsd_conf
	[ -f "$UT_DIR/upsd.users" ] || write_upsd_users </dev/null
	[ -n "$UPSD_PORT" ] || UPSD_PORT=$(awk '$1 == "LISTEN" { print $3; exit }' "$UT_DIR/upsd.conf")
	[ -n "$UPSD_PORT" ] || fail "start_upsd: no LISTEN port in $UT_DIR/upsd.conf"
	UT_PORTS[$UT_DIR]=$UPSD_PORT
	UPSD_ADDR=127.0.0.1:$UPSD_PORT
	name=$(ut_dirtag)upsd
	for _ in 1 2 3; do
		start_bg "$name" "$path" -F "${UT_ROOT_ARGS[@]}" "$@"
		pid=$UT_LAST_PID
		wait_until 10 ut_upsd_ready "$UPSD_PORT" "$pid"
		if pid_alive "$pid" && ut_port_open "$UPSD_PORT"; then
			UT_LAST_PID=$pid
			return 0
		fi
		stop_pid "$pid"
		# Only a port we picked ourselves may be replaced (a race with another test).
		if [ "$(head -n 1 "$UT_DIR/upsd.conf")" == "LISTEN 127.0.0.1 $UPSD_PORT" ] &&
			grep -qi 'listen\|bind\|address' "$(log_of "$name")"; then
			note "upsd could not listen on $UPSD_PORT; trying another port"
			write_upsd_conf "${UT_UPSD_CONF_EXTRA[@]}"
			continue
		fi
		break
	done
	fail "$impl upsd did not start (exit status $UT_LAST_RC)"$'\n'"$(cat "$(log_of "$name")")"
}

# ---------------------------------------------------------------- waiting, protocol
ut_now_ms() {
	local t=${EPOCHREALTIME/[.,]/}
	echo $((t / 1000))
}
ut_secs_to_ms() {
	local s=$1 i f
	i=${s%%.*}
	[ "$i" == "$s" ] && f= || f=${s#*.}
	f=${f}000
	echo $((10#${i:-0} * 1000 + 10#${f:0:3}))
}
wait_until() {
	local deadline n=0
	deadline=$(($(ut_now_ms) + $(ut_secs_to_ms "$1")))
	shift
	while :; do
		"$@" && return 0
		[ "$(ut_now_ms)" -ge "$deadline" ] && return 1
		n=$((n + 1))
		if [ $n -lt 20 ]; then sleep 0.05; else sleep 0.1; fi
	done
}

nut_cmd() {
	local line=$1 port=${2:-$UPSD_PORT} reply
	[ -n "$port" ] || fail "nut_cmd: no upsd port"
	{ exec {ut_fd}<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || return 1
	printf '%s\n' "$line" >&$ut_fd
	local rc=1
	if IFS= read -r -t 3 reply <&$ut_fd; then
		rc=0
		printf '%s\n' "$reply"
		if [[ $reply == "BEGIN LIST"* ]]; then
			while IFS= read -r -t 3 reply <&$ut_fd; do
				printf '%s\n' "$reply"
				[[ $reply == "END LIST"* ]] && break
			done
		fi
	fi
	# Just close: a LOGOUT written after the server closed could raise SIGPIPE.
	exec {ut_fd}>&-
	return $rc
}

# Unquote a protocol value: "a \"b\" \\c" -> a "b" \c
ut_unquote() {
	local s=$1 out="" c
	s=${s#\"}
	s=${s%\"}
	while [ -n "$s" ]; do
		c=${s:0:1}
		if [ "$c" == '\' ]; then
			c=${s:1:1}
			s=${s:2}
		else
			s=${s:1}
		fi
		out+=$c
	done
	printf '%s\n' "$out"
}
nut_getvar() {
	local reply prefix="VAR $1 $2 "
	reply=$(nut_cmd "GET VAR $1 $2" "${3:-}") || return 1
	[[ $reply == "$prefix"* ]] || return 1
	ut_unquote "${reply#"$prefix"}"
}
ut_status_real() {
	local v
	v=$(nut_getvar "$1" ups.status) || return 1
	UT_STATUS_SEEN=$v
	[ "$v" != WAIT ]
}
wait_status() {
	UT_STATUS_SEEN="<no reply>"
	wait_until "${2:-15}" ut_status_real "$1" ||
		fail "ups $1: no ups.status after ${2:-15} s (last: $UT_STATUS_SEEN, reply: $(nut_cmd "GET VAR $1 ups.status"))"
}
ut_var_is() {
	local v
	v=$(nut_getvar "$1" "$2") || return 1
	UT_VAR_SEEN=$v
	[ "$v" == "$3" ]
}
expect_var() {
	UT_VAR_SEEN="<no reply>"
	wait_until "${4:-15}" ut_var_is "$1" "$2" "$3" ||
		fail "ups $1: $2 not [$3] after ${4:-15} s (last: [$UT_VAR_SEEN])"
}
expect_status() { expect_var "$1" ups.status "$2" "${3:-15}"; }

nutclient() { "$UT_PYTHON" "$UT_LIBDIR/nutclient.py" "$@"; }
upsc_run() {
	local impl=ours
	case ${1:-} in ours | nut)
		impl=$1
		shift
		;;
	esac
	"$(prog_path "$impl" upsc)" "$@"
}
upsc_all() {
	local impl=ours
	case ${1:-} in ours | nut)
		impl=$1
		shift
		;;
	esac
	"$(prog_path "$impl" upsc)" "$1@$UPSD_ADDR" 2>/dev/null
}

# ---------------------------------------------------------------- cleanup
# Processes that forked away from us (upsdrvctl's drivers) but left a pid file
# in our temp dir, and whose environment proves they were started for it.
ut_stray_pids() {
	local f pid
	while IFS= read -r f; do
		read -r pid <"$f" 2>/dev/null || continue
		[[ $pid =~ ^[0-9]+$ ]] || continue
		pid_alive "$pid" || continue
		tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null |
			grep -q "^NUT_STATEPATH=$UT_TMP" && echo "$pid"
	done < <(find "$UT_TMP" -name '*.pid' -type f 2>/dev/null)
}

ut_cleanup() {
	local rc=$? pid live=() f
	trap - EXIT INT TERM HUP
	for pid in "${UT_PIDS[@]}" $(ut_stray_pids); do
		pid_alive "$pid" && kill -TERM "$pid" 2>/dev/null && live+=("$pid")
	done
	for pid in "${live[@]}"; do
		wait_until 5 ut_dead "$pid" || kill -KILL "$pid" 2>/dev/null
	done
	for pid in "${live[@]}"; do
		wait_until 5 ut_dead "$pid" || echo "WARNING: pid $pid survived SIGKILL" >&2
	done
	if [ "$rc" -eq 0 ] || [ "$rc" -eq 77 ]; then
		for f in "$UT_LOGDIR"/*.log; do
			[ -f "$f" ] || continue
			if grep -q 'ERROR: AddressSanitizer\|ERROR: LeakSanitizer\|runtime error:' "$f"; then
				echo "FAIL: $UT_NAME: sanitizer report in $(basename "$f")" >&2
				rc=1
			fi
		done
	fi
	if [ "$rc" -ne 0 ] && [ "$rc" -ne 77 ]; then
		[ "$rc" -eq 124 ] || [ "$rc" -eq 143 ] && echo "FAIL: $UT_NAME: stopped (signal or ${UT_TIMEOUT:-120} s watchdog)" >&2
		for f in "$UT_LOGDIR"/*.log; do
			[ -s "$f" ] || continue
			echo "----- $(basename "$f") (last 60 lines)" >&2
			tail -n 60 "$f" >&2
		done
	fi
	if [ -n "${UT_KEEP:-}" ]; then
		echo "# kept $UT_TMP" >&2
	else
		rm -rf "$UT_TMP"
	fi
	exit "$rc"
}
trap ut_cleanup EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
trap 'exit 1' USR1 # fail() called in a subshell
UT_MAIN_PID=$BASHPID

use_dir
