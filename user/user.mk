# User space, included by the top Makefile (which defines BUILD, CC, LD, NASM,
# LIBGCC, NEWLIB, NEWLIB_STAMP and DEPS_STAMP): libipc (system-call stubs, the
# C API) into build/libipc.a, libuser (crt0, newlib glue) into
# build/user/libuser.a, and every user/NAME/*.c into the static PIE
# build/user/NAME. Objects live under build/libipc/ and build/user/obj/.

# -fstack-clash-protection: a frame bigger than a page is touched page by
# page, so it meets a stack's guard gap instead of jumping over it into
# other memory (stack overflow is then reported, not silent corruption).
USER_CFLAGS_PIE := -m32 -march=i686 -std=gnu11 -ffreestanding -fpie \
	-fno-stack-protector -fstack-clash-protection -O2 -g -D__DYNAMIC_REENT__ \
	-U__linux__ -U__gnu_linux__ -Ulinux -U__unix__ -U__unix -Uunix \
	-Wall -Wextra -Werror -isystem $(NEWLIB)/include -Ikernel \
	-Ilibipc/include -Iuser/lib/include -MMD -MP
# -u __getreent: our per-thread __getreent and locks (user/lib/threads.c)
# must win over newlib's defaults, which libc.a would otherwise supply first.
USER_LDFLAGS := -m elf_i386 -pie --no-dynamic-linker -z notext \
	-z noexecstack -e _start -u __getreent

LIBIPC      := $(BUILD)/libipc.a
# The kernel's command-line word splitter is libipc's too (pure_netopts.c
# reads the kernel's options with it, as the kernel does).
LIBIPC_SHARED := kernel/lib/cmdline.c
LIBIPC_OBJS := $(patsubst libipc/%.c,$(BUILD)/libipc/%.o,$(wildcard libipc/*.c)) \
	$(patsubst libipc/%.asm,$(BUILD)/libipc/%.asm.o,$(wildcard libipc/*.asm)) \
	$(patsubst %.c,$(BUILD)/libipc/shared/%.o,$(LIBIPC_SHARED))

USER_CRT0   := $(BUILD)/user/obj/lib/crt0.asm.o
LIBUSER     := $(BUILD)/user/libuser.a
LIBUSER_OBJS := $(patsubst user/%.c,$(BUILD)/user/obj/%.o,$(wildcard user/lib/*.c))

# Every program is a folder with a main.c under user/, servers/ or drivers/;
# all land in build/user/NAME (the boot image names them by that base name).
PROGRAM_DIRS  := $(patsubst %/main.c,%,$(wildcard user/*/main.c servers/*/main.c drivers/*/main.c))
USER_PROGRAMS := $(addprefix $(BUILD)/user/,$(notdir $(PROGRAM_DIRS)))

# Where each program lands in the initrd (docs/commands.md says why): the
# servers that init starts from boot modules in /sbin, the test and benchmark
# programs in /test, and every other program -- the ones a user runs, each
# answering --help -- in /bin. A new test program joins TEST_PROGRAMS.
TEST_PROGRAMS := actfor bigbss contest ctltest entrytest exhaust faulter fputest fstest fuzz \
	drvbench framertt hardtest ipcbench ipctest irqtest libctest lkmdtest looptest memcheck modtest nicecho nstest \
	nsthreads policy protosink randtest rfiletest ripcline settest sleeper socktest stacktest systest threadstate \
	udpflood udpsink
SBIN_PROGRAMS := $(addprefix $(BUILD)/user/,$(notdir $(patsubst %/main.c,%,$(wildcard servers/*/main.c))))
TEST_PROGRAM_FILES := $(addprefix $(BUILD)/user/,$(TEST_PROGRAMS))
ifneq ($(filter-out $(notdir $(PROGRAM_DIRS)),$(TEST_PROGRAMS)),)
$(error TEST_PROGRAMS names no program folder: $(filter-out $(notdir $(PROGRAM_DIRS)),$(TEST_PROGRAMS)))
endif
BIN_PROGRAMS  := $(filter-out $(SBIN_PROGRAMS) $(TEST_PROGRAM_FILES),$(USER_PROGRAMS))

.PHONY: user-programs clean-user
user-programs: $(USER_PROGRAMS)

$(BUILD)/libipc/%.o: libipc/%.c $(NEWLIB_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS_PIE) -c $< -o $@

$(BUILD)/libipc/shared/%.o: %.c $(NEWLIB_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $< (libipc)"
	@$(CC) $(USER_CFLAGS_PIE) -c $< -o $@

$(BUILD)/user/obj/%.o: user/%.c $(NEWLIB_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS_PIE) -c $< -o $@

$(BUILD)/servers/obj/%.o: servers/%.c $(NEWLIB_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS_PIE) -Iservers -c $< -o $@

$(BUILD)/drivers/obj/%.o: drivers/%.c $(NEWLIB_STAMP) | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS_PIE) -Idrivers -c $< -o $@

$(BUILD)/libipc/%.asm.o: libipc/%.asm | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) -f elf32 -g -F dwarf $< -o $@

$(BUILD)/user/obj/%.asm.o: user/%.asm | $(DEPS_STAMP)
	@mkdir -p $(dir $@)
	@echo "  NASM    $<"
	@$(NASM) -f elf32 -g -F dwarf $< -o $@

$(LIBIPC): $(LIBIPC_OBJS)
	@echo "  AR      $@"
	@rm -f $@
	@ar rcs $@ $^

$(LIBUSER): $(LIBUSER_OBJS)
	@echo "  AR      $@"
	@rm -f $@
	@ar rcs $@ $^

# Pure files of another folder a program links too (built with the user
# flags): PROGRAM_EXTRA_NAME. modtest runs the module linker of lkmd.
PROGRAM_EXTRA_modtest := $(patsubst servers/%.c,$(BUILD)/servers/obj/%.o,\
	$(wildcard servers/lkmd/pure_*.c))
# The shell packs module parameters as lkmd checks them.
PROGRAM_EXTRA_sh := $(BUILD)/servers/obj/lkmd/pure_modargs.o
# init packs a module driver's parameters the same way.
PROGRAM_EXTRA_init := $(BUILD)/servers/obj/lkmd/pure_modargs.o

# newlib calls the glue in libuser, which calls libipc: one group resolves the
# cycle. user/check-elf.sh rejects anything but an ET_DYN with only
# R_386_RELATIVE relocations (all the kernel's loader applies).
# $(1): the program's folder (user/NAME, servers/NAME, drivers/NAME).
program_objs = $(patsubst $(firstword $(subst /, ,$(1)))/%.c,$(BUILD)/$(firstword $(subst /, ,$(1)))/obj/%.o,$(wildcard $(1)/*.c)) \
	$(PROGRAM_EXTRA_$(notdir $(1)))
define USER_PROGRAM_RULE
$(BUILD)/user/$(notdir $(1)): $(call program_objs,$(1)) \
		$(USER_CRT0) $(LIBUSER) $(LIBIPC) $(NEWLIB_STAMP) user/check-elf.sh \
		user/user.mk
	@echo "  LD      $$@"
	@$(LD) $(USER_LDFLAGS) -o $$@ $(USER_CRT0) $(call program_objs,$(1)) \
		--start-group $(LIBUSER) $(LIBIPC) $(NEWLIB)/lib/libc.a \
		$$(LIBGCC) --end-group
	@sh user/check-elf.sh $$@ || { rm -f $$@; exit 1; }
endef
$(foreach d,$(PROGRAM_DIRS),$(eval $(call USER_PROGRAM_RULE,$(d))))

clean-user:
	rm -rf $(BUILD)/libipc $(LIBIPC) $(BUILD)/user $(BUILD)/servers $(BUILD)/drivers

-include $(shell find $(BUILD)/libipc $(BUILD)/user $(BUILD)/servers $(BUILD)/drivers -name '*.d' 2>/dev/null)
