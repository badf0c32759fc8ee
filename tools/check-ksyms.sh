#!/bin/sh
# Fails unless the text symbols of the final kernel sit at the same addresses
# as in the first link, from which the embedded symbol table was made.
# Usage: tools/check-ksyms.sh PASS1_ELF FINAL_ELF
set -eu
a=$(mktemp) b=$(mktemp)
trap 'rm -f "$a" "$b"' EXIT
nm -n "$1" | awk '$2 ~ /^[TtWw]$/' >"$a"
nm -n "$2" | awk '$2 ~ /^[TtWw]$/' >"$b"
if ! cmp -s "$a" "$b"; then
	echo "check-ksyms: code moved between the two kernel links:" >&2
	diff "$a" "$b" | head -n 10 >&2
	exit 1
fi
