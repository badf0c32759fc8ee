"""QEMU cases of the NE2000 user-mode driver (drivers/ne2k) with nicsend and
nicdump, and of the shell's drv built-in starting and stopping it (the add and
remove steps). The NIC is QEMU's ne2k_isa at 0x300, IRQ 9, on a socket netdev
in UDP mode (needs no peer): frames sent to a port nobody reads just vanish."""

import os
import re
import zlib

from cases import INIT_OK, CaseFailure, expect, expect_exit, proc_case
from cases_sh import Shell, _exit_shell, sh_case
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


def _pci_script(m, case):
    """The driver finds QEMU's ne2k_pci through PCI configuration space,
    reads its MAC and sends 10 frames through it."""
    _, mt = expect(m, case, r"^ne2k: pci: card at io=(0x[0-9a-f]+) "
                   r"irq=(\d+)$")
    expect(m, case, r"^ne2k0: add step 3: chip reset, MAC %s$" % MAC_A)
    expect(m, case, r"^ne2k0: add step 5: registered \(io=%s irq=%s "
           r"mac=%s\)$" % (mt.group(1), mt.group(2), MAC_A))
    _, ms = expect(m, case, r"^nicsend: sent (\d+) frames, frames_out=(\d+) "
                   r"bytes_out=\d+ tx_errors=(\d+)$")
    if ms.group(1, 2, 3) != ("10", "10", "0"):
        raise CaseFailure(ms.group(0))
    expect(m, case, r"^init: nicsend exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _pci():
    c = proc_case("ne2k_pci", "ne2k_pci.cfg", ["ns", "ne2k", "nicsend"],
                  _pci_script, timeout=90)
    a, b = _ports(c.name, 2)
    c.extra_args = ["-device", "ne2k_pci,netdev=n0,mac=" + MAC_A,
                    "-netdev", "socket,id=n0,udp=127.0.0.1:%d,"
                    "localaddr=127.0.0.1:%d" % (b, a)]
    return c


def _frame_lines(output, prog):
    return [l.split(": ", 1)[1] for l in output.splitlines()
            if l.startswith(prog + ": len=")]


def _node_a(case, cfg, programs=("nicsend",)):
    """Starts a node A running tests/configs/CFG (with ns, ne2k and
    programs)."""
    mods = [os.path.join(case.ctx.build, "user", p)
            for p in ["init", "ns", "ne2k"] + list(programs)] + \
        [os.path.join("tests", "configs", cfg)]
    a = Machine(("kernel", case.ctx.kernel), cmdline="initcfg=%s "
                "panic=exit" % cfg, modules=mods,
                extra_args=_nic_args(MAC_A, case.ports[0], case.ports[1]))
    a.start()
    case.node_a_logs.append(a)
    return a


def _run_node_a(case, cfg, until=r"^init: nicsend exited with status 0$"):
    """Node A's output once it printed until (its nicsend exited 0)."""
    a = _node_a(case, cfg)
    try:
        a.expect(until, time_left(case))
    except Exception:
        raise CaseFailure("node A: " + " | ".join(a.lines[-8:]))
    finally:
        a.kill()
    return a.output


def _save_node_a(case):
    """Ends every node A the case started (one that serves for ever, as
    nicecho's, would outlive the case) and keeps their logs."""
    with open(os.path.join(case.ctx.logs, case.name + ".node_a.log"),
              "w") as f:
        for a in case.node_a_logs:
            a.kill()
            f.write(a.output + "\n")


def _check_ten(m, case, start=0):
    """Node B's nicdump (from line start) got the 10 frames a fresh node A
    (ne2k.cfg) sent, none dropped."""
    i, _ = expect(m, case, r"^nicdump: ready$", start)
    sent = _frame_lines(_run_node_a(case, "ne2k.cfg"), "nicsend")
    _, mt = expect(m, case, r"^nicdump: got (\d+) frames, frames_in=(\d+) "
                   r"dropped=(\d+)$", i)
    got = _frame_lines("\n".join(m.lines[i:]), "nicdump")
    if len(sent) != FRAMES or sent != got:
        raise CaseFailure("sent %d frames, got %d; first difference: %s"
                          % (len(sent), len(got),
                             next(((x, y) for x, y in zip(sent, got)
                                   if x != y), None)))
    return mt


def _two_node_script(m, case):
    """m is node B (nicdump); node A (nicsend) starts once B listens. What
    B prints per frame must equal what A printed per frame."""
    _bring_up(m, case, MAC_B)
    try:
        mt = _check_ten(m, case)
        if mt.group(3) != "0":
            raise CaseFailure(mt.group(0))
        expect(m, case, r"^init: nicdump exited with status 0$")
        expect_exit(m, case, INIT_OK)
    finally:
        _save_node_a(case)


def _summary(output, prog):
    mt = re.search(r"^%s: summary (frames=\d+ bytes=\d+ digest=[0-9a-f]{8})$"
                   % prog, output, re.M)
    return mt.group(1) if mt else None


def _thousand_script(m, case):
    """1,000 random-sized frames, paced (a tick every 4 frames): node B's
    summary (count, bytes, digest of every length and CRC in order) must
    equal node A's, and no frame may be reported bad."""
    _bring_up(m, case, MAC_B)
    try:
        expect(m, case, r"^nicdump: ready$")
        want = _summary(_run_node_a(case, "ne2k_1000_send.cfg"), "nicsend")
        expect(m, case, r"^init: nicdump exited with status 0$")
        got = _summary(m.output, "nicdump")
        if not want or not want.startswith("frames=1000 ") or got != want:
            raise CaseFailure("node A: %s, node B: %s" % (want, got))
        if "nicdump: bad frame" in m.output:
            raise CaseFailure("bad frames reported")
        expect_exit(m, case, INIT_OK)
    finally:
        _save_node_a(case)


def _burst_script(m, case):
    """2,000 full-size frames, unpaced, into a receiver that takes one per
    tick. QEMU's ne2000 holds frames back when its ring is full (the socket
    backend stops reading) rather than overflowing it, so the loss shows as
    the driver's dropped count (the receiver's 64-message queue full), not as
    overruns. The driver must then still answer STATS and take 10 paced
    frames intact."""
    _bring_up(m, case, MAC_B)
    try:
        i, _ = expect(m, case, r"^nicdump: ready$")
        _run_node_a(case, "ne2k_burst_send.cfg")
        _, mt = expect(m, case, r"^nicstat: ne2k0 frames_in=(\d+) "
                       r"bytes_in=\d+ frames_out=\d+ bytes_out=\d+ "
                       r"rx_errors=(\d+) tx_errors=\d+ overruns=(\d+) "
                       r"dropped=(\d+)$", i)
        expect(m, case, r"^nicstat: ne2k0 link=1$", i)  # alive and up
        lost = int(mt.group(2)) + int(mt.group(3)) + int(mt.group(4))
        if lost == 0 or int(mt.group(1)) == 0:
            raise CaseFailure("no loss counted: " + mt.group(0))
        j, _ = expect(m, case, r"^init: nicsend exited with status 0$", i)
        _check_ten(m, case, j)
        expect(m, case, r"^init: nicdump exited with status 0$", j)
        expect_exit(m, case, INIT_OK)
    finally:
        _save_node_a(case)


def _types_script(m, case):
    """Node B: nicdump takes 0x88B5 only, protosink (a protocol server the
    driver found in the name server, with the network right: init's -N)
    0x0800 and 0x88B6 only, at the same time."""
    _bring_up(m, case, MAC_B)
    try:
        expect(m, case, r"^nicdump: ready$")
        expect(m, case, r"^protosink: ready$")
        expect(m, case, r"^ne2k0: session for protocol server "
               r"proto\.sink \(types=0800,88b6\)$")
        _run_node_a(case, "ne2k_types_send.cfg", r"^init: exit \(all ok\)$")
        expect(m, case, r"^protosink: got 5 frames: 5 of its types, "
               r"0 others$")
        _, mt = expect(m, case, r"^nicdump: got 5 frames, ")
        got = _frame_lines(m.output, "nicdump")
        if len(got) != 5 or any("type=0x88b5" not in f for f in got):
            raise CaseFailure("nicdump got %r" % got)
        expect(m, case, r"^init: nicdump exited with status 0$")
    finally:
        _save_node_a(case)


def _node_b_case(name, cfg, script, timeout=120, extra=()):
    c = proc_case(name, cfg, ["ns", "ne2k", "nicdump", "nicsend"] +
                  list(extra), script, timeout=timeout)
    c.ports = _ports(c.name, 2)
    c.extra_args = _nic_args(MAC_B, c.ports[1], c.ports[0])
    c.node_a_logs = []
    return c


REMOVE_STEPS = [
    r"^ne2k0: remove step 1: \d+ sessions? ended",
    r"^ne2k0: remove step 2: name deleted: ",
    r"^ne2k0: remove step 3: kernel told \(irq_detach 9: ",
    r"^ne2k0: remove step 4: IRQ 9 out of the kernel's interrupt table$",
    r"^ne2k0: remove step 5: chip stopped, interrupts masked$",
    r"^ne2k0: remove step 6: exiting: the kernel frees ports 0x300-0x31f",
]


def _up(sh, name="ne2k0", args="", kind="user"):
    """drv up ne2k ARGS must bring up name (of kind); returns its pid."""
    mt = sh.run_expect("drv up ne2k" + args,
                       r"^drv: %s up \(pid (\d+), %s\)$" % (name, kind))
    return int(mt.group(1))


def _listed(sh, kind="user"):
    """{name: (pid, state)} of drv list's drivers of kind."""
    rows = {}
    for line in sh.run("drv list"):
        mt = re.match(r"^(\S+)\s+%s\s+(\d+)\s+(\S+)\s" % kind, line)
        if mt:
            rows[mt.group(1)] = (int(mt.group(2)), mt.group(3))
    return rows


def _down(sh, name="ne2k0"):
    sh.run_expect("drv down " + name, r"^drv: %s down$" % name)


def _drv_up_down(m, case):
    sh = Shell(m, case)
    sh.start()
    start = len(m.lines)
    pid = _up(sh)
    rows = _listed(sh)
    if list(rows) != ["ne2k0"] or rows["ne2k0"][0] != pid:
        raise CaseFailure("drv list: %r, want ne2k0 of pid %d" % (rows, pid))
    _down(sh)
    i = start
    for p in REMOVE_STEPS:
        i, _ = expect(m, case, p, i)
        i += 1
    if _listed(sh):
        raise CaseFailure("drv list not empty after drv down")
    _exit_shell(sh)


def _drv_gone(m, case):
    """drv down with a session open: the driver's remove step 1 tells the
    receiver, which ends (nicdump runs in the background)."""
    sh = Shell(m, case)
    sh.start()
    _up(sh)
    start = len(m.lines)
    sh.run_expect("nicdump ne2k0 0 &", r"^\[\d+\]$")
    expect(m, case, r"nicdump: ready$", start)  # may share the prompt's line
    _down(sh)
    i, _ = expect(m, case, r"^ne2k0: remove step 1: 1 session ended", start)
    expect(m, case, r"nicdump: ne2k0 gone after 0 frames$", start)
    _exit_shell(sh)


def _free_memory(sh):
    """(free KiB + KiB resident in processes, kernel heap bytes) and the
    lines mem printed: pages processes touch for the first time (the shell's
    stack going deeper, say) are theirs, not lost."""
    out = sh.run("mem")
    mt = mu = None
    for line in out:
        mt = mt or re.search(r"^memory: \d+ KiB total, (\d+) KiB free, "
                             r"\d+ KiB used; kernel heap (\d+) bytes$", line)
        mu = mu or re.search(r"^user: (\d+) KiB resident \(touched\), "
                             r"\d+ KiB reserved$", line)
    if not mt or not mu:
        raise CaseFailure("mem printed %r" % out)
    return ((int(mt.group(1)) + int(mu.group(1)), int(mt.group(2))),
            mt.group(0) + " / " + mu.group(0))


def _drv_repeat(m, case):
    """20 up/down cycles leave free memory as it was (after one cycle that
    warms the file server's and the shell's caches up)."""
    sh = Shell(m, case)
    sh.start()
    _up(sh)
    _down(sh)
    before, line_before = _free_memory(sh)
    for _ in range(20):
        _up(sh)
        _down(sh)
    after, line_after = _free_memory(sh)
    if before != after:
        raise CaseFailure("free memory changed: %r -> %r"
                          % (line_before, line_after))
    if _listed(sh):
        raise CaseFailure("drv list not empty after 20 cycles")
    _exit_shell(sh)


def _drv_conflict(m, case):
    sh = Shell(m, case)
    sh.start()
    pid = _up(sh)
    out = sh.run("drv up ne2k io=0x300 irq=9")
    if not any(l.endswith("ne2k: io 0x300: driver ne2k0 (pid %d, user "
                          "kind) drives the NIC at io 0x300: one driver per "
                          "NIC" % pid) for l in out) or \
            not any(re.match(r"^drv: ne2k: ended with status 1 before it "
                             r"registered$", l)
                    for l in out):
        raise CaseFailure("second drv up printed %r" % out)
    # ports no driver's entry names: the console server's COM1
    out = sh.run("drv up ne2k io=0x3e0 irq=9")
    if not any(l.endswith("ne2k: io 0x3e0: ports 0x3e0-0x3ff overlap ports "
                          "another process holds (no driver's: COM1 is at "
                          "0x3f8)") for l in out):
        raise CaseFailure("drv up on COM1's ports printed %r" % out)
    out = sh.run("drv up ne2k io=0x320 irq=9")
    if not any(l.endswith("ne2k: irq 9 taken") for l in out):
        raise CaseFailure("drv up on a taken IRQ printed %r" % out)
    rows = _listed(sh)
    if list(rows) != ["ne2k0"] or rows["ne2k0"][0] != pid:
        raise CaseFailure("drv list after the refusals: %r, want ne2k0 of "
                          "pid %d alone" % (rows, pid))
    _down(sh)
    _exit_shell(sh)


def _drv_kill(m, case):
    """kill frees the driver's IRQ and ports (the kernel's part): the name
    server forgets the dead port, and a new driver takes them again; a
    receiver whose driver died (no GONE sent) hears of it from the kernel
    and ends with status 1 instead of waiting for ever."""
    sh = Shell(m, case)
    sh.start()
    pid = _up(sh)
    n = sh.type("nicdump ne2k0 0 &\n")
    expect(m, case, r"nicdump: ready$", n)  # may share the prompt's line
    sh.run("kill %d" % pid)
    expect(m, case, r"nicdump: ne2k0 ended \(its driver died\) after 0 "
           r"frames$", n)
    sh.run("echo reap")  # the shell reaps ended jobs before each prompt
    if any("nicdump" in l for l in sh.run("jobs")):
        raise CaseFailure("nicdump still a job after its driver died")
    for _ in range(50):
        if not _listed(sh):
            break
    else:
        raise CaseFailure("ne2k0 still listed after kill %d" % pid)
    pid2 = _up(sh)
    if pid2 == pid:
        raise CaseFailure("same pid %d" % pid)
    _down(sh)
    _exit_shell(sh)


def _drv_two_nics(m, case):
    """A second NIC at 0x320, IRQ 10: the driver names it ne2k1 (the first
    free ne2kN), both serve at once and go down one by one."""
    sh = Shell(m, case)
    sh.start()
    pid0 = _up(sh)
    pid1 = _up(sh, "ne2k1", " io=0x320 irq=10")
    expect(m, case, r"^ne2k1: add step 5: registered \(io=0x320 irq=10 "
           r"mac=%s\)$" % MAC_B)
    rows = _listed(sh)
    if sorted(rows) != ["ne2k0", "ne2k1"] or rows["ne2k0"][0] != pid0 or \
            rows["ne2k1"][0] != pid1:
        raise CaseFailure("drv list: %r" % rows)
    _down(sh, "ne2k0")
    if list(_listed(sh)) != ["ne2k1"]:
        raise CaseFailure("ne2k1 gone with ne2k0")
    _down(sh, "ne2k1")
    _exit_shell(sh)


def _drv_refusals(m, case):
    """Bad driver arguments are refused by the driver before it touches
    the chip, naming the argument and what is accepted; unknown drivers and
    programs that never register are reported, and the latter ended."""
    sh = Shell(m, case)
    sh.start()
    for args, said in (
            ("io=zzz", "io=zzz: the I/O base is 0x200..0x3e0 in steps of "
                       "0x20"),
            ("io=0x0", "io=0x0: the I/O base is"),
            ("irq=99", "irq=99: the IRQ line is 3..15"),
            ("bogus", "bogus: unknown argument (known: io= irq= name= pci"),
            ("name=a/b", "name=a/b: a name is")):
        out = sh.run("drv up ne2k " + args)
        if "ne2k: " + said not in "\n".join(out) or \
                "drv: ne2k: ended with status 2 before it registered" \
                not in out:
            raise CaseFailure("drv up ne2k %s printed %r" % (args, out))
        sh.run_expect("echo $?", r"^2$")  # the driver's usage error
    sh.run_expect("drv up ne2k --help", r"^usage: ne2k \[io=0x300\]")
    # Only what /etc/drivers.cfg lists gets the nucleus right.
    for kind in ("nosuch", "hello", "sleeper"):
        sh.run_expect("drv up %s 1000" % kind,
                      r"^drv: %s: not a driver /etc/drivers.cfg lists \(it "
                      r"lists: ne2k\)$" % kind)
    sh.run_expect("drv down nosuch",
                  r"^drv: nosuch: no such driver \(drv list names them\)$")
    if _listed(sh):
        raise CaseFailure("drv list not empty after the refusals")
    if any(re.search(r" (sleeper|hello)$", l) for l in sh.run("ps")):
        raise CaseFailure("drv up started a program it refused")
    _up(sh)
    # Only init, the driver's starter or a nucleus-right holder may STOP
    # it; a program the shell runs is none of them.
    sh.run_expect("nicsend ne2k0 stop",
                  r"^nicsend: STOP: operation not permitted$")
    if list(_listed(sh)) != ["ne2k0"]:
        raise CaseFailure("a program's STOP ended the driver")
    # One process may not take the whole session table.
    out = sh.run("nicdump ne2k0 0 sessions=3")
    want = ["nicdump: session 1: id 1", "nicdump: session 2: id 2",
            "nicdump: session 3: no space left", "nicdump: closed: success"]
    if out[-4:] != want:
        raise CaseFailure("nicdump sessions=3 printed %r, want %r"
                          % (out, want))
    sh.run_expect("nicdump ne2k0 0 sessions=1", r"^nicdump: session 1: id 1$")
    _down(sh)
    _exit_shell(sh)


def _drv_case(name, script, timeout=90, second_nic=False):
    c = sh_case(name, script, timeout=timeout)
    c.name = "ne2k.drv_" + name
    a, b, x, y = _ports(c.name, 4)
    c.extra_args = _nic_args(MAC_A, a, b)
    if second_nic:
        c.extra_args += [
            "-device", "ne2k_isa,netdev=n1,iobase=0x320,irq=10,mac=" + MAC_B,
            "-netdev", "socket,id=n1,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
            % (y, x)]
    return c


def cases(ctx):
    return [_one_node(), _pci(),
            _node_b_case("ne2k_two_nodes", "ne2k_dump.cfg", _two_node_script),
            _node_b_case("ne2k_1000", "ne2k_1000.cfg", _thousand_script,
                         timeout=150),
            _node_b_case("ne2k_burst", "ne2k_burst.cfg", _burst_script,
                         timeout=150),
            _node_b_case("ne2k_types", "ne2k_types.cfg", _types_script,
                         extra=["protosink"]),
            _drv_case("up_down", _drv_up_down),
            _drv_case("repeat", _drv_repeat, timeout=180),
            _drv_case("conflict", _drv_conflict),
            _drv_case("kill", _drv_kill),
            _drv_case("two_nics", _drv_two_nics, second_nic=True),
            _drv_case("gone", _drv_gone),
            _drv_case("refusals", _drv_refusals)]
