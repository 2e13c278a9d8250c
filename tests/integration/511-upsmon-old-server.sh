#!/usr/bin/env bash
# upsmon's side of the protocol against a scripted server that predates
# PRIMARY (answers it ERR UNKNOWN-COMMAND, grants MASTER): the login as NUT's
# upsmon words it (USERNAME, PASSWORD, LOGIN, PRIMARY, then MASTER), polls of
# ups.status, and on -c fsd: FSD, NUMLOGINS, LOGOUT, then SHUTDOWNCMD.
. "$(dirname "$0")/lib.sh"
. "$UT_LIBDIR/upsmon-lib.sh"
need_ours upsmon

cat >"$UT_TMP/oldsrv.py" <<'PY'
import socket, sys, threading
port, log = int(sys.argv[1]), sys.argv[2]
answers = {
    'USERNAME': 'OK', 'PASSWORD': 'OK', 'LOGIN': 'OK',
    'PRIMARY': 'ERR UNKNOWN-COMMAND', 'MASTER': 'OK MASTER-GRANTED', 'FSD': 'OK FSD-SET',
    'LOGOUT': 'OK Goodbye',
}
def serve(c):
    buf = b''
    while True:
        d = c.recv(4096)
        if not d:
            break
        buf += d
        while b'\n' in buf:
            line, buf = buf.split(b'\n', 1)
            text = line.decode()
            with open(log, 'a') as f:
                f.write(text + '\n')
            w = text.split()
            if w[:3] == ['GET', 'VAR', 'x'] and w[3:] == ['ups.status']:
                out = 'VAR x ups.status "OL"'
            elif w[:2] == ['GET', 'NUMLOGINS']:
                out = 'NUMLOGINS x 1'
            else:
                out = answers.get(w[0] if w else '', 'ERR UNKNOWN-COMMAND')
            c.sendall((out + '\n').encode())
            if w and w[0] == 'LOGOUT':
                c.close()
                return
    c.close()
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(('127.0.0.1', port))
s.listen(4)
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
PY
port=$(free_port) || fail "no free port"
start_bg oldsrv "$UT_PYTHON" "$UT_TMP/oldsrv.py" "$port" "$UT_TMP/wire.log"
wait_port "$port" || fail "the scripted server did not start"

um_conf m "MONITOR x@127.0.0.1:$port 1 mon \"p w\" master"
um_start m -p -F
polled() { [ "$(grep -c '^GET VAR x ups.status$' "$UT_TMP/wire.log" 2>/dev/null)" -ge 2 ]; }
wait_until 15 polled || fail "no polls"
assert_eq $'USERNAME mon\nPASSWORD "p w"\nLOGIN x\nPRIMARY x\nGET VAR x ups.status\nMASTER x' \
	"$(head -n 6 "$UT_TMP/wire.log")" "the login, PRIMARY refused, MASTER asked"
assert_not_contains "$(cat "$(log_of m)")" "primary rights refused"

wait_until 5 test -s "$UT_TMP/m/upsmon.pid" || fail "no pid file"
assert_rc 0 um_env m "$(prog_path ours upsmon)" -c fsd
wait_until 15 shut_down m || fail "-c fsd: no shutdown"
wire=$(grep -v '^GET VAR x ups.status$' "$UT_TMP/wire.log" | tail -n 3)
assert_eq $'FSD x\nGET NUMLOGINS x\nLOGOUT' "$wire" "FSD, NUMLOGINS, then LOGOUT before SHUTDOWNCMD"
