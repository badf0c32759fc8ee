# Lavender/x86 — top-level build. `make` builds the kernel, its symbol map and
# the ISO; `make test` runs the whole suite (last line: "N passed, N failed").
# Missing Debian packages are installed when run as root (tools/deps.sh).

BUILD      := build
CC         := gcc
LD         := ld
NASM       := nasm
QEMU       := qemu-system-i386
PYTHON     := python3

KERNEL_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -g \
	-ffreestanding -fno-builtin -fno-pie -fno-pic -fno-stack-protector \
	-fno-omit-frame-pointer -fno-optimize-sibling-calls -mgeneral-regs-only \
	-fno-asynchronous-unwind-tables \
	-Wall -Wextra -Werror -Ikernel -MMD -MP -flto
# Linked by gcc for link-time optimisation across the layers (the IPC path
# crosses core/ and nucleus/ files; under TCG every call and return costs).
KERNEL_LD := $(CC) -m32 -O2 -flto=auto -nostdlib -no-pie \
	-Wl,-T,linker.ld,--no-warn-rwx-segments,-z,noexecstack,--build-id=none
# Read when a link runs, not when the Makefile is parsed: on a fresh machine
# gcc-multilib (which has the 32-bit libgcc) is installed by the deps step
# after parsing.
LIBGCC = $(shell $(CC) -m32 -print-libgcc-file-name 2>/dev/null)

KERNEL_DIRS := kernel/nucleus kernel/core kernel/system kernel/lib kernel/ktest
KERNEL_C    := $(foreach d,$(KERNEL_DIRS),$(wildcard $(d)/*.c))
KERNEL_ASM  := $(wildcard kernel/nucleus/*.asm)
# Pure sources the kernel shares with user space, built with the kernel's
# flags under build/kernel/shared: the network options' parser (the kernel
# checks ip= and gw= at boot with the code net reads them with).
KERNEL_SHARED := libipc/pure_netopts.c
KERNEL_OBJS := $(patsubst %.c,$(BUILD)/%.o,$(KERNEL_C)) \
	       $(patsubst %.asm,$(BUILD)/%.asm.o,$(KERNEL_ASM)) \
	       $(patsubst %.c,$(BUILD)/kernel/shared/%.o,$(KERNEL_SHARED))

DEPS_STAMP   := $(BUILD)/.deps-build
NEWLIB_STAMP := $(BUILD)/newlib/.built
# newlib's headers and libraries for i686-elf user programs
NEWLIB       := $(BUILD)/newlib/i686-elf
KERNEL       := $(BUILD)/kernel.elf
ISO          := $(BUILD)/lavender.iso
INITRD       := $(BUILD)/initrd.img
BOOT_MODULES := servers/init/boot.cfg

.DEFAULT_GOAL := all
include user/user.mk

QEMU_FLAGS := -m 128 -accel tcg -no-reboot -display none -vga std \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04

.PHONY: all deps newlib newlib-check kernel lkm iso initrd run debug test soak bench demo check-style clean
all: $(ISO) $(NEWLIB_STAMP) user-programs $(INITRD)

# --- set-up -----------------------------------------------------------------
$(DEPS_STAMP): tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh build
	@touch $@
deps: $(DEPS_STAMP)

$(NEWLIB_STAMP): tools/build-newlib.sh | $(DEPS_STAMP)
	@mkdir -p $(BUILD)
	@sh tools/build-newlib.sh $(BUILD)
newlib: $(NEWLIB_STAMP)

# --- kernel -----------------------------------------------------------------
$(BUILD)/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(KERNEL_CFLAGS) -c $< -o $@

$(BUILD)/kernel/shared/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (kernel)"
	@$(CC) $(KERNEL_CFLAGS) -Ilibipc/include -c $< -o $@

$(BUILD)/%.asm.o: %.asm | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) -f elf32 -g -F dwarf $< -o $@

# Two links: the first, with an empty symbol table, gives the addresses the
# table records; .ksyms lies after all code, so the second link moves no code
# (tools/check-ksyms.sh proves it on every build).
$(BUILD)/ksyms-empty.S:
	@mkdir -p $(BUILD)
	@printf '' | sh tools/gen-ksyms.sh > $@

$(BUILD)/%.S.o: $(BUILD)/%.S
	@$(CC) -m32 -c $< -o $@

$(BUILD)/kernel.pass1.elf: $(KERNEL_OBJS) $(BUILD)/ksyms-empty.S.o linker.ld
	@echo "  LD      $@"
	@$(KERNEL_LD) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms-empty.S.o $(LIBGCC)

$(BUILD)/ksyms.S: $(BUILD)/kernel.pass1.elf tools/gen-ksyms.sh
	@echo "  KSYMS   $@"
	@nm -n $< | sh tools/gen-ksyms.sh > $@

$(KERNEL): $(KERNEL_OBJS) $(BUILD)/ksyms.S.o linker.ld tools/check-ksyms.sh
	@echo "  LD      $@"
	@$(KERNEL_LD) -o $@ $(KERNEL_OBJS) $(BUILD)/ksyms.S.o $(LIBGCC)
	@sh tools/check-ksyms.sh $(BUILD)/kernel.pass1.elf $@
	@nm -n $@ > $(BUILD)/kernel.map
kernel: $(KERNEL)

# --- loadable modules -------------------------------------------------------
# Each folder lkm/NAME with C files is a module: its objects, compiled with
# the kernel's code generation (no LTO: the loader links the module; frame
# pointers for backtraces; no SSE or x87: the kernel does not save them) and
# joined by ld -r, give build/lkm/NAME.ko, an ELF relocatable that the
# module linker (servers/lkmd/pure_modlink.h) reads. LKM_TEST_MODULES are
# the test suite's (user/modtest, tests/cases_lkmd.py): /test/modules in
# the initrd, with broken copies of hello.ko (truncated.ko, badsecidx.ko,
# badsymidx.ko); the others -- hello,
# and base with baseuser, which depends on it -- go to /lib/modules.
# -fno-toplevel-reorder: a module's records (LV_MODULE_PARAM) reach their
# section in the order the source declares them, so modinfo lists them so.
LKM_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -ffreestanding -fno-builtin \
	-fno-pie -fno-pic -fno-stack-protector -fno-omit-frame-pointer \
	-fno-optimize-sibling-calls -mgeneral-regs-only -fno-common \
	-fno-asynchronous-unwind-tables -fno-toplevel-reorder -Wall -Wextra \
	-Werror -Ikernel -Ilkm/include -Ilibipc/include -MMD -MP
LKM_NAMES := $(sort $(patsubst lkm/%/,%,$(dir $(wildcard lkm/*/*.c))))
LKM_TEST_MODULES := failinit wpfault kecho kfault badsym badreloc badabi \
	cyclea cycleb
LKM_FILES := $(patsubst %,$(BUILD)/lkm/%.ko,$(LKM_NAMES))
LKM_TEST_FILES := $(patsubst %,$(BUILD)/lkm/%.ko,$(LKM_TEST_MODULES))
LKM_LIB_FILES := $(filter-out $(LKM_TEST_FILES),$(LKM_FILES))
LKM_CUT_FILES := $(BUILD)/lkm/truncated.ko $(BUILD)/lkm/badsecidx.ko \
	$(BUILD)/lkm/badsymidx.ko
# Sources a module shares with another part, built into it with the same
# flags: the NE2000 chip logic, its PCI set-up and the driver protocol's
# rules of the user-mode driver (one source, two front ends).
LKM_SHARED_ne2k := drivers/ne2k/dp8390.c drivers/ne2k/pure_pci.c \
	drivers/ne2k/pure_name.c \
	libipc/pure_pci.c libipc/pure_netdrv_sessions.c

# Modules depend on this file too: their flags shape their sections
# (-fno-toplevel-reorder: the parameters' order).
$(BUILD)/lkm/obj/%.o: lkm/%.c Makefile | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(LKM_CFLAGS) -c $< -o $@

$(BUILD)/lkm/obj/shared/%.o: %.c Makefile | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (module)"
	@$(CC) $(LKM_CFLAGS) -c $< -o $@

define LKM_RULE
$(BUILD)/lkm/$(1).ko: $(patsubst lkm/%.c,$(BUILD)/lkm/obj/%.o,$(wildcard lkm/$(1)/*.c)) \
		$(patsubst %.c,$(BUILD)/lkm/obj/shared/%.o,$(LKM_SHARED_$(1)))
	@echo "  LD      $$@"
	@$(LD) -m elf_i386 -r -o $$@ $$^
endef
$(foreach m,$(LKM_NAMES),$(eval $(call LKM_RULE,$(m))))
# Broken copies of hello.ko for the loader's refusals (/test/modules): one
# cut inside its section headers (truncated).
$(BUILD)/lkm/truncated.ko: $(BUILD)/lkm/hello.ko
	@echo "  CUT     $@"
	@head -c $$(( $$(stat -c %s $<) - 200 )) $< > $@
# One field out of range (tools/badmodule.py): a symbol's section index, a
# relocation's symbol index.
$(BUILD)/lkm/badsecidx.ko: $(BUILD)/lkm/hello.ko tools/badmodule.py
	@echo "  BREAK   $@"
	@$(PYTHON) tools/badmodule.py symbol-section $< $@
$(BUILD)/lkm/badsymidx.ko: $(BUILD)/lkm/hello.ko tools/badmodule.py
	@echo "  BREAK   $@"
	@$(PYTHON) tools/badmodule.py reloc-symbol $< $@
lkm: $(LKM_FILES) $(LKM_CUT_FILES)

# --- boot image -------------------------------------------------------------
# The initrd (servers/fs serves it): rootfs/ plus every program as /bin/NAME,
# /sbin/NAME (servers) or /test/NAME (user/user.mk sorts them), and every
# module as /lib/modules/NAME.ko (/test/modules/NAME.ko), a cpio newc
# archive (tools/mkinitrd.py documents the format).
ROOTFS_FILES := $(shell find rootfs -type f 2>/dev/null)
$(INITRD): tools/mkinitrd.py $(ROOTFS_FILES) $(USER_PROGRAMS) user/user.mk \
		$(LKM_FILES) $(LKM_CUT_FILES)
	@echo "  INITRD  $@"
	@$(PYTHON) tools/mkinitrd.py -o $@ --strip --root rootfs --bin $(BIN_PROGRAMS) \
		--into /sbin $(SBIN_PROGRAMS) --into /test $(TEST_PROGRAM_FILES) \
		--into /lib/modules $(LKM_LIB_FILES) \
		--into /test/modules $(LKM_TEST_FILES) $(LKM_CUT_FILES)
initrd: $(INITRD)

# The boot set as modules (init starts it before the file server runs); every
# program also reaches the node inside the initrd (/bin, /sbin or /test).
ISO_PROGRAMS := $(addprefix $(BUILD)/user/,init ns fs console lkmd net sh)
$(ISO): $(KERNEL) $(BOOT_MODULES) $(ISO_PROGRAMS) $(INITRD) tools/mkiso.sh
	@echo "  ISO     $@"
	@sh tools/mkiso.sh $(BUILD) $(KERNEL) $(ISO_PROGRAMS) $(BOOT_MODULES) \
		$(INITRD)
iso: $(ISO)

# make run [NODE=name] [NODES=2] [CMDLINE="opt=..."] [NIC=ne2k_isa|ne2k_pci|none]
# (tools/run.sh says more); a clean halt ends it with status 0.
run: all
	@NODE='$(NODE)' NODES='$(NODES)' CMDLINE='$(CMDLINE)' NIC='$(NIC)' \
		PORT='$(PORT)' QEMU='$(QEMU)' sh tools/run.sh $(BUILD)

debug: $(ISO)
	@echo "QEMU is halted, waiting for gdb. In another terminal run:"
	@echo "  gdb -ex 'target remote :1234' $(KERNEL)"
	$(QEMU) $(QEMU_FLAGS) -serial mon:stdio -cdrom $(ISO) -s -S

# --- tests ------------------------------------------------------------------
# Host tests run natively (64-bit: this machine's kernel may not run i386
# binaries), so the pure code under test must be 64-bit clean.
HOST_CFLAGS := -std=gnu11 -O1 -g -Wall -Wextra -Werror -Ikernel -Itests/host \
	-Ilibipc/include \
	-fsanitize=address,undefined -fno-sanitize-recover=undefined
HOST_TESTS  := $(wildcard tests/host/test_*.c)
HOST_UNDER_TEST := kernel/core/region.c kernel/lib/fmt.c kernel/lib/cmdline.c kernel/lib/ksyms.c \
	kernel/lib/args.c kernel/lib/errstr.c kernel/lib/chacha20.c kernel/lib/csprng.c kernel/nucleus/multiboot.c kernel/nucleus/frame.c \
	kernel/nucleus/memmap.c kernel/nucleus/rtc_decode.c \
	kernel/core/heap.c kernel/system/elf.c \
	$(wildcard servers/*/pure_*.c drivers/*/pure_*.c user/*/pure_*.c \
		libipc/pure_*.c)

# Headers too: a changed limit or layout must rebuild the tests. And the
# server files a test compiles in itself with fakes around them
# (test_net_sockets.c: net's socket requests).
HOST_HEADERS := $(wildcard kernel/*/*.h servers/*/*.h drivers/*/*.h user/*/*.h tests/host/*.h \
	libipc/*.h libipc/include/lavender/*.h) \
	servers/net/sockets.c servers/net/sockets_wait.c

# Real module files for the module linker's tests (test_modlink.c reads
# them from build/host/modules/): i386 relocatables built by the host gcc
# as modules are, from tests/host/modules/NAME.c; good_pic (-fpic: GOT
# relocations), good_debug (-g: relocated debug sections) and common
# (-fcommon) from the same sources with other flags.
HOST_MODULE_CFLAGS := -m32 -march=i686 -std=gnu11 -O2 -ffreestanding \
	-fno-pic -fno-asynchronous-unwind-tables -fno-stack-protector \
	-Wall -Wextra -Werror -Ikernel -Ilkm/include
HOST_MODULE_DIR := $(BUILD)/host/modules
HOST_MODULES := $(patsubst tests/host/modules/%.c,$(HOST_MODULE_DIR)/%.o,\
	$(wildcard tests/host/modules/*.c)) \
	$(HOST_MODULE_DIR)/good_pic.o $(HOST_MODULE_DIR)/good_debug.o
HOST_MODULE_HEADERS := lkm/include/lavender/module.h kernel/uapi/module.h
$(HOST_MODULE_DIR)/common.o: HOST_MODULE_EXTRA := -fcommon
$(HOST_MODULE_DIR)/good_pic.o: HOST_MODULE_EXTRA := -fpic
$(HOST_MODULE_DIR)/good_debug.o: HOST_MODULE_EXTRA := -g
$(HOST_MODULE_DIR)/%.o: tests/host/modules/%.c $(HOST_MODULE_HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_MODULE_CFLAGS) $(HOST_MODULE_EXTRA) -c $< -o $@
$(HOST_MODULE_DIR)/good_%.o: tests/host/modules/good.c $(HOST_MODULE_HEADERS) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_MODULE_CFLAGS) $(HOST_MODULE_EXTRA) -c $< -o $@

$(BUILD)/host/unit_tests: $(HOST_TESTS) $(HOST_UNDER_TEST) $(HOST_HEADERS) tests/host/unit.c \
		$(HOST_MODULES) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(HOST_CFLAGS) -o $@ tests/host/unit.c $(HOST_TESTS) $(HOST_UNDER_TEST)

$(BUILD)/.deps-test: tools/deps.sh
	@mkdir -p $(BUILD)
	@sh tools/deps.sh test
	@touch $@

USER_CFLAGS := -m32 -march=i686 -ffreestanding -fno-pie -fno-stack-protector \
	-O2 -g -U__linux__ -U__gnu_linux__ -Ulinux -U__unix__ -U__unix -Uunix \
	-isystem $(NEWLIB)/include
$(BUILD)/tests/newlib_link_check.elf: tests/newlib/link_check.c $(NEWLIB_STAMP)
	@mkdir -p $(dir $@)
	$(CC) $(USER_CFLAGS) -w -c $< -o $(@:.elf=.o)
	$(LD) -m elf_i386 -static -z noexecstack -e _start -o $@ $(@:.elf=.o) \
		$(NEWLIB)/lib/libc.a $(LIBGCC) $(NEWLIB)/lib/libc.a
newlib-check: $(BUILD)/tests/newlib_link_check.elf

test: $(BUILD)/.deps-test all $(BUILD)/host/unit_tests
	@$(PYTHON) tests/run.py --build $(BUILD)

# The suite's long runs, too long for make test (docs/testing.md, "Soak"):
# soak.* cases exist only with LAVENDER_SOAK=1 (ripc's loss case with
# 10,000 calls: about ten minutes of TCG).
soak: $(BUILD)/.deps-test all
	@LAVENDER_SOAK=1 $(PYTHON) tests/run.py --build $(BUILD) --only '^soak\.'

bench: all
	@$(PYTHON) tests/bench.py --build $(BUILD)

# make demo [DEMO_ARGS="--quiet --calls N --port N --timeout S"]: alpha and
# beta boot as make run NODES=2 boots them, on a free loopback port pair,
# and tools/demo.py runs the remote-IPC scenario on both consoles; exit
# status 0 iff every step passed (logs in build/demo/).
demo: all
	@$(PYTHON) tools/demo.py --build $(BUILD) $(DEMO_ARGS)

STYLE_FILES = $(shell find kernel libipc servers drivers lkm user tests tools \
	-name '*.[ch]' -not -path '*/build/*' 2>/dev/null | sort)
check-style:
	@command -v clang-format >/dev/null || sh tools/deps.sh test
	@clang-format --dry-run --Werror $(STYLE_FILES) && echo "check-style: $(words $(STYLE_FILES)) files ok"

clean: clean-user
	rm -rf $(BUILD)/kernel* $(BUILD)/ksyms* $(BUILD)/iso $(ISO) $(BUILD)/host \
		$(BUILD)/kernel $(BUILD)/tests $(BUILD)/lkm

-include $(shell find $(BUILD)/kernel $(BUILD)/lkm -name '*.d' 2>/dev/null)
