#!/bin/sh
# Builds the bootable ISO: GRUB (BIOS) with a menu timeout of 0, the kernel and
# the boot modules. Usage: tools/mkiso.sh BUILD_DIR KERNEL_ELF MODULE...
set -eu
build=$1 kernel=$2
shift 2
root=$build/iso
rm -rf "$root"
mkdir -p "$root/boot/grub"
cp "$kernel" "$root/boot/kernel.elf"
{
	echo 'set timeout=0'
	echo 'set default=0'
	echo 'serial --unit=0 --speed=115200'
	echo 'terminal_input serial'
	echo 'terminal_output serial'
	echo 'menuentry "Lavender/x86" {'
	echo '  multiboot /boot/kernel.elf node=auto'
	for m in "$@"; do
		name=$(basename "$m")
		cp "$m" "$root/boot/$name"
		echo "  module /boot/$name $name"
	done
	echo '  boot'
	echo '}'
} >"$root/boot/grub/grub.cfg"
grub-mkrescue -o "$build/lavender.iso" "$root" >"$build/mkiso.log" 2>&1 ||
	{ cat "$build/mkiso.log" >&2; exit 1; }
