#!/usr/bin/env bash
# The driver socket lives in STATEPATH, a directory the driver's group may
# write. Started as root, the driver used to bind the socket and then chmod and
# chown it by name: a symlink swapped in between made root hand any file to
# that user. Here a hostile loop replaces the socket with a symlink to a
# root-owned file the moment it appears, while the driver is started again and
# again; the file's owner and mode must never change.
# Also: the driver runs as a user with a supplementary group and keeps it after
# the drop (initgroups, as NUT does: drivers need dialout/plugdev).
. "$(dirname "$0")/lib.sh"
need_ours dummy-ups
[ "$(id -u)" -eq 0 ] || skip "needs root (the race is root's)"
drv=$(prog_path ours dummy-ups)

# A non-root user listed in a group other than its primary one; created (and
# removed at exit) when the system has none.
pick_user() {
	local g m
	while IFS=: read -r g _ gid members; do
		for m in ${members//,/ }; do
			[ "$(id -u "$m" 2>/dev/null)" != "" ] && [ "$(id -u "$m")" != 0 ] &&
				[ "$(id -g "$m")" != "$gid" ] && {
				echo "$m $gid"
				return 0
			}
		done
	done < <(getent group)
	return 1
}
made_user= made_group=
if ! read -r tuser xgid < <(pick_user); then
	need_cmd useradd groupadd userdel groupdel
	made_group=upsilon-g$$
	made_user=upsilon-u$$
	groupadd --system "$made_group" || skip "groupadd failed"
	useradd --system --no-create-home --shell /usr/sbin/nologin -G "$made_group" "$made_user" ||
		{ groupdel "$made_group"; skip "useradd failed"; }
	trap 'ut_rc=$?; userdel "$made_user" 2>/dev/null; groupdel "$made_group" 2>/dev/null; (exit $ut_rc); ut_cleanup' EXIT
	tuser=$made_user
	xgid=$(getent group "$made_group" | cut -d: -f3)
fi
tgid=$(id -g "$tuser")
note "driver user $tuser (gid $tgid, supplementary group $xgid)"

# STATEPATH: root's, writable by the user's group (as /run/nut is by nut).
# (Only the test's own dir is changed: its parent is the shared /tmp.)
chgrp "$tgid" "$UT_DIR"
chmod 0770 "$UT_DIR"
printf 'ups.status: OL\n' >"$UT_DIR/t.dev"
chmod 0644 "$UT_DIR/t.dev"
add_ups t dummy-ups t.dev
sock=$UT_DIR/dummy-ups-t
victim=$UT_DIR/victim
printf 'root only\n' >"$victim"
chmod 0600 "$victim"
want=$(stat -c '%u:%g %a' "$victim")

# The hostile loop: whenever a socket appears at the name, rename a symlink
# to the victim over it (what a member of the group can do).
cat >"$UT_TMP/hostile.py" <<'PY'
import os, stat, sys
sock, victim, countfile = sys.argv[1:4]
tmp = sock + ".evil"
lstat, rename, S_ISSOCK = os.lstat, os.rename, stat.S_ISSOCK
n = 0
# The link is made ahead, so that one rename() follows the sighting.
if not os.path.lexists(tmp):
    os.symlink(victim, tmp)
while True:  # until the test stops it (SIGTERM)
    try:
        if S_ISSOCK(lstat(sock).st_mode):
            rename(tmp, sock)
            n += 1
            os.symlink(victim, tmp)
            with open(countfile, "w") as f:
                f.write(str(n))
    except FileNotFoundError:
        pass
PY
PY
start_bg hostile "$UT_PYTHON" "$UT_TMP/hostile.py" "$sock" "$victim" "$UT_TMP/count"

# Each run: start, wait until it serves (or gave up), stop.
started() { grep -q 'running, polling' "$(log_of "drv$1")" || ! pid_alive "$2"; }
for i in $(seq 1 40); do
	rm -f "$sock"
	start_bg "drv$i" "$drv" -a t -F -D -u "$tuser"
	pid=$UT_LAST_PID
	wait_until 10 started "$i" "$pid" || fail "run $i: driver neither served nor stopped"
	stop_pid "$pid"
	got=$(stat -c '%u:%g %a' "$victim")
	assert_eq "$want" "$got" "victim owner/mode after run $i"
	[ -L "$victim" ] && fail "victim replaced"
done
stop hostile
swaps=$(cat "$UT_TMP/count" 2>/dev/null || echo 0)
note "the hostile loop swapped the socket $swaps times"
[ "$swaps" -gt 0 ] || fail "the hostile loop never saw a socket: the race was not exercised"
assert_eq "root only" "$(cat "$victim")" "victim content"

# Without the attacker: the socket is the user's with the socket group, 0660,
# and the driver keeps the user's supplementary group.
rm -f "$sock"
start_bg drv-clean "$drv" -a t -F -u "$tuser"
pid=$UT_LAST_PID
wait_until 10 test -S "$sock" || fail "no socket without the attacker"
assert_eq "$(id -u "$tuser"):$tgid 660" "$(stat -c '%u:%g %a' "$sock")" "socket owner and mode"
wait_until 5 grep -q "^Uid:.*$(id -u "$tuser")" "/proc/$pid/status" || fail "driver did not drop"
groups=" $(awk '/^Groups:/ { $1 = ""; print }' "/proc/$pid/status") "
assert_contains "$groups" " $xgid " "supplementary group kept after the drop"
assert_not_contains "$groups" " 0 " "root's group gone"
run "$UT_PYTHON" "$UT_LIBDIR/drvsock.py" "$sock" '^DUMPDONE$' DUMPALL
assert_contains "$OUT" 'SETINFO ups.status "OL"' "the socket serves"
stop_pid "$pid"
[ -e "$sock" ] && fail "socket left behind: the driver (as $tuser) could not remove it"
true
