#!/bin/sh
# Checks a user program is what the kernel's loader takes: an i386 ET_DYN
# (static PIE) with no interpreter, no undefined symbols and only
# R_386_RELATIVE relocations. Usage: user/check-elf.sh ELF
set -eu
elf=$1
hdr=$(readelf -hW "$elf")
echo "$hdr" | grep -q 'Type: *DYN' || { echo "$elf: not ET_DYN (static PIE)" >&2; exit 1; }
echo "$hdr" | grep -q 'Machine: *Intel 80386' || { echo "$elf: not i386" >&2; exit 1; }
if readelf -lW "$elf" | grep -q INTERP; then
	echo "$elf: has an interpreter (PT_INTERP)" >&2; exit 1
fi
bad=$(readelf -rW "$elf" | awk '$3 ~ /^R_386_/ && $3 != "R_386_RELATIVE" { print $3 }' | sort | uniq -c)
if [ -n "$bad" ]; then
	echo "$elf: relocations the loader rejects:" >&2; echo "$bad" >&2; exit 1
fi
undef=$(nm -u "$elf" | awk '$1 == "U"')
if [ -n "$undef" ]; then
	echo "$elf: undefined symbols:" >&2; echo "$undef" >&2; exit 1
fi
exit 0
