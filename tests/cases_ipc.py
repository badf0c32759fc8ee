"""QEMU cases of the IPC that busy servers need (issue 11): port sets with
labels, no-more-senders notices, child-exit notices, requests answered to a
port (user/settest); the one server loop: deferred replies, timers, calls
between servers (user/looptest)."""

from cases import expect_results, proc_case


def cases(ctx):
    return [
        proc_case("settest", "settest.cfg", ["settest"],
                  lambda m, case: expect_results(m, case, "settest", 8)),
        proc_case("looptest", "looptest.cfg", ["looptest"],
                  lambda m, case: expect_results(m, case, "looptest", 5),
                  timeout=120),
    ]
