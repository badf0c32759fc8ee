#!/bin/sh
# Builds newlib (C library for user programs) from Debian's newlib-source into
# build/newlib once; later runs return at once and print nothing. While it
# builds, a progress line every 10 s (tools/newlib-progress.sh). See
# docs/toolchain.md. Usage: tools/build-newlib.sh BUILD_DIR
set -eu
build=$(cd "$1" && pwd)
tools=$(cd "$(dirname "$0")" && pwd)
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
# 36-45 s measured in a fresh Debian 12 chroot, 67 s beside three other
# engineers' builds, all on 2 cores (docs/testing.md, "A fresh machine").
echo "newlib: building the C library for user programs once" \
	"(about a minute on 2 cores)"
start=$(date +%s)
# The reporter ends with this script (its last sleep holds no output open,
# so a caller reading our output is not kept waiting).
(
	while sleep 10 >/dev/null 2>&1; do
		sh "$tools/newlib-progress.sh" "$work" $(($(date +%s) - start))
	done
) &
reporter=$!
trap 'kill $reporter 2>/dev/null || true' EXIT
trap 'exit 1' INT TERM
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
kill $reporter
objs=$(find "$work/obj" -name '*.o' | wc -l)
rm -rf "$work"
echo "$want" > "$stamp"
secs=$(($(date +%s) - start))
echo "newlib: installed in $prefix/i686-elf ($objs objects," \
	"$((secs / 60)):$(printf %02d $((secs % 60))))"
