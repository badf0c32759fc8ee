"""A real Linux peer for a node: a network namespace of the test's own with a
tap device in it, which the node's NIC is plugged into (QEMU runs under
`ip netns exec NS` and opens the tap there), and Linux's own stack and tools
on the other end (ping, UDP sockets, AF_PACKET).

Needs root, /dev/net/tun and `ip netns`; without them the case is skipped
with the reason. Everything is removed on the way out, whether the case
passed, failed or broke, and the removal is checked."""

import ctypes
import itertools
import os
import shutil
import socket
import subprocess
import threading

from harness import CaseFailure, CaseSkipped, MachineSetup

TAP = "lvtap0"               # the tap's name inside the namespace
PEER_ADDR = "10.0.3.254/24"  # Linux's address on it
CLONE_NEWNET = 0x40000000
_serial = itertools.count(1)


def unavailable():
    """Why this host cannot make a namespace peer, or None."""
    if os.geteuid() != 0:
        return "needs root (network namespace and tap device)"
    if not os.path.exists("/dev/net/tun"):
        return "no /dev/net/tun (modprobe tun, or give the container the " \
            "device)"
    if not shutil.which("ip"):
        return "no ip command (as root: sh tools/deps.sh test)"
    return None


def _ip(*args, check=True):
    p = subprocess.run(["ip"] + list(args), capture_output=True, text=True,
                       timeout=30)
    if check and p.returncode != 0:
        raise RuntimeError("ip %s: %s" % (" ".join(args), p.stderr.strip()))
    return p


def namespaces():
    """The names `ip netns list` shows."""
    return [line.split()[0] for line in
            _ip("netns", "list").stdout.splitlines() if line.strip()]


class Namespace:
    """with Namespace() as ns: a namespace named lvtest-PID-N holding TAP,
    up, with PEER_ADDR (and lo up)."""

    def __init__(self, addr=PEER_ADDR):
        self.name = "lvtest-%d-%d" % (os.getpid(), next(_serial))
        self.addr = addr
        self.tap = TAP

    def __enter__(self):
        why = unavailable()
        if why:
            raise CaseSkipped(why)
        p = _ip("netns", "add", self.name, check=False)
        if p.returncode != 0:
            raise CaseSkipped("ip netns add failed: %s" % p.stderr.strip())
        try:
            n = ["-n", self.name]
            _ip(*n, "tuntap", "add", "dev", self.tap, "mode", "tap")
            _ip(*n, "addr", "add", self.addr, "dev", self.tap)
            _ip(*n, "link", "set", self.tap, "up")
            _ip(*n, "link", "set", "lo", "up")
        except Exception:
            self.remove()
            raise
        return self

    def __exit__(self, *exc):
        self.remove()
        if self.name in namespaces():
            raise CaseFailure("namespace %s still there after its removal"
                              % self.name)

    def remove(self):
        """Deletes the tap and the namespace (QEMU must have ended: an open
        tap keeps the namespace alive)."""
        if self.name in namespaces():
            _ip("-n", self.name, "tuntap", "del", "dev", self.tap,
                "mode", "tap", check=False)
            _ip("netns", "delete", self.name)

    def machine(self, mac, model="ne2k_isa,iobase=0x300,irq=9"):
        """What the harness adds to a node whose NIC is on the tap."""
        return MachineSetup(
            prefix=["ip", "netns", "exec", self.name],
            args=["-device", "%s,netdev=n0,mac=%s" % (model, mac),
                  "-netdev", "tap,id=n0,ifname=%s,script=no,downscript=no"
                  % self.tap])

    def run(self, argv, timeout=30, check=True):
        """Runs argv in the namespace; the CompletedProcess (text). With
        check, a non-zero status fails the case, quoting its output."""
        p = subprocess.run(["ip", "netns", "exec", self.name] + list(argv),
                           capture_output=True, text=True, timeout=timeout)
        if check and p.returncode != 0:
            raise CaseFailure("in %s: %s: status %d: %s" % (
                self.name, " ".join(argv), p.returncode,
                (p.stdout + p.stderr).strip()[-400:]))
        return p

    def python(self, code, timeout=30, check=True):
        """Runs a python3 snippet in the namespace (Debian's python3, which
        has scapy)."""
        return self.run(["/usr/bin/python3", "-c", code], timeout, check)

    def socket(self, *args):
        """A socket(*args) of the namespace, usable from this process: made
        by a short-lived thread that entered the namespace (setns changes
        only the calling thread's)."""
        out = {}

        def make():
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                with open("/var/run/netns/" + self.name) as f:
                    if libc.setns(f.fileno(), CLONE_NEWNET) != 0:
                        raise OSError(ctypes.get_errno(), "setns")
                out["sock"] = socket.socket(*args)
            except Exception as e:
                out["error"] = e
        t = threading.Thread(target=make)
        t.start()
        t.join()
        if "error" in out:
            raise out["error"]
        return out["sock"]

    def packet_socket(self, ethertype):
        """An AF_PACKET socket on the tap that receives frames of
        ethertype (what the node sends and Linux sees)."""
        s = self.socket(socket.AF_PACKET, socket.SOCK_RAW,
                        socket.htons(ethertype))
        s.bind((self.tap, ethertype))
        return s


def fixture(mac):
    """A case fixture: the namespace peer, with the node's NIC (MAC mac) on
    its tap; the case's script finds it as case.peer."""
    class _Fixture:
        def __init__(self, case):
            self.case, self.ns = case, Namespace()

        def __enter__(self):
            self.case.peer = self.ns.__enter__()
            return self.ns.machine(mac)

        def __exit__(self, *exc):
            return self.ns.__exit__(*exc)
    return _Fixture
