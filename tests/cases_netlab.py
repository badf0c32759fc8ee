"""The network test lab's own tests, on today's system (the NE2000 user-mode
driver, nicsend, nicdump): the fixtures the protocol-server tests stand on
are proven to carry frames intact before any test relies on them.

- netlab.pcap_checker (no QEMU): the pcap judge against hand-made pcaps.
- netlab.netns_teardown (root): a namespace peer comes and goes, also when
  the code using it fails.
- netlab.tap_peer (root): frames both ways between a node and Linux's
  AF_PACKET socket on the namespace's tap.
- netlab.relay_hostile: scapy's hostile frames injected by the relay reach
  nicdump byte for byte (CRC-32 equal; short ones padded as QEMU does).
- netlab.relay_drop: node A to node B through the relay dropping a quarter:
  B gets exactly the frames the relay says it let through.
- netlab.pcap_two_nodes: filter-dump captures of a two-node nicsend run,
  judged clean by tshark.
Cases that need root or a tool this host lacks are skipped, saying why."""

import os
import struct
import zlib

import craft
import netns
import pcapcheck
import relay as relay_mod
from cases import INIT_OK, CaseFailure, expect, expect_exit, proc_case
from cases_ne2k import MAC_A, MAC_B, _bring_up, _nic_args, _ports, _up
from cases_sh import Shell, _exit_shell, sh_case
from harness import Case, time_left
from qemu import Machine

LINUX_MAC = "02:00:00:00:03:fe"  # what the test's frames say they come from


def frame_line(frame):
    """What nicsend and nicdump print of a frame (lv_netdrv_print_frame)."""
    return "len=%d src=%s type=0x%02x%02x crc32=%08x" % (
        len(frame), ":".join("%02x" % b for b in frame[6:12]), frame[12],
        frame[13], zlib.crc32(frame))


def _lines(output, prog, start=0):
    return [l.split(": ", 1)[1] for l in output.splitlines()[start:]
            if l.startswith(prog + ": len=")]


def _compare(what, want, got):
    if want != got:
        diff = next(((i, x, y) for i, (x, y) in enumerate(zip(want, got))
                     if x != y), None)
        raise CaseFailure("%s: %d frames expected, %d seen; first "
                          "difference (index, expected, seen): %s"
                          % (what, len(want), len(got), diff))


# --- the pcap checker, on pcaps written by hand -----------------------------

def _sum16(data):
    data += b"\0" * (len(data) % 2)
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def _mac(text):
    return bytes(int(x, 16) for x in text.split(":"))


def _ipv4(src_mac, proto, payload):
    """An Ethernet frame from src_mac with an IPv4 header (10.0.3.1 ->
    10.0.3.254) around payload, checksummed."""
    src, dst = bytes([10, 0, 3, 1]), bytes([10, 0, 3, 254])
    head = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), 1, 0, 64,
                       proto, 0, src, dst)
    head = head[:10] + struct.pack("!H", _sum16(head)) + head[12:]
    return b"\xff" * 6 + _mac(src_mac) + b"\x08\x00" + head + payload


def _udp(src_mac, data=b"lavender"):
    length = 8 + len(data)
    pseudo = bytes([10, 0, 3, 1, 10, 0, 3, 254, 0, 17]) + \
        struct.pack("!H", length)
    head = struct.pack("!HHHH", 4000, 7, length, 0)
    csum = _sum16(pseudo + head + data) or 0xFFFF
    return _ipv4(src_mac, 17, head[:6] + struct.pack("!H", csum) + data)


def _icmp_echo(src_mac):
    body = struct.pack("!BBHHH", 8, 0, 0, 1, 1) + b"ping" * 4
    return _ipv4(src_mac, 1, body[:2] + struct.pack("!H", _sum16(body)) +
                 body[4:])


def _flip(frame, at):
    return frame[:at] + bytes([frame[at] ^ 0xFF]) + frame[at + 1:]


def _checker_script(m, case):
    """Good frames pass; a broken UDP, IP or ICMP checksum, an IP header
    cut short are flagged, each with its reason; nicsend's EtherType is
    plain data, clean; restricting to a MAC leaves the others' out."""
    bad_mac = "02:00:00:00:00:bb"
    good = _udp(MAC_A)
    raw = b"\xff" * 6 + _mac(MAC_A) + b"\x88\xb5" + bytes(range(46))
    frames = [good, _icmp_echo(MAC_A), raw,
              _flip(_udp(bad_mac), 14 + 20 + 6),   # UDP checksum
              _flip(_udp(bad_mac), 14 + 10),       # IP header checksum
              _udp(bad_mac)[:14 + 12],             # IP header cut short
              _flip(_icmp_echo(bad_mac), 14 + 20 + 2)]
    want = {4: "bad udp checksum", 5: "bad ip checksum", 6: "malformed",
            7: "bad icmp checksum"}
    path = os.path.join(case.ctx.logs, case.name + ".pcap")
    pcapcheck.write_pcap(path, frames)
    judged = pcapcheck.check(path)
    if len(judged) != len(frames):
        raise CaseFailure("tshark saw %d frames of %d" % (len(judged),
                                                          len(frames)))
    for f in judged:
        expected = want.get(f.number)
        if bool(f.problems) != bool(expected) or \
                (expected and expected not in f.problems):
            raise CaseFailure("%r: want %s" % (f, expected or "clean"))
    if judged[2].protocols != "eth:ethertype:data":
        raise CaseFailure("nicsend's EtherType dissected as %r"
                          % judged[2].protocols)
    try:
        pcapcheck.assert_clean(path)
        raise CaseFailure("assert_clean passed a pcap with 4 bad frames")
    except CaseFailure as e:
        if "4 bad frames of 7" not in str(e):
            raise CaseFailure("assert_clean said: %s" % e)
    pcapcheck.assert_clean(path, src=MAC_A, count=3)
    try:
        pcapcheck.assert_clean(path, src=MAC_A, count=4)
        raise CaseFailure("assert_clean passed 3 frames for 4")
    except CaseFailure as e:
        if "3 frames from %s, want 4" % MAC_A not in str(e):
            raise


# --- the namespace peer ------------------------------------------------------

def _teardown_script(m, case):
    """A namespace with its tap and address, then gone; gone too when the
    code inside the with fails; Linux's stack answers in it (the helpers)."""
    ns = netns.Namespace()
    with ns:
        if ns.name not in netns.namespaces():
            raise CaseFailure("%s not listed while in use" % ns.name)
        out = ns.run(["ip", "-o", "addr", "show", "dev", ns.tap]).stdout
        if "inet " + netns.PEER_ADDR not in out:
            raise CaseFailure("tap's address: %r" % out)
        ns.run(["ping", "-c", "1", "-W", "5", "10.0.3.254"])
        echo = ns.python(
            "import socket\n"
            "s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)\n"
            "s.bind(('10.0.3.254', 0)); s.settimeout(5)\n"
            "s.sendto(b'lavender', s.getsockname())\n"
            "print(s.recvfrom(64)[0].decode())\n").stdout.strip()
        if echo != "lavender":
            raise CaseFailure("UDP in the namespace gave %r" % echo)
    if ns.name in netns.namespaces():
        raise CaseFailure("%s left behind" % ns.name)
    broken = netns.Namespace()
    try:
        with broken:
            raise KeyError("the test's own failure")
    except KeyError:
        pass
    if broken.name in netns.namespaces():
        raise CaseFailure("%s left behind after a failure" % broken.name)


def _tap_peer_script(m, case):
    """nicsend's 10 frames reach an AF_PACKET socket on the tap intact, and
    a frame Linux sends there reaches nicdump intact."""
    sh = Shell(m, case)
    sh.start()
    _up(sh)
    sock = case.peer.packet_socket(0x88B5)
    try:
        sent = _lines("\n".join(sh.run("nicsend ne2k0 10")), "nicsend")
        got = []
        sock.settimeout(time_left(case))
        while len(got) < len(sent):
            got.append(frame_line(sock.recv(2048)))
        _compare("nicsend -> Linux", sent, got)
        start = len(m.lines)
        sh.type("nicdump ne2k0 1 type=0x88b5 &\n")
        expect(m, case, r"nicdump: ready$", start)
        frame = b"\xff" * 6 + _mac(LINUX_MAC) + b"\x88\xb5" + \
            bytes(range(100))
        sock.send(frame)
        _, mt = expect(m, case, r"nicdump: (len=.*)$", start)
        _compare("Linux -> nicdump", [frame_line(frame)], [mt.group(1)])
        expect(m, case, r"^nicdump: got 1 frames, frames_in=\d+ dropped=0$",
               start)
    finally:
        sock.close()
    _exit_shell(sh)


def _tap_peer():
    c = sh_case("tap_peer", _tap_peer_script, timeout=90)
    c.name = "netlab.tap_peer"
    c.fixtures = [netns.fixture(MAC_A)]
    return c


# --- the relay -----------------------------------------------------------------

def _hostile_script(m, case):
    """Each hostile frame injected by the relay arrives as sent (padded to
    60 bytes with zeros when shorter, as QEMU's NE2000 does)."""
    frames = craft.hostile_frames(MAC_B, LINUX_MAC)
    _bring_up(m, case, MAC_B)
    i, _ = expect(m, case, r"^nicdump: ready$")
    for _, frame in frames:
        case.relay.inject("b", frame)
    expect(m, case, r"^init: nicdump exited with status 0$", i)
    _compare("relay -> nicdump (%s)" % ", ".join(n for n, _ in frames),
             [frame_line(craft.padded(f)) for _, f in frames],
             _lines(m.output, "nicdump"))
    expect(m, case, r"^nicdump: got 10 frames, frames_in=10 dropped=0$")
    expect_exit(m, case, INIT_OK)


def _relay_hostile():
    c = proc_case("relay_hostile", "netlab_inject.cfg",
                  ["ns", "ne2k", "nicdump"], _hostile_script, timeout=90)
    c.name = "netlab.relay_hostile"
    c.fixtures = [_needs_scapy, relay_mod.fixture("b", MAC_B)]
    return c


class _needs_scapy:
    """A fixture that only skips the case when scapy is missing (before
    QEMU starts)."""

    def __init__(self, case):
        pass

    def __enter__(self):
        craft.scapy()

    def __exit__(self, *exc):
        return False


def _node(case, cfg, programs, args):
    """Starts another node (init, ns, ne2k, programs, tests/configs/CFG)
    with QEMU args; the case's script must kill it (case.nodes)."""
    mods = [os.path.join(case.ctx.build, "user", p)
            for p in ["init", "ns", "ne2k"] + list(programs)] + \
        [os.path.join("tests", "configs", cfg)]
    n = Machine(("kernel", case.ctx.kernel), cmdline="initcfg=%s panic=exit"
                % cfg, modules=mods, extra_args=args)
    case.nodes.append(n)
    return n.start()


def _end_nodes(case):
    with open(os.path.join(case.ctx.logs, case.name + ".node_a.log"),
              "w") as f:
        for n in case.nodes:
            n.kill()
            f.write(n.output + "\n")


DROP = 0.25
SENT = 200


def _drop_script(m, case):
    """Node A's 200 frames through the relay dropping a quarter: the
    relay's count of dropped frames is near a quarter, node B got exactly
    the others, in order, and the relay's record of them is a clean pcap."""
    _bring_up(m, case, MAC_B)
    i, _ = expect(m, case, r"^nicdump: ready$")
    case.nodes = []
    try:
        a = _node(case, "netlab_drop_send.cfg", ["nicsend"],
                  ["-device", "ne2k_isa,netdev=n0,iobase=0x300,irq=9,mac=" +
                   MAC_A] + case.relay.netdev_args("a"))
        a.expect(r"^init: nicsend exited with status 0$", time_left(case))
        _, mt = expect(m, case, r"^nicdump: got (\d+) frames, "
                       r"frames_in=(\d+) dropped=(\d+)$", i)
    finally:
        _end_nodes(case)
    from_a = case.relay.frames("a")
    passed = case.relay.frames("a", relay_mod.FORWARDED)
    dropped = case.relay.frames("a", relay_mod.DROPPED)
    if len(from_a) != SENT or len(passed) + len(dropped) != SENT:
        raise CaseFailure("relay saw %d frames from A (%d passed, %d "
                          "dropped), want %d" % (len(from_a), len(passed),
                                                 len(dropped), SENT))
    if not SENT * DROP * 0.6 <= len(dropped) <= SENT * DROP * 1.4:
        raise CaseFailure("relay dropped %d of %d at %g" % (
            len(dropped), SENT, DROP))
    _compare("relay -> nicdump", [frame_line(f) for f in passed],
             _lines(m.output, "nicdump"))
    if int(mt.group(1)) != len(passed) or mt.group(3) != "0":
        raise CaseFailure(mt.group(0) + " (want %d, dropped=0)"
                          % len(passed))
    expect(m, case, r"^init: nicdump exited with status 0$", i)
    expect_exit(m, case, INIT_OK)
    path = os.path.join(case.ctx.logs, case.name + ".relay.pcap")
    pcapcheck.write_pcap(path, from_a)
    pcapcheck.assert_clean(path, src=MAC_A, count=SENT)


def _relay_drop():
    c = proc_case("relay_drop", "netlab_drop.cfg", ["ns", "ne2k", "nicdump"],
                  _drop_script, timeout=150)
    c.name = "netlab.relay_drop"
    c.fixtures = [relay_mod.fixture("b", MAC_B, ports=("a", "b"), drop=DROP,
                                    seed=14)]
    return c


# --- filter-dump captures ----------------------------------------------------

def _pcap_script(m, case):
    """Both nodes' captures hold node A's 10 frames, which tshark finds
    clean (plain data of EtherType 0x88b5)."""
    _bring_up(m, case, MAC_B)
    i, _ = expect(m, case, r"^nicdump: ready$")
    case.nodes = []
    pcap_a = case.pcap_b.replace(".b.pcap", ".a.pcap")
    try:
        a = _node(case, "ne2k.cfg", ["nicsend"],
                  _nic_args(MAC_A, case.ports[0], case.ports[1]) +
                  pcapcheck.dump_args(pcap_a))
        a.expect(r"^init: nicsend exited with status 0$", time_left(case))
        a.wait_exit(time_left(case))
    finally:
        _end_nodes(case)
    expect(m, case, r"^init: nicdump exited with status 0$", i)
    expect_exit(m, case, INIT_OK)
    for path in (pcap_a, case.pcap_b):
        frames = pcapcheck.assert_clean(path, src=MAC_A, count=10)
        kinds = {f.protocols for f in frames}
        if kinds != {"eth:ethertype:data"}:
            raise CaseFailure("%s: nicsend's frames dissected as %s"
                              % (path, kinds))


def _pcap_two_nodes(ctx):
    c = proc_case("pcap_two_nodes", "ne2k_dump.cfg",
                  ["ns", "ne2k", "nicdump"], _pcap_script, timeout=120)
    c.name = "netlab.pcap_two_nodes"
    c.ports = _ports(c.name, 2)
    c.pcap_b = os.path.abspath(os.path.join(ctx.logs, c.name + ".b.pcap"))
    c.extra_args = _nic_args(MAC_B, c.ports[1], c.ports[0]) + \
        pcapcheck.dump_args(c.pcap_b)
    return c


def cases(ctx):
    return [Case("netlab.pcap_checker", _checker_script, boot=None),
            Case("netlab.netns_teardown", _teardown_script, boot=None),
            _tap_peer(), _relay_hostile(), _relay_drop(),
            _pcap_two_nodes(ctx)]
