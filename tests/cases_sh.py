"""QEMU cases of the interactive shell (user/sh): each boots init with
tests/configs/sh.cfg (the name, file and console servers, then the shell) or
sh_alone.cfg (the shell alone: boot modules, the kernel's console), types into
the console and reads what comes back.

The prompt ("alpha> ") is not followed by a newline, so it never becomes a
complete console line: Shell.wait_prompt watches Machine.partial, the
unterminated tail, under the machine's condition variable."""

import os
import re
import time

from harness import Case, CaseFailure, expect, expect_exit, time_left
from qemu import Timeout, debug_exit_status

INIT_OK = debug_exit_status(0)
PROGRAMS = ["init", "sh", "hello", "spin"]
SERVERS = ["ns", "fs", "console"]  # with sh.cfg; sh_alone.cfg has none
FULL_CFGS = ("sh.cfg", "sh_restart.cfg", "sh_respawn.cfg",
             "sh_net.cfg")  # the configurations with them
NET_CFGS = ("sh_net.cfg",)  # the protocol server too
BUILTINS = ["help", "echo", "ps", "kill", "jobs", "ls", "cat", "names",
            "ports", "mem", "uptime", "insmod", "rmmod", "modprobe", "lsmod",
            "modinfo", "halt", "exit"]
UP, DOWN = "\x1b[A", "\x1b[B"


class Shell:
    """Drives the shell of machine m within the case's deadline."""

    def __init__(self, m, case, node="alpha"):
        self.m, self.case = m, case
        self.prompt = node + "> "

    def _prompt_at(self, min_lines):
        """Index just past the output that ends with a prompt: the number of
        lines when the tail ends with the prompt, or the first line at or
        after min_lines that starts with it (a background program's output
        may follow the prompt on its line). None when there is none yet."""
        m = self.m
        if len(m.lines) >= min_lines and m.partial.endswith(self.prompt):
            return len(m.lines)
        for i in range(min_lines, len(m.lines)):
            if m.lines[i].startswith(self.prompt):
                return i
        return None

    def wait_prompt(self, min_lines=0):
        """Waits for a prompt after line min_lines; returns _prompt_at."""
        m = self.m
        deadline = time.monotonic() + time_left(self.case)
        with m.cond:
            while True:
                end = self._prompt_at(min_lines)
                if end is not None:
                    return end
                if m.exit_status is not None:
                    raise Timeout("machine ended before the prompt")
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Timeout("no prompt %r; tail %r"
                                  % (self.prompt, m.partial))
                m.cond.wait(left)

    def start(self):
        """Waits for the shell and the servers' start-up lines; Enter then
        gives a prompt on a line of its own (the first one may come before
        those lines, and they may land on it)."""
        ready = [r"init: starting sh "]
        if self.case.cfg in FULL_CFGS:
            ready += [r"ns: ready$", r"fs: serving as \"fs\"$",
                      r"console: serving COM1 "]
        for pattern in ready:
            expect(self.m, self.case, pattern)
        # The first prompt, then Enter and the prompt that answers it: a key
        # typed before the first prompt showed could be taken for answered
        # by it (boot lines may still arrive after the key).
        self.wait_prompt(0)
        with self.m.cond:
            shown = self._prompts()
        self.type("\n")
        deadline = time.monotonic() + time_left(self.case)
        with self.m.cond:
            while not (self._prompts() > shown and
                       self.m.partial.endswith(self.prompt)):
                left = deadline - time.monotonic()
                if left <= 0 or self.m.exit_status is not None:
                    raise Timeout("no prompt after Enter; tail %r"
                                  % self.m.partial)
                self.m.cond.wait(left)

    def _prompts(self):
        """How many prompts the console showed (m.cond held)."""
        m = self.m
        return sum(l.count(self.prompt) for l in m.lines) + \
            m.partial.count(self.prompt)

    def type(self, text):
        """Types text; returns the index the line it completes will have."""
        with self.m.cond:
            n = len(self.m.lines)
        self.m.send(text)
        return n

    def run(self, text, enter="\n"):
        """Types text and Enter (LF, or CR as a terminal's), waits for the
        next prompt and returns the lines printed in between (the echoed
        command line excluded)."""
        n = self.type(text + enter)
        end = self.wait_prompt(n + 1)
        with self.m.cond:
            return self.m.lines[self._echo_at(n, text, end) + 1:end]

    def _echo_at(self, n, text, end):
        """The index of the echoed command line: n, unless a background
        job's output ended the prompt's line just before the echo (the
        line then is the command alone, at n + 1). m.cond held."""
        lines = self.m.lines
        if n + 1 < end and not lines[n].endswith(text) and \
                lines[n + 1] == text:
            return n + 1
        return n

    def run_expect(self, text, pattern, enter="\n"):
        """run() whose output must have a line matching pattern; returns
        the match."""
        out = self.run(text, enter)
        for line in out:
            mt = re.search(pattern, line)
            if mt:
                return mt
        raise CaseFailure("%r printed %r, want /%s/" % (text, out, pattern))


def sh_case(name, script, cfg="sh.cfg", node="alpha", timeout=60):
    def modules(ctx):
        user = os.path.join(ctx.build, "user")
        full = cfg in FULL_CFGS
        progs = PROGRAMS + (SERVERS if full else []) + \
            (["net"] if cfg in NET_CFGS else [])
        mods = [os.path.join(user, p) for p in progs]
        if full:
            mods.append(os.path.join(ctx.build, "initrd.img"))
        return mods + [os.path.join("tests", "configs", cfg)]

    c = Case("sh." + name, script, timeout=timeout,
             cmdline="initcfg=%s node=%s panic=exit" % (cfg, node))
    c.modules_for = modules
    c.cfg = cfg
    return c


def _exit_shell(sh):
    sh.m.send("exit\n")
    expect(sh.m, sh.case, r"^init: sh exited with status 0$")
    expect_exit(sh.m, sh.case, INIT_OK)


def _run_program(m, case):
    sh = Shell(m, case)
    sh.start()
    sh.run_expect("hello a b", r"^hello from pid \d+, argv: hello a b$")
    sh.run_expect("echo $?", r"^0$")
    sh.run_expect("echo x$?y  two", r"^x0y two$")
    sh.run_expect("spin", r"^usage: spin")  # exits 2
    sh.run_expect("echo $?", r"^2$")
    _exit_shell(sh)


def _not_found(m, case):
    sh = Shell(m, case)
    sh.start()
    sh.run_expect("nosuch", r"^sh: nosuch: not found$")
    sh.run_expect("echo $?", r"^127$")
    sh.run_expect("/bin/nosuch", r"^sh: /bin/nosuch: not found$")
    sh.run_expect("cat /nosuch", r"^cat: /nosuch: ")
    sh.run_expect("echo $?", r"^1$")
    _exit_shell(sh)


def _help(m, case):
    sh = Shell(m, case)
    sh.start()
    out = sh.run("help")
    listed = [line.split()[0] for line in out if line.strip()]
    missing = [b for b in BUILTINS if b not in listed]
    if missing:
        raise CaseFailure("help does not list %r: %r" % (missing, out))
    # Every built-in answers --help with its usage, and help NAME too.
    for b in BUILTINS:
        for line in ("%s --help" % b, "help %s" % b):
            sh.run_expect(line, r"^usage: %s\b" % b)
            sh.run_expect("echo $?", r"^0$")
    sh.run_expect("help hello", r"^hello: the program /bin/hello: run "
                  r"hello --help$")
    sh.run_expect("help ipctest", r"^ipctest: the program /test/ipctest: "
                  r"run /test/ipctest --help$")
    sh.run_expect("help fs", r"^fs: the program /sbin/fs: run /sbin/fs "
                  r"--help$")
    sh.run_expect("help nosuch", r"^help: nosuch: no such built-in or "
                  r"program \(help lists the built-ins; ls /bin, /test and "
                  r"/sbin the programs\)$")
    sh.run_expect("echo $?", r"^1$")
    # A built-in refuses the arguments it does not take (status 2).
    for line, said in (("ps -x", "ps: -x: unexpected argument (it takes "
                        "none)"),
                       ("mem all", "mem: all: unexpected argument"),
                       ("names a b", "names: b: unexpected argument (too "
                        "many)"),
                       ("exit 1 2", "exit: 2: unexpected argument"),
                       ("cat", "cat: an argument is missing"),
                       ("kill", "kill: an argument is missing")):
        out = sh.run(line)
        if not out or not out[0].startswith(said) or \
                not out[-1].startswith("usage: "):
            raise CaseFailure("%r printed %r" % (line, out))
        sh.run_expect("echo $?", r"^2$")
    _exit_shell(sh)


PS_ROW = (r"^\s*(\d+)\s+\d+\s+(?:run|wait|zombie)\s+(?:own|group|resident)"
          r"\s+\d+\s+(\d+)\s+\d+\s+\d+\s+\d+\s+\d+\s+\d+/\d+\s+[n-]\s+(\S+)$")


def _ps_rows(out, threads=False):
    """{pid: name} (or {pid: (name, threads)}) of a ps listing's rows."""
    rows = {}
    for line in out:
        mt = re.match(PS_ROW, line)
        if mt:
            name, thr = mt.group(3), int(mt.group(2))
            rows[int(mt.group(1))] = (name, thr) if threads else name
    return rows


def _ps(m, case):
    sh = Shell(m, case)
    sh.start()
    out = sh.run("ps")
    names = set(_ps_rows(out).values())
    want = {"init", "ns", "fs", "console", "sh"}
    if not want <= names:
        raise CaseFailure("ps shows %r, want %r: %r" % (names, want, out))
    _exit_shell(sh)


def _background_kill(m, case):
    sh = Shell(m, case)
    sh.start()
    pid = int(sh.run_expect("spin A 100000 &", r"^\[(\d+)\]$").group(1))
    sh.run_expect("jobs", r"^\[%d\] spin$" % pid)
    rows = _ps_rows(sh.run("ps"))
    if rows.get(pid) != "spin":
        raise CaseFailure("ps does not show spin as pid %d: %r" % (pid, rows))
    out = sh.run("kill %d" % pid)
    if "[%d] done 137" % pid not in out:
        raise CaseFailure("kill %d printed %r" % (pid, out))
    if pid in _ps_rows(sh.run("ps")):
        raise CaseFailure("pid %d still in ps after kill" % pid)
    sh.run_expect("kill %d" % pid, r"^kill: %d: " % pid)
    # init is never ended, not even by the shell (which holds the nucleus
    # right): the node goes on.
    sh.run_expect("kill 1",
                  r"^kill: 1: init is never ended \(halt stops the node\)$")
    sh.run_expect("echo still here", r"^still here$")
    first = len(m.lines)
    pid = int(sh.run_expect("hello bg&", r"^\[(\d+)\]$").group(1))
    # Its output may come before [pid], or after the prompt on its line.
    expect(m, case, r"hello from pid %d, argv: hello bg$" % pid, first)
    while not any(l == "[%d] done 0" % pid for l in m.lines[first:]):
        sh.run("")  # reaped before the first prompt after its end
    _exit_shell(sh)


def _interrupt(sh, command):
    """Runs command in the foreground and ends it with Ctrl-C. A Ctrl-C
    that comes before the shell started the program is the shell's own (it
    drops the line at the next prompt), so it is typed again until the kill
    shows; what the extra ones print is passed over by waiting for the
    output of the next command, which also shows $?."""
    m, case = sh.m, sh.case
    n = sh.type(command + "\n")
    expect(m, case, r"^%s%s$" % (re.escape(sh.prompt), re.escape(command)), n)
    while True:
        m.send("\x03")
        try:
            m.expect(r"^proc \S+ \(pid \d+\): killed by pid \d+$",
                     min(1.0, time_left(case)), n)
            break
        except Timeout:
            if time_left(case) <= 0.1:
                raise
    n = sh.type("echo status $?\n")
    i, _ = expect(m, case, r"^status 130$", n)  # 128 + SIGINT, as Unix
    sh.wait_prompt(i + 1)


def _ctrl_c(m, case):
    sh = Shell(m, case)
    sh.start()
    _interrupt(sh, "spin X 100000")
    _interrupt(sh, "spin Y 100000")
    sh.run_expect("hello after", r"^hello from pid \d+, argv: hello after$")
    # The console server's interrupt event did it: the shell has its main
    # and interrupt threads, and no stdin reader thread.
    shells = [r for r in _ps_rows(sh.run("ps"), True).values() if r[0] == "sh"]
    if shells != [("sh", 2)]:
        raise CaseFailure("the shell's threads: %r" % shells)
    _exit_shell(sh)


def _history(m, case):
    sh = Shell(m, case)
    sh.start()
    sh.run_expect("echo one", r"^one$")
    sh.run_expect("echo two", r"^two$")
    sh.run_expect(UP + UP + DOWN, r"^two$")
    sh.run_expect(UP, r"^two$")  # repeats are not remembered twice
    sh.run_expect(UP + UP, r"^one$")
    sh.run_expect(UP + UP, r"^two$")  # now one, two, one
    sh.run_expect("echo three" + UP + DOWN, r"^three$")
    _exit_shell(sh)


LEFT, RIGHT, HOME, DELETE = "\x1b[D", "\x1b[C", "\x1b[H", "\x1b[3~"


def _line_editing(m, case):
    """The cursor moves inside the line; typing inserts there; Backspace,
    Delete, Ctrl-W and Ctrl-U erase around it; a CR that breaks off an
    escape sequence still ends the line."""
    sh = Shell(m, case)
    sh.start()
    sh.run_expect("echo abd" + LEFT + "c" + RIGHT + "e", r"^abcde$")
    sh.run_expect("cho hi" + HOME + "e\x05!", r"^hi!$")  # Ctrl-E: end
    sh.run_expect("cho x\x01e", r"^x$")  # Ctrl-A: start
    sh.run_expect("echo one two\x17three", r"^one three$")  # Ctrl-W
    sh.run_expect("echo abc" + LEFT + LEFT + DELETE, r"^ac$")
    sh.run_expect("echo axb" + LEFT + "\x7f", r"^ab$")
    sh.run_expect("junk" + LEFT * 2 + "\x15echo ok", r"^oknk$")  # Ctrl-U
    sh.run_expect("echo far" + LEFT * 9 + RIGHT * 9 + "!", r"^far!$")
    sh.run_expect("ecxo\x7f\x7fho hi", r"^hi$")  # DEL
    sh.run_expect("echo ab\x08\x08cd", r"^cd$")  # BS
    if sh.run("echo bad\x15echo good") != ["good"]:  # Ctrl-U at the end
        raise CaseFailure("Ctrl-U did not drop the line before it")
    n = sh.type("echo never\x03")
    sh.wait_prompt(n + 1)
    if any("never" in line for line in m.lines[n + 1:]):
        raise CaseFailure("a line dropped with Ctrl-C ran")
    # Enter (LF, or a terminal's CR) that breaks off an unfinished escape
    # sequence drops the sequence and still ends the line.
    for enter in ("\n", "\r"):
        for k, seq in enumerate(("\x1b", "\x1b[", "\x1bO", "\x1b[1",
                                 "\x1b[3;")):
            sh.run_expect("echo cut%d" % k + seq, r"^cut%d$" % k, enter)
    _exit_shell(sh)


def _shown(line):
    """What a terminal shows of an echoed line: BS moves the cursor back,
    later characters overwrite, the bell shows nothing."""
    cells, at = [], 0
    for ch in line:
        if ch == "\b":
            at = max(at - 1, 0)
        elif ch != "\a":
            cells[at:at + 1] = [ch]
            at += 1
    return "".join(cells)


def _complete(sh, keys):
    """Types keys (with Tabs), then Enter; returns the line the terminal
    shows (prompt included) and the output of the command."""
    n = sh.type(keys + "\n")
    end = sh.wait_prompt(n + 1)
    with sh.m.cond:
        return _shown(sh.m.lines[n]), sh.m.lines[n + 1:end]


def _listing(sh, keys):
    """Types keys ending in two Tabs, then Ctrl-U and Enter; returns the
    names listed, the echoed line (with its bells) and the line shown again
    under the listing (as sent: Ctrl-U's erasing follows it)."""
    m = sh.m
    with m.cond:
        shown = sh._prompts()
    n = sh.type(keys + "\x15\n")
    deadline = time.monotonic() + time_left(sh.case)
    with m.cond:  # the prompt shown again, then Enter's
        while not (sh._prompts() >= shown + 2 and
                   m.partial.endswith(sh.prompt)):
            left = deadline - time.monotonic()
            if left <= 0 or m.exit_status is not None:
                raise Timeout("no listing and prompt; tail %r" % m.partial)
            m.cond.wait(left)
        i = next(k for k in range(n + 1, len(m.lines))
                 if m.lines[k].startswith(sh.prompt))
        echo, rows, again = m.lines[n], m.lines[n + 1:i], m.lines[i]
    return [w for row in rows for w in row.split()], echo, again


def _completion(m, case):
    """Tab: commands (built-ins and /bin) in the first word, paths after
    it; one match whole (a file with a space, a directory with a '/'),
    several as far as they agree and a second Tab lists them; no match
    rings the bell and changes nothing."""
    sh = Shell(m, case)
    sh.start()
    p = sh.prompt
    with open(os.path.join("rootfs", "etc", "motd")) as f:
        motd = f.read().splitlines()
    programs = [l.split()[-1] for l in sh.run("ls /bin")]
    builtins = [l.split()[0] for l in sh.run("help") if l.startswith("  ")
                and not l.startswith("  NAME") and not l.startswith("  $?")]
    shown, out = _complete(sh, "cat /etc/mo\t")
    if shown != p + "cat /etc/motd " or out != motd:
        raise CaseFailure("cat /etc/mo<Tab>: %r, %r" % (shown, out))
    shown, out = _complete(sh, "ls /e\t")  # a directory: a slash
    if shown != p + "ls /etc/" or not any(l.endswith("  motd") for l in out):
        raise CaseFailure("ls /e<Tab>: %r, %r" % (shown, out))
    shown, out = _complete(sh, "cat do\tRE\t")  # relative: from the root
    if shown != p + "cat doc/README ":
        raise CaseFailure("cat do<Tab>RE<Tab>: %r" % shown)
    shown, out = _complete(sh, "cat \"/etc/mo\t")  # closes the quote
    if shown != p + "cat \"/etc/motd\" " or out != motd:
        raise CaseFailure("cat \"/etc/mo<Tab>: %r, %r" % (shown, out))
    shown, out = _complete(sh, "upt\t")  # a built-in
    if shown != p + "uptime " or not re.match(r"^up \d", out[0]):
        raise CaseFailure("upt<Tab>: %r, %r" % (shown, out))
    shown, out = _complete(sh, "hell\tx")  # a program of /bin
    if shown != p + "hello x" or \
            not re.match(r"^hello from pid \d+, argv: hello x$", out[0]):
        raise CaseFailure("hell<Tab>x: %r, %r" % (shown, out))
    # Several: as far as they agree, then the list; the line comes back.
    # (Two letters that several commands share, and more after them: co
    # for console and contest today.)
    commands = sorted(set(programs + builtins))
    groups = [sorted(n for n in commands if n.startswith(two))
              for two in sorted(set(n[:2] for n in commands))]
    group = next((g for g in groups if len(g) > 1 and
                  len(os.path.commonprefix(g)) > 2), None)
    if not group:
        raise CaseFailure("no commands to test <Tab><Tab> with: %r" % commands)
    two, common = group[0][:2], os.path.commonprefix(group)
    names, echo, again = _listing(sh, two + "\t\t")
    if names != group or _shown(echo) != p + common or \
            not again.startswith(p + common + "\b") or "\a" in echo:
        raise CaseFailure("%s<Tab><Tab>: listed %r (want %r), echoed %r, "
                          "again %r" % (two, names, group, echo, again))
    # An empty first word: every command, the built-ins help lists too.
    names, echo, again = _listing(sh, "\t\t")
    want = commands
    if names != want or echo != p + "\a" or again != p:  # ^U: nothing
        raise CaseFailure("<Tab><Tab>: listed %r, want %r (echo %r)"
                          % (names, want, echo))
    names, _, again = _listing(sh, "ls /etc/\t\t")
    if names != ["drivers.cfg", "hosts", "motd"] or \
            not again.startswith(p + "ls /etc/\b"):
        raise CaseFailure("ls /etc/<Tab><Tab>: %r, %r" % (names, again))
    # No match: the bell, nothing added.
    n = sh.type("echo /nosuch\t\n")
    end = sh.wait_prompt(n + 1)
    with m.cond:
        echo, out = m.lines[n], m.lines[n + 1:end]
    if echo != p + "echo /nosuch\a" or out != ["/nosuch"]:
        raise CaseFailure("echo /nosuch<Tab>: %r, %r" % (echo, out))
    _exit_shell(sh)


def _quoting(m, case):
    """Quotes and backslashes: words keep their spaces, reach programs as
    such (the argument string spawn splits), and a quote left open is
    refused with $? 2."""
    sh = Shell(m, case)
    sh.start()
    sh.run_expect('echo "a  b"', r"^a  b$")
    sh.run_expect("echo a\\ \\ b", r"^a  b$")
    sh.run_expect("echo x", r"^x$")
    sh.run_expect("echo '$?' \"[$?]\" \\$?", r"^\$\? \[0\] \$\?$")
    # One argument with a space: help finds no such name.
    sh.run_expect("help 'echo ls'", r"^help: echo ls: no such built-in")
    # Through spawn: two spaces, an empty word, a quote and a backslash.
    sh.run_expect("hello \"a  b\" '' c", r"^hello from pid \d+, argv: "
                  r"hello a  b  c$")
    sh.run_expect("hello 'it'\\''s' \"back\\\\slash\" \\'",
                  r"^hello from pid \d+, argv: hello it's back\\slash '$")
    out = sh.run("echo 'a&'")
    if out != ["a&"]:
        raise CaseFailure("echo 'a&' printed %r" % out)
    for line, why in (("echo 'open", r"unterminated quote: close the '"),
                      ('echo "open', r'unterminated quote: close the "'),
                      ("echo open\\", r"a \\ ends the line")):
        sh.run_expect(line, r"^sh: %s" % why)
        sh.run_expect("echo $?", r"^2$")
    _exit_shell(sh)


def _builtins(m, case):
    sh = Shell(m, case)
    sh.start()
    sh.run_expect("mem",
                  r"^memory: \d+ KiB total, \d+ KiB free, \d+ KiB used;")
    sh.run_expect("uptime", r"^up \d+\.\d\d s \(\d+ ticks at \d+ Hz\)$")
    out = sh.run("names")
    if not out or not re.match(r"^NAME\s+TYPE\s+OWNER\s+E\s+ATTRS$", out[0]):
        raise CaseFailure("names printed %r" % out)
    # E: exported (fs exports itself), "-": local only.
    for name, kind, e in (("ns", "server", "-"), ("fs", "fs", "E"),
                          ("console", "console", "-")):
        if not any(re.match(r"^%s\s+%s\s+\d+ %s " % (name, kind, e), line)
                   for line in out):
            raise CaseFailure("names lacks %s %s: %r" % (name, e, out))
    sh.run_expect("names f", r"^fs\s+fs\s+\d+ E initrd$")
    # What another node exports: no protocol server runs here.
    sh.run_expect("names @beta", r"^names: @beta: this node's network "
                  r"server \(net\) is not running \(")
    sh.run_expect("echo $?", r"^1$")
    out = sh.run("names @")
    if not out or not out[0].startswith("names: @: the node is missing") \
            or not out[-1].startswith("usage: names [@NODE] [PREFIX]"):
        raise CaseFailure("names @ printed %r" % out)
    sh.run_expect("echo $?", r"^2$")
    # Two nodes at once: a usage error, not @alpha taken as a prefix.
    sh.run_expect("names @beta @alpha", r"^names: @alpha: one @NODE only ")
    sh.run_expect("echo $?", r"^2$")
    sh.run_expect("ports", r"^\s+\d+\s+\d+ fs\s+fs$")
    sh.run_expect("ports", r"^\s+\d+\s+\d+ sh\s*$")
    _exit_shell(sh)


def _files(m, case):
    """Programs and files of the file server (the initrd)."""
    sh = Shell(m, case)
    sh.start()
    out = sh.run("ls")
    for want in ("dir  bin/", "dir  etc/"):
        if not any(line.endswith(want) for line in out):
            raise CaseFailure("ls / printed %r, want %r" % (out, want))
    sh.run_expect("ls /bin", r"^\s*\d+  hello$")
    sh.run_expect("ls /etc/motd", r"^\s*\d+  /etc/motd$")
    sh.run_expect("ls etc", r"^\s*\d+  motd$")  # no current directory: /
    with open(os.path.join("rootfs", "etc", "motd")) as f:
        motd = f.read().splitlines()
    if sh.run("cat /etc/motd") != motd:
        raise CaseFailure("cat /etc/motd differs from rootfs/etc/motd")
    sh.run_expect("/bin/hello via path", r"^hello from pid \d+, argv: "
                  r"/bin/hello via path$")
    sh.run_expect("/bin/ps", r"^\s+PID\s+PPID")  # a program, not the built-in
    sh.run_expect("bin/hello rel",
                  r"^hello from pid \d+, argv: bin/hello rel$")
    sh.run_expect("ls /nosuch", r"^ls: /nosuch: ")
    sh.run_expect("cat /etc", r"^cat: /etc: Is a directory$")
    sh.run_expect("ls /etc/motd/x", r"^ls: /etc/motd/x: Not a directory$")
    sh.run_expect("/etc", r"^sh: /etc: is a directory$")
    sh.run_expect("/etc/motd", r"^sh: /etc/motd: bad executable format$")
    sh.run_expect("echo $?", r"^126$")
    _exit_shell(sh)


def _kernel_console(m, case):
    """No other server: programs come from the boot modules, the console is
    the kernel's and Ctrl-C reaches the shell's reader thread as a byte."""
    sh = Shell(m, case)
    sh.start()
    sh.run_expect("hello boot", r"^hello from pid \d+, argv: hello boot$")
    sh.run_expect("echo $?", r"^0$")
    sh.run_expect("nosuch", r"^sh: nosuch: not found$")
    sh.run_expect("names", r"^names: ")
    sh.run_expect("ls", r"^ls: /: ")
    _interrupt(sh, "spin X 100000")
    sh.run_expect("ecxo\x7f\x7fho hi", r"^hi$")  # typed to the reader thread
    sh.run_expect("upt\t", r"^up \d")  # Tab without a file server
    sh.run_expect("echo one", r"^one$")
    sh.run_expect(UP, r"^one$")
    n = sh.type("echo never\x03")
    sh.wait_prompt(n + 1)
    _interrupt(sh, "spin Y 100000")
    shells = [r for r in _ps_rows(sh.run("ps"), True).values() if r[0] == "sh"]
    if shells != [("sh", 3)]:  # main, interrupt and stdin reader threads
        raise CaseFailure("the shell's threads: %r" % shells)
    _exit_shell(sh)


def _exit_status(m, case):
    """The prompt follows node=; exit CODE is the shell's status."""
    sh = Shell(m, case, node="beta")
    sh.start()
    m.send("exit 3\n")
    expect(m, case, r"^init: sh exited with status 3$")
    expect_exit(m, case, debug_exit_status(1))


def _end_of_input(m, case):
    sh = Shell(m, case)
    sh.start()
    sh.run("nosuch")
    m.send("\x04")
    expect(m, case, r"^init: sh exited with status 127$")


def _halt(m, case):
    sh = Shell(m, case)
    sh.start()
    m.send("halt 5\n")
    expect_exit(m, case, debug_exit_status(5))


def _kill_server(sh, name):
    """Kills server name from the shell; returns the index of init's line
    that starts it again, once it has. A prompt may share init's lines: no
    ^ anchors on them."""
    m, case = sh.m, sh.case
    rows = _ps_rows(sh.run("ps"))
    pids = [pid for pid, n in rows.items() if n == name]
    if len(pids) != 1:
        raise CaseFailure("ps shows %s as %r" % (name, rows))
    sh.type("kill %d\n" % pids[0])
    i, _ = expect(m, case, r"init: %s \(pid %d\) exited with status 137$"
                  % (name, pids[0]))
    i, mt = expect(m, case, r"init: starting %s \(pid (\d+)\)$" % name, i)
    if int(mt.group(1)) == pids[0]:
        raise CaseFailure("%s restarted with the same pid" % name)
    return i


def _fs_restart(m, case):
    """Kill the file server: init starts it again and files work again at
    once, for programs that used the old one too (their right to it is dead:
    the request goes to the new one) -- the shell, its programs, and init
    (drivers.cfg)."""
    sh = Shell(m, case)
    sh.start()
    with open(os.path.join("rootfs", "etc", "motd")) as f:
        motd = f.read().splitlines()
    if sh.run("cat /etc/motd") != motd:  # the shell uses the old server
        raise CaseFailure("cat /etc/motd differs from rootfs/etc/motd")
    sh.run_expect("drv up nosuch", r"\(it lists: ne2k\)$")  # init does too
    i = _kill_server(sh, "fs")
    expect(m, case, r"fs: serving as \"fs\"$", i)
    if sh.run("cat /etc/motd") != motd:
        raise CaseFailure("the first cat /etc/motd after the restart: %r"
                          % sh.run("cat /etc/motd"))
    sh.run_expect("hello after", r"^hello from pid \d+, argv: hello after$")
    sh.run_expect("drv up nosuch", r"^drv: nosuch: not a driver "
                  r"/etc/drivers.cfg lists \(it lists: ne2k\)$")
    _exit_shell(sh)


def _refusals(m, case):
    """Bad input to the shell is refused whole, with status 2 and a message
    naming it: a line longer than the shell holds (the bell rings when it
    fills; none of it runs), numbers out of range, unknown subcommands."""
    sh = Shell(m, case)
    sh.start()
    out = sh.run("hello " + "x" * 300)
    if out != ["sh: line too long (51 bytes past the 255 a line holds); "
               "not run"]:
        raise CaseFailure("a 306-byte line printed %r" % out)
    sh.run_expect("echo $?", r"^2$")
    sh.run_expect("echo short", r"^short$")  # the next line is whole
    for line, said in (
            ("kill 4294967297", "kill: 4294967297: not a process id"),
            ("kill abc", "kill: abc: not a process id"),
            ("exit 300", "exit: 300: not an exit status (0-255)"),
            ("drv frob", "drv: frob: unknown command (up, down, swap or list)"),
            ("drv up", "drv: up: a driver kind is missing"),
            ("drv down", "drv: down: a driver's name is missing (drv list "
             "names them)"),
            ("drv up ne2k kind=module kind=user", "drv: kind=user: the kind "
             "is given twice (kind=module before it): give one"),
            ("drv list extra", "drv: list: extra: unexpected argument")):
        sh.run_expect(line, "^" + re.escape(said))
        sh.run_expect("echo $?", r"^2$")
    out = sh.run("echo fg &")  # a built-in: said, then run
    if out != ["sh: echo is a built-in: it runs in the foreground (& "
               "ignored)", "fg"]:
        raise CaseFailure("'echo fg &' printed %r" % out)
    out = sh.run("echo " + "y" * 251)  # 256 bytes: one past
    if out != ["sh: line too long (1 byte past the 255 a line holds); "
               "not run"]:
        raise CaseFailure("a 256-byte line printed %r" % out)
    sh.run_expect("/bin", r"^sh: /bin: is a directory$")
    sh.run_expect("echo $?", r"^126$")
    n = sh.type("half typed\x03")  # Ctrl-C drops the line: $? 130
    sh.wait_prompt(n + 1)
    sh.run_expect("echo $?", r"^130$")
    sh.run_expect("help /test/ipctest", r"^/test/ipctest: the program "
                  r"/test/ipctest: run /test/ipctest --help$")
    _exit_shell(sh)


def _quick_exits(m, case):
    """A user ending the shell again and again at once (Ctrl-D at the
    prompt, exit): init keeps starting it, after a pause once it has
    ended quickly five times, so the console always gets a shell back."""
    sh = Shell(m, case)
    sh.start()
    for n in range(7):
        i = sh.type("\x04" if n % 2 else "exit\n")
        i, _ = expect(m, case, r"init: sh \(pid \d+\) exited with status 0$",
                      i)
        expect(m, case, r"init: starting sh \(pid \d+\)$", i)
        sh.wait_prompt(i)
    expect(m, case, r"^init: sh keeps exiting at once: starting it again in "
           r"1 s$")
    expect(m, case, r"^init: sh keeps exiting at once: starting it again in "
           r"2 s$")
    sh.run_expect("echo back", r"^back$")
    m.send("halt\n")
    expect_exit(m, case, debug_exit_status(0))


def _early_input(m, case):
    """Keys typed right after boot: ready, before the console server takes
    the line: the kernel buffers them, the server takes them over before it
    serves, and the shell runs both commands, in order."""
    expect(m, case, r"^boot: ready")
    with m.cond:
        early = not any(l.startswith("console: serving") for l in m.lines)
    m.send("echo early-1\necho early-2\n")
    if not early:
        raise CaseFailure("the console server was up before the keys were typed")
    i, _ = expect(m, case, r"^console: serving COM1 ")
    i, _ = expect(m, case, r"^early-1$", i)
    expect(m, case, r"^early-2$", i)
    sh = Shell(m, case)
    sh.run_expect("echo after", r"^after$")
    _exit_shell(sh)


def _console_restart(m, case):
    """Kill the console server: the shell's next read finds no server and
    waits on the kernel's console; when init's new server takes the line
    over, that reader is sent to it, and keys typed then reach the shell."""
    sh = Shell(m, case)
    sh.start()
    start = len(m.lines)  # the new server's line may come before init's
    _kill_server(sh, "console")
    expect(m, case, r"console: serving COM1 ", start)
    sh.run_expect("echo after-restart", r"^after-restart$")
    _exit_shell(sh)


def _rights_of(ps_lines, name):
    """The rights column (N) of ps's rows named name."""
    return [l.split()[-2] for l in ps_lines
            if l.split() and l.split()[-1] == name and l.split()[0].isdigit()]


def _no_privilege(m, case):
    """The console's shell holds no privileged right (ps: '-'); halt, drv
    and kill of a server go to init's control port, whose right init gave
    to that shell alone. A second shell run from it is a program like any
    other: it gets no right, so there the same requests are refused, and
    the node is untouched; back in the first shell they work."""
    sh = Shell(m, case)
    sh.start()
    if _rights_of(sh.run("ps"), "sh") != ["-"]:
        raise CaseFailure("the shell holds a right: %r" % sh.run("ps"))
    sh.run("sh")
    if _rights_of(sh.run("ps"), "sh") != ["-", "-"]:
        raise CaseFailure("ps does not show two shells without rights")
    refused = r"not permitted: this shell has no right to init's control " \
        r"port \(init gives it to the console's shell only\)$"
    sh.run_expect("halt", r"^halt: " + refused)
    sh.run_expect("reboot", r"^reboot: " + refused)
    sh.run_expect("drv up ne2k", r"^drv: " + refused)
    sh.run_expect("drv down ne2k0", r"^drv: " + refused)
    fs = [p for p, n in _ps_rows(sh.run("ps")).items() if n == "fs"]
    sh.run_expect("kill %d" % fs[0], r"^kill: %d: not permitted \(not this "
                  r"shell's child, and no right to ask init\)$" % fs[0])
    sh.run_expect("kill 1", r"^kill: 1: init is never ended")
    if fs[0] not in _ps_rows(sh.run("ps")):
        raise CaseFailure("the file server ended")
    sh.run("exit")
    i = _kill_server(sh, "fs")  # the console's shell may, through init
    expect(m, case, r"init: ended pid %d for pid \d+$" % fs[0])
    expect(m, case, r"fs: serving as \"fs\"$", i)
    m.send("halt 3\n")
    expect(m, case, r"^init: halt \(code 3\) for pid \d+$")
    expect_exit(m, case, debug_exit_status(3))


def _ns_restart(m, case):
    """Kill the name server from the shell (through init's control port):
    init starts it again, the file and console servers register
    again by themselves (libipc's replay line), names lists them, files
    work, a new program registers; then the console server is killed on top
    and the shell reads the next command."""
    sh = Shell(m, case)
    sh.start()
    i = _kill_server(sh, "ns")
    i, _ = expect(m, case, r"ns: ready$", i)
    for who in ("fs", "console"):
        expect(m, case, r"%s \(pid \d+\): registered again with the new "
               r"name server: %s$" % (who, who), i)
    _names_include(sh, {"ns", "fs", "console"})
    with open(os.path.join("rootfs", "etc", "motd")) as f:
        motd = f.read().splitlines()
    if sh.run("cat /etc/motd") != motd:
        raise CaseFailure("cat /etc/motd after the restart differs")
    n = sh.type("/test/protosink sink1 88b6 1 &\n")
    expect(m, case, r"protosink: ready", n)
    _names_include(sh, {"sink1"})
    start = len(m.lines)  # the new server's line may come before init's
    _kill_server(sh, "console")
    expect(m, case, r"console: serving COM1 ", start)
    sh.run_expect("echo after-both", r"^after-both$")
    _exit_shell(sh)


def _names_include(sh, want):
    out = sh.run("names")
    got = {line.split()[0] for line in out[1:] if line.split()}
    if not want <= got:
        raise CaseFailure("names shows %r, want %r: %r" % (got, want, out))


def _names_remote(m, case):
    """names @NODE on a node whose protocol server has no interface (no
    NIC driver is up: no route to beta's 10.0.0.2): the message says what
    is missing and what to do, status 1."""
    sh = Shell(m, case)
    sh.start()
    sh.run_expect("names net", r"^net\s+net\s+\d+ - ")
    sh.run_expect("names @beta echo",
                  r"^names: @beta: no route to that node \(no interface on "
                  r"its network: drv up ne2k, then ifconfig and route\)$")
    sh.run_expect("echo $?", r"^1$")
    _exit_shell(sh)


def cases(ctx):
    return [
        sh_case("run_program", _run_program),
        sh_case("not_found", _not_found),
        sh_case("help", _help),
        sh_case("ps", _ps),
        sh_case("background_kill", _background_kill),
        sh_case("ctrl_c", _ctrl_c),
        sh_case("history", _history),
        sh_case("line_editing", _line_editing),
        sh_case("completion", _completion),
        sh_case("quoting", _quoting),
        sh_case("builtins", _builtins),
        sh_case("names_remote", _names_remote, cfg="sh_net.cfg"),
        sh_case("files", _files),
        sh_case("kernel_console", _kernel_console, cfg="sh_alone.cfg"),
        sh_case("exit_status", _exit_status, node="beta"),
        sh_case("end_of_input", _end_of_input),
        sh_case("halt", _halt),
        sh_case("no_privilege", _no_privilege, cfg="sh_restart.cfg"),
        sh_case("fs_restart", _fs_restart, cfg="sh_restart.cfg"),
        sh_case("quick_exits", _quick_exits, cfg="sh_respawn.cfg"),
        sh_case("refusals", _refusals),
        sh_case("early_input", _early_input),
        sh_case("console_restart", _console_restart, cfg="sh_restart.cfg"),
        sh_case("ns_restart", _ns_restart, cfg="sh_restart.cfg"),
    ]
