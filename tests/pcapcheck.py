"""Packet captures of a node's NIC and their judge.

dump_args() records every frame a QEMU netdev passes, both ways, into a
pcap file (QEMU's filter-dump object). check() has tshark dissect that file
with checksum validation on and reports the frames it calls malformed, gives
an expert error, or whose IPv4, UDP, TCP or ICMP checksum is wrong (a bad
ICMP checksum is only an expert warning, so the checksum status fields are
read too); assert_clean() fails the case listing them. write_pcap() writes
frames into a pcap by hand (for the checker's own test, and a relay's
record). Frames that are not IP (nicsend's EtherType 0x88b5) dissect as
"eth:ethertype:data" with no expert info: clean."""

import shutil
import struct
import subprocess

from harness import CaseFailure, CaseSkipped

TSHARK = "tshark"
# tshark 4.0 (Debian 12) leaves these off by default; ICMP's is always on.
CHECKSUM_PREFS = ["ip.check_checksum:TRUE", "udp.check_checksum:TRUE",
                  "tcp.check_checksum:TRUE"]
FIELDS = ["frame.number", "eth.src", "frame.protocols", "_ws.malformed",
          "_ws.expert.severity", "_ws.expert.message", "ip.checksum.status",
          "udp.checksum.status", "tcp.checksum.status",
          "icmp.checksum.status"]
SEVERITY_ERROR = 0x00800000  # PI_ERROR in epan/proto.h
CHECKSUM_BAD = "0"           # *.checksum.status: 0 bad, 1 good, 2 unverified


def dump_args(path, netdev="n0", fid="dump0"):
    """QEMU arguments recording netdev's frames (both directions) to path."""
    return ["-object", "filter-dump,id=%s,netdev=%s,file=%s"
            % (fid, netdev, path)]


def write_pcap(path, frames):
    """A classic pcap (Ethernet link type, microsecond stamps) of frames
    (bytes each), one a millisecond."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, frame in enumerate(frames):
            f.write(struct.pack("<IIII", 0, i * 1000, len(frame),
                                len(frame)))
            f.write(frame)


class Frame:
    def __init__(self, number, src, protocols, problems):
        self.number, self.src, self.protocols = number, src, protocols
        self.problems = problems  # why it is bad; empty when it is good

    def __repr__(self):
        return "frame %d from %s (%s): %s" % (
            self.number, self.src, self.protocols,
            "; ".join(self.problems) or "ok")


def _problems(row):
    """What is wrong with one frame, from tshark's fields (lists joined
    by '|')."""
    got = dict(zip(FIELDS, row + [""] * (len(FIELDS) - len(row))))
    problems = []
    if got["_ws.malformed"]:
        problems.append("malformed")
    for sev, text in zip(got["_ws.expert.severity"].split("|"),
                         got["_ws.expert.message"].split("|")):
        if sev and int(sev, 0) >= SEVERITY_ERROR:
            problems.append("expert error: " + text)
    for field in FIELDS[6:]:
        if CHECKSUM_BAD in got[field].split("|"):
            problems.append("bad " + field.split(".")[0] + " checksum")
    return got, problems


def check(path, src=None):
    """Every frame of the pcap at path (those from MAC src only, if given),
    judged. Skips the case when tshark is missing; fails it when tshark
    cannot read the file."""
    if not shutil.which(TSHARK):
        raise CaseSkipped("tshark not installed (as root: sh tools/deps.sh "
                          "test)")
    argv = [TSHARK, "-r", path, "-n", "-T", "fields", "-E", "separator=/t",
            "-E", "occurrence=a", "-E", "aggregator=|"]
    for pref in CHECKSUM_PREFS:
        argv += ["-o", pref]
    for field in FIELDS:
        argv += ["-e", field]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60)
    if p.returncode != 0:
        raise CaseFailure("tshark -r %s: status %d: %s"
                          % (path, p.returncode, p.stderr.strip()[-300:]))
    frames = []
    for line in p.stdout.splitlines():
        got, problems = _problems(line.split("\t"))
        if src and got["eth.src"].lower() != src.lower():
            continue
        frames.append(Frame(int(got["frame.number"]), got["eth.src"],
                            got["frame.protocols"], problems))
    return frames


def assert_clean(path, src=None, count=None):
    """Fails unless every frame (from src) is clean, and, when count is
    given, there are exactly count of them (an empty capture proves
    nothing). Returns the frames."""
    frames = check(path, src)
    bad = [f for f in frames if f.problems]
    if bad:
        raise CaseFailure("%s: %d bad frames of %d: %s" % (
            path, len(bad), len(frames), "; ".join(map(repr, bad[:10]))))
    if count is not None and len(frames) != count:
        raise CaseFailure("%s: %d frames%s, want %d" % (
            path, len(frames), " from " + src if src else "", count))
    return frames
