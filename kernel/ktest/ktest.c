/* The self-test table and runner (see ktest.h). */
#include "ktest/ktest.h"
#include "core/kmem.h"
#include "lib/cmdline.h"
#include "lib/string.h"

typedef struct ktest_case {
	const char *name;
	ktest_fn_t fn;
	int in_all; /* 0: ends the machine or never returns, run alone */
} ktest_case_t;

static const ktest_case_t cases[] = {
    {"fmt", ktest_fmt, 1},
    {"frame_alloc", ktest_frame_alloc, 1},
    {"frame_exhaust", ktest_frame_exhaust, 1},
    {"heap", ktest_heap, 1},
    {"heap_stress", ktest_heap_stress, 1},
    {"heap_returns_frames", ktest_heap_returns_frames, 1},
    {"paging_map", ktest_paging_map, 1},
    {"paging_readonly", ktest_paging_readonly, 1},
    {"kexports", ktest_kexports, 1},
    {"fault_recovered", ktest_fault_recovered, 1},
    {"breakpoint", ktest_breakpoint, 1},
    {"ksyms", ktest_ksyms, 1},
    {"backtrace", ktest_backtrace, 1},
    {"timer", ktest_timer, 1},
    {"rtc", ktest_rtc, 1},
    {"fault_page", ktest_fault_page, 0},
    {"fault_divide", ktest_fault_divide, 0},
    {"fault_kernel_stack", ktest_fault_kernel_stack, 0},
    {"hang", ktest_hang, 0},
    {"must_fail", ktest_must_fail, 0},
};

#define NCASES (sizeof(cases) / sizeof(cases[0]))

/* Fails on purpose, so the harness can prove it notices a failed self-test. */
int ktest_must_fail(void)
{
	KT_ASSERT_EQ(1 + 1, 3);
	return 0;
}

typedef struct ktest_tally {
	int passed, failed;
} ktest_tally_t;

static void run_case(ktest_tally_t *t, const ktest_case_t *c)
{
	kprintf("ktest %s: start\n", c->name);
	int rc = c->fn();
	if (rc == 0 && kmem_check() != 0) {
		kprintf("ktest: kernel heap corrupt after %s\n", c->name);
		rc = -1;
	}
	kprintf("ktest %s: %s\n", c->name, rc == 0 ? "ok" : "FAIL");
	if (rc == 0)
		t->passed++;
	else
		t->failed++;
}

static void run_named(void *ctx, const char *name)
{
	ktest_tally_t *t = ctx;
	if (strcmp(name, "all") == 0) {
		for (unsigned i = 0; i < NCASES; i++)
			if (cases[i].in_all)
				run_case(t, &cases[i]);
		return;
	}
	for (unsigned i = 0; i < NCASES; i++) {
		if (strcmp(cases[i].name, name) == 0) {
			run_case(t, &cases[i]);
			return;
		}
	}
	kprintf("ktest %s: FAIL (no such test)\n", name);
	t->failed++;
}

int ktest_run(const char *list)
{
	char buf[256];
	ktest_tally_t tally = {0, 0};
	strlcpy(buf, list, sizeof(buf));
	cmdline_split_list(buf, run_named, &tally);
	kprintf("ktest: %d passed, %d failed\n", tally.passed, tally.failed);
	return tally.failed;
}
