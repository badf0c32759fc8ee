#!/usr/bin/env python3
"""The whole test suite: host unit tests, the style check, and every QEMU case
(tests/cases.py), run in parallel. One line per test; the last line is exactly
"N passed, M failed". Exit status 0 iff nothing failed.

Usage: tests/run.py [--build DIR] [--jobs N] [--only REGEX] [--list]"""

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


def host_unit_results(build):
    """Runs the host unit-test binary; one Result per test line it prints."""
    binary = os.path.join(build, "host", "unit_tests")
    t0 = time.monotonic()
    try:
        p = subprocess.run([binary], capture_output=True, text=True, timeout=300)
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


def report(r):
    if r.ok:
        print("PASS %s (%.1fs)" % (r.name, r.seconds), flush=True)
        return
    print("FAIL %s: %s" % (r.name, r.reason), flush=True)
    tail = [l for l in r.log.splitlines() if l.strip()][-LOG_TAIL:]
    for line in tail:
        print("    | " + line)
    sys.stdout.flush()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", help="run only tests whose name matches REGEX")
    ap.add_argument("--list", action="store_true")
    args = ap.parse_args()

    ctx = Context(args.build)
    cases = all_cases(ctx)
    pick = re.compile(args.only) if args.only else None
    if args.list:
        for c in cases:
            print(c.name)
        return 0

    results = []
    if not pick or pick.search("host."):
        for r in host_unit_results(args.build):
            if not pick or pick.search(r.name):
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
    chosen = [c for c in cases if not pick or pick.search(c.name)]
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        for r in pool.map(lambda c: run_case(c, ctx), chosen):
            report(r)
            results.append(r)

    failed = sum(1 for r in results if not r.ok)
    print("%d passed, %d failed" % (len(results) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
