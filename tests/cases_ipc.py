"""QEMU cases of the IPC that busy servers need (issue 11): port sets with
labels, no-more-senders notices (user/settest)."""

import re

from cases import INIT_OK, CaseFailure, expect, expect_exit, proc_case


def _settest_script(m, case):
    _, mt = expect(m, case, r"^settest: (\d+) passed, (\d+) failed$")
    fails = re.findall(r"(?m)^settest \S+: FAIL.*$", m.output)
    if fails:
        raise CaseFailure(fails[0])
    if int(mt.group(2)) != 0 or int(mt.group(1)) < 8:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^init: settest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def cases(ctx):
    return [
        proc_case("settest", "settest.cfg", ["settest"], _settest_script),
    ]
