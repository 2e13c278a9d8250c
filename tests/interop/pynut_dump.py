#!/usr/bin/python3
"""pynut_dump.py HOST PORT — everything PyNUT (python3-nut) reads from a upsd,
as sorted text lines, so that two servers can be compared with diff:
    UPS <name>: <description>          (GetUPSList)
    VAR <ups> <var>: <value>           (GetUPSVars)
    RW <ups> <var>: <value>            (GetRWVars)
    CMD <ups> <cmd>: <description>     (GetUPSCommands)
A call that raises prints "<KIND> <ups>: EXC <exception class>: <message>"
instead. Exit status 2 when the connection itself fails.
ListClients is not called: python3-nut 2.8.0's raises "<ups> is not a valid
UPS" for every UPS, NUT's own upsd included.
"""
import sys

import PyNUT


def text(b):
    return b.decode("latin-1") if isinstance(b, bytes) else str(b)


def call(out, kind, ups, fn):
    try:
        res = fn()
    except Exception as err:  # the exception itself is what we compare
        out.append("%s %s: EXC %s: %s" % (kind, ups, type(err).__name__, err))
        return None
    return res


def main():
    host, port = sys.argv[1], int(sys.argv[2])
    try:
        client = PyNUT.PyNUTClient(host=host, port=port, timeout=5)
    except Exception as err:
        print("pynut_dump: cannot connect: %s" % err, file=sys.stderr)
        return 2
    out = []
    upslist = call(out, "UPS", "-", client.GetUPSList) or {}
    for ups, desc in upslist.items():
        out.append("UPS %s: %s" % (text(ups), text(desc)))
    for ups in sorted(text(u) for u in upslist):
        for kind, fn in (("VAR", client.GetUPSVars), ("RW", client.GetRWVars),
                         ("CMD", client.GetUPSCommands)):
            res = call(out, kind, ups, lambda: fn(ups))
            for name, value in (res or {}).items():
                out.append("%s %s %s: %s" % (kind, ups, text(name), text(value)))
    for line in sorted(out):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
