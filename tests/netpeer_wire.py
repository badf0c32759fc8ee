"""The test as a peer host on the wire of a node that runs net: frames
injected through tests/relay.py (the node's NIC on a socket netdev, no
root), the node's frames read back from the relay's record, ARP requests
for the peer's address answered on the way, and net's counters read with
`netstat -s` in the node's shell.

The peer is PEER_IP/PEER_MAC on the node's network; the node is NODE_MAC,
whose address net derives from the MAC (52:54:00:00:00:01 -> 10.0.0.1).
Frames go to the node in order and net handles them one at a time in its
loop, so a barrier (an echo request whose reply came back) proves every
frame injected before it was handled: "no answer" is judged after one."""

import re
import struct
import time

import craft
import relay as relay_mod
from cases_netlab import _sum16
from harness import CaseFailure, time_left

NODE_MAC, NODE_IP = "52:54:00:00:00:01", "10.0.0.1"
PEER_MAC, PEER_IP = "02:00:00:00:03:fe", "10.0.0.254"
PORT = "b"  # the node's port on the relay
BARRIER_ID = 0x4C56
ANSWER_S = 15  # the longest a node on a loaded host takes to answer

# netstat -s's drop lines (user/netstat) -> short names.
DROPS = {"shorter than their header": "short",
         "with a length field that lies": "badlen",
         "with a bad checksum": "csum",
         "not IPv4 or a bad header length": "version",
         "not for this node": "notmine",
         "of a protocol net does not speak": "proto",
         "to a closed UDP port": "noport",
         "with a socket's queue full": "queue",
         "fragments dropped (overlap, limits)": "reasm",
         "with TTL 0": "ttl",
         "ARP malformed or for other hosts": "arp",
         "outgoing: no route or ARP failed": "noroute",
         "other (unknown sender, ...)": "other"}
COUNTER_LINES = [
    (r"^\s*frames: (\d+) in, (\d+) out$", ["frames_in", "frames_out"]),
    (r"^\s*ip: (\d+) in, (\d+) out; (\d+) fragments sent; (\d+) "
     r"reassembled, (\d+) reassembly timeouts$",
     ["ip_in", "ip_out", "frags_out", "reasm_ok", "reasm_timeouts"]),
    (r"^\s*icmp: (\d+) in, (\d+) out, (\d+) errors not sent \(rate "
     r"limit\)$", ["icmp_in", "icmp_out", "icmp_ratelimited"]),
    (r"^\s*udp: (\d+) in, (\d+) out$", ["udp_in", "udp_out"]),
    (r"^\s*arp: (\d+) in, (\d+) out$", ["arp_in", "arp_out"]),
]
# What the test checks exactly after each frame: every counter of what came
# in (nothing else sends the node frames), the ICMP it sent and the
# reassembly's; the out counters of frames, IP, UDP and ARP also move with
# net's DHCP client and ARP requests, so they are not compared.
EXACT = ["frames_in", "ip_in", "icmp_in", "udp_in", "arp_in", "icmp_out",
         "icmp_ratelimited", "reasm_ok", "reasm_timeouts"] + \
    sorted(DROPS.values())


def counters(sh, tries=2):
    """net's counters by name, from `netstat -s` in the node's shell (run
    again when a line is missing: another process's line may have cut
    one; netstat itself moves no counter)."""
    out = sh.run("netstat -s")
    got = {}
    for line in out:
        for pattern, names in COUNTER_LINES:
            mt = re.match(pattern, line)
            if mt:
                got.update(zip(names, map(int, mt.groups())))
        mt = re.match(r"^\s+(\d+) (.+)$", line)
        if mt and mt.group(2) in DROPS:
            got[DROPS[mt.group(2)]] = int(mt.group(1))
    missing = [k for k in EXACT if k not in got]
    if missing and tries > 1:
        return counters(sh, tries - 1)
    if missing:
        raise CaseFailure("netstat -s lacks %s: %r" % (missing, out))
    return got


def _addr(text):
    return bytes(int(x) for x in text.split("."))


def udp_bytes(src, dst, sport, dport, data, ulen=None, csum=None):
    """A UDP header + data; ulen (the length field) may lie; the checksum
    covers the pseudo-header and the first ulen bytes (as a receiver sums
    them) unless csum gives the field."""
    ulen = 8 + len(data) if ulen is None else ulen
    head = struct.pack("!HHHH", sport, dport, ulen, 0)
    if csum is None:
        body = (head + data)[:ulen]
        pseudo = _addr(src) + _addr(dst) + struct.pack("!BBH", 0, 17, ulen)
        csum = _sum16(pseudo + body) or 0xFFFF
    return head[:6] + struct.pack("!H", csum) + data


class Wire:
    """The peer: sends frames to the node and waits for its answers."""

    def __init__(self, case):
        self.case, self.relay = case, case.relay
        self.s = craft.scapy()
        self.seq = 0
        self.arp_answered = 0  # ARP replies the peer sent (arp_in)
        self.seen = 0  # records already looked at for ARP
        self.late_arp = False  # an ARP reply sent after what wait found
        self.pings = 0

    # --- building -----------------------------------------------------------
    def eth(self, dst=NODE_MAC, src=PEER_MAC, type=None):
        kw = {} if type is None else {"type": type}
        return self.s.Ether(dst=dst, src=src, **kw)

    def ip(self, src=PEER_IP, dst=NODE_IP, **kw):
        return self.s.IP(src=src, dst=dst, **kw)

    def echo(self, ident, seq, data=b"lavender", src=PEER_IP, dst=NODE_IP,
             mac=NODE_MAC, **ipkw):
        s = self.s
        return bytes(self.eth(dst=mac) / self.ip(src=src, dst=dst, **ipkw) /
                     s.ICMP(type=8, id=ident, seq=seq) / s.Raw(data))

    def udp(self, dport, data, sport=4000, dst=NODE_IP, mac=NODE_MAC,
            **udpkw):
        payload = udp_bytes(PEER_IP, dst, sport, dport, data, **udpkw)
        return bytes(self.eth(dst=mac) / self.ip(dst=dst, proto=17) /
                     self.s.Raw(payload))

    # --- the wire -----------------------------------------------------------
    def mark(self):
        with self.relay.cond:
            return len(self.relay.records)

    def send(self, frame):
        self.relay.inject(PORT, bytes(frame))

    def _node_frames(self, start):
        """(index, scapy packet) of the node's frames from record start;
        answers ARP requests for the peer on the way (relay.cond held)."""
        out = []
        recs = self.relay.records
        for i in range(start, len(recs)):
            if recs[i].port != PORT or recs[i].fate == relay_mod.INJECTED:
                continue
            pkt = self.s.Ether(recs[i].frame)
            out.append((i, pkt))
        return out

    def _answer_arp(self):
        """Answers the node's ARP requests for PEER_IP seen since last
        time (relay.cond held: inject runs after it is released)."""
        todo = []
        for i, pkt in self._node_frames(self.seen):
            a = pkt.getlayer(self.s.ARP)
            if a is not None and a.op == 1 and a.pdst == PEER_IP:
                todo.append(a)
        self.seen = len(self.relay.records)
        return todo

    def _reply_arp(self, todo):
        for a in todo:
            self.arp_answered += 1
            self.send(self.eth(dst=a.hwsrc) /
                      self.s.ARP(op=2, hwsrc=PEER_MAC, psrc=PEER_IP,
                                 hwdst=a.hwsrc, pdst=a.psrc))

    def wait(self, pred, start, what, timeout=ANSWER_S):
        """The first node frame from record start that pred(pkt) takes
        (answering ARP for the peer meanwhile); CaseFailure after timeout
        seconds or at the case's deadline."""
        deadline = time.monotonic() + min(timeout, time_left(self.case))
        while True:
            with self.relay.cond:
                todo = self._answer_arp()
                found = next((p for _, p in self._node_frames(start)
                              if pred(p)), None)
                if found is None and not todo:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise CaseFailure("the node never sent %s" % what)
                    self.relay.cond.wait(min(left, 0.5))
            self._reply_arp(todo)
            if found is not None:
                self.late_arp = bool(todo)
                return found

    def frames(self, pred, start):
        """The node's frames from record start that pred takes."""
        with self.relay.cond:
            return [p for _, p in self._node_frames(start) if pred(p)]

    def is_echo_reply(self, ident, seq, pkt):
        s = self.s
        return pkt.haslayer(s.ICMP) and pkt[s.IP].src == NODE_IP and \
            pkt[s.IP].dst == PEER_IP and pkt[s.ICMP].type == 0 and \
            pkt[s.ICMP].id == ident and pkt[s.ICMP].seq == seq

    def ping(self, data=b"barrier!", **kw):
        """An echo request; returns its reply (the barrier). pings counts
        the echo requests sent."""
        while True:
            self.seq += 1
            self.pings += 1
            seq, start = self.seq, self.mark()
            self.send(self.echo(BARRIER_ID, seq, data, **kw))
            reply = self.wait(lambda p: self.is_echo_reply(BARRIER_ID, seq,
                                                           p),
                              start, "the echo reply of seq %d" % seq)
            if not self.late_arp:
                return reply
            # An ARP reply went after the echo reply (the node asked again
            # while it still knew the peer): a second barrier covers it.


def check_delta(what, before, after, want, arp_extra=0):
    """after - before must be want (name: count, others 0) for every
    EXACT counter; arp_extra: ARP replies the peer sent meanwhile."""
    want = dict(want)
    want["arp_in"] = want.get("arp_in", 0) + arp_extra
    bad = []
    for k in EXACT:
        got = after[k] - before[k]
        if got != want.get(k, 0):
            bad.append("%s %+d (want %+d)" % (k, got, want.get(k, 0)))
    if bad:
        raise CaseFailure("%s: counters: %s" % (what, ", ".join(bad)))
