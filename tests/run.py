#!/usr/bin/env python3
"""The whole test suite: host unit tests, the style check, and every QEMU case
(tests/cases.py), run in parallel. One line per test; the last line is exactly
"N passed, M failed". Tests that could not run on this host (a QEMU case
whose fixture needs root, say) are listed as SKIP lines with their reason
and counted on the line before it, "K skipped (...)"; they count as neither
passed nor failed. Exit status 0 iff nothing failed.

Usage: tests/run.py [--build DIR] [--jobs N] [--only REGEX] [--list]
--list names every test (host unit tests included); --only runs those whose
name matches REGEX and fails (status 2) when none does. A tree that was not
built is told to run make first."""

import argparse
import concurrent.futures
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from cases import all_cases  # noqa: E402
from harness import Context, Result, run_case  # noqa: E402

LOG_TAIL = 25


def host_unit_names(build):
    """The host unit tests' names ("host.NAME"), from the binary's --list."""
    binary = os.path.join(build, "host", "unit_tests")
    p = subprocess.run([binary, "--list"], capture_output=True, text=True)
    return ["host." + n for n in p.stdout.split()]


def host_unit_results(build, names=None):
    """Runs the host unit-test binary (only names, if given); one Result per
    test line it prints."""
    binary = os.path.join(build, "host", "unit_tests")
    t0 = time.monotonic()
    argv = [binary] + [n[len("host."):] for n in (names or [])]
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=300)
    except (OSError, subprocess.TimeoutExpired) as e:
        return [Result("host.unit_tests", False, str(e), 0, "")]
    results = []
    for line in p.stdout.splitlines():
        m = re.match(r"^host (\S+): (ok|FAIL)", line)
        if m:
            results.append(Result("host." + m.group(1), m.group(2) == "ok",
                                  "" if m.group(2) == "ok" else "see output",
                                  0, p.stdout))
    summary = re.search(r"^host: (\d+) passed, (\d+) failed$", p.stdout, re.M)
    if not summary or p.returncode not in (0, 1) or not results:
        results.append(Result("host.unit_tests", False,
                              "binary ended badly (status %d)" % p.returncode,
                              time.monotonic() - t0, p.stdout + p.stderr))
    return results


def style_result():
    t0 = time.monotonic()
    p = subprocess.run(["make", "-s", "check-style"], capture_output=True, text=True)
    return Result("style.check", p.returncode == 0,
                  "make check-style failed" if p.returncode else "",
                  time.monotonic() - t0, p.stdout + p.stderr)


def newlib_result(build):
    """Links a newlib program from scratch; nothing may stay undefined."""
    t0 = time.monotonic()
    elf = os.path.join(build, "tests", "newlib_link_check.elf")
    if os.path.exists(elf):
        os.remove(elf)
    p = subprocess.run(["make", "-s", "BUILD=" + build, elf],
                       capture_output=True, text=True)
    log = p.stdout + p.stderr
    ok = p.returncode == 0 and os.path.exists(elf)
    if ok:
        undefined = subprocess.run(["nm", "-u", elf], capture_output=True,
                                   text=True).stdout.strip()
        ok = not undefined
        log += undefined
    return Result("build.newlib_links", ok, "" if ok else "newlib link failed",
                  time.monotonic() - t0, log)


def harness_result(build):
    """The runner's own refusals: an --only that matches nothing or is not a
    regular expression exits 2 with a message naming the remedy, and --list
    names the host unit tests too."""
    t0 = time.monotonic()
    me = [sys.executable, os.path.abspath(__file__), "--build", build]
    checks = [(["--only", "^no_such_test$"], 2, "no test matches"),
              (["--only", "("], 2, "not a regular expression"),
              (["--jobs", "0", "--list"], 2, "--jobs 0: at least 1"),
              (["--list"], 0, "host.")]
    log, ok = "", True
    for extra, status, text in checks:
        p = subprocess.run(me + extra, capture_output=True, text=True,
                           timeout=60)
        good = p.returncode == status and text in p.stdout
        log += "%s -> %d %s\n" % (" ".join(extra), p.returncode,
                                   "ok" if good else "WRONG: " + p.stdout[-200:])
        ok = ok and good
    return Result("harness.selection", ok, "" if ok else "run.py selection",
                  time.monotonic() - t0, log)


def report(r):
    if r.skipped:
        print("SKIP %s: %s" % (r.name, r.reason), flush=True)
        return
    if r.ok:
        print("PASS %s (%.1fs)" % (r.name, r.seconds), flush=True)
        return
    print("FAIL %s: %s" % (r.name, r.reason), flush=True)
    tail = [l for l in r.log.splitlines() if l.strip()][-LOG_TAIL:]
    for line in tail:
        print("    | " + line)
    sys.stdout.flush()


def skipped_line(results):
    """"K skipped (...)" when some tests could not run here, else None."""
    skipped = [r.name for r in results if r.skipped]
    if not skipped:
        return None
    return "%d skipped (could not run on this host: %s)" % (
        len(skipped), ", ".join(skipped))


def summary_line(results):
    """Exactly "N passed, M failed": a skipped test counts as neither (it
    proved nothing, and broke nothing; skipped_line lists them)."""
    failed = sum(1 for r in results if not r.ok)
    skipped = sum(1 for r in results if r.skipped)
    return "%d passed, %d failed" % (len(results) - failed - skipped, failed)


def main():
    ap = argparse.ArgumentParser(
        description="Runs the test suite (host unit tests, style, QEMU "
        "cases); the last line is 'N passed, M failed' (the line before "
        "counts tests that could not run here). make test runs it "
        "after building everything.")
    ap.add_argument("--build", default="build", metavar="DIR",
                    help="the build folder (default: build)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2,
                    metavar="N", help="QEMU cases at once (default: the "
                    "number of CPUs)")
    ap.add_argument("--only", metavar="REGEX",
                    help="run only tests whose name matches REGEX")
    ap.add_argument("--list", action="store_true",
                    help="list every test's name and run none")
    args = ap.parse_args()
    if args.jobs < 1:
        print("tests/run.py: --jobs %d: at least 1 (default: the number of "
              "CPUs)" % args.jobs)
        return 2
    try:
        pick = re.compile(args.only) if args.only else None
    except re.error as e:
        print("tests/run.py: --only %r is not a regular expression: %s"
              % (args.only, e))
        return 2
    unit = os.path.join(args.build, "host", "unit_tests")
    if not os.path.exists(unit) and \
            os.path.exists(os.path.join(args.build, "kernel.elf")):
        # After a plain make: the host unit tests are built on demand.
        subprocess.run(["make", "-s", "BUILD=" + args.build, unit])
    needed = [os.path.join(args.build, "kernel.elf"), unit]
    missing = [f for f in needed if not os.path.exists(f)]
    if missing:
        print("tests/run.py: %s missing: run make test once (it builds "
              "the kernel and the host unit tests)" % ", ".join(missing))
        return 2

    ctx = Context(args.build)
    cases = all_cases(ctx)
    host = host_unit_names(args.build)
    others = ["style.check", "build.newlib_links", "harness.selection"]
    names = host + others + [c.name for c in cases]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        print("tests/run.py: test names defined twice: %s" % ", ".join(twice))
        return 2
    if args.list:
        print("\n".join(names))
        return 0
    if pick and not any(pick.search(n) for n in names):
        print("tests/run.py: no test matches %r (tests/run.py --list names "
              "them all)" % args.only)
        return 2

    results = []
    host_chosen = [n for n in host if not pick or pick.search(n)]
    if host_chosen:
        for r in host_unit_results(args.build,
                                   host_chosen if pick else None):
            report(r)
            results.append(r)
    if not pick or pick.search("style.check"):
        r = style_result()
        report(r)
        results.append(r)
    if not pick or pick.search("build.newlib_links"):
        r = newlib_result(args.build)
        report(r)
        results.append(r)
    if not pick or pick.search("harness.selection"):
        r = harness_result(args.build)
        report(r)
        results.append(r)
    chosen = [c for c in cases if not pick or pick.search(c.name)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for r in pool.map(lambda c: run_case(c, ctx), chosen):
            report(r)
            results.append(r)

    if skipped_line(results):
        print(skipped_line(results))
    print(summary_line(results))
    failed = sum(1 for r in results if not r.ok)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
