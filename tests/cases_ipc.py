"""QEMU cases of the IPC that busy servers need (issue 11): port sets with
labels, no-more-senders notices, child-exit notices, requests answered to a
port (user/settest); the one server loop: deferred replies, timers, calls
between servers (user/looptest)."""

from cases import INIT_OK, expect, expect_exit, expect_results, proc_case


def _nsthreads_script(m, case):
    expect(m, case, r"^nsthreads: ok: 8 threads, 1000 rounds each$")
    expect(m, case, r"^init: nsthreads exited with status 0$")
    expect_exit(m, case, INIT_OK)


def cases(ctx):
    return [
        proc_case("settest", "settest.cfg", ["settest"],
                  lambda m, case: expect_results(m, case, "settest", 10)),
        proc_case("looptest", "looptest.cfg", ["looptest"],
                  lambda m, case: expect_results(m, case, "looptest", 5),
                  timeout=120),
        proc_case("nsthreads", "nsthreads.cfg", ["ns", "nsthreads"],
                  _nsthreads_script, timeout=120),
    ]
