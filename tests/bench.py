#!/usr/bin/env python3
"""make bench: boots one node (TCG) that runs ipcbench with many rounds, prints
its figures and the ratios docs/benchmarks.md records. Timing lives here, never
in make test. Usage: tests/bench.py [--build DIR] [--rounds N]"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from qemu import Machine, Timeout  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--rounds", type=int, default=5000)
    args = ap.parse_args()
    cfg = os.path.join(args.build, "tests", "bench.cfg")
    os.makedirs(os.path.dirname(cfg), exist_ok=True)
    with open(cfg, "w") as f:
        f.write("wait -n ipcbench %d\nexit\n" % args.rounds)
    modules = [os.path.join(args.build, "user", p) for p in ("init", "ipcbench")]
    m = Machine(("kernel", os.path.join(args.build, "kernel.elf")),
                cmdline="initcfg=bench.cfg panic=exit", modules=modules + [cfg])
    m.start()
    try:
        m.expect(r"^init: ipcbench exited with status 0$", 600)
    except Timeout as e:
        print(m.output)
        print("bench: failed: %s" % e)
        return 1
    finally:
        m.kill()
    figures = {}
    for line in m.lines:
        if line.startswith("ipcbench: "):
            print(line)
        mt = re.match(r"^([a-z0-9.]+): (\d+) (\d+) (\d+)$", line)
        if mt:
            figures[mt.group(1)] = int(mt.group(2))
    print()
    sysenter = figures["syscall.sysenter"]
    for a, b in (("ipc.cross", "ipc.resident"), ("ipc.cross.1k", "ipc.resident.1k")):
        print("ratio %s / %s = %.2f" % (a, b, figures[a] / figures[b]))
    for k in ("ipc.thread", "ipc.group"):
        print("ratio %s / syscall.sysenter = %.2f" % (k, figures[k] / sysenter))
    print("ratio syscall.int80 / syscall.sysenter = %.2f"
          % (figures["syscall.int80"] / sysenter))
    return 0


if __name__ == "__main__":
    sys.exit(main())
