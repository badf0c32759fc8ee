"""QEMU cases of the NE2000 user-mode driver (drivers/ne2k) with nicsend and
nicdump. The NIC is QEMU's ne2k_isa at 0x300, IRQ 9, on a socket netdev in
UDP mode (needs no peer): frames sent to a port nobody reads just vanish."""

import os
import re
import zlib

from cases import INIT_OK, CaseFailure, expect, expect_exit, proc_case
from harness import time_left
from qemu import Machine

MAC_A = "52:54:00:12:34:56"
MAC_B = "52:54:00:12:34:57"
FRAMES = 10


def _ports(name, n):
    """n UDP ports for a case, distinct per case name and test run."""
    base = 20000 + (zlib.crc32(name.encode()) + os.getpid() * 7) % 40000
    return [base + i for i in range(n)]


def _nic_args(mac, local, remote):
    return ["-device", "ne2k_isa,netdev=n0,iobase=0x300,irq=9,mac=" + mac,
            "-netdev", "socket,id=n0,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
            % (remote, local)]


def _bring_up(m, case, mac):
    """The add steps, in order, with the MAC the PROM must give."""
    i = 0
    for step in range(1, 6):
        i, _ = expect(m, case, r"^ne2k0: add step %d: " % step, i)
    expect(m, case, r"^ne2k0: add step 3: chip reset, MAC %s$" % mac)
    expect(m, case, r"^ne2k0: add step 5: registered \(io=0x300 irq=9 "
           r"mac=%s\)$" % mac)


def _one_node_script(m, case):
    _bring_up(m, case, MAC_A)
    _, mt = expect(m, case, r"^nicsend: sent (\d+) frames, frames_out=(\d+) "
                   r"bytes_out=(\d+) tx_errors=(\d+)$")
    pattern = re.compile(r"^nicsend: len=(\d+) src=%s type=0x88b5 "
                         r"crc32=[0-9a-f]{8}$" % MAC_A)
    sent = [l for l in m.output.splitlines() if pattern.match(l)]
    if len(sent) != 10:
        raise CaseFailure("%d frame lines, want 10" % len(sent))
    total = sum(int(re.search(r"len=(\d+)", l).group(1)) for l in sent)
    if mt.group(1) != "10" or mt.group(2) != "10" or int(mt.group(3)) != total \
            or mt.group(4) != "0":
        raise CaseFailure(mt.group(0) + " (want 10, 10, %d, 0)" % total)
    expect(m, case, r"^init: nicsend exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _one_node():
    c = proc_case("ne2k", "ne2k.cfg", ["ns", "ne2k", "nicsend"],
                  _one_node_script, timeout=90)
    a, b = _ports(c.name, 2)
    c.extra_args = _nic_args(MAC_A, a, b)
    return c


def _frame_lines(output, prog):
    return [l.split(": ", 1)[1] for l in output.splitlines()
            if l.startswith(prog + ": len=")]


def _two_node_script(m, case):
    """m is node B (nicdump); node A (nicsend) starts once B listens. What
    B prints per frame must equal what A printed per frame."""
    _bring_up(m, case, MAC_B)
    expect(m, case, r"^nicdump: ready$")
    a = Machine(("kernel", case.ctx.kernel), cmdline="initcfg=ne2k.cfg "
                "panic=exit", modules=case.node_a_modules,
                extra_args=_nic_args(MAC_A, case.ports[0], case.ports[1]))
    try:
        a.start()
        try:
            a.expect(r"^init: nicsend exited with status 0$", time_left(case))
        except Exception:
            raise CaseFailure("node A: " + " | ".join(a.lines[-8:]))
        _, mt = expect(m, case, r"^nicdump: got (\d+) frames, frames_in=(\d+) "
                       r"dropped=(\d+)$")
        sent = _frame_lines(a.output, "nicsend")
        got = _frame_lines(m.output, "nicdump")
        if len(sent) != FRAMES or sent != got:
            raise CaseFailure("sent %d frames, got %d; first difference: %s"
                              % (len(sent), len(got),
                                 next(((x, y) for x, y in zip(sent, got)
                                       if x != y), None)))
        if mt.group(3) != "0":
            raise CaseFailure(mt.group(0))
        expect(m, case, r"^init: nicdump exited with status 0$")
        expect_exit(m, case, INIT_OK)
    finally:
        a.kill()
        with open(os.path.join(case.ctx.logs, case.name + ".node_a.log"),
                  "w") as f:
            f.write(a.output + "\n")


def _two_nodes(ctx):
    c = proc_case("ne2k_two_nodes", "ne2k_dump.cfg", ["ns", "ne2k", "nicdump"],
                  _two_node_script, timeout=120)
    c.ports = _ports(c.name, 2)
    c.extra_args = _nic_args(MAC_B, c.ports[1], c.ports[0])
    c.node_a_modules = [os.path.join(ctx.build, "user", p)
                        for p in ["init", "ns", "ne2k", "nicsend"]] + \
        [os.path.join("tests", "configs", "ne2k.cfg")]
    return c


def cases(ctx):
    return [_one_node(), _two_nodes(ctx)]
