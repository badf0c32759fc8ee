/* drvbench: what starting and stopping a NIC driver costs, by kind, in TSC
 * cycles, measured in one run through init's control port (it needs init's
 * control right, -c, and lkmd running): "drv.user" is drv up ne2k + drv
 * down (spawn, add steps, registration, STOP, remove steps, exit);
 * "drv.module" the same for kind=module (load through lkmd, init, add
 * steps, registration, STOP, remove steps, unload); "module.hello" insmod
 * + rmmod of /lib/modules/hello.ko (the loader's and the kernel's part
 * alone). Prints the median and the 10th/90th percentiles of each, ending
 * with one line per figure: "key: median p10 p90". Asserts nothing about
 * speed. "drvbench [ROUNDS]" (default 20). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/initctl.h>
#include <lavender/syscall.h>
#include "../lib/bench.h"
#include "../lib/usage.h"

#define DEFAULT_ROUNDS 20
#define ROUNDS_MAX 1000

typedef int (*cycle_fn_t)(int ctl);

static int rounds = DEFAULT_ROUNDS;
static uint32_t samples[ROUNDS_MAX];

/* drv up ne2k ARGS, then drv down ne2k0: 0 or the first error. */
static int drv_cycle(int ctl, const char *args)
{
	msg_initctl_drv_reply_t r;
	int rc = lv_initctl_drv_up(ctl, "ne2k", args, &r);
	if (rc < 0)
		return rc;
	return lv_initctl_drv_down(ctl, "ne2k0", &r);
}

static int user_cycle(int ctl) { return drv_cycle(ctl, "ne2k"); }

static int module_cycle(int ctl) { return drv_cycle(ctl, "ne2k kind=module"); }

static int hello_cycle(int ctl)
{
	msg_lkmd_load_t load;
	msg_lkmd_unload_t unload;
	msg_lkmd_result_t r;
	memset(&load, 0, sizeof(load));
	memset(&unload, 0, sizeof(unload));
	snprintf(load.path, sizeof(load.path), "/lib/modules/hello.ko");
	snprintf(unload.name, sizeof(unload.name), "hello");
	int rc = lv_initctl_module_load(ctl, &load, &r);
	if (rc < 0)
		return rc;
	return lv_initctl_module_unload(ctl, &unload, &r);
}

/* Times rounds cycles (after one warm-up) and prints the figure. */
static int bench(const char *key, cycle_fn_t cycle, int ctl, uint32_t out[3])
{
	int rc = cycle(ctl);
	for (int i = 0; rc >= 0 && i < rounds; i++) {
		uint64_t t0 = bench_rdtsc();
		rc = cycle(ctl);
		samples[i] = (uint32_t)(bench_rdtsc() - t0);
	}
	if (rc < 0) {
		printf("drvbench: %s: %s\n", key, lv_strerror(rc));
		return rc;
	}
	qsort(samples, (size_t)rounds, sizeof(*samples), bench_by_value);
	out[0] = samples[rounds / 2];
	out[1] = samples[rounds / 10];
	out[2] = samples[rounds * 9 / 10];
	printf("drvbench: %-14s median %10lu  p10 %10lu  p90 %10lu cycles\n",
	       key, (unsigned long)out[0], (unsigned long)out[1],
	       (unsigned long)out[2]);
	return 0;
}

static const usage_t usage = {
    "drvbench", "[ROUNDS]",
    "Times drv up + drv down of the NE2000 as a user-mode driver and as a\n"
    "module, and insmod + rmmod of hello.ko, through init's control port\n"
    "(median, p10, p90 of TSC cycles). Needs init's control right (-c) and\n"
    "the module loader; make bench runs it.",
    "drvkind.bench_smoke (and make bench)"};

int main(int argc, char **argv)
{
	static const struct {
		const char *key;
		cycle_fn_t cycle;
	} figures[] = {{"drv.user", user_cycle},
		       {"drv.module", module_cycle},
		       {"module.hello", hello_cycle}};
	uint32_t got[3][3];
	usage_help(&usage, argc, argv);
	if (argc > 1)
		rounds = (int)usage_number(&usage, "ROUNDS", argv[1], 10,
					   ROUNDS_MAX);
	int ctl = LV_BOOT_HANDLE;
	if (!lv_initctl_present(ctl)) {
		printf("drvbench: no right to init's control port (-c)\n");
		return 1;
	}
	printf("drvbench: %d rounds each, TSC cycles\n", rounds);
	for (int k = 0; k < 3; k++)
		if (bench(figures[k].key, figures[k].cycle, ctl, got[k]) < 0)
			return 1;
	for (int k = 0; k < 3; k++)
		printf("%s: %lu %lu %lu\n", figures[k].key,
		       (unsigned long)got[k][0], (unsigned long)got[k][1],
		       (unsigned long)got[k][2]);
	return 0;
}
