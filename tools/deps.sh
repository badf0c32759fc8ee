#!/bin/sh
# Checks that the Debian packages the build and the tests need are installed.
# As root it installs the missing ones; otherwise it prints the exact apt-get
# line and fails. Usage: tools/deps.sh [build|test]
set -eu
want=${1:-build}

# package:command-or-file pairs; a package counts as present when its probe exists.
# The build runs python3 too (tools/mkinitrd.py), and so does make demo.
build_pkgs="qemu-system-x86:/usr/bin/qemu-system-i386 nasm:/usr/bin/nasm
grub-pc-bin:/usr/lib/grub/i386-pc/multiboot.mod grub-common:/usr/bin/grub-mkrescue
xorriso:/usr/bin/xorriso mtools:/usr/bin/mformat
gcc-multilib:/usr/lib/gcc/x86_64-linux-gnu/12/32/libgcc.a
newlib-source:/usr/src/newlib/newlib-3.3.0.tar.xz
make:/usr/bin/make xz-utils:/usr/bin/xz binutils:/usr/bin/ld
python3:/usr/bin/python3"
# The network tests (tests/netlab.py): tshark judges pcaps, scapy crafts
# frames, ip and ping drive the Linux peer in a network namespace.
test_pkgs="clang-format:/usr/bin/clang-format
tshark:/usr/bin/tshark python3-scapy:/usr/lib/python3/dist-packages/scapy
iproute2:/sbin/ip iputils-ping:/bin/ping"

list=$build_pkgs
[ "$want" = test ] && list="$build_pkgs $test_pkgs"

# drop PKG: takes PKG (a whole word) off the missing list.
drop() {
	kept=""
	for m in $missing; do
		[ "$m" = "$1" ] || kept="$kept $m"
	done
	missing=$kept
}

missing=""
for entry in $list; do
	pkg=${entry%%:*}
	probe=${entry#*:}
	[ -e "$probe" ] || missing="$missing $pkg"
done
# gcc-multilib's path depends on the gcc version; accept any 32-bit libgcc.
if gcc -m32 -print-libgcc-file-name 2>/dev/null | grep -q '/32/'; then
	drop gcc-multilib
fi
# python3 may come from elsewhere (pyenv); any python3 >= 3.7 will do.
if command -v python3 >/dev/null 2>&1; then
	drop python3
fi
[ -z "$missing" ] && exit 0

line="apt-get update && apt-get install -y --no-install-recommends$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing Debian packages:$missing" >&2
	echo "deps: run as root:  $line" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
# wireshark-common (tshark's) asks whether non-root users may capture: no
# (tshark only reads pcap files here), answered beforehand so nothing asks.
case "$missing" in
*tshark*)
	echo "wireshark-common wireshark-common/install-setuid boolean false" |
		debconf-set-selections ;;
esac
# apt's own chatter (debconf notes and the like) goes to a log shown only
# when the install fails.
log=$(mktemp)
# shellcheck disable=SC2086
if ! { apt-get update -q && apt-get install -y -q --no-install-recommends $missing; } \
	>"$log" 2>&1; then
	tail -n 20 "$log" >&2
	rm -f "$log"
	echo "deps: apt-get failed (above); run as root:  $line" >&2
	exit 1
fi
rm -f "$log"
