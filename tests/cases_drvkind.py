"""QEMU cases of the driver kinds and the swap between them (issue 13):
`drv up ne2k kind=module` loads /lib/modules/ne2k.ko through init and lkmd,
`drv list` shows each driver's KIND, `drv down` stops either kind (a module:
STOP, then the loader removes it). The boot set of lkmd.cfg (the shell with
init's control right, lkmd with the module right) and an ne2k_isa."""

import re

from cases_lkmd import _lsmod, _start, _status, lkmd_case
from cases_ne2k import MAC_A, _down, _listed, _nic_args, _ports, _up
from cases_sh import _exit_shell
from harness import CaseFailure, expect

MODULE_DOWN = [
    r"^ne2k0: remove step 1: 0 sessions ended \(receiver told\)$",
    r"^ne2k0: remove step 6: exiting: the module's process ends",
    r"^init: driver module ne2k removed$",
]


def _kind_up_down(m, case):
    sh = _start(m, case)
    start = len(m.lines)
    pid = _up(sh, args=" kind=module", kind="module")
    rows = _listed(sh, "module")
    if list(rows) != ["ne2k0"] or rows["ne2k0"][0] != pid or _listed(sh):
        raise CaseFailure("drv list: %r, want ne2k0 (module) of pid %d"
                          % (rows, pid))
    expect(m, case, r"^ne2k0: add step 5: registered \(io=0x300 irq=9 "
           r"mac=%s\)$" % MAC_A, start)
    if "ne2k" not in _lsmod(sh):
        raise CaseFailure("lsmod does not show ne2k after drv up")
    _down(sh)
    i = start
    for p in MODULE_DOWN:
        i, _ = expect(m, case, p, i)
    if "ne2k" in _lsmod(sh) or _listed(sh, "module"):
        raise CaseFailure("ne2k still loaded or listed after drv down")
    # The refusals: a kind that is none, a word that is no parameter, the
    # module's own refusal of its arguments (its message, nothing loaded).
    out = sh.run("drv up ne2k kind=kernel")
    if out != ["drv: kind=kernel: a driver's kind is user or module"] or \
            _status(sh) != "2":
        raise CaseFailure("drv up kind=kernel printed %r" % out)
    sh.run_expect("drv up ne2k kind=module bogus",
                  r"^drv: bogus: not a module parameter \(key=value, or "
                  r"pci\)$")
    sh.run_expect("drv up ne2k kind=module io=0x310",
                  r"^drv: /lib/modules/ne2k.ko: init of ne2k failed: invalid "
                  r"argument \(-22\)$")
    if "ne2k" in _lsmod(sh) or _listed(sh, "module"):
        raise CaseFailure("a refused drv up left ne2k loaded")
    # The user-mode kind on the same NIC afterwards, and back.
    upid = _up(sh)
    if list(_listed(sh)) != ["ne2k0"]:
        raise CaseFailure("drv list after drv up (user): %r" % _listed(sh))
    _down(sh)
    if upid == pid:
        raise CaseFailure("user-mode driver has the module's pid")
    _up(sh, args=" kind=module pci=0", kind="module")
    _down(sh)
    _exit_shell(sh)


def _case(name, script, timeout=120):
    c = lkmd_case(name, script, timeout=timeout)
    c.name = "drvkind." + name
    a, b = _ports(c.name, 2)
    c.extra_args = _nic_args(MAC_A, a, b)
    return c


def cases(ctx):
    return [_case("up_down", _kind_up_down)]
