"""Remote files (the paper's section 4.1): another node's file server read
through "NODE:/path", built only of the file, name and protocol servers
(libipc/fs.c and fs_remote.c look up "fs@NODE"; lavender/fs.h "Other
nodes"). Two nodes as in tests/cases_net.py: alpha the case's machine,
beta a second QEMU.

- ripc_files.read: a file made on beta at run time (/tmp/note, words no
  initrd holds) is read on alpha by cat, newlib and libipc (rfiletest
  remote: offsets, stat, listings, ids per server, the bounded cache of
  servers, every change refused), and alpha has no such file itself;
  cat beta:/etc/motd and beta:/etc/hosts, ls beta:/tmp and beta:/bin as
  beta lists them; /bin/sh (> 100 KB) read from beta has beta's CRC-32;
  a program run from beta:/bin, and one the shell cannot run by a remote
  path (unknown node, no such file, a directory) refused with the remote
  meaning; a remote write refused with the message;
  a missing remote file, an unknown node.
- ripc_files.fs_restart: beta's file server is killed and init starts a
  new one: alpha's shell finds its right dead, looks fs@beta up again and
  reads from the new server (beta's /tmp/note went with the old one).
- ripc_files.node_down: beta ends; the shell's cached right, a new
  process's lookup and a program run from beta:/bin all end in "the node
  did not answer"."""

import os
import re

from cases_net import Nodes, _nic, _pid, net_case
from harness import CaseFailure, expect

ROFS = "read-only file system: remote callers may only read"
UNKNOWN = "no such node: not an address, and not a name in /etc/hosts"
NOT_THERE = "no such file there, or the node exports no file server"
DOWN = ("the node did not answer within 12.6 s (10 tries): is it up, and "
        "is the link?")
CRC = r"^([0-9a-f]{8}) (\d+) %s$"
NAMES = ["beta", "10.0.0.2", "beta-too", "alpha", "10.0.0.1", "alpha-too"]


def _rootfs(name):
    with open(os.path.join("rootfs", "etc", name)) as f:
        return f.read().splitlines()


def _quiet(lines):
    """lines without net's own (a DHCP notice may land among them)."""
    return [l for l in lines if not l.startswith("net: ")]


def _same(what, got, want):
    got, want = _quiet(got), _quiet(want)
    if got != want:
        raise CaseFailure("%s printed %r, want %r" % (what, got, want))


def _crc(sh, path):
    """crc32 PATH on sh's node: ["CRC SIZE"]."""
    mt = sh.run_expect("crc32 " + path, CRC % re.escape(path))
    return ["%s %s" % (mt.group(1), mt.group(2))]


def _refused_run(sh, path, why, status):
    """The shell refuses to run path with why and exit status status."""
    _same(path, sh.run(path + " x"), ["sh: %s: %s" % (path, why)])
    sh.run_expect("echo $?", r"^%d$" % status)


def _read_script(m, case):
    token = os.urandom(6).hex()
    words = "from beta " + token
    with Nodes(m, case) as (a, b):
        b.run_expect("/test/rfiletest put /tmp/note " + words,
                     r"^rfiletest: wrote %d bytes to /tmp/note$"
                     % (len(words) + 1))
        out = _quiet(a.run("cat /tmp/note"))
        if len(out) != 1 or not out[0].startswith("cat: /tmp/note: "):
            raise CaseFailure("alpha has a /tmp/note of its own: %r" % out)
        _same("cat beta:/tmp/note", a.run("cat beta:/tmp/note"), [words])
        _same("cat beta:/etc/motd", a.run("cat beta:/etc/motd"),
              _rootfs("motd"))
        _same("cat beta:/etc/hosts", a.run("cat beta:/etc/hosts"),
              _rootfs("hosts"))
        _same("ls beta:/tmp", a.run("ls beta:/tmp"),
              ["%8u  note" % (len(words) + 1)])
        _same("ls beta:/bin", a.run("ls beta:/bin"), b.run("ls /bin"))
        a.run_expect("/test/rfiletest remote beta /tmp/note " + words,
                     r"^rfiletest: 10 passed, 0 failed$")
        a.run_expect("echo $?", r"^0$")
        # six names of the two nodes, four rights kept
        a.run_expect("/test/rfiletest cache /etc/motd " + " ".join(NAMES),
                     r"^rfiletest: 1 passed, 0 failed$")
        # a big file, in many reads: beta's bytes
        there = _crc(b, "/bin/sh")
        if int(there[0].split()[1]) <= 100 * 1024:
            raise CaseFailure("/bin/sh is %s: not > 100 KB" % there)
        _same("crc32 beta:/bin/sh", _crc(a, "beta:/bin/sh"), there)
        a.run_expect("beta:/bin/hello from beta",
                     r"^hello from pid \d+, argv: beta:/bin/hello from beta$")
        # refusals and errors, each with its message
        _same("rfiletest put beta:/tmp/x", a.run("/test/rfiletest put beta:/tmp/x "
                                                 "hi"),
              ["rfiletest: beta:/tmp/x: " + ROFS])
        a.run_expect("echo $?", r"^1$")
        _same("ls beta:/tmp after the refused write", a.run("ls beta:/tmp"),
              ["%8u  note" % (len(words) + 1)])
        _same("cat gamma:/etc/motd", a.run("cat gamma:/etc/motd"),
              ["cat: gamma:/etc/motd: " + UNKNOWN])
        _same("ls gamma:/", a.run("ls gamma:/"),
              ["ls: gamma:/: " + UNKNOWN])
        _same("cat beta:/no/such", a.run("cat beta:/no/such"),
              ["cat: beta:/no/such: " + NOT_THERE])
        _same("crc32 beta:/etc", a.run("crc32 beta:/etc"),
              ["crc32: beta:/etc: Is a directory"])
        # a program run by a remote path: the node's errors, not "not found"
        _refused_run(a, "gamma:/bin/hello", UNKNOWN, 126)
        _refused_run(a, "beta:/bin/nosuch", NOT_THERE, 127)
        _refused_run(a, "beta:/bin", "is a directory", 126)


def _fs_restart_script(m, case):
    with Nodes(m, case) as (a, b):
        b.run_expect("/test/rfiletest put /tmp/note old server",
                     r"^rfiletest: wrote 11 bytes to /tmp/note$")
        _same("cat beta:/tmp/note", a.run("cat beta:/tmp/note"),
              ["old server"])
        fs = _pid(b, "fs")
        start = len(b.m.lines)
        b.run("kill %d" % fs)
        expect(b.m, case, r'fs: serving as "fs"$', start)
        if _pid(b, "fs") == fs:
            raise CaseFailure("beta's fs was not restarted")
        # the shell's right to the old server is dead: looked up again
        _same("cat beta:/etc/motd", a.run("cat beta:/etc/motd"),
              _rootfs("motd"))
        _same("cat beta:/tmp/note", a.run("cat beta:/tmp/note"),
              ["cat: beta:/tmp/note: " + NOT_THERE])


def _node_down_script(m, case):
    with Nodes(m, case) as (a, b):
        _same("cat beta:/etc/motd", a.run("cat beta:/etc/motd"),
              _rootfs("motd"))
        b.m.kill()
        # the shell keeps beta's right: the call itself times out
        _same("cat beta:/etc/motd", a.run("cat beta:/etc/motd"),
              ["cat: beta:/etc/motd: " + DOWN])
        # a new process looks fs@beta up: the lookup times out
        _same("crc32 beta:/etc/motd", a.run("crc32 beta:/etc/motd"),
              ["crc32: beta:/etc/motd: " + DOWN])
        a.run_expect("echo $?", r"^1$")
        _refused_run(a, "beta:/bin/hello", DOWN, 126)
        # the local files are as they were
        _same("cat /etc/motd", a.run("cat /etc/motd"), _rootfs("motd"))


def cases(ctx):
    del ctx
    found = [net_case(name, script, timeout, suite="ripc_files")
             for name, script, timeout in (
                 ("read", _read_script, 120),
                 ("fs_restart", _fs_restart_script, 120),
                 ("node_down", _node_down_script, 150))]
    for c in found:
        c.extra_args = _nic(c, "alpha")
    return found
