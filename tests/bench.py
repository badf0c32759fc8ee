#!/usr/bin/env python3
"""make bench: boots one node (TCG) that runs ipcbench with many rounds, then
one with an NE2000 and the module loader that runs drvbench (a driver's start
and stop by kind), then two networked nodes (tests/bench_net.py: remote IPC
against a local call and a raw frame's round trip, UDP goodput against the
raw frame rate), prints their figures and the ratios docs/benchmarks.md
records. Timing lives here, never in make test.
Usage: tests/bench.py [--build DIR] [--rounds N] [--drv-rounds N]
                      [--net-rounds N] [--only-drv | --only-net]"""

import argparse
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from bench_net import net_bench  # noqa: E402
from qemu import Machine, Timeout  # noqa: E402


DRV_CFG = """run -n ns
run fs
await fs
restart -m lkmd
await lkmd
wait -c drvbench %d
exit
"""


def run_node(cfg, cfg_text, modules, until, extra_args=()):
    """Boots a node running cfg_text (written to cfg) with modules; its
    figure lines {key: median}, or None when it failed (its output shown)."""
    os.makedirs(os.path.dirname(cfg), exist_ok=True)
    with open(cfg, "w") as f:
        f.write(cfg_text)
    build = os.path.dirname(os.path.dirname(cfg))
    m = Machine(("kernel", os.path.join(build, "kernel.elf")),
                cmdline="initcfg=%s panic=exit" % os.path.basename(cfg),
                modules=modules + [cfg], extra_args=list(extra_args))
    m.start()
    try:
        m.expect(until, 900)
    except Timeout as e:
        print(m.output)
        print("bench: failed: %s" % e)
        return None
    finally:
        m.kill()
    figures = {}
    for line in m.lines:
        if re.match(r"^(ipcbench|drvbench): ", line):
            print(line)
        mt = re.match(r"^([a-z0-9.]+): (\d+) (\d+) (\d+)$", line)
        if mt:
            figures[mt.group(1)] = int(mt.group(2))
    return figures


def drv_bench(build, rounds):
    """drvbench: drv up + drv down of each kind, insmod + rmmod of hello."""
    user = os.path.join(build, "user")
    modules = [os.path.join(user, p)
               for p in ("init", "ns", "fs", "lkmd", "drvbench")] + \
        [os.path.join(build, "initrd.img")]
    nic = ["-device", "ne2k_isa,netdev=n0,iobase=0x300,irq=9",
           "-netdev", "socket,id=n0,udp=127.0.0.1:9,localaddr=127.0.0.1:0"]
    figures = run_node(os.path.join(build, "tests", "drvbench.cfg"),
                       DRV_CFG % rounds, modules,
                       r"^init: drvbench exited with status 0$", nic)
    if figures is None:
        return 1
    print()
    for a, b in (("drv.module", "drv.user"), ("module.hello", "drv.user"),
                 ("module.hello", "drv.module")):
        print("ratio %s / %s = %.2f" % (a, b, figures[a] / figures[b]))
    return 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("--rounds", type=int, default=5000)
    ap.add_argument("--drv-rounds", type=int, default=20)
    ap.add_argument("--net-rounds", type=int, default=500)
    ap.add_argument("--only-drv", action="store_true")
    ap.add_argument("--only-net", action="store_true")
    args = ap.parse_args()
    if args.only_drv:
        return drv_bench(args.build, args.drv_rounds)
    if args.only_net:
        return net_bench(args.build, args.net_rounds)
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
    print()
    if drv_bench(args.build, args.drv_rounds):
        return 1
    print()
    return net_bench(args.build, args.net_rounds)


if __name__ == "__main__":
    sys.exit(main())
