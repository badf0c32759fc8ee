#!/usr/bin/env python3
"""make demo: two nodes, alpha (10.0.0.1) and beta (10.0.0.2), boot in QEMU
as `make run` boots them (the ISO's boot set, tools/run.sh's MACs), joined
by a socket netdev on loopback, and a scripted scenario of remote IPC runs
on both consoles (issue 15): services exported on beta and called from
alpha by name@beta, a remote file read, a refused call to a service beta
does not export, beta's NIC driver swapped to the module and back while
alpha keeps calling (no call lost or executed twice), and a call the other
way. Both consoles are shown as they come, with [alpha] / [beta] in front;
a summary table (step, node, expected, got, verdict) ends it.

Exit status: 0 iff every step passed; 1 if one failed; 2 on a usage error
or a tree that was not built; 130 after Ctrl-C. The QEMUs are always ended.
Logs: DIR/demo.log (everything shown), DIR/alpha.log and DIR/beta.log (each
console, QEMU's own messages after it); DIR/demo.lock, held while a demo
runs, makes a second demo on the same DIR refuse (status 2, naming the
first one's pid). Two demos with different DIRs run side by side, each
on its own port pair (start_nodes: the look for free ports and QEMU's bind
are one step under a host-wide lock).
Waiting is always on a console line or a prompt, bounded by each step's
timeout, never a fixed delay.

The scenario is also a test case (tests/cases_demo.py calls run_demo)."""

import argparse
import fcntl
import os
import re
import signal
import socket
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, "tests"))

from cases_sh import Shell  # noqa: E402
from harness import CaseFailure  # noqa: E402
from qemu import Machine, Timeout  # noqa: E402

NODES = ("alpha", "beta")
MAC = {"alpha": "52:54:00:00:00:01", "beta": "52:54:00:00:00:02"}
ADDR = {"alpha": "10.0.0.1", "beta": "10.0.0.2"}
DEFAULT_PORT = 41100     # make run's pair is 41000/41001 by default
STEP_TIMEOUT = 45        # seconds a step may take (boots included)
# Remote calls a second the incr job's step allows for on top of the step
# timeout: TCG on this project's 2-core machines does about 1,600; a slow
# host a fraction of it.
SLOWEST_CALLS_PER_S = 200
SWAP_CALLS = 1000        # kv incr calls alpha makes across the swaps
SWAP_AFTER = 20          # of them beta has before the first swap
# The fewest --calls the swap steps can work with: the job must still be
# running when the swap back ends, and by then beta has counted
# min(SWAP_AFTER, calls // 10) calls plus those that complete while beta's
# console is asked and each swap runs -- measured (make demo, a loaded
# 2-core host) at up to 32 beyond that (swaps 20 -> 52 with 1000 calls; 3
# -> 12 with 30, 6 -> 20 with 60). With fewer calls the job ends before the
# swaps (the trial's 10 always failed); 100 leaves twice the worst seen.
CALLS_MIN = 100
CALLS_MAX = 1000000


class Failed(Exception):
    """A step's outcome was not the expected one; the message is what it
    got."""


class Stop(Exception):
    """A step the rest depends on failed (a node is not up)."""


class Transcript:
    """Everything the demo shows: both consoles' lines with their node in
    front and the demo's own lines, written to the log, and to stdout as
    show says ("all"; "demo": not the consoles; "none"), a whole line at a
    time."""

    def __init__(self, path, show="all"):
        self.f = open(path, "w")
        self.show = show
        self.lock = threading.Lock()

    def line(self, text, console=False):
        """Shows text. After close (a killed node's reader thread may still
        hand over its last console bytes): nothing, the node's own log
        (save_log) has them."""
        with self.lock:
            if self.f.closed:
                return
            self.f.write(text + "\n")
            self.f.flush()
            if self.show == "all" or (self.show == "demo" and not console):
                sys.stdout.write(text + "\n")
                sys.stdout.flush()

    def close(self):
        with self.lock:
            self.f.close()


class Node(Machine):
    """A node's QEMU whose console lines go to the transcript as they
    come."""

    def __init__(self, name, build, ports, transcript):
        local, peer = ports if name == "alpha" else ports[::-1]
        super().__init__(
            ("kernel", os.path.join(build, "kernel.elf")),
            cmdline="node=%s panic=exit" % name, modules=boot_modules(build),
            extra_args=[
                "-device", "ne2k_isa,netdev=n0,iobase=0x300,irq=9,mac=" +
                MAC[name], "-netdev",
                "socket,id=n0,udp=127.0.0.1:%d,localaddr=127.0.0.1:%d"
                % (peer, local)])
        self.name, self.transcript = name, transcript

    def _add_line(self, line):
        super()._add_line(line)
        self.transcript.line("[%s] %s" % (self.name, line), console=True)

    def save_log(self, path):
        with open(path, "w") as f:
            f.write(self.output + "\n")
            if self.stderr:
                f.write("--- qemu stderr ---\n" +
                        self.stderr.decode("utf-8", "replace"))


def boot_modules(build):
    """The boot modules in the order the ISO's grub.cfg loads them, as
    tools/run.sh passes them (-initrd)."""
    cfg = os.path.join(build, "iso", "boot", "grub", "grub.cfg")
    mods = []
    with open(cfg) as f:
        for line in f:
            mt = re.match(r"^\s*module /boot/(\S+)", line)
            if mt:
                mods.append(os.path.join(build, "iso", "boot", mt.group(1)))
    if not mods:
        raise OSError("%s names no modules: run make first" % cfg)
    return mods


def free_ports(first):
    """The first pair of loopback UDP ports from first on that nobody has
    bound (a running make run has 41000/41001; a running demo's QEMUs hold
    theirs: QEMU binds with SO_REUSEADDR, this look without, so it sees
    them taken). Only a look: the ports are free again when it returns, so
    start_nodes makes the look and QEMU's bind one step under PORTS_LOCK."""
    for base in range(first, 65000, 2):
        socks = []
        try:
            for p in (base, base + 1):
                s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
                socks.append(s)
                s.bind(("127.0.0.1", p))
            return base, base + 1
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    raise OSError("no free UDP port pair on 127.0.0.1 from %d" % first)


PORT_TRIES = 20       # port pairs start_nodes tries before giving up
BIND_TIMEOUT = 30     # seconds for a QEMU's first console line
IN_USE = "Address already in use"
# Every demo on this host takes it from its look for ports until its
# QEMUs have bound them: two QEMUs on one port (both SO_REUSEADDR) would
# share each other's frames without an error.
PORTS_LOCK = os.path.join(tempfile.gettempdir(), "lavender-demo-ports.lock")


def start_nodes(build, first, transcript, nodes, pick=free_ports):
    """Starts alpha's and beta's QEMUs (into nodes, a dict: whatever is
    in it is the caller's to kill) on the port pair pick(first) finds, and
    returns the pair they bound. Holds PORTS_LOCK from the look until
    both QEMUs have bound (their console's first line: QEMU sets its
    netdevs up before the guest runs), so another demo's look comes after
    and sees them taken. A pair taken all the same (by a program that is
    no demo: QEMU ends saying "Address already in use") is given up for
    pick(the next port), up to PORT_TRIES pairs. OSError when no pair
    worked or QEMU failed otherwise."""
    with open(PORTS_LOCK, "a") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
        ports = pick(first)
        for _ in range(PORT_TRIES):
            taken = _boot_on(build, ports, transcript, nodes)
            if not taken:
                return ports
            for m in nodes.values():
                m.kill()
            transcript.line("demo: UDP ports %d/%d were taken before %s's "
                            "QEMU bound them (%s); trying the next free "
                            "pair" % (ports[0], ports[1], " and ".join(taken),
                                      IN_USE))
            ports = pick(ports[0] + 2)
    raise OSError("no UDP port pair on 127.0.0.1 that QEMU could bind in "
                  "%d tries (the last %d/%d): give --port N elsewhere"
                  % (PORT_TRIES, ports[0], ports[1]))


def _boot_on(build, ports, transcript, nodes):
    """Both QEMUs started on ports; the nodes whose QEMU found its port
    taken (it ended saying so), once each has bound or ended."""
    for name in NODES:
        nodes[name] = Node(name, build, ports, transcript)
        nodes[name].start()
    taken = []
    for name in NODES:
        try:
            nodes[name].expect(r"", BIND_TIMEOUT)
        except Timeout as e:
            err = nodes[name].ended_stderr(BIND_TIMEOUT) \
                if nodes[name].exit_status is not None else ""
            if IN_USE not in err:
                raise OSError("%s's QEMU did not start (%s): %s"
                              % (name, e, err.strip()))
            taken.append(name)
    return taken


def lock_logs(logs):
    """Holds LOGS/demo.lock (flock, released when the demo's process
    ends, however it ends) so that two demos never write one logs
    folder: returns the open lock file, kept open for the demo's life.
    OSError naming the other demo's pid when it holds the lock."""
    path = os.path.join(logs, "demo.lock")
    f = open(path, "a+")
    try:
        fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        f.seek(0)
        pid = f.read().strip() or "?"
        f.close()
        raise OSError("%s is in use by another demo (pid %s): wait for it "
                      "to end, or give it other logs (make demo "
                      "DEMO_ARGS=\"--logs DIR\")" % (logs, pid))
    f.seek(0)
    f.truncate()
    f.write("%d\n" % os.getpid())
    f.flush()
    return f


class Deadline:
    """What cases_sh.Shell reads: the current step's deadline and the boot
    configuration (boot.cfg: the shell starts after the servers)."""

    cfg = "boot.cfg"
    deadline = 0.0


class Demo:
    """The scenario. ports: boot looks for a free pair from ports[0] on,
    then holds the pair its QEMUs bound."""

    def __init__(self, build, ports, step_timeout, calls, transcript):
        self.build, self.ports = build, ports
        self.step_timeout, self.calls = step_timeout, calls
        self.t = transcript
        self.clock = Deadline()
        self.nodes, self.sh = {}, {}
        self.steps = []           # (name, node, expected, got, verdict)
        self.kv_requests = 0      # requests kvsrv on beta must have executed
        self.notes = []           # lines the summary ends with

    # --- steps ------------------------------------------------------------

    def step(self, node, name, expected, fn, needed=False, timeout=None):
        """Runs fn() (it returns what it got, or raises Failed)
        within timeout seconds (default: the step timeout) and records the
        verdict. A failed needed step stops the scenario."""
        self.t.line("demo: --- %s: %s (expect: %s)" % (node, name, expected))
        timeout = timeout or self.step_timeout
        self.clock.deadline = time.monotonic() + timeout
        verdict, t0 = "PASS", time.monotonic()
        try:
            got = fn()
        except (Failed, CaseFailure) as e:
            got, verdict = str(e), "FAIL"
        except Timeout as e:
            got, verdict = "timeout (%ds): %s" % (timeout, e), "FAIL"
        except OSError as e:  # a console that closed under a write
            got, verdict = "console: %s" % e, "FAIL"
        # A kernel fault or a QEMU that ended fails the step and stops all.
        gone = ["%s: %s" % (n, m.fault) for n, m in self.nodes.items()
                if m.fault] + \
            ["%s's QEMU ended (status %d)" % (n, m.exit_status)
             for n, m in self.nodes.items() if m.exit_status is not None]
        if gone:
            got, verdict = "; ".join(gone) + (
                "" if verdict == "PASS" else " -- " + got), "FAIL"
        self.steps.append((name, node, expected, got, verdict))
        self.t.line("demo: %s %s (%.1f s): %s" % (
            verdict, name, time.monotonic() - t0, got))
        if verdict == "FAIL" and (needed or gone):
            raise Stop(name)

    def run(self, node, line):
        """line typed on node's shell; (its output lines, $?)."""
        sh = self.sh[node]
        out = sh.run(line)
        status = sh.run("echo $?")
        codes = [l for l in status if re.match(r"^\d+$", l)]
        if not codes:
            raise Failed("no status after %r: %r" % (line, status))
        return out, int(codes[-1])

    def expect_line(self, node, pattern, start):
        """Waits for a console line of node matching pattern at or after
        line start; the match."""
        m = self.nodes[node]
        return m.expect(pattern, max(0.1, self.clock.deadline -
                                     time.monotonic()), start)[1]

    def job_done(self, node, pid, start):
        """The match of the shell's "[PID] done STATUS" line at or after
        line start. The shell reports a job before a prompt once it has
        ended; its last output can come before its end, so each try runs a
        command and then looks (a bounded poll on the shell, no sleep)."""
        done = re.compile(r"\[%d\] done (\d+)$" % pid)
        m = self.nodes[node]
        while True:
            self.sh[node].run("echo reap")
            with m.cond:
                for line in m.lines[start:]:
                    mt = done.search(line)
                    if mt:
                        return mt
            if time.monotonic() >= self.clock.deadline:
                raise Failed("no '[%d] done' line: the job did not end"
                             % pid)

    # --- the scenario -----------------------------------------------------

    def boot(self):
        self.ports = start_nodes(self.build, self.ports[0], self.t,
                                 self.nodes)
        self.t.line("demo: alpha %s and beta %s on 127.0.0.1 UDP ports "
                    "%d/%d" % (ADDR["alpha"], ADDR["beta"], self.ports[0],
                               self.ports[1]))
        for name in NODES:
            self.sh[name] = Shell(self.nodes[name], self.clock, node=name)
            self.step(name, "boot", "the shell's prompt",
                      lambda sh=self.sh[name]: sh.start() or "prompt",
                      needed=True)

    def nic_up(self, name):
        def fn():
            n = len(self.nodes[name].lines)
            out, status = self.run(name, "drv up ne2k")
            if status or not any(re.match(r"^drv: ne2k0 up \(pid \d+, "
                                          r"user\)$", l) for l in out):
                raise Failed("status %d: %r" % (status, out))
            mt = self.expect_line(name, r"net: eth0 address (%s)/24 from " %
                                  re.escape(ADDR[name]), n)
            return "eth0 %s" % mt.group(1)
        self.step(name, "drv up ne2k", "ne2k0 up, eth0 %s" % ADDR[name], fn,
                  needed=True)

    def serve(self, node, line, ready):
        """line started in the background on node; waits for its ready
        line, the text ready (it may follow the prompt on its line)."""
        def fn():
            n = len(self.nodes[node].lines)
            out = self.sh[node].run(line + " &")
            if not any(re.match(r"^\[\d+\]$", l) for l in out):
                raise Failed("no job number: %r" % out)
            self.expect_line(node, re.escape(ready) + "$", n)
            return ready
        self.step(node, line + " &", ready, fn, needed=True)

    def names_beta(self):
        def fn():
            out, status = self.run("alpha", "names @beta")
            listed = set()
            for l in out:
                words = l.split()
                listed.update(w for w in words[:1])
            want = {"echo", "kv", "fs"}
            if status or not want <= listed or "private" in listed:
                raise Failed("status %d, listed %s" % (status,
                                                       sorted(listed)))
            return "echo, kv, fs listed; private not"
        self.step("alpha", "names @beta", "echo, kv, fs; not private", fn)

    def echo(self, frm, to, text):
        def fn():
            out, status = self.run(frm, "echocli echo@%s %s" % (to, text))
            pat = r"^echocli: echo@%s: %s \(\d+ kcycles\)$" % (to,
                                                               re.escape(text))
            if status or not any(re.match(pat, l) for l in out):
                raise Failed("status %d: %r" % (status, out))
            return "%r, status 0" % text
        self.step(frm, "echocli echo@%s %s" % (to, text),
                  "%r back, status 0" % text, fn)

    def kv(self, args, want, node="alpha"):
        """kv ARGS on node: status 0 and a line want (a regex); one request
        kvsrv executes."""
        def fn():
            out, status = self.run(node, "kv " + args)
            self.kv_requests += 1
            hit = [l for l in out if re.match(want, l)]
            if status or not hit:
                raise Failed("status %d: %r" % (status, out))
            return hit[0]
        self.step(node, "kv " + args, want.strip("^$").replace("\\", ""), fn)

    def remote_cat(self):
        """cat beta:/etc/motd on alpha prints the file of the tree's
        rootfs (both nodes boot the same initrd)."""
        with open(os.path.join(ROOT, "rootfs", "etc", "motd")) as f:
            motd = f.read().splitlines()

        def fn():
            out, status = self.run("alpha", "cat beta:/etc/motd")
            if status == 0 and all(l in out for l in motd):
                return "beta's /etc/motd (%d lines)" % len(motd)
            raise Failed("status %d: %r" % (status, out))
        self.step("alpha", "cat beta:/etc/motd", "beta's /etc/motd", fn)

    def refused(self):
        def fn():
            out, status = self.run("alpha", "echocli private@beta hi")
            hit = [l for l in out if re.match(
                r"^echocli: private@beta: .*not exported", l)]
            if status != 1 or not hit:
                raise Failed("status %d: %r" % (status, out))
            return "%s; status 1" % hit[0]
        self.step("alpha", "echocli private@beta hi",
                  "refused (not exported), status 1", fn)

    def swaps(self):
        """kv incr swaps -n CALLS in alpha's background; once beta's kvsrv
        has counted SWAP_AFTER of them (the calls are flowing), beta swaps
        its NIC driver to the module and back. beta's own kv get (a local
        call) reads the count just before and just after each swap: the
        swap overlaps the calls when the job was under way before it
        (count > 0) and not done after it (count < CALLS: a call was in
        flight, or about to be, all the while), and calls still complete
        after the swap-back (CALLS - the count after it > 0). Each step
        says how many calls completed while its swap ran, the summary
        how many ran across each swap and after."""
        n = self.calls
        after = max(1, min(SWAP_AFTER, n // 10))
        state = {}

        def progress():
            """beta's kvsrv's value of swaps (a local call: counted)."""
            out, status = self.run("beta", "kv kv get swaps")
            self.kv_requests += 1
            nums = [int(l) for l in out if re.match(r"^\d+$", l)]
            if status == 0 and nums:
                return nums[0]
            if status == 1 and any(re.match(r"^kv: get swaps: no such entry",
                                            l)
                                   for l in out):
                return 0   # no call arrived yet (the get counts too)
            raise Failed("kv kv get swaps: status %d: %r" % (status, out))

        def start():
            state["from"] = len(self.nodes["alpha"].lines)
            out = self.sh["alpha"].run("kv kv@beta incr swaps -n %d &" % n)
            mt = [re.match(r"^\[(\d+)\]$", l) for l in out]
            mt = [x for x in mt if x]
            if not mt:
                raise Failed("no job number: %r" % out)
            state["pid"] = int(mt[0].group(1))
            self.kv_requests += n
            # Asked until the calls are flowing (each ask is a command on
            # beta's console; bounded by the step's timeout).
            asks, value = 1, progress()
            while value < after:
                asks, value = asks + 1, progress()
            return "job %d; beta's kvsrv has swaps=%d (asked %d times)" % (
                state["pid"], value, asks)
        self.step("alpha", "kv kv@beta incr swaps -n %d &" % n,
                  "calls arriving at beta (%d)" % after, start, needed=True)

        def swap(kind):
            def fn():
                before = progress()
                if before >= n:
                    raise Failed("all %d calls were done before the swap "
                                 "began: give a larger --calls" % n)
                k = len(self.nodes["beta"].lines)
                out, status = self.run("beta", "drv swap ne2k0 " + kind)
                hit = [re.match(r"^drv: ne2k0 swapped to %s \(pid (\d+)\)$"
                                % kind, l) for l in out]
                hit = [h for h in hit if h]
                if status or not hit:
                    raise Failed("status %d: %r" % (status, out))
                self.expect_line("beta", r"net: eth0 stays: driver ne2k0 "
                                 r"now pid %s$" % hit[0].group(1), k)
                value = progress()
                state[kind] = (before, value)
                if value >= n:
                    raise Failed("all %d calls were done when the swap "
                                 "ended (swaps=%d before it): give a larger "
                                 "--calls" % (n, before))
                return "%s driver pid %s; swaps %d -> %d: %d calls " \
                    "completed while it ran, the job still going" % (
                        kind, hit[0].group(1), before, value, value - before)
            self.step("beta", "drv swap ne2k0 " + kind,
                      "swapped under the calls, eth0 stays", fn)
        swap("module")
        swap("user")

        def done():
            if "user" not in state:
                raise Failed("the swap back to user did not happen")
            self.expect_line("alpha", r"(^|> )%d$" % n, state["from"])
            mt = self.job_done("alpha", state["pid"], state["from"])
            if mt.group(1) != "0":
                raise Failed("job %d ended with status %s" % (state["pid"],
                                                             mt.group(1)))
            later = n - state["user"][1]
            self.notes.append(
                "demo: kv incr -n %d across the swaps: %d calls completed "
                "while the swap to the module ran (swaps %d -> %d), %d "
                "while the swap back to user ran (%d -> %d), %d after it"
                % ((n,) + (state["module"][1] - state["module"][0],) +
                   state["module"] + (state["user"][1] - state["user"][0],) +
                   state["user"] + (later,)))
            return "%d calls done, status 0; %d of them after the swap " \
                "back" % (n, later)
        self.step("alpha", "the incr job ends",
                  "%d printed, status 0, calls after the swap back" % n, done,
                  timeout=self.step_timeout + n / SLOWEST_CALLS_PER_S)

    def exactly_once(self):
        self.kv("kv@beta get swaps", r"^%d$" % self.calls)
        want = self.kv_requests  # count itself is not counted

        def fn():
            out, status = self.run("alpha", "kv kv@beta count")
            hit = [re.match(r"^(\d+) requests executed$", l) for l in out]
            hit = [h for h in hit if h]
            if status or not hit or int(hit[0].group(1)) != want:
                raise Failed("status %d: %r" % (status, out))
            return hit[0].group(0)
        self.step("alpha", "kv kv@beta count",
                  "%d requests executed (each call once)" % want, fn)

    def scenario(self):
        self.boot()
        for name in NODES:
            self.nic_up(name)
        self.serve("beta", "echosrv", "echosrv: serving echo (exported)")
        self.serve("beta", "kvsrv", "kvsrv: serving kv (exported)")
        self.serve("beta", "echosrv -l private",
                   "echosrv: serving private (this node only)")
        self.names_beta()
        self.echo("alpha", "beta", "hello from alpha")
        self.kv("kv@beta put color blue", r"^kv: put color: done$")
        self.kv("kv@beta get color", r"^blue$")
        self.remote_cat()
        self.refused()
        self.swaps()
        self.exactly_once()
        self.serve("alpha", "echosrv", "echosrv: serving echo (exported)")
        self.echo("beta", "alpha", "hello from beta")

    def summary(self):
        rows = [("step", "node", "expected", "got", "verdict")] + \
            [s for s in self.steps]
        widths = [min(44, max(len(r[i]) for r in rows)) for i in range(4)]
        for r in rows:
            cells = [r[i][:widths[i]].ljust(widths[i]) for i in range(4)]
            self.t.line("  ".join(cells + [r[4]]))
        for note in self.notes:
            self.t.line(note)
        return [s for s in self.steps if s[4] == "FAIL"]


def run_demo(build, port=DEFAULT_PORT, step_timeout=STEP_TIMEOUT,
             calls=SWAP_CALLS, logs=None, show="all"):
    """The whole demo; returns (failed steps, all steps), each step a
    tuple (step, node, expected, got, verdict).
    The QEMUs are ended on every way out (Ctrl-C too)."""
    logs = logs or os.path.join(build, "demo")
    os.makedirs(logs, exist_ok=True)
    for f in ("kernel.elf", "iso/boot/grub/grub.cfg"):
        if not os.path.exists(os.path.join(build, f)):
            raise OSError("%s missing: run make first (make demo builds it)"
                          % os.path.join(build, f))
    lock = lock_logs(logs)
    t = Transcript(os.path.join(logs, "demo.log"), show)
    t.line("demo: logs in %s (pid %d)" % (logs, os.getpid()))
    d = Demo(build, (port, port + 1), step_timeout, calls, t)
    cut_short = ""
    try:
        try:
            d.scenario()
        except Stop as e:
            cut_short = "; stopped after a failed step, the rest not run"
            t.line("demo: stopped after the failed step %r (the rest needs "
                   "it)" % str(e))
        except KeyboardInterrupt:
            cut_short = "; interrupted, the rest not run"
            raise
    finally:
        for name, m in d.nodes.items():
            m.kill()
            m.save_log(os.path.join(logs, name + ".log"))
        if d.steps:
            failed = d.summary()
            t.line("demo: %d steps: %d passed, %d failed%s" % (
                len(d.steps), len(d.steps) - len(failed), len(failed),
                cut_short))
        t.close()
        lock.close()
    return [s for s in d.steps if s[4] == "FAIL"], d.steps


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main():
    ap = argparse.ArgumentParser(
        description="make demo: boots alpha (10.0.0.1) and beta (10.0.0.2) "
        "in QEMU joined by a loopback socket netdev and runs the remote-IPC "
        "scenario on both consoles ([alpha]/[beta] in front of their "
        "lines), then prints a summary table. Exit status 0 iff every step "
        "passed.")
    ap.add_argument("--build", default=os.path.join(ROOT, "build"),
                    metavar="DIR", help="the build folder (default: build)")
    ap.add_argument("--port", type=int, default=DEFAULT_PORT, metavar="N",
                    help="look for a free pair of loopback UDP ports from N "
                    "on (default %d; make run uses 41000/41001)"
                    % DEFAULT_PORT)
    ap.add_argument("--timeout", type=int, default=STEP_TIMEOUT,
                    metavar="S", help="seconds each step may take "
                    "(default %d)" % STEP_TIMEOUT)
    ap.add_argument("--calls", type=int, default=SWAP_CALLS, metavar="N",
                    help="kv calls alpha makes while beta swaps its NIC "
                    "driver, %d..%d (default %d; at least %d so the calls "
                    "are still running when the swap back ends; the step "
                    "that waits for them allows --timeout plus N/%d s)"
                    % (CALLS_MIN, CALLS_MAX, SWAP_CALLS, CALLS_MIN,
                       SLOWEST_CALLS_PER_S))
    ap.add_argument("--logs", metavar="DIR",
                    help="where the logs go (default: BUILD/demo)")
    ap.add_argument("--quiet", action="store_true",
                    help="show only the demo's own lines and the table, "
                    "not the consoles (they are still logged)")
    args = ap.parse_args()
    if not 1024 <= args.port <= 64000:
        ap.error("--port %d: give 1024..64000" % args.port)
    if args.timeout < 1:
        ap.error("--timeout %d: at least 1 second" % args.timeout)
    if not CALLS_MIN <= args.calls <= CALLS_MAX:
        ap.error("--calls %d: give %d..%d (fewer than %d end before the "
                 "NIC swaps do)" % (args.calls, CALLS_MIN, CALLS_MAX,
                                    CALLS_MIN))
    # Ctrl-C (even when started with SIGINT ignored, as a background job)
    # and SIGTERM end the demo: the QEMUs are killed.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        failed, _ = run_demo(
            args.build, args.port, args.timeout, args.calls, args.logs,
            show="demo" if args.quiet else "all")
    except OSError as e:
        print("make demo: %s" % e)
        return 2
    except KeyboardInterrupt:
        print("make demo: interrupted; both QEMUs ended")
        return 130
    if failed:
        print("make demo: FAILED: %s" % ", ".join(s[0] for s in failed))
        return 1
    print("make demo: every step passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
