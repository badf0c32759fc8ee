"""Crafted frames for the network tests: scapy (Debian's python3-scapy)
builds them, hostile ones included. The suite may run under another python3
than Debian's (pyenv): Debian's dist-packages is then searched last, which is
enough for scapy (pure Python). Without scapy the case is skipped."""

import sys
import warnings

from harness import CaseSkipped

DEBIAN_PACKAGES = "/usr/lib/python3/dist-packages"
MIN_FRAME = 60  # Ethernet's minimum without FCS; QEMU's NICs pad to it


def scapy():
    """scapy.all, or CaseSkipped naming the package to install."""
    with warnings.catch_warnings():  # a newer cryptography's notices
        warnings.simplefilter("ignore")
        return _import_scapy()


def _import_scapy():
    try:
        import scapy.all
    except ImportError:
        if DEBIAN_PACKAGES not in sys.path:
            sys.path.append(DEBIAN_PACKAGES)
        try:
            import scapy.all
        except ImportError:
            raise CaseSkipped("python3-scapy not installed (as root: sh "
                              "tools/deps.sh test)")
    return scapy.all


def padded(frame):
    """frame as a NIC that pads short frames with zeros hands it on."""
    return frame + b"\0" * max(0, MIN_FRAME - len(frame))


def hostile_frames(dst, src):
    """(name, bytes) of frames a protocol server must survive, to dst from
    src: a good UDP datagram beside a bad UDP and a bad IP checksum, an IP
    header cut short, an IHL below 5, a total length past the frame, a
    fragment, a runt of 42 bytes, a full 1514-byte frame and an ARP."""
    s = scapy()
    base = s.Ether(dst=dst, src=src) / s.IP(src="10.0.3.254",
                                            dst="10.0.3.1")
    udp = bytes(base / s.UDP(sport=4000, dport=7) / s.Raw(b"lavender" * 4))
    bad_udp = bytearray(udp)
    bad_udp[40] ^= 0xFF  # UDP checksum: Ether 14 + IP 20 + 6
    bad_ip = bytearray(udp)
    bad_ip[24] ^= 0xFF   # IP header checksum: Ether 14 + 10
    short_ihl = bytearray(udp)
    short_ihl[14] = 0x43  # version 4, IHL 3
    too_long = bytes(s.Ether(dst=dst, src=src) /
                     s.IP(src="10.0.3.254", dst="10.0.3.1", len=1400) /
                     s.UDP(sport=4000, dport=7) / s.Raw(b"x" * 20))
    fragment = bytes(s.Ether(dst=dst, src=src) /
                     s.IP(src="10.0.3.254", dst="10.0.3.1", flags="MF",
                          id=77) / s.UDP(sport=4000, dport=7) /
                     s.Raw(b"y" * 64))
    runt = bytes(s.Ether(dst=dst, src=src, type=0x0800) / s.Raw(b"\x45" * 28))
    full = bytes(base / s.UDP(sport=4000, dport=7) /
                 s.Raw(b"z" * (1514 - 14 - 20 - 8)))
    arp = bytes(s.Ether(dst="ff:ff:ff:ff:ff:ff", src=src) /
                s.ARP(op=1, hwsrc=src, psrc="10.0.3.254", pdst="10.0.3.1"))
    return [("udp", udp), ("bad_udp_checksum", bytes(bad_udp)),
            ("bad_ip_checksum", bytes(bad_ip)),
            ("ip_header_cut", udp[:14 + 12]), ("ihl_3", bytes(short_ihl)),
            ("total_length_past_frame", too_long), ("fragment", fragment),
            ("runt_42", runt[:42]), ("full_1514", full), ("arp", arp)]
