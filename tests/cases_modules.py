"""QEMU cases of loadable kernel modules (issue 13), the kernel's side:
user/modtest links /lib/modules/hello.ko with the pure module linker and
installs, lists and removes it through the module calls (init's -m gives
it the module right); a module writing to its own text faults and the
report names the module's functions."""

import re

from cases import (HEX, PANIC_EXIT, CaseFailure, expect, expect_exit,
                   expect_results, proc_case)
from cases_ne2k import MAC_A, MAC_B, _bring_up, _check_ten, _nic_args, \
    _node_a, _ports, _save_node_a
from harness import expect_in_order

MODTEST_CHECKS = 11
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


MODULE_REMOVE_STEPS = [
    r"^ne2k0: remove step 1: 0 sessions ended \(receiver told\)$",
    r"^ne2k0: remove step 2: name deleted: success$",
    r"^ne2k0: remove step 3: kernel told \(kirq_release 9: success\)$",
    r"^ne2k0: remove step 4: IRQ 9 out of the kernel's interrupt table$",
    r"^ne2k0: remove step 5: chip stopped, interrupts masked$",
    r"^ne2k0: remove step 6: exiting: the module's process ends",
]


def _kproc_ne2k_script(m, case):
    """Node B runs the module: the add steps, then nicdump gets the 10
    frames node A (the user-mode driver) sends, exactly as for the user-mode
    driver; nicsend sends 10; the remove steps; memory back."""
    try:
        expect(m, case, r"^module ne2k: init failed: invalid argument; "
               r"unloaded$")
        _bring_up(m, case, MAC_B)
        mt = _check_ten(m, case)
        if mt.group(3) != "0":
            raise CaseFailure(mt.group(0))
        _, ms = expect(m, case, r"^nicsend: sent (\d+) frames, "
                       r"frames_out=(\d+) bytes_out=\d+ tx_errors=(\d+)$")
        if ms.group(1, 2, 3) != ("10", "10", "0"):
            raise CaseFailure(ms.group(0))
        expect(m, case, r"^nicsend: STOP: operation not permitted$")
        _, mst = expect(m, case, r"^nicstat: ne2k0 frames_in=(\d+) .* "
                        r"frames_out=10 .*dropped=0$")
        if int(mst.group(1)) < 10:
            raise CaseFailure(mst.group(0))
        expect_in_order(m, case, MODULE_REMOVE_STEPS)
        expect(m, case, r"^module ne2k: its process \[ne2k\] \(pid \d+\) "
               r"ended with status 0; ")
        expect_results(m, case, "modtest", 2)
    finally:
        _save_node_a(case)


def _node_b(name, programs, script, timeout):
    """A node B running tests/configs/NAME.cfg with its NIC wired to a
    node A the script starts."""
    c = proc_case(name, name + ".cfg", ["ns", "fs", "modtest"] + programs,
                  script, timeout=timeout, initrd=True)
    c.ports = _ports(c.name, 2)
    c.extra_args = _nic_args(MAC_B, c.ports[1], c.ports[0])
    c.node_a_logs = []
    return c


def _equal_script(m, case):
    """Node A (the user-mode driver) echoes every frame; node B's modtest
    runs the module through the user-mode driver's checks (see
    user/modtest/nic_equal.c)."""
    _node_a(case, "ne2k_echo_peer.cfg", ["nicecho"])
    try:
        expect_results(m, case, "modtest", 5)
        rounds = len(re.findall(r"(?m)^ne2k0: remove step 6: exiting: the "
                                r"module's process ends", m.output))
        # peer, warm-up, ROUNDS, full receiver, protocol servers, and the
        # module in io_claims
        if rounds != ROUNDS + 5:
            raise CaseFailure("%d module stops, want %d"
                              % (rounds, ROUNDS + 5))
        expect_in_order(m, case, [
            r"^modtest: full receiver: 81 frames in, 64 queued, "
            r"8 dropped$",
            r"^ne2k0: session for protocol server proto\.sink "
            r"\(types=88b6\)$",
            r"^ne2k0: session for protocol server proto\.late "
            r"\(types=88b8\)$",
            # io_claims: the module refused the user driver's ports ...
            r"^ne2k: io 0x300: ports 0x300-0x31f overlap ports another "
            r"process holds",
            r"^module ne2k: init failed: resource busy; "
            r"unloaded$",
            # ... and the user driver the module's, naming it
            r"^ne2k0: add step 1: I/O ports 0x300-0x31f claimed in the "
            r"kernel$",
            r"^ne2k: io 0x300: driver ne2k0 \(pid \d+, module kind\) drives "
            r"the NIC at io 0x300: drv swap ne2k0 user makes it the user "
            r"kind$",
        ])
        # the two protocol servers end in either order
        expect(m, case, r"^protosink: got 5 frames: 5 of its types, "
               r"0 others$")
        expect(m, case, r"^protosink: got 3 frames: 3 of its types, "
               r"0 others$")
    finally:
        _save_node_a(case)


def _pci_script(m, case):
    _, mt = expect(m, case, r"^ne2k: pci: card at io=(0x[0-9a-f]+) "
                   r"irq=(\d+)$")
    expect(m, case, r"^ne2k0: add step 5: registered \(io=%s irq=%s "
           r"mac=%s\)$" % (mt.group(1), mt.group(2), MAC_A))
    expect_in_order(m, case, [
        r"^nicsend: sent 10 frames, frames_out=10 ",
        # the user-mode driver beside the module: the card's ports taken
        r"^ne2k: io %s: driver ne2k0 \(pid \d+, module kind\) drives "
        r"the NIC at io %s: drv swap ne2k0 user" % (mt.group(1), mt.group(1)),
        r"^ne2k0: remove step 6: ",
        # the module beside the user-mode driver: the scan refused
        r"^ne2k: pci: no card: resource busy \(another driver holds the "
        r"configuration ports 0xcf8-0xcff\)$",
        r"^module ne2k: init failed: resource busy; unloaded$",
    ])
    expect_results(m, case, "modtest", 1)


def _pci():
    c = proc_case("kproc_ne2k_pci", "kproc_ne2k_pci.cfg",
                  ["ns", "fs", "modtest", "ne2k", "nicsend"], _pci_script,
                  timeout=120, initrd=True)
    a, b = _ports(c.name, 2)
    c.extra_args = ["-device", "ne2k_pci,netdev=n0,mac=" + MAC_A,
                    "-netdev", "socket,id=n0,udp=127.0.0.1:%d,"
                    "localaddr=127.0.0.1:%d" % (b, a)]
    return c


def cases(ctx):
    fault = proc_case("modfault", "modfault.cfg", ["ns", "fs", "modtest"],
                      _modfault_script, timeout=60, initrd=True)
    fault.allow_fault = True
    kproc = proc_case("kproc", "kproc.cfg", ["ns", "fs", "modtest", "ps", "hello"],
                      _kproc_script, timeout=120, initrd=True)
    kproc.allow_fault = True  # kfault's report, which must not stop the node
    return [
        kproc,
        _node_b("kproc_ne2k", ["nicdump", "nicsend"], _kproc_ne2k_script,
                150),
        _node_b("kproc_ne2k_equal", ["ne2k", "protosink", "nicsend"],
                _equal_script, 240),
        _pci(),
        proc_case("modtest", "modtest.cfg", ["ns", "fs", "modtest"], _modtest_script,
                  timeout=120, initrd=True),
        fault,
    ]
