# usblib.sh — helpers for tests on emulated USB UPSes (tests/emulators/usbups).
# Source it after lib.sh:
#     . "$(dirname "$0")/lib.sh"
#     . "$UT_LIBDIR/usblib.sh"
#
#   need_umockdev            skip (77) unless usbups was built (configure found
#                            umockdev-1.0) and libumockdev-preload.so.0 exists.
#   usb_profile PROFILE      print the path of a profile: a path as given, else
#                            tests/emulators/profiles/PROFILE.profile.
#   start_usb_driver UPS PROFILE [KEY=VALUE...] [ARG...]
#                            run our usbhid-ups as UPS under usbups with
#                            PROFILE: adds [UPS] (driver usbhid-ups, port auto,
#                            the KEY=VALUEs) to ups.conf in the current dir
#                            unless it has one, starts
#                              usbups -l LOG -c SOCK PROFILE -- usbhid-ups -a UPS -F [-u root] ARG...
#                            and waits (10 s) for the driver socket
#                            $UT_DIR/usbhid-ups-UPS. Process name (stop,
#                            log_of): <dir.>usb-UPS; its pid in UT_LAST_PID.
#   start_nut_usb_driver UPS PROFILE [KEY=VALUE...] [ARG...]
#                            the same with NUT 2.8.0's /lib/nut/usbhid-ups.
#   emu UPS REQUEST...       send one request line to UPS's emulator control
#                            socket, print the reply; return 1 on "ERR ..." or
#                            no reply within 5 s (fail() is up to the caller).
#   emu_log UPS              print the path of UPS's emulator request log
#                            (GET_REPORT/SET_REPORT/... one line each, and
#                            "CTL <request>" for each control request).
#   emu_sock UPS             print the path of UPS's control socket.
# Requests (see tests/emulators/README.md): set PATH VALUE, get PATH, unplug,
# replug, stall on|off, delay MS, short N, badid on|off, raw TYPE ID HEX, count,
# reset-count, log, quit;
# "@N request" addresses device N of a multi-profile emulator.

UT_USBUPS=$top_builddir/tests/emulators/usbups

need_umockdev() {
	[ -x "$UT_USBUPS" ] ||
		skip "USB emulator not built ($UT_USBUPS): configure did not find umockdev-1.0 (apt-get install libumockdev-dev umockdev)"
	local d found=
	for d in /usr/lib/x86_64-linux-gnu /usr/lib64 /usr/lib /usr/local/lib \
		/usr/lib/"$(uname -m)"-linux-gnu; do
		[ -e "$d/libumockdev-preload.so.0" ] && found=1
	done
	[ -n "$found" ] || ldconfig -p 2>/dev/null | grep -q 'libumockdev-preload\.so\.0' ||
		skip "libumockdev-preload.so.0 not installed (apt-get install umockdev)"
}

usb_profile() {
	case $1 in
	*/*) echo "$1" ;;
	*) echo "$top_srcdir/tests/emulators/profiles/$1.profile" ;;
	esac
}

emu_sock() { echo "$UT_DIR/usbemu-$1.ctl"; }
emu_log() { echo "$UT_LOGDIR/$(ut_dirtag)usbemu-$1.requests"; }

# ut_start_usb IMPL UPS PROFILE [KEY=VALUE...] [ARG...]
ut_start_usb() {
	local impl=$1 ups=$2 profile path name sock a
	local kv=() args=()
	profile=$(usb_profile "$3")
	shift 3
	[ -f "$profile" ] || fail "start_usb_driver: no profile $profile"
	for a in "$@"; do
		case $a in
		-*) args+=("$a") ;;
		*=*) kv+=("$a") ;;
		*) args+=("$a") ;;
		esac
	done
	path=$(prog_path "$impl" usbhid-ups)
	[ -x "$path" ] || fail "start_usb_driver: $path not executable"
	if [ -z "$(ut_driver_of "$ups")" ]; then
		add_ups "$ups" usbhid-ups auto "${kv[@]}"
	fi
	sock=$(emu_sock "$ups")
	name=$(ut_dirtag)usb-$ups
	# env execs: the pid kept is the emulator's.
	start_bg "$name" env LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}fast_unwind_on_malloc=0:suppressions=$top_srcdir/tests/emulators/lsan-umockdev.supp" \
		"$UT_USBUPS" -l "$(emu_log "$ups")" -c "$sock" "$profile" -- \
		"$path" -a "$ups" -F "${UT_ROOT_ARGS[@]}" "${args[@]}"
	local pid=$UT_LAST_PID
	ut_wait_socket "$UT_DIR/usbhid-ups-$ups" "$pid" "$name"
	wait_until 5 test -S "$sock" || fail "usbups did not create $sock"
	UT_LAST_PID=$pid
}
start_usb_driver() { ut_start_usb ours "$@"; }
start_nut_usb_driver() { ut_start_usb nut "$@"; }

emu() {
	local ups=$1
	shift
	"$UT_PYTHON" - "$(emu_sock "$ups")" "$*" <<'EOF'
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(5)
try:
    s.connect(sys.argv[1])
    s.sendall((sys.argv[2] + "\n").encode())
    buf = b""
    while not buf.endswith(b"\n"):
        chunk = s.recv(512)
        if not chunk:
            break
        buf += chunk
except OSError as e:
    print("ERR emulator: %s" % e)
    sys.exit(1)
reply = buf.decode(errors="replace").strip()
print(reply)
sys.exit(0 if reply.startswith("OK") else 1)
EOF
}
