"""Issue 14's acceptance tests of the protocol server (servers/net) against
peers it did not write: Linux's own stack on a tap, QEMU's DHCP server, and
no DHCP server at all. Each node boots tests/configs/netpeer.cfg (the boot
set's servers, net with the network right, the NE2000 driver, the console's
shell) and is driven through its shell.

- netpeer.linux (root): a node at ip=10.0.3.1/24 on a namespace's tap
  (tests/netns.py; Linux is 10.0.3.254): ping both ways, Linux's fragmented
  ping, UDP echo of Linux's datagrams (one fragmented), the node's datagram
  to a Linux socket and Linux's answer, and the tap's MAC in the node's arp.
- netpeer.dhcp_user: QEMU's -netdev user with a MAC that derives nothing:
  the lease of 10.0.2.15, the default route via 10.0.2.2, ping of 10.0.2.2.
- netpeer.dhcp_cmdline: ip=dhcp with a MAC that would derive 10.0.0.5:
  no address until the lease.
- netpeer.dhcp_again: a MAC-derived address, the lease over it, an
  administrator's address, then `ifconfig eth0 dhcp` asks again.
- netpeer.dhcp_absent: a socket netdev whose far end is the test: the
  prompt and the MAC-derived address at once, the DISCOVERs arrive
  well-formed, and net gives up after its stated timeout keeping the
  address."""

import os
import re
import socket
import struct
import threading
import time

import netns
from cases_ne2k import _nic_args, _ports
from cases_netlab import _sum16
from cases_sh import INIT_OK, Shell
from harness import Case, CaseFailure, expect, expect_exit, time_left

CFG = "netpeer.cfg"
NODE = "10.0.3.1"                        # the node on the namespace's tap
LINUX = netns.PEER_ADDR.split("/")[0]    # 10.0.3.254
QEMU_MAC = "52:54:00:12:34:56"           # QEMU's default: derives nothing
MAC_05 = "52:54:00:00:00:05"             # derives 10.0.0.5/24
MAC_07 = "52:54:00:00:00:07"             # derives 10.0.0.7/24
SLIRP_LEASE = "10.0.2.15"                # what QEMU's DHCP server gives
SLIRP_GW = "10.0.2.2"
# A line a background program or net prints may start on the prompt's line.
AFTER_PROMPT = r"^(?:alpha> )*"
SERVERS = ["init", "ns", "fs", "console", "sh", "net", "ne2k"]


def _case(name, script, cmdline="", extra_args=(), fixtures=(),
          timeout=60):
    """A node booting CFG with node=alpha and cmdline's words."""
    def modules(ctx):
        return [os.path.join(ctx.build, "user", p) for p in SERVERS] + \
            [os.path.join(ctx.build, "initrd.img"),
             os.path.join("tests", "configs", CFG)]
    c = Case("netpeer." + name, script, timeout=timeout,
             cmdline=("initcfg=%s node=alpha panic=exit %s" % (CFG, cmdline))
             .strip(), extra_args=list(extra_args), fixtures=fixtures)
    c.modules_for = modules
    c.cfg = CFG
    return c


def _user_netdev(mac):
    """The NIC on QEMU's user-mode network (slirp: DHCP server, gateway
    10.0.2.2), nothing forwarded to or from the host."""
    return ["-device", "ne2k_isa,netdev=n0,iobase=0x300,irq=9,mac=" + mac,
            "-netdev", "user,id=n0"]


def _printed(m, case, pattern, start=0):
    """expect() of a line net or a background program prints: it may follow
    the prompt on the prompt's line (pattern without its ^)."""
    return expect(m, case, AFTER_PROMPT + pattern, start)


def _exit(sh):
    sh.m.send("exit\n")
    expect(sh.m, sh.case, r"^init: sh exited with status 0$")
    expect_exit(sh.m, sh.case, INIT_OK)


def _find(lines, pattern, what):
    """The match of the first line matching pattern; else a failure naming
    what and quoting the lines."""
    for line in lines:
        mt = re.search(pattern, line)
        if mt:
            return mt
    raise CaseFailure("%s: no line /%s/ in %r" % (what, pattern, lines))


def _node_ping(sh, host, count):
    """The node's `ping -c count host` must get every reply."""
    out = sh.run("ping -c %d %s" % (count, host))
    _find(out, r"^%d packets transmitted, %d received, 0%% packet loss"
          % (count, count), "ping %s" % host)
    seqs = [int(mt.group(1)) for mt in
            (re.match(r"^64 bytes from %s: icmp_seq=(\d+) ttl=\d+ "
                      r"time=[\d.]+ ms$" % re.escape(host), l) for l in out)
            if mt]
    if seqs != list(range(1, count + 1)):
        raise CaseFailure("ping %s: replies %s, want 1..%d: %r"
                          % (host, seqs, count, out))


def _linux_ping(peer, count, size=56):
    """Linux's ping of the node from the namespace: every reply, of the
    size asked (size + 8 bytes of ICMP)."""
    out = peer.run(["ping", "-c", str(count), "-s", str(size), "-W", "5",
                    NODE], check=False).stdout
    if not re.search(r"^%d packets transmitted, %d received, 0%% packet "
                     r"loss" % (count, count), out, re.M) or \
            len(re.findall(r"^%d bytes from %s: icmp_seq=\d+ "
                           % (size + 8, re.escape(NODE)), out, re.M)) != count:
        raise CaseFailure("Linux's ping -s %d %s: %r" % (size, NODE, out))


# --- a real peer: Linux's stack on a namespace's tap ------------------------

def _linux_script(m, case):
    peer = case.peer
    sh = Shell(m, case)
    sh.start()
    expect(m, case, r"^net: eth0 address %s/24 from the kernel command line$"
           % re.escape(NODE))
    _linux_ping(peer, 3)
    _node_ping(sh, LINUX, 3)
    _linux_ping(peer, 2, 4000)  # fragmented both ways

    # Linux's datagrams to the node's udpecho come back intact: one in a
    # frame, one of 3000 bytes in fragments (reassembled by the node, which
    # fragments its answer for Linux to reassemble).
    echo = start = sh.type("udpecho -c 2 7777 &\n")
    _printed(m, case, r"udpecho: listening on port 7777$", start)
    s = peer.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.bind((LINUX, 0))
        for size in (1000, 3000):
            data = bytes((i * 7 + size) & 255 for i in range(size))
            s.settimeout(time_left(case))
            s.sendto(data, (NODE, 7777))
            got, src = s.recvfrom(65536)
            if got != data or src != (NODE, 7777):
                raise CaseFailure("echo of %d bytes: %d bytes from %s, %s"
                                  % (size, len(got), src, "equal" if
                                     got == data else "changed"))
            _printed(m, case, r"udpecho: %d bytes from %s:%d$"
                     % (size, re.escape(LINUX), s.getsockname()[1]), start)
    finally:
        s.close()

    # The node's datagram reaches a Linux socket intact; Linux's answer
    # reaches the node's udpsend.
    r = peer.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        r.bind((LINUX, 9999))
        text = "lavender to linux"
        start = sh.type("udpsend -w 10 %s 9999 %s\n" % (LINUX, text))
        r.settimeout(time_left(case))
        got, src = r.recvfrom(65536)
        if got != text.encode() or src[0] != NODE:
            raise CaseFailure("Linux got %r from %s, want %r from %s"
                              % (got, src, text, NODE))
        r.sendto(b"linux to lavender", src)
        _printed(m, case, r"udpsend: sent %d bytes to %s:9999$"
                 % (len(text), re.escape(LINUX)), start)
        _printed(m, case, r"udpsend: 17 bytes from %s:9999: linux to "
                 r"lavender$" % re.escape(LINUX), start)
    finally:
        r.close()
    sh.wait_prompt(start + 1)

    # The node's ARP cache holds the tap's MAC for Linux's address.
    link = peer.run(["ip", "-o", "link", "show", peer.tap]).stdout
    tap_mac = re.search(r"link/ether ([0-9a-f:]{17})", link).group(1)
    _find(sh.run("arp"), r"^%s\s+%s\s+complete\s+\d+s\s+eth0$"
          % (re.escape(LINUX), tap_mac), "arp")
    _printed(m, case, r"\[\d+\] done 0$", echo)  # udpecho's end, reaped
    _exit(sh)


def _linux():
    return _case("linux", _linux_script, cmdline="ip=%s/24" % NODE,
                 fixtures=[netns.fixture(QEMU_MAC)], timeout=120)


# --- DHCP from QEMU's user-mode network ------------------------------------

def _leased(m, case, start=0):
    """net's lines of a lease of SLIRP_LEASE from SLIRP_GW (from line
    start); the index of the address line."""
    i, _ = _printed(m, case, r"net: eth0: DHCP lease of %s for \d+ s from "
                    r"%s$" % (re.escape(SLIRP_LEASE), re.escape(SLIRP_GW)),
                    start)
    i, _ = _printed(m, case, r"net: eth0 address %s/24 from DHCP$"
                    % re.escape(SLIRP_LEASE), i)
    return i


def _shows_lease(sh):
    """ifconfig and route show the lease and the default route it gave."""
    _find(sh.run("ifconfig eth0"), r"^\s+inet %s  netmask 255\.255\.255\.0  "
          r"broadcast 10\.0\.2\.255  \(DHCP, lease \d+ s left\)$"
          % re.escape(SLIRP_LEASE), "ifconfig eth0")
    _find(sh.run("route"), r"^default\s+%s\s+0\.0\.0\.0\s+eth0$"
          % re.escape(SLIRP_GW), "route")


def _no_address_before(m, case, end, what):
    """No address line for eth0 before line end."""
    early = [l for l in m.lines[:end] if re.match(r"^net: eth0 address ", l)]
    if early:
        raise CaseFailure("%s: %r before the lease" % (what, early))


def _dhcp_user_script(m, case):
    """QEMU's DHCP server gives 10.0.2.15 and the route via 10.0.2.2,
    whose ICMP echo slirp answers itself (QEMU 7.2: yes)."""
    sh = Shell(m, case)
    sh.start()
    i = _leased(m, case)
    _no_address_before(m, case, i, "a MAC that derives nothing")
    _printed(m, case, r"net: default route via %s \(DHCP\)$"
             % re.escape(SLIRP_GW))
    _shows_lease(sh)
    _node_ping(sh, SLIRP_GW, 2)
    _exit(sh)


def _dhcp_cmdline_script(m, case):
    """ip=dhcp: no address from the MAC (it would give 10.0.0.5), only the
    lease."""
    sh = Shell(m, case)
    sh.start()
    i = _leased(m, case)
    _no_address_before(m, case, i, "ip=dhcp")
    _shows_lease(sh)
    _node_ping(sh, SLIRP_GW, 1)
    _exit(sh)


def _dhcp_again_script(m, case):
    """The MAC's address at once, the lease over it; an administrator's
    address stops DHCP; `ifconfig eth0 dhcp` asks again and the lease
    replaces that address."""
    i, _ = expect(m, case, r"^net: eth0 address 10\.0\.0\.5/24 from the MAC "
                  r"address$")
    _leased(m, case, i)
    sh = Shell(m, case)
    sh.start()
    start = sh.type("ifconfig eth0 10.0.2.40/24\n")
    _printed(m, case, r"net: eth0 address 10\.0\.2\.40/24 from the "
             r"administrator$", start)
    sh.wait_prompt(start + 1)
    mt = _find(sh.run("ifconfig eth0"), r"^eth0: flags=(\S+)  ",
               "ifconfig eth0")
    if "DHCP" in mt.group(1):
        raise CaseFailure("DHCP still on after a manual address: %s"
                          % mt.group(0))
    start = sh.type("ifconfig eth0 dhcp\n")
    _leased(m, case, start)
    sh.wait_prompt(start + 1)
    _shows_lease(sh)
    _node_ping(sh, SLIRP_GW, 1)
    _exit(sh)


# --- no DHCP server ----------------------------------------------------------

def _dhcp_discover(frame, mac):
    """The xid of frame when it is a well-formed DHCPDISCOVER from mac
    (broadcast, 0.0.0.0:68 -> 255.255.255.255:67, IP and UDP checksums
    right); None for another kind of frame; a failure for a bad one."""
    if len(frame) < 14 + 20 or frame[12:14] != b"\x08\x00":
        return None
    ip = frame[14:]
    ihl, total = (ip[0] & 15) * 4, struct.unpack("!H", ip[2:4])[0]
    if ip[9] != 17 or len(ip) < total or total < ihl + 8:
        return None
    udp = ip[ihl:total]
    if struct.unpack("!HH", udp[:4]) != (68, 67):
        return None
    want_mac = bytes(int(x, 16) for x in mac.split(":"))
    pseudo = ip[12:20] + b"\0\x11" + udp[4:6]
    problems = [what for what, bad in (
        ("Ethernet destination", frame[:6] != b"\xff" * 6),
        ("Ethernet source", frame[6:12] != want_mac),
        ("IP source", ip[12:16] != b"\0\0\0\0"),
        ("IP destination", ip[16:20] != b"\xff" * 4),
        ("IP checksum", _sum16(ip[:ihl]) != 0),
        ("UDP checksum", udp[6:8] != b"\0\0" and _sum16(pseudo + udp) != 0),
        ("op", udp[8] != 1),
        ("chaddr", udp[8 + 28:8 + 34] != want_mac),
        ("magic cookie", udp[8 + 236:8 + 240] != b"\x63\x82\x53\x63"),
        ("message type", b"\x35\x01\x01" not in udp[8 + 240:]))
        if bad]
    if problems:
        raise CaseFailure("a bad DHCPDISCOVER (%s): %s"
                          % (", ".join(problems), frame.hex()))
    return struct.unpack("!I", udp[12:16])[0]


class _Sink:
    """A fixture: the far end of the node's socket netdev is the test's UDP
    socket (bound before QEMU starts), so it sees every frame the node
    sends and answers none: the case's case.sink."""

    def __init__(self, case):
        self.case = case

    def __enter__(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", self.case.ports[1]))
        self.case.sink = s
        return None

    def __exit__(self, *exc):
        self.case.sink.close()
        return False


def _watch(m, case, pattern, start=0):
    """Notes when a line matching pattern arrives (found["at"], monotonic
    seconds; found["match"]), from a thread, while the script goes on."""
    found = {}

    def wait():
        try:
            _, found["match"] = m.expect(pattern, time_left(case), start)
            found["at"] = time.monotonic()
        except Exception as e:  # the script reports the absence
            found["error"] = e
    t = threading.Thread(target=wait, daemon=True)
    t.start()
    return t, found


def _dhcp_absent_script(m, case):
    """Boot does not wait for DHCP: the MAC's address before the prompt,
    the prompt, ifconfig (DHCP still trying) before net gives up; the
    DISCOVERs reach the wire well-formed; net says no server answered in
    its stated time (measured between the address line and that line,
    within 3 s) and keeps the address."""
    i, _ = expect(m, case, r"^net: eth0 address 10\.0\.0\.7/24 from the MAC "
                  r"address$")
    t0 = time.monotonic()
    t, found = _watch(m, case, AFTER_PROMPT + r"net: eth0: no DHCP server "
                      r"answered in (\d+) s; keeps 10\.0\.0\.7$", i)
    sh = Shell(m, case)
    sh.start()
    out = sh.run("ifconfig eth0")
    if "at" in found:
        raise CaseFailure("net gave up DHCP before the shell's first "
                          "command ran (%.1f s after the address)"
                          % (found["at"] - t0))
    _find(out, r"^eth0: flags=UP,BROADCAST,DHCP  ", "ifconfig eth0 (trying)")
    _find(out, r"^\s+inet 10\.0\.0\.7  netmask 255\.255\.255\.0 .*\(MAC\)$",
          "ifconfig eth0 (trying)")
    t.join(time_left(case))
    if "at" not in found:
        raise CaseFailure("no give-up line: %s" % found.get("error"))
    stated, took = int(found["match"].group(1)), found["at"] - t0
    if not stated - 1 <= took <= stated + 3:
        raise CaseFailure("net gave up %.1f s after the address; it says "
                          "%d s" % (took, stated))
    out = sh.run("ifconfig eth0")
    _find(out, r"^eth0: flags=UP,BROADCAST  ", "ifconfig eth0 (gave up)")
    _find(out, r"^\s+inet 10\.0\.0\.7  netmask 255\.255\.255\.0 .*\(MAC\)$",
          "ifconfig eth0 (gave up)")
    # What reached the wire: RFC 2131's DISCOVER, sent again after ~4 s
    # with the same xid (the next one would be after the give-up).
    case.sink.setblocking(False)
    xids = []
    while True:
        try:
            frame = case.sink.recv(2048)
        except BlockingIOError:
            break
        xid = _dhcp_discover(frame, MAC_07)
        if xid is not None:
            xids.append(xid)
    if len(xids) < 2 or len(set(xids)) != 1:
        raise CaseFailure("DISCOVERs with xids %s: want 2 or more of one "
                          "xid" % ["%08x" % x for x in xids])
    _exit(sh)


def _dhcp_absent():
    c = _case("dhcp_absent", _dhcp_absent_script, fixtures=[_Sink])
    c.ports = _ports(c.name, 2)
    c.extra_args = _nic_args(MAC_07, c.ports[0], c.ports[1])
    return c


def cases(ctx):
    return [_linux(),
            _case("dhcp_user", _dhcp_user_script,
                  extra_args=_user_netdev(QEMU_MAC)),
            _case("dhcp_cmdline", _dhcp_cmdline_script, cmdline="ip=dhcp",
                  extra_args=_user_netdev(MAC_05)),
            _case("dhcp_again", _dhcp_again_script,
                  extra_args=_user_netdev(MAC_05)),
            _dhcp_absent()]
