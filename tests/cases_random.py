"""QEMU cases of the kernel mechanisms remote IPC needs (issue 15): the
kernel's random generator (the random call, user/randtest) seeded from
RDRAND (-cpu max has it) or from the TSC and interrupt timing (QEMU's
default CPU has none; random=tsc forces it), and act_for, a thread sending
as a remote caller's identity (user/actfor) with the servers' answers."""

import re

from cases import (INIT_OK, CaseFailure, expect, expect_exit, expect_results,
                   proc_case)
from qemu import Machine

SEEDED_RDRAND = r"^random: seeded from RDRAND$"
SEEDED_TSC = r"^random: seeded from the TSC and interrupt timing$"


def _random_run(m, case, seeded):
    """One boot's blocks (a, b) after checking the boot line and randtest's
    results."""
    expect(m, case, seeded)
    other = SEEDED_TSC if seeded == SEEDED_RDRAND else SEEDED_RDRAND
    if any(re.match(other, line) for line in m.lines):
        raise CaseFailure("seeded from both sources")
    _, a = expect(m, case, r"^randtest: a ([0-9a-f]{128})$")
    _, b = expect(m, case, r"^randtest: b ([0-9a-f]{128})$")
    expect_results(m, case, "randtest", 12)
    return a.group(1), b.group(1)


def _random_script(seeded, note=None):
    """Boots twice: each boot's two blocks differ (randtest checks), and the
    second boot's differ from the first's."""
    def script(m, case):
        if note:
            expect(m, case, note)
        first = _random_run(m, case, seeded)
        again = Machine(("kernel", case.ctx.kernel), cmdline=case.cmdline,
                        modules=case.modules, memory_mib=case.memory_mib,
                        extra_args=case.extra_args)
        try:
            again.start()
            second = _random_run(again, case, seeded)
        except CaseFailure as e:
            raise CaseFailure("second boot: %s; its console:\n%s" %
                              (e, again.output[-2000:]))
        finally:
            again.kill()
        if set(first) & set(second):
            raise CaseFailure("two boots gave the same bytes: %s" %
                              sorted(set(first) & set(second)))
    return script


def _random_case(name, seeded, cmdline="", extra_args=(), note=None):
    c = proc_case(name, "random.cfg", ["randtest"],
                  _random_script(seeded, note))
    c.cmdline += cmdline
    c.extra_args = extra_args
    return c


def _actfor_script(m, case):
    _, mt = expect(m, case, r"^actfor: client pid (\d+)$")
    pid = mt.group(1)
    # What the server saw: the identity for each way of sending, and the
    # pid again after act_for(0).
    expect(m, case, r"^actfor: server saw sender -5 \(call\)$")
    expect(m, case, r"^actfor: server saw sender -5 \(send\)$")
    expect(m, case, r"^actfor: server saw sender %s \(call\)$" % pid)
    expect_exit(m, case, INIT_OK)  # every waited program exited 0
    fails = re.findall(r"(?m)^actfor \S+: FAIL.*$", m.output)
    if fails:
        raise CaseFailure(fails[0])
    sums = re.findall(r"(?m)^actfor: (\d+) passed, (\d+) failed$", m.output)
    if sums != [("13", "0"), ("2", "0")]:  # client, then noright
        raise CaseFailure("summaries %r" % sums)


def cases(ctx):
    return [
        _random_case("random_tsc", SEEDED_TSC),
        _random_case("random_rdrand", SEEDED_RDRAND,
                     extra_args=("-cpu", "max")),
        _random_case("random_forced_tsc", SEEDED_TSC, cmdline=" random=tsc",
                     extra_args=("-cpu", "max")),
        _random_case("random_rdrand_absent", SEEDED_TSC,
                     cmdline=" random=rdrand",
                     note=r"^random: random=rdrand, but this CPU has no "
                     r"RDRAND"),
        _random_case("random_bad_option", SEEDED_RDRAND,
                     cmdline=" random=bogus", extra_args=("-cpu", "max"),
                     note=r"^boot: random=bogus ignored: random= takes "
                     r"rdrand or tsc$"),
        proc_case("actfor", "actfor.cfg", ["ns", "fs", "actfor"],
                  _actfor_script, initrd=True),
    ]
