#!/usr/bin/env python3
"""manyclients.py - hold N concurrent protocol connections to one upsd.

usage: manyclients.py [-n N] [-t SEC] [-r ROUNDS] HOST PORT UPS VAR EXPECTED

Opens N TCP connections at once (non-blocking connects, one event loop, no
threads), sends "GET VAR UPS VAR" on each, and checks that every one of them is
answered with exactly 'VAR UPS VAR "EXPECTED"'. The connections all stay open;
with -r ROUNDS > 1 the question is asked again on every connection, so the
server must have kept all N. Then one extra connection checks that the server
still accepts and answers while N are open. Everything must be done within
-t SEC seconds (default 60).

Prints one line:  clients=N connect_s=... answer_s=... total_s=...
(connect_s: until the N connections were established; answer_s: from then
until the last reply of the last round). Timings are printed, not judged.
Exit status: 0 all answered correctly, 1 otherwise (with a summary on stderr),
2 usage or setup errors.
"""

import argparse
import errno
import resource
import selectors
import socket
import sys
import time


def main():
    ap = argparse.ArgumentParser(description=__doc__,
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("host")
    ap.add_argument("port", type=int)
    ap.add_argument("ups")
    ap.add_argument("var")
    ap.add_argument("expected")
    ap.add_argument("-n", "--clients", type=int, default=1000)
    ap.add_argument("-t", "--timeout", type=float, default=60.0)
    ap.add_argument("-r", "--rounds", type=int, default=2)
    args = ap.parse_args()

    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < args.clients + 32:
        print("manyclients: open-file limit %d is too low for %d clients" % (soft, args.clients),
              file=sys.stderr)
        return 2

    request = ("GET VAR %s %s\n" % (args.ups, args.var)).encode()
    want = ('VAR %s %s "%s"\n' % (args.ups, args.var, args.expected)).encode()
    sel = selectors.DefaultSelector()
    start = time.monotonic()
    deadline = start + args.timeout

    # state per socket: [phase, buffer, rounds answered]; phase: "connecting", "waiting"
    conns = {}
    for _ in range(args.clients):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setblocking(False)
        s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        err = s.connect_ex((args.host, args.port))
        if err not in (0, errno.EINPROGRESS):
            print("manyclients: connect: %s" % errno.errorcode.get(err, err), file=sys.stderr)
            return 2
        conns[s] = ["connecting", b"", 0]
        sel.register(s, selectors.EVENT_WRITE)

    connecting = args.clients
    connected_at = None
    done = 0              # connections that answered every round
    bad = []              # (reply) for wrong answers
    closed = 0
    while done + len(bad) + closed < args.clients:
        left = deadline - time.monotonic()
        if left <= 0:
            break
        for key, _ in sel.select(min(left, 1.0)):
            s = key.fileobj
            st = conns[s]
            if st[0] == "connecting":
                err = s.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    print("manyclients: connect failed: %s" % errno.errorcode.get(err, err),
                          file=sys.stderr)
                    sel.unregister(s)
                    closed += 1
                    continue
                connecting -= 1
                if connecting == 0:
                    connected_at = time.monotonic()
                st[0] = "waiting"
                s.sendall(request)
                sel.modify(s, selectors.EVENT_READ)
                continue
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if not data:
                sel.unregister(s)
                closed += 1
                continue
            st[1] += data
            if not st[1].endswith(b"\n"):
                continue
            if st[1] != want:
                bad.append(st[1])
                sel.unregister(s)
                continue
            st[1] = b""
            st[2] += 1
            if st[2] >= args.rounds:
                sel.unregister(s)
                done += 1
            else:
                s.sendall(request)
    finished = time.monotonic()

    # While all N are still open, a newcomer is served too.
    extra_ok = False
    try:
        with socket.create_connection((args.host, args.port),
                                      timeout=max(1.0, deadline - time.monotonic())) as s:
            s.sendall(request)
            buf = b""
            while not buf.endswith(b"\n"):
                chunk = s.recv(4096)
                if not chunk:
                    break
                buf += chunk
            extra_ok = buf == want
    except OSError as err:
        print("manyclients: extra connection: %s" % err, file=sys.stderr)

    for s in conns:
        s.close()

    connect_s = (connected_at - start) if connected_at else float("nan")
    answer_s = (finished - connected_at) if connected_at else float("nan")
    print("clients=%d connect_s=%.3f answer_s=%.3f total_s=%.3f"
          % (args.clients, connect_s, answer_s, finished - start))
    if done == args.clients and extra_ok:
        return 0
    print("manyclients: %d/%d answered all %d rounds, %d still connecting, %d closed by the "
          "server, %d wrong replies%s, extra connection %s"
          % (done, args.clients, args.rounds, connecting, closed, len(bad),
             (" (first: %r)" % bad[0]) if bad else "", "ok" if extra_ok else "FAILED"),
          file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
