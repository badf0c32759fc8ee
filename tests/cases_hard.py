"""QEMU cases of the kernel's hardening against hostile programs (issue 9):
per-process limits exhausted by an ordinary program, rights, receive-right
cycles, bounded system calls and big images (user/exhaust, user/hardtest)."""

import re

from cases import (INIT_FAILED, CaseFailure, expect, expect_exit, expect_results,
                   proc_case)

EXHAUST_KINDS = 6  # threads, ports, watches, messages, memory, children


def _exhaust_script(m, case):
    expect_results(m, case, "exhaust", 2 * EXHAUST_KINDS)


def _hardtest_script(m, case):
    expect_results(m, case, "hardtest", 14)


def _stacks_script(m, case):
    for mode in ("locals", "threads"):
        expect(m, case, r"^stacktest %s: ok$" % mode)
    expect(m, case, r"^proc stacktest \(pid \d+\): killed: stack overflow at ")
    expect(m, case, r"^init: stacktest exited with status 139$")
    expect(m, case, r"^stacktest mem: ok$")
    i, _ = expect(m, case, r"^stacktest kernel: ok$")
    i, _ = expect(m, case, r"^proc stacktest \(pid \d+\): killed: stack overflow at ", i)
    i, _ = expect(m, case, r"^stacktest churn: ok$", i)
    i, _ = expect(m, case, r"^stacktest unmap: ok$", i)
    # init's -S sets the stack: 2 MiB holds 1 MiB of locals, 64 KiB does not
    i, _ = expect(m, case, r"^stacktest locals: ok$", i)
    expect(m, case, r"^proc stacktest \(pid \d+\): killed: stack overflow at ",
           i)
    expect(m, case, r"^bigbss touch: ok$")
    expect(m, case, r"^bigbss: 64 MiB of .bss ok$")
    expect_exit(m, case, INIT_FAILED)  # the recursion's 139 on purpose
    fails = re.findall(r"(?m)^(?:stacktest|bigbss) \S+: FAIL.*$", m.output)
    if fails:
        raise CaseFailure(fails[0])


def cases(ctx):
    return [
        proc_case("exhaust", "exhaust.cfg", ["exhaust"], _exhaust_script,
                  timeout=240),
        proc_case("hardtest", "hardtest.cfg", ["hardtest", "bigbss"],
                  _hardtest_script, timeout=120),
        proc_case("stacks", "stacks.cfg", ["stacktest", "bigbss"],
                  _stacks_script, timeout=120),
    ]
