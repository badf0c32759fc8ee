"""QEMU cases of the module loader (servers/lkmd) and the shell's module
tools (issue 13): insmod, rmmod, lsmod, modinfo and modprobe typed into the
console's shell, which asks init, which forwards to lkmd (the only holder of
the module right); every bad module refused with its message and nothing
changed (lsmod, mem); dependencies loaded and removed in order; an ordinary
program and a second shell refused."""

import os
import re

from cases_sh import INIT_OK, Shell
from harness import Case, CaseFailure, expect, expect_exit

PROGRAMS = ["init", "sh", "ns", "fs", "console", "lkmd"]
ROUNDS = 20
LSMOD_HEAD = r"^Module\s+Size\s+State\s+Used by$"


def lkmd_case(name, script, timeout=90):
    def modules(ctx):
        user = os.path.join(ctx.build, "user")
        return [os.path.join(user, p) for p in PROGRAMS] + \
            [os.path.join(ctx.build, "initrd.img"),
             os.path.join("tests", "configs", "lkmd.cfg")]

    c = Case("lkmd." + name, script, timeout=timeout,
             cmdline="initcfg=lkmd.cfg node=alpha panic=exit")
    c.modules_for = modules
    c.cfg = "lkmd.cfg"
    return c


def _start(m, case):
    expect(m, case, r"^lkmd: ready: kernel ABI version 1, \d+ exported "
           r"symbols; loads for pid 1$")
    sh = Shell(m, case)
    sh.start()
    return sh


def _status(sh):
    return sh.run("echo $?")[0]


def _ok(sh, line, want=None):
    """line succeeds (status 0); its output matches want if given."""
    out = sh.run(line)
    if want and not any(re.search(want, l) for l in out):
        raise CaseFailure("%r printed %r, want /%s/" % (line, out, want))
    status = _status(sh)
    if status != "0":
        raise CaseFailure("%r exited %s: %r" % (line, status, out))
    return out


def _fails(sh, line, want, status="1"):
    """line prints a line matching want and exits with status."""
    out = sh.run(line)
    if not any(re.search(want, l) for l in out):
        raise CaseFailure("%r printed %r, want /%s/" % (line, out, want))
    got = _status(sh)
    if got != status:
        raise CaseFailure("%r exited %s, want %s: %r" % (line, got, status,
                                                        out))
    return out


def _lsmod(sh):
    """{name: (size, state, users, used_by)} of lsmod's rows."""
    out = sh.run("lsmod")
    if not out or not re.match(LSMOD_HEAD, out[0]):
        raise CaseFailure("lsmod printed %r" % out)
    rows = {}
    for line in out[1:]:
        if re.match(r"^\[\d+\] done -?\d+$", line):
            continue  # the shell reports a background job that ended
        mt = re.match(r"^(\S+)\s+(\d+)\s+(\S+)\s+(\d+)\s*(\S*)$", line)
        if not mt:
            raise CaseFailure("lsmod row %r" % line)
        rows[mt.group(1)] = (int(mt.group(2)), mt.group(3),
                             int(mt.group(4)), mt.group(5))
    return rows


def _lsmod_is(sh, want):
    rows = _lsmod(sh)
    if sorted(rows) != sorted(want):
        raise CaseFailure("lsmod lists %r, want %r" % (sorted(rows), want))
    return rows


def _mem(sh):
    """(KiB the kernel holds, kernel heap bytes) as mem prints them: frames
    in use less the user pages resident, so a process's first touch of its
    own pages (lkmd's buffers, the shell's stack) is not counted as the
    kernel's."""
    out = sh.run("mem")
    used = heap = resident = None
    for line in out:
        mt = re.match(r"^memory: \d+ KiB total, \d+ KiB free, (\d+) KiB "
                      r"used; kernel heap (\d+) bytes$", line)
        if mt:
            used, heap = int(mt.group(1)), int(mt.group(2))
        mt = re.match(r"^user: (\d+) KiB resident", line)
        if mt:
            resident = int(mt.group(1))
    if used is None or resident is None:
        raise CaseFailure("mem printed %r" % out)
    return used - resident, heap


def expect_in_order(m, case, patterns, start):
    """Each pattern matches a line after the previous one's, from start."""
    for p in patterns:
        start, _ = expect(m, case, p, start)
        start += 1


def _insmod_rmmod(m, case):
    """insmod with parameters (init's line shows them), lsmod lists the
    module, rmmod removes it (exit line); then 20 rounds with mem's figures
    back to those after the first."""
    sh = _start(m, case)
    _lsmod_is(sh, [])
    n = sh.type("insmod /lib/modules/hello.ko greeting=hi count=3\n")
    expect(m, case, r"^hello: init: hi, count=3$", n)
    expect(m, case, r"^lkmd: loaded hello \(id \d+\) from "
           r"/lib/modules/hello\.ko$", n)
    sh.wait_prompt(n + 1)
    if _status(sh) != "0":
        raise CaseFailure("insmod failed")
    rows = _lsmod_is(sh, ["hello"])
    if rows["hello"][1] != "live" or rows["hello"][2] != 0 or \
            rows["hello"][0] % 4096:
        raise CaseFailure("lsmod row of hello: %r" % (rows["hello"],))
    n = sh.type("rmmod hello\n")
    expect(m, case, r"^hello: exit$", n)
    expect(m, case, r"^lkmd: removed hello \(id \d+\)$", n)
    sh.wait_prompt(n + 1)
    _lsmod_is(sh, [])
    # insmod and modprobe take the same paths: relative ones from the
    # root, each file in one spelling (lkmd's log); rmmod a file's name
    for tool, path in (("insmod", "lib/modules/hello.ko"),
                       ("insmod", "./lib//modules/x/../hello.ko"),
                       ("modprobe", "lib/modules/hello.ko"),
                       ("modprobe", "/./lib/modules/./hello.ko")):
        n = sh.type("%s %s\n" % (tool, path))
        expect(m, case, r"^lkmd: loaded hello \(id \d+\) from "
               r"/lib/modules/hello\.ko$", n)
        sh.wait_prompt(n + 1)
        if _status(sh) != "0":
            raise CaseFailure("%s %s failed" % (tool, path))
        _ok(sh, "rmmod /lib/modules/hello.ko")
    # a module's name is modprobe's: insmod says so
    _fails(sh, "insmod hello", r"^insmod: insmod takes a module file "
           r"\(/lib/modules/hello\.ko\); modprobe hello loads one by its "
           r"name$")
    first = _mem(sh)
    for i in range(ROUNDS):
        n = sh.type("insmod /lib/modules/hello.ko count=%d\n" % (100 + i))
        expect(m, case, r"^hello: init: hello, count=%d$" % (100 + i), n)
        sh.wait_prompt(n + 1)
        _ok(sh, "rmmod hello")
    _lsmod_is(sh, [])
    after = _mem(sh)
    if after != first:
        raise CaseFailure("after %d rounds mem (kernel KiB, heap) %r, first "
                          "%r" % (ROUNDS, after, first))
    _exit(sh)


def _exit(sh):
    sh.m.send("exit\n")
    expect(sh.m, sh.case, r"^init: sh exited with status 0$")
    expect_exit(sh.m, sh.case, INIT_OK)


BAD = [
    ("/test/modules/badsym.ko",
     r"/test/modules/badsym\.ko: unknown symbol no_such_export$"),
    ("/test/modules/badreloc.ko",
     r"/test/modules/badreloc\.ko: relocation type 9 \(R_386_GOTOFF\) not "
     r"supported in \.data at 0x0: only R_386_32 and R_386_PC32"),
    ("/test/modules/truncated.ko",
     r"/test/modules/truncated\.ko: truncated: section headers past the "
     r"end$"),
    ("/test/modules/badsecidx.ko",
     r"/test/modules/badsecidx\.ko: symbol \S+: section index \d+ out of "
     r"range$"),
    ("/test/modules/badsymidx.ko",
     r"/test/modules/badsymidx\.ko: .*symbol index \d+ out of range"),
    ("/test/modules/badabi.ko",
     r"/test/modules/badabi\.ko: module badabi was built for kernel ABI "
     r"version 99, this kernel has version 1: rebuild it$"),
    ("/test/modules/failinit.ko",
     r"/test/modules/failinit\.ko: init of failinit failed: no such device "
     r"\(-19\)$"),
    ("/nosuch.ko", r"/nosuch\.ko: no such file$"),
    ("/lib/modules/hello.ko nosuch=1",
     r"/lib/modules/hello\.ko: module hello has no parameter \"nosuch\""),
    ("/lib/modules/hello.ko count=12x", r"/lib/modules/hello\.ko: .*count"),
    ("/lib/modules/baseuser.ko",
     r"/lib/modules/baseuser\.ko: needs module base, which is not loaded "
     r"\(modprobe baseuser loads it first\)$"),
    # outside /lib/modules the probe that works names the file
    ("/test/modules/cyclea.ko",
     r"/test/modules/cyclea\.ko: needs module cycleb, which is not loaded "
     r"\(modprobe /test/modules/cyclea\.ko loads it first\)$"),
]


def _bad_modules(m, case):
    """Each bad module is refused with its message naming the file and the
    cause, and the kernel is as it was: lsmod and mem unchanged."""
    sh = _start(m, case)
    # a warm-up load settles the loader's and the kernel's first use
    _ok(sh, "insmod /lib/modules/hello.ko")
    _ok(sh, "rmmod hello")
    first = _mem(sh)
    for args, why in BAD:
        _fails(sh, "insmod " + args,
               r"^insmod: ERROR: could not insert module " + why)
    expect(m, case, r"^module failinit: init failed: no such device; "
           r"unloaded$")
    if any("failinit: exit must not run" in l for l in m.lines):
        raise CaseFailure("the failed module's exit ran")
    # a second copy of a loaded module
    _ok(sh, "insmod /lib/modules/hello.ko")
    _fails(sh, "insmod /lib/modules/hello.ko",
           r"^insmod: ERROR: could not insert module /lib/modules/hello\.ko: "
           r"module hello is loaded already \(id \d+; rmmod removes it\)$")
    _lsmod_is(sh, ["hello"])
    _ok(sh, "rmmod hello")
    _fails(sh, "rmmod hello", r"^rmmod: ERROR: module hello is not loaded "
           r"\(lsmod lists them\)$")
    _lsmod_is(sh, [])
    after = _mem(sh)
    if after != first:
        raise CaseFailure("after the refusals mem (kernel KiB, heap) %r, "
                          "before %r" % (after, first))
    _exit(sh)


def _deps(m, case):
    """modprobe loads base before baseuser, which calls into it; rmmod of
    base, forced too, is refused naming its user; modprobe -r removes both, the user
    first; insmod of the user alone, and a dependency cycle, are refused
    with nothing loaded; then lkmd restarts (_restarted)."""
    sh = _start(m, case)
    n = sh.type("modprobe baseuser\n")
    expect_in_order(m, case, [r"^base: init$",
                              r"^baseuser: init: base_add\(2, 3\) = 5$"], n)
    sh.wait_prompt(n + 1)
    rows = _lsmod_is(sh, ["base", "baseuser"])
    if rows["base"][2:] != (1, "baseuser") or rows["baseuser"][2] != 0:
        raise CaseFailure("lsmod used-by: %r" % rows)
    _fails(sh, "rmmod base", r"^rmmod: ERROR: module base is in use by "
           r"baseuser \(remove them first\)$")
    _fails(sh, "modprobe -r base", r"^modprobe: ERROR: module base is in use "
           r"by baseuser \(remove them first\)$")
    _lsmod_is(sh, ["base", "baseuser"])
    _ok(sh, "modprobe baseuser")  # loaded already: nothing to do
    # a file's name stands for its module, as with rmmod
    n = sh.type("modprobe -r /lib/modules/baseuser.ko\n")
    expect_in_order(m, case, [r"^baseuser: exit$",
                              r"^base: exit \(1 calls\)$"], n)
    sh.wait_prompt(n + 1)
    _lsmod_is(sh, [])
    # rmmod takes the module alone; its dependency stays
    _ok(sh, "modprobe base")
    _ok(sh, "insmod /lib/modules/baseuser.ko")
    _ok(sh, "rmmod baseuser")
    _lsmod_is(sh, ["base"])
    _ok(sh, "modprobe -r base")
    # -f does not remove a module another module's code was linked
    # against (as on Linux): refused as plain rmmod is, both stay
    _ok(sh, "modprobe baseuser")
    _fails(sh, "rmmod -f base", r"^rmmod: ERROR: module base is in use by "
           r"baseuser \(remove them first\)$")
    rows = _lsmod_is(sh, ["base", "baseuser"])
    if rows["base"][1:] != ("live", 1, "baseuser"):
        raise CaseFailure("lsmod after rmmod -f base: %r" % rows)
    _ok(sh, "modprobe -r baseuser")
    _fails(sh, "modprobe /test/modules/cyclea.ko",
           r"^modprobe: ERROR: could not insert module "
           r"/test/modules/cyclea\.ko: dependency cycle: cyclea -> cycleb -> "
           r"cyclea$")
    _fails(sh, "modprobe nosuch", r"^modprobe: ERROR: could not insert "
           r"module /lib/modules/nosuch\.ko: no such file$")
    # a dependency that fails: what the probe loaded goes again
    _fails(sh, "modprobe baseuser nosuch=1", r"baseuser\.ko: module baseuser "
           r"has no parameter \"nosuch\"")
    _lsmod_is(sh, [])
    n = sh.type("modprobe hello count=5\n")
    expect(m, case, r"^hello: init: hello, count=5$", n)
    sh.wait_prompt(n + 1)
    _ok(sh, "rmmod hello")
    _restarted(m, case, sh)
    _exit(sh)


def _restarted(m, case, sh):
    """lkmd ended and restarted by init: the modules stay in the kernel and
    lsmod lists them; the dependencies the kernel kept (module_install's
    ids) tell the new lkmd that baseuser uses base: lsmod's used-by, rmmod
    base refused naming it. The new lkmd knows no symbols of base, so a
    module needing it is refused saying so; rmmod removes by the kernel's
    table."""
    _ok(sh, "modprobe baseuser")
    pid = next(int(l.split()[0]) for l in sh.run("ps")
               if l.split() and l.split()[-1] == "lkmd")
    n = sh.type("kill %d\n" % pid)
    # the new one's line may come after the prompt, on its line
    expect(m, case, r"lkmd: ready: ", n)
    sh.run("")
    rows = _lsmod_is(sh, ["base", "baseuser"])
    if rows["base"][2:] != (1, "baseuser"):
        raise CaseFailure("lsmod used-by after lkmd's restart: %r" % rows)
    _fails(sh, "rmmod base", r"^rmmod: ERROR: module base is in use by "
           r"baseuser \(remove them first\)$")
    _fails(sh, "rmmod -f base", r"^rmmod: ERROR: module base is in use by "
           r"baseuser \(remove them first\)$")
    _ok(sh, "rmmod baseuser")
    _lsmod_is(sh, ["base"])
    _fails(sh, "insmod /lib/modules/baseuser.ko",
           r"baseuser\.ko: needs module base, which this lkmd did not load "
           r"\(its symbols are unknown: rmmod it and load it again\)$")
    n = sh.type("rmmod base\n")
    expect(m, case, r"^base: exit \(1 calls\)$", n)  # baseuser's
    sh.wait_prompt(n + 1)
    _lsmod_is(sh, [])
    _ok(sh, "modprobe baseuser")
    _ok(sh, "modprobe -r baseuser")


def _no_privilege(m, case):
    """An ordinary program asking lkmd directly to load or unload gets
    -ERR_PERM and nothing changes (lkmdtest); a second shell cannot insmod,
    rmmod or modprobe, but may lsmod and modinfo."""
    sh = _start(m, case)
    _ok(sh, "insmod /lib/modules/hello.ko")
    out = sh.run("/test/lkmdtest")
    if not any(re.match(r"^lkmdtest: 7 passed, 0 failed$", l) for l in out):
        raise CaseFailure("lkmdtest printed %r" % out)
    if _status(sh) != "0":
        raise CaseFailure("lkmdtest failed")
    sh.run("sh")
    refused = r"not permitted: this shell has no right to init's control " \
        r"port \(init gives it to the console's shell only\)$"
    _fails(sh, "insmod /lib/modules/base.ko", r"^insmod: " + refused)
    _fails(sh, "rmmod hello", r"^rmmod: " + refused)
    _fails(sh, "modprobe -r hello", r"^modprobe: " + refused)
    _fails(sh, "modprobe baseuser", r"^modprobe: " + refused)
    _lsmod_is(sh, ["hello"])
    _ok(sh, "modinfo hello", r"^name:\s+hello$")
    sh.run("exit")
    _lsmod_is(sh, ["hello"])
    _ok(sh, "rmmod hello")
    _exit(sh)


def _modinfo(m, case):
    """modinfo of a name and of files: every field of the info record and
    the parameters with their types; a bad file's message; and the tools'
    usage errors (status 2) and --help."""
    sh = _start(m, case)
    out = _ok(sh, "modinfo hello")
    want = [r"^filename:\s+/lib/modules/hello\.ko$", r"^name:\s+hello$",
            r"^version:\s+1\.0$",
            r"^description:\s+prints a line at init and at exit$",
            r"^abi:\s+1 \(this kernel: 1\)$", r"^depends:\s*$",
            r"^size:\s+\d+$"]
    for i, pattern in enumerate(want):
        if i >= len(out) or not re.match(pattern, out[i]):
            raise CaseFailure("modinfo hello printed %r, want /%s/ as line "
                              "%d" % (out, pattern, i + 1))
    parms = out[len(want):]  # in the order the source declares them
    if len(parms) != 2 or \
            not re.match(r"^parm:\s+count:a number init prints \(int\)$",
                         parms[0]) or \
            not re.match(r"^parm:\s+greeting:what init says \(string, at "
                         r"most 31 bytes\)$", parms[1]):
        raise CaseFailure("modinfo hello's parameters: %r" % parms)
    _ok(sh, "modinfo /lib/modules/baseuser.ko", r"^depends:\s+base$")
    # the driver's defaults, as the user-mode driver's usage states them
    out = _ok(sh, "modinfo ne2k", r"^parm:\s+io:I/O base: .*\(default "
              r"0x300\) \(int\)$")
    order = [re.match(r"^parm:\s+(\w+):", l).group(1) for l in out
             if l.startswith("parm:")]
    if order != ["io", "irq", "pci", "name", "handover"]:
        raise CaseFailure("modinfo ne2k's parameters in the order %r, "
                          "want the declared io, irq, pci, name, handover"
                          % order)
    _ok(sh, "modinfo ne2k", r"^parm:\s+irq:ISA IRQ line: 3-15 \(default "
        r"9\) \(int\)$")
    _ok(sh, "modinfo lib/modules/base.ko", r"^description:\s+exports "
        r"base_add")
    _ok(sh, "modinfo /test/modules/badabi.ko",
        r"^abi:\s+99 \(this kernel: 1\)$")
    _fails(sh, "modinfo /test/modules/badsym.ko /test/modules/truncated.ko",
           r"^modinfo: ERROR: /test/modules/truncated\.ko: ")
    _fails(sh, "modinfo nosuch", r"^modinfo: ERROR: /lib/modules/nosuch\.ko: "
           r"no such file$")
    for line, said in (("insmod", r"^insmod: an argument is missing$"),
                       ("insmod -x", r"^insmod: -x: unknown option$"),
                       ("insmod /lib/modules/hello.ko count",
                        r"^insmod: count: not a parameter \(key=value\)$"),
                       ("rmmod", r"^rmmod: an argument is missing$"),
                       ("rmmod -x hello", r"^rmmod: -x: unknown option$"),
                       ("rmmod -f -x", r"^rmmod: -x: unknown option$"),
                       ("rmmod -f", r"^rmmod: a module name is missing$"),
                       ("modprobe -r", r"^modprobe: -r takes one module "
                        r"name$"),
                       ("modprobe -q hello", r"^modprobe: -q: unknown "
                        r"option$"),
                       ("lsmod -a", r"^lsmod: -a: unexpected argument"),
                       ("modinfo", r"^modinfo: an argument is missing$")):
        out = _fails(sh, line, said, status="2")
        if not out[-1].startswith("usage: " + line.split()[0]):
            raise CaseFailure("%r printed %r: no usage line" % (line, out))
    for tool in ("insmod", "rmmod", "modprobe", "lsmod", "modinfo"):
        _ok(sh, tool + " --help", r"^usage: %s\b" % tool)
    _lsmod_is(sh, [])
    _exit(sh)


def cases(ctx):
    return [
        lkmd_case("insmod_rmmod", _insmod_rmmod, timeout=120),
        lkmd_case("bad_modules", _bad_modules),
        lkmd_case("deps", _deps),
        lkmd_case("no_privilege", _no_privilege),
        lkmd_case("modinfo", _modinfo),
    ]
