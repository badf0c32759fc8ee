"""QEMU cases of loadable kernel modules (issue 13), the kernel's side:
user/modtest links /lib/modules/hello.ko with the pure module linker and
installs, lists and removes it through the module calls (init's -m gives
it the module right); a module writing to its own text faults and the
report names the module's functions."""

import re

from cases import (HEX, PANIC_EXIT, CaseFailure, expect, expect_exit,
                   expect_results, proc_case)
from harness import expect_in_order

MODTEST_CHECKS = 10
ROUNDS = 50


def _modtest_script(m, case):
    expect_in_order(m, case, [
        r"^hello: init: modtest, count=1$",  # load_hello: greeting= set
        r"^hello: exit$",
        r"^failinit: init fails on purpose$",
        r"^module failinit: init failed: no such device; unloaded$",
    ])
    expect_results(m, case, "modtest", MODTEST_CHECKS)
    # the rounds set count=0x7: each installs once and removes once
    inits = len(re.findall(r"(?m)^hello: init: hello, count=7$", m.output))
    if inits != ROUNDS:
        raise CaseFailure("%d rounds ran init, want %d" % (inits, ROUNDS))
    if m.output.count("hello: init:") != m.output.count("hello: exit"):
        raise CaseFailure("inits and exits of hello differ")
    if "failinit: exit must not run" in m.output:
        raise CaseFailure("a failed module's exit ran")


def _modfault_script(m, case):
    expect(m, case, r"^wpfault: writing to my text at ")
    expect_in_order(m, case, [
        r"^exception 14 \(#PF page fault\) error=0x00000003 "
        r"\[write, protection, kernel mode\]",
        r"^  eip=%s <\[wpfault\] wpfault_write_text\+0x[0-9a-f]+> " % HEX,
        r"^backtrace:$",
        r"^  #0 %s \[wpfault\] wpfault_write_text\+0x[0-9a-f]+$" % HEX,
        r"^  #1 %s \[wpfault\] wpfault_init\+0x[0-9a-f]+$" % HEX,
        r"^  #2 %s (sys_)?module_install\+0x[0-9a-f]+$" % HEX,
        r"^panic: ",
    ])
    expect_exit(m, case, PANIC_EXIT)
    if "wpfault: FAIL" in m.output:
        raise CaseFailure("the module wrote to its text")


KPROC_CHECKS = 5


def _kproc_script(m, case):
    expect_results(m, case, "modtest", KPROC_CHECKS)
    expect_in_order(m, case, [
        r"^kecho: registered as pid \d+: 0$",
        r"^kfault: registered as pid (\d+): 0$",
        r"^kfault: message \(0\); writing to my text$",
        r"^proc \[kfault\] \(pid \d+\): killed: exception 14 \(#PF page "
        r"fault\) in kernel mode at eip %s$" % HEX,
        r"^exception 14 \(#PF page fault\) error=0x00000003 "
        r"\[write, protection, kernel mode\]",
        r"^  eip=%s <\[kfault\] kfault_crash\+0x[0-9a-f]+> " % HEX,
        r"^  #0 %s \[kfault\] kfault_crash\+0x[0-9a-f]+$" % HEX,
        r"^  #1 %s \[kfault\] kfault_main\+0x[0-9a-f]+$" % HEX,
        r"^module kfault: its process \[kfault\] \(pid \d+\) ended with "
        r"status 139; the module is dead until removed$",
        r"^modtest kproc_fault: ok$",
        # ps after modtest: the module left loaded is a kernel-side process
        r"^\s*\d+\s+0\s+\S+\s+kernel\s.*\[kecho\]$",
        r"^init: ps exited with status 0$",
        r"^init: hello exited with status 0$",
    ])
    if "kfault: FAIL" in m.output or re.search(r"(?m)^panic:", m.output):
        raise CaseFailure("the faulting module's text was writable, or "
                          "the kernel stopped")


def cases(ctx):
    fault = proc_case("modfault", "modfault.cfg", ["ns", "fs", "modtest"],
                      _modfault_script, timeout=60, initrd=True)
    fault.allow_fault = True
    kproc = proc_case("kproc", "kproc.cfg", ["ns", "fs", "modtest", "ps", "hello"],
                      _kproc_script, timeout=120, initrd=True)
    kproc.allow_fault = True  # kfault's report, which must not stop the node
    return [
        kproc,
        proc_case("modtest", "modtest.cfg", ["ns", "fs", "modtest"], _modtest_script,
                  timeout=120, initrd=True),
        fault,
    ]
