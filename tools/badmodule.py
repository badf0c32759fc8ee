#!/usr/bin/env python3
"""Makes a broken copy of a module file for the test suite's refusals
(tests/cases_lkmd.py): an ELF32 relocatable whose one field is set out of
range, so that the loader must refuse it naming the field.

    badmodule.py symbol-section IN OUT   a named symbol's section index
                                         past the section count
    badmodule.py reloc-symbol IN OUT     a relocation's symbol index past
                                         the symbol table

Only the standard library; the file's layout is the gABI's (kernel/uapi/elf.h
cites it)."""

import struct
import sys

SHT_SYMTAB, SHT_REL = 2, 9


def sections(data):
    shoff, = struct.unpack_from("<I", data, 32)
    shentsize, shnum = struct.unpack_from("<HH", data, 46)
    for i in range(shnum):
        off = shoff + i * shentsize
        name, typ, flags, addr, offset, size, link, info, align, entsize = \
            struct.unpack_from("<10I", data, off)
        yield i, typ, offset, size, link, info, shnum


def symbol_section(data):
    for _, typ, offset, size, _, _, shnum in sections(data):
        if typ != SHT_SYMTAB:
            continue
        for at in range(offset + 16, offset + size, 16):  # symbol 0 is null
            name, = struct.unpack_from("<I", data, at)
            shndx, = struct.unpack_from("<H", data, at + 14)
            if name and 0 < shndx < 0xff00:  # a named one: the message names it
                struct.pack_into("<H", data, at + 14, shnum + 3)
                return
    sys.exit("badmodule.py: no defined symbol to break")


def reloc_symbol(data):
    nsyms = None
    for _, typ, offset, size, _, _, _ in sections(data):
        if typ == SHT_SYMTAB:
            nsyms = size // 16
    for _, typ, offset, size, _, _, _ in sections(data):
        if typ == SHT_REL and size >= 8 and nsyms:
            info, = struct.unpack_from("<I", data, offset + 4)
            struct.pack_into("<I", data, offset + 4,
                             (nsyms + 5) << 8 | (info & 0xff))
            return
    sys.exit("badmodule.py: no relocation to break")


def main(argv):
    kinds = {"symbol-section": symbol_section, "reloc-symbol": reloc_symbol}
    if len(argv) != 4 or argv[1] not in kinds:
        sys.exit("usage: badmodule.py symbol-section|reloc-symbol IN OUT")
    with open(argv[2], "rb") as f:
        data = bytearray(f.read())
    kinds[argv[1]](data)
    with open(argv[3], "wb") as f:
        f.write(data)


if __name__ == "__main__":
    main(sys.argv)
