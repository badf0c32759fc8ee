#!/bin/sh
# The fresh-machine check (docs/testing.md, "A fresh machine"): a minimal
# Debian 12 (debootstrap minbase) in a folder and, as root in a chroot there,
# what README.md tells a new machine: apt-get install git make, clone (this
# repository's committed HEAD), make test; then make run with `halt` typed at
# the prompt, and make demo.
# Slow (minutes) and needs root and the network: not part of make test.
#
# Usage: tools/fresh-check.sh [DIR]      (default build/fresh)
# Environment: MIRROR=URL   Debian mirror (default: the one this machine's apt
#                           uses, else http://deb.debian.org/debian)
#              REV=COMMIT   what to clone (default HEAD)
# DIR/base.tar caches the installed base system (delete it to debootstrap
# again); DIR/root is the chroot, replaced on every run and left for
# inspection; DIR/logs/ has one log per step. Only DIR is written; every
# mount is under DIR/root and undone on exit. Exit status 0 iff every step
# gave what it should.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-$repo/build/fresh}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
root=$dir/root
logs=$dir/logs
rev=$(git -C "$repo" rev-parse "${REV:-HEAD}")

die() { echo "fresh-check: $*" >&2; exit 2; }
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null ||
	die "debootstrap missing: apt-get install debootstrap"

# The mirror this machine's apt uses (one-line or deb822 sources), if any.
host_mirror() {
	cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
		/etc/apt/sources.list.d/*.sources 2>/dev/null |
		sed -n 's|^deb  *\(http[^ ]*/debian\)/* .*|\1|p;
			s|^URIs:  *\(http[^ ]*/debian\)/*$|\1|p' | head -n 1
}
mirror=${MIRROR:-$(host_mirror)}
mirror=${mirror:-http://deb.debian.org/debian}

mounted() { grep -q " $root/" /proc/mounts; }
unmount_all() {
	for m in mnt/src dev/shm dev/pts dev sys proc; do
		mountpoint -q "$root/$m" 2>/dev/null && umount "$root/$m"
	done
	! mounted || echo "fresh-check: still mounted under $root" >&2
}
mounted && die "something is mounted under $root: unmount it first"
trap unmount_all EXIT
trap 'exit 1' INT TERM

step_start=0
step() { step_start=$(date +%s); printf 'fresh-check: %s ... ' "$1"; }
took() { echo "$1 ($(($(date +%s) - step_start)) s)"; }

# 1. The base system: no more than a fresh Debian 12 server has (no git,
# make, gcc or python3).
rm -rf --one-file-system "$root"
mkdir -p "$logs" "$root"
if [ ! -f "$dir/base.tar" ]; then
	step "debootstrap bookworm from $mirror"
	debootstrap --variant=minbase bookworm "$root" "$mirror" >"$logs/debootstrap.log" 2>&1 ||
		{ echo FAILED; tail -n 20 "$logs/debootstrap.log"; exit 1; }
	tar -C "$root" -cf "$dir/base.tar.part" . && mv "$dir/base.tar.part" "$dir/base.tar"
	took ok
else
	step "base system from $dir/base.tar"
	tar -C "$root" -xf "$dir/base.tar"
	took ok
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"

# 2. Its own /proc, /sys (read-only), /dev with the usual nodes, and the
# repository read-only at /mnt/src: nothing of the host's /dev is shared.
mount -t proc proc "$root/proc"
mount -t sysfs -o ro sysfs "$root/sys"
mount -t tmpfs -o mode=755 dev "$root/dev"
for n in null:1:3 zero:1:5 full:1:7 random:1:8 urandom:1:9 tty:5:0; do
	mknod -m 666 "$root/dev/${n%%:*}" c "$(echo "$n" | cut -d: -f2)" \
		"${n##*:}"
done
mkdir "$root/dev/pts" "$root/dev/shm"
mount -t devpts -o newinstance,ptmxmode=0666 devpts "$root/dev/pts"
ln -s pts/ptmx "$root/dev/ptmx"
mount -t tmpfs -o mode=1777 shm "$root/dev/shm"
for l in fd:/proc/self/fd stdin:/proc/self/fd/0 stdout:/proc/self/fd/1 \
	stderr:/proc/self/fd/2; do
	ln -s "${l#*:}" "$root/dev/${l%%:*}"
done
mkdir -p "$root/mnt/src"
mount --bind "$repo" "$root/mnt/src"
mount -o remount,bind,ro "$root/mnt/src"

# in_root_here ARGV: runs ARGV as root in the chroot, with a clean
# environment; in_root COMMAND: the shell command COMMAND in the clone.
in_root_here() {
	chroot "$root" env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"
}
in_root() { in_root_here sh -c "cd /root/lavender && $1"; }
fail=0

step "README: apt-get install git make"
in_root_here sh -c 'apt-get update && apt-get install -y git make' \
	>"$logs/apt-get.log" 2>&1 || { echo FAILED; tail -n 20 "$logs/apt-get.log"; exit 1; }
took ok

step "clone $rev"
if ! { in_root_here git -c safe.directory='*' clone -q /mnt/src /root/lavender &&
	in_root "git -c advice.detachedHead=false checkout -q $rev"; } \
	>"$logs/clone.log" 2>&1; then
	echo FAILED
	cat "$logs/clone.log"
	exit 1
fi
took ok

# 3. make test: it installs the packages, builds newlib and everything.
step "make test (packages, newlib, build, suite)"
status=0
in_root "make test" >"$logs/make-test.log" 2>&1 || status=$?
# The suite's size there (nothing listed when the tree was not built).
want=$(in_root "python3 tests/run.py --list >/tmp/tests && wc -l </tmp/tests" \
	2>/dev/null) || want=none
last=$(tail -n 1 "$logs/make-test.log")
# Skipped tests (SKIP lines: a fixture this chroot cannot give) count
# toward the listed total; the line before the last counts them.
skipped=$(sed -n 's/^\([0-9]*\) skipped (.*$/\1/p' "$logs/make-test.log" | tail -n 1)
ran=$(echo "$last" | sed -n 's/^\([0-9]*\) passed, 0 failed$/\1/p')
[ -n "$ran" ] && ran=$((ran + ${skipped:-0}))
if [ "$status" -eq 0 ] && [ "$ran" = "$want" ]; then
	took "$last"
else
	took "FAILED: status $status, \"$last\" ($want tests listed)"
	grep '^FAIL ' "$logs/make-test.log" || tail -n 15 "$logs/make-test.log"
	fail=1
fi
grep '^SKIP ' "$logs/make-test.log" || true
grep '^newlib: installed' "$logs/make-test.log" || true

# 4. make run: boots to the prompt; `halt` typed there ends it with status 0.
# Typing waits for the prompt in the console output (read every second).
step "make run, halt typed at the prompt"
fifo=$dir/run.input
rm -f "$fifo"
mkfifo "$fifo"
: >"$logs/make-run.log"
(
	exec 3>"$fifo"
	n=0
	until grep -q '> $' "$logs/make-run.log" || [ $n -ge 120 ]; do
		sleep 1
		n=$((n + 1))
	done
	printf 'halt\n' >&3
) &
status=0
in_root "timeout 120 make run" <"$fifo" >"$logs/make-run.log" 2>&1 || status=$?
rm -f "$fifo"
if [ "$status" -eq 0 ] && grep -q '^kernel: halted by pid [0-9]* (code 0)' \
	"$logs/make-run.log"; then
	took "halted, status 0"
else
	took "FAILED: status $status"
	tail -n 10 "$logs/make-run.log"
	fail=1
fi

# 5. make demo: the two-node scenario passes (every step).
step "make demo"
status=0
in_root "make demo" >"$logs/make-demo.log" 2>&1 || status=$?
if [ "$status" -eq 0 ] && grep -q '^make demo: every step passed' \
	"$logs/make-demo.log"; then
	took "every step passed"
else
	took "FAILED: status $status"
	tail -40 "$logs/make-demo.log"
	fail=1
fi

[ "$fail" -eq 0 ] && echo "fresh-check: ok (logs in $logs)" ||
	echo "fresh-check: FAILED (logs in $logs)"
exit "$fail"
