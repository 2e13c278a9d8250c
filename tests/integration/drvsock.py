#!/usr/bin/env python3
"""drvsock.py SOCK UNTIL [LINE...]: a raw client of a driver socket for the
1NN driver tests. Sends each LINE (a newline is added), then prints what the
driver sends back until a line matches the regular expression UNTIL; exits 1
when 5 s pass first (printing what came) and 2 when the socket cannot be
reached. An UNTIL of "EOF" waits for the driver to close the connection."""
import re
import socket
import sys
import time


def main():
    if len(sys.argv) < 3:
        sys.stderr.write(__doc__ + "\n")
        return 2
    path, until, lines = sys.argv[1], sys.argv[2], sys.argv[3:]
    pattern = None if until == "EOF" else re.compile(until)
    s = socket.socket(socket.AF_UNIX)
    try:
        s.connect(path)
    except OSError as e:
        sys.stderr.write("%s: %s\n" % (path, e))
        return 2
    s.sendall("".join(l + "\n" for l in lines).encode())
    buf, end = b"", time.time() + 5
    s.settimeout(0.2)
    while time.time() < end:
        try:
            d = s.recv(65536)
        except socket.timeout:
            continue
        if not d:
            sys.stdout.write(buf.decode(errors="replace"))
            return 0 if pattern is None else 1
        buf += d
        done = buf.decode(errors="replace").split("\n")[:-1]
        if pattern is not None and any(pattern.search(l) for l in done):
            sys.stdout.write(buf.decode(errors="replace"))
            return 0
    sys.stdout.write(buf.decode(errors="replace"))
    return 1


sys.exit(main())
