#!/usr/bin/env bash
# upslog opens its log file as root, before the drop, in a directory the
# run-time user may write (SIGHUP reopens it there). A symlink, a FIFO or a
# second hard link put at the log file's name is refused: upslog exits with
# an error, and the file behind it is neither created nor written.
. "$(dirname "$0")/lib.sh"
need_ours upsd dummy-ups upslog
printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
start_driver t
start_upsd
wait_status t
upslog=$(prog_path ours upslog)

mkdir -m 0700 "$UT_DIR/private"
echo "precious" >"$UT_DIR/private/file"
ln -s "$UT_DIR/private/file" "$UT_DIR/link.log"
ln -s "$UT_DIR/private/new" "$UT_DIR/dangling.log"
mkfifo "$UT_DIR/fifo.log"
ln "$UT_DIR/private/file" "$UT_DIR/hard.log"
for f in link dangling fifo hard; do
	run timeout 10 "$upslog" "${UT_ROOT_ARGS[@]}" -F -s "t@$UPSD_ADDR" -l "$UT_DIR/$f.log" -i 1
	assert_eq 1 "$RC" "upslog with a planted $f at the log name (124: it waited)"
	assert_contains "$ERR" "cannot open $UT_DIR/$f.log"
done
assert_eq "precious" "$(cat "$UT_DIR/private/file")" "file behind the links"
assert_false test -e "$UT_DIR/private/new"

# An ordinary file is still appended to.
echo "old line" >"$UT_DIR/ok.log"
start_bg upslog "$upslog" "${UT_ROOT_ARGS[@]}" -F -s "t@$UPSD_ADDR" -l "$UT_DIR/ok.log" -i 1
pid=$UT_LAST_PID
wait_until 10 eval '[ "$(wc -l <"$UT_DIR/ok.log")" -ge 2 ]' || fail "no line appended"
assert_eq "old line" "$(head -n 1 "$UT_DIR/ok.log")" "existing content kept"
stop_pid "$pid"
exit 0
