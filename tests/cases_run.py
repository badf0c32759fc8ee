"""make run as a user runs it (tools/run.sh): the node's name from NODE=, an
ne2k NIC by default, exit status 0 after a clean halt and the halt code
otherwise, two nodes joined by NODES=2, and refusals of bad variables."""

import os
import re
import select
import socket
import subprocess
import time
import zlib

from cases_demo import _qemus
from harness import Case, CaseFailure, expect, time_left
from cases_sh import Shell
from qemu import Timeout


def _port(name):
    """A loopback UDP port pair base for a case, distinct per case and run."""
    return 20000 + (zlib.crc32(name.encode()) + os.getpid() * 11) % 40000


def run_case(name, script, timeout=60, **env):
    """A case whose machine is `sh tools/run.sh BUILD` with env set."""
    c = Case("run." + name, script, timeout=timeout)
    c.cfg = "sh.cfg"  # boot.cfg starts the same servers

    def command(ctx):
        pairs = ["%s=%s" % kv for kv in sorted(env.items())]
        pairs.append("PORT=%d" % _port(c.name))
        return ["env"] + pairs + ["sh", "tools/run.sh", ctx.build]
    c.command_for = command
    return c


def _wait_exit(m, case, want):
    got = m.wait_exit(time_left(case))
    if got != want:
        raise CaseFailure("make run exit status %d, want %d" % (got, want))


def _halt_clean(m, case):
    expect(m, case, r'^boot: cmdline ".*node=gamma lv_probe=7"$')
    expect(m, case, r"^boot: unknown kernel option 'lv_probe=7' ignored "
           r"\(known: node= initcfg= panic=exit ktest= trace=syscalls ip= "
           r"gw= random=\)$")
    sh = Shell(m, case, node="gamma")
    sh.start()
    # boot.cfg awaits fs and console: their boot lines come before the
    # first prompt.
    with m.cond:
        lines = list(m.lines) + [m.partial]
    first_prompt = next(i for i, l in enumerate(lines) if "gamma> " in l)
    for want in (r'^fs: serving as "fs"$', r"^fs: initrd\.img: \d+ bytes",
                 r"^console: serving COM1 "):
        at = [i for i, l in enumerate(lines) if re.search(want, l)]
        if not at or at[0] > first_prompt:
            raise CaseFailure("/%s/ not before the first prompt" % want)
    sh.run_expect("drv up ne2k", r"^drv: ne2k0 up \(pid \d+, user\)$")
    sh.type("halt\n")
    expect(m, case, r"^kernel: halted by pid \d+ \(code 0\)$")
    _wait_exit(m, case, 0)


def _halt_code(m, case):
    sh = Shell(m, case, node="delta")
    sh.start()
    sh.type("halt 5\n")
    _wait_exit(m, case, 5)


def _no_nic(m, case):
    sh = Shell(m, case, node="epsilon")
    sh.start()
    sh.run_expect("drv up ne2k", r"^drv: ")
    out = sh.run("drv list")
    if any(line.startswith("ne2k0 ") for line in out):
        raise CaseFailure("NIC=none still has ne2k0: %r" % out)
    sh.type("halt\n")
    _wait_exit(m, case, 0)


def _console_lines(sock, want, deadline):
    """Reads the socket until a line matching want; returns the text read."""
    text = ""
    while time.monotonic() < deadline:
        sock.settimeout(max(0.1, deadline - time.monotonic()))
        try:
            data = sock.recv(4096)
        except socket.timeout:
            break
        if not data:
            break
        text += data.decode("utf-8", "replace")
        if re.search(want, text, re.M):
            return text
    raise Timeout("second node: no /%s/; tail %r" % (want, text[-300:]))


def _wait_process_end(pid, deadline):
    """Waits until process pid (not our child) has ended: its pidfd turns
    readable then (Linux 5.3). Gone already: nothing to wait for."""
    try:
        fd = os.pidfd_open(pid)
    except ProcessLookupError:
        return
    try:
        ready, _, _ = select.select([fd], [], [],
                                    max(0, deadline - time.monotonic()))
        if not ready:
            raise CaseFailure("process %d did not end in time" % pid)
    finally:
        os.close(fd)


def _second_console(m, case, node):
    """The first node's shell started, and a socket connected to the
    second node's console (NODE2) showing its prompt: (shell, socket,
    deadline)."""
    sh = Shell(m, case, node=node)
    sh.start()
    path = os.path.join(case.ctx.build, "run", node + "2.sock")
    # run.sh says so once the second QEMU listens on its console socket.
    expect(m, case, r"^make run: node %s2 is on %s " % (node, re.escape(path)))
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    try:
        s.sendall(b"\n")
        _console_lines(s, r"^%s2> " % node, case.deadline)
    except BaseException:
        s.close()
        raise
    return sh, s, case.deadline


def _two_nodes(m, case):
    """The second node's console is its socket; both bring up ne2k and a
    frame sent by the first reaches the second's nicdump."""
    sh, s, deadline = _second_console(m, case, "left")
    try:
        s.sendall(b"drv up ne2k\n")
        _console_lines(s, r"^drv: ne2k0 up", deadline)
        sh.run_expect("drv up ne2k", r"^drv: ne2k0 up \(pid \d+, user\)$")
        s.sendall(b"nicdump ne2k0 1\n")
        _console_lines(s, r"^nicdump: ready", deadline)
        sh.run_expect("nicsend ne2k0 1 60", r"^nicsend: sent 1 frames")
        _console_lines(s, r"^nicdump: got 1 frames", deadline)
        # The second node halts first: make run reports its code at the
        # end (its console is not the terminal) and removes its socket.
        s.sendall(b"halt 3\n")
        _console_lines(s, r"^kernel: halted by pid \d+ \(code 3\)", deadline)
        # ... and its QEMU has ended (it closes the console socket on its
        # way out, then ends): a pidfd becomes readable at its end
        s.settimeout(max(0.1, deadline - time.monotonic()))
        while s.recv(4096):
            pass
        for pid in _qemus(_port(case.name) + 1):
            _wait_process_end(pid, deadline)
    finally:
        s.close()
    sh.type("halt\n")
    _wait_exit(m, case, 0)
    err = m.ended_stderr(time_left(case))
    if not re.search(r"^make run: node left2 halted with code 3 \(its log: ",
                     err, re.M):
        raise CaseFailure("make run did not report left2's halt: %r" % err)
    path = os.path.join(case.ctx.build, "run", "left2.sock")
    if os.path.exists(path):
        raise CaseFailure("make run left %s behind" % path)


def _reboot(m, case):
    """reboot resets a node and it boots again in the same QEMU, on the
    same console: the second node (its console socket stays connected),
    then the first, which then halts with a code make run reports."""
    sh, s, deadline = _second_console(m, case, "rb")
    try:
        s.sendall(b"reboot\n")
        text = _console_lines(s, r"init: starting sh ", deadline)
        text = text.replace("\r", "")
        for want in (r"^init: reboot for pid \d+$",
                     r"^kernel: reboot by pid \d+$",
                     r"(?s)kernel: reboot by pid.*\nboot: cmdline .*node=rb2"):
            if not re.search(want, text, re.M):
                raise CaseFailure("rb2's console after reboot: no /%s/ in "
                                  "%r" % (want, text[-2000:]))
        s.sendall(b"\n")
        _console_lines(s, r"^rb2> ", deadline)
    finally:
        s.close()
    start = len(m.lines)
    sh.type("reboot\n")
    expect(m, case, r"^kernel: reboot by pid \d+$", start)
    # the second boot's shell on the same console (Shell.start would find
    # the first boot's lines)
    # (the new prompt may come first on that line)
    i, _ = expect(m, case, r"init: starting sh ", start)
    sh.wait_prompt(i)
    sh.run_expect("reboot now", r"^reboot: now: unexpected argument \(it takes none\)$")
    sh.type("halt 4\n")
    _wait_exit(m, case, 4)


def _bad_variables(m, case):
    """Wrong variables are refused with status 2 and a message."""
    for env, text in ((["NODES=3"], "NODES=3: give 1 or 2"),
                      (["NIC=e1000"], "NIC=e1000: give"),
                      (["NODE=a b"], "NODE=a b: letters"),
                      (["PORT=x"], "PORT=x: give a number"),
                      (["NODE=" + "n" * 25], "at most 24 characters")):
        p = subprocess.run(["env"] + env + ["sh", "tools/run.sh",
                                            case.ctx.build],
                           capture_output=True, text=True, timeout=10)
        if p.returncode != 2 or text not in p.stderr:
            raise CaseFailure("%s: status %d, %r" % (env, p.returncode,
                                                      p.stderr))
    p = subprocess.run(["sh", "tools/run.sh", "/nonexistent"],
                       capture_output=True, text=True, timeout=10)
    if p.returncode != 2 or "run make first" not in p.stderr:
        raise CaseFailure("unbuilt tree: status %d, %r" % (p.returncode,
                                                           p.stderr))


def _piped_many(m, case):
    """Many more commands than any buffer holds, sent before boot (a
    script piped into make run): every one runs, in order -- flow control
    holds the rest back in the UART (and QEMU), nothing is dropped."""
    lines = ["echo piped-%03d" % i for i in range(150)]  # about 2 KiB
    long_line = "echo " + "L" * 240  # fits the shell's 255 bytes
    m.send("\n".join(lines + [long_line, "halt 9"]) + "\n")
    i = 0
    for n in range(150):
        i, _ = expect(m, case, r"^piped-%03d$" % n, i)
    expect(m, case, r"^%s$" % ("L" * 240), i)
    expect(m, case, r"^kernel: halted by pid \d+ \(code 9\)$")
    _wait_exit(m, case, 9)


def _cmdline_overrides(m, case):
    """CMDLINE= comes after make run's own options: its node= wins."""
    expect(m, case, r'^boot: cmdline ".*node=auto node=omega"$')
    sh = Shell(m, case, node="omega")
    sh.start()
    sh.type("halt\n")
    _wait_exit(m, case, 0)


def _bad_options(m, case):
    """Known kernel options with values the kernel does not take are
    reported, not silently ignored; the node keeps its default name."""
    expect(m, case, r"^boot: panic=foo ignored: the one value is panic=exit$")
    expect(m, case, r"^boot: trace=bar ignored: the one value is "
           r"trace=syscalls$")
    expect(m, case, r"^boot: node=a\.b ignored: a node name is 1-31 "
           r"letters, digits, - or _; the node is lavender$")
    sh = Shell(m, case, node="lavender")
    sh.start()
    sh.type("halt\n")
    _wait_exit(m, case, 0)


def _piped_input(m, case):
    """Commands sent before the kernel even starts (as `printf ... | make
    run` would): none is lost, not even the first byte, which the UART
    held before its FIFOs were switched on."""
    m.send("echo piped-before-boot\nhalt 7\n")
    expect(m, case, r"^piped-before-boot$")
    expect(m, case, r"^kernel: halted by pid \d+ \(code 7\)$")
    _wait_exit(m, case, 7)


def cases(ctx):
    return [
        run_case("halt_clean", _halt_clean, NODE="gamma",
                 CMDLINE="lv_probe=7"),
        run_case("halt_code", _halt_code, NODE="delta"),
        run_case("no_nic", _no_nic, NODE="epsilon", NIC="none"),
        run_case("piped_input", _piped_input, NODE="zeta"),
        run_case("piped_many", _piped_many, NODE="eta"),
        run_case("bad_options", _bad_options,
                 CMDLINE="panic=foo trace=bar node=a.b"),
        run_case("cmdline_overrides", _cmdline_overrides,
                 CMDLINE="node=omega"),
        run_case("two_nodes", _two_nodes, timeout=90, NODE="left", NODES="2"),
        run_case("reboot", _reboot, timeout=90, NODE="rb", NODES="2"),
        Case("run.bad_variables", _bad_variables, boot=None),
    ]
