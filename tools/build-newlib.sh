#!/bin/sh
# Builds newlib (C library for user programs) from Debian's newlib-source into
# build/newlib once; later runs return at once. See docs/toolchain.md.
# Usage: tools/build-newlib.sh BUILD_DIR
set -eu
build=$(cd "$1" && pwd)
prefix=$build/newlib
stamp=$prefix/.built
tarball=/usr/src/newlib/newlib-3.3.0.tar.xz
# The stamp holds this script's checksum: a change of options rebuilds.
want=$(cksum < "$0" | cut -d' ' -f1)
[ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && exit 0
[ -f "$tarball" ] || { echo "newlib: $tarball missing (apt-get install newlib-source)" >&2; exit 1; }

work=$build/newlib-work
rm -rf "$work" "$prefix"
mkdir -p "$work/obj"
echo "newlib: unpacking and building (once; about a minute)"
tar -xJf "$tarball" -C "$work"
src=$(find "$work" -mindepth 1 -maxdepth 1 -type d ! -name obj | head -n 1)
# The host gcc predefines __linux__/__unix__, which make newlib expect
# 64-bit file calls (toolchain notes); undefine them.
undef="-U__linux__ -U__gnu_linux__ -Ulinux -U__unix__ -U__unix -Uunix"
# printf and scanf know long long and the C99 formats (%lld, %zu, %jd,
# %hhd): programs written elsewhere expect them.
# Threads: each has its own struct _reent (errno, stdio state) through
# __getreent (user/lib/threads.c, -D__DYNAMIC_REENT__), and newlib's locks
# (stdio, malloc) are ours (--enable-newlib-retargetable-locking).
flags="-m32 -march=i686 -ffreestanding -fno-stack-protector -fno-pie -O2 -g $undef -D__DYNAMIC_REENT__"
cd "$work/obj"
"$src/configure" --target=i686-elf --prefix="$prefix" \
	--disable-multilib --disable-newlib-supplied-syscalls \
	--disable-nls --enable-newlib-retargetable-locking \
	--enable-newlib-io-long-long --enable-newlib-io-c99-formats \
	CC_FOR_TARGET="gcc $flags" AR_FOR_TARGET=ar AS_FOR_TARGET="as --32" \
	LD_FOR_TARGET="ld -m elf_i386" RANLIB_FOR_TARGET=ranlib NM_FOR_TARGET=nm \
	>"$work/configure.log" 2>&1 || { tail -n 30 "$work/configure.log" >&2; exit 1; }
jobs=$(nproc 2>/dev/null || echo 2)
make -j"$jobs" all-target-newlib >"$work/build.log" 2>&1 || { tail -n 40 "$work/build.log" >&2; exit 1; }
make install-target-newlib >"$work/install.log" 2>&1 || { tail -n 30 "$work/install.log" >&2; exit 1; }
test -f "$prefix/i686-elf/lib/libc.a" || { echo "newlib: libc.a not produced" >&2; exit 1; }
rm -rf "$work"
echo "$want" > "$stamp"
echo "newlib: installed in $prefix/i686-elf"
