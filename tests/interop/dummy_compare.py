#!/usr/bin/env python3
"""dummy_compare.py - what NUT's dummy-ups+upsd and ours serve for the same
dumps, compared (used by 070-dummy-types-vs-nut.sh).

usage: dummy_compare.py NUT_PORT OURS_PORT DIR UPS=FILE...
  Both servers serve every UPS (dummy-ups replaying FILE, found in DIR).
  For each UPS, asked on both: LIST VAR, GET TYPE of every variable, LIST RW,
  LIST CMD, LIST ENUM and LIST RANGE of every variable. Prints one line per
  difference ("DIFF ...") and a summary; exit status 1 when any difference is
  not one of the documented improvements below.

Documented improvements (docs/man/dummy-ups.8), the only differences allowed
in values (LIST VAR and LIST RW):
  - NUT's dummy-ups reads values through a word tokenizer (nut_mangle below,
    observed from NUT 2.8.0): runs of blanks become one space, quotes and
    backslashes are eaten, '=' becomes a word of its own, '#' ends the value,
    bytes >= 0x80 are dropped, words are cut at 127 bytes. Ours keeps the
    file's text: allowed when NUT's value is nut_mangle(ours), ours differs
    from that, and ours is text of the file.
  - an empty value in the file: NUT serves some other text (a stale parser
    argument); ours serves it empty. Allowed when ours is "". A "name:value"
    line (no blank after the colon) is such an empty value for NUT; ours
    serves "value". Allowed when the file has that line.
Control characters (tabs) inside a value are served as spaces by both.
driver.version (the implementation's release) and driver.parameter.
synchronous (NUT's driver turns "auto" into "yes" once a socket write would
block) are not compared. Names, types,
LIST CMD, LIST ENUM and LIST RANGE must be identical.
"""

import socket
import sys
import time

NUT_WORD_MAX = 127  # bytes of one word NUT's dummy-ups keeps (observed)


def nut_mangle(v):
    """A value as NUT 2.8.0's dummy-ups serves it (see module doc)."""
    words, cur, inword, quoted, i = [], "", False, False, 0
    v = "".join(c for c in v if ord(c) < 0x80)
    while i < len(v):
        c = v[i]
        if c == "\\" and i + 1 < len(v):
            cur, inword, i = cur + v[i + 1], True, i + 2
            continue
        if c == '"':
            quoted, inword = not quoted, True
        elif quoted:
            cur += c
        elif c == "#":
            break
        elif c in " \t\r":
            if inword:
                words.append(cur)
            cur, inword = "", False
        elif c == "=":
            if inword:
                words.append(cur)
            words.append("=")
            cur, inword = "", False
        else:
            cur, inword = cur + c, True
        i += 1
    if inword:
        words.append(cur)
    return " ".join(w[:NUT_WORD_MAX] for w in words)


def unquote(s):
    out, i = "", 0
    s = s[1:-1] if len(s) >= 2 and s[0] == '"' and s[-1] == '"' else s
    while i < len(s):
        if s[i] == "\\" and i + 1 < len(s):
            i += 1
        out += s[i]
        i += 1
    return out


class Conn:
    def __init__(self, port):
        self.s = socket.create_connection(("127.0.0.1", port), timeout=20)
        self.buf = b""

    def line(self):
        while b"\n" not in self.buf:
            d = self.s.recv(65536)
            if not d:
                raise EOFError("server closed")
            self.buf += d
        l, self.buf = self.buf.split(b"\n", 1)
        return l.decode("latin-1")

    def batch(self, lines):
        """Pipelines lines; returns one reply (a list of lines) per line."""
        self.s.sendall("".join(l + "\n" for l in lines).encode("latin-1"))
        replies = []
        for _ in lines:
            r = [self.line()]
            if r[0].startswith("BEGIN LIST"):
                while not r[-1].startswith("END LIST"):
                    r.append(self.line())
            replies.append(r)
        return replies


def snapshot(port, ups):
    c = Conn(port)
    listvar = c.batch(["LIST VAR " + ups])[0]
    vals = {}
    for l in listvar[1:-1]:
        _, _, name, val = l.split(" ", 3)
        vals[name] = unquote(val)
    names = sorted(vals)
    q = ["GET TYPE %s %s" % (ups, n) for n in names]
    q += ["LIST RW " + ups, "LIST CMD " + ups]
    for n in names:
        q += ["LIST ENUM %s %s" % (ups, n), "LIST RANGE %s %s" % (ups, n)]
    r = c.batch(q)
    types = {n: r[i][0] for i, n in enumerate(names)}
    rw = {}
    for l in r[len(names)][1:-1]:
        _, _, name, val = l.split(" ", 3)
        rw[name] = unquote(val)
    cmds = r[len(names) + 1]
    lists = r[len(names) + 2 :]
    c.s.close()
    return vals, types, rw, cmds, lists


def main():
    nut_port, our_port, d = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    bad = improvements = compared = 0
    for arg in sys.argv[4:]:
        ups, fname = arg.split("=", 1)
        with open("%s/%s" % (d, fname), "rb") as f:
            text = f.read().decode("latin-1")
        flat = "".join(" " if ord(c) < 0x20 and c != "\n" else c for c in text)
        lines = set(l.strip() for l in flat.split("\n"))
        n = snapshot(nut_port, ups)
        o = snapshot(our_port, ups)

        def diff(what, a, b):
            nonlocal bad
            bad += 1
            print("DIFF %s %s: NUT %r, ours %r" % (fname, what, a, b))

        def values(kind, nv, ov):
            nonlocal improvements, compared
            if sorted(nv) != sorted(ov):
                diff(kind + " names", sorted(set(nv) - set(ov)), sorted(set(ov) - set(nv)))
            for name in sorted(set(nv) & set(ov)):
                compared += 1
                a, b = nv[name], ov[name]
                if a == b or name in ("driver.version", "driver.parameter.synchronous"):
                    continue
                if b == "" or (nut_mangle(b) == a and b in flat) or (name + ":" + b) in lines:
                    improvements += 1
                    print("# %s %s %s: NUT %r, ours %r (file text kept)" % (fname, kind, name, a, b))
                    continue
                diff("%s %s" % (kind, name), a, b)

        values("VAR", n[0], o[0])
        for name in sorted(set(n[1]) & set(o[1])):
            if n[1][name] != o[1][name]:
                diff("GET TYPE " + name, n[1][name], o[1][name])
        values("RW", n[2], o[2])
        if n[3] != o[3]:
            diff("LIST CMD", n[3], o[3])
        if n[0].keys() == o[0].keys() and n[4] != o[4]:
            diff("LIST ENUM/RANGE", [x for x in n[4] if x not in o[4]], [x for x in o[4] if x not in n[4]])
    print("# %d values compared, %d kept as written in the file (NUT mangles them), %d differences"
          % (compared, improvements, bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
