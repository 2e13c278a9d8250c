#!/usr/bin/env python3
"""fakedrv.py SOCK [--dump FILE] [--ctl FILE] [--log FILE] [--deaf]: a scripted
driver for upsd tests (both upsd implementations can read it).

Listens on the Unix socket SOCK as a driver does, serving any number of
connections at once: answers DUMPALL with the dump (FILE, or by default the
built-in one below), PING with PONG, and requests that carry "TRACKING <id>"
with the status the command or variable name asks for. With --ctl, every
50 ms the bytes appended to that file since the start are sent to every
connection (deltas, DATASTALE, ...). With --log, every line received is
appended to that file as "< line", and each TRACKING answer as "> line".
With --deaf, a connection is never read again after its DUMPALL is answered
(a driver that hangs: what upsd sends it piles up).

The built-in dump has every kind of writable variable (STRING with and
without a maximum length, enums, ranges, both, NUMBER, plain RW, read-only
with an enum) and these commands, whose tracked answer is: test.ok 0,
test.unknown 1, test.invalid 2, test.failed 3, test.nine 9, test.word "abc"
(not a number), test.silent none at all, anything else 0. SET of ups.failing
answers 3, of anything else 0."""
import argparse
import os
import re
import select
import socket

DUMP = """SETINFO ups.status "OL"
SETINFO driver.name "fakedrv"
SETINFO ups.delay.shutdown "20"
SETFLAGS ups.delay.shutdown RW NUMBER
SETINFO ups.id "abc"
SETFLAGS ups.id RW STRING
SETAUX ups.id 8
SETINFO ups.nolength "q"
SETFLAGS ups.nolength RW STRING
SETINFO input.transfer.low "90"
SETFLAGS input.transfer.low RW
ADDENUM input.transfer.low "90"
ADDENUM input.transfer.low "100"
SETINFO input.transfer.high "130"
SETFLAGS input.transfer.high RW
ADDRANGE input.transfer.high 120 140
SETINFO ups.both "5"
SETFLAGS ups.both RW
ADDENUM ups.both "5"
ADDRANGE ups.both 10 20
SETINFO ups.failing "5"
SETFLAGS ups.failing RW NUMBER
SETINFO ups.plain "x"
SETFLAGS ups.plain RW
SETINFO ups.fixed "1"
ADDENUM ups.fixed "1"
ADDCMD load.off
ADDCMD load.on
ADDCMD test.ok
ADDCMD test.unknown
ADDCMD test.invalid
ADDCMD test.failed
ADDCMD test.nine
ADDCMD test.word
ADDCMD test.silent
DATAOK
DUMPDONE
"""
STATUS = {"test.ok": "0", "test.unknown": "1", "test.invalid": "2", "test.failed": "3",
          "test.nine": "9", "test.word": "abc", "test.silent": None}


def answer(line):
    m = re.search(r" TRACKING (\S+)$", line)
    if m is None:
        return None
    words = line.split()
    status = "0"
    if words[0] == "INSTCMD":
        status = STATUS.get(words[1], "0")
    elif words[0] == "SET" and words[1] == "ups.failing":
        status = "3"
    return None if status is None else "TRACKING %s %s" % (m.group(1), status)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sock")
    ap.add_argument("--dump")
    ap.add_argument("--ctl")
    ap.add_argument("--log")
    ap.add_argument("--deaf", action="store_true")
    args = ap.parse_args()
    try:
        os.unlink(args.sock)
    except OSError:
        pass
    srv = socket.socket(socket.AF_UNIX)
    srv.bind(args.sock)
    srv.listen(16)
    log = open(args.log, "a", buffering=1) if args.log else None
    ctl_pos = os.path.getsize(args.ctl) if args.ctl else 0
    conns = {}
    deaf = []  # connections kept open but never read again
    while True:
        for s in select.select([srv] + list(conns), [], [], 0.05)[0]:
            if s is srv:
                conns[srv.accept()[0]] = b""
                continue
            data = s.recv(4096)
            if not data:
                del conns[s]
                s.close()
                continue
            conns[s] += data
            while b"\n" in conns[s]:
                raw, conns[s] = conns[s].split(b"\n", 1)
                line = raw.decode(errors="replace")
                if log:
                    log.write("< " + line + "\n")
                if line == "DUMPALL":
                    dump = open(args.dump, "rb").read() if args.dump else DUMP.encode()
                    s.sendall(dump)
                    if args.deaf:
                        deaf.append(s)
                        del conns[s]
                        break
                elif line == "PING":
                    s.sendall(b"PONG\n")
                else:
                    reply = answer(line)
                    if reply is not None:
                        if log:
                            log.write("> " + reply + "\n")
                        s.sendall((reply + "\n").encode())
        if args.ctl and os.path.getsize(args.ctl) > ctl_pos:
            with open(args.ctl, "rb") as f:
                f.seek(ctl_pos)
                new = f.read()
            ctl_pos += len(new)
            for c in list(conns):
                try:
                    c.sendall(new)
                except OSError:
                    pass


if __name__ == "__main__":
    main()
