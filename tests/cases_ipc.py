"""QEMU cases of the IPC that busy servers need (issue 11): port sets with
labels, no-more-senders notices, child-exit notices, requests answered to a
port (user/settest); the one server loop: deferred replies, timers, calls
between servers (user/looptest)."""

import re

from cases import (INIT_OK, CaseFailure, expect, expect_exit, expect_results,
                   proc_case)


def _nsthreads_script(m, case):
    expect(m, case, r"^nsthreads: ok: 8 threads, 1000 rounds each$")
    expect(m, case, r"^init: nsthreads exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _threadstate_script(m, case):
    expect(m, case, r"^threadstate: ok \(0\)$")
    lines = re.findall(r"(?m)^threadstate: thread (\d) round (\d+) errno (\d+)$",
                       m.output)
    if len(lines) != 4 * 6:
        raise CaseFailure("%d whole lines from the threads, want 24" % len(lines))
    for k, _, err in lines:
        if int(err) != 1000 + int(k):
            raise CaseFailure("thread %s printed errno %s" % (k, err))
    expect(m, case, r"^init: threadstate exited with status 0$")
    expect_exit(m, case, INIT_OK)


def cases(ctx):
    return [
        proc_case("settest", "settest.cfg", ["settest"],
                  lambda m, case: expect_results(m, case, "settest", 11)),
        proc_case("looptest", "looptest.cfg", ["looptest"],
                  lambda m, case: expect_results(m, case, "looptest", 5),
                  timeout=120),
        proc_case("nsthreads", "nsthreads.cfg", ["ns", "nsthreads"],
                  _nsthreads_script, timeout=120),
        proc_case("threadstate", "threadstate.cfg", ["threadstate"],
                  _threadstate_script),
    ]
