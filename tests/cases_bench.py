"""The smoke test of make bench's network figures (tests/bench_net.py):
the same two nodes and programs, a few rounds, nothing timed.

- net.bench_smoke: ripcbench remote and local, framertt against nicecho
  (every frame back), nicsend -> nicdump and udpflood -> udpsink at 100 a
  second (nothing lost; nicsend's time line there); framertt's refusals
  (usage, an unknown driver) and its giving up when nothing echoes."""

from bench_net import raw_rate, ripc, udp_rate
from cases_net import ADDR, Nodes, _nic, _ping, net_case
from harness import CaseFailure


def _refusals(a):
    """framertt's usage errors (status 2), an unknown driver (1), and no
    echo at all: it gives up after 2 frames (1), naming the remedy."""
    for line, pattern, status in (
            ("/test/framertt", r"^framertt: 0 arguments given", 2),
            ("/test/framertt ne2k0 0", r"^framertt: N: ", 2),
            ("/test/framertt ne2k0 5 59", r"^framertt: SIZE: ", 2),
            ("/test/framertt ne2k0 5 1515", r"^framertt: SIZE: ", 2),
            ("/test/framertt nosuch 5", r"^framertt: nosuch: ", 1),
            ("/test/framertt ne2k0 5", r"^framertt: 2 of 2 frames without an "
             r"echo in a second each: is nicecho ne2k0 running on the "
             r"peer\?$", 1)):
        a.run_expect(line, pattern)
        a.run_expect("echo $?", r"^%d$" % status)


def _smoke_script(m, case):
    port = case.ports[0] % 30000 + 2000
    with Nodes(m, case) as (a, b):
        _ping(a, ADDR["beta"], count=1)
        _refusals(a)
        ripc(a, b, 20)
        for what, (_, lost) in (("nicsend", raw_rate(a, b, 100, 10)),
                                ("udpflood", udp_rate(a, b, port, 100, 10))):
            if lost:
                raise CaseFailure("%s at 100 a second: %d of 10 lost"
                                  % (what, lost))


def cases(ctx):
    c = net_case("bench_smoke", _smoke_script, timeout=90)
    c.extra_args = _nic(c, "alpha")
    return [c]
