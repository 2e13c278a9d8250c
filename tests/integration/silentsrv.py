#!/usr/bin/env python3
"""silentsrv.py PORTFILE LOG: a TCP server on 127.0.0.1 (a free port, written
to PORTFILE once listening) that accepts every connection and never sends a
byte: a upsd that hangs. LOG gets "accepted N" per connection, "got N LINE"
per line received on it and "closed N" when the peer closes it."""
import os
import socket
import sys
import threading


def serve(conn, k, log):
    while True:
        data = conn.recv(4096)
        if not data:
            log.write("closed %d\n" % k)
            return
        for line in data.decode(errors="replace").splitlines():
            log.write("got %d %s\n" % (k, line))


def main():
    portfile, logpath = sys.argv[1], sys.argv[2]
    log = open(logpath, "a", buffering=1)
    srv = socket.socket()
    srv.bind(("127.0.0.1", 0))
    srv.listen(8)
    with open(portfile + ".tmp", "w") as f:
        f.write("%d\n" % srv.getsockname()[1])
    os.rename(portfile + ".tmp", portfile)
    n = 0
    while True:
        conn, _ = srv.accept()
        n += 1
        log.write("accepted %d\n" % n)
        threading.Thread(target=serve, args=(conn, n, log), daemon=True).start()


if __name__ == "__main__":
    main()
