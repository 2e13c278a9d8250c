#!/usr/bin/env bash
# libupsclient against a scripted server: what it sends (STARTTLS first, the
# request, LOGOUT), how it reads replies (quoting, escapes, case, framing of
# BEGIN/END LIST), and that every malformed or hostile reply becomes an error
# with NUT's words instead of a crash, a cut value or a silently shortened list.
. "$(dirname "$0")/lib.sh"

need_ours upsc
OUR_UPSC=$(prog_path ours upsc)

# The fake server answers STARTTLS with the bytes of $F/tls (default: refuse),
# LOGOUT with "OK Goodbye", anything else with the bytes of $F/reply
# ("@close": hang up, "@hang": say nothing). It logs what it receives.
F=$UT_TMP/fake
mkdir -p "$F"
cat >"$F/fake.py" <<'EOF'
import os, socket, sys, threading
port, d = int(sys.argv[1]), sys.argv[2]
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", port))
s.listen(16)
log = open(os.path.join(d, "log"), "ab", buffering=0)
def serve(c):
    # A connection is logged at its first line, so the harness's port probe
    # (which sends nothing) never shows up late in a test's log.
    first = True
    for line in c.makefile("rb"):
        if first:
            log.write(b"--- connection\n")
            first = False
        log.write(line)
        w = line.split()
        if w[:1] == [b"STARTTLS"]:
            p = os.path.join(d, "tls")
            c.sendall(open(p, "rb").read() if os.path.exists(p) else b"ERR FEATURE-NOT-CONFIGURED\n")
            continue
        if w[:1] == [b"LOGOUT"]:
            c.sendall(b"OK Goodbye\n")
            break
        r = open(os.path.join(d, "reply"), "rb").read()
        if r.startswith(b"@close"):
            break
        if r.startswith(b"@hang"):
            continue
        c.sendall(r)
    c.close()
while True:
    c, _ = s.accept()
    threading.Thread(target=serve, args=(c,), daemon=True).start()
EOF
port=$(free_port)
start_bg fake "$UT_PYTHON" "$F/fake.py" "$port" "$F"
wait_port "$port" || fail "fake server did not start"
S=127.0.0.1:$port

# reply BYTES (printf format) then ARGS...: runs our upsc, sets OUT/ERR/RC.
reply() {
	printf "$1" >"$F/reply"
	shift
	: >"$F/log"
	run "$OUR_UPSC" "$@"
}

# --- what goes on the wire
reply 'VAR x y.z "1"\n' "x@$S" y.z
assert_eq 1 "$OUT" "plain GET"
assert_eq $'--- connection\nSTARTTLS\nGET VAR x y.z\nLOGOUT' "$(cat "$F/log")" "request lines"
reply 'BEGIN LIST UPS\nEND LIST UPS\n' -l "$S"
assert_eq $'--- connection\nSTARTTLS\nLIST UPS\nLOGOUT' "$(cat "$F/log")" "-l request"
reply 'BEGIN LIST CLIENT x\nEND LIST CLIENT x\n' -c "x@$S"
assert_eq $'--- connection\nSTARTTLS\nLIST CLIENT x\nLOGOUT' "$(cat "$F/log")" "-c request"

# --- reading values
reply 'VAR x y.z "a \\"quoted\\" \\\\ value"\n' "x@$S" y.z
assert_eq 'a "quoted" \ value' "$OUT" "escapes"
reply 'var X y.z "1"\n' "x@$S" y.z
assert_eq 1 "$OUT" "keywords and UPS names are case-insensitive"
reply 'VAR x y.z ""\n' "x@$S" y.z
assert_eq 0 "$RC" "empty value: exit status"
assert_eq "" "$OUT" "empty value"
reply 'VAR x y.z "1"\r\n' "x@$S" y.z
assert_eq 1 "$OUT" "CRLF line end"
reply '\n\nVAR x y.z "1"\n' "x@$S" y.z
assert_eq 1 "$OUT" "empty lines before the reply"
long=$(printf 'v%.0s' {1..1500})
reply "VAR x y.z \"$long\"\n" "x@$S" y.z
assert_eq 1 "$RC" "over-long reply: exit status"
assert_eq "" "$OUT" "over-long reply is not printed cut"
assert_match "$ERR" "^Error: Parse error: " "over-long reply"
long=$(printf 'v%.0s' {1..900})
reply "VAR x y.z \"$long\"\n" "x@$S" y.z
assert_eq "$long" "$OUT" "900-byte value (NUT's library cuts at ~500)"

# --- malformed GET replies
reply '@close' "x@$S" y.z
assert_eq "Error: Server disconnected" "$ERR" "server hangs up"
reply 'FOO\n' "x@$S" y.z
assert_eq "Error: Protocol error" "$ERR" "unrelated reply"
reply 'VAR x other.var "1"\n' "x@$S" y.z
assert_eq "Error: Protocol error" "$ERR" "reply for another variable"
reply 'VAR x y.z\n' "x@$S" y.z
assert_eq "Error: Protocol error" "$ERR" "reply without a value (NUT's upsc crashes)"
reply 'VAR x y.z "1"' "x@$S" y.z
assert_eq "Error: Server disconnected" "$ERR" "reply without a newline, then close"
reply '@hang' "x@$S" y.z
assert_eq "Error: Server disconnected" "$ERR" "silent server (5 s)"
assert_eq 1 "$RC" "silent server: exit status"

# --- ERR words
for pair in "VAR-NOT-SUPPORTED:Variable not supported by UPS" "UNKNOWN-UPS:Unknown UPS" \
	"DATA-STALE:Data stale" "DRIVER-NOT-CONNECTED:Driver not connected" \
	"ACCESS-DENIED:Access denied" "INVALID-ARGUMENT:Invalid argument" \
	"FEATURE-NOT-CONFIGURED:Unknown error" "SOMETHING-NEW:Unknown error"; do
	reply "ERR ${pair%%:*}\n" "x@$S" y.z
	assert_eq "Error: ${pair#*:}" "$ERR" "ERR ${pair%%:*}"
	assert_eq 1 "$RC" "ERR ${pair%%:*}: exit status"
done
reply 'ERR UNKNOWN-COMMAND\n' "x@$S" y.z
assert_eq "Error: variable unknown (old upsd detected)" "$ERR" "GET on a pre-2.0 upsd"
reply 'ERR UNKNOWN-COMMAND\n' "x@$S"
assert_eq "Error: upsd is too old to support this query" "$ERR" "LIST on a pre-2.0 upsd"

# --- list framing
reply 'BEGIN LIST VAR x\nVAR x a.b "1"\nVAR x c.d "2 3"\nEND LIST VAR x\n' "x@$S"
assert_eq $'a.b: 1\nc.d: 2 3' "$OUT" "list"
assert_eq 0 "$RC" "list: exit status"
reply 'begin list var X\nvar X a.b "1"\nend list var X\n' "x@$S"
assert_eq "a.b: 1" "$OUT" "list keywords in lower case"
reply 'BEGIN LIST VAR y\nEND LIST VAR y\n' "x@$S"
assert_eq "Error: Protocol error" "$ERR" "BEGIN LIST for another UPS"
reply 'BEGIN LIST VAR x\nVAR x a.b "1"\nVAR y c.d "2"\nEND LIST VAR x\n' "x@$S"
assert_eq "Error: Protocol error" "$ERR" "foreign line inside the list"
assert_eq 1 "$RC" "foreign line: exit status"
reply 'BEGIN LIST VAR x\nVAR x a.b "1"\nERR DATA-STALE\n' "x@$S"
assert_eq "Error: Data stale" "$ERR" "ERR inside a list is an error, not the end"
reply 'BEGIN LIST VAR x\nVAR x a.b "1"\nEND LIST VAR y\n' "x@$S"
assert_eq "Error: Protocol error" "$ERR" "END LIST of another UPS"
reply 'BEGIN LIST VAR x\nVAR x a.b\nEND LIST VAR x\n' "x@$S"
assert_eq "Error: insufficient data (got 3 args, need at least 4)" "$ERR" "short VAR line"
reply 'BEGIN LIST UPS\nUPS a\nEND LIST UPS\n' -L "$S"
assert_eq "Error: insufficient data (got 2 args, need at least 3)" "$ERR" "short UPS line"
reply 'BEGIN LIST VAR x\nVAR x a.b "1"\n@' "x@$S"
assert_eq "Error: Server disconnected" "$ERR" "list without END LIST"
reply 'BEGIN LIST VAR x\nVAR x a.b "1"\nEND LIST VAR x\n' -j "x@$S"
"$UT_PYTHON" -m json.tool <<<"$OUT" >/dev/null || fail "-j list: invalid JSON"
reply 'BEGIN LIST VAR x\nVAR x a.b "1"\nERR DATA-STALE\n' -j "x@$S"
assert_eq $'{\n  "error": "Data stale"\n}' "$OUT" "-j: no half document on error, only the error object"
assert_eq 1 "$RC" "-j error: exit status"

# --- STARTTLS accepted by a server while this build has no TLS: the client
# reconnects in clear text instead of hanging or failing.
printf 'OK STARTTLS\n' >"$F/tls"
reply 'VAR x y.z "1"\n' "x@$S" y.z
assert_eq 1 "$OUT" "TRYSSL after OK STARTTLS"
assert_eq $'--- connection\nSTARTTLS\n--- connection\nGET VAR x y.z\nLOGOUT' "$(cat "$F/log")" \
	"clear-text reconnection"
rm -f "$F/tls"
exit 0
