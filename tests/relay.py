"""A frame relay the test owns: a hub between QEMU nodes whose NICs are on
socket netdevs in connect= mode, needing no root.

QEMU's stream socket netdev (net/socket.c, net/stream.c) sends each frame as
a 4-byte big-endian length, then the frame, and reads the same. The relay
listens on one loopback TCP port per node, forwards every frame a node sends
to every other node connected, drops a given fraction of them on the way
(seeded: the same run drops the same frames), injects frames of the test's
own (scapy's hostile ones) to a node, and records every frame it saw with
what became of it."""

import random
import socket
import struct
import threading
import time

from harness import MachineSetup

FORWARDED, DROPPED, NO_PEER, INJECTED = "forwarded", "dropped", "no peer", \
    "injected"


class Record:
    def __init__(self, port, frame, fate):
        self.time, self.port, self.frame, self.fate = \
            time.monotonic(), port, frame, fate


class Relay:
    """Relay(("a", "b"), drop=0.25, seed=1): ports a and b listen at once;
    netdev_args("a") plugs a node into port a."""

    def __init__(self, ports=("a",), drop=0.0, seed=1):
        self.drop, self.rng = drop, random.Random(seed)
        self.records = []
        self.cond = threading.Condition()
        self.listeners, self.conns = {}, {}
        self.closed = False
        for name in ports:
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            s.listen(1)
            self.listeners[name] = s
            threading.Thread(target=self._serve, args=(name, s),
                             daemon=True).start()

    def netdev_args(self, port, netdev="n0"):
        return ["-netdev", "socket,id=%s,connect=127.0.0.1:%d"
                % (netdev, self.listeners[port].getsockname()[1])]

    def machine(self, port, mac, model="ne2k_isa,iobase=0x300,irq=9"):
        """What the harness adds to a node (MAC mac) on port."""
        return MachineSetup(args=["-device", "%s,netdev=n0,mac=%s"
                                  % (model, mac)] + self.netdev_args(port))

    def _serve(self, name, listener):
        """Serves the nodes that connect on port name, one after the other:
        a node that ended (its QEMU killed) may be followed by a new one on
        the same port (a reboot on the same link)."""
        while not self.closed:
            try:
                conn, _ = listener.accept()
            except OSError:
                return  # closed (before a node came, or after)
            with self.cond:
                self.conns[name] = conn
                self.cond.notify_all()
            while True:
                frame = _read_frame(conn)
                if frame is None:
                    break
                self._forward(name, frame)
            with self.cond:
                if self.conns.get(name) is conn:
                    del self.conns[name]
                self.cond.notify_all()
            conn.close()

    def _forward(self, name, frame):
        with self.cond:
            others = [c for n, c in self.conns.items() if n != name]
            if not others:
                fate = NO_PEER
            elif self.drop and self.rng.random() < self.drop:
                fate = DROPPED
            else:
                fate = FORWARDED
            self.records.append(Record(name, frame, fate))
            self.cond.notify_all()
        if fate == FORWARDED:
            for c in others:
                _send_frame(c, frame)

    def wait_connected(self, port, timeout):
        """Waits until a node is connected on port; False after timeout."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while port not in self.conns:
                left = deadline - time.monotonic()
                if left <= 0 or self.closed:
                    return False
                self.cond.wait(left)
            return True

    def wait_gone(self, port, timeout):
        """Waits until the node on port has gone (its QEMU ended and the
        relay saw its connection close); False after timeout."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while port in self.conns:
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self.cond.wait(left)
            return True

    def inject(self, port, frame, timeout=10):
        """Sends frame (bytes) to the node on port, as if from the wire."""
        if not self.wait_connected(port, timeout):
            raise RuntimeError("relay: no node on port %s" % port)
        with self.cond:
            conn = self.conns[port]
            self.records.append(Record(port, frame, INJECTED))
        _send_frame(conn, frame)

    def frames(self, port=None, fate=None):
        """Recorded frames (bytes), in order, from port and of fate."""
        with self.cond:
            return [r.frame for r in self.records
                    if (port is None or r.port == port) and
                    (fate is None or r.fate == fate)]

    def close(self):
        with self.cond:
            self.closed = True
            self.cond.notify_all()
            socks = list(self.listeners.values()) + list(self.conns.values())
        for s in socks:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()


_send_lock = threading.Lock()


def _send_frame(conn, frame):
    with _send_lock:
        try:
            conn.sendall(struct.pack("!I", len(frame)) + frame)
        except OSError:
            pass  # the node ended: the frame is lost as on a wire


def _read_exact(conn, n):
    data = b""
    while len(data) < n:
        try:
            chunk = conn.recv(n - len(data))
        except OSError:
            return None
        if not chunk:
            return None
        data += chunk
    return data


def _read_frame(conn):
    head = _read_exact(conn, 4)
    if head is None:
        return None
    return _read_exact(conn, struct.unpack("!I", head)[0])


def fixture(port="b", mac=None, ports=("b",), **knobs):
    """A case fixture: a Relay with ports, the harness's node (MAC mac) on
    port; the script finds it as case.relay."""
    class _Fixture:
        def __init__(self, case):
            self.case = case

        def __enter__(self):
            self.case.relay = Relay(ports, **knobs)
            return self.case.relay.machine(port, mac)

        def __exit__(self, *exc):
            self.case.relay.close()
    return _Fixture
