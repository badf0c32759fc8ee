/* The hardware's entropy for the random generator (system/random.c): RDRAND
 * where the CPU has it, and the TSC's low bits at every interrupt, folded
 * into a pool as they come. Not a generator: nothing here is output. */
#include "nucleus/cpu.h"
#include "nucleus/entropy.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

#define CPUID1_ECX_RDRAND (1u << 30)

static entropy_pool_t pool; /* written by interrupt handlers only */

int nu_rdrand_present(void)
{
	return (cpu_cpuid1_ecx() & CPUID1_ECX_RDRAND) != 0;
}

int nu_rdrand32(uint32_t *out)
{
	if (!nu_rdrand_present())
		return -ERR_NOSYS;
	for (int i = 0; i < NU_RDRAND_TRIES; i++) /* CF=0: none ready yet */
		if (cpu_rdrand32(out))
			return 0;
	return -ERR_IO;
}

void nu_entropy_irq(unsigned irq)
{
	entropy_pool_add(&pool, (uint32_t)cpu_rdtsc() ^ (irq << 27));
}

int nu_entropy_take(entropy_pool_t *out)
{
	uint32_t f = nu_irq_save();
	*out = pool;
	pool.count = 0;
	nu_irq_restore(f);
	return (int)out->count;
}
