#!/usr/bin/env python3
"""Writes the initrd: a cpio "newc" archive (the SVR4 format without CRC,
magic 070701) that the file server (servers/fs) loads at boot.

Each entry: a 110-byte ASCII header (magic, then 13 fields of 8 hex digits:
ino mode uid gid nlink mtime filesize devmajor devminor rdevmajor rdevminor
namesize check), the name with its NUL, padded so header + name is a
multiple of 4, then the data padded to a multiple of 4. Names are relative
("etc/motd"; "." is the root); the entry "TRAILER!!!" ends the archive.
Only directories and regular files; uid, gid and mtime are 0 so the same
input gives the same bytes.

Usage:
  mkinitrd.py -o OUT [--strip] [--root DIR] [--bin FILE...]
                     [--into /DIR FILE...]... [--file SRC=/PATH...]
  mkinitrd.py --list ARCHIVE
--root copies a folder's tree; --into puts each FILE at /DIR/BASENAME (once
per folder: --into /sbin a b --into /test c); --bin FILE... is --into /bin;
--file puts SRC at /PATH. Missing parent directories are made. A path given
twice is an error. --strip drops the debug sections of programs (ELF
executables and PIEs; modules, ET_REL, stay as they are, bad test ones
included) with objcopy --strip-debug: the file server holds the archive in
memory, and debug information is most of a program's bytes (build/user keeps
the unstripped ones for gdb). --list prints "TYPE MODE SIZE /PATH" per
entry."""

import argparse
import os
import stat
import subprocess
import sys
import tempfile

MAGIC = b"070701"
TRAILER = "TRAILER!!!"
DIR_MODE = stat.S_IFDIR | 0o755


class Error(Exception):
    pass


def pad4(n):
    return (4 - n % 4) % 4


def entry(ino, name, mode, data=b""):
    """One newc entry."""
    raw = name.encode() + b"\0"
    fields = [ino, mode, 0, 0, 2 if stat.S_ISDIR(mode) else 1, 0, len(data),
              0, 0, 0, 0, len(raw), 0]
    head = MAGIC + b"".join(b"%08X" % f for f in fields)
    out = head + raw + b"\0" * pad4(len(head) + len(raw))
    return out + data + b"\0" * pad4(len(data))


def norm(path):
    """An archive path ("etc/motd") from "/etc/motd"; refuses .. and the
    like."""
    parts = [p for p in path.split("/") if p not in ("", ".")]
    if any(p == ".." for p in parts):
        raise Error("bad path %r" % path)
    return "/".join(parts)


class Archive:
    def __init__(self):
        self.entries = {}  # path -> (mode, source file or None)

    def add_dir(self, path):
        path = norm(path)
        old = self.entries.get(path)
        if old and not stat.S_ISDIR(old[0]):
            raise Error("/%s is a file and a directory" % path)
        if path:
            self.add_dir(os.path.dirname(path))
        self.entries.setdefault(path, (DIR_MODE, None))

    def add_file(self, path, src):
        path = norm(path)
        if not path:
            raise Error("a file cannot be the root")
        if path in self.entries:
            raise Error("/%s given twice" % path)
        st = os.stat(src)
        if not stat.S_ISREG(st.st_mode):
            raise Error("%s is not a regular file" % src)
        self.add_dir(os.path.dirname(path))
        perm = 0o755 if st.st_mode & 0o111 else 0o644
        self.entries[path] = (stat.S_IFREG | perm, src)

    def add_tree(self, root):
        if not os.path.isdir(root):
            raise Error("%s is not a folder" % root)
        self.add_dir("/")
        for top, dirs, files in os.walk(root):
            dirs.sort()
            rel = os.path.relpath(top, root)
            rel = "" if rel == "." else rel
            self.add_dir(rel)
            for f in sorted(files):
                self.add_file(os.path.join(rel, f), os.path.join(top, f))

    def write(self, out, strip=False):
        blob = bytearray()
        for ino, path in enumerate(sorted(self.entries), 1):
            mode, src = self.entries[path]
            data = b""
            if src is not None:
                with open(src, "rb") as f:
                    data = f.read()
                if strip and is_program(data):
                    data = stripped(src)
            blob += entry(ino, path or ".", mode, data)
        blob += entry(0, TRAILER, 0)
        tmp = out + ".tmp"
        with open(tmp, "wb") as f:
            f.write(blob)
        os.replace(tmp, out)
        return len(self.entries), len(blob)


def is_program(data):
    """An ELF executable or PIE (e_type 2 or 3), not a module (1)."""
    return data[:4] == b"\x7fELF" and len(data) > 17 and \
        data[16] in (2, 3) and data[17] == 0


def stripped(src):
    """src's bytes without its debug sections (objcopy --strip-debug)."""
    with tempfile.TemporaryDirectory() as d:
        out = os.path.join(d, "stripped")
        r = subprocess.run(["objcopy", "--strip-debug", src, out],
                           capture_output=True, text=True)
        if r.returncode != 0:
            raise Error("objcopy --strip-debug %s: %s" % (src, r.stderr))
        with open(out, "rb") as f:
            return f.read()


def parse(blob):
    """(path, mode, data) of every entry: a reader for --list and tests."""
    pos, out = 0, []
    while True:
        head = blob[pos:pos + 110]
        if len(head) < 110 or head[:6] not in (b"070701", b"070702"):
            raise Error("bad header at %d" % pos)
        fields = [int(head[6 + 8 * i:14 + 8 * i], 16) for i in range(13)]
        mode, size, namesize = fields[1], fields[6], fields[11]
        name_end = pos + 110 + namesize
        name = blob[pos + 110:name_end - 1].decode()
        if name == TRAILER:
            return out
        data_at = name_end + pad4(110 + namesize)
        if data_at + size > len(blob):
            raise Error("entry %s overruns the archive" % name)
        out.append(("/" + name if name != "." else "/", mode,
                     blob[data_at:data_at + size]))
        pos = data_at + size + pad4(size)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--output")
    ap.add_argument("--strip", action="store_true")
    ap.add_argument("--root")
    ap.add_argument("--bin", nargs="*", default=[])
    ap.add_argument("--into", nargs="+", action="append", default=[],
                    metavar="/DIR FILE")
    ap.add_argument("--file", nargs="*", default=[], metavar="SRC=/PATH")
    ap.add_argument("--list", metavar="ARCHIVE")
    args = ap.parse_args(argv)
    try:
        if args.list:
            with open(args.list, "rb") as f:
                for path, mode, data in parse(f.read()):
                    kind = "d" if stat.S_ISDIR(mode) else "f"
                    print("%s %04o %8d %s" % (kind, mode & 0o7777, len(data),
                                              path))
            return 0
        if not args.output:
            raise Error("-o OUT is needed")
        ar = Archive()
        ar.add_dir("/")
        if args.root:
            ar.add_tree(args.root)
        for folder, *files in [["/bin"] + args.bin] + args.into:
            if not folder.startswith("/"):
                raise Error("--into wants /DIR first, got %r" % folder)
            for f in files:
                ar.add_file(folder + "/" + os.path.basename(f), f)
        for spec in args.file:
            src, sep, dest = spec.partition("=")
            if not sep or not dest.startswith("/"):
                raise Error("--file wants SRC=/PATH, got %r" % spec)
            ar.add_file(dest, src)
        ar.write(args.output, args.strip)
        return 0
    except (Error, OSError) as e:
        print("mkinitrd: %s" % e, file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
