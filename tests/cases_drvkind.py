"""QEMU cases of the driver kinds and the swap between them (issue 13):
`drv up ne2k kind=module` loads /lib/modules/ne2k.ko through init and lkmd,
`drv list` shows each driver's KIND, `drv down` stops either kind (a module:
STOP, then the loader removes it); an ordinary program's hand-over calls
refused; `drv swap ne2k0 module|user` 20 times while node A sends. The boot set of lkmd.cfg (the shell with
init's control right, lkmd with the module right) and an ne2k_isa."""

import os
import re

from cases_lkmd import _lsmod, _start, _status, lkmd_case
from cases_ne2k import MAC_A, MAC_B, _down, _listed, _nic_args, _node_a, \
    _ports, _save_node_a, _up
from cases_sh import _exit_shell, _ps_rows
from harness import CaseFailure, expect, expect_exit, time_left
from cases import INIT_OK

SWAPS = 20  # ten times user -> module -> user

MODULE_DOWN = [
    r"^ne2k0: remove step 1: 0 sessions ended \(receiver told\)$",
    r"^ne2k0: remove step 6: exiting: the module's process ends",
    r"^init: driver module ne2k removed$",
]


def _hostile(sh, kind):
    """An ordinary program (nicsend, from the shell: no nucleus right, not
    the driver's starter) cannot PREPARE, take over or end a hand-over of
    the driver of kind; it keeps serving."""
    for verb in ("prepare", "handover", "handed"):
        sh.run_expect("nicsend ne2k0 " + verb,
                      r"^nicsend: %s: operation not permitted$"
                      % verb.upper())
    rows = _listed(sh, kind)
    if list(rows) != ["ne2k0"]:
        raise CaseFailure("after the refused hand-over calls: drv list %r"
                          % rows)
    sh.run_expect("nicsend ne2k0 3 60 -q",
                  r"^nicsend: sent 3 frames, frames_out=3 ")


def _refused(sh, line, want):
    """line's last line is want (lkmd's log may come first); exit 1."""
    out = sh.run(line)
    if out[-1:] != [want] or _status(sh) != "1":
        raise CaseFailure("%r printed %r, want %r" % (line, out, want))


def _rmmod_sessions(m, case, sh):
    """rmmod of the module driver with sessions open is refused naming the
    processes holding them (name and pid; session/sessions), and lsmod's
    used-by names them; rmmod -f ends the sessions as remove step (1) does
    (the receivers told GONE), then removes the module."""
    _up(sh, args=" kind=module", kind="module")
    start = len(m.lines)
    dump = sh.run_expect("nicdump ne2k0 0 &", r"^\[(\d+)\]$").group(1)
    expect(m, case, r"nicdump: ready$", start)
    _refused(sh, "rmmod ne2k", "rmmod: ERROR: module ne2k is in use by 1 "
             "session: nicdump (pid %s) (rmmod -f ends them)" % dump)
    if _lsmod(sh).get("ne2k", ())[2:] != (1, "nicdump"):
        raise CaseFailure("lsmod with nicdump's session: %r" % _lsmod(sh))
    # a protocol server's session: the driver opens it, protosink holds it
    start = len(m.lines)
    sink = _sink(m, case, sh, "proto.x", "88b5")
    expect(m, case, r"ne2k0: session for protocol server proto\.x ", start)
    sh.run_expect("echo synced", r"^synced$")  # after the driver's line
    rows = _lsmod(sh)
    if rows.get("ne2k", (0, 0, 0, ""))[2] != 2 or \
            sorted(rows["ne2k"][3].split(",")) != ["nicdump", "protosink"]:
        raise CaseFailure("lsmod with two sessions: %r, want 2 "
                          "nicdump,protosink" % rows)
    out = sh.run("rmmod ne2k")
    holders = sorted(re.findall(r"(\w+) \(pid (\d+)\)", out[0])) \
        if out else []
    if not out or not out[0].startswith("rmmod: ERROR: module ne2k is in "
                                        "use by 2 sessions: ") or \
            holders != sorted([("nicdump", dump), ("protosink", sink)]):
        raise CaseFailure("rmmod with two sessions printed %r" % out)
    if "ne2k" not in _lsmod(sh) or not _listed(sh, "module"):
        raise CaseFailure("a refused rmmod changed something")
    start = len(m.lines)
    sh.run("rmmod -f ne2k")  # nicdump's end may interleave: the log
    i, _ = expect(m, case, r"^ne2k0: remove step 1: 2 sessions ended "
                  r"\(receiver told\)$", start)
    expect(m, case, r"nicdump: ne2k0 gone after 0 frames$", start)
    expect(m, case, r"^lkmd: removed ne2k ", i)
    sh.run("kill %s" % sink)
    sh.run_expect("echo synced", r"^synced$")  # takes the job's notice
    if "ne2k" in _lsmod(sh) or _listed(sh, "module"):
        raise CaseFailure("ne2k still loaded after rmmod -f")


def _rmmod_after_lkmd_restart(m, case, sh):
    """A restarted lkmd is not the module driver's installer: rmmod -f
    cannot end its sessions (the driver refuses it STOP) and says so with
    the remedy, drv down NAME, which works."""
    _up(sh, args=" kind=module", kind="module")
    start = len(m.lines)
    dump = sh.run_expect("nicdump ne2k0 0 &", r"^\[(\d+)\]$").group(1)
    expect(m, case, r"nicdump: ready$", start)
    lkmd = [p for p, n in _ps_rows(sh.run("ps")).items() if n == "lkmd"]
    start = len(m.lines)
    sh.run("kill %d" % lkmd[0])
    expect(m, case, r"lkmd: ready: ", start)
    _refused(sh, "rmmod -f ne2k", "rmmod: ERROR: module ne2k: its driver's "
             "sessions (nicdump (pid %s)) could not be ended: this lkmd "
             "restarted, so it may not STOP the driver (drv down ne2k0 "
             "stops it)" % dump)
    start = len(m.lines)
    _down(sh)
    # nicdump's last line: its session ended, it writes no more.
    expect(m, case, r"nicdump: ne2k0 gone after \d+ frames$", start)
    sh.run_expect("echo synced", r"^synced$")
    if "ne2k" in _lsmod(sh) or _listed(sh, "module"):
        raise CaseFailure("ne2k still loaded after drv down")


def _dead_module_leaves_nic(m, case, sh):
    """A module driver whose process was killed is dead; a user-mode driver
    then takes the NIC; removing the dead module must not touch the chip
    the other driver drives now (its ports went with its process)."""
    pid = _up(sh, args=" kind=module", kind="module")
    sh.run("kill %d" % pid)
    for _ in range(50):
        if not _listed(sh, "module"):
            break
    else:
        raise CaseFailure("the killed module driver is still listed")
    _up(sh)
    start = len(m.lines)
    sh.run("rmmod ne2k")
    expect(m, case, r"^ne2k0: removed after its process ended: chip left "
           r"as it is$", start)
    sh.run_expect("nicsend ne2k0 3 60 -q",
                  r"^nicsend: sent 3 frames, frames_out=3 ")
    sh.run_expect("nicsend ne2k0 stats", r"frames_out=3 ")
    _down(sh)


def _init_refusals(m, case, sh):
    """The add steps a device can fail (ports, IRQ, chip) are the module's
    init: insmod fails with their reason, status 1, nothing loaded, and
    what an earlier step took is given back (the good load after them)."""
    for args, log, err in (
            ("io=0x320", r"^ne2k: add step 3 failed: no DP8390 answers at "
             r"io 0x320: is an ISA card there \(io=\), or a PCI one "
             r"\(pci\)\?$", r"init of ne2k failed: no such device \(-19\)"),
            ("irq=4", r"^ne2k: add step 2 failed: IRQ 4 taken by another "
             r"driver or the kernel",
             r"init of ne2k failed: resource busy \(-16\)"),
            # the thread's step: the loader waits for its verdict
            ("name=console", r"^console: add step 5 failed: name server: ",
             r"ne2k failed to start: already exists \(-17\)")):
        start = len(m.lines)
        out = sh.run("insmod /lib/modules/ne2k.ko " + args)
        want = r"^insmod: .*: %s$" % err
        status = _status(sh)
        if not any(re.search(want, l) for l in out) or status != "1":
            raise CaseFailure("insmod ne2k.ko %s printed %r (status %s), "
                              "want %s" % (args, out, status, want))
        expect(m, case, log, start)
        if "ne2k" in _lsmod(sh):
            raise CaseFailure("a failed insmod %s left ne2k loaded" % args)
    _up(sh, args=" kind=module", kind="module")
    _down(sh)
    # the name's limit is the user-mode driver's, 31 bytes, said alike
    long = "n" * 31
    _up(sh, name=long, args=" kind=module name=" + long, kind="module")
    _down(sh, long)
    sh.run_expect("insmod /lib/modules/ne2k.ko name=%s" % (long + "n"),
                  r"parameter name: value of 32 bytes, at most 31$")


def _kind_conflicts(m, case, sh, upid):
    """One driver per NIC, whatever the kinds: with the user kind up (pid
    upid), drv up of the module kind is refused naming ne2k0, its pid and
    kind, and the swap that changes it; swapped to the module, the user
    kind's refusal says the same the other way, and a second ne2k module
    is refused (a module loads once: one NIC); then back to user."""
    out = sh.run("drv up ne2k kind=module")
    want = ("(driver ne2k0 (pid %d, user kind) drives the NIC at io 0x300: "
            "drv swap ne2k0 module makes it the module kind)" % upid)
    if not out or not out[-1].endswith(want) or _status(sh) != "1":
        raise CaseFailure("drv up kind=module with the user kind up "
                          "printed %r, want ...%s" % (out, want))
    mpid = int(sh.run_expect("drv swap ne2k0 module",
                             r"swapped to module \(pid (\d+)\)$").group(1))
    start = len(m.lines)
    sh.run("drv up ne2k")
    expect(m, case, r"^ne2k: io 0x300: driver ne2k0 \(pid %d, module kind\) "
           r"drives the NIC at io 0x300: drv swap ne2k0 user makes it the "
           r"user kind$" % mpid, start)
    out = sh.run("drv up ne2k kind=module")
    want = ("drv: /lib/modules/ne2k.ko: module ne2k is loaded already as "
            "driver ne2k0 (pid %d): a module loads once, so it drives one "
            "NIC (another: drv up ne2k without kind=module)" % mpid)
    if out[-1:] != [want] or _status(sh) != "1":
        raise CaseFailure("a second ne2k module printed %r, want %r"
                          % (out, want))
    sh.run_expect("drv swap ne2k0 user", r"swapped to user \(pid \d+\)$")
    # a client of the driver protocol checks the entry is a driver's
    sh.run_expect("nicsend fs stats", r"^nicsend: fs: not a driver \(its "
                  r"name-server entry is not of type driver; drv list names "
                  r"them\)$")


def _rmmod_live(m, case, sh):
    """rmmod of a live driver module without sessions STOPs its driver
    first (as rmmod -f does), so its remove steps (1)-(6) run; then lkmd
    removes it."""
    sh.run_expect("insmod /lib/modules/ne2k.ko", r"^lkmd: loaded ne2k ")
    start = len(m.lines)
    sh.run("rmmod ne2k")
    if _status(sh) != "0":
        raise CaseFailure("rmmod of the live driver module failed")
    i = start
    for p in [r"^lkmd: removing ne2k: STOP to its driver ne2k0 \(its "
              r"remove steps\)$"] + MODULE_DOWN[:2] + [r"^lkmd: removed ne2k "]:
        i, _ = expect(m, case, p, i)
    for n in range(2, 6):
        expect(m, case, r"^ne2k0: remove step %d: " % n, start)
    # the outcomes in words, as the user-mode driver prints them
    expect(m, case, r"^ne2k0: remove step 2: name deleted: success$", start)
    if "ne2k" in _lsmod(sh) or _listed(sh, "module"):
        raise CaseFailure("ne2k still loaded or listed after rmmod")


def _ns_restart(m, case, sh):
    """A module driver outlives a name-server restart as a user-mode one
    does: the kernel tells it (LV_OP_SYSPORT_SET), it registers ne2k0
    again with the restarted server and keeps serving; lkm/kecho, the
    other module that registers a name, registers again too."""
    pid = _up(sh, args=" kind=module", kind="module")
    start = len(m.lines)
    sh.run_expect("insmod /test/modules/kecho.ko", r"^lkmd: loaded kecho ")
    # its thread's first registration done (under load it may come late)
    expect(m, case, r"kecho: registered as pid \d+: 0$", start)
    ns = [p for p, n in _ps_rows(sh.run("ps")).items() if n == "ns"]
    start = len(m.lines)
    sh.run("kill %d" % ns[0])
    expect(m, case, r"^ne2k0: name server restarted: registered again$",
           start)
    expect(m, case, r"^kecho: name server restarted: registered again: "
           r"success$", start)
    if not any(re.match(r"^kecho\s", l) for l in sh.run("names kecho")):
        raise CaseFailure("kecho not in names after the name server's "
                          "restart")
    sh.run_expect("rmmod kecho", r"^lkmd: removed kecho ")
    rows = _listed(sh, "module")  # registered before it logged that
    if "ne2k0" not in rows or rows["ne2k0"][0] != pid:
        raise CaseFailure("drv list after the name server's restart: %r, "
                          "want ne2k0 (module) of pid %d" % (rows, pid))
    sh.run_expect("nicsend ne2k0 3 60 -q",
                  r"^nicsend: sent 3 frames, frames_out=3 ")
    sh.run_expect("nicsend ne2k0 stats", r"frames_out=3 ")
    _down(sh)


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
    _hostile(sh, "module")
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
                  r"^drv: bogus: not a module parameter \(key=value, pci "
                  r"or handover\)$")
    sh.run_expect("drv up ne2k kind=module io=0x310",
                  r"^drv: /lib/modules/ne2k.ko: init of ne2k failed: invalid "
                  r"argument \(-22\)$")
    if "ne2k" in _lsmod(sh) or _listed(sh, "module"):
        raise CaseFailure("a refused drv up left ne2k loaded")
    _init_refusals(m, case, sh)
    _rmmod_live(m, case, sh)
    # The user-mode kind on the same NIC afterwards, and back.
    upid = _up(sh)
    if list(_listed(sh)) != ["ne2k0"]:
        raise CaseFailure("drv list after drv up (user): %r" % _listed(sh))
    _hostile(sh, "user")
    # A swap to the kind it is already, or to none, is refused.
    sh.run_expect("drv swap ne2k0 user",
                  r"^drv: ne2k0 is a user driver already$")
    sh.run_expect("drv swap ne2k0 kernel",
                  r"^drv: swap: kernel: a driver's kind is user or module$")
    sh.run_expect("drv swap nosuch module",
                  r"^drv: nosuch: no such driver")
    _kind_conflicts(m, case, sh, upid)
    _down(sh)
    if upid == pid:
        raise CaseFailure("user-mode driver has the module's pid")
    _up(sh, args=" kind=module pci=0", kind="module")
    _down(sh)
    _rmmod_sessions(m, case, sh)
    _dead_module_leaves_nic(m, case, sh)
    _ns_restart(m, case, sh)
    _rmmod_after_lkmd_restart(m, case, sh)
    _exit_shell(sh)


def _kind_rows(sh):
    """{name: (kind, pid, attrs)} of drv list."""
    rows = {}
    for line in sh.run("drv list")[1:]:
        mt = re.match(r"^(\S+)\s+(user|module)\s+(\d+)\s+\S+\s+(.*)$", line)
        if mt:
            rows[mt.group(1)] = (mt.group(2), int(mt.group(3)), mt.group(4))
    return rows


def _wait_frames(sh, want, counter="frames_in", tries=100):
    """Until the driver now serving ne2k0 has received (counter frames_out:
    sent) want frames (its counters, read with nicsend stats: a bounded
    wait on the condition)."""
    got = 0
    for _ in range(tries):
        mt = sh.run_expect("nicsend ne2k0 stats", r"%s=(\d+) " % counter)
        got = int(mt.group(1))
        if got >= want:
            return
    raise CaseFailure("ne2k0 has %s=%d, want %d" % (counter, got, want))


def _swap_rounds(m, case, sh):
    """SWAPS swaps of ne2k0 while node A sends: each answered with the new
    kind, ne2k0 keeping its MAC, nicdump's session moved each time."""
    want = "io=0x300 irq=9 mac=%s" % MAC_B
    pids = set()
    for k in range(SWAPS):
        _wait_frames(sh, 3)  # frames flow before each swap
        kind = "module" if k % 2 == 0 else "user"
        mt = sh.run_expect("drv swap ne2k0 " + kind,
                           r"^drv: ne2k0 swapped to %s \(pid (\d+)\)$"
                           % kind)
        rows = _kind_rows(sh)
        if rows.get("ne2k0") != (kind, int(mt.group(1)), want):
            raise CaseFailure("swap %d: drv list %r, want ne2k0 %s of pid "
                              "%s with %s" % (k, rows, kind, mt.group(1),
                                              want))
        pids.add(int(mt.group(1)))
    _wait_frames(sh, 3)  # and after the last
    if len(pids) != SWAPS:
        raise CaseFailure("swaps gave pids %r" % sorted(pids))


def _swap(m, case):
    """drv swap ne2k0 module|user, 20 times, while node A sends a frame a
    tick: nicdump (in the background, -q gaps) keeps its session (moved and
    re-opened at each swap), frames arrive before, between and after the
    swaps, none corrupted; a protocol server (protosink, registered first)
    gets a session from every new driver and never ends; the old kind is
    gone each time (lsmod)."""
    sh = _start(m, case)
    try:
        start = len(m.lines)
        sh.run_expect("/test/protosink proto.swap 88b5 1000000 &",
                      r"^\[\d+\]$")
        expect(m, case, r"protosink: ready$", start)
        _up(sh)
        sh.run_expect("nicdump ne2k0 0 -q gaps idle=300 &", r"^\[\d+\]$")
        expect(m, case, r"nicdump: ready$", start)
        a = _node_a(case, "ne2k_swap_send.cfg")
        _swap_rounds(m, case, sh)
        if "ne2k" in _lsmod(sh):
            raise CaseFailure("the module stayed loaded after the last "
                              "swap back to user")
        a.kill()
        _, mt = expect(m, case, r"nicdump: got (\d+) frames", start)
        expect(m, case, r"^nicdump: moved %d times$" % SWAPS, start)
        after = [int(x) for x in re.findall(
            r"(?m)nicdump: moved: session \d+ after (\d+) frames$",
            "\n".join(m.lines[start:]))]
        if len(after) != SWAPS or after[0] == 0 or \
                any(y <= x for x, y in zip(after, after[1:])) or \
                int(mt.group(1)) <= after[-1]:
            raise CaseFailure("frames before the moves %r, %s in all: "
                              "want more before, between and after"
                              % (after, mt.group(1)))
        # The protocol server kept its interface without restarting: each
        # new driver opened its session from the name server.
        # (a user-mode driver's line may come after the prompt, on its
        # line, or be cut by another process's output -- the kernel's and
        # the console server's writes interleave: its tail is counted)
        proto = [l for l in m.lines[start:]
                 if re.search(r"proto\.swap \(types=88b5\)$", l)]
        if len(proto) != SWAPS + 1 or \
                any("protosink:" in l and "ready" not in l
                    for l in m.lines[start:]):
            raise CaseFailure("protosink's sessions: %d (want %d), or it "
                              "ended" % (len(proto), SWAPS + 1))
        bad = [l for l in m.lines[start:] if "bad frame" in l]
        if bad:
            raise CaseFailure("corrupted frames: %r" % bad[:3])
        _exit_shell(sh)
    finally:
        _save_node_a(case)


SEND_COUNT = 1500  # one a tick: 15 s at 100 Hz, longer than two swaps


def _swap_send(m, case):
    """A local sender carried across swaps: nicsend on the swapping node
    sends SEND_COUNT frames, one a tick, while ne2k0 is swapped to a module
    and back; each frame refused in the gap (-ERR_AGAIN) is sent again and
    the name looked up again once the old driver's port died, so nicsend
    takes every frame, says it was carried across, and exits 0; node A's
    nicdump gets exactly its frames, in order, none twice (count, bytes and
    digest equal to nicsend's, no bad frame)."""
    sh = _start(m, case)
    try:
        _up(sh)
        a = _node_a(case, "ne2k_swap_recv.cfg", programs=("nicdump",))
        a.expect(r"nicdump: ready", time_left(case))
        start = len(m.lines)
        pid = sh.run_expect("nicsend ne2k0 %d 60 1 -q &" % SEND_COUNT,
                            r"^\[(\d+)\]$").group(1)
        _wait_frames(sh, 20, "frames_out")
        for kind in ("module", "user"):
            sh.run_expect("drv swap ne2k0 " + kind,
                          r"^drv: ne2k0 swapped to %s \(pid \d+\)$" % kind)
        _, mt = expect(m, case, r"nicsend: summary frames=(\d+) "
                       r"bytes=(\d+) digest=([0-9a-f]{8})$", start)
        if int(mt.group(1)) != SEND_COUNT:
            raise CaseFailure("nicsend took %s frames, want %d"
                              % (mt.group(1), SEND_COUNT))
        _, carried = expect(m, case, r"nicsend: carried across a swap: "
                            r"(\d+) sent again in its gap, the driver "
                            r"looked up again (\d+) times?$", start)
        if int(carried.group(2)) < 1:
            raise CaseFailure("nicsend never looked ne2k0 up again: %r"
                              % carried.group(0))
        sh.run_expect("echo synced", r"^synced$")
        if not any(re.search(r"^\[%s\] done 0$" % pid, l)
                   for l in m.lines[start:]):
            raise CaseFailure("nicsend (pid %s) did not end 0" % pid)
        want = r"nicdump: summary frames=%d bytes=%s digest=%s$" % (
            SEND_COUNT, mt.group(2), mt.group(3))
        try:
            a.expect(want, time_left(case))
        except Exception:
            raise CaseFailure("node A, want /%s/: %s" % (
                want, " | ".join(a.lines[-6:])))
        bad = [l for l in a.lines if "bad frame" in l]
        if bad:
            raise CaseFailure("node A got frames out of order: %r" % bad[:3])
        _exit_shell(sh)
    finally:
        _save_node_a(case)


REFUSED_OPEN = (r"ne2k0: pid %s may not take EtherType 0x0800 \(IPv4\): it "
                r"lacks the network right \(init's -N\); OPEN refused$")
REFUSED_ENTRY = (r"ne2k0: protocol server proto\.ip \(pid %s\) ignored: "
                 r"EtherType 0x0800 \(IPv4\) needs the network right "
                 r"\(init's -N\)$")


def _sink(m, case, sh, name, types):
    """protosink NAME TYPES in the background: its pid once the driver
    took its entry (a session, or the line that ignores it). The driver's
    line is waited for, not protosink's "ready": a module driver logs
    through the kernel's console, whose lines can land inside another
    process's line (protosink's among them); the kernel's own line is
    whole, so it is matched anywhere in a line."""
    start = len(m.lines)
    mt = sh.run_expect("/test/protosink %s %s 1 &" % (name, types),
                       r"^\[(\d+)\]$")
    expect(m, case, r"ne2k0: (session for protocol server %s |protocol "
           r"server %s \(pid \d+\) ignored)" % (re.escape(name),
                                                 re.escape(name)), start)
    return mt.group(1)


def _reserved_kind(m, case, sh, kind):
    """An ordinary program (the shell's child: no network right) is refused
    IPv4 (0x0800) by OPEN and by a name-server entry, with the driver's
    line naming the type, and takes the raw 0x88B5 both ways; the driver of
    kind serves on."""
    _up(sh, args=" kind=module" if kind == "module" else "", kind=kind)
    start = len(m.lines)
    out = sh.run("nicdump ne2k0 0 sessions=1 type=0x0800")
    if "nicdump: session 1: operation not permitted" not in out:
        raise CaseFailure("%s: OPEN of 0x0800 printed %r" % (kind, out))
    expect(m, case, REFUSED_OPEN % r"\d+", start)
    sh.run_expect("nicdump ne2k0 0 sessions=1 type=0x88b5",
                  r"^nicdump: session 1: id \d+$")
    start = len(m.lines)
    ip = _sink(m, case, sh, "proto.ip", "0800,0806")
    expect(m, case, REFUSED_ENTRY % ip, start)
    raw = _sink(m, case, sh, "proto.raw", "88b5")
    expect(m, case, r"ne2k0: session for protocol server proto\.raw "
           r"\(types=88b5\)$", start)
    if any(re.search(r"session for protocol server proto\.ip", l)
           for l in m.lines[start:]):
        raise CaseFailure("%s: a session for proto.ip" % kind)
    sh.run("kill %s %s" % (ip, raw))
    sh.run_expect("echo synced", r"^synced$")
    sh.run_expect("nicsend ne2k0 3 60 -q",
                  r"^nicsend: sent 3 frames, frames_out=3 ")
    _down(sh)


def _reserved_types(m, case):
    """Issue 14's rule in both driver kinds: the reserved EtherTypes are
    the network right's (proc.ne2k_types shows a holder, started with
    init's -N, getting them)."""
    sh = _start(m, case)
    _reserved_kind(m, case, sh, "user")
    _reserved_kind(m, case, sh, "module")
    _exit_shell(sh)


def _case(name, script, timeout=120, mac=MAC_A):
    c = lkmd_case(name, script, timeout=timeout)
    c.name = "drvkind." + name
    c.ports = _ports(c.name, 2)
    c.extra_args = _nic_args(mac, c.ports[1], c.ports[0])
    c.node_a_logs = []
    return c


def _bench_smoke(m, case):
    """drvbench runs each cycle (user-mode driver, module driver, hello's
    insmod + rmmod) 10 times and prints its three figures; no timing is
    asserted."""
    for key in ("drv.user", "drv.module", "module.hello"):
        expect(m, case, r"^%s: \d+ \d+ \d+$" % re.escape(key))
    expect(m, case, r"^init: drvbench exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _bench_case():
    c = _case("bench_smoke", _bench_smoke)
    c.cmdline = "initcfg=drvbench.cfg node=alpha panic=exit"
    c.cfg = "drvbench.cfg"
    base = c.modules_for

    def modules(ctx):
        mods = [p for p in base(ctx) if not p.endswith(".cfg")
                and os.path.basename(p) not in ("sh", "console")]
        return mods + [os.path.join(ctx.build, "user", "drvbench"),
                       os.path.join("tests", "configs", "drvbench.cfg")]
    c.modules_for = modules
    return c


def cases(ctx):
    return [_case("up_down", _kind_up_down), _bench_case(),
            _case("reserved_types", _reserved_types),
            _case("swap", _swap, timeout=300, mac=MAC_B),
            _case("swap_send", _swap_send, timeout=120, mac=MAC_B)]
