"""make demo's scenario in the suite (tools/demo.py, issue 15): the whole
two-node scenario through run_demo, its refusals and help, its verdicts
on steps that go wrong, and its clean end on an interrupt.

- demo.scenario: run_demo on a free port pair from the case's own: every
  step of the scenario ran, in order, and passed; the
  summary table and both consoles' logs are written.
- demo.usage: --help, bad options (status 2 naming the option), a build
  folder that was not built (status 2, "run make first").
- demo.verdicts: Demo.step judges without QEMU: a step returning is PASS,
  one raising Failed, CaseFailure or Timeout is FAIL with what it got, a
  failed needed step stops the scenario, so does any step once a node's
  QEMU ended; the table lists each.
- demo.interrupted: SIGINT after the first step (the nodes up): exit
  status 130, the summary says the rest did not run, the
  message, and no QEMU of that demo left running.
- demo.busy_logs: a second demo on a logs folder a first one holds
  (demo.lock) refuses with status 2 naming the first one's pid and writes
  nothing there; the folder is free once the first let go.
- demo.port_race: the port pair free_ports found is taken before QEMU
  binds it (the test binds alpha's port): start_nodes reads QEMU's
  "Address already in use", says so, and boots both nodes on the next
  pair.
- demo.two_at_once: two start_nodes at once from one first port each end
  on their own pair with all four QEMUs up (the ports lock).
demo.scenario also checks the swaps overlap the calls (the summary's
counts: under way before the first swap, not done after the second,
calls after the swap back)."""

import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import zlib

from harness import Case, CaseFailure, time_left
from qemu import Timeout

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
DEMO = os.path.join(ROOT, "tools", "demo.py")
sys.path.insert(0, os.path.join(ROOT, "tools"))

import demo  # noqa: E402

# Every step the scenario must run, in order (node, step).
STEPS = [("alpha", "boot"), ("beta", "boot"),
         ("alpha", "drv up ne2k"), ("beta", "drv up ne2k"),
         ("beta", "echosrv &"), ("beta", "kvsrv &"),
         ("beta", "echosrv -l private &"),
         ("alpha", "names @beta"),
         ("alpha", "echocli echo@beta hello from alpha"),
         ("alpha", "kv kv@beta put color blue"),
         ("alpha", "kv kv@beta get color"),
         ("alpha", "cat beta:/etc/motd"),
         ("alpha", "echocli private@beta hi"),
         ("alpha", "kv kv@beta incr swaps -n %d &" % demo.SWAP_CALLS),
         ("beta", "drv swap ne2k0 module"), ("beta", "drv swap ne2k0 user"),
         ("alpha", "the incr job ends"),
         ("alpha", "kv kv@beta get swaps"), ("alpha", "kv kv@beta count"),
         ("alpha", "echosrv &"),
         ("beta", "echocli echo@alpha hello from beta")]


def _port(name):
    """Where a case starts looking for a free port pair: distinct per
    case and run (make run's 41000 and the demo's 41100 are left alone)."""
    return 20000 + (zlib.crc32(name.encode()) + os.getpid() * 13) % 20000


def _qemus(port):
    """Pids of QEMUs whose netdev has localaddr 127.0.0.1:port."""
    found, mark = [], ("localaddr=127.0.0.1:%d" % port).encode()
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/cmdline" % pid, "rb") as f:
                if mark in f.read():
                    found.append(int(pid))
        except OSError:
            pass
    return found


def _scenario(m, case):
    logs = os.path.join(case.ctx.logs, "demo.scenario")
    failed, steps = demo.run_demo(
        case.ctx.build, _port(case.name), step_timeout=30, logs=logs,
        show="none")
    if failed:
        raise CaseFailure("; ".join("%s (%s): %s" % (s[0], s[1], s[3])
                                    for s in failed))
    ran = [(s[1], s[0]) for s in steps]
    if ran != STEPS:
        raise CaseFailure("the scenario ran %r, want %r" % (ran, STEPS))
    text = open(os.path.join(logs, "demo.log")).read()
    for want in (r"(?m)^\[alpha\] alpha> kv kv@beta count$",
                 r"(?m)^\[beta\] .*echosrv: serving private "
                 r"\(this node only\)$",
                 r"(?m)^step +node +expected +got +verdict$",
                 r"(?m)^demo: %d steps: %d passed, 0 failed$"
                 % (len(STEPS), len(STEPS))):
        if not re.search(want, text):
            raise CaseFailure("demo.log has no /%s/" % want)
    for node in demo.NODES:
        if "Lavender/x86 booting" not in open(os.path.join(
                logs, node + ".log")).read():
            raise CaseFailure("%s.log is not %s's console" % (node, node))
    _overlap(text)


def _overlap(text):
    """The swaps ran under the calls: the summary's counts say the job was
    under way before the first swap, not done after the second, and calls
    completed after the swap back; the counts add up."""
    n = demo.SWAP_CALLS
    mt = re.search(r"(?m)^demo: kv incr -n %d across the swaps: (\d+) calls "
                   r"completed while the swap to the module ran \(swaps "
                   r"(\d+) -> (\d+)\), (\d+) while the swap back to user ran "
                   r"\((\d+) -> (\d+)\), (\d+) after it$" % n, text)
    if not mt:
        raise CaseFailure("demo.log has no line of the calls across the "
                          "swaps")
    d_mod, b_mod, a_mod, d_user, b_user, a_user, later = map(int,
                                                             mt.groups())
    if not (demo.SWAP_AFTER <= b_mod <= a_mod <= b_user <= a_user < n) or \
            d_mod != a_mod - b_mod or d_user != a_user - b_user or \
            later != n - a_user or later <= 0:
        raise CaseFailure("the swaps did not overlap the calls: %s"
                          % mt.group(0))


def _run(args, timeout=30):
    return subprocess.run([sys.executable, DEMO] + args, capture_output=True,
                          text=True, timeout=timeout)


def _usage(m, case):
    p = _run(["--help"])
    if p.returncode != 0 or not p.stdout.startswith("usage: demo.py") or \
            "--timeout" not in p.stdout:
        raise CaseFailure("--help: status %d: %r" % (p.returncode, p.stdout))
    for args, said in ((["--calls", "5"], "--calls 5: give 100..1000000"),
                       (["--calls", "99"], "--calls 99: give 100..1000000 "
                        "(fewer than 100 end before the NIC swaps do)"),
                       (["--calls", "1000001"], "--calls 1000001: give "
                        "100..1000000"),
                       (["--port", "80"], "--port 80: give 1024..64000"),
                       (["--timeout", "0"], "--timeout 0: at least 1"),
                       (["--nosuch"], "unrecognized arguments: --nosuch")):
        p = _run(args)
        if p.returncode != 2 or said not in p.stderr:
            raise CaseFailure("%s: status %d, %r; want 2 and %r" % (
                " ".join(args), p.returncode, p.stderr, said))
    with tempfile.TemporaryDirectory() as empty:
        p = _run(["--build", empty])
    if p.returncode != 2 or not re.search(
            r"^make demo: \S+kernel\.elf missing: run make first", p.stdout):
        raise CaseFailure("an unbuilt folder: status %d, %r"
                          % (p.returncode, p.stdout))


def _verdicts(m, case):
    with tempfile.TemporaryDirectory() as tmp:
        t = demo.Transcript(os.path.join(tmp, "demo.log"), show="none")
        d = demo.Demo(case.ctx.build, (1, 2), 5, 10, t)

        def fails(exc):
            def fn():
                raise exc
            return fn
        d.step("alpha", "fine", "ok", lambda: "ok")
        d.step("alpha", "wrong", "ok", fails(demo.Failed("status 1")))
        d.step("beta", "broken", "ok", fails(CaseFailure("no line")))
        d.step("beta", "slow", "ok", fails(Timeout("no prompt")))
        try:
            d.step("alpha", "needed", "ok", fails(demo.Failed("gone")),
                   needed=True)
            raise CaseFailure("a failed needed step did not stop")
        except demo.Stop:
            pass


        class Ended:  # a node whose QEMU ended: every step after fails
            fault, exit_status = None, 3
        d.nodes["beta"] = Ended()
        try:
            d.step("alpha", "after", "ok", lambda: "ok")
            raise CaseFailure("a step after a QEMU's end did not stop")
        except demo.Stop:
            pass
        got = [(s[0], s[3], s[4]) for s in d.steps]
        want = [("fine", "ok", "PASS"), ("wrong", "status 1", "FAIL"),
                ("broken", "no line", "FAIL"),
                ("slow", "timeout (5s): no prompt", "FAIL"),
                ("needed", "gone", "FAIL"),
                ("after", "beta's QEMU ended (status 3)", "FAIL")]
        if got != want:
            raise CaseFailure("verdicts %r, want %r" % (got, want))
        failed = d.summary()
        t.close()
        rows = open(os.path.join(tmp, "demo.log")).read().splitlines()
        table = [r.split()[-1] for r in rows if re.match(
            r"^(fine|wrong|broken|slow|needed|after) ", r)]
        if table != [w[2] for w in want] or len(failed) != 5:
            raise CaseFailure("the table's verdicts %r" % table)


def _interrupted(m, case):
    """SIGINT once beta's console shows its first line: status 130, and
    neither QEMU outlives the demo."""
    port = demo.free_ports(_port(case.name))[0]
    with tempfile.TemporaryDirectory() as logs:
        p = subprocess.Popen([sys.executable, DEMO, "--build", case.ctx.build,
                              "--port", str(port), "--logs", logs],
                             stdout=subprocess.PIPE, text=True)
        try:
            seen = []
            for line in p.stdout:
                seen.append(line)
                if line.startswith("demo: PASS boot"):
                    break  # a step done, the nodes still up
            if not _qemus(port) or not _qemus(port + 1):
                raise CaseFailure("no QEMU of the demo on port %d/%d: %r"
                                  % (port, port + 1, seen[-5:]))
            p.send_signal(signal.SIGINT)
            rest = p.communicate(timeout=time_left(case))[0]
        finally:
            if p.poll() is None:
                p.kill()
                p.wait()
        if p.returncode != 130 or \
                "make demo: interrupted; both QEMUs ended" not in rest or \
                not re.search(r"(?m)^demo: \d+ steps: \d+ passed, 0 failed; "
                              r"interrupted, the rest not run$", rest):
            raise CaseFailure("after SIGINT: status %d, %r"
                              % (p.returncode, rest[-300:]))
        # The demo waited for its QEMUs' end (Machine.kill) before it
        # exited: none may be left.
        left = _qemus(port) + _qemus(port + 1)
        if left:
            raise CaseFailure("QEMUs left running: %r" % left)


def _busy_logs(m, case):
    """Two demos on one logs folder: the second refuses (status 2), naming
    the first one's pid; once that one is gone the folder is free."""
    with tempfile.TemporaryDirectory() as logs:
        held = demo.lock_logs(logs)
        try:
            try:
                demo.lock_logs(logs)
                raise CaseFailure("a second lock_logs on a held folder "
                                  "went through")
            except OSError as e:
                if "in use by another demo (pid %d)" % os.getpid() \
                        not in str(e):
                    raise CaseFailure("the refusal %r does not name pid %d"
                                      % (str(e), os.getpid()))
            p = _run(["--build", case.ctx.build, "--logs", logs])
            want = "make demo: %s is in use by another demo (pid %d): wait " \
                "for it to end, or give it other logs" % (logs, os.getpid())
            if p.returncode != 2 or not p.stdout.startswith(want):
                raise CaseFailure("a demo on a held folder: status %d, %r; "
                                  "want 2 and %r" % (p.returncode, p.stdout,
                                                     want))
            if os.listdir(logs) != ["demo.lock"]:
                raise CaseFailure("the refused demo wrote %r"
                                  % os.listdir(logs))
        finally:
            held.close()
        demo.lock_logs(logs).close()  # free again


def _port_race(m, case):
    """The pair free_ports found is taken before QEMU binds it (here the
    test binds alpha's port after the look, as a program that is no demo
    might): start_nodes reads QEMU's "Address already in use", says so,
    and boots both nodes on the next free pair."""
    first = demo.free_ports(_port(case.name))
    thief = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    looks = []

    def pick(base):
        looks.append(base)
        if len(looks) == 1:
            thief.bind(("127.0.0.1", first[0]))  # taken after the look
            return first
        return demo.free_ports(base)
    with _Nodes() as n:
        got = demo.start_nodes(case.ctx.build, first[0], n.t, n.nodes, pick)
        text = n.text()
        thief.close()
        if got == first or got[0] <= first[0]:
            raise CaseFailure("start_nodes kept the taken pair: %r" % (got,))
        if "demo: UDP ports %d/%d were taken before alpha's QEMU bound " \
                "them (Address already in use" % first not in text:
            raise CaseFailure("no line about the taken pair: %r"
                              % text[-400:])
        n.up(got)


def _two_at_once(m, case):
    """Two demos boot at once from the same first port (threads here,
    each with its own nodes): each ends up on its own pair, all four QEMUs
    up -- the look and the bind are one step under the ports lock (QEMU
    binds with SO_REUSEADDR: two on one pair would not even fail)."""
    base = _port(case.name)
    got, errors = [None, None], []
    with _Nodes() as a, _Nodes() as b:
        def boot(i, n):
            try:
                got[i] = demo.start_nodes(case.ctx.build, base, n.t, n.nodes)
            except Exception as e:  # reported below
                errors.append("%s: %s" % (type(e).__name__, e))
        threads = [threading.Thread(target=boot, args=(i, n))
                   for i, n in enumerate((a, b))]
        for th in threads:
            th.start()
        for th in threads:
            th.join(time_left(case))
        if errors or None in got:
            raise CaseFailure("start_nodes: %r, %r" % (got, errors))
        if set(got[0]) & set(got[1]):
            raise CaseFailure("two demos on one port: %r and %r"
                              % tuple(got))
        a.up(got[0])
        b.up(got[1])


class _Nodes:
    """A transcript in a temporary folder and the nodes start_nodes puts
    in .nodes, all ended on the way out (the nodes first: they write to
    the transcript)."""

    def __enter__(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.t = demo.Transcript(os.path.join(self.tmp.name, "demo.log"),
                                 show="none")
        self.nodes = {}
        return self

    def text(self):
        return open(os.path.join(self.tmp.name, "demo.log")).read()

    def up(self, ports):
        for name in demo.NODES:
            port = ports[0] if name == "alpha" else ports[1]
            if self.nodes[name].exit_status is not None or \
                    not _qemus(port):
                raise CaseFailure("%s's QEMU is not up on %d" % (name, port))

    def __exit__(self, *exc):
        for n in self.nodes.values():
            n.kill()
        self.t.close()
        self.tmp.cleanup()
        return False


def cases(ctx):
    found = []
    for name, script, timeout in (("scenario", _scenario, 120),
                                  ("usage", _usage, 60),
                                  ("verdicts", _verdicts, 30),
                                  ("interrupted", _interrupted, 60),
                                  ("busy_logs", _busy_logs, 30),
                                  ("port_race", _port_race, 60),
                                  ("two_at_once", _two_at_once, 60)):
        c = Case("demo." + name, script, boot=None, timeout=timeout)
        c.ctx = ctx
        found.append(c)
    return found
