"""Runs one test case on a fresh QEMU machine and judges it.

A case is a name, how to boot, a timeout, and a script that drives the machine
(expects lines, types) and raises CaseFailure when behaviour is wrong. The
harness adds the checks every case shares: the whole case must finish within
its timeout, and any panic or CPU-exception report fails the case unless the
case says it provokes one.

A case may need things outside the machine (a network namespace, a frame
relay): its fixtures are set up before QEMU starts and torn down after it
ended, pass or fail. A fixture (or a script) that finds the host unable to
run the case raises CaseSkipped with the reason: the case is reported
skipped, neither passed nor failed."""

import contextlib
import os
import time
import traceback

from qemu import Machine, Timeout


class CaseFailure(Exception):
    pass


class CaseSkipped(Exception):
    """The host cannot run this case (not root, no /dev/net/tun, a missing
    tool); the message says what is missing and the remedy."""


class MachineSetup:
    """What a fixture adds to the machine the harness starts: a command in
    front of QEMU (e.g. ip netns exec NS) and QEMU arguments."""

    def __init__(self, prefix=(), args=()):
        self.prefix, self.args = list(prefix), list(args)


class Case:
    def __init__(self, name, script, boot="kernel", cmdline="", modules=(),
                 memory_mib=128, timeout=30, allow_fault=False, extra_args=(),
                 fixtures=()):
        self.name = name
        self.script = script          # script(machine, case) -> None
        self.boot = boot              # "kernel", "iso", or None: no machine
        self.cmdline = cmdline
        self.modules = modules
        self.memory_mib = memory_mib
        self.timeout = timeout
        self.allow_fault = allow_fault
        self.extra_args = extra_args
        # Each fixture(case) is a context manager entered in order before
        # the machine starts (yielding a MachineSetup or None) and left in
        # reverse order after it was killed.
        self.fixtures = list(fixtures)


class Result:
    def __init__(self, name, ok, reason, seconds, log, skipped=False):
        self.name, self.ok, self.reason = name, ok, reason
        self.seconds, self.log = seconds, log
        self.skipped = skipped  # ok is True too: a skip fails nothing


class Context:
    """Paths shared by all cases."""

    def __init__(self, build):
        self.build = build
        self.kernel = os.path.join(build, "kernel.elf")
        self.iso = os.path.join(build, "lavender.iso")
        self.logs = os.path.join(build, "tests")
        os.makedirs(self.logs, exist_ok=True)


def run_case(case, ctx):
    """Sets up the case's fixtures, boots, runs the case's script with its
    deadline, and returns a Result. The machine is always killed at the
    end, then the fixtures are torn down (a teardown error fails the
    case)."""
    t0 = time.monotonic()
    result = None
    try:
        with contextlib.ExitStack() as stack:
            setups = [stack.enter_context(f(case)) for f in case.fixtures]
            if case.boot is None:
                result = _run_without_machine(case)
            else:
                result = _run_machine(case, ctx, t0,
                                      [s for s in setups if s])
    except CaseSkipped as e:
        return Result(case.name, True, str(e), time.monotonic() - t0, "",
                      skipped=True)
    except Exception:
        reason = "fixture: " + traceback.format_exc(limit=3)
        if result is not None and not result.ok:
            reason = result.reason + "; then " + reason
        return Result(case.name, False, reason, time.monotonic() - t0,
                      result.log if result else "")
    return result


def _run_machine(case, ctx, t0, setups):
    boot = (case.boot, ctx.kernel if case.boot == "kernel" else ctx.iso)
    m = Machine(boot, cmdline=case.cmdline, modules=case.modules,
                memory_mib=case.memory_mib, extra_args=case.extra_args)
    if getattr(case, "command_for", None):  # a script that starts QEMU
        m.args, m.group = case.command_for(ctx), True
    for s in setups:
        m.args = s.prefix + m.args + s.args
    ok, reason = True, ""
    try:
        m.start()
        case.deadline = t0 + case.timeout
        case.script(m, case)
        if m.fault and not case.allow_fault:
            m.wait_fault_report()
            raise CaseFailure("kernel fault: " + m.fault)
    except CaseFailure as e:
        ok, reason = False, str(e)
    except Timeout as e:
        ok, reason = False, "timeout: " + str(e)
        if m.fault and not case.allow_fault:
            reason = "kernel fault: " + m.fault
    except CaseSkipped:
        m.kill()
        raise
    except Exception:  # a broken script is a failed case, not a crash
        ok, reason = False, "harness error: " + traceback.format_exc(limit=3)
    finally:
        m.kill()
    if ok and m.fault and not case.allow_fault:
        ok, reason = False, "kernel fault: " + m.fault
    log = m.output
    if m.stderr:
        log += "\n--- qemu stderr ---\n" + m.stderr.decode("utf-8", "replace")
    with open(os.path.join(ctx.logs, case.name + ".log"), "w") as f:
        f.write(log + "\n")
    return Result(case.name, ok, reason, time.monotonic() - t0, log)


def _run_without_machine(case):
    """For cases that judge other cases (harness self-tests)."""
    t0 = time.monotonic()
    case.deadline = t0 + case.timeout
    ok, reason = True, ""
    try:
        case.script(None, case)
    except CaseFailure as e:
        ok, reason = False, str(e)
    except CaseSkipped:
        raise
    except Exception:
        ok, reason = False, "harness error: " + traceback.format_exc(limit=3)
    return Result(case.name, ok, reason, time.monotonic() - t0, "")


def time_left(case):
    """Seconds until the case's deadline (at least a small positive value so
    a late check still gets one look at the console)."""
    return max(0.1, case.deadline - time.monotonic())


def expect(m, case, pattern, start=0):
    """expect() bounded by the case's own deadline."""
    return m.expect(pattern, time_left(case), start)


def expect_in_order(m, case, patterns):
    """Each pattern must match a line after the previous pattern's line."""
    i = 0
    for p in patterns:
        i, _ = expect(m, case, p, i)
        i += 1
    return i


def expect_exit(m, case, status):
    got = m.wait_exit(time_left(case))
    if got != status:
        raise CaseFailure("QEMU exit status %d, want %d" % (got, status))
