/* In-kernel self-tests: a table of named cases run one after another from
 * kernel_main when the command line says ktest=LIST (comma-separated names, or
 * "all" for every case marked so). Each case prints one result line,
 * "ktest NAME: ok" or "ktest NAME: FAIL", and the run ends with
 * "ktest: N passed, N failed". Cases that end the machine on purpose (the
 * deliberate faults) are not in "all"; the harness runs each alone. */
#ifndef LAVENDER_KTEST_KTEST_H
#define LAVENDER_KTEST_KTEST_H
#include "nucleus/nucleus.h"

/* Runs the listed cases; returns the number that failed (unknown names count
 * as failures). */
int ktest_run(const char *list);

/* A case returns 0 on success and -1 after reporting why. */
typedef int (*ktest_fn_t)(void);

#define KT_ASSERT(cond)                                                        \
	do {                                                                   \
		if (!(cond)) {                                                 \
			kprintf("ktest: %s:%d: assertion failed: %s\n",        \
				__FILE__, __LINE__, #cond);                    \
			return -1;                                             \
		}                                                              \
	} while (0)

#define KT_ASSERT_EQ(a, b)                                                     \
	do {                                                                   \
		unsigned long long a_ = (unsigned long long)(a);               \
		unsigned long long b_ = (unsigned long long)(b);               \
		if (a_ != b_) {                                                \
			kprintf("ktest: %s:%d: %s == %s failed: 0x%llx != "    \
				"0x%llx\n",                                    \
				__FILE__, __LINE__, #a, #b, a_, b_);           \
			return -1;                                             \
		}                                                              \
	} while (0)

/* The cases, one per concern (test_*.c). */
int ktest_fmt(void);
int ktest_frame_alloc(void);
int ktest_frame_exhaust(void);
int ktest_heap(void);
int ktest_heap_stress(void);
int ktest_heap_returns_frames(void);
int ktest_paging_map(void);
int ktest_paging_readonly(void);
int ktest_kexports(void);
int ktest_fault_recovered(void);
int ktest_breakpoint(void);
int ktest_ksyms(void);
int ktest_backtrace(void);
int ktest_timer(void);
int ktest_rtc(void);
int ktest_fault_page(void);
int ktest_fault_divide(void);
int ktest_fault_kernel_stack(void);
int ktest_hang(void);
int ktest_must_fail(void);

#endif
