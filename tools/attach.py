#!/usr/bin/env python3
"""Attaches this terminal to a node's serial console on a Unix socket (the
second node of `make run NODES=2`). Ctrl-] detaches; the node goes on.

Usage: python3 tools/attach.py SOCKET"""

import os
import select
import socket
import sys
import termios
import tty

DETACH = b"\x1d"  # Ctrl-]


def main():
    if len(sys.argv) != 2 or sys.argv[1] in ("-h", "--help"):
        print(__doc__)
        return 0 if len(sys.argv) == 2 else 2
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect(sys.argv[1])
    except OSError as e:
        print("attach: %s: %s (is make run NODES=2 running?)"
              % (sys.argv[1], e.strerror), file=sys.stderr)
        return 1
    fd = sys.stdin.fileno()
    saved = termios.tcgetattr(fd) if os.isatty(fd) else None
    if saved:
        tty.setraw(fd)
    print("attached to %s; Ctrl-] detaches\r" % sys.argv[1])
    try:
        while True:
            ready, _, _ = select.select([s, fd], [], [])
            if s in ready:
                data = s.recv(4096)
                if not data:
                    break
                os.write(sys.stdout.fileno(), data)
            if fd in ready:
                data = os.read(fd, 1024)
                if not data or DETACH in data:
                    break
                s.sendall(data)
    finally:
        if saved:
            termios.tcsetattr(fd, termios.TCSADRAIN, saved)
    print("\ndetached")
    return 0


if __name__ == "__main__":
    sys.exit(main())
