"""QEMU cases of the name server (servers/ns): user/nstest's checks against
a running name server, its restart (nstest restart, ns_restart.cfg), and
name@node lookups forwarded to a stand-in protocol server (nstest remote,
ns_remote.cfg)."""

import re

from cases import INIT_OK, CaseFailure, expect, expect_exit, proc_case
from harness import expect_in_order

NSTEST_CHECKS = 22  # the result lines user/nstest prints
RESTART_CHECKS = 9  # those of "nstest restart"
REMOTE_CHECKS = 11  # those of "nstest remote"


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
    """init restarts a killed name server twice; nstest's checks pass and it
    says twice that it registered again (libipc's replay line, written
    before the call that ends its replay is answered). fs's own lines are
    not waited for: fs writes its line after the REGISTER nstest waits for,
    and the machine may stop before it."""
    _nstest_passed(m, case, RESTART_CHECKS)
    expect_in_order(m, case, [r"^nstest \(pid \d+\): registered again "
                              r"with the new name server:"] * 2)
    expect(m, case, r"^nstest .*: nstest\.kept nstest\.after "
           r"\(1 subscription\)$")
    expect_in_order(m, case, [r"^ns: ready$"] * 3)
    expect(m, case, r"^init: nstest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _remote_script(m, case):
    """nstest remote's checks pass (the stand-in net answered, ended)."""
    _nstest_passed(m, case, REMOTE_CHECKS)
    expect(m, case, r"^init: nstest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def cases(ctx):
    return [
        proc_case("ns", "ns.cfg", ["ns", "nstest"], _ns_script, timeout=120),
        proc_case("ns_restart", "ns_restart.cfg", ["ns", "fs", "nstest"],
                  _restart_script, timeout=60, initrd=True),
        proc_case("ns_remote", "ns_remote.cfg", ["ns", "fs", "nstest"],
                  _remote_script, timeout=60, initrd=True),
    ]
