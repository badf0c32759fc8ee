"""Two-node cases of what the network built-ins and tools say (the nodes
of tests/cases_net.py):

- net.messages: route del / arp -d of an entry net lacks name it (not "is
  net running?"); ifconfig refuses an address that cannot be a host's with
  the reason before asking net, and names the interface in every refusal;
  ifconfig IF dhcp says it started; a broadcast without -b is refused with
  "give -b", and ping -b / udpsend -b send one (beta's udpecho answers).
- net.restart_messages: net killed under a running udpecho and ping: both
  say the protocol server restarted and to run them again (not an empty
  errno text or "stale handle")."""

import re

from cases_net import ADDR, SUMMARY, Nodes, _background, _done, _node, \
    _ping_bg, _reply_after, net_case, _nic
from harness import CaseFailure, expect

STALE = ("the protocol server restarted: its sockets are gone (run the "
         "program again)")


def _says(sh, line, want, status):
    """line on sh's node prints exactly the lines want, status status."""
    out = sh.run(line)
    if out != want:
        raise CaseFailure("%s: %s printed %r, want %r"
                          % (_node(sh), line, out, want))
    sh.run_expect("echo $?", r"^%d$" % status)


def _messages_script(m, case):
    port = case.ports[0] % 30000 + 2000
    bcast = "10.0.0.255"
    with Nodes(m, case) as (a, b):
        _says(a, "arp -d 10.0.0.99",
              ["arp: 10.0.0.99: no such entry in the ARP cache (arp lists "
               "it)"], 1)
        _says(a, "route del 192.168.99.0/24",
              ["route: 192.168.99.0/24: no such route (route lists them)"],
              1)
        for addr, why in (
                ("10.0.0.255/24", "its network's broadcast address (host "
                 "bits all 1)"),
                ("10.0.0.0/24", "its network's own address (host bits "
                 "all 0)"),
                ("127.0.0.1", "127.x.x.x is loopback"),
                ("224.1.1.1", "224.0.0.0 and up is multicast or reserved "
                 "(class D/E)"),
                ("0.0.0.0", "0.x.x.x is this network, not a host's "
                 "address")):
            _says(a, "ifconfig eth0 " + addr,
                  ["ifconfig: eth0: %s: not a host address for it: %s"
                   % (addr, why)], 2)
        _says(a, "ifconfig eth9 10.0.0.9",
              ["ifconfig: eth9: no such interface (ifconfig lists them)"],
              1)
        # broadcasts: refused without -b, with the remedy; sent with it
        out = a.run("ping -c 1 -W 1 " + bcast)
        if "ping: %s: a broadcast address: give -b to allow it" % bcast \
                not in out:
            raise CaseFailure("ping %s printed %r" % (bcast, out))
        _says(a, "udpsend %s %d x" % (bcast, port),
              ["udpsend: connect to %s:%d: Permission denied (a broadcast "
               "address: give -b to allow it)" % (bcast, port)], 1)
        out = a.run("ping -b -c 1 -W 1 " + bcast)
        sent = [re.match(SUMMARY, l) for l in out]
        sent = [s.group(1) for s in sent if s]
        if out[:1] != ["WARNING: pinging broadcast address"] or \
                sent != ["1"]:
            raise CaseFailure("ping -b %s printed %r: want the warning and "
                              "1 transmitted" % (bcast, out))
        pid, _ = _background(b, "udpecho -c 1 %d" % port,
                             r"udpecho: listening on port %d$" % port)
        _says(a, "udpsend -b -w 10 %s %d hi" % (bcast, port),
              ["udpsend: sent 2 bytes to %s:%d" % (bcast, port),
               "udpsend: 2 bytes from %s:%d: hi" % (ADDR["beta"], port)],
              0)
        _done(b, pid, 0)
        _says(a, "ifconfig eth0 dhcp",
              ["ifconfig: eth0: asking DHCP (net logs the lease)"], 0)


def _restart_script(m, case):
    port = case.ports[0] % 30000 + 2000
    with Nodes(m, case) as (a, b):
        echo, n = _background(b, "udpecho %d" % port,
                              r"udpecho: listening on port %d$" % port)
        ping, k = _ping_bg(b, 100, ADDR["alpha"])
        _reply_after(b, ADDR["alpha"], k)
        b.run("kill %d" % b.net_pid)
        expect(b.m, case, r"^udpecho: recvfrom: %s$" % re.escape(STALE), n)
        expect(b.m, case, r"ping: %s: %s$" % (re.escape(ADDR["alpha"]),
                                               re.escape(STALE)), k)
        _done(b, echo, 1)
        _done(b, ping, 2)


def cases(ctx):
    found = [net_case("messages", _messages_script, timeout=90),
             net_case("restart_messages", _restart_script, timeout=90)]
    for c in found:
        c.extra_args = _nic(c, "alpha")
    return found
