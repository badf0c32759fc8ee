"""QEMU cases of the programs in the initrd as a user meets them through the
shell (issue 12): /bin holds only the programs a user runs and each answers
--help with its usage and exit status 0, refusing a bad argument with status
2 and a message naming it; the test and benchmark programs live in /test
(each --help says it is one) and run by path; fstest run by hand twice leaves
/etc as shipped. The program lists come from ls, so a new program without
--help fails here."""

import os
import re

from harness import CaseFailure
from cases_sh import Shell, _exit_shell, sh_case

LS_FILE = re.compile(r"^\s*\d+  (\S+)$")
# The programs the issue found misbehaving in /bin: tests, now in /test.
KNOWN_TESTS = {"nstest", "ipctest", "irqtest", "contest", "fstest", "policy",
               "memcheck", "ipcbench"}


def _ls(sh, path):
    """The file names ls PATH lists."""
    out = sh.run("ls " + path)
    names = [mt.group(1) for mt in map(LS_FILE.match, out) if mt]
    if not names:
        raise CaseFailure("ls %s printed %r" % (path, out))
    return names


def _status(sh):
    return sh.run_expect("echo $?", r"^(\d+)$").group(1)


def _help_of(sh, command, name):
    """Runs COMMAND --help: a usage line naming name, status 0; returns the
    lines printed."""
    out = sh.run(command + " --help")
    if not any(re.match(r"^usage: %s\b" % re.escape(name), l) for l in out):
        raise CaseFailure("%s --help printed no usage line: %r"
                          % (command, out))
    status = _status(sh)
    if status != "0":
        raise CaseFailure("%s --help exited %s, want 0" % (command, status))
    return out


NEW_REFUSALS = [
    ("echocli", r"^echocli: NAME is missing"),
    ("echocli -n 0 echo hi", r"^echocli: COUNT: '0' is not a number"),
    ("echosrv -x", r"^echosrv: unknown option -x"),
    ("echosrv a b", r"^echosrv: .*'b'"),
    ("kvsrv a b", r"^kvsrv: .*'b'"),
    ("kvsrv -t 5 a b", r"^kvsrv: .*'b'"),
    ("kvsrv -t", r"^kvsrv: -t needs SECONDS$"),
    ("kvsrv -t 0", r"^kvsrv: SECONDS: '0' is not a number"),
    ("kvsrv -t 86401 kv", r"^kvsrv: SECONDS: '86401' is not a number"),
    ("kvsrv -x", r"^kvsrv: unknown option -x$"),
    ("kv", r"^kv: NAME is missing"),
    ("kv kv frob k", r"^kv: frob: give put, get, del, incr or count"),
    ("ripcbench echo 0", r"^ripcbench: N: '0' is not a number"),
    ("netstat -x", r"^netstat: unknown option -x"),
    ("crc32", r"^crc32: 0 arguments given, 1 wanted at least$"),
    ("/test/udpflood 10.0.0.1 7 1 2 100", r"^udpflood: SIZE: '2' is not a "),
    ("/test/udpsink 0 1 1", r"^udpsink: PORT: '0' is not a number"),
    ("/test/framertt ne2k0 0", r"^framertt: N: '0' is not a number"),
    ("/test/ripcline", r"^ripcline: 0 arguments given, 1 wanted at least$"),
    ("/test/randtest bogus", r"^randtest: unexpected argument 'bogus'"),
    ("/test/socktest bogus", r"^socktest: unknown mode bogus$"),
    ("/test/actfor bogus", r"^actfor: unknown role 'bogus'$"),
    ("/test/rfiletest bogus", r"^rfiletest: put PATH WORD\.\.\., remote NODE "),
    ("/sbin/net extra", r"^net: unexpected argument 'extra'"),
    ("/sbin/ns extra", r"^ns: unexpected argument 'extra'"),
]


def _refused(sh, command, pattern):
    """COMMAND is a usage error: a line matching pattern, the usage line,
    status 2."""
    out = sh.run(command)
    name = os.path.basename(command.split()[0])
    if not any(re.search(pattern, l) for l in out) or \
            not any(l.startswith("usage: " + name) for l in out):
        raise CaseFailure("%r printed %r, want /%s/ and the usage line"
                          % (command, out, pattern))
    status = _status(sh)
    if status != "2":
        raise CaseFailure("%r exited %s, want 2" % (command, status))


def _program_help(m, case):
    sh = Shell(m, case)
    sh.start()
    bins, tests = _ls(sh, "/bin"), _ls(sh, "/test")
    mixed = set(bins) & (set(tests) | KNOWN_TESTS)
    if mixed:
        raise CaseFailure("test programs in /bin: %r" % sorted(mixed))
    if not KNOWN_TESTS <= set(tests):
        raise CaseFailure("/test lacks %r" % sorted(KNOWN_TESTS - set(tests)))
    for name in bins:
        _help_of(sh, name, name)
    # The servers answer --help too; started by hand, init refuses to run
    # anywhere but as pid 1, and a server refuses arguments.
    sbins = _ls(sh, "/sbin")
    if sorted(sbins) != ["console", "fs", "init", "lkmd", "net", "ns"]:
        raise CaseFailure("/sbin holds %r" % sbins)
    for name in sbins:
        _help_of(sh, "/sbin/" + name, name)
    sh.run_expect("/sbin/init", r"^init: pid \d+: init runs only as the "
                  r"first process \(pid 1\)")
    _refused(sh, "/sbin/fs extra", r"^fs: ")
    # by hand the loader has no module right: it says so and ends
    sh.run_expect("/sbin/lkmd", r"^lkmd: cannot read the kernel's exports: "
                  r".*\(init starts lkmd with the module right, -m\)$")
    for name in tests:
        out = _help_of(sh, "/test/" + name, name)
        if not any("%s is a test program" % name in l for l in out):
            raise CaseFailure("/test/%s --help does not say it is a test: "
                              "%r" % (name, out))
    _refused(sh, "/bin/ps -x", r"^ps: unexpected argument '-x'")
    _refused(sh, "spin a 10x", r"^spin: TICKS: '10x' is not a number")
    _refused(sh, "spin a", r"^spin: 1 argument given, 2 wanted")
    _refused(sh, "nicsend ne2k0 5 -z", r"^nicsend: unknown option '-z'")
    _refused(sh, "/test/nstest frob", r"^nstest: frob: unknown role "
             r"\(known: ")
    _refused(sh, "/test/threadstate x", r"^threadstate: ")
    _refused(sh, "/sbin/lkmd x", r"^lkmd: ")
    # Errors that say what was wrong and the remedy.
    sh.run_expect("nicsend nosuch 3", r"^nicsend: nosuch: no such driver "
                  r"\(drv list names them\)$")
    sh.run_expect("ne2k", r"^ne2k: no right to I/O ports: a driver needs the "
                  r"nucleus right; start it with drv up ne2k")
    _refused(sh, "nicsend ne2k0 5 70000",
             r"^nicsend: SIZE: '70000' is not a number from 60 to 1514")
    _refused(sh, "nicsend ne2k0 5 type=0x10",
             r"^nicsend: type=: '0x10' is not a number from 0x600")
    _refused(sh, "nicdump ne2k0 -1", r"^nicdump: COUNT: '-1' is not a number")
    _refused(sh, "nicdump ne2k0 1 fast=1",
             r"^nicdump: unknown argument 'fast=1' \(known: -q, gaps, "
             r"slow=")
    _refused(sh, "sh script", r"^sh: unexpected argument 'script'")
    _refused(sh, "ne2k io=zzz", r"^ne2k: io=zzz")
    _refused(sh, "/test/exhaust 1 2 3", r"^exhaust: unexpected argument '3'")
    # The UDP tools refuse what is no port, count or address before they
    # look for net.
    _refused(sh, "udpecho 70000",
             r"^udpecho: PORT: '70000' is not a number from 1 to 65535")
    _refused(sh, "udpecho -c", r"^udpecho: -c wants a COUNT")
    _refused(sh, "udpecho 7 8", r"^udpecho: unexpected argument '8'")
    _refused(sh, "udpsend 10.0.0.256 7 hi",
             r"^udpsend: HOST: '10.0.0.256' is not an address A.B.C.D")
    _refused(sh, "udpsend 10.0.0.1 7",
             r"^udpsend: 2 arguments given, HOST PORT TEXT wanted")
    _refused(sh, "udpsend -w 0 10.0.0.1 7 hi",
             r"^udpsend: SECONDS: '0' is not a number from 1 to 3600")
    _refused(sh, "udpsend -b 0.0.0.0 7 hi",
             r"^udpsend: HOST: 0\.0\.0\.0 is no host's address \(give the "
             r"one to send to\)$")
    _refused(sh, "ping -W 0 10.0.0.1",
             r"^ping: -W 0: give seconds from 1 to 60$")
    _refused(sh, "ping -i 0 10.0.0.1",
             r"^ping: -i 0: give seconds from 0\.01 to 60$")
    # The networking and remote-IPC programs (issues 14 and 15), users'
    # and the suite's, refuse a bad argument by name before they do
    # anything.
    for command, pattern in NEW_REFUSALS:
        _refused(sh, command, pattern)
    _exit_shell(sh)


def _test_programs(m, case):
    """Tests are not on the user's path, run by /test/NAME, and fstest by
    hand twice passes and leaves /etc as rootfs/ has it."""
    sh = Shell(m, case)
    sh.start()
    sh.run_expect("fstest", r"^sh: fstest: not found$")
    etc = sorted(os.listdir(os.path.join("rootfs", "etc")))
    with open(os.path.join("rootfs", "etc", "hosts")) as f:
        hosts = f.read().splitlines()
    for run in (1, 2):
        sh.run_expect("/test/fstest", r"^fstest: \d+ passed, 0 failed$")
        if _status(sh) != "0":
            raise CaseFailure("/test/fstest run %d failed" % run)
        if sorted(_ls(sh, "/etc")) != etc:
            raise CaseFailure("/etc after fstest run %d: %r"
                              % (run, _ls(sh, "/etc")))
        if sh.run("cat /etc/hosts") != hosts:
            raise CaseFailure("/etc/hosts changed by fstest run %d" % run)
    left = sh.run("ls /tmp")
    if left:
        raise CaseFailure("fstest left %r in /tmp" % left)
    _exit_shell(sh)


def cases(ctx):
    return [
        sh_case("program_help", _program_help, timeout=240),
        sh_case("test_programs", _test_programs, timeout=120),
    ]
