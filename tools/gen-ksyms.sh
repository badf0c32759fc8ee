#!/bin/sh
# Writes the kernel symbol table as GNU assembler source for the .ksyms section
# (see kernel/lib/ksyms.h), from `nm -n` output of a first link on stdin.
# Only text symbols are kept; the table is sorted by address. The suffix
# ".lto_priv.N" that link-time optimisation gives a static function moved
# between partitions is dropped: the name is the one in the source.
# Usage: nm -n build/kernel.pass1.elf | tools/gen-ksyms.sh > build/ksyms.S
set -eu
awk 'BEGIN { n = 0 }
$2 ~ /^[TtWw]$/ && $3 !~ /^\./ {
	nm = $3; sub(/\.lto_priv\.[0-9]+$/, "", nm)
	addr[n] = $1; name[n] = nm; n++
}
END {
	print "\t.section .ksyms,\"a\""
	print "\t.balign 4"
	print "\t.globl ksyms_count, ksyms_syms, ksyms_names"
	print "ksyms_count:\n\t.long " n
	print "ksyms_syms:"
	off = 0
	for (i = 0; i < n; i++) {
		printf "\t.long 0x%s, %d\n", addr[i], off
		off += length(name[i]) + 1
	}
	print "ksyms_names:"
	for (i = 0; i < n; i++)
		printf "\t.asciz \"%s\"\n", name[i]
}'
