/* kernel_main: brings the layers up bottom to top, shows what the boot loader
 * gave us, then runs the self-tests named on the command line or waits.
 * Command-line words read here: ktest=LIST (run self-tests and exit),
 * panic=exit (leave QEMU on panic instead of halting); ip= and gw= are only
 * checked (the protocol server's, read through the cmdline call). */
#include "core/kmem.h"
#include "core/kirq.h"
#include "core/module.h"
#include "ktest/ktest.h"
#include "lib/cmdline.h"
#include "lib/errstr.h"
#include "lib/fmt.h"
#include "lib/string.h"
#include "core/proc.h"
#include "core/sched.h"
#include "system/bootfs.h"
#include "system/console.h"
#include "system/fault.h"
#include "system/policy.h"
#include "system/random.h"
#include "system/spawn.h"
#include "system/sysport.h"
#include "system/syscall.h"
#include "nucleus/nucleus.h"
#include "../../libipc/include/lavender/netopts.h"

#define TIMER_HZ 100

static boot_info_t boot_info;

static void show_boot_info(const boot_info_t *bi)
{
	uint64_t usable = 0;
	kprintf("boot: loader \"%s\"\n", bi->loader[0] ? bi->loader : "?");
	kprintf("boot: cmdline \"%s\"\n", bi->cmdline);
	for (int i = 0; i < bi->nregions; i++) {
		const boot_region_t *r = &bi->regions[i];
		kprintf("boot: memory 0x%09llx-0x%09llx %s\n",
			(unsigned long long)r->base,
			(unsigned long long)(r->base + r->length - 1),
			r->type == 1 ? "usable" : "reserved");
		if (r->type == 1)
			usable += r->length;
	}
	kprintf("boot: memory %llu KiB usable (%llu MiB)\n",
		(unsigned long long)(usable / 1024),
		(unsigned long long)(usable >> 20));
	kprintf("boot: modules %d\n", bi->nmodules);
	for (int i = 0; i < bi->nmodules; i++)
		kprintf("boot: module %d 0x%08x-0x%08x %u bytes \"%s\"\n", i,
			bi->modules[i].start, bi->modules[i].end,
			bi->modules[i].end - bi->modules[i].start,
			bi->modules[i].name);
	if (bi->truncated)
		kprintf("boot: warning: some boot information did not fit and "
			"was cut\n");
}

static void on_init_exit(int code)
{
	kprintf("kernel: init exited with status %d; stopping\n", code);
	nu_machine_exit(code ? 1 : 0);
}

/* Starts the first process, "init" from the boot modules, with "init" and the
 * value of initcfg= (its configuration file) as arguments, then becomes the
 * scheduler. */
static void __attribute__((noreturn)) start_processes(const boot_info_t *bi)
{
	char cfg[64], args[96];
	syscall_init(cmdline_has(bi->cmdline, "trace=syscalls"));
	fault_init();
	sys_misc_init();
	sys_misc_set_cmdline(bi->cmdline);
	random_init(bi);
	sys_nucleus_init();
	policy_init();
	sysport_init();
	module_init();
	kirq_init();
	console_input_init();
	bootfs_init(bi);
	sched_init();
	proc_set_init_exit_hook(on_init_exit);
	if (cmdline_get(bi->cmdline, "initcfg", cfg, sizeof(cfg)) < 0)
		strlcpy(cfg, "boot.cfg", sizeof(cfg));
	fmt_snprintf(args, sizeof(args), "init %s", cfg);
	kprintf("boot: ready\n");
	/* init holds every right and hands them on (boot configuration). */
	spawn_req_t req = {.image = "init",
			   .args = args,
			   .flags = LV_SPAWN_NUCLEUS | LV_SPAWN_SCHED |
				    LV_SPAWN_MODULE | LV_SPAWN_NET};
	int pid = spawn_image(&req);
	if (pid < 0)
		kprintf("boot: cannot start init: %s; idling\n", err_str(pid));
	sched_start();
}

/* The kernel options (docs/commands.md, "Kernel options"). */
static const char *const known_options[] = {
    "node", "initcfg", "panic", "ktest", "trace", "ip", "gw", "random", NULL};

static void unknown_option(void *ctx, const char *word, size_t len)
{
	(void)ctx;
	kprintf("boot: unknown kernel option '%.*s' ignored (known: node= "
		"initcfg= panic=exit ktest= trace=syscalls ip= gw= "
		"random=)\n",
		(int)len, word);
}

/* The network options are the protocol server's (it reads them with the
 * same parser, lavender/netopts.h); the kernel names a bad one at boot. */
static void check_net_options(const char *cmdline)
{
	lv_netopts_t o;
	char value[40];
	if (lv_netopts_parse(cmdline, &o) == 0)
		return;
	if (o.bad & LV_NETOPT_IP) {
		if (cmdline_get(cmdline, "ip", value, sizeof(value)) < 0)
			strlcpy(value, "(bad)", sizeof(value));
		kprintf("boot: ip=%s ignored: ip= takes A.B.C.D/PREFIX (a "
			"unicast host address, prefix 1-32, default 24) or "
			"dhcp; net then derives the address from the MAC\n",
			value);
	}
	if (o.bad & LV_NETOPT_GW) {
		if (cmdline_get(cmdline, "gw", value, sizeof(value)) < 0)
			strlcpy(value, "(bad)", sizeof(value));
		kprintf("boot: gw=%s ignored: gw= takes A.B.C.D, a unicast "
			"address (on ip='s network, not ip= itself)\n",
			value);
	}
}

void kernel_main(uint32_t magic, uint32_t mbi_phys)
{
	nu_console_init();
	kprintf("\nLavender/x86 booting\n");
	nu_boot_parse(magic, mbi_phys, &boot_info);
	char panic_mode[8];
	int has_panic = cmdline_get(boot_info.cmdline, "panic", panic_mode,
				    sizeof(panic_mode)) >= 0;
	nu_set_exit_on_panic(has_panic && strcmp(panic_mode, "exit") == 0);
	nu_cpu_init();
	nu_fpu_init();
	nu_frame_init_from_boot(&boot_info);
	nu_paging_init();
	kmem_init();
	nu_timer_init(TIMER_HZ);
	nu_irq_enable();
	show_boot_info(&boot_info);
	cmdline_check(boot_info.cmdline, known_options, unknown_option, NULL);
	check_net_options(boot_info.cmdline);
	if (has_panic && strcmp(panic_mode, "exit") != 0)
		kprintf("boot: panic=%s ignored: the one value is panic=exit\n",
			panic_mode);
	char trace[16];
	if (cmdline_get(boot_info.cmdline, "trace", trace, sizeof(trace)) >=
		0 &&
	    strcmp(trace, "syscalls") != 0)
		kprintf("boot: trace=%s ignored: the one value is "
			"trace=syscalls\n",
			trace);
	kprintf("boot: frames %u free of %u (%u KiB)\n", nu_frame_free_count(),
		nu_frame_total_count(), nu_frame_total_count() * 4);

	char tests[256];
	int rc = cmdline_get(boot_info.cmdline, "ktest", tests, sizeof(tests));
	if (rc >= 0) {
		int failed = ktest_run(tests);
		nu_machine_exit(failed ? 1 : 0);
	}
	start_processes(&boot_info);
}
