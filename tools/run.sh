#!/bin/sh
# make run: boots one node (or two, joined by an emulated Ethernet) on this
# terminal's serial console.
#
# Usage: tools/run.sh BUILD_DIR
# Environment (make run passes its variables on):
#   NODE=NAME      the node's name (kernel option node=; default: auto)
#   NODES=1|2      two nodes: the first on this terminal, the second on the
#                  console socket BUILD_DIR/run/NODE2.sock
#                  (attach with: python3 tools/attach.py BUILD_DIR/run/NODE2.sock)
#   CMDLINE=...    more kernel options (docs/commands.md, "Kernel options";
#                  a node= there overrides NODE=)
#   NIC=ne2k_isa|ne2k_pci|none   the NIC (default ne2k_isa at io 0x300, irq 9)
#   PORT=N         the first of the two loopback UDP ports that carry the
#                  Ethernet between the nodes (default 41000)
#
# The kernel and the boot modules the ISO holds are booted with QEMU's own
# Multiboot loader (-kernel), so the command line is per run. The Ethernet is
# a QEMU socket netdev on 127.0.0.1 only: nothing leaves this machine.
# A reset (the shell's reboot, or a triple fault) boots that node again in
# the same QEMU, on the same console and Ethernet ports: one node of two
# reboots while the other runs on.
#
# Exit status: 0 after a clean halt (the kernel writes code 0 to
# isa-debug-exit, which QEMU turns into status 1), otherwise the code the
# node halted with (halt CODE, panic=exit gives 3), or QEMU's own status.
set -eu
build=${1:?usage: tools/run.sh BUILD_DIR}
node=${NODE:-auto}
nodes=${NODES:-1}
nic=${NIC:-ne2k_isa}
port=${PORT:-41000}
qemu=${QEMU:-qemu-system-i386}
grubcfg=$build/iso/boot/grub/grub.cfg

die() { echo "make run: $*" >&2; exit 2; }

[ -f "$grubcfg" ] || die "$grubcfg missing: run make first"
case $nodes in 1|2) ;; *) die "NODES=$nodes: give 1 or 2" ;; esac
case $nic in ne2k_isa|ne2k_pci|none) ;;
	*) die "NIC=$nic: give ne2k_isa, ne2k_pci or none" ;; esac
case $port in *[!0-9]*|'') die "PORT=$port: give a number" ;; esac
[ "$port" -ge 1024 ] && [ "$port" -le 65000 ] ||
	die "PORT=$port: give 1024..65000"
case $node in *[!A-Za-z0-9_-]*|'')
	die "NODE=$node: letters, digits, - and _ only" ;; esac
[ ${#node} -le 24 ] || die "NODE=$node: at most 24 characters"

# The modules, in the order the ISO's grub.cfg loads them.
modules=$(sed -n 's|^ *module /boot/\([^ ]*\) .*|'"$build"'/iso/boot/\1|p' \
	"$grubcfg" | paste -sd, -)
[ -n "$modules" ] || die "$grubcfg names no modules: run make first"

# nic_args INDEX MAC LOCAL_PORT PEER_PORT
nic_args() {
	[ "$nic" = none ] && return 0
	dev="$nic,netdev=n0,mac=$2"
	[ "$nic" = ne2k_isa ] && dev="$dev,iobase=0x300,irq=9"
	echo "-device $dev -netdev socket,id=n0,udp=127.0.0.1:$4,localaddr=127.0.0.1:$3"
}

qemu_common="-m 128 -accel tcg -display none -vga none
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 -kernel $build/kernel.elf
	-initrd $modules"

second=
if [ "$nodes" = 2 ]; then
	node2=${node}2
	[ "$node" = auto ] && node=alpha && node2=beta
	mkdir -p "$build/run"
	sock=$build/run/$node2.sock
	rm -f "$sock"
	# shellcheck disable=SC2046,SC2086
	$qemu $qemu_common $(nic_args 2 52:54:00:00:00:02 $((port + 1)) "$port") \
		-append "node=$node2 ${CMDLINE:-}" \
		-serial "unix:$sock,server=on,wait=off" -monitor none \
		>"$build/run/$node2.log" 2>&1 &
	second=$!
	trap 'kill $second 2>/dev/null || true; rm -f "$sock"' EXIT INT TERM
	# The socket exists once that QEMU listens (within 10 s, or it failed).
	tries=0
	until [ -S "$sock" ]; do
		kill -0 "$second" 2>/dev/null ||
			die "node $node2's QEMU ended: see $build/run/$node2.log"
		tries=$((tries + 1))
		[ "$tries" -le 100 ] || die "node $node2: no console socket $sock"
		sleep 0.1
	done
	echo "make run: node $node2 is on $sock" \
		"(attach: python3 tools/attach.py $sock)"
fi

status=0
# shellcheck disable=SC2046,SC2086
$qemu $qemu_common $(nic_args 1 52:54:00:00:00:01 "$port" $((port + 1))) \
	-append "node=$node ${CMDLINE:-}" -serial mon:stdio || status=$?

# Has the second node's QEMU ended? (A child that ended and is not yet
# reaped is a zombie, which kill -0 still finds: /proc tells its state.)
second_ended() {
	[ -r "/proc/$second/stat" ] || return 0
	[ "$(sed 's/.*) //' "/proc/$second/stat" | cut -c1)" = Z ]
}

# The second node, if it ended before the first: how (its console is not
# this terminal, so say it here).
if [ -n "$second" ] && second_ended; then
	status2=0
	wait "$second" || status2=$?
	if [ $((status2 % 2)) = 1 ]; then
		echo "make run: node $node2 halted with code" \
			"$(((status2 - 1) / 2)) (its log: $build/run/$node2.log)" >&2
	else
		echo "make run: node $node2's $qemu ended with status $status2" \
			"(its log: $build/run/$node2.log)" >&2
	fi
fi

case $status in
0|1) status=0 ;;   # QEMU quit (Ctrl-A x), or halt with code 0
*)   if [ $((status % 2)) = 1 ]; then
	     status=$(((status - 1) / 2))
	     echo "make run: the node halted with code $status" >&2
     else
	     echo "make run: $qemu ended with status $status" >&2
     fi ;;
esac
exit "$status"
