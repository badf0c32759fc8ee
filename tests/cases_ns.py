"""QEMU cases of the name server (servers/ns): user/nstest's checks against
a running name server."""

import re

from cases import INIT_OK, CaseFailure, expect, expect_exit, proc_case

NSTEST_CHECKS = 17  # the result lines user/nstest prints


def _ns_script(m, case):
    expect(m, case, r"^ns: ready$")
    _, mt = expect(m, case, r"^nstest: (\d+) passed, (\d+) failed$")
    fails = re.findall(r"(?m)^nstest \S+: FAIL.*$", m.output)
    if fails:
        raise CaseFailure(fails[0])
    if int(mt.group(2)) != 0 or int(mt.group(1)) < NSTEST_CHECKS:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^init: nstest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def cases(ctx):
    return [
        proc_case("ns", "ns.cfg", ["ns", "nstest"], _ns_script, timeout=120),
    ]
