"""make bench's network figures (docs/benchmarks.md, "Network"): two
nodes as tests/cases_net.py boots them (net_node.cfg, a loopback socket
netdev, driven through their shells), under TCG, in one run:

- ripc: `ripcbench echo@beta N` on alpha (remote IPC through both
  protocol servers) against `ripcbench echo N` on beta (the same client,
  a local call) and `framertt ne2k0 N` on alpha against nicecho on beta
  (a raw frame's round trip through both NIC drivers, frames as long as
  the remote call's). Microseconds, median/p10/p90.
- goodput: udpflood -> udpsink (1472-byte datagrams: full 1514-byte
  frames) at rising rates, the highest that lost nothing, against nicsend
  -> nicdump (1514-byte frames) at rising paces, likewise: UDP payload
  bytes a second against the raw frames' bytes a second.

Timing lives here, never in make test (net.bench_smoke in
tests/cases_bench.py runs the programs once, nothing timed)."""

import re

import cases_net
from cases_net import ADDR, SINK, Nodes, _background
from harness import CaseFailure, Context, expect, run_case

# framertt's frames are as long as a remote call's of ripcbench's 32
# bytes: Ethernet 14 + IP 20 + UDP 8 + the remote-IPC header 68 + 32.
CALL_FRAME = 14 + 20 + 8 + 68 + 32
FRAME = 1514             # a full Ethernet frame without the FCS
DATAGRAM = FRAME - 42    # UDP payload filling it (14 + 20 + 8 of headers)
SECONDS = 2              # each rate's flow lasts about this long
# Frames (datagrams) a second asked of both senders, which pace by the
# kernel's 100 Hz tick: rate / 100 back to back, then a tick's sleep. The
# driver's receive ring (58 pages) holds 9 full frames: 900 a second is
# the most a tick's burst can be when the receiver does not drain the ring
# meanwhile.
RATES = (200, 400, 800, 900, 1000, 1200, 1600, 2000, 3200)
UNPACED = 3000           # frames (datagrams) sent as fast as they go
# A receiving QEMU descheduled by the host's load loses frames at any rate
# (its ring fills): a rate is lossless when one of TRIES runs lost nothing.
TRIES = 2
US = r"median ([\d.]+) us, p10 ([\d.]+) us, p90 ([\d.]+) us"
CYCLES = r" \(median (?P<cycles>\d+) TSC cycles\)$"


def _far_start(sh, line, ready):
    """Starts line in the foreground of sh's shell (the other node is
    driven meanwhile) and waits for its ready line; the index of the
    line the command was echoed on."""
    n = sh.type(line + "\n")
    expect(sh.m, sh.case, ready, n)
    return n


def _far_end(sh, n, status):
    """Waits for the prompt after the program started on line n ended
    (no polling of a background job's report); its status must be
    status."""
    sh.wait_prompt(n + 1)
    got = sh.run_expect("echo $?", r"^(\d+)$").group(1)
    if got != str(status):
        raise CaseFailure("%r ended with status %s, want %d"
                          % (sh.m.lines[n], got, status))


def _figure(mt):
    """(median, p10, p90, median in TSC cycles) of a figure line's match:
    microseconds as the program calibrated them, cycles for the ratios
    (each program calibrates on its own, over 5 ticks that a loaded host
    can stretch; the cycles are the host's, the same for all)."""
    return tuple(float(x) for x in mt.group(1, 2, 3)) + \
        (int(mt.group("cycles")),)


def _triple(sh, line, pattern):
    """Runs line on sh's node; _figure of its figure line."""
    return _figure(sh.run_expect(line, pattern))


def ripc(a, b, rounds):
    """Remote call, local call, raw frame: {key: (median, p10, p90)}."""
    _background(b, "echosrv", r"echosrv: serving echo \(exported\)$")
    fig = {"ripc.remote": _triple(a, "ripcbench echo@beta %d" % rounds,
                                  r"^ripcbench: echo@beta: .*" + US + CYCLES),
           "ripc.local": _triple(b, "ripcbench echo %d" % rounds,
                                 r"^ripcbench: echo: .*" + US + CYCLES)}
    n = _far_start(b, "/test/nicecho ne2k0 %d" % (rounds + 10),
                   r"nicecho: ready$")
    mt = a.run_expect("/test/framertt ne2k0 %d %d" % (rounds, CALL_FRAME),
                      r"^framertt: \d+ round trips of %d bytes: " % CALL_FRAME
                      + US + r", lost (\d+)" + CYCLES)
    fig["frame.rtt"] = _figure(mt)
    if mt.group(4) != "0":
        raise CaseFailure("framertt lost %s frames: %s" % (mt.group(4),
                                                            mt.group(0)))
    _far_end(b, n, 0)
    return fig


def raw_rate(a, b, rate, count=None):
    """nicsend count (default: SECONDS' worth) 1514-byte frames at rate
    (0: unpaced) to nicdump on beta: (frames a second sent, frames lost)."""
    pace, count = rate // 100, count or rate * SECONDS or UNPACED
    n = _far_start(b, "nicdump ne2k0 %d -q gaps idle=200" % count,
                   r"nicdump: ready$")
    mt = a.run_expect("nicsend ne2k0 %d %d %d -q" % (count, FRAME, pace),
                      r"^nicsend: %d frames in (\d+) ms$" % count)
    got = int(expect(b.m, b.case, r"nicdump: got (\d+) frames", n)[1]
              .group(1))
    _far_end(b, n, 0)
    return count * 1000.0 / max(1, int(mt.group(1))), count - got


def udp_rate(a, b, port, rate, count=None):
    """udpflood of count (default: SECONDS' worth) datagrams at rate (0: as
    fast as it goes) to udpsink on beta: (datagrams a second sent,
    datagrams lost)."""
    count = count or rate * SECONDS or UNPACED
    n = _far_start(b, "/test/udpsink %d %d 2" % (port, count),
                   r"udpsink: listening on port %d$" % port)
    mt = a.run_expect("/test/udpflood %s %d %d %d %d" % (
        ADDR["beta"], port, count, DATAGRAM, rate or 100000),
        r"^udpflood: sent %d datagrams .* in (\d+) ms, " % count)
    got = expect(b.m, b.case, SINK, n)[1]
    lost = count - int(got.group(1)) + int(got.group(7))  # + corrupt
    _far_end(b, n, 0 if lost == 0 else 1)
    return count * 1000.0 / max(1, int(mt.group(1))), lost


def _ladders(measures, log):
    """Each measure(rate) of measures ({key: measure}) at RATES rising,
    taking turns at each rate (the host's load then falls on both alike),
    up to TRIES tries a rate until one lost nothing; a flow stops after
    two rates in a row where every try lost something (a moment's load
    alone does not end it), or once it went no faster than at the rate
    before; then unpaced. {key: (the highest lossless (rate achieved,
    rate asked) or None, unpaced (rate, lost))}."""
    best, going = {k: None for k in measures}, set(measures)
    failed = {k: 0 for k in measures}
    for asked in RATES:
        for key in sorted(going):
            for _ in range(TRIES):
                rate, lost = measures[key](asked)
                log.append("  %-6s asked %5d: %8.1f a second, lost %d"
                           % (key, asked, rate, lost))
                if not lost:
                    break
            failed[key] = failed[key] + 1 if lost else 0
            if failed[key] == 2 or \
                    (not lost and best[key] and rate <= best[key][0] * 1.05):
                going.discard(key)
            if not lost and (not best[key] or rate > best[key][0]):
                best[key] = (rate, asked)
    out = {}
    for key in sorted(measures):
        unpaced = measures[key](0)
        log.append("  %-6s unpaced:     %8.1f a second, lost %d of %d"
                   % ((key,) + unpaced + (UNPACED,)))
        out[key] = best[key], unpaced
    return out


def _script(rounds, out):
    def script(m, case):
        port = case.ports[0] % 30000 + 2000
        with Nodes(m, case) as (a, b):
            cases_net._ping(a, ADDR["beta"], count=1)  # ARP both ways
            out.update(ripc(a, b, rounds))
            log = out.setdefault("log", [])
            log.append("raw: nicsend -> nicdump, %d-byte frames; udp: "
                       "udpflood -> udpsink, %d-byte datagrams"
                       % (FRAME, DATAGRAM))
            ports = iter(range(port, port + TRIES * len(RATES) + 1))
            rates = _ladders({
                "raw": lambda r: raw_rate(a, b, r),
                "udp": lambda r: udp_rate(a, b, next(ports), r)}, log)
            out["frame.rate"], out["udp.rate"] = rates["raw"], rates["udp"]
    return script


def _report(fig):
    for line in fig.get("log", []):
        print(line)
    print()
    for k in ("ripc.remote", "ripc.local", "frame.rtt"):
        print("%-12s median %8.1f us  p10 %8.1f us  p90 %8.1f us  "
              "(median %d cycles)" % ((k,) + fig[k]))
    remote, local, raw = (fig[k][3] for k in ("ripc.remote", "ripc.local",
                                              "frame.rtt"))
    print("ratios of the medians in cycles:")
    print("ratio ripc.remote / ripc.local = %.2f" % (remote / local))
    print("ratio ripc.remote / frame.rtt = %.2f (target <= 1.5)"
          % (remote / raw))
    (frame, frame_free), (udp, udp_free) = fig["frame.rate"], \
        fig["udp.rate"]
    # Unpaced, the receiver drops what it cannot take: what arrived over
    # the sender's time is what each path delivers at most.
    came = [r * (UNPACED - lost) / UNPACED for r, lost in (frame_free,
                                                           udp_free)]
    print("unpaced: raw %.1f frames/s sent, %.1f arrived (lost %d of %d); "
          "UDP %.1f datagrams/s sent, %.1f arrived (lost %d of %d)"
          % (frame_free[0], came[0], frame_free[1], UNPACED, udp_free[0],
             came[1], udp_free[1], UNPACED))
    print("ratio unpaced udp / raw, payload bytes arrived / frame bytes "
          "arrived = %.2f" % (came[1] * DATAGRAM / (came[0] * FRAME)))
    if not frame or not udp:
        print("goodput: no rate lost nothing (log above)")
        return 1
    print("frame.rate   %8.1f frames/s of %d bytes = %9.0f bytes/s (asked %d)"
          % (frame[0], FRAME, frame[0] * FRAME, frame[1]))
    print("udp.goodput  %8.1f datagrams/s of %d bytes = %9.0f bytes/s "
          "(asked %d)" % (udp[0], DATAGRAM, udp[0] * DATAGRAM, udp[1]))
    print("ratio udp.goodput / frame.rate = %.2f (target >= 0.70)"
          % (udp[0] * DATAGRAM / (frame[0] * FRAME)))
    return 0


def net_bench(build, rounds):
    """Runs the two nodes' figures and prints them; 0, or 1 on a failure
    (its reason and the log's path shown)."""
    ctx = Context(build)
    fig = {}
    case = cases_net.net_case("ripc", _script(rounds, fig), timeout=300,
                              suite="bench")
    case.ctx = ctx
    case.modules = case.modules_for(ctx)
    case.extra_args = cases_net._nic(case, "alpha")
    result = run_case(case, ctx)
    if not result.ok:
        print("bench: %s failed: %s (logs in %s)" % (case.name, result.reason,
                                                     ctx.logs))
        return 1
    return _report(fig)
