"""The build's own set-up, checked without a machine: what a fresh machine's
first make depends on (libgcc's path read only when a link runs, after the
deps step installed gcc-multilib) and newlib's progress line and quiet
rebuild check (tools/build-newlib.sh, tools/newlib-progress.sh)."""

import os
import re
import subprocess
import tempfile

from harness import Case, CaseFailure

# A gcc that notes every question about libgcc's path, then is gcc.
FAKE_CC = """#!/bin/sh
case " $* " in *" -print-libgcc-file-name "*) echo "$*" >>"%s" ;; esac
exec gcc "$@"
"""


def _libgcc_at_link(m, case):
    """Parsing the Makefile (make -pq: read everything, run nothing) must not
    ask gcc for libgcc's path: on a fresh machine the answer is wrong until
    the deps step has installed gcc-multilib. The link recipes still name
    it, to be read when they run."""
    with tempfile.TemporaryDirectory() as d:
        asked = os.path.join(d, "asked")
        cc = os.path.join(d, "cc")
        with open(cc, "w") as f:
            f.write(FAKE_CC % asked)
        os.chmod(cc, 0o755)
        p = subprocess.run(["make", "-pq", "CC=" + cc, "BUILD=" + case.ctx.build],
                           capture_output=True, text=True, timeout=60)
        if p.returncode not in (0, 1):
            raise CaseFailure("make -pq: status %d: %s" % (p.returncode,
                                                           p.stderr[-300:]))
        if os.path.exists(asked):
            with open(asked) as f:
                n = len(f.readlines())
            raise CaseFailure("libgcc's path asked %d times while parsing" % n)
    for recipe in (r"\$\(LIBGCC\) --end-group",          # user programs
                   r"ksyms\.S\.o \$\(LIBGCC\)"):          # the kernel
        if not re.search(recipe, p.stdout):
            raise CaseFailure("no link recipe matches /%s/" % recipe)


def _progress(work, secs, *extra):
    return subprocess.run(["sh", "tools/newlib-progress.sh", work, str(secs)]
                          + list(extra), capture_output=True, text=True,
                          timeout=30)


def _newlib_progress(m, case):
    """The progress line follows the build's phases (configuring until the
    first object, even once make runs) and counts the objects in the build
    tree (only .o files, at any depth)."""
    line = r"^newlib: %s, %d of about \d+ objects built \(%s so far\)\n$"
    with tempfile.TemporaryDirectory() as work:
        steps = [("unpacking", [], [], 3, "0:03"),
                 ("configuring", ["configure.log"], ["obj/"], 7, "0:07"),
                 ("configuring", ["build.log"], ["obj/i686-elf/x.c"], 9,
                  "0:09"),
                 ("compiling", [],
                  ["obj/i686-elf/newlib/libc/a.o", "obj/i686-elf/b/c/d.o",
                   "obj/i686-elf/newlib/e.c", "obj/f.o.d"], 65, "1:05"),
                 ("installing", ["install.log"], [], 3600, "60:00")]
        objects = 0
        for phase, logs, files, secs, shown in steps:
            for name in logs + files:
                path = os.path.join(work, name)
                if name.endswith("/"):
                    os.makedirs(path, exist_ok=True)
                    continue
                os.makedirs(os.path.dirname(path), exist_ok=True)
                open(path, "w").close()
                objects += name.endswith(".o")
            p = _progress(work, secs)
            if p.returncode or not re.match(line % (phase, objects, shown),
                                            p.stdout):
                raise CaseFailure("%s: status %d, %r" % (phase, p.returncode,
                                                         p.stdout))
    p = subprocess.run(["sh", "tools/newlib-progress.sh"], capture_output=True,
                       text=True, timeout=30)
    if p.returncode == 0 or "usage:" not in p.stderr:
        raise CaseFailure("no arguments: status %d, %r" % (p.returncode,
                                                            p.stderr))


def _newlib_done_quiet(m, case):
    """A build whose stamp holds the script's checksum is done: the script
    prints nothing, exits 0 and touches nothing."""
    with tempfile.TemporaryDirectory() as build:
        os.makedirs(os.path.join(build, "newlib"))
        with open("tools/build-newlib.sh", "rb") as f:
            ck = subprocess.run(["cksum"], stdin=f, capture_output=True,
                                text=True).stdout.split()[0]
        with open(os.path.join(build, "newlib", ".built"), "w") as f:
            f.write(ck + "\n")
        p = subprocess.run(["sh", "tools/build-newlib.sh", build],
                           capture_output=True, text=True, timeout=30)
        left = sorted(os.listdir(build))
        if p.returncode or p.stdout or p.stderr or left != ["newlib"]:
            raise CaseFailure("status %d, %r, %r, left %s" % (
                p.returncode, p.stdout, p.stderr, left))


def cases(ctx):
    return [
        Case("build.libgcc_at_link", _libgcc_at_link, boot=None, timeout=60),
        Case("build.newlib_progress", _newlib_progress, boot=None),
        Case("build.newlib_done_quiet", _newlib_done_quiet, boot=None),
    ]
