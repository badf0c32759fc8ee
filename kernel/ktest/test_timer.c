/* Self-test of the PIT tick and the time-stamp counter. */
#include "ktest/ktest.h"

int ktest_timer(void)
{
	KT_ASSERT_EQ(nu_timer_hz(), 100);
	uint64_t t0 = nu_ticks(), tsc0 = nu_rdtsc();
	/* Only the PIT interrupts us here: each halt ends at most one tick
	 * later, so 1000 halts bound the wait if the timer is alive. */
	for (int i = 0; i < 1000 && nu_ticks() < t0 + 10; i++)
		nu_wait_for_interrupt();
	uint64_t t1 = nu_ticks(), tsc1 = nu_rdtsc();
	KT_ASSERT(t1 >= t0 + 10);
	KT_ASSERT(tsc1 > tsc0);
	kprintf("ktest: 10 ticks took %llu TSC cycles\n",
		(unsigned long long)(tsc1 - tsc0));
	return 0;
}
