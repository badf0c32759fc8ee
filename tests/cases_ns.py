"""QEMU cases of the name server (servers/ns): user/nstest's checks against
a running name server, and its restart (nstest restart, ns_restart.cfg)."""

import re

from cases import INIT_OK, CaseFailure, expect, expect_exit, proc_case

NSTEST_CHECKS = 17  # the result lines user/nstest prints
RESTART_CHECKS = 9  # those of "nstest restart"


def _nstest_passed(m, case, checks):
    """nstest's summary: no FAIL line, at least checks passed."""
    _, mt = expect(m, case, r"^nstest: (\d+) passed, (\d+) failed$")
    fails = re.findall(r"(?m)^nstest \S+: FAIL.*$", m.output)
    if fails:
        raise CaseFailure(fails[0])
    if int(mt.group(2)) != 0 or int(mt.group(1)) < checks:
        raise CaseFailure(mt.group(0))


def _ns_script(m, case):
    expect(m, case, r"^ns: ready$")
    _nstest_passed(m, case, NSTEST_CHECKS)
    expect(m, case, r"^init: nstest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _restart_script(m, case):
    """init restarts a killed name server twice; the file server and nstest
    say they registered again (libipc's replay line), nstest's checks pass."""
    _nstest_passed(m, case, RESTART_CHECKS)
    for who in ("fs", "nstest"):
        again = re.findall(r"(?m)^%s \(pid \d+\): registered again with "
                           r"the new name server:.*$" % who, m.output)
        if len(again) != 2:
            raise CaseFailure("%s registered again %d times, want 2: %r"
                              % (who, len(again), again))
    if not re.search(r"(?m)^nstest .*: nstest\.kept nstest\.after "
                     r"\(1 subscription\)$", m.output):
        raise CaseFailure("nstest's second replay line lacks its names")
    if len(re.findall(r"(?m)^ns: ready$", m.output)) != 3:
        raise CaseFailure("ns did not start three times")
    expect(m, case, r"^init: nstest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def cases(ctx):
    return [
        proc_case("ns", "ns.cfg", ["ns", "nstest"], _ns_script, timeout=120),
        proc_case("ns_restart", "ns_restart.cfg", ["ns", "fs", "nstest"],
                  _restart_script, timeout=60, initrd=True),
    ]
