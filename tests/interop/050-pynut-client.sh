#!/usr/bin/env bash
# python3-nut's PyNUT client against our upsd + our dummy-ups: list UPSes with
# descriptions, list and read variables, list RW variables and commands with
# descriptions, log in with credentials, and get PyNUTError for unknown names.
# Expected values are the .dev file's own, so this runs without NUT's daemons.
. "$(dirname "$0")/../integration/lib.sh"
need_pynut
need_ours upsd dummy-ups

use_dev Eaton__5PX_2000__usbhid-ups__2.7.4__01.dev px.dev
use_dev APC__Back-UPS_CS_500__usbhid-ups__2.6.0__01.dev cs.dev
add_ups px dummy-ups px.dev "desc=Eaton 5PX in rack A"
add_ups cs dummy-ups cs.dev
add_user admin secret "actions = SET" "instcmds = ALL"
start_drivers px cs
start_upsd
wait_status px
wait_status cs

# Every "var: value" line of the file except driver.* (which dummy-ups sets).
nvars=$(grep -cE '^[a-z0-9]+(\.[A-Za-z0-9_]+)+: ' "$UT_DIR/px.dev")
ndrv=$(grep -cE '^driver\.' "$UT_DIR/px.dev")
run /usr/bin/python3 - 127.0.0.1 "$UPSD_PORT" $((nvars - ndrv)) <<'PY'
import sys
import PyNUT

host, port = sys.argv[1], int(sys.argv[2])
failures = []


def check(what, got, want):
    if got != want:
        failures.append("%s: expected %r, got %r" % (what, want, got))


c = PyNUT.PyNUTClient(host=host, port=port, timeout=5)
ups = c.GetUPSList()
check("UPS names", sorted(ups), [b"cs", b"px"])
check("px description", ups.get(b"px"), b"Eaton 5PX in rack A")

v = c.GetUPSVars("px")
check("px ups.status", v.get(b"ups.status"), b"ALARM OL CHRG RB")
check("px ups.alarm", v.get(b"ups.alarm"), b"Replace battery!")
check("px outlet.2.desc", v.get(b"outlet.2.desc"), b"PowerShare Outlet 2")
check("px ups.type", v.get(b"ups.type"), b"offline / line interactive")
check("px driver.name", v.get(b"driver.name"), b"dummy-ups")
non_driver = [k for k in v if not k.startswith(b"driver.")]
check("px non-driver variable count", len(non_driver), int(sys.argv[3]))
check("cs ups.firmware", c.GetUPSVars("cs").get(b"ups.firmware"), b"808.q10 .I")

rw = c.GetRWVars("px")
for k, val in rw.items():
    check("RW %r matches its variable" % k, v.get(k), val)

cmds = c.GetUPSCommands("px")
check("commands are a dict", isinstance(cmds, dict), True)
for k, desc in cmds.items():
    check("command %r has a description" % k, bool(desc), True)

for fn, arg in ((c.GetUPSVars, "nosuch"), (c.GetRWVars, "nosuch"), (c.GetUPSCommands, "nosuch")):
    try:
        fn(arg)
        failures.append("%s(%r) did not raise" % (fn.__name__, arg))
    except PyNUT.PyNUTError:
        pass

check("ver() answers", bool(c.ver()), True)

# Credentials: PyNUT sends USERNAME and PASSWORD when it connects.
a = PyNUT.PyNUTClient(host=host, port=port, login="admin", password="secret", timeout=5)
check("logged-in client reads", a.GetUPSVars("cs").get(b"ups.status"), b"OL")
try:
    PyNUT.PyNUTClient(host=host, port=port, login="admin", password="secret", timeout=5).GetUPSList()
except Exception as err:
    failures.append("second logged-in client: %r" % err)

for f in failures:
    print(f)
print("checked %d variables, %d RW, %d commands" % (len(v), len(rw), len(cmds)))
sys.exit(1 if failures else 0)
PY
[ "$RC" -eq 0 ] || fail "PyNUT checks:"$'\n'"$OUT"$'\n'"$ERR"
note "$OUT"
