"""Two-node cases of the protocol server (servers/net, issue 14's
acceptance): alpha is the case's machine, beta a second QEMU the script
starts; both boot tests/configs/net_node.cfg (the boot set with net, lkmd
and the shell with init's control right), are driven through their shells
and joined by a loopback socket netdev (52:54:00:00:00:01 -> 10.0.0.1,
:02 -> 10.0.0.2, names from /etc/hosts).

- net.ping: ping both ways, Linux's reply lines and summary.
- net.udp_echo: udpecho on one node, udpsend -w on the other, both ways.
- net.flood: 1 MiB in 1 KiB datagrams at a paced rate (udpflood ->
  udpsink): all 1024 arrive, the digests agree; loss, duplicates and
  reordering are counted apart.
- net.fragments: 8 KiB datagrams and 8000-byte pings both ways, intact
  (the first ping to a neighbour not yet in the ARP cache too); netstat -s
  counts the fragments sent and the datagrams reassembled.
- net.pcap: filter-dump on both nodes while they ARP, ping, send UDP and
  fragments; tshark finds nothing malformed and no bad checksum in any
  frame the nodes sent.
- net.iface_down: drv down under a running ping, drv up, net unchanged.
- net.nicdump_ping: nicdump (a raw EtherType) and ping on one NIC at once.
- net.swap: drv swap to the module kind and back under a running ping.
- net.routes, net.gw_self: alpha alone; routes through our own address
  and duplicates refused, ifconfig down/up and address changes take and
  give back routes (trial 14, findings 4 and 5).
- net.loopback: alpha alone; 127/8 answered inside net, no frame out.
- net.conflict: alpha takes beta's address: a few ARP frames, not a storm."""

import os
import re
import zlib

import pcapcheck
from cases_ne2k import _nic_args, _ports
from cases_sh import Shell
from harness import Case, CaseFailure, expect, time_left
from qemu import Machine, Timeout

CFG = "net_node.cfg"
PROGRAMS = ["init", "ns", "fs", "lkmd", "net", "console", "sh"]
MAC = {"alpha": "52:54:00:00:00:01", "beta": "52:54:00:00:00:02"}
ADDR = {"alpha": "10.0.0.1", "beta": "10.0.0.2"}


def _modules(ctx):
    user = os.path.join(ctx.build, "user")
    return [os.path.join(user, p) for p in PROGRAMS] + \
        [os.path.join(ctx.build, "initrd.img"),
         os.path.join("tests", "configs", CFG)]


def _cmdline(node):
    return "initcfg=%s node=%s panic=exit" % (CFG, node)


def _nic(case, node):
    """node's NIC on the loopback UDP socket netdev make run uses: alpha
    sends to beta's port and the other way round."""
    a, b = case.ports
    local, remote = (a, b) if node == "alpha" else (b, a)
    args = _nic_args(MAC[node], local, remote)
    if case.pcap:
        args += pcapcheck.dump_args(case.pcap[node])
    return args


class Nodes:
    """Both nodes up: beta started, both shells at their prompt, each NIC
    brought up with drv up ne2k and eth0 at its address. The script's
    `with Nodes(m, case) as (a, b)` gets the two Shells; beta is ended and
    its log kept (logs/CASE.beta.log) on the way out."""

    def __init__(self, m, case):
        self.m, self.case = m, case
        self.beta = Machine(("kernel", case.ctx.kernel),
                            cmdline=_cmdline("beta"),
                            modules=_modules(case.ctx),
                            extra_args=_nic(case, "beta"))

    def __enter__(self):
        self.beta.start()
        try:
            shells = []
            for node, m in (("alpha", self.m), ("beta", self.beta)):
                sh = Shell(m, self.case, node=node)
                sh.start()
                shells.append(sh)
            for sh in shells:
                sh.net_pid = _up(sh)
        except BaseException:
            self.__exit__()
            raise
        return shells

    def __exit__(self, *exc):
        self.beta.kill()
        with open(os.path.join(self.case.ctx.logs, self.case.name +
                               ".beta.log"), "w") as f:
            f.write(self.beta.output + "\n")
            if self.beta.stderr:
                f.write("--- qemu stderr ---\n" +
                        self.beta.stderr.decode("utf-8", "replace"))
        return False


def _node(sh):
    return sh.prompt[:-2]


def _up(sh, start=None):
    """drv up ne2k on sh's node; waits for net's eth0 at the node's
    address (derived from the MAC). Returns net's pid (ps)."""
    m, case, node = sh.m, sh.case, _node(sh)
    n = len(m.lines) if start is None else start
    sh.run_expect("drv up ne2k", r"^drv: ne2k0 up \(pid \d+, user\)$")
    expect(m, case, r"net: eth0 address %s/24 from " % re.escape(ADDR[node]),
           n)
    return _pid(sh, "net")


def _pid(sh, name):
    """The pid ps lists for the one process called name."""
    pids = [int(l.split()[0]) for l in sh.run("ps")
            if re.match(r"^\s*\d+\s.*\s%s$" % re.escape(name), l)]
    if len(pids) != 1:
        raise CaseFailure("%s: ps lists %d processes called %s"
                          % (_node(sh), len(pids), name))
    return pids[0]


def net_case(name, script, timeout=60, pcap=False, suite="net"):
    c = Case(suite + "." + name, script, timeout=timeout,
             cmdline=_cmdline("alpha"))
    c.modules_for = _modules
    c.cfg = CFG
    c.ports = _ports(c.name, 2)
    c.pcap = None
    if pcap:
        c.pcap = {}
    c.pcap_for = pcap
    c.extra_args = None  # set by cases(), once ctx is known
    return c


# --- ping ---------------------------------------------------------------------

REPLY = r"^(\d+) bytes from %s: icmp_seq=(\d+) ttl=(\d+) time=(\d+\.\d{3}) ms$"
SUMMARY = (r"^(\d+) packets transmitted, (\d+) received, (?:\+\d+ "
           r"duplicates, )?(\d+)% packet loss, time \d+ms$")
RTT = r"^rtt min/avg/max/mdev = [\d.]+/[\d.]+/[\d.]+/[\d.]+ ms$"


def _ping(sh, host, count=3, size=56, interval="0.2"):
    """ping -c COUNT -s SIZE -i INTERVAL HOST from sh's node: Linux's
    header, one reply per request in order (size + 8 bytes, ttl=64), the
    summary with no loss and the rtt line; status 0."""
    out = sh.run("ping -c %d -s %d -i %s %s" % (count, size, interval, host))
    addr = ADDR.get(host, host)
    head = r"^PING %s \(%s\) %d\(%d\) bytes of data\.$" % (
        re.escape(host), re.escape(addr), size, size + 28)
    if not out or not re.match(head, out[0]):
        raise CaseFailure("%s: ping printed %r, want /%s/ first"
                          % (_node(sh), out[:2], head))
    replies = [re.match(REPLY % re.escape(addr), l) for l in out]
    replies = [r for r in replies if r]
    seqs = [int(r.group(2)) for r in replies]
    if seqs != list(range(1, count + 1)) or \
            any(r.group(1) != str(size + 8) or r.group(3) != "64"
                for r in replies):
        raise CaseFailure("%s: ping's replies %r, want icmp_seq 1..%d, "
                          "%d bytes, ttl=64: %r" % (
                              _node(sh), seqs, count, size + 8, out))
    i = out.index("--- %s ping statistics ---" % host) \
        if "--- %s ping statistics ---" % host in out else -1
    if i < 0 or i + 2 >= len(out):
        raise CaseFailure("%s: no summary: %r" % (_node(sh), out))
    s = re.match(SUMMARY, out[i + 1])
    if not s or s.group(1, 2, 3) != (str(count), str(count), "0") or \
            not re.match(RTT, out[i + 2]):
        raise CaseFailure("%s: summary %r, want %d transmitted, %d "
                          "received, 0%% loss and the rtt line"
                          % (_node(sh), out[i + 1:i + 3], count, count))
    sh.run_expect("echo $?", r"^0$")
    return out


def _ping_script(m, case):
    """alpha pings beta by address and by name (/etc/hosts), beta pings
    alpha."""
    with Nodes(m, case) as (a, b):
        _ping(a, ADDR["beta"])
        _ping(b, ADDR["alpha"])
        _ping(a, "beta", count=2)


# --- UDP ----------------------------------------------------------------------

def _background(sh, line, ready):
    """Starts line in the background on sh's node and waits for its ready
    line (it may share the prompt's line). Returns (pid, first line)."""
    n = len(sh.m.lines)
    mt = sh.run_expect(line + " &", r"^\[(\d+)\]$")
    expect(sh.m, sh.case, ready, n)
    return int(mt.group(1)), n


def _done(sh, pid, status):
    """The background job pid ended with status (the shell reports it
    before a prompt: '[PID] done STATUS')."""
    m = sh.m
    rx = re.compile(r"\[%d\] done (\d+)$" % pid)
    mt = None
    # The job may end just after a prompt: each command's prompt reports
    # what ended before it, so ask again (a bounded number of times; each
    # waits for its own prompt, not for time) until its line came.
    for _ in range(200):
        sh.run("echo reap")
        with m.cond:
            mt = next((rx.search(l) for l in m.lines if rx.search(l)), None)
        if mt:
            break
    if not mt:
        raise CaseFailure("%s: job %d never reported done" % (_node(sh), pid))
    if mt.group(1) != str(status):
        raise CaseFailure("%s: job %d ended with status %s, want %d"
                          % (_node(sh), pid, mt.group(1), status))


def _echo(sender, echoer, port, text, to=None):
    """udpecho -c 1 PORT on echoer, udpsend -w on sender: the text comes
    back intact from the echoer's address (to: the one sent to) and port,
    and udpecho saw it come from the sender's address (to's too when
    given: one node)."""
    frm, to = to or ADDR[_node(sender)], to or ADDR[_node(echoer)]
    pid, n = _background(echoer, "udpecho -c 1 %d" % port,
                         r"udpecho: listening on port %d$" % port)
    out = sender.run("udpsend -w 10 %s %d %s" % (to, port, text))
    if sender is echoer:  # udpecho's lines come in between
        out = [l for l in out if l.startswith("udpsend:")]
    want = ["udpsend: sent %d bytes to %s:%d" % (len(text), to, port),
            "udpsend: %d bytes from %s:%d: %s" % (len(text), to, port,
                                                  text)]
    if out != want:
        raise CaseFailure("%s: udpsend printed %r, want %r"
                          % (_node(sender), out, want))
    sender.run_expect("echo $?", r"^0$")
    expect(echoer.m, echoer.case, r"udpecho: %d bytes from %s:\d+$"
           % (len(text), re.escape(frm)), n)
    _done(echoer, pid, 0)


def _udp_echo_script(m, case):
    """UDP echo both ways, a text of every printable kind the shell passes
    on as words."""
    port = case.ports[0] % 30000 + 2000
    with Nodes(m, case) as (a, b):
        _echo(a, b, port, "alpha->beta: 0123456789 ABCXYZ abcxyz .,:;!?@#%")
        _echo(b, a, port + 1, "beta->alpha: the same, the other way")


# --- 1 MiB in 1 KiB datagrams ---------------------------------------------------

SINK = (r"udpsink: received (\d+) of (\d+) \((\d+) bytes each\), lost "
        r"(\d+), duplicates (\d+), reordered (\d+), corrupt (\d+), "
        r"digest ([0-9a-f]{8})$")


def flow_digest(count, size):
    """The CRC-32 of udpflood's COUNT datagrams of SIZE bytes in order
    (user/lib/udpflow.h's pattern), computed here."""
    crc = 0
    for seq in range(count):
        head = seq.to_bytes(4, "big")
        body = bytes((seq * 31 + i) & 0xFF for i in range(4, size))
        crc = zlib.crc32(head + body, crc)
    return "%08x" % crc


def _counters(sh):
    """netstat -s of sh's node and its driver's counters: (one line for a
    failure's message, the driver's frames_out, frames_in)."""
    out = sh.run("netstat -s") + sh.run("nicsend ne2k0 stats")
    mt = re.search(r"frames_in=(\d+) .*frames_out=(\d+) ", "\n".join(out))
    return (" | ".join(l.strip() for l in out if not re.match(r"^\s+0 ", l)),
            int(mt.group(2)) if mt else -1, int(mt.group(1)) if mt else -1)


def _where_lost(sender, sink):
    """Where a flow's datagrams went missing, from both nodes' counters."""
    said, sent, _ = _counters(sender)
    said_sink, _, came = _counters(sink)
    return ("%s's driver sent %d frames, %s's driver took in %d (the "
            "difference was lost between the NICs: QEMU's NE2000 drops "
            "frames when its ring is full); counters of %s: %s; of %s: %s"
            % (_node(sender), sent, _node(sink), came, _node(sender), said,
               _node(sink), said_sink))


def _flow(sender, sink, port, count, size, rate, idle=5):
    """udpflood COUNT datagrams of SIZE bytes at RATE a second from
    sender to udpsink on sink: every one arrives intact, and both digests
    are the pattern's. On a loss the failure names what was lost (udpsink's
    numbers) and both nodes' counters (drops by cause)."""
    to = ADDR[_node(sink)]
    pid, n = _background(sink, "/test/udpsink %d %d %d" % (port, count, idle),
                         r"udpsink: listening on port %d$" % port)
    out = sender.run("/test/udpflood %s %d %d %d %d" % (to, port, count,
                                                        size, rate))
    sent = [re.match(r"^udpflood: sent %d datagrams of %d bytes to %s:%d "
                     r"in (\d+) ms, digest ([0-9a-f]{8})$"
                     % (count, size, re.escape(to), port), l) for l in out]
    sent = [s for s in sent if s]
    if not sent:
        raise CaseFailure("%s: udpflood printed %r" % (_node(sender), out))
    i, got = expect(sink.m, sink.case, SINK, n)
    want = flow_digest(count, size)
    received, total, each, lost, dups, reordered, corrupt = \
        (int(x) for x in got.group(1, 2, 3, 4, 5, 6, 7))
    lost_line = lost and expect(sink.m, sink.case, r"udpsink: lost: ",
                                i)[1].string
    if (received, total, lost, dups, corrupt) != (count, count, 0, 0, 0) \
            or each != size or got.group(8) != want or \
            sent[0].group(2) != want:
        raise CaseFailure(
            "%s -> %s: %s%s; udpflood's digest %s, the pattern's %s; %s" % (
                _node(sender), _node(sink), got.group(0),
                " (" + lost_line + ")" if lost_line else "",
                sent[0].group(2), want, _where_lost(sender, sink)))
    _done(sink, pid, 0)
    return int(sent[0].group(1)), reordered


# Datagrams a second: QEMU's NE2000 drops a frame when its 16 KiB ring is
# full, unseen by the driver, so a receiving QEMU descheduled for a while
# loses what its UDP socket hands it at once afterwards. 250 lost some on a
# machine with load 10; 100 (a frame a tick) never did: 1 MiB in 10 s.
FLOOD_RATE = 100
NOBODY = "10.0.0.3"  # on the nodes' network, but no node has it


def _drop_count(sh, cause):
    """The number netstat -s gives for the drop cause (its text)."""
    return int(sh.run_expect("netstat -s", r"^\s+(\d+) %s$"
                             % re.escape(cause)).group(1))


def _unresolved(sh, port, count=10):
    """count datagrams sent at once to an address nobody answers ARP for:
    net queues a few while it asks, drops the rest and then those, and
    counts every one as an outgoing drop (netstat -s), once ARP gave up
    (ARP_TRIES requests a second apart; netstat read until then)."""
    cause = "outgoing: no route or ARP failed"
    before = _drop_count(sh, cause)
    sh.run_expect("/test/udpflood %s %d %d 100 100000" % (NOBODY, port, count),
                  r"^udpflood: sent %d datagrams " % count)
    while any(l.startswith(NOBODY + " ") for l in sh.run("arp")):
        if time_left(sh.case) < 5:
            raise CaseFailure("%s still in the ARP cache: %r"
                              % (NOBODY, sh.run("arp")))
    after = _drop_count(sh, cause)
    if after - before != count:
        raise CaseFailure("%d datagrams to %s (nobody) lost, netstat -s "
                          "counts %d as '%s'" % (count, NOBODY,
                                                 after - before, cause))


def _flood_script(m, case):
    """1 MiB as 1024 datagrams of 1 KiB, paced, alpha -> beta, after a ping
    resolved beta's MAC: all arrive intact (reordering would be counted
    apart, not as loss). Then datagrams to an address nobody has: each
    one counted as dropped."""
    port = case.ports[0] % 30000 + 2000
    with Nodes(m, case) as (a, b):
        _ping(a, ADDR["beta"], count=1)
        _flow(a, b, port, 1024, 1024, FLOOD_RATE)
        _unresolved(a, port)


# --- fragments ------------------------------------------------------------------

def _ip_counters(sh):
    """(fragments sent, datagrams reassembled) of netstat -s."""
    mt = sh.run_expect("netstat -s", r"^\s+ip: \d+ in, \d+ out; (\d+) "
                       r"fragments sent; (\d+) reassembled, ")
    return int(mt.group(1)), int(mt.group(2))


FRAG_FLOW = 16        # 8 KiB datagrams each way
FRAGS_8K = 6          # 8192 + UDP 8 bytes in 1480-byte fragments
FRAGS_PING = 6        # ICMP 8 + 8000 bytes likewise


def _fragments_script(m, case):
    """16 datagrams of 8 KiB each way (udpflood -> udpsink) and 2 pings of
    8000 bytes each way arrive intact; each node's netstat -s counts every
    fragment it sent (6 a datagram) and every datagram it reassembled."""
    port = case.ports[0] % 30000 + 2000
    with Nodes(m, case) as (a, b):
        # A fragmented datagram to a neighbour not in the ARP cache: all
        # 6 fragments wait for the resolution (trial 14, finding 2), and
        # nothing counts as an ARP failure. Twice: at boot, after arp -d.
        for _ in range(2):
            a.run("arp -d %s" % ADDR["beta"])  # none at boot: refused
            _ping(a, ADDR["beta"], count=1, size=8000)
        if _drop_count(a, "outgoing: no route or ARP failed") != 0:
            raise CaseFailure("alpha: netstat -s counts an outgoing drop")
        before = {sh: _ip_counters(sh) for sh in (a, b)}
        _flow(a, b, port, FRAG_FLOW, 8192, 20)
        _flow(b, a, port + 1, FRAG_FLOW, 8192, 20)
        _ping(a, ADDR["beta"], count=2, size=8000)
        _ping(b, ADDR["alpha"], count=2, size=8000)
        # Each node: its flow, its 2 requests and 2 replies fragmented;
        # the other's flow, 2 requests and 2 replies reassembled.
        want = (FRAG_FLOW * FRAGS_8K + 4 * FRAGS_PING, FRAG_FLOW + 4)
        for sh in (a, b):
            now = _ip_counters(sh)
            got = (now[0] - before[sh][0], now[1] - before[sh][1])
            if got != want:
                raise CaseFailure("%s: netstat -s counts %d fragments sent "
                                  "and %d reassembled, want %d and %d"
                                  % ((_node(sh),) + got + want))


# --- captures ------------------------------------------------------------------

def _halt(sh):
    """Ends sh's node (its shell's exit ends init): QEMU exits, so its
    capture is complete."""
    sh.m.send("exit\n")
    expect(sh.m, sh.case, r"^init: sh exited with status 0$")
    sh.m.wait_exit(time_left(sh.case))


def _pcap_script(m, case):
    """Both nodes' NICs recorded (filter-dump) while they resolve each
    other (ARP), ping both ways (also 4000 bytes: fragments), echo UDP and
    send 8 KiB datagrams both ways: tshark finds every frame either node
    sent well-formed with good IP, ICMP and UDP checksums, and each kind
    of traffic is in the capture. The captures are judged even when the
    traffic failed (a bad checksum makes the peer drop it): their verdict
    comes first, naming the bad frames."""
    port = case.ports[0] % 30000 + 2000
    failed = None
    try:
        with Nodes(m, case) as (a, b):
            _ping(a, ADDR["beta"], count=2)
            _ping(b, ADDR["alpha"], count=2, size=4000)
            _echo(a, b, port, "captured")
            _flow(a, b, port + 1, 4, 8192, 20)
            _flow(b, a, port + 2, 4, 8192, 20)
            _halt(b)
            _halt(a)
    except (CaseFailure, Timeout) as e:
        failed = e
        m.kill()  # each frame is in the file as it passed
    kinds = {}
    for node, path in sorted(case.pcap.items()):
        for sender in sorted(MAC):
            frames = pcapcheck.assert_clean(path, src=MAC[sender])
            kinds[node, sender] = {f.protocols for f in frames}
    if failed:
        raise failed
    for (node, sender), seen in sorted(kinds.items()):
        for want in ("arp", "icmp", "udp", "data"):
            if not any(want in p.split(":") for p in seen):
                raise CaseFailure("%s's capture: no %s frame from %s "
                                  "(protocols %s)" % (node, want, sender,
                                                       sorted(seen)))


# --- interfaces -----------------------------------------------------------------

def _ping_bg(sh, count, host):
    """ping -c COUNT -i 0.2 HOST in the background; (pid, first line)."""
    return _background(sh, "ping -c %d -i 0.2 %s" % (count, host),
                       r"PING %s \(" % re.escape(host))


def _reply_after(sh, host, start):
    """Waits for a ping reply from host printed after line start; returns
    its icmp_seq."""
    _, mt = expect(sh.m, sh.case, REPLY % re.escape(host), start)
    return int(mt.group(2))


def _ifconfig_eth0(sh):
    """(flags, address, MAC) of eth0 in ifconfig."""
    out = "\n".join(sh.run("ifconfig eth0"))
    mt = re.search(r"^eth0: flags=(\S+).*\n\s+inet (\S+) .*\n\s+ether (\S+)"
                   r"  driver ne2k0$", out, re.M)
    if not mt:
        raise CaseFailure("%s: ifconfig eth0 printed %r" % (_node(sh), out))
    return mt.group(1, 2, 3)


def _iface_down_script(m, case):
    """drv down ne2k0 under a running ping: net logs eth0 leaving, ping
    names the error and ends with its summary (status 2); drv up ne2k
    brings eth0 back with its address, ping works again, and net is the
    same process throughout."""
    beta = ADDR["beta"]
    with Nodes(m, case) as (a, b):
        pid, n = _ping_bg(a, 30, beta)
        _reply_after(a, beta, n)
        _reply_after(a, beta, len(m.lines))
        k = len(m.lines)
        a.run_expect("drv down ne2k0", r"^drv: ne2k0 down$")
        expect(m, case, r"net: eth0 \(ne2k0\) left \(.*\): \d+ routes? "
               r"gone$", k)
        expect(m, case, r"ping: %s: \S.*$" % re.escape(beta), n)
        _, s = expect(m, case, SUMMARY, n)
        if int(s.group(1)) >= 30 or int(s.group(2)) == 0:
            raise CaseFailure("ping's summary %r: want it ended early, "
                              "after some replies" % s.group(0))
        _done(a, pid, 2)
        k = len(m.lines)
        if _up(a, k) != a.net_pid:
            raise CaseFailure("net's pid changed: was %d" % a.net_pid)
        expect(m, case, r"net: eth0 is ne2k0 \(%s\)$" % MAC["alpha"], k)
        flags, addr, mac = _ifconfig_eth0(a)
        if "UP" not in flags or addr != ADDR["alpha"] or \
                mac != MAC["alpha"]:
            raise CaseFailure("eth0 back as %r" % ((flags, addr, mac),))
        _ping(a, beta, count=2)


def _nicdump_ping_script(m, case):
    """On alpha's NIC at once: nicdump takes EtherType 0x88b5 (5 frames
    beta's nicsend sends) while ping (net, IPv4 and ARP) gets its 5
    replies; each gets only its own."""
    beta = ADDR["beta"]
    with Nodes(m, case) as (a, b):
        dump, n = _background(a, "nicdump ne2k0 5 type=0x88b5",
                              r"nicdump: ready$")
        ping, n2 = _ping_bg(a, 5, beta)
        _reply_after(a, beta, n2)
        sent = [l.split(": ", 1)[1] for l in b.run("nicsend ne2k0 5 100")
                if l.startswith("nicsend: len=")]
        expect(m, case, r"nicdump: got 5 frames, frames_in=\d+ dropped=0$",
               n)
        _, s = expect(m, case, SUMMARY, n2)
        if s.group(1, 2, 3) != ("5", "5", "0"):
            raise CaseFailure("ping beside nicdump: %r" % s.group(0))
        with m.cond:
            got = [l.split("nicdump: ", 1)[1] for l in m.lines[n:]
                   if "nicdump: len=" in l]
        if len(sent) != 5 or got != sent:
            raise CaseFailure("nicsend sent %r, nicdump got %r"
                              % (sent, got))
        _done(a, dump, 0)
        _done(a, ping, 0)


SWAP_PINGS = 40


def _swap_script(m, case):
    """drv swap ne2k0 module, then back to user, while alpha pings beta:
    net keeps eth0 (its log: 'stays'), same name, MAC and address, and the
    ping goes on: replies after each swap, few missing in all."""
    beta = ADDR["beta"]
    with Nodes(m, case) as (a, b):
        before = _ifconfig_eth0(a)
        pid, n = _ping_bg(a, SWAP_PINGS, beta)
        _reply_after(a, beta, n)
        for kind in ("module", "user"):
            k = len(m.lines)
            mt = a.run_expect("drv swap ne2k0 " + kind,
                              r"^drv: ne2k0 swapped to %s \(pid (\d+)\)$"
                              % kind)
            expect(m, case, r"net: eth0 stays: driver ne2k0 now pid %s$"
                   % mt.group(1), k)
            _reply_after(a, beta, len(m.lines))
            if _ifconfig_eth0(a) != before:
                raise CaseFailure("after the swap to %s: eth0 %r, was %r"
                                  % (kind, _ifconfig_eth0(a), before))
        _, s = expect(m, case, SUMMARY, n)
        if int(s.group(1)) != SWAP_PINGS or \
                int(s.group(2)) < SWAP_PINGS - 5:
            raise CaseFailure("ping across two swaps: %r (a gap of 5 at "
                              "most)" % s.group(0))
        _done(a, pid, 0)
        if _pid(a, "net") != a.net_pid:
            raise CaseFailure("net restarted")


# --- routes (one node) ----------------------------------------------------------

def _routes(sh):
    """route's table as (destination, gateway) pairs."""
    out = sh.run("route")
    rows = [l.split() for l in out]
    return sorted(tuple(r[:2]) for r in rows
                  if r and (r[0][0].isdigit() or r[0] == "default"))


def _want_routes(sh, want, what):
    got = _routes(sh)
    if got != sorted(want):
        raise CaseFailure("%s: route lists %r, want %r" % (what, got,
                                                           sorted(want)))


def _alone(m, case, logged):
    """alpha's shell, its NIC up; net logged the line logged meanwhile."""
    sh = Shell(m, case, node="alpha")
    sh.start()
    n = len(m.lines)
    _up(sh)
    expect(m, case, logged, n)
    return sh


def _refused(sh, line):
    sh.run(line)
    sh.run_expect("echo $?", r"^1$")


def _routes_script(m, case):
    """Alone, with gw=10.0.0.254 (trial 14, findings 4 and 5): our own
    address is no gateway; a second route to a dest/mask is a duplicate
    whatever its gateway; ifconfig down removes the interface's routes, up
    brings the connected one and gw='s default back; an address change or
    the connected route's removal takes the routes whose gateway is off
    every connected network, each logged."""
    sh = _alone(m, case, r"net: default route via 10\.0\.0\.254 \(gw= on the "
                r"command line\)$")
    base = [("10.0.0.0", "*"), ("default", "10.0.0.254")]
    _want_routes(sh, base, "at boot")
    for line in ("route add default gw 10.0.0.1",       # alpha itself
                 "route add 172.16.0.0/16 gw 10.0.0.1",
                 "route add default gw 10.0.0.253",     # a second default
                 "route add 0.0.0.0/0 gw 10.0.0.2"):
        _refused(sh, line)
    sh.run("route add 192.168.5.0/24 gw 10.0.0.2")
    sh.run_expect("echo $?", r"^0$")
    _refused(sh, "route add 192.168.5.0/24 gw 10.0.0.3")
    five = ("192.168.5.0", "10.0.0.2")
    _want_routes(sh, base + [five], "after the adds")
    n = len(m.lines)
    sh.run("ifconfig eth0 down")
    expect(m, case, r"net: eth0 down: 3 routes gone \(ifconfig eth0 up ", n)
    _want_routes(sh, [], "after ifconfig eth0 down")
    # No route, yet the network is only down (not unreachable).
    out = sh.run("ping -c 1 -W 1 10.0.0.2")
    if not any(re.search(r"(?i)network is down", l) for l in out):
        raise CaseFailure("ping while eth0 is down printed %r, want "
                          "'network is down'" % out)
    sh.run("ifconfig eth0 up")
    _want_routes(sh, base, "after ifconfig eth0 up")
    sh.run("route add 192.168.5.0/24 gw 10.0.0.2")
    n = len(m.lines)
    sh.run("ifconfig eth0 10.1.0.5/24")
    gone = r" removed: the gateway is on no connected network now$"
    expect(m, case, r"net: default route via 10\.0\.0\.254" + gone, n)
    expect(m, case, r"net: route 192\.168\.5\.0/24 via 10\.0\.0\.2" + gone,
           n)
    _want_routes(sh, [("10.1.0.0", "*")], "after the address change")
    sh.run("ifconfig eth0 10.0.0.1/24")
    _want_routes(sh, base, "back on 10.0.0.0/24")
    n = len(m.lines)
    sh.run("route del 10.0.0.0/24")
    expect(m, case, r"net: default route via 10\.0\.0\.254" + gone, n)
    _want_routes(sh, [], "after route del 10.0.0.0/24")
    _halt(sh)


def _gw_self_script(m, case):
    """gw= naming the address the MAC gives (10.0.0.1): logged, no route."""
    sh = _alone(m, case, r"net: gw=10\.0\.0\.1 is this node's own address: "
                r"no default route \(give a router's address\)$")
    _want_routes(sh, [("10.0.0.0", "*")], "gw= our own address")
    _halt(sh)


_NETSTAT_I_OUT = 5  # netstat -i: Iface Driver MTU RX-frames RX-bytes TX-frames


def _eth0_frames_out(sh):
    """eth0's TX-frames in netstat -i."""
    return int(sh.run_expect("netstat -i", r"^eth0\s.*").group(0).split()[
        _NETSTAT_I_OUT])


def _loopback_script(m, case):
    """127.0.0.0/8 is this node (trial 14, finding 11): ping localhost and
    127.0.0.1, an echo through udpecho on 127.0.0.1, all answered inside
    net: eth0 sends no frame meanwhile."""
    sh = _alone(m, case, r"net: eth0 address 10\.0\.0\.1/24 from the "
                r"kernel command line$")
    before = _eth0_frames_out(sh)
    _ping(sh, "127.0.0.1", count=2)
    out = sh.run("ping -c 1 localhost")
    if not out or not out[0].startswith("PING localhost (127.0.0.1) ") or \
            not any(re.match(REPLY % r"127\.0\.0\.1", l) for l in out):
        raise CaseFailure("ping -c 1 localhost printed %r" % out)
    _echo(sh, sh, 7777, "lo", to="127.0.0.1")
    _ping(sh, "127.9.8.7", count=1)  # all of 127/8
    after = _eth0_frames_out(sh)
    if after != before:
        raise CaseFailure("eth0 sent %d frames for 127/8" % (after - before))
    _halt(sh)


def _arp_out(sh):
    return int(sh.run_expect("netstat -s", r"^\s+arp: \d+ in, (\d+) out$")
               .group(1))


CONFLICT_ARP_MAX = 4  # announce, defence, and slack for a late one


def _conflict_script(m, case):
    """Trial 14, finding 1: alpha takes beta's address. Each node defends
    it at most once per 10 s, so over 3 s each sends a handful of ARP
    frames, not hundreds, and both shells answer; alpha moves back and
    ping works."""
    with Nodes(m, case) as (a, b):
        before = {sh: _arp_out(sh) for sh in (a, b)}
        n = len(b.m.lines)
        a.run("ifconfig eth0 10.0.0.2/24")
        expect(b.m, case, r"net: eth0: address conflict: %s claims "
               r"10\.0\.0\.2; it stays ours \(defended\)$"
               % MAC["alpha"], n)
        a.run("ping -c 3 -i 1 127.0.0.1")  # 2 s of conflict
        for sh in (a, b):
            sh.run_expect("echo MARK", r"^MARK$")
            sent = _arp_out(sh) - before[sh]
            if sent > CONFLICT_ARP_MAX:
                raise CaseFailure("%s sent %d ARP frames in the conflict, "
                                  "want at most %d" % (_node(sh), sent,
                                                       CONFLICT_ARP_MAX))
        a.run("ifconfig eth0 10.0.0.1/24")
        _ping(a, ADDR["beta"], count=1)


def cases(ctx):
    found = [net_case("ping", _ping_script),
             net_case("udp_echo", _udp_echo_script),
             net_case("flood", _flood_script),
             net_case("fragments", _fragments_script),
             net_case("pcap", _pcap_script, pcap=True),
             net_case("iface_down", _iface_down_script),
             net_case("nicdump_ping", _nicdump_ping_script),
             net_case("swap", _swap_script),
             net_case("routes", _routes_script),
             net_case("gw_self", _gw_self_script),
             net_case("loopback", _loopback_script),
             net_case("conflict", _conflict_script)]
    found[-4].cmdline += " gw=10.0.0.254"
    found[-3].cmdline += " gw=10.0.0.1"
    found[-2].cmdline += " ip=10.0.0.1/24"  # no DHCP: eth0 stays silent
    for c in found:
        if c.pcap is not None:
            c.pcap = {n: os.path.abspath(os.path.join(
                ctx.logs, "%s.%s.pcap" % (c.name, n))) for n in MAC}
        c.extra_args = _nic(c, "alpha")
    return found
