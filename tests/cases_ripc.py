"""Network-transparent IPC (issue 15's acceptance): two nodes, alpha (the
case's machine) and beta (a QEMU the script starts, kills and boots again),
both booting tests/configs/net_node.cfg, their NICs on the test's frame
relay (tests/relay.py: a hub that records every frame, may drop a seeded
fraction and injects the test's own), driven through their shells. The
demo servers (user/echosrv, user/kvsrv) run on the nodes; the clients are
the same binaries whether the server is local or remote.

- ripc.demos: both ways (alpha -> beta, beta -> alpha): echocli, names
  @NODE, kv put/get/del/incr/count, each remote call executed by the other
  node's server and each local one by the node's own (the servers' counts
  before and after); a client that put a key deletes it (/test/ripcline,
  one process, one identity).
- ripc.loss: the relay drops 10% of frames (seeded): 2,000 calls of
  `kv kv@beta incr n -n 2000` all answer one more than the one before (kv
  checks each), the last 2000, and kvsrv's count moved by exactly 2000 --
  every call executed once although the relay dropped CALLs and REPLYs.
- ripc.down: a lookup of a node that is not up (10.0.0.9) fails with
  "timed out" after net's retries (12.6 s, within the name server's
  forward); beta's QEMU killed under `echocli -n 1000`: the pending call
  fails "timed out" within the retries' bound, a call through a right held
  from before and a new lookup fail "timed out" too; beta booted again on
  the same link (its servers started again): the held right's call is
  refused "port is dead" (beta's net answered ERROR -ERR_STALE: the epoch
  changed), a new lookup and calls work.
- ripc.names: a name registered with echosrv -l (not exported) is found by
  beta's own lookups and not from alpha ("not exported", not in names
  @beta); datagrams the test forges (injected by the relay as if from
  alpha) -- a CALL with a guessed port id, one with a wrong epoch -- reach
  nothing (ERROR -ERR_DEADPORT, -ERR_STALE back; echosrv's count still);
  ids captured from LOOKUP_REPLYs are far apart (not sequential), one per
  name, stable for a name within an epoch, new with the epoch after beta
  reboots; beta boots once with -cpu max (seeded from RDRAND) and once with
  random=tsc (the TSC and interrupt timing), lookups and calls working in
  both. A CALL forged with a captured epoch and id IS executed (once): the
  ids stop guessing, not a host that sees the LAN's traffic.
- ripc.identity: two clients on alpha each put a key on beta's kvsrv; one
  may delete its own but not the other's ("operation not permitted",
  naming the owner's pid on alpha), and neither may a client on beta;
  after beta's net restarted the owner is "a remote client".
- ripc.kvowner: an ended kv run's key is taken by the next run; a running
  owner's (ripcline on beta) is refused naming its pid, to kv incr -n too
  ("0 of 3 calls answered"), and is free once it ends; a remote run's key
  is refused until kvsrv -t 8's lease runs out after its last request,
  then taken; four remote clients fill the 256 keys (a fifth key of one
  refused: 64 per client) and a new key is refused naming the limit;
  beta killed under kv incr -n 1000: kv prints how many calls were
  answered and the last answer (equal, 0 < n < 1000), then that the node
  did not answer.
- ripc.at_node: NAME@NODE's limits (a 31-byte exported name called from
  alpha; a 32-byte name or a 64-byte node refused naming the limits by
  echocli, kv, ripcbench and names @NODE), one wording of remote errors in
  every tool (no such node, not exported), @self (localhost, 127.0.0.1,
  alpha, 10.0.0.1: alpha's exported echo answers, its hidden one is not
  found, names @NODE lists alpha's exports), and alpha's net killed under
  a pending remote call: "this node's network server (net) ended", then a
  new call works once init started net again."""

import os
import random
import re
import struct
import time

import relay as relay_mod
from cases_net import ADDR, CFG, MAC, _background, _done, _modules, \
    _node, _up
from cases_net import _cmdline as _net_cmdline
from cases_sh import Shell, _ps_rows
from harness import Case, CaseFailure, expect, time_left
from qemu import Machine

RIPC_PORT = 701
CALL, REPLY, ERROR, LOOKUP, LOOKUP_REPLY = 1, 2, 3, 4, 5
MAGIC, VERSION = 0x4C524950, 1
HDR = struct.Struct("!IIIQQQQQIIiI")  # ripc_proto.h's lv_ripc_hdr_t, 68 bytes
ERR_DEADPORT, ERR_STALE = 200, 201
DEMO_ECHO, DEMO_COUNT = 0x44450001, 0x44450002
GIVEUP_S = 12.6               # LV_RIPC_GIVEUP_MS (ripc_proto.h)
TRIES = 10                    # LV_RIPC_TRIES: sends of one CALL
FORWARD_S = 15.0               # NS_FORWARD_TICKS (ns_proto.h)
# What a loaded 2-core machine adds to a bound of the guest's own clock.
SLACK_S = 6.0
SEEDED_RDRAND = r"^random: seeded from RDRAND$"
SEEDED_TSC = r"^random: seeded from the TSC and interrupt timing$"
NET_SAYS = "net: remote IPC: "  # net's own lines, which may come any time
NOBODY = "10.0.0.9"  # on the nodes' network, no QEMU behind it
# libipc/ns_remote.c's sentences: every program words remote errors so
SAYS = {
    "timedout": "the node did not answer within 12.6 s (10 tries): is it "
                "up, and is the link?",
    "toolong": "too long: NAME@NODE takes a name of at most 31 bytes and a "
               "node of at most 63",
    "nonode": "no such node: not an address, and not a name in /etc/hosts",
    "noname": "no such name there, or not exported (names @NODE lists what "
              "a node exports)",
    "netended": "this node's network server (net) ended, and with it every "
                "right to another node: init starts it again; look "
                "NAME@NODE up again (run the command again)",
}


def _cmdline(node):
    """net_node.cfg's line with the node's address fixed (ip=): no DHCP
    runs, so no line of net's comes 10 s later into a command's output."""
    return _net_cmdline(node) + " ip=%s/24" % ADDR[node]


# --- the nodes ----------------------------------------------------------------

def _serving(line):
    """The ready line of a demo server's command line: "echosrv [-l]
    [NAME]" or "kvsrv [-t SECONDS] [NAME]"."""
    words = line.split()
    if words[1:2] == ["-t"]:
        words[1:3] = []
    prog, local = words[0], "-l" in words
    name = words[-1] if len(words) > 1 and words[-1] != "-l" else \
        {"echosrv": "echo", "kvsrv": "kv"}[prog]
    return r"%s: serving %s \(%s\)$" % (prog, re.escape(name),
                                        "this node only" if local
                                        else "exported")


class Pair:
    """Both nodes up on the relay: alpha's shell (the case's machine), beta
    started here, each NIC up, and on each node the servers asked for
    (servers[node]: command lines, each started in the background and
    waited for by its ready line). kill_beta() ends beta's QEMU,
    boot_beta() starts a new one on the same relay port (a reboot). Every
    beta's console goes to logs/CASE.beta.log on the way out."""

    def __init__(self, m, case, servers, beta_cpu=None, beta_cmdline=""):
        self.m, self.case, self.servers = m, case, servers
        self.betas = []
        self.a = self.b = None
        self.beta_cpu, self.beta_cmdline = beta_cpu, beta_cmdline

    def __enter__(self):
        try:
            beta = self._start_beta(self.beta_cpu, self.beta_cmdline)
            self.a = Shell(self.m, self.case, node="alpha")
            self.a.start()
            _up(self.a)
            self._serve(self.a)
            self._beta_up(beta)
        except BaseException:
            self.__exit__()
            raise
        return self

    def _start_beta(self, cpu, cmdline):
        args = ["-device", "ne2k_isa,netdev=n0,iobase=0x300,irq=9,mac=%s"
                % MAC["beta"]] + self.case.relay.netdev_args("b")
        if cpu:
            args += ["-cpu", cpu]
        beta = Machine(("kernel", self.case.ctx.kernel),
                       cmdline=_cmdline("beta") + cmdline,
                       modules=_modules(self.case.ctx), extra_args=args)
        self.betas.append(beta)
        beta.start()
        return beta

    def _beta_up(self, beta):
        self.b = Shell(beta, self.case, node="beta")
        self.b.start()
        _up(self.b)
        self._serve(self.b)

    def _serve(self, sh):
        for line in self.servers.get(_node(sh), ()):
            _background(sh, line, _serving(line))

    def kill_beta(self):
        """Ends beta's QEMU at once (a node that dies: no goodbye)."""
        self.b.m.kill()
        if not self.case.relay.wait_gone("b", time_left(self.case)):
            raise CaseFailure("the relay still has beta after its QEMU "
                              "ended")

    def boot_beta(self, cpu=None, cmdline=""):
        """A new beta on the same link, its servers started again."""
        self._beta_up(self._start_beta(cpu, cmdline))

    def __exit__(self, *exc):
        with open("%s/%s.beta.log" % (self.case.ctx.logs, self.case.name),
                  "w") as f:
            for i, beta in enumerate(self.betas):
                beta.kill()
                f.write("=== beta, boot %d ===\n%s\n" % (i + 1, beta.output))
                if beta.stderr:
                    f.write("--- qemu stderr ---\n" +
                            beta.stderr.decode("utf-8", "replace"))
        return False


def ripc_case(name, script, timeout=120, drop=0.0, seed=15):
    c = Case("ripc." + name, script, timeout=timeout,
             cmdline=_cmdline("alpha"))
    c.modules_for = _modules
    c.cfg = CFG
    c.fixtures = [relay_mod.fixture("a", MAC["alpha"], ports=("a", "b"),
                                    drop=drop, seed=seed)]
    return c


# --- the wire, from the relay's record ----------------------------------------

def _ipv4(addr):
    return bytes(int(x) for x in addr.split("."))


def ripc_datagrams(relay, port=None, since=0):
    """The remote-IPC datagrams in the relay's record from index since on
    (frames from port, if given), whatever became of them: a list of
    (record index, source address, header dict, payload). Whole frames
    only (IPv4 without fragments, UDP 701 -> 701)."""
    out = []
    with relay.cond:
        records = list(enumerate(relay.records))[since:]
    for i, r in records:
        if port is not None and r.port != port:
            continue
        f = r.frame
        if len(f) < 14 + 20 + 8 or f[12:14] != b"\x08\x00":
            continue
        ihl = (f[14] & 0x0F) * 4
        if f[23] != 17 or struct.unpack("!H", f[20:22])[0] & 0x3FFF:
            continue  # not UDP, or a fragment
        udp = 14 + ihl
        sport, dport, ulen = struct.unpack("!HHH", f[udp:udp + 6])
        if sport != RIPC_PORT or dport != RIPC_PORT:
            continue
        body = f[udp + 8:udp + ulen]
        if len(body) < HDR.size:
            continue
        fields = HDR.unpack(body[:HDR.size])
        h = dict(zip(("magic", "version", "type", "src_epoch", "dst_epoch",
                      "request", "port", "right", "right_mode", "op",
                      "caller_pid", "size"), fields))
        if h["magic"] != MAGIC:
            continue
        out.append((i, ".".join(str(b) for b in f[26:30]), h,
                    body[HDR.size:HDR.size + h["size"]]))
    return out


def _checksum(data):
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ripc_frame(src, dst, h, payload=b""):
    """An Ethernet frame carrying a remote-IPC datagram from node src to
    node dst (their MACs and addresses), h the header's fields (the rest
    0, magic and version right, size the payload's)."""
    fields = dict(magic=MAGIC, version=VERSION, type=0, src_epoch=0,
                  dst_epoch=0, request=0, port=0, right=0, right_mode=0,
                  op=0, caller_pid=0, size=len(payload))
    fields.update(h)
    body = HDR.pack(*(fields[k] for k in (
        "magic", "version", "type", "src_epoch", "dst_epoch", "request",
        "port", "right", "right_mode", "op", "caller_pid", "size"))) + payload
    s, d = _ipv4(ADDR[src]), _ipv4(ADDR[dst])
    udp = struct.pack("!HHHH", RIPC_PORT, RIPC_PORT, 8 + len(body), 0) + body
    csum = _checksum(s + d + struct.pack("!BBH", 0, 17, len(udp)) + udp)
    udp = udp[:6] + struct.pack("!H", csum or 0xFFFF) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp),
                     random.randrange(1, 65536), 0, 64, 17, 0, s, d)
    ip = ip[:10] + struct.pack("!H", _checksum(ip)) + ip[12:]
    mac = lambda n: bytes(int(x, 16) for x in MAC[n].split(":"))  # noqa
    return mac(dst) + mac(src) + b"\x08\x00" + ip + udp


def _records(relay):
    with relay.cond:
        return len(relay.records)


def _wait_record(case, done):
    """Waits (the relay's condition: each frame recorded notifies it) until
    done() holds; False at the case's deadline."""
    relay = case.relay
    deadline = time.monotonic() + time_left(case)
    with relay.cond:
        while not done():
            left = deadline - time.monotonic()
            if left <= 0:
                return False
            relay.cond.wait(left)
    return True


def _lookup_replies(relay, since, name):
    """(epoch, port id) of beta's LOOKUP_REPLYs for name after record
    since: the entry's name is the payload's first bytes."""
    got = []
    for _, src, h, payload in ripc_datagrams(relay, "b", since):
        if h["type"] == LOOKUP_REPLY and h["op"] == 0 and \
                payload.split(b"\0", 1)[0] == name.encode():
            got.append((h["src_epoch"], h["right"]))
    return got


# --- the clients ----------------------------------------------------------------

def _status(sh):
    return int(sh.run_expect("echo $?", r"^(\d+)$").group(1))


def _expect_run(sh, line, patterns, status=0):
    """Runs line: its output is exactly one line per pattern (regexes, in
    order; net's own remote-IPC lines aside) and its status is status."""
    out = [l for l in sh.run(line) if not l.startswith(NET_SAYS)]
    if len(out) != len(patterns) or \
            any(not re.match(p, l) for p, l in zip(patterns, out)):
        raise CaseFailure("%s: %r printed %r, want %r"
                          % (_node(sh), line, out, patterns))
    got = _status(sh)
    if got != status:
        raise CaseFailure("%s: %r ended with status %d, want %d (it "
                          "printed %r)" % (_node(sh), line, got, status, out))
    return out


LEASE_S = 60  # DEMO_KV_LEASE_S: kvsrv's lease without -t


def _refused(verb, key, owner, lease=LEASE_S):
    """kv's line for a refused verb on key owned by owner (a regex: "pid
    N on beta", or a remote client: "remote" for any remote owner, with
    its node and pid when net still knows it)."""
    head = r"^kv: %s %s: operation not permitted: key %s belongs to " % (
        verb, re.escape(key), re.escape(key))
    if owner != "remote":
        return head + r"%s, which still runs: use another key, or end pid " \
            r"\d+$" % owner
    return head + r"(pid \d+ on [^,]+, )?a remote client, whose keys are " \
        r"free %d s after its last request \(kvsrv -t %d\): use another " \
        r"key, or try again in \d+ s$" % (lease, lease)


def _count(sh, name):
    """The requests the demo server NAME[@NODE] executed (DEMO_COUNT,
    which echosrv and kvsrv both answer; kv count asks it)."""
    return int(_expect_run(sh, "kv %s count" % name,
                           [r"^\d+ requests executed$"])[0].split()[0])


def _echo(sh, name, text):
    _expect_run(sh, "echocli %s %s" % (name, text),
                [r"^echocli: %s: %s \(\d+ kcycles\)$"
                 % (re.escape(name), re.escape(text))])


class Line:
    """/test/ripcline NAME in sh's foreground: one lookup, then one call
    per line typed through that right."""

    def __init__(self, sh, name):
        self.sh, self.name = sh, name
        i = sh.type("/test/ripcline %s\n" % name)
        expect(sh.m, sh.case, r"^ripcline: holding %s$" % re.escape(name), i)

    def call(self, line, pattern):
        """Types line; its answer must match pattern (after "LINE: ")."""
        i = self.sh.type(line + "\n")
        _, mt = expect(self.sh.m, self.sh.case, r"^ripcline: %s: (.*)$"
                       % re.escape(line), i)
        if not re.match(pattern + "$", mt.group(1)):
            raise CaseFailure("%s: ripcline %s: %r answered %r, want /%s/"
                              % (_node(self.sh), self.name, line,
                                 mt.group(1), pattern))
        return mt

    def end(self):
        i = self.sh.type("\n")  # not echoed: the prompt is line i
        self.sh.wait_prompt(i)
        if _status(self.sh) != 0:
            raise CaseFailure("ripcline ended with a failure")


# --- ripc.demos -----------------------------------------------------------------

def _demo_way(cli, srv):
    """The demos from cli's node to srv's and, with the same binaries, to
    cli's own servers: every call lands where it was meant to (the two
    servers' counts), and the answers are right."""
    node, me = _node(srv), _node(cli)
    echo, kv = "echo@" + node, "kv@" + node
    mine = "color_" + me
    # names @NODE: srv's exported entries, with srv's pids as owners
    table = "\n".join(cli.run("names @" + node))
    for name in ("echo", "kv"):
        if not re.search(r"(?m)^%s +demo +\d+ E " % name, table):
            raise CaseFailure("%s: names @%s lists no exported %s: %r"
                              % (me, node, name, table))
    remote_echo, local_echo = _count(cli, echo), _count(cli, "echo")
    remote_kv, local_kv = _count(cli, kv), _count(cli, "kv")
    _echo(cli, echo, "%s->%s: remote, 0123 abc .,:;!?" % (me, node))
    _echo(cli, "echo", "%s: local, the same binary" % me)
    _expect_run(cli, "echocli -n 20 %s twenty" % echo,
                [r"^echocli: 20 of 20 answers were the text$"])
    if (_count(cli, echo), _count(cli, "echo")) != \
            (remote_echo + 21, local_echo + 1):
        raise CaseFailure("%s: echo servers' counts %r after 21 remote and "
                          "1 local call, were %r" % (
                              me, (_count(cli, echo), _count(cli, "echo")),
                              (remote_echo, local_echo)))
    _expect_run(cli, "kv %s put %s blue" % (kv, mine),
                [r"^kv: put %s: done$" % mine])
    _expect_run(cli, "kv %s get %s" % (kv, mine), [r"^blue$"])
    _expect_run(cli, "kv kv get %s" % mine,  # not here: there (and no
                [r"^kv: get %s: no such entry: kv has no key %s$"  # evictions)
                 % (mine, mine)], status=1)
    _expect_run(cli, "kv %s incr n_%s -n 5" % (kv, me), [r"^5$"])
    _expect_run(cli, "kv %s get n_%s" % (kv, me), [r"^5$"])
    _expect_run(cli, "kv %s del no_such_%s" % (kv, me),
                [r"^kv: del no_such_%s: no such entry: %s has no key "
                 r"no_such_%s$" % (me, kv, me)], status=1)
    _expect_run(cli, "kv %s del %s" % (kv, mine),  # another process's
                [_refused("del", mine, "remote")], status=1)
    one = Line(cli, kv)  # one process: it may delete what it put
    one.call("put tmp_%s x" % me, r"status 0")
    one.call("del tmp_%s" % me, r"status 0")
    # a line past stdin's line (255 bytes) and ripcline's buffer: refused,
    # and ripcline reads on (it used to end: the rest looked empty)
    i = cli.type("echo " + "x" * 300 + "\n")
    expect(cli.m, cli.case, r"^ripcline: line too long: at most 254 bytes$", i)
    one.call("get tmp_%s" % me, r"no such entry \(-2\)")
    one.end()
    # put, get, 5 incr, get, del, del, then ripcline's put, del, get
    if (_count(cli, kv), _count(cli, "kv")) != (remote_kv + 13, local_kv + 1):
        raise CaseFailure("%s: kv servers' counts %r after 13 remote and "
                          "1 local request, were %r" % (
                              me, (_count(cli, kv), _count(cli, "kv")),
                              (remote_kv, local_kv)))


def _demos_script(m, case):
    both = ["echosrv", "kvsrv"]
    with Pair(m, case, {"alpha": both, "beta": both}) as p:
        _demo_way(p.a, p.b)
        _demo_way(p.b, p.a)


# --- ripc.loss --------------------------------------------------------------------

LOSS_DROP = 0.10
LOSS_CALLS = 2000   # about 120 s of TCG (each lost frame costs a 200 ms RTO)
SOAK_CALLS = 10000  # make soak (soak.ripc_loss)


def _loss_script(m, case, calls=LOSS_CALLS):
    """calls increments through the relay dropping LOSS_DROP of frames:
    kv checks each answer is one more than the one before (a call run
    twice or lost would break the chain), the last is calls, and kvsrv
    executed exactly calls requests meanwhile."""
    with Pair(m, case, {"beta": ["kvsrv"]}) as p:
        before = _count(p.a, "kv@beta")
        since = _records(case.relay)
        t0 = time.monotonic()
        _expect_run(p.a, "kv kv@beta incr n -n %d" % calls,
                    [r"^%d$" % calls])
        took = time.monotonic() - t0
        after = _count(p.a, "kv@beta")
        if after - before != calls:
            raise CaseFailure("kvsrv executed %d requests for %d calls "
                              "(at most once, exactly once here)"
                              % (after - before, calls))
        grams = ripc_datagrams(case.relay, None, since)
        dropped = [h["type"] for i, _, h, _ in grams
                   if case.relay.records[i].fate == relay_mod.DROPPED]
        if dropped.count(CALL) < calls * LOSS_DROP / 2 or \
                dropped.count(REPLY) < calls * LOSS_DROP / 2:
            raise CaseFailure("the relay dropped %d CALLs and %d REPLYs for "
                              "%d calls: too few to test loss" % (
                                  dropped.count(CALL), dropped.count(REPLY),
                                  calls))
        with open("%s/%s.stats" % (case.ctx.logs, case.name), "w") as f:
            f.write("%d calls in %.1f s, %d CALLs and %d REPLYs dropped\n"
                    % (calls, took, dropped.count(CALL),
                       dropped.count(REPLY)))


# --- ripc.down --------------------------------------------------------------------

def _timed(sh, line, pattern):
    """Types line and waits for a line matching pattern; (seconds, match)."""
    t0 = time.monotonic()
    i = sh.type(line + "\n")
    _, mt = expect(sh.m, sh.case, pattern, i)
    return time.monotonic() - t0, mt


def _within(what, took, low, high):
    if not low <= took <= high:
        raise CaseFailure("%s took %.1f s, want %.1f .. %.1f s"
                          % (what, took, low, high))


def _down_script(m, case):
    """A node not up, a node that dies under calls, the node booted again:
    the errors and their times are the documented ones, and a right from
    before the reboot is refused while a new lookup works."""
    with Pair(m, case, {"beta": ["echosrv"]}) as p:
        a = p.a
        took, _ = _timed(a, "echocli echo@%s hi" % NOBODY,
                         r"^echocli: echo@%s: %s$"
                         % (re.escape(NOBODY), re.escape(SAYS["timedout"])))
        _within("a lookup at %s (nobody)" % NOBODY, took, GIVEUP_S - 0.5,
                FORWARD_S + SLACK_S)
        a.wait_prompt(len(m.lines))
        if _status(a) != 1:
            raise CaseFailure("echocli's failed lookup: status not 1")
        # echocli -n 1000 in the background, a held right in the foreground
        since = _records(case.relay)
        mt = a.run_expect("echocli -n 1000 echo@beta x &", r"^\[(\d+)\]$")
        job = int(mt.group(1))
        held = Line(a, "echo@beta")
        held.call("echo before", r"status 6 before")
        if not _wait_record(case, lambda: sum(
                1 for _, _, h, _ in ripc_datagrams(case.relay, "a", since)
                if h["type"] == CALL) >= 60):
            raise CaseFailure("echocli -n 1000 sent fewer than 60 calls")
        n = len(m.lines)
        t0 = time.monotonic()
        p.kill_beta()
        _, mt = expect(m, case, r"echocli: (\d+) of 1000 answers were the "
                       r"text$", n)
        took = time.monotonic() - t0
        expect(m, case, r"echocli: echo@beta: %s$"
               % re.escape(SAYS["timedout"]), n)
        _within("the pending call's failure after beta died", took, 0,
                GIVEUP_S + SLACK_S)
        if not 0 < int(mt.group(1)) < 1000:
            raise CaseFailure("echocli's calls: %s of 1000 answered before "
                              "beta died" % mt.group(1))
        took, since = time.monotonic(), _records(case.relay)
        held.call("echo during", r"timed out \(-110\)")
        _within("a call through a held right to a dead node",
                time.monotonic() - took, GIVEUP_S - 0.5, GIVEUP_S + SLACK_S)
        sends = [h["request"] for _, _, h, _ in
                 ripc_datagrams(case.relay, "a", since) if h["type"] == CALL]
        if len(sends) != TRIES or len(set(sends)) != 1:
            raise CaseFailure("the call to the dead node was sent %d times "
                              "(requests %r), want LV_RIPC_TRIES = %d sends "
                              "of one request" % (len(sends), sorted(
                                  set(sends)), TRIES))
        took = time.monotonic()
        held.call("lookup echo@beta", r"timed out \(-110\)")
        _within("a new lookup at a dead node", time.monotonic() - took,
                GIVEUP_S - 0.5, FORWARD_S + SLACK_S)
        p.boot_beta()
        since = _records(case.relay)
        held.call("echo after", r"port is dead \(-200\)")
        stale = [h for _, _, h, _ in ripc_datagrams(case.relay, "b", since)
                 if h["type"] == ERROR and h["op"] == (-ERR_STALE) & 0xFFFFFFFF]
        if not stale:
            raise CaseFailure("beta's new net did not answer the old epoch's "
                              "CALL with ERROR -ERR_STALE")
        held.call("lookup echo@beta", r"found")
        held.end()
        _done(a, job, 1)
        _echo(a, "echo@beta", "after the reboot")
        _expect_run(a, "echocli -n 10 echo@beta ten",
                    [r"^echocli: 10 of 10 answers were the text$"])


# --- ripc.names -------------------------------------------------------------------

def _ids_far_apart(ids):
    """Not sequential: any two distinct ids differ by more than 2^32."""
    ids = sorted(set(ids))
    return all(b - a > 1 << 32 for a, b in zip(ids, ids[1:]))


def _forge(case, h, payload=b""):
    """Injects a datagram to beta as if alpha sent it; returns the record
    index before it."""
    since = _records(case.relay)
    case.relay.inject("b", ripc_frame("alpha", "beta", h, payload))
    return since


def _answer_to(case, since, request):
    """Beta's answer (header, payload) to the forged request in the
    relay's record after since, or (None, None). Call it after a barrier:
    a call of alpha's answered after the forged datagram went in (beta's
    net takes datagrams in order, so its answer to the forged one, if
    any, passed the relay before)."""
    for _, _, h, payload in ripc_datagrams(case.relay, "b", since):
        if h["request"] == request and h["type"] in (REPLY, ERROR):
            return h, payload
    return None, None


def _names_boot(p, case, seeded, epochs, ids):
    """On one boot of beta: the seeding line, the private name found there
    and not from alpha, several exported names looked up from alpha with
    their ids captured (each name's twice: the same id). Adds beta's epoch
    and the ids (name -> id) of this boot."""
    a, b = p.a, p.b
    expect(b.m, case, seeded)
    _expect_run(b, "echocli private hi", [r"^echocli: private: hi"])
    if not re.search(r"(?m)^private +demo +\d+ - ", "\n".join(b.run("names"))):
        raise CaseFailure("beta's names does not list private (not "
                          "exported)")
    _expect_run(a, "echocli private@beta hi",
                [r"^echocli: private@beta: %s$" % re.escape(SAYS["noname"])],
                status=1)
    if re.search(r"(?m)^private ", "\n".join(a.run("names @beta"))):
        raise CaseFailure("names @beta lists private")
    since = _records(case.relay)
    got = {}
    for name in ("echo", "e1", "e2", "e3", "echo"):
        _echo(a, name + "@beta", "id of " + name)
        seen = _lookup_replies(case.relay, since, name)
        if not seen:
            raise CaseFailure("no LOOKUP_REPLY for %s in the relay's "
                              "record" % name)
        got.setdefault(name, set()).update(seen)
    for name, seen in got.items():
        if len(seen) != 1:
            raise CaseFailure("%s looked up twice got %r (epoch, id): one "
                              "id a name within an epoch" % (name, seen))
    boot = {name: seen.pop() for name, seen in got.items()}
    if len({e for e, _ in boot.values()}) != 1:
        raise CaseFailure("one boot's LOOKUP_REPLYs carry several epochs: "
                          "%r" % boot)
    if not _ids_far_apart([i for _, i in boot.values()]):
        raise CaseFailure("port ids %s look sequential" % sorted(
            "%016x" % i for _, i in boot.values()))
    epochs.append(next(iter(boot.values()))[0])
    ids.append({name: i for name, (_, i) in boot.items()})


def _forged(p, case, epochs, ids):
    """Datagrams the test forges reach nothing: a guessed port id, a wrong
    epoch. One with the captured epoch and id is executed, once."""
    a = p.a
    beta_epoch, echo_id = epochs[-1], ids[-1]["echo"]
    alpha_epoch = next(h["src_epoch"] for _, _, h, _ in
                       ripc_datagrams(case.relay, "a") if h["type"] == CALL)
    rng = random.Random(case.name)
    base = {"type": CALL, "src_epoch": alpha_epoch, "op": DEMO_ECHO,
            "caller_pid": 5}
    before = _count(a, "echo@beta")
    tries = [("a guessed port id", dict(base, dst_epoch=beta_epoch,
                                        port=rng.getrandbits(64)),
              ERR_DEADPORT),
             ("a wrong epoch", dict(base, dst_epoch=beta_epoch ^ 1,
                                    port=echo_id), ERR_STALE)]
    for what, h, err in tries:
        h["request"] = rng.getrandbits(64) | 1
        since = _forge(case, h, b"forged")
        if _count(a, "echo@beta") != before:  # also the barrier
            raise CaseFailure("a CALL with %s reached echosrv" % what)
        got, _ = _answer_to(case, since, h["request"])
        if got and (got["type"], got["op"]) != (ERROR, (-err) & 0xFFFFFFFF):
            raise CaseFailure("a CALL with %s was answered type %d op %d, "
                              "want ERROR -%d or nothing"
                              % (what, got["type"], got["op"], err))
    # Ids are secret only from hosts that cannot see the LAN: with the
    # captured epoch and id, a forged CALL is executed -- once, however
    # often it is sent (at-most-once keys on node, epoch and request).
    h = dict(base, dst_epoch=beta_epoch, port=echo_id,
             request=rng.getrandbits(64) | 1)
    for _ in range(2):
        since = _forge(case, h, b"forged")
        ran = _count(a, "echo@beta") - before  # also the barrier
        got, payload = _answer_to(case, since, h["request"])
        if not got or (got["type"], payload) != (REPLY, b"forged"):
            raise CaseFailure("a CALL forged with the captured epoch and "
                              "id got %r %r, want the echo" % (got, payload))
        if ran != 1:
            raise CaseFailure("the forged CALL (sent again: at most once) "
                              "ran %d times" % ran)


def _names_script(m, case):
    servers = {"beta": ["echosrv", "echosrv -l private", "echosrv e1",
                        "echosrv e2", "echosrv e3"]}
    epochs, ids = [], []
    with Pair(m, case, servers, beta_cpu="max") as p:
        _names_boot(p, case, SEEDED_RDRAND, epochs, ids)
        _forged(p, case, epochs, ids)
        p.kill_beta()
        p.boot_beta(cpu="max", cmdline=" random=tsc")
        _names_boot(p, case, SEEDED_TSC, epochs, ids)
    if epochs[0] == epochs[1]:
        raise CaseFailure("beta's epoch %016x survived its reboot"
                          % epochs[0])
    same = [n for n in ids[0] if ids[0][n] == ids[1][n]]
    if same or not _ids_far_apart(list(ids[0].values()) +
                                  list(ids[1].values())):
        raise CaseFailure("ids before and after the reboot: %r, %r"
                          % (ids[0], ids[1]))


# --- ripc.identity ----------------------------------------------------------------

IDENTITY_LEASE_S = 600  # longer than the case: no key is free by lease


def _identity_script(m, case):
    """Remote callers are told apart per (node, pid): a key is its putter's
    to delete, for other clients on alpha and clients on beta alike."""
    with Pair(m, case, {"beta": ["kvsrv -t %d" % IDENTITY_LEASE_S]}) as p:
        a, b = p.a, p.b
        first = Line(a, "kv@beta")
        first.call("put one 1", r"status 0")
        first.call("incr one", r"status 2 2")  # its own key, still
        first.end()
        second = Line(a, "kv@beta")
        second.call("put two 2", r"status 0")
        second.call("del one", r"operation not permitted \(-1\)")
        second.call("incr one", r"operation not permitted \(-1\)")
        second.call("put mine x", r"status 0")
        second.call("del mine", r"status 0")
        second.end()
        _expect_run(a, "kv kv@beta del two",
                    [_refused("del", "two", "remote", IDENTITY_LEASE_S)],
                    status=1)
        for key in ("one", "two"):
            out = _expect_run(b, "kv kv del " + key, [_refused(
                "del", key, "remote", IDENTITY_LEASE_S)], status=1)
            if "on alpha (10.0.0.1)" not in out[0] and \
                    "on 10.0.0.1" not in out[0]:
                raise CaseFailure("beta: kv del %s does not name alpha as "
                                  "the owner's node: %r" % (key, out))
        _expect_run(b, "kv kv get one", [r"^2$"])
        _expect_run(b, "kv kv get two", [r"^2$"])
        _net_restarted(b)
        # a remote caller after beta's net restarted is nobody seen before:
        # it must not act as an identity kvsrv still holds keys under
        out = _expect_run(a, "kv kv@beta put one stolen", [_refused(
            "put", "one", "remote", IDENTITY_LEASE_S)], status=1)
        if "belongs to a remote client" not in out[0]:
            raise CaseFailure("after net's restart kvsrv still names the "
                              "owner of one (net forgot it): %r" % out)
        _expect_run(b, "kv kv get one", [r"^2$"])


# --- ripc.at_node -----------------------------------------------------------------

N31 = "a-31-byte-name-exported-by-beta"  # LV_NS_NAME_MAX - 1 bytes
N32 = N31 + "x"
NODE64 = "n" * 64  # LV_NS_NODE_MAX bytes: one too many


def _says(sh, line, what, name):
    """line fails with status 1 and prints "PROG: NAME: " and the sentence
    SAYS[what] (one line)."""
    _expect_run(sh, line, [r"^%s: %s: %s$" % (
        re.escape(line.split()[0]), re.escape(name), re.escape(SAYS[what]))],
                status=1)


def _at_node_script(m, case):
    """name@NODE: a 31-byte exported name is called from the other node, a
    32-byte one (and a 64-byte node) is refused naming the limits, by every
    tool that takes NAME@NODE; the errors read the same in every tool;
    NODE that is this node (localhost, 127.0.0.0/8, its own name, its own
    address) reaches this node's exported entries directly, as a remote
    lookup would (a hidden one is not found); this node's net killed under
    a pending remote call: the caller is told so and how to get it back."""
    assert len(N31) == 31
    servers = {"alpha": ["echosrv", "echosrv -l private"],
               "beta": ["echosrv", "echosrv " + N31]}
    with Pair(m, case, servers) as p:
        a = p.a
        _echo(a, N31 + "@beta", "thirty-one")
        if not re.search(r"(?m)^%s +demo +\d+ E " % N31,
                         "\n".join(a.run("names @beta"))):
            raise CaseFailure("names @beta does not list %s" % N31)
        for line, name in (("echocli %s@beta hi", "%s@beta"),
                           ("kv %s@beta count", "%s@beta"),
                           ("ripcbench %s@beta 3", "%s@beta")):
            _says(a, line % N32, "toolong", name % N32)
        _says(a, "echocli echo@%s hi" % NODE64, "toolong", "echo@" + NODE64)
        _expect_run(a, "names @" + NODE64, [r"^names: @%s: %s$" % (
            NODE64, re.escape(SAYS["toolong"]))], status=1)
        # one wording in every tool
        for tool in ("echocli %s hi", "kv %s count", "ripcbench %s 3"):
            _says(a, tool % "echo@gamma", "nonode", "echo@gamma")
            _says(a, tool % "nosuch@beta", "noname", "nosuch@beta")
        _expect_run(a, "names @gamma", [r"^names: @gamma: %s$"
                                        % re.escape(SAYS["nonode"])],
                    status=1)
        # @self: alpha's own echo, four ways; its hidden one never
        before = _count(a, "echo")
        for node in ("localhost", "127.0.0.1", "alpha", ADDR["alpha"]):
            _echo(a, "echo@" + node, "self via " + node)
            _says(a, "echocli private@%s hi" % node, "noname",
                  "private@" + node)
            table = "\n".join(a.run("names @" + node))
            if not re.search(r"(?m)^echo +demo +\d+ E ", table) or \
                    "private" in table:
                raise CaseFailure("names @%s: %r" % (node, table))
        if _count(a, "echo") != before + 4:
            raise CaseFailure("alpha's echo counted %d calls of @self, "
                              "want 4" % (_count(a, "echo") - before))
        # this node's net ends under a pending remote call
        since = _records(case.relay)
        mt = a.run_expect("echocli -n 100000 echo@beta x &", r"^\[(\d+)\]$")
        job = int(mt.group(1))
        if not _wait_record(case, lambda: sum(
                1 for _, _, h, _ in ripc_datagrams(case.relay, "a", since)
                if h["type"] == CALL) >= 20):
            raise CaseFailure("echocli -n 100000 sent fewer than 20 calls")
        n = len(m.lines)
        _net_restarted(a)
        expect(m, case, r"echocli: echo@beta: %s$"
               % re.escape(SAYS["netended"]), n)
        _done(a, job, 1)
        _echo(a, "echo@beta", "after net came back")


# --- ripc.kvowner -----------------------------------------------------------------

SHORT_LEASE_S = 8


def _kvowner_script(m, case):
    """A key outlives its maker only while the maker lasts: an ended local
    run's key is the next run's, a running owner's is refused (naming its
    pid), a remote owner's lease runs out SHORT_LEASE_S after its last
    request; a full table's refusal names the limit."""
    servers = ["kvsrv kv", "kvsrv -t %d kvlease" % SHORT_LEASE_S,
               "kvsrv -t 600 kvfull", "kvsrv kvq"]
    with Pair(m, case, {"beta": servers}) as p:
        a, b = p.a, p.b
        # every kv run is a new process: the ended one's key is free
        _expect_run(b, "kv kv put k one", [r"^kv: put k: done$"])
        _expect_run(b, "kv kv put k two", [r"^kv: put k: done$"])
        _expect_run(b, "kv kv incr n", [r"^1$"])
        _expect_run(b, "kv kv incr n", [r"^2$"])
        _expect_run(b, "kv kv del k", [r"^kv: del k: done$"])
        # a running owner's key is refused, to a remote caller too
        held = Line(b, "kv")
        held.call("put h mine", r"status 0")
        _expect_run(a, "kv kv@beta put h yours",
                    [_refused("put", "h", r"pid (\d+) on beta")], status=1)
        out = _expect_run(a, "kv kv@beta incr h -n 3", [
            r"^kv: incr h: 0 of 3 calls answered$",
            _refused("incr", "h", r"pid (\d+) on beta")], status=1)
        pids = re.findall(r"pid (\d+)", out[1])
        if len(set(pids)) != 1:
            raise CaseFailure("kv named two pids for one owner: %r" % out)
        held.end()
        _expect_run(a, "kv kv@beta put h yours", [r"^kv: put h: done$"])
        _lease_runs_out(a, b)
        _table_full(a, b)
        _evicts_one(a, b)
        _incr_counts_numbers(a, b)
        _register_refused(b)
        _incr_cut_short(p, case)


def _lease_runs_out(a, b):
    """A remote run's key is refused to the next remote run until the
    lease (kvsrv -t SHORT_LEASE_S) after its last request, then taken."""
    _expect_run(a, "kv kvlease@beta put r 1", [r"^kv: put r: done$"])
    t0 = time.monotonic()
    _expect_run(a, "kv kvlease@beta put r 2",
                [_refused("put", "r", "remote", SHORT_LEASE_S)], status=1)
    refused = 1
    while True:  # each try is a whole kv run: a poll, not a sleep
        out = [l for l in a.run("kv kvlease@beta put r 2")
               if not l.startswith(NET_SAYS)]
        took = time.monotonic() - t0
        if out == ["kv: put r: done"]:
            break
        if len(out) != 1 or not re.match(_refused(
                "put", "r", "remote", SHORT_LEASE_S), out[0]):
            raise CaseFailure("alpha: kv kvlease@beta put r 2 printed %r"
                              % out)
        refused += 1
        if took > SHORT_LEASE_S + SLACK_S:
            raise CaseFailure("the remote owner's key still refused %.1f s "
                              "after its last request (lease %d s)"
                              % (took, SHORT_LEASE_S))
    # the lease began before t0 (when beta took the put), by less than 1 s
    if took < SHORT_LEASE_S - 1.0:
        raise CaseFailure("the remote owner's key was taken %.1f s after its "
                          "last request, before its lease (%d s) ran out"
                          % (took, SHORT_LEASE_S))
    _expect_run(b, "kv kvlease get r", [r"^2$"])


def _incr_cut_short(p, case):
    """beta killed under kv incr -n 1000: kv says how many calls were
    answered and the last answer (one equals the other: the chain from
    1), then the timeout."""
    a = p.a
    since = _records(case.relay)
    job, _ = _background(a, "kv kv@beta incr c -n 1000", r"^\[\d+\]$")
    if not _wait_record(case, lambda: sum(
            1 for _, _, h, _ in ripc_datagrams(case.relay, "a", since)
            if h["type"] == CALL) >= 60):
        raise CaseFailure("kv incr -n 1000 sent fewer than 60 calls")
    n = len(a.m.lines)
    p.kill_beta()
    _, mt = expect(a.m, case, r"kv: incr c: (\d+) of 1000 calls answered, "
                   r"the last (\d+); the unanswered one may have run \(kv "
                   r"kv@beta get c tells\)$", n)
    expect(a.m, case, r"kv: incr.*: %s$" % re.escape(SAYS["timedout"]), n)
    done, last = int(mt.group(1)), int(mt.group(2))
    if not 0 < done < 1000 or last != done:
        raise CaseFailure("kv incr -n 1000 cut short: %d answered, the last "
                          "%d (want 0 < answered < 1000, the last = "
                          "answered)" % (done, last))
    _done(a, job, 1)


def _table_full(a, b):
    """Four remote clients (each within its 64 keys) fill kvsrv's 256;
    their leases hold them: the next new key is refused naming the
    limit, and a client past its own 64 is refused too."""
    for i in range(4):
        line = Line(a, "kvfull@beta")
        line.call("fill f%d_ 64" % i, r"status 0 64")
        if i == 3:
            line.call("put extra x", r"no space left \(-28\)")
        line.end()
    full = (r"^kv: put x: no space left: the server holds 256 keys, its "
            r"limit \(256\), each one's owner still there: del keys, end "
            r"the programs that own them, or wait for remote clients' keys "
            r"to be free \(600 s after their last request\)$")
    _expect_run(a, "kv kvfull@beta put x 1", [full], status=1)
    _expect_run(b, "kv kvfull put x 1", [full], status=1)


EVICTED = (r"kvsrv: kvq full \(256 keys\): evicted key %s, whose owner pid "
           r"\d+ ended \(the least recently used of gone owners' keys\)$")


def _evicts_one(a, b):
    """Four ended local runs fill kvq's 256 keys (their owners gone); a new
    key evicts exactly one, the least recently used (qa0), named on beta's
    console; a get of it says keys are evicted; the other 255 remain."""
    for prefix in ("qa", "qb", "qc", "qd"):
        line = Line(b, "kvq")
        line.call("fill %s 64" % prefix, r"status 0 64")
        line.end()
    i = len(b.m.lines)
    _expect_run(a, "kv kvq@beta put q257 x", [r"^kv: put q257: done$"])
    expect(b.m, b.case, EVICTED % "qa0", i)
    _expect_run(a, "kv kvq@beta get qa0", [
        r"^kv: get qa0: no such entry: kvq@beta has no key qa0 \(it may "
        r"have been evicted: kvq@beta has evicted 1 key, each when a new "
        r"key found all 256 taken, the least recently used of those whose "
        r"owner was gone\)$"], status=1)
    check = Line(b, "kvq")
    check.call("have qa 64", r"status 0 63 missing qa0")
    for prefix in ("qb", "qc", "qd"):
        check.call("have %s 64" % prefix, r"status 0 64")
    check.call("get q257", r"status 1 x")
    check.end()
    evicted = [l for l in b.m.lines[i:] if re.search(EVICTED % r"\S+", l)]
    if len(evicted) != 1:
        raise CaseFailure("beta: one new key evicted %d keys: %r"
                          % (len(evicted), evicted))


NOT_A_COUNT = (r"^kv: incr %s: %s: its value '%s' is not a decimal number "
               r"0\.\.2147483646 \(what incr counts; a new key counts from "
               r"0\): put a number \(kv kv put %s 0\), or use another key$")


def _incr_counts_numbers(a, b):
    """incr counts a decimal number 0..2147483646 (a new key from 0); a
    word, trailing junk, a sign or the maximum is refused naming the key,
    the value and the range, and the value stays."""
    for value, why in (("hello", "invalid argument"),
                       ("12abc", "invalid argument"),
                       ("-5", "invalid argument"),
                       ("2147483647", "out of range")):
        _expect_run(b, "kv kv put w %s" % value, [r"^kv: put w: done$"])
        _expect_run(b, "kv kv incr w", [NOT_A_COUNT % ("w", why,
                                                       re.escape(value), "w")],
                    status=1)
        _expect_run(b, "kv kv get w", [r"^%s$" % re.escape(value)])
    _expect_run(b, "kv kv put w 2147483646", [r"^kv: put w: done$"])
    _expect_run(b, "kv kv incr w", [r"^2147483647$"])
    _expect_run(b, "kv kv incr fresh_w", [r"^1$"])


def _register_refused(b):
    """A name the name server refuses is explained (the rule), and a name
    taken names who has it and the remedy -- echosrv's and kvsrv's alike."""
    rule = (r"^%s: cannot register '%s': %s: a name is 1 to 31 bytes of "
            r"printable ASCII without spaces or '@': give %s such a NAME$")
    for prog in ("echosrv", "kvsrv"):
        for name, why in (("sp ace", "invalid argument"),
                          ("", "invalid argument"),
                          ("a@b", "invalid argument"),
                          ("n" * 32, "name too long")):
            _expect_run(b, "%s '%s'" % (prog, name),
                        [rule % (prog, re.escape(name), why, prog)],
                        status=1)
        _expect_run(b, "%s kv" % prog, [
            r"^%s: cannot register 'kv': already exists: pid \d+ has it "
            r"\(names lists the registered ones\): give %s another NAME, or "
            r"end pid \d+ first$" % (prog, prog)], status=1)


def _net_restarted(sh):
    """Kills the node's net; init starts it again and it takes eth0."""
    pids = [pid for pid, n in _ps_rows(sh.run("ps")).items() if n == "net"]
    if len(pids) != 1:
        raise CaseFailure("%s: ps shows net as %r" % (_node(sh), pids))
    i = sh.type("kill %d\n" % pids[0])
    expect(sh.m, sh.case, r"init: starting net \(pid (?!%d\))\d+\)" % pids[0],
           i)
    expect(sh.m, sh.case, r"net: eth0 is ne2k0 ", i)
    sh.run("echo restarted")


def cases(ctx):
    found = [ripc_case("demos", _demos_script, timeout=150),
             ripc_case("loss", _loss_script, timeout=240, drop=LOSS_DROP),
             ripc_case("down", _down_script, timeout=180),
             ripc_case("names", _names_script, timeout=180),
             ripc_case("identity", _identity_script, timeout=90),
             ripc_case("at_node", _at_node_script, timeout=180),
             ripc_case("kvowner", _kvowner_script, timeout=240)]
    if os.environ.get("LAVENDER_SOAK") == "1":  # make soak
        soak = ripc_case("loss", lambda m, case: _loss_script(
            m, case, SOAK_CALLS), timeout=1800, drop=LOSS_DROP)
        soak.name = "soak.ripc_loss"
        found.append(soak)
    return found
