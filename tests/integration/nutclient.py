#!/usr/bin/env python3
"""nutclient.py - a tiny, dumb NUT network-protocol client for tests.

It sends protocol lines to a server and prints the raw replies, so a test can
compare what two servers answer byte for byte. It knows only enough of the
protocol to tell where a reply ends (one line, or BEGIN LIST ... END LIST).

usage: nutclient.py [options] HOST PORT [LINE...]
  Lines come from the arguments, or from stdin (one per line) when none are
  given. A line is sent exactly as written plus "\\n"; "\\r" is not added.

options:
  -t, --timeout SEC   how long to wait for a reply (per line in sequential
                      mode, for silence in pipelined mode); default 2.0
  -p, --pipeline      send every line in one write, then read until the server
                      closes the connection or stays silent for --timeout
  -e, --echo          print each sent line as "> LINE" before its reply
                      (sequential mode; in pipelined mode all sent lines are
                      echoed first)
  -r, --raw           do not decode: write reply bytes to stdout unchanged
  -c, --check-close SEC
                      sequential mode: after the last reply, wait up to SEC
                      seconds for the server to close; print "<closed>" or
                      "<open>" (and any unsolicited bytes that came first)
  --connect-timeout   seconds to wait for the TCP connection; default 5.0
  -T, --transcript FILE
                      replay a transcript file instead of LINEs: one
                      connection per "=== TITLE" section (sequential, with
                      --check-close; "=== pipelined TITLE" sections are sent
                      in one write); lines are echoed; a line is sent as
                      written after replacing <SP>, <TAB>, <CR> by a space, a
                      tab, a carriage return; "<EMPTY>" is an empty line;
                      "#" lines and blank lines are skipped. Prints
                      "=== TITLE" before each session and "# N lines sent"
                      at the end.
                      Write path helpers (sequential sections): "<ID>" in a
                      line is replaced by the id of the last "OK TRACKING
                      <id>" reply seen (in any section); a line that starts
                      with "<UNTIL-DONE>" is sent again (up to --timeout
                      seconds, every 50 ms) while the reply is "PENDING",
                      and only the last reply is printed.

Sequential mode (the default) sends one line, reads its whole reply, and
prints it. A reply that does not arrive within --timeout is printed as
"<no reply>"; a connection the server closed is printed as "<closed>" once,
and the remaining lines are not sent. In pipelined mode "<closed>" is printed
when the server closed the connection, "<silent>" when it stopped answering.

Exit status: 0 when connected (whatever the replies), 2 on usage or connection
errors.
"""

import argparse
import re
import select
import socket
import sys
import time


class Conn:
    """A socket with a byte buffer and line reads bounded by a deadline."""

    def __init__(self, sock):
        self.sock = sock
        self.buf = b""
        self.closed = False

    def _fill(self, deadline):
        """Read more bytes; False on timeout or close."""
        if self.closed:
            return False
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        ready, _, _ = select.select([self.sock], [], [], left)
        if not ready:
            return False
        try:
            data = self.sock.recv(65536)
        except ConnectionResetError:
            data = b""
        if not data:
            self.closed = True
            return False
        self.buf += data
        return True

    def readline(self, timeout):
        """One line including its "\\n", or None (see .closed for why)."""
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            if not self._fill(deadline):
                return None
        line, _, self.buf = self.buf.partition(b"\n")
        return line + b"\n"

    def read_until_quiet(self, timeout):
        """Everything until close or `timeout` seconds of silence."""
        while self._fill(time.monotonic() + timeout):
            pass
        data, self.buf = self.buf, b""
        return data


def read_reply(conn, timeout):
    """One reply: a line, or a BEGIN LIST ... END LIST block."""
    first = conn.readline(timeout)
    if first is None:
        return None
    out = [first]
    if first.startswith(b"BEGIN LIST"):
        while True:
            line = conn.readline(timeout)
            if line is None:
                break
            out.append(line)
            if line.startswith(b"END LIST"):
                break
    return b"".join(out)


TRACKED = re.compile(rb"^OK TRACKING (\S+)")


def session(args, emit, lines, pipelined, check_close, ids=None):
    """One connection: send `lines` (bytes, without "\\n") and emit replies.
    ids (a dict) carries the last tracking id across sessions."""
    ids = {} if ids is None else ids
    try:
        sock = socket.create_connection((args.host, args.port), timeout=args.connect_timeout)
    except OSError as err:
        print("nutclient: cannot connect to %s:%d: %s" % (args.host, args.port, err), file=sys.stderr)
        return False
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.settimeout(None)
    conn = Conn(sock)

    if pipelined:
        sock.sendall(b"".join(l + b"\n" for l in lines))
        if args.echo:
            for l in lines:
                emit(b"> " + l + b"\n")
        emit(conn.read_until_quiet(args.timeout))
        emit(b"<closed>\n" if conn.closed else b"<silent>\n")
        sock.close()
        return True

    for l in lines:
        poll = l.startswith(b"<UNTIL-DONE>")
        if poll:
            l = l[len(b"<UNTIL-DONE>"):]
        if b"<ID>" in l and "id" in ids:
            l = l.replace(b"<ID>", ids["id"])
        if args.echo:
            emit(b"> " + l + b"\n")
        deadline = time.monotonic() + args.timeout
        while True:
            try:
                sock.sendall(l + b"\n")
            except OSError:
                conn.closed = True
            reply = None if conn.closed else read_reply(conn, args.timeout)
            if not poll or reply != b"PENDING\n" or time.monotonic() > deadline:
                break
            time.sleep(0.05)
        m = TRACKED.match(reply or b"")
        if m:
            ids["id"] = m.group(1)
        if reply is None:
            if conn.closed:
                emit(b"<closed>\n")
                break
            emit(b"<no reply>\n")
        else:
            emit(reply)
    else:
        if check_close is not None:
            extra = conn.read_until_quiet(check_close) if not conn.closed else b""
            if extra:
                emit(extra)
            emit(b"<closed>\n" if conn.closed else b"<open>\n")
    sock.close()
    return True


TOKENS = ((b"<SP>", b" "), (b"<TAB>", b"\t"), (b"<CR>", b"\r"))


def parse_transcript(path):
    """[(title, pipelined, [line...]), ...] from a transcript file."""
    sessions = []
    with open(path, "rb") as f:
        for raw in f:
            raw = raw.rstrip(b"\n")
            if raw == b"" or raw.startswith(b"#"):
                continue
            if raw.startswith(b"=== "):
                title = raw[4:]
                pipelined = title.startswith(b"pipelined ")
                sessions.append((title, pipelined, []))
                continue
            if not sessions:
                raise SystemExit("%s: protocol line before the first '=== ' title" % path)
            if raw == b"<EMPTY>":
                raw = b""
            for token, byte in TOKENS:
                raw = raw.replace(token, byte)
            sessions[-1][2].append(raw)
    return sessions


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("lines", nargs="*")
    ap.add_argument("-t", "--timeout", type=float, default=2.0)
    ap.add_argument("-p", "--pipeline", action="store_true")
    ap.add_argument("-e", "--echo", action="store_true")
    ap.add_argument("-r", "--raw", action="store_true")
    ap.add_argument("--connect-timeout", type=float, default=5.0)
    ap.add_argument("-c", "--check-close", type=float, metavar="SEC")
    ap.add_argument("-T", "--transcript", metavar="FILE")
    args = ap.parse_args()

    out = sys.stdout.buffer

    def emit(data):
        if args.raw:
            out.write(data)
        else:
            out.write(data.decode("latin-1").encode("utf-8", "replace"))
        out.flush()

    if args.transcript:
        args.echo = True
        sent = 0
        ids = {}
        for title, pipelined, lines in parse_transcript(args.transcript):
            emit(b"=== " + title + b"\n")
            if not session(args, emit, lines, pipelined,
                           None if pipelined else args.check_close, ids):
                return 2
            sent += len(lines)
        emit(b"# %d lines sent\n" % sent)
        return 0

    if args.lines:
        lines = [l.encode("latin-1") for l in args.lines]
    else:
        lines = [l.rstrip(b"\n") for l in sys.stdin.buffer.readlines()]
    return 0 if session(args, emit, lines, args.pipeline, args.check_close) else 2


if __name__ == "__main__":
    sys.exit(main())
