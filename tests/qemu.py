"""One QEMU machine under test: starts it, reads its serial console line by
line, types into it, and tells whether the kernel reported a panic or an
unexpected exception. Waiting is always on a console line or on the process,
never on a fixed delay."""

import os
import re
import signal
import subprocess
import threading
import time

QEMU = os.environ.get("QEMU", "qemu-system-i386")

# Lines that mean the kernel broke: a panic, or a CPU exception report.
FAULT_LINE = re.compile(r"^(panic: .*|exception \d+ \(.*)$")
PANIC_END = re.compile(r"^panic: system halted$")


class Timeout(Exception):
    pass


class Machine:
    """A QEMU process whose COM1 is wired to our pipes.

    boot: ("kernel", path) for QEMU's own Multiboot loader (fast), or
    ("iso", path) to boot the GRUB ISO like a user does."""

    def __init__(self, boot, cmdline="", modules=(), memory_mib=128,
                 extra_args=(), accel="tcg"):
        kind, path = boot
        args = [QEMU, "-nodefaults", "-no-reboot", "-display", "none",
                "-monitor", "none", "-serial", "stdio", "-m", str(memory_mib),
                "-accel", accel,
                "-device", "isa-debug-exit,iobase=0xf4,iosize=0x04"]
        if kind == "kernel":
            args += ["-kernel", path, "-append", cmdline]
            if modules:
                args += ["-initrd", ",".join(modules)]
        elif kind == "iso":
            # GRUB's multiboot loader sets a text mode through VBE: without
            # a VGA card it prints "error: Can't get controller info".
            args += ["-cdrom", path, "-boot", "d", "-vga", "std"]
        else:
            raise ValueError("boot kind " + kind)
        self.args = args + list(extra_args)
        # True when args start a script that starts QEMU (make run): the
        # whole process group is killed at the end.
        self.group = False
        self.lines = []          # complete console lines, without CR/LF
        self.partial = ""
        self.fault = None        # first fault line seen
        self.cond = threading.Condition()
        self.proc = None
        self.exit_status = None
        self.stderr = b""

    def start(self):
        self.proc = subprocess.Popen(self.args, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE,
                                     start_new_session=self.group)
        threading.Thread(target=self._read_console, daemon=True).start()
        self._stderr_reader = threading.Thread(target=self._read_stderr,
                                               daemon=True)
        self._stderr_reader.start()
        return self

    def _read_stderr(self):
        self.stderr = self.proc.stderr.read()

    def _read_console(self):
        out = self.proc.stdout
        while True:
            chunk = out.read1(4096)
            with self.cond:
                if not chunk:
                    if self.partial:
                        self._add_line(self.partial)
                        self.partial = ""
                    self.exit_status = self.proc.wait()
                    self.cond.notify_all()
                    return
                text = self.partial + chunk.decode("utf-8", "replace")
                parts = re.split(r"\r?\n", text)
                self.partial = parts.pop()
                for line in parts:
                    self._add_line(line.replace("\r", ""))
                self.cond.notify_all()

    def _add_line(self, line):
        self.lines.append(line)
        if self.fault is None and FAULT_LINE.match(line):
            self.fault = line

    @property
    def output(self):
        with self.cond:
            return "\n".join(self.lines + ([self.partial] if self.partial else []))

    def expect(self, pattern, timeout, start=0):
        """Waits for a console line matching pattern (a regex searched in
        each line) at index >= start; returns (index, match). Raises Timeout
        when the deadline passes or the machine ends first."""
        rx = re.compile(pattern)
        deadline = time.monotonic() + timeout
        with self.cond:
            i = start
            while True:
                while i < len(self.lines):
                    m = rx.search(self.lines[i])
                    if m:
                        return i, m
                    i += 1
                if self.exit_status is not None:
                    raise Timeout("machine ended before /%s/" % pattern)
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Timeout("no line /%s/ within %gs" % (pattern, timeout))
                self.cond.wait(left)

    def wait_exit(self, timeout):
        """Waits for QEMU to end; returns its exit status or raises Timeout."""
        deadline = time.monotonic() + timeout
        with self.cond:
            while self.exit_status is None:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise Timeout("machine still running after %gs" % timeout)
                self.cond.wait(left)
            return self.exit_status

    def ended_stderr(self, timeout):
        """QEMU's whole stderr once it has ended (its reader is at the end
        of the pipe), waiting up to timeout for the reader."""
        self._stderr_reader.join(timeout)
        return self.stderr.decode("utf-8", "replace")

    def wait_fault_report(self, timeout=5):
        """After a fault line: lets the rest of the report arrive (up to the
        final panic line or the machine's end)."""
        try:
            self.expect(PANIC_END.pattern, timeout)
        except Timeout:
            pass

    def send(self, text):
        self.proc.stdin.write(text.encode())
        self.proc.stdin.flush()

    def kill(self):
        if self.proc and self.group:
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except OSError:
                pass
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
        if self.proc:
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass


def debug_exit_status(code):
    """QEMU's exit status after the guest writes code to isa-debug-exit."""
    return (code << 1) | 1
