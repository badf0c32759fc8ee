"""The protocol server (servers/net) against a hostile wire and hostile
programs. The node runs the boot set with net (tests/configs/nethostile.cfg);
its NE2000 is on the test's frame relay (tests/relay.py), where the test is
a peer host (tests/netpeer_wire.py) sending scapy-built or hand-built
frames and reading the node's answers.

- nethostile.frames: truncated Ethernet/IP/UDP/ICMP/ARP headers, IP and UDP
  lengths that lie both ways, bad checksums, IP options, IHL < 5, version
  6, ARP for other hosts and malformed, a gratuitous ARP claiming the node's
  address (logged, defended once; a storm of them within 10 s counted,
  logged once, not answered), echo requests to broadcast addresses and
  martian sources (the node's own address, broadcasts, multicast), echo
  requests to 127.0.0.1 and 127.1.2.3 (dropped: loopback is not on a
  wire), UDP to a closed port (ICMP port unreachable quoting it; a burst
  of 100 answered at the rate limit, the rest counted). Each frame alone: `netstat -s` before
  and after (every counter of what came in, the drops by cause and the ICMP
  sent, exactly), the answer or the silence; net's pid unchanged at the end
  and still answering ping and UDP.
- nethostile.fragments: overlapping fragments with the same bytes
  (answered) and different ones (dropped, counted), a flood past the
  reassembly slots (counted), fragments that never complete (ICMP time
  exceeded quoting the first fragment after the 30 s timeout; every slot's
  timeout counted); a fragmented echo answered afterwards.
- nethostile.sockets: /test/socktest (user/socktest) against the real net:
  the BSD socket API's checks, then netstat -u shows none of its sockets."""

import os
import re
import time

import relay as relay_mod
from cases_netlab import _needs_scapy, _sum16
from cases_sh import PROGRAMS, Shell, _exit_shell, _ps_rows
from harness import Case, CaseFailure, expect
from netpeer_wire import (ANSWER_S, BARRIER_ID, NODE_IP, NODE_MAC, PEER_IP,
                          PEER_MAC, Wire,
                          check_delta, counters)

BARRIER = {"frames_in": 1, "ip_in": 1, "icmp_in": 1, "icmp_out": 1}
ECHO_PORT = 7777  # udpecho's on the node
CLOSED_PORT = 9
RATE_BURST, RATE_PER_S = 10, 10  # icmp.c's ICMP_ERR_BURST, ICMP_ERR_PER_S


def _plus(*dicts):
    out = {}
    for d in dicts:
        for k, v in d.items():
            out[k] = out.get(k, 0) + v
    return out


class Node:
    """The node's shell, net's pid, udpecho on ECHO_PORT, and the peer's
    wire."""

    def __init__(self, m, case):
        self.m, self.case = m, case
        self.sh = Shell(m, case)
        self.sh.start()
        self.pid = self.net_pid()
        i = self.sh.type("drv up ne2k\n")
        expect(m, case, r"^drv: ne2k0 up \(pid \d+, user\)$", i)
        expect(m, case, r"net: eth0 address %s/24 from " % NODE_IP, i)
        self.sh.wait_prompt(i + 1)
        i = self.sh.type("udpecho %d &\n" % ECHO_PORT)
        expect(m, case, r"udpecho: listening on port %d$" % ECHO_PORT, i)
        self.wire = Wire(case)
        self.wire.ping()  # the node learns the peer's MAC (ARP)
        self.count = counters(self.sh)

    def net_pid(self):
        pids = [p for p, n in _ps_rows(self.sh.run("ps")).items()
                if n == "net"]
        if len(pids) != 1:
            raise CaseFailure("ps shows net as %r" % pids)
        return pids[0]

    def step(self, name, frames, want, answer=None, answers="one",
             group=0, wait_s=ANSWER_S):
        """Sends frames (one or a list); then the barrier. want: the
        counters' changes besides the barrier's (frames_in defaults to one
        a frame). answer: what the node must send back (answers of them);
        every other IP packet to the peer but the barrier's reply, and any
        ARP reply, is a failure; answers None: any number of them. want may
        be a function of the answers. group: a barrier after each group
        of frames too; wait_s: how long the answer may take. Returns the
        answers."""
        w = self.wire
        if answers == "one":
            answers = 1 if answer else 0
        frames = frames if isinstance(frames, list) else [frames]
        if not callable(want) and "frames_in" not in want:
            want = _plus({"frames_in": len(frames)}, want)
        start, arp0, pings0 = w.mark(), w.arp_answered, w.pings
        for i, f in enumerate(frames):
            w.send(f)
            if group and (i + 1) % group == 0 and i + 1 < len(frames):
                w.ping()  # the NIC's ring holds about 50 frames
        if answer and answers:
            w.wait(answer, start, "%s's answer" % name, wait_s)
        w.ping()
        got = w.frames(lambda p: _to_peer(w, p) and
                       not (p.haslayer(w.s.ICMP) and
                            p[w.s.ICMP].type == 0 and
                            p[w.s.ICMP].id == BARRIER_ID), start)
        mine = [p for p in got if answer and answer(p)]
        if callable(want):
            want = want(mine)
        if len(mine) != len(got) or (answers is not None and
                                     len(mine) != answers):
            raise CaseFailure("%s: the node sent %d frames, %d of them the "
                              "answer (want %s): %s" % (
                                  name, len(got), len(mine), answers,
                                  [p.summary() for p in got]))
        after = counters(self.sh)
        check_delta(name, self.count, after,
                    _plus(want, *[BARRIER] * (w.pings - pings0)),
                    w.arp_answered - arp0)
        self.count = after
        return mine

    def finish(self):
        """net answers ping and UDP and is the same process."""
        w = self.wire
        w.ping(data=b"still here")
        start = w.mark()
        w.send(w.udp(ECHO_PORT, b"still serving"))
        w.wait(lambda p: _udp_from_node(w, p, ECHO_PORT, b"still serving"),
               start, "udpecho's answer at the end")
        if self.net_pid() != self.pid:
            raise CaseFailure("net's pid changed: %d, was %d"
                              % (self.net_pid(), self.pid))
        _exit_shell(self.sh)


def _to_peer(w, p):
    s = w.s
    if p.haslayer(s.ARP):
        return p[s.ARP].op == 2
    return p.haslayer(s.IP) and p[s.IP].dst == PEER_IP


def _ip_data(w, p):
    """The bytes after p's IP header up to its total length (the
    Ethernet padding left out)."""
    raw = bytes(p[w.s.IP])
    return raw[(raw[0] & 15) * 4:(raw[2] << 8 | raw[3])]


def _udp_from_node(w, p, sport, data):
    s = w.s
    return p.haslayer(s.UDP) and p[s.IP].src == NODE_IP and \
        p[s.UDP].sport == sport and _ip_data(w, p)[8:] == data


def _icmp_error(w, type_, code, sent):
    """A predicate: ICMP type/code from the node quoting sent's IP header
    and its first 8 bytes of data."""
    s = w.s
    ihl = (sent[14] & 15) * 4
    quote = sent[14:14 + ihl + 8]

    def pred(p):
        return p.haslayer(s.ICMP) and p[s.IP].src == NODE_IP and \
            p[s.ICMP].type == type_ and p[s.ICMP].code == code and \
            _ip_data(w, p)[8:8 + len(quote)] == quote
    return pred


def _echo_reply(w, ident, data):
    s = w.s

    def pred(p):
        return w.is_echo_reply(ident, 1, p) and _ip_data(w, p)[8:] == data
    return pred


# --- nethostile.frames -------------------------------------------------------

def _set(frame, at, value):
    b = bytearray(frame)
    b[at] = value
    return bytes(b)


def _ip_header_checksum(frame):
    """frame with its IP header checksum computed again."""
    ihl = (frame[14] & 15) * 4
    head = frame[14:14 + ihl]
    head = head[:10] + b"\0\0" + head[12:]
    c = _sum16(head)
    return frame[:24] + bytes([c >> 8, c & 255]) + frame[26:]


def _malformed(node):
    """Headers cut short, lengths that lie, bad checksums, bad versions."""
    w, s = node.wire, node.wire.s
    echo = w.echo(0x100, 1)
    ip_in = {"ip_in": 1}
    # A runt: the NIC pads it to 60 bytes of zeros after the 10 sent, so
    # its EtherType is 0: no protocol server asked for it, net never sees it.
    node.step("ethernet header cut (10 bytes)", echo[:10], {"frames_in": 0})
    # The EtherType and nothing else: 46 zero bytes of IP (padding).
    node.step("ethernet header only", echo[:14], _plus(ip_in, {"version": 1}))
    node.step("ip header cut at 12 bytes", echo[:14 + 12],
              _plus(ip_in, {"csum": 1}))
    opts = bytes(w.eth() / w.ip(options=[s.IPOption_NOP()] * 40) /
                 s.ICMP(type=8))
    node.step("ip header of 60 bytes cut at 40", opts[:14 + 40],
              _plus(ip_in, {"short": 1}))
    node.step("ihl 3", _ip_header_checksum(_set(echo, 14, 0x43)),
              _plus(ip_in, {"version": 1}))
    node.step("version 6 in an IPv4 frame",
              _ip_header_checksum(_set(echo, 14, 0x65)),
              _plus(ip_in, {"version": 1}))
    node.step("bad ip checksum", _set(echo, 24, echo[24] ^ 0xFF),
              _plus(ip_in, {"csum": 1}))
    node.step("ip total length past the frame",
              w.echo(0x101, 1, len=1400), _plus(ip_in, {"badlen": 1}))
    node.step("ip total length below the header",
              w.echo(0x102, 1, len=12), _plus(ip_in, {"badlen": 1}))
    # Shorter than the frame: the rest is padding, the datagram is answered
    # with its own bytes only.
    node.step("ip total length short of the frame",
              w.echo(0x103, 1, b"the datagram") + b"trailing junk" * 3,
              _plus(ip_in, {"icmp_in": 1, "icmp_out": 1}),
              answer=_echo_reply(w, 0x103, b"the datagram"))
    udp_ip = _plus(ip_in, {"udp_in": 1})
    node.step("udp header cut", bytes(w.eth() / w.ip(proto=17, len=24) /
                                      s.Raw(b"\x0f\xa0\x1e\x61")),
              _plus(udp_ip, {"short": 1}))
    node.step("udp length past the datagram",
              w.udp(ECHO_PORT, b"u" * 16, ulen=200),
              _plus(udp_ip, {"badlen": 1}))
    node.step("udp length below its header",
              w.udp(ECHO_PORT, b"u" * 16, ulen=4),
              _plus(udp_ip, {"badlen": 1}))
    node.step("bad udp checksum",
              w.udp(ECHO_PORT, b"u" * 16, csum=0x1234),
              _plus(udp_ip, {"csum": 1}))
    # A UDP length short of the IP payload: the datagram is ulen bytes
    # (RFC 768), udpecho gets and sends back only those.
    node.step("udp length short of the ip payload",
              w.udp(ECHO_PORT, b"0123456789" + b"tail" * 5, ulen=8 + 10),
              udp_ip, answer=lambda p: _udp_from_node(w, p, ECHO_PORT,
                                                      b"0123456789"))
    node.step("udp checksum 0 (none sent)",
              w.udp(ECHO_PORT, b"no checksum", csum=0), udp_ip,
              answer=lambda p: _udp_from_node(w, p, ECHO_PORT,
                                              b"no checksum"))
    icmp_ip = _plus(ip_in, {"icmp_in": 1})
    node.step("icmp header cut", bytes(w.eth() / w.ip(proto=1, len=23) /
                                       s.Raw(b"\x08\x00\xf7")),
              _plus(icmp_ip, {"short": 1}))
    node.step("bad icmp checksum",
              bytes(w.eth() / w.ip() / s.ICMP(type=8, chksum=0x1234) /
                    s.Raw(b"x" * 8)), _plus(icmp_ip, {"csum": 1}))
    node.step("icmp error quoting less than a header",
              bytes(w.eth() / w.ip() / s.ICMP(type=3, code=3) /
                    s.Raw(b"q" * 10)), _plus(icmp_ip, {"short": 1}))


def _options(node):
    """IP options are skipped: the datagram is answered."""
    w, s = node.wire, node.wire.s
    for name, opts in (
            ("nop options", [s.IPOption_NOP()] * 4),
            ("record route", [s.IPOption_NOP(),
                              s.IPOption_RR(routers=["0.0.0.0"] * 3)])):
        ident = 0x200 + len(name)
        data = b"with " + name.encode()
        node.step("echo request with " + name,
                  w.echo(ident, 1, data, options=opts),
                  {"ip_in": 1, "icmp_in": 1, "icmp_out": 1},
                  answer=_echo_reply(w, ident, data))
    # The UDP checksum covers a pseudo-header, the same with options.
    sent = w.udp(CLOSED_PORT, b"options")
    sent = bytes(w.eth() / w.ip(proto=17, options=[s.IPOption_NOP()] * 4) /
                 s.Raw(sent[34:]))
    node.step("udp with options to a closed port", sent,
              {"ip_in": 1, "udp_in": 1, "icmp_out": 1, "noport": 1},
              answer=_icmp_error(w, 3, 3, sent))


def _arp(node):
    w, s = node.wire, node.wire.s
    arp_in = {"arp_in": 1}

    def arp(**kw):
        fields = dict(op=1, hwsrc=PEER_MAC, psrc=PEER_IP, pdst=NODE_IP)
        fields.update(kw)
        return bytes(w.eth(dst="ff:ff:ff:ff:ff:ff") / s.ARP(**fields))

    node.step("arp request for another host", arp(pdst="10.0.0.77"),
              _plus(arp_in, {"arp": 1}))
    node.step("arp with 8-byte hardware addresses", arp(hwlen=8),
              _plus(arp_in, {"arp": 1}))
    node.step("arp of op 7", arp(op=7), _plus(arp_in, {"arp": 1}))
    # Cut after the sender's addresses: the rest is padding, a request for
    # 0.0.0.0, which is no address of ours.
    node.step("arp cut after the sender", arp()[:14 + 18],
              _plus(arp_in, {"arp": 1}))
    # A request for the node's own address is answered (the ARP reply).
    node.step("arp request for the node", arp(),
              arp_in, answer=lambda p: p.haslayer(s.ARP) and
              p[s.ARP].op == 2 and p[s.ARP].psrc == NODE_IP and
              p[s.ARP].hwsrc == NODE_MAC and p[s.ARP].pdst == PEER_IP)
    # Another host claims the node's address: net logs it and defends it
    # (a gratuitous ARP of its own), and keeps its address. Within
    # DEFEND_INTERVAL (10 s, RFC 5227 2.4 (b)) of that defence, conflicts are
    # counted and logged once, never defended again: a storm of them gets no
    # answer, and the console gets one line.
    intruder = "02:00:00:00:00:66"

    def claim(op):
        return bytes(w.eth(dst="ff:ff:ff:ff:ff:ff", src=intruder) /
                     s.ARP(op=op, hwsrc=intruder, psrc=NODE_IP, pdst=NODE_IP))

    def defences(start):
        return len(w.frames(lambda p: p.haslayer(s.ARP) and
                            p[s.ARP].hwsrc == NODE_MAC and
                            p[s.ARP].psrc == NODE_IP and
                            p[s.ARP].pdst == NODE_IP and
                            p.dst == "ff:ff:ff:ff:ff:ff", start))
    conflict = r"net: eth0: address conflict: %s claims %s" % (intruder,
                                                              NODE_IP)
    # One step, so the storm comes well within the interval.
    storm = 30
    start, i = w.mark(), len(node.m.lines)
    node.step("gratuitous arp claiming the node's address, then a storm of "
              "%d more" % storm, [claim(1 + n % 2) for n in range(storm + 1)],
              {"arp_in": storm + 1})
    expect(node.m, node.case, conflict + r"; it stays ours \(defended\)$", i)
    expect(node.m, node.case, conflict + r" again; not defended again for "
           r"10 s \(1 since the defence; ifconfig eth0 ADDR/N moves us\)$", i)
    lines = [ln for ln in node.m.lines[i:] if "address conflict" in ln]
    if len(lines) != 2 or defences(start) != 1:
        raise CaseFailure("a storm of conflicting arp: %d announcements of "
                          "the node's own (want 1), log lines %r (want 2)"
                          % (defences(start), lines))


def _addresses(node):
    """Echo requests to broadcasts and from martian sources."""
    w = node.wire
    bcast = "ff:ff:ff:ff:ff:ff"
    for dst in ("10.0.0.255", "255.255.255.255"):
        node.step("echo request to " + dst,
                  w.echo(0x300, 1, dst=dst, mac=bcast),
                  {"ip_in": 1, "icmp_in": 1})
    for src in (NODE_IP, "255.255.255.255", "10.0.0.255", "224.0.0.1",
                "127.0.0.1"):
        node.step("echo request from " + src, w.echo(0x301, 1, src=src),
                  {"ip_in": 1, "notmine": 1})
    node.step("echo request to another host", w.echo(0x302, 1,
                                                     dst="10.0.0.77"),
              {"ip_in": 1, "notmine": 1})
    # 127/8 is the node itself, but never from the wire (RFC 1122
    # 3.2.1.3 (g)): no answer, counted.
    for dst in ("127.0.0.1", "127.1.2.3"):
        node.step("echo request to " + dst + " from the wire",
                  w.echo(0x303, 1, dst=dst), {"ip_in": 1, "notmine": 1})


def _closed_port(node):
    """UDP to a closed port: ICMP port unreachable quoting the datagram;
    none for a broadcast; a burst of 100 answered at the rate limit."""
    w = node.wire
    sent = w.udp(CLOSED_PORT, b"anyone there?")
    node.step("udp to a closed port", sent,
              {"ip_in": 1, "udp_in": 1, "icmp_out": 1, "noport": 1},
              answer=_icmp_error(w, 3, 3, sent))
    node.step("udp to a closed port by broadcast",
              w.udp(CLOSED_PORT, b"anyone?", dst="10.0.0.255",
                    mac="ff:ff:ff:ff:ff:ff"),
              {"ip_in": 1, "udp_in": 1, "noport": 1})
    burst = [w.udp(CLOSED_PORT, b"burst %03d" % i, sport=5000 + i)
             for i in range(100)]
    t0 = time.monotonic()

    def want(answered):
        # The bucket was nearly full (two errors in the last steps) and
        # refills RATE_PER_S a second while the burst goes in.
        n, most = len(answered), RATE_BURST + 1 + \
            int(RATE_PER_S * (time.monotonic() - t0))
        if not RATE_BURST - 2 <= n <= most:
            raise CaseFailure("the burst got %d port unreachables; the "
                              "rate limit allows %d-%d" % (
                                  n, RATE_BURST - 2, most))
        return {"frames_in": 100, "ip_in": 100, "udp_in": 100,
                "noport": 100, "icmp_out": n, "icmp_ratelimited": 100 - n}
    node.step("a burst of 100 to a closed port", burst, want,
              answer=lambda p: p.haslayer(w.s.ICMP) and
              p[w.s.ICMP].type == 3 and p[w.s.ICMP].code == 3,
              answers=None, group=25)


def _frames_script(m, case):
    node = Node(m, case)
    _malformed(node)
    _options(node)
    _arp(node)
    _addresses(node)
    _closed_port(node)
    node.finish()


# --- nethostile.fragments ----------------------------------------------------

REASM_SLOTS = 8  # pure_reasm.h
REASM_TIMEOUT_S = 30  # ip.c


def _echo_icmp(w, ident, data):
    """An echo request's ICMP bytes (header and data)."""
    return bytes(w.s.ICMP(type=8, id=ident, seq=1) / w.s.Raw(data))


def _fragment(w, ident, payload, start, end, more, proto=1):
    """The frame of payload[start:end] as a fragment of datagram ident."""
    s = w.s
    return bytes(w.eth() / w.ip(id=ident, proto=proto, frag=start // 8,
                                flags="MF" if more else 0) /
                 s.Raw(payload[start:end]))


def _fragments_script(m, case):
    node = Node(m, case)
    w = node.wire
    data = bytes(range(48))
    icmp = _echo_icmp(w, 0x400, data)  # 56 bytes
    node.step("overlapping fragments with the same bytes",
              [_fragment(w, 0x400, icmp, 0, 32, True),
               _fragment(w, 0x400, icmp, 16, 48, True),
               _fragment(w, 0x400, icmp, 48, 56, False)],
              {"ip_in": 3, "reasm_ok": 1, "icmp_in": 1, "icmp_out": 1},
              answer=_echo_reply(w, 0x400, data))
    other = icmp[:24] + bytes(b ^ 0x5A for b in icmp[24:])
    node.step("overlapping fragments with different bytes",
              [_fragment(w, 0x401, icmp, 0, 32, True),
               _fragment(w, 0x401, other, 16, 48, True)],
              {"ip_in": 2, "reasm": 1})
    # Fragments that never complete: REASM_SLOTS - 1 datagrams without
    # their first fragment, then one with only its first (an echo request),
    # which fill every slot; then 4 more datagrams' fragments, dropped. The
    # last held is the first fragment's: when its ICMP time exceeded comes,
    # every slot timed out.
    held = [_fragment(w, 0x500 + i, icmp, 16, 32, True)
            for i in range(REASM_SLOTS - 1)]
    first = _fragment(w, 0x510, _echo_icmp(w, 0x510, data), 0, 32, True)
    flood = [_fragment(w, 0x520 + i, icmp, 16, 32, True) for i in range(4)]
    t0 = time.monotonic()
    node.step("fragments that never complete, and a flood past the slots",
              held + [first] + flood,
              {"ip_in": REASM_SLOTS + 4, "reasm": 4,
               "reasm_timeouts": REASM_SLOTS, "icmp_out": 1},
              answer=_icmp_error(w, 11, 1, first),
              wait_s=REASM_TIMEOUT_S + ANSWER_S)
    took = time.monotonic() - t0
    if not REASM_TIMEOUT_S - 1 <= took <= REASM_TIMEOUT_S + ANSWER_S:
        raise CaseFailure("time exceeded after %.1f s, want %d s"
                          % (took, REASM_TIMEOUT_S))
    # The slots are free again: a fragmented echo request is answered.
    icmp = _echo_icmp(w, 0x600, data)
    node.step("a fragmented echo request after the time-outs",
              [_fragment(w, 0x600, icmp, 0, 24, True),
               _fragment(w, 0x600, icmp, 24, 56, False)],
              {"ip_in": 2, "reasm_ok": 1, "icmp_in": 1, "icmp_out": 1},
              answer=_echo_reply(w, 0x600, data))
    node.finish()


# --- nethostile.sockets ------------------------------------------------------

SOCKTEST_CHECKS = [
    "bind_conflict", "ephemeral", "reserved_port", "destaddrreq",
    "loopback_sizes", "too_big", "peek", "trunc", "rcvtimeo", "poll",
    "select", "connrefused", "broadcast", "fd_calls", "limit", "forged_id",
    "queue_overflow"]


def _sockets_script(m, case):
    """socktest's checks all pass; afterwards net lists udpecho's socket
    and none of socktest's or its children's."""
    node = Node(m, case)
    out = node.sh.run("/test/socktest")
    summary = "socktest: %d passed, 0 failed" % len(SOCKTEST_CHECKS)
    if not any(summary in line for line in out):
        results = {}  # (a line of net's may cut one: the summary decides)
        for line in out:
            mt = re.search(r"socktest (\w+): (ok|FAIL.*)$", line)
            if mt:
                results[mt.group(1)] = mt.group(2)
        bad = ["%s: %s" % (k, results.get(k, "not run"))
               for k in SOCKTEST_CHECKS if results.get(k) != "ok"]
        raise CaseFailure("socktest: %s; printed %r" % (bad, out))
    node.sh.run_expect("echo $?", r"^0$")
    rows = [l.split() for l in node.sh.run("netstat -u")
            if re.match(r"^(udp|ping)\s", l)]
    if [r[1] for r in rows] != ["*:%d" % ECHO_PORT]:
        raise CaseFailure("netstat -u after socktest: %r, want udpecho's "
                          "socket alone" % rows)
    node.finish()


def _nethostile_case(name, script, timeout):
    c = Case("nethostile." + name, script, timeout=timeout,
             cmdline="initcfg=nethostile.cfg node=alpha panic=exit")
    c.cfg = "nethostile.cfg"

    def modules(ctx):
        user = os.path.join(ctx.build, "user")
        return [os.path.join(user, p) for p in
                PROGRAMS + ["ns", "fs", "console", "net"]] + \
            [os.path.join(ctx.build, "initrd.img"),
             os.path.join("tests", "configs", "nethostile.cfg")]
    c.modules_for = modules
    c.fixtures = [_needs_scapy, relay_mod.fixture("b", NODE_MAC)]
    return c


def cases(ctx):
    return [_nethostile_case("frames", _frames_script, 120),
            _nethostile_case("fragments", _fragments_script, 120),
            _nethostile_case("sockets", _sockets_script, 120)]
