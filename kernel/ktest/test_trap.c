/* Self-tests of exceptions, symbols and backtraces. The fault_* cases end the
 * machine on purpose: the harness checks their report, line by line. */
#include "ktest/ktest.h"
#include "lib/string.h"

#define NOINLINE __attribute__((noinline, noipa))

static volatile uint32_t breakpoint_eip;
static volatile int breakpoint_hits;

static int on_breakpoint(trap_frame_t *frame)
{
	kprintf("ktest: caught exception, report follows\n");
	nu_trap_report(frame);
	breakpoint_eip = frame->eip;
	breakpoint_hits++;
	return 1; /* handled: resume after the int3 */
}

int ktest_breakpoint(void)
{
	nu_trap_handler_t old = nu_trap_set_handler(3, on_breakpoint);
	__asm__ volatile("int3");
	nu_trap_set_handler(3, old);
	KT_ASSERT_EQ(breakpoint_hits, 1);
	uint32_t off;
	const char *name = ksyms_find(nu_ksyms(), breakpoint_eip, &off);
	KT_ASSERT(name != NULL && strcmp(name, "ktest_breakpoint") == 0);
	kprintf("ktest: breakpoint trapped at ktest_breakpoint+0x%x, resumed\n",
		off);
	return 0;
}

int ktest_ksyms(void)
{
	const ksym_table_t *t = nu_ksyms();
	uint32_t off;
	KT_ASSERT(t->count > 50);
	for (uint32_t i = 1; i < t->count; i++)
		KT_ASSERT(t->syms[i - 1].addr <= t->syms[i].addr);
	const char *name = ksyms_find(t, (uint32_t)ktest_ksyms, &off);
	KT_ASSERT(name && strcmp(name, "ktest_ksyms") == 0 && off == 0);
	name = ksyms_find(t, (uint32_t)ktest_ksyms + 5, &off);
	KT_ASSERT(name && strcmp(name, "ktest_ksyms") == 0 && off == 5);
	KT_ASSERT_EQ(ksyms_addr(t, "kprintf"), (uint32_t)kprintf);
	KT_ASSERT_EQ(ksyms_addr(t, "no_such_symbol"), 0);
	KT_ASSERT(ksyms_find(t, 0x1000, &off) == NULL);
	return 0;
}

static NOINLINE int backtrace_level3(uint32_t *pcs, int max)
{
	int n = nu_backtrace_collect((uint32_t)__builtin_frame_address(0), pcs,
				     max);
	__asm__ volatile("" ::: "memory"); /* keep this a real frame */
	return n;
}

static NOINLINE int backtrace_level2(uint32_t *pcs, int max)
{
	int n = backtrace_level3(pcs, max);
	__asm__ volatile("" ::: "memory");
	return n;
}

static NOINLINE int backtrace_level1(uint32_t *pcs, int max)
{
	int n = backtrace_level2(pcs, max);
	__asm__ volatile("" ::: "memory");
	return n;
}

int ktest_backtrace(void)
{
	static const char *const want[] = {"backtrace_level2",
					   "backtrace_level1",
					   "ktest_backtrace", "run_case"};
	uint32_t pcs[16];
	int n = backtrace_level1(pcs, 16);
	KT_ASSERT(n >= 4);
	for (int i = 0; i < 4; i++) {
		uint32_t off;
		const char *name = ksyms_find(nu_ksyms(), pcs[i] - 1, &off);
		KT_ASSERT(name != NULL);
		if (strcmp(name, want[i]) != 0) {
			kprintf("ktest: frame %d is %s, want %s\n", i, name,
				want[i]);
			return -1;
		}
	}
	nu_backtrace_print(0, (uint32_t)__builtin_frame_address(0));
	return 0;
}

static NOINLINE void fault_level2(volatile uint32_t *p)
{
	*p = 0xDEADBEEF;
	__asm__ volatile("" ::: "memory");
}

static NOINLINE void fault_level1(volatile uint32_t *p)
{
	fault_level2(p);
	__asm__ volatile("" ::: "memory");
}

int ktest_fault_page(void)
{
	kprintf("ktest: writing to unmapped 0x0bad0000 on purpose\n");
	fault_level1((volatile uint32_t *)0x0BAD0000u);
	return -1; /* not reached: the fault panics */
}

static NOINLINE int divide(int a, int b) { return a / b; }

int ktest_fault_divide(void)
{
	volatile int zero = 0;
	kprintf("ktest: dividing by zero on purpose\n");
	volatile int result = divide(1, zero);
	(void)result;
	return -1; /* not reached */
}

int ktest_fault_kernel_stack(void)
{
	/* With esp in unmapped memory the CPU cannot push the next exception's
	 * frame: #UD becomes #PF becomes a double fault, as on a kernel stack
	 * overflow. The double-fault task gate reports it on its own stack. */
	kprintf("ktest: moving the stack to unmapped 0x0bad0000 on purpose\n");
	__asm__ volatile("mov $0x0BAD0000, %%esp\n\tud2" ::: "memory");
	return -1;
}

int ktest_hang(void)
{
	kprintf("ktest: hanging on purpose\n");
	for (;;)
		nu_wait_for_interrupt();
}
