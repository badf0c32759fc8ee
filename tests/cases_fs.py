"""QEMU cases of the file server (servers/fs) and the initrd
(tools/mkinitrd.py): user/fstest's checks against a running file server
that loaded build/initrd.img, plus a host-side check of mkinitrd itself."""

import os
import re
import subprocess
import sys
import tempfile

from cases import INIT_OK, CaseFailure, expect, expect_exit, proc_case
from harness import Case

FSTEST_CHECKS = 50  # at least this many result lines from user/fstest
ROOTFS = "rootfs"


def _fs_script(m, case):
    _, mt = expect(m, case, r"^fs: initrd\.img: (\d+) bytes, (\d+) entries")
    size = os.path.getsize(os.path.join(case.ctx.build, "initrd.img"))
    if int(mt.group(1)) != size:
        raise CaseFailure("fs read %s bytes of a %d-byte initrd"
                          % (mt.group(1), size))
    _, mt = expect(m, case, r"^fstest: (\d+) passed, (\d+) failed$")
    fails = re.findall(r"(?m)^fstest \S+: FAIL.*$", m.output)
    if fails:
        raise CaseFailure(fails[0])
    if int(mt.group(2)) != 0 or int(mt.group(1)) < FSTEST_CHECKS:
        raise CaseFailure(mt.group(0))
    _, mi = expect(m, case, r"^fstest info: /etc/motd (-?\d+) bytes$")
    want = os.path.getsize(os.path.join(ROOTFS, "etc", "motd"))
    if int(mi.group(1)) != want:
        raise CaseFailure("/etc/motd read as %s bytes, rootfs has %d"
                          % (mi.group(1), want))
    _, mi = expect(m, case, r"^fstest info: /test/fstest (\d+) bytes "
                   r"\(against lv_fs_read\)$")
    want = _archived_size(case.ctx.build, "/test/fstest")
    if int(mi.group(1)) != want:
        raise CaseFailure("/test/fstest read as %s bytes, the initrd holds "
                          "%d" % (mi.group(1), want))
    expect(m, case, r"^init: fstest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def _archived_size(build, path):
    """The bytes of path in build/initrd.img (its programs are stripped of
    debug sections: tools/mkinitrd.py --strip)."""
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "tools"))
    import mkinitrd
    with open(os.path.join(build, "initrd.img"), "rb") as f:
        for name, _mode, data in mkinitrd.parse(f.read()):
            if name == path:
                return len(data)
    raise CaseFailure("%s is not in the initrd" % path)


def _await_script(m, case):
    """init's await fs holds the next line until fs has registered (init's
    own line says when it saw the registration; the file server's
    "serving" line may come later, from another process)."""
    i, _ = expect(m, case, r"^init: await\.cfg:6: fs registered$")
    j, _ = expect(m, case, r"^init: starting hello ")
    if j < i:
        raise CaseFailure("hello started before init saw fs registered")
    expect(m, case, r'fs: serving as "fs"$')
    expect(m, case, r"^hello from pid \d+, argv: hello after-fs$")
    # A name that never registers: init goes on after its time.
    i, _ = expect(m, case, r"^init: await.cfg:8: nosuch not registered "
                  r"within 1 s; going on$")
    j, _ = expect(m, case, r"^hello from pid \d+, argv: hello after-timeout$")
    if j < i:
        raise CaseFailure("the line after await nosuch ran before its time")
    for line in (10, 11, 12, 13):
        expect(m, case, r"^init: await.cfg:%d: await wants a name and at "
               r"most a time in seconds \(1-600\)$" % line)
    expect(m, case, r"^hello from pid \d+, argv: hello after-bad-lines$")
    # join hello: the next line waits until both run children called
    # hello ended; a join when none runs goes on, one without names is
    # refused.
    a, _ = expect(m, case, r"^init: hello \(pid \d+\) exited with status 0$")
    b, _ = expect(m, case, r"^init: hello \(pid \d+\) exited with status 0$",
                  a + 1)
    # after both ended; init's "starting" line may come after the child's
    # own first line (two processes writing)
    expect(m, case, r"^init: starting hello \(pid \d+\)$", b)
    expect(m, case, r"^hello from pid \d+, argv: hello after-join$", b)
    expect(m, case, r"^init: await\.cfg:\d+: join wants 1-8 program names$")
    expect_exit(m, case, INIT_OK)


def await_case():
    return proc_case("init_await", "await.cfg", ["ns", "fs", "hello"],
                     _await_script, timeout=60, initrd=True)


def _ctltest_script(m, case):
    """init's control port refuses malformed requests, unlisted kinds,
    killing init, and everything from a process it did not give the right
    to (ctltest's own child, handed the right as its boot handle)."""
    i, mt = expect(m, case, r"^ctltest: (\d+) passed, (\d+) failed$")
    if int(mt.group(2)) or int(mt.group(1)) < 26:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^ctltest child: refused everything$")
    expect(m, case, r"^ctltest netchild: refused everything$")
    # module requests: no loader runs here, and a process that takes the
    # loader's name is not asked; network requests likewise (no net), and
    # the network right (-N) is ctltest's alone, passed on only by flag
    for name in ("module_no_loader", "module_squatter_not_asked",
                 "net_bad_sizes", "net_unknown_op", "net_not_running",
                 "net_squatter_not_asked", "net_right_from_init",
                 "net_right_passed_on", "net_right_gives_no_other"):
        expect(m, case, r"^ctltest %s: ok " % name)
    expect(m, case, r"^init: ctltest exited with status 0$", i)
    expect_exit(m, case, INIT_OK)


def ctltest_case():
    return proc_case("init_control", "ctltest.cfg", ["ns", "fs", "ctltest"],
                     _ctltest_script, timeout=60, initrd=True)


def _impostor_script(m, case):
    """An "fs" entry that is not init's file server: init refuses to read
    a driver image through it, and the module loader a module file."""
    expect(m, case, r'^init: the "fs" entry is not the file server init '
           r"started \(pid 0\): no driver starts$")
    expect(m, case, r"^ctltest impostor_fs_refused: ok ")
    expect(m, case, r"^ctltest impostor_fs_module_refused: ok ")
    expect(m, case, r"^init: ctltest exited with status 0$")
    expect_exit(m, case, INIT_OK)


def impostor_case():
    return proc_case("init_fs_impostor", "ctl_impostor.cfg",
                     ["ns", "protosink", "lkmd", "ctltest"], _impostor_script,
                     timeout=60)


def fs_case():
    return proc_case("fs", "fs.cfg", ["ns", "fs", "fstest", "hello"],
                     _fs_script, timeout=120, initrd=True)


def _mkinitrd_script(m, case):
    """Builds an archive from a scratch tree and lists it back; a path
    given twice and a path with .. are refused."""
    tool = os.path.join("tools", "mkinitrd.py")
    with tempfile.TemporaryDirectory() as tmp:
        root = os.path.join(tmp, "root")
        os.makedirs(os.path.join(root, "etc", "deep"))
        with open(os.path.join(root, "etc", "deep", "x"), "w") as f:
            f.write("12345")
        prog = os.path.join(tmp, "prog")
        with open(prog, "wb") as f:
            f.write(b"\x7fELF" + b"\0" * 99)
        out = os.path.join(tmp, "a.img")

        def run(*args):
            return subprocess.run([sys.executable, tool] + list(args),
                                  capture_output=True, text=True)
        p = run("-o", out, "--root", root, "--bin", prog,
                "--into", "/test", prog, "--into", "/sbin/x", prog,
                "--file", prog + "=/opt/p")
        if p.returncode:
            raise CaseFailure("mkinitrd failed: " + p.stderr)
        if os.path.getsize(out) % 4:
            raise CaseFailure("archive size not a multiple of 4")
        listing = run("--list", out).stdout.split("\n")
        want = ["d 0755        0 /", "d 0755        0 /bin",
                "f 0644      103 /bin/prog", "d 0755        0 /etc",
                "d 0755        0 /etc/deep", "f 0644        5 /etc/deep/x",
                "d 0755        0 /opt", "f 0644      103 /opt/p",
                "d 0755        0 /sbin", "d 0755        0 /sbin/x",
                "f 0644      103 /sbin/x/prog", "d 0755        0 /test",
                "f 0644      103 /test/prog", ""]
        if listing != want:
            raise CaseFailure("listing %r" % listing)
        if run("-o", out, "--bin", prog, prog).returncode == 0:
            raise CaseFailure("a path given twice was accepted")
        if run("-o", out, "--into", "/t", prog, "--into", "/t/", prog) \
                .returncode == 0:
            raise CaseFailure("a file put twice by --into was accepted")
        if run("-o", out, "--into", "test", prog).returncode == 0:
            raise CaseFailure("--into without a leading / was accepted")
        if run("-o", out, "--file", prog + "=/a/../b").returncode == 0:
            raise CaseFailure("a path with .. was accepted")


def cases(ctx):
    return [
        fs_case(),
        await_case(),
        ctltest_case(),
        impostor_case(),
        Case("fs.mkinitrd", _mkinitrd_script, boot=None, timeout=30),
    ]
