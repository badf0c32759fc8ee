"""QEMU cases of the x87/SSE state (issue 9 case 2): user/fputest against the
kernel's lazy FPU switching, and the boot check of the CPU's features."""

import re

from cases import (INIT_FAILED, INIT_OK, PANIC_EXIT, Case, CaseFailure,
                   expect, expect_exit, proc_case)

CRUNCH_TICKS = 150


def _crunch_script(m, case):
    """Both processes got every result exact, ran over the same ticks, and
    shared the CPU: each had at most 3/4 of its window, so the 5-tick quanta
    made dozens of preemptions in the middle of the loops."""
    runs = {}
    for name in ("A", "B"):
        _, mt = expect(m, case, r"^fputest crunch %s: batches=(\d+) errors=(\d+) "
                       r"start=(\d+) end=(\d+) cpu=(\d+)$" % name)
        batches, errors, start, end, cpu = (int(g) for g in mt.groups())
        if errors or batches < 10:
            raise CaseFailure(mt.group(0))
        if end - start < CRUNCH_TICKS or cpu > (end - start) * 3 // 4:
            raise CaseFailure("no sharing of the CPU: " + mt.group(0))
        runs[name] = (start, end)
    (a0, a1), (b0, b1) = runs["A"], runs["B"]
    if min(a1, b1) - max(a0, b0) < CRUNCH_TICKS * 3 // 4:
        raise CaseFailure("A ran %d-%d, B ran %d-%d: too little overlap"
                          % (a0, a1, b0, b1))
    expect(m, case, r"^init: fputest exited with status 0$")


FPU_STATE_CHECKS = ["clean_process", "clean_ops", "clean_thread",
                    "leak_process", "leak_thread", "leak_child_exit",
                    "leak_kept", "owner_exit_clean", "owner_exit_kept"]


def _state_script(m, case):
    for name in FPU_STATE_CHECKS:
        _, mt = expect(m, case, r"^fputest %s: (ok|FAIL.*)$" % name)
        if mt.group(1) != "ok":
            raise CaseFailure(mt.group(0))
    expect_exit(m, case, INIT_OK)


MXCSR_ZE, MXCSR_ZM = 1 << 2, 1 << 9


def _xm_delivered(m, case, i):
    """#XM kills the process; or, on a CPU that never raises it (QEMU's TCG
    only sets the flag), the division ran as SSE with divide by zero
    unmasked (no #UD: OSFXSR and OSXMMEXCPT are set) and set ZE."""
    i, mt = expect(m, case, r"^(proc fputest \(pid \d+\): killed: exception 19 "
                   r"\(#XM SIMD floating point\) at eip 0x[0-9a-f]{8}"
                   r"|fputest: xm not raised by this CPU: mxcsr 0x([0-9a-f]{8})"
                   r"|proc fputest \(pid \d+\): killed: .*)$", i)
    if mt.group(2) is not None:
        mxcsr = int(mt.group(2), 16)
        if mxcsr & MXCSR_ZM or not mxcsr & MXCSR_ZE:
            raise CaseFailure(mt.group(0))
        return expect(m, case, r"^init: fputest exited with status 3$", i)[0]
    if "exception 19" not in mt.group(0):
        raise CaseFailure(mt.group(0))
    return expect(m, case, r"^init: fputest exited with status 139$", i)[0]


def _after_fault(m, case, i):
    """The next FPU user starts clean and computes right."""
    for check in ("clean_process", "clean_ops", "clean_thread"):
        i, mt = expect(m, case, r"^fputest %s: (ok|FAIL.*)$" % check, i)
        if mt.group(1) != "ok":
            raise CaseFailure(mt.group(0))
    return expect(m, case, r"^fputest: 3 passed, 0 failed$", i)[0]


def _faults_script(m, case):
    i, _ = expect(m, case, r"^fputest: doing mf$")
    i, _ = expect(m, case, r"^proc fputest \(pid \d+\): killed: exception 16 "
                  r"\(#MF x87 floating point\) at eip 0x[0-9a-f]{8}$", i)
    i, _ = expect(m, case, r"^init: fputest exited with status 139$", i)
    i = _after_fault(m, case, i)
    # Pending in a saved image: another process runs clean meanwhile, then
    # the owner of the image takes the #MF.
    i, _ = expect(m, case, r"^fputest: doing mf_pending$", i)
    i = _after_fault(m, case, i)
    i, _ = expect(m, case, r"^fputest mf_pending: the other process exited "
                  r"with status 0$", i)
    i, _ = expect(m, case, r"^proc fputest \(pid \d+\): killed: exception 16 "
                  r"\(#MF x87 floating point\) at eip 0x[0-9a-f]{8}$", i)
    i, _ = expect(m, case, r"^init: fputest exited with status 139$", i)
    i, _ = expect(m, case, r"^fputest: doing xm$", i)
    i = _xm_delivered(m, case, i)
    i = _after_fault(m, case, i)
    expect(m, case, r"^hello from pid \d+, argv: hello still alive$", i)
    expect_exit(m, case, INIT_FAILED)  # the faulting runs' statuses
    if "did not fault" in m.output:
        raise CaseFailure("an x87 exception was not delivered")


def _memcheck_script(m, case):
    _, mt = expect(m, case, r"^memcheck: 20 runs of fputest: frames free or "
                   r"kernel heap (\d+) -> (\d+), kernel heap (\d+) -> (\d+) "
                   r"bytes$")
    if mt.group(1) != mt.group(2) or mt.group(3) != mt.group(4):
        raise CaseFailure("leak: " + mt.group(0))
    if "fputest churn:" in m.output:
        raise CaseFailure(re.search(r"(?m)^fputest churn:.*$", m.output).group(0))
    expect(m, case, r"^init: memcheck exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _no_fxsr_script(m, case):
    """A CPU without FXSAVE/FXRSTOR is refused at boot, by name."""
    expect(m, case, r"^panic: .*FXSAVE/FXRSTOR")
    expect_exit(m, case, PANIC_EXIT)


def cases(ctx):
    return [
        proc_case("fpu_crunch", "fpu_crunch.cfg", ["fputest"], _crunch_script,
                  timeout=120),
        proc_case("fpu_state", "fpu_state.cfg", ["fputest"], _state_script),
        proc_case("fpu_faults", "fpu_faults.cfg", ["fputest", "hello"],
                  _faults_script),
        proc_case("fpu_no_leak", "fpu_memcheck.cfg", ["memcheck", "fputest"],
                  _memcheck_script, timeout=120),
        Case("boot.cpu_without_fxsr", _no_fxsr_script,
             cmdline="panic=exit", allow_fault=True,
             extra_args=["-cpu", "qemu32,-fxsr,-sse,-sse2"]),
    ]
