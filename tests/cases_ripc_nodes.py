"""What a node is, as a user names it (issue 15's second newcomer trial):
two nodes as in tests/cases_ripc.py (alpha the case's machine, beta a
second QEMU on the relay), driven through their shells.

- ripc.nodes_case: node names match whatever their case (RFC 1123 2.1):
  echocli echo@BETA, names @Beta, cat BETA:/etc/motd reach beta, and
  echo@ALPHA, echo@LocalHost are alpha itself (its exported echo).
- ripc.nodes_unicast: a node that is an address of no one machine --
  255.255.255.255, 224.0.0.1, 0.0.0.0, 240.0.0.1 (refused by the client's
  own check) and 10.0.0.255, the broadcast of alpha's 10.0.0.0/24
  (refused by alpha's net) -- is refused at once with "not a unicast
  address", by echocli, names @NODE and cat NODE:/path alike, and no
  LOOKUP datagram leaves alpha for any of them.
- ripc.nodes_wrong_kind: a call that the server does not serve (its "no
  such operation", -ERR_NOSYS) says so and how to check the server's
  type -- echocli kv@beta, echocli fs@beta, ripcbench kv@beta,
  kv echo@beta, and on one node kv echo -- never that remote IPC is
  missing; names @beta with a prefix too long names the prefix and its
  limit; cat beta: and cat beta:etc/motd say the form a remote path
  takes; a call pending while beta's net restarts (a new epoch) says that
  node rebooted or its network server restarted."""

import re
import time

from cases_ripc import CALL, LOOKUP, NET_SAYS, Pair, _done, _echo, _expect_run, \
    _net_restarted, _records, _wait_record, ripc_case, ripc_datagrams
from cases_ripc_files import _rootfs, _same
from harness import CaseFailure, expect

# libipc/ns_remote.c's and user/lib/fspath.c's sentences
NOT_UNICAST = ("not a unicast address: a broadcast, multicast or 0.0.0.0/8 "
               "address is no one node (give the node's own address or "
               "name)")
WRONG_KIND = ("the server does not serve this request: is it the right kind "
              "of server? (names lists servers with their types; names "
              "@NODE another node's)")
NEW_EPOCH = ("the server ended, or (for NAME@NODE) that node rebooted or its "
             "network server restarted (a new epoch): look it up again (run "
             "the command again)")
NEAR_REMOTE = ("No such file or directory (here; another node's file is "
               "NODE:/absolute/path, as beta:/etc/motd)")
# The most a refusal may take: the client's check and net's answer are
# immediate; a lookup that went out would wait 12.6 s (LV_RIPC_GIVEUP_MS).
AT_ONCE_S = 5.0


def _case_script(m, case):
    servers = {"alpha": ["echosrv"], "beta": ["echosrv"]}
    with Pair(m, case, servers) as p:
        a = p.a
        _echo(a, "echo@BETA", "upper")
        _echo(a, "echo@Beta", "mixed")
        for node in ("ALPHA", "LocalHost", "LOCALHOST"):
            _echo(a, "echo@" + node, "self as " + node)
        if not re.search(r"(?m)^echo +demo +\d+ E ",
                         "\n".join(a.run("names @Beta"))):
            raise CaseFailure("names @Beta lists no exported echo")
        _same("cat BETA:/etc/motd", a.run("cat BETA:/etc/motd"),
              _rootfs("motd"))


def _unicast_script(m, case):
    with Pair(m, case, {"beta": ["echosrv"]}) as p:
        a = p.a
        since = _records(case.relay)
        for node in ("255.255.255.255", "224.0.0.1", "0.0.0.0",
                     "240.0.0.1", "10.0.0.255"):
            t0 = time.monotonic()
            _expect_run(a, "echocli echo@%s hi" % node, [
                r"^echocli: echo@%s: %s$" % (re.escape(node),
                                             re.escape(NOT_UNICAST))],
                        status=1)
            took = time.monotonic() - t0
            if took > AT_ONCE_S:
                raise CaseFailure("echocli echo@%s took %.1f s to be "
                                  "refused" % (node, took))
        for node in ("10.0.0.255", "224.0.0.1"):
            _expect_run(a, "names @" + node, [r"^names: @%s: %s$" % (
                re.escape(node), re.escape(NOT_UNICAST))], status=1)
            _same("cat %s:/etc/motd" % node,
                  a.run("cat %s:/etc/motd" % node),
                  ["cat: %s:/etc/motd: %s" % (node, NOT_UNICAST)])
        _echo(a, "echo@beta", "after the refusals")  # a LOOKUP goes out
        if not _wait_record(case, lambda: any(
                h["type"] == LOOKUP for _, _, h, _ in
                ripc_datagrams(case.relay, "a", since))):
            raise CaseFailure("the relay saw no LOOKUP of echo@beta")
        lookups = [h for _, _, h, _ in ripc_datagrams(case.relay, "a", since)
                   if h["type"] == LOOKUP]
        if len(lookups) != 1:
            raise CaseFailure("alpha sent %d LOOKUPs, want only echo@beta's"
                              % len(lookups))


def _wrong_kind_script(m, case):
    servers = {"alpha": ["echosrv"], "beta": ["echosrv", "kvsrv"]}
    with Pair(m, case, servers) as p:
        a = p.a
        for line, name in (("echocli kv@beta hi", "kv@beta"),
                           ("echocli fs@beta hi", "fs@beta"),
                           ("ripcbench kv@beta 3", "kv@beta")):
            _expect_run(a, line, [r"^%s: %s: %s$" % (
                line.split()[0], re.escape(name), re.escape(WRONG_KIND))],
                        status=1)
        # kv names the verb (and maybe the key) before the sentence
        for line in ("kv echo@beta get x", "kv echo get x"):
            _expect_run(a, line, [r"^kv: get[^:]*: %s$"
                                  % re.escape(WRONG_KIND)], status=1)
        prefix = "abcdefghijklmnopqrstuvwxyz0123456789"
        _expect_run(a, "names @beta " + prefix, [
            r"^names: %s: too long: a PREFIX is at most 31 bytes \(as a "
            r"name is\)$" % prefix, r"^usage: names \[@NODE\] \[PREFIX\]$"],
                    status=2)
        _expect_run(a, "names @beta " + prefix[:31],
                    [r"^NAME +TYPE +OWNER E ATTRS$"])
        for path in ("beta:", "beta:etc/motd"):
            _same("cat " + path, a.run("cat " + path),
                  ["cat: %s: %s" % (path, NEAR_REMOTE)])
        _same("ls beta:", a.run("ls beta:"), ["ls: beta:: " + NEAR_REMOTE])
        # beta's net restarts under a pending call: a new epoch
        mt = a.run_expect("echocli -n 100000 echo@beta x &", r"^\[(\d+)\]$")
        job = int(mt.group(1))
        since = _records(case.relay)
        if not _wait_record(case, lambda: sum(
                1 for _, _, h, _ in ripc_datagrams(case.relay, "a", since)
                if h["type"] == CALL) >= 20):
            raise CaseFailure("echocli -n 100000 sent fewer than 20 calls")
        n = len(m.lines)
        _net_restarted(p.b)
        expect(m, case, r"%s10\.0\.0\.2 restarted \(a new epoch\)"
               % re.escape(NET_SAYS), n)
        expect(m, case, r"echocli: echo@beta: %s$" % re.escape(NEW_EPOCH), n)
        _done(a, job, 1)


def cases(ctx):
    del ctx
    return [ripc_case(name, script, timeout=timeout)
            for name, script, timeout in (
                ("nodes_case", _case_script, 120),
                ("nodes_unicast", _unicast_script, 120),
                ("nodes_wrong_kind", _wrong_kind_script, 150))]
