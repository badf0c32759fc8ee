"""The console server (servers/console): user/contest reads what the harness
types on the serial line, gets Ctrl-C as an interrupt message, and writes
8 KiB in one go; and, with no console server, the newlib glue falls back to
the kernel's console calls."""

from cases import INIT_OK, proc_case
from harness import CaseFailure, expect, expect_exit

BULK_LINES = 128
BULK_LINE_LEN = 64  # "\n" included
CONTEST_CHECKS = 18  # the result lines user/contest prints


def bulk_line(i):
    """Line i of contest's bulk output, without its "\\n" (see make_bulk)."""
    head = "contest bulk %03d " % i
    return head + "".join(chr(ord("a") + (i + j) % 26)
                          for j in range(len(head), BULK_LINE_LEN - 1))


def _check_bulk(m, case, first):
    """The bulk lines, complete and in order, from line index first on."""
    i, _ = expect(m, case, r"^contest: bulk done$", first)
    got = [l for l in m.lines[first:i] if l.startswith("contest bulk ")]
    want = [bulk_line(k) for k in range(BULK_LINES)]
    if got != want:
        bad = next((k for k in range(min(len(got), len(want)))
                    if got[k] != want[k]), min(len(got), len(want)))
        raise CaseFailure("bulk: %d of %d lines, first difference at line "
                          "%d: %r" % (len(got), BULK_LINES, bad,
                                      got[bad] if bad < len(got) else None))
    size = sum(len(l) + 1 for l in got)
    if size != BULK_LINES * BULK_LINE_LEN:
        raise CaseFailure("bulk: %d bytes arrived" % size)
    return i


def _summary(m, case, name, least):
    _, mt = expect(m, case, r"^contest: (\d+) passed, (\d+) failed$")
    fails = [l for l in m.lines if l.startswith("contest ") and ": FAIL" in l]
    if fails:
        raise CaseFailure(fails[0])
    if int(mt.group(2)) != 0 or int(mt.group(1)) < least:
        raise CaseFailure(mt.group(0))
    expect(m, case, r"^init: %s exited with status 0$" % name)
    expect_exit(m, case, INIT_OK)


def _console_script(m, case):
    expect(m, case, r"^console: serving COM1 \(pid \d+\)$")
    i, _ = expect(m, case, r"^contest: ready$")
    m.send("hello console\r")  # Enter, as a terminal sends it
    i, _ = expect(m, case, r"^hello console$", i)  # stdin's echo
    i, _ = expect(m, case, r"^contest: got \[hello console\]$", i)
    m.send("\x03")
    i, _ = expect(m, case, r"^contest: interrupted$", i)
    i, _ = expect(m, case, r"^contest: two readers waiting$", i)
    m.send("12\n")
    _check_bulk(m, case, i)
    i, _ = expect(m, case, r"^contest: reading to end of file$", i)
    m.send("one\rtwo\nerasedx\x7f\r\x04")
    i, _ = expect(m, case, r"^contest: end of file after 3 lines$", i)
    _summary(m, case, "contest", CONTEST_CHECKS)


def _fallback_script(m, case):
    expect(m, case, r"^contest: ready$")
    m.send("via the kernel\n")
    expect(m, case, r"^contest: got \[via the kernel\]$")
    _summary(m, case, "contest", 2)


def cases(ctx):
    return [
        proc_case("console", "console.cfg", ["ns", "console", "contest"],
                  _console_script),
        proc_case("console_fallback", "console_fallback.cfg",
                  ["ns", "contest"], _fallback_script),
    ]
