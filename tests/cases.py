"""The table of QEMU test cases. Each case boots a fresh machine; see
harness.py for what every case checks besides its own script."""

import calendar
import datetime
import os
import re

from harness import (Case, CaseFailure, expect, expect_exit, expect_in_order,
                     run_case)
from qemu import debug_exit_status

KTEST_OK = debug_exit_status(0)
KTEST_FAILED = debug_exit_status(1)
PANIC_EXIT = debug_exit_status(3)

# In-kernel self-tests that return (kernel/ktest/ktest.c, "in_all" cases).
KTESTS = ["fmt", "frame_alloc", "frame_exhaust", "heap", "heap_stress", "heap_returns_frames",
          "paging_map", "paging_readonly", "kexports", "fault_recovered", "breakpoint", "ksyms", "backtrace",
          "timer", "rtc"]

HEX = r"0x[0-9a-f]{8}"


def ktest_script(name):
    def script(m, case):
        _, res = expect(m, case, r"^ktest %s: (start|FAIL.*)$" % name)
        if res.group(1) != "start":
            raise CaseFailure("self-test says " + res.group(1))
        _, res = expect(m, case, r"^ktest %s: (ok|FAIL.*)$" % name)
        if res.group(1) != "ok":
            raise CaseFailure("self-test says " + res.group(1))
        expect(m, case, r"^ktest: 1 passed, 0 failed$")
        expect_exit(m, case, KTEST_OK)
    return script


def ktest_case(name, timeout=30):
    return Case("ktest." + name, ktest_script(name),
                cmdline="ktest=%s panic=exit" % name, timeout=timeout)


def rtc_script(base):
    """ktest rtc on a clock QEMU started at base (-rtc base=...): every
    format must read that date, hour and minute (a minute may pass), and the
    epoch must be that time's."""
    want = datetime.datetime.strptime(base, "%Y-%m-%dT%H:%M:%S")

    def script(m, case):
        ktest_script("rtc")(m, case)
        _, mt = expect(m, case, r"^ktest rtc: every format reads "
                       r"(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d)$")
        got = datetime.datetime.strptime(mt.group(1), "%Y-%m-%d %H:%M:%S")
        if not want <= got <= want + datetime.timedelta(seconds=60):
            raise CaseFailure("clock read %s, QEMU started it at %s" % (got, want))
        _, me = expect(m, case, r"^ktest rtc: epoch (\d+)$")
        if int(me.group(1)) != calendar.timegm(got.timetuple()):
            raise CaseFailure("epoch %s is not %s" % (me.group(1), got))
    return script


def rtc_case(name, base):
    return Case("ktest.rtc_" + name, rtc_script(base),
                cmdline="ktest=rtc panic=exit", extra_args=("-rtc", "base=" + base))


def fault_report_script(test, header, eip_symbol, frames, extra=()):
    """The report of a deliberate fault: vector and name, every register,
    then a symbolised backtrace naming the given frames in order, then the
    panic. The machine must then exit with the panic status."""
    def script(m, case):
        expect(m, case, r"^ktest %s: start$" % test)
        expect_in_order(m, case, [
            r"^exception " + re.escape(header),
            r"^  eip=%s <%s\+0x[0-9a-f]+> cs=0x0008 eflags=%s$"
            % (HEX, eip_symbol, HEX),
            r"^  eax=%s ebx=%s ecx=%s edx=%s$" % (HEX, HEX, HEX, HEX),
            r"^  esi=%s edi=%s ebp=%s esp=%s$" % (HEX, HEX, HEX, HEX),
        ] + list(extra) + [r"^backtrace:$"] + [
            r"^  #%d %s %s\+0x[0-9a-f]+$" % (i, HEX, f)
            for i, f in enumerate(frames)
        ] + [r"^panic: "])
        expect_exit(m, case, PANIC_EXIT)
        if "ktest %s: ok" % test in m.output:
            raise CaseFailure("the faulting test claimed success")
    return script


def fault_case(name, header, eip_symbol, frames, extra=()):
    return Case("fault." + name,
                fault_report_script("fault_" + name, header, eip_symbol,
                                    frames, extra),
                cmdline="ktest=fault_%s panic=exit" % name, allow_fault=True)


def boot_info_script(modules, memory_mib, cmdline):
    """Checks what the kernel says the loader gave it against the truth."""
    def script(m, case):
        _, mt = expect(m, case, r"^boot: cmdline \"(.*)\"$")
        if not mt.group(1).endswith(cmdline):
            raise CaseFailure("cmdline shown as %r" % mt.group(1))
        _, mm = expect(m, case, r"^boot: memory (\d+) KiB usable \((\d+) MiB\)$")
        mib = int(mm.group(2))
        if not memory_mib - 2 <= mib <= memory_mib:
            raise CaseFailure("%d MiB usable reported for -m %d" % (mib, memory_mib))
        _, mc = expect(m, case, r"^boot: modules (\d+)$")
        if int(mc.group(1)) != len(modules):
            raise CaseFailure("%s modules reported, %d given" % (mc.group(1), len(modules)))
        for i, (path, name) in enumerate(modules):
            _, mod = expect(m, case, r"^boot: module %d (%s)-(%s) (\d+) bytes \"(.*)\"$"
                            % (i, HEX, HEX))
            size = os.path.getsize(path)
            if int(mod.group(3)) != size or not mod.group(4).endswith(name):
                raise CaseFailure("module %d shown as %s bytes %r, want %d %r"
                                  % (i, mod.group(3), mod.group(4), size, name))
        expect(m, case, r"^boot: ready")
    return script


def iso_modules(ctx):
    """(file, name) of every module the ISO's grub.cfg loads."""
    root = os.path.join(ctx.build, "iso")
    mods = []
    with open(os.path.join(root, "boot", "grub", "grub.cfg")) as f:
        for line in f:
            mt = re.match(r"^\s*module (\S+) (.*)$", line)
            if mt:
                mods.append((os.path.join(root, mt.group(1).lstrip("/")),
                             mt.group(2)))
    return mods


def meta_script(inner, want_reason):
    """Runs another case and passes only if the harness judged it failed for
    the expected reason: proof that the harness can fail."""
    def script(m, case):
        inner.name = case.name + ".inner"
        result = run_case(inner, case.ctx)
        if result.ok:
            raise CaseFailure("harness passed a case that must fail: " + inner.name)
        if not re.search(want_reason, result.reason):
            raise CaseFailure("failed for the wrong reason: " + result.reason)
    return script


def meta_case(name, inner, want_reason):
    return Case("harness." + name, meta_script(inner, want_reason),
                boot=None, timeout=inner.timeout + 30)


def _no_grub_error(script):
    """script, then: GRUB printed no "error:" line while booting."""
    def run(m, case):
        script(m, case)
        bad = [line for line in m.lines if "error:" in line]
        if bad:
            raise CaseFailure("GRUB said %r" % bad)
    return run


def all_cases(ctx):
    mod_a = ("servers/init/boot.cfg", "boot.cfg role=config")
    mod_b = (os.path.join(ctx.build, "kernel.map"), "kernel.map")
    cases = [ktest_case(n) for n in KTESTS]
    # This self-test traps on purpose and shows the report of a caught
    # exception; its script still demands "ok" and a clean exit.
    next(c for c in cases if c.name == "ktest.breakpoint").allow_fault = True
    cases += [
        fault_case("page", "14 (#PF page fault) error=0x00000002 [write, not-present, kernel mode]",
                   "fault_level2",
                   ["fault_level2", "fault_level1", "ktest_fault_page", "run_case"],
                   [r"^  cr0=%s cr2=0x0bad0000 cr3=%s cr4=%s$" % (HEX, HEX, HEX),
                    r"^  faulting address: 0x0bad0000$"]),
        fault_case("divide", "0 (#DE divide error) error=0x00000000", "divide",
                   ["divide", "ktest_fault_divide", "run_case"]),
        fault_case("kernel_stack", "8 (#DF double fault)", "ktest_fault_kernel_stack",
                   ["ktest_fault_kernel_stack", "run_case"],
                   [r"^  cr2=0x0bacfffc"]),
        Case("boot.iso", _no_grub_error(boot_info_script(iso_modules(ctx),
                                                         128, "node=auto")),
             boot="iso", timeout=60),
        Case("boot.modules_cmdline_64m",
             boot_info_script([mod_a, mod_b], 64, "alpha beta=2"),
             cmdline="alpha beta=2",
             modules=["%s %s" % (p, n) for p, n in (mod_a, mod_b)], memory_mib=64),
        Case("boot.memory_256m", boot_info_script([], 256, ""), memory_mib=256),
        # 12 AM and the 20th century; 12 PM (ktest rtc: kernel/ktest/test_rtc.c).
        rtc_case("midnight_1999", "1999-12-31T00:30:00"),
        rtc_case("noon", "2024-03-09T12:30:00"),
        Case("ktest.unknown_name_fails", _unknown_ktest_script,
             cmdline="ktest=no_such_test panic=exit"),
        meta_case("detects_panic", Case("inner.panic", ktest_script("fault_page"),
                                        cmdline="ktest=fault_page panic=exit"),
                  r"^kernel fault: exception 14"),
        meta_case("detects_timeout", Case("inner.hang", ktest_script("hang"),
                                          cmdline="ktest=hang", timeout=4),
                  r"^timeout"),
        meta_case("detects_failed_selftest",
                  Case("inner.fail", ktest_script("must_fail"),
                       cmdline="ktest=must_fail panic=exit"),
                  r"^self-test says FAIL$"),
    ]
    cases += process_cases()
    cases += extra_cases(ctx)
    for c in cases:
        c.ctx = ctx
        if hasattr(c, "modules_for"):
            c.modules = c.modules_for(ctx)
    return cases


INIT_OK = debug_exit_status(0)     # init ended with status 0
INIT_FAILED = debug_exit_status(1)  # init ended with another status


def proc_case(name, cfg, programs, script, timeout=60, initrd=False):
    """Boots with init, the given user programs and tests/configs/CFG (and
    build/initrd.img with initrd, for the file server); init runs the
    configuration (see user/init)."""
    def modules(ctx):
        return [os.path.join(ctx.build, "user", p) for p in ["init"] + programs] + \
            [os.path.join("tests", "configs", cfg)] + \
            ([os.path.join(ctx.build, "initrd.img")] if initrd else [])
    c = Case("proc." + name, script, cmdline="initcfg=%s panic=exit" % cfg,
             timeout=timeout)
    c.modules_for = modules
    return c


def _hello_script(m, case):
    _, mt = expect(m, case, r"^hello from pid (\d+), argv: hello alpha beta gamma$")
    expect(m, case, r"^init: hello exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _libctest_script(m, case):
    _, mt = expect(m, case, r"^libctest: (\d+) passed, (\d+) failed$")
    if int(mt.group(2)) != 0 or int(mt.group(1)) < 5:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^init: libctest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _preempt_script(m, case):
    """Both spins run over the same 60 ticks: each one's run must overlap the
    other's (without preemption the second would start after the first)."""
    runs = {}
    for name in ("A", "B"):
        _, mt = expect(m, case, r"^spin %s: done count=(\d+) start=(\d+) end=(\d+)$"
                       % name)
        runs[name] = (int(mt.group(2)), int(mt.group(3)))
    (a0, a1), (b0, b1) = runs["A"], runs["B"]
    if not (a0 < b1 and b0 < a1):
        raise CaseFailure("A ran %d-%d, B ran %d-%d: no overlap" % (a0, a1, b0, b1))


def _sleep_script(m, case):
    _, mt = expect(m, case, r"^sleeper: slept (\d+) ticks \(asked 30\)$")
    if not 30 <= int(mt.group(1)) <= 32:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^init: sleeper exited with status 0$")
    expect_exit(m, case, INIT_OK)


FAULT_KINDS = [("null", "exception 14 "), ("priv", "exception 13 "),
               ("inb", "exception 13 "), ("divide", "exception 0 "),
               ("stack", "stack overflow at "), ("kernel", "exception 14 "),
               ("text", "exception 14 ")]


def _faults_script(m, case):
    i = 0
    for kind, report in FAULT_KINDS:
        i, _ = expect(m, case, r"^faulter: doing %s$" % kind, i)
        i, _ = expect(m, case, r"^proc faulter \(pid \d+\): killed: %s"
                      % report, i)
        i, _ = expect(m, case, r"^init: faulter exited with status 139$", i)
    expect(m, case, r"^hello from pid \d+, argv: hello still alive$", i)
    expect(m, case, r"^init: hello exited with status 0$", i)
    expect_exit(m, case, INIT_FAILED)  # the faulters' statuses were not 0
    if "did not fault" in m.output:
        raise CaseFailure("a fault was not caught")


ENTRY_KILLED = [("tf", r"exception 1 \(#DB debug\)"),
                ("int80_tf", r"exception 1 \(#DB debug\)"),
                ("ebp_resident", r"sysenter with a stack outside"),
                ("ebp_kernel", r"sysenter with a stack outside"),
                ("ebp_wrap", r"sysenter with a stack outside")]


def _entry_script(m, case):
    """user/entrytest: a call made with TF set is served, then the single
    step kills the process; NT, AC and DF are cleared inside the kernel and
    come back to the process; a stack outside the process ends it. The kernel
    never panics and hello runs after them. The last three run in ring 1."""
    i = 0
    for kind in ("tf", "int80_tf", "nt", "acdf", "ebp_resident",
                 "ebp_kernel", "ebp_wrap", "tf", "nt", "ebp_resident"):
        i, _ = expect(m, case, r"^entrytest: doing %s$" % kind, i)
        if kind in ("nt", "acdf"):
            i, _ = expect(m, case, r"^entrytest: %s: yield 0 flags \S+, sleep 0 "
                          r"flags \S+, write \d+ flags \S+: ok$" % kind, i)
            i, _ = expect(m, case, r"^init: entrytest exited with status 0$", i)
            continue
        if kind.endswith("tf"):
            i, _ = expect(m, case, r"^entrytest: call with TF served$", i)
        why = dict(ENTRY_KILLED)[kind]
        i, _ = expect(m, case, r"^proc entrytest \(pid \d+\): killed: %s" % why, i)
        i, _ = expect(m, case, r"^init: entrytest exited with status 139$", i)
    expect(m, case, r"^hello from pid \d+, argv: hello still alive$", i)
    expect_exit(m, case, INIT_FAILED)  # the killed ones' statuses were not 0
    if "survived" in m.output:
        raise CaseFailure("a hostile sysenter was not stopped")


def _fuzz_script(m, case):
    expect(m, case, r"^fuzz: 1000 calls done$")
    expect(m, case, r"^init: fuzz exited with status 0$")
    expect(m, case, r"^hello from pid \d+, argv: hello after fuzz$")
    expect_exit(m, case, INIT_OK)


def _policy_script(m, case):
    _, mt = expect(m, case, r"^policy: A ticks=(\d+) B ticks=(\d+)$")
    a, b = int(mt.group(1)), int(mt.group(2))
    if not (b > 0 and a >= 2 * b):
        raise CaseFailure("A (4x quantum) got %d ticks, B %d" % (a, b))
    expect(m, case, r"^policy: set init to 3/2: ok$")
    expect(m, case, r"^policy: holder pid \d+ ended; default policy restored$")
    expect(m, case, r"^init: policy exited with status 0$")
    expect(m, case, r"^\s+1\s+0\s+.*\s16/5\s+\S\s+init$")
    expect_exit(m, case, INIT_OK)


# The network options of proc.systest's command line (user/systest reads
# the line back): the last ip= is bad (prefix 33), so is gw= (junk).
SYSTEST_NETOPTS = "ip=10.0.0.1/24 ip=10.0.0.1/33 gw=10.0.0.254x"


def _systest_script(m, case):
    # The kernel knows ip= and gw= and names a bad value (the last word of
    # a key counts).
    expect(m, case, r"^boot: ip=10\.0\.0\.1/33 ignored: ip= takes "
           r"A\.B\.C\.D/PREFIX \(a unicast host address, prefix 1-32, "
           r"default 24\) or dhcp; net then derives the address from the "
           r"MAC$")
    expect(m, case, r"^boot: gw=10\.0\.0\.254x ignored: gw= takes A\.B\.C\.D")
    if any("unknown kernel option" in line for line in m.lines):
        raise CaseFailure("ip= or gw= reported as unknown")
    _, mt = expect(m, case, r"^systest: (\d+) passed, (\d+) failed$")
    if int(mt.group(2)) != 0 or int(mt.group(1)) < 30:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^init: systest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def systest_case():
    c = proc_case("systest", "systest.cfg", ["systest"], _systest_script)
    c.cmdline += " " + SYSTEST_NETOPTS
    return c


def _memcheck_script(m, case):
    _, mt = expect(m, case, r"^memcheck: 20 runs of hello: frames free or kernel heap "
                   r"(\d+) -> (\d+), kernel heap (\d+) -> (\d+) bytes$")
    if mt.group(1) != mt.group(2) or mt.group(3) != mt.group(4):
        raise CaseFailure("leak: " + mt.group(0))
    if len(re.findall(r"(?m)^hello from pid", m.output)) != 21:
        raise CaseFailure("hello did not run 1 + 20 times")
    expect(m, case, r"^init: memcheck exited with status 0$")
    expect_exit(m, case, INIT_OK)


IPCBENCH_KEYS = ["syscall.int80", "syscall.sysenter"] + [
    "ipc.%s%s" % (k, s) for k in ("thread", "group", "resident", "cross")
    for s in ("", ".1k")]


def _ipcbench_script(m, case):
    """A smoke test: every figure is printed in the machine-readable form;
    no timing is asserted."""
    for key in IPCBENCH_KEYS:
        expect(m, case, r"^%s: \d+ \d+ \d+$" % re.escape(key))
    expect(m, case, r"^init: ipcbench exited with status 0$")
    expect_exit(m, case, INIT_OK)


IPCTEST_CHECKS = 15  # the result lines user/ipctest prints


def expect_results(m, case, program, least):
    """A test program's result lines: no "PROGRAM NAME: FAIL" line, its
    summary with at least least passed and none failed, its exit 0 seen by
    init, and init's clean end."""
    _, mt = expect(m, case, r"^%s: (\d+) passed, (\d+) failed$" % program)
    fails = re.findall(r"(?m)^%s \S+: FAIL.*$" % program, m.output)
    if fails:
        raise CaseFailure(fails[0])
    if int(mt.group(2)) != 0 or int(mt.group(1)) < least:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^init: %s exited with status 0$" % program)
    expect_exit(m, case, INIT_OK)


def _ipctest_script(m, case):
    _, mt = expect(m, case, r"^ipctest: (\d+) passed, (\d+) failed$")
    fails = re.findall(r"(?m)^ipctest \S+: FAIL.*$", m.output)
    if fails:
        raise CaseFailure(fails[0])
    if int(mt.group(2)) != 0 or int(mt.group(1)) < IPCTEST_CHECKS:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^init: ipctest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _irqtest_script(m, case):
    expect_results(m, case, "irqtest", 35)


def irqtest_case():
    """irqtest on a 1 GiB machine with QEMU's std VGA: its BARs lie above
    the kernel's 512 MiB direct map, and so does RAM the kernel does not
    use (user/irqtest/devmem.c)."""
    c = proc_case("irqtest", "irqtest.cfg", ["irqtest"], _irqtest_script)
    c.memory_mib = 1024
    c.extra_args = ("-device", "VGA")
    return c


def _placement_script(m, case):
    """ps shows spin B in spin A's address space and spin C resident; the
    resident spin (ring 1) runs newlib code and system calls like the rest."""
    rows = {}
    row = (r"^\s*(\d+)\s+\d+\s+\w+\s+(own|group|resident)\s+(\d+)\s+\d+\s+\d+"
           r"\s+\d+\s+\d+\s+\d+\s+\d+/\d+\s+[n-]\s+(\S+)$")
    expect(m, case, r"^\s+PID\s+PPID")
    for _ in range(5):  # init, spin A, spin B, spin C, ps
        _, mt = expect(m, case, row, len(rows) and m.lines.index(last) + 1)
        last = mt.string
        rows[int(mt.group(1))] = (mt.group(2), int(mt.group(3)), mt.group(4))
    spins = sorted((pid, r) for pid, r in rows.items() if r[2] == "spin")
    if len(spins) != 3:
        raise CaseFailure("ps shows %r" % rows)
    (a, ra), (b, rb), (c, rc) = spins
    if ra[0] != "own" or rb != ("group", a, "spin") or rc[0] != "resident":
        raise CaseFailure("placements: A %r B %r C %r" % (ra, rb, rc))
    for name in ("A", "B", "C"):
        expect(m, case, r"^spin %s: done count=\d+ start=\d+ end=\d+$" % name)


def process_cases():
    return [
        proc_case("hello", "hello.cfg", ["hello"], _hello_script),
        proc_case("libctest", "libctest.cfg", ["libctest"], _libctest_script,
                  timeout=120),
        proc_case("preempt", "preempt.cfg", ["spin"], _preempt_script),
        proc_case("sleep", "sleep.cfg", ["sleeper"], _sleep_script),
        proc_case("user_faults", "faults.cfg", ["faulter", "hello"], _faults_script),
        proc_case("sysenter_entry", "entry.cfg",
                  ["entrytest", "sleeper", "hello"], _entry_script),
        proc_case("fuzz_syscalls", "fuzz.cfg", ["fuzz", "hello"], _fuzz_script,
                  timeout=120),
        proc_case("policy", "policy.cfg", ["policy", "spin", "ps"], _policy_script),
        systest_case(),
        proc_case("no_leak", "memcheck.cfg", ["memcheck", "hello"], _memcheck_script),
        proc_case("ipctest", "ipctest.cfg", ["ipctest"], _ipctest_script,
                  timeout=120),
        proc_case("placement", "placement.cfg", ["spin", "ps"], _placement_script),
        irqtest_case(),
        proc_case("ipcbench_smoke", "ipcbench.cfg", ["ipcbench"], _ipcbench_script,
                  timeout=120),
    ]


def extra_cases(ctx):
    """Cases of the other tests/cases_*.py files: each defines cases(ctx)
    returning a list (one file per subsystem, so they grow apart)."""
    import glob
    import importlib
    found = []
    here = os.path.dirname(os.path.abspath(__file__))
    for path in sorted(glob.glob(os.path.join(here, "cases_*.py"))):
        module = importlib.import_module(os.path.basename(path)[:-3])
        found += module.cases(ctx)
    return found


def _unknown_ktest_script(m, case):
    expect(m, case, r"^ktest no_such_test: FAIL \(no such test\)$")
    expect(m, case, r"^ktest: 0 passed, 1 failed$")
    expect_exit(m, case, KTEST_FAILED)
