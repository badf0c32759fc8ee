/* The kernel's random generator: one csprng (lib/csprng.h: ChaCha20,
 * fast key erasure) seeded at boot from RDRAND or from the TSC and
 * interrupt timing (the kernel option random=rdrand|tsc chooses; default
 * RDRAND when the CPU has it), reseeded from the interrupt-timing pool.
 * Not preemptible: a call runs to its end; interrupt handlers only add to
 * the nucleus's pool. */
#include "system/random.h"
#include "core/proc.h"
#include "lib/cmdline.h"
#include "lib/csprng.h"
#include "lib/string.h"
#include "nucleus/nucleus.h"
#include "system/syscall.h"
#include "uapi/errors.h"

/* The first call after this many ticks since the last seed reseeds (1 s at
 * 100 Hz): the interrupt timing of that second, and RDRAND's words when it
 * seeded. */
#define RANDOM_RESEED_TICKS 100u
#define RANDOM_RDRAND_WORDS 8 /* 256 bits a seed */
/* Timer ticks to wait for before a seed without RDRAND, each an interrupt
 * timing in the pool (40 ms of boot at 100 Hz). */
#define RANDOM_BOOT_TICKS 4u

static csprng_t gen;
static int from_rdrand; /* 1: RDRAND seeded it (and adds to reseeds) */
static uint64_t last_seed;

/* The interrupt-timing pool and the TSC now into the generator. */
static void absorb_timing(void)
{
	entropy_pool_t pool;
	uint64_t tsc = nu_rdtsc();
	nu_entropy_take(&pool);
	csprng_absorb(&gen, pool.w, sizeof(pool.w));
	csprng_absorb(&gen, &tsc, sizeof(tsc));
	csprng_wipe(&pool, sizeof(pool));
}

/* 256 bits of RDRAND into the generator: 0, or -ERR_IO when the CPU gave
 * none (it is then treated as having no RDRAND). */
static int absorb_rdrand(void)
{
	uint32_t w[RANDOM_RDRAND_WORDS];
	int rc = 0;
	for (int i = 0; i < RANDOM_RDRAND_WORDS && rc == 0; i++)
		rc = nu_rdrand32(&w[i]);
	if (rc == 0)
		csprng_absorb(&gen, w, sizeof(w));
	csprng_wipe(w, sizeof(w));
	return rc < 0 ? -ERR_IO : 0;
}

/* 1 to seed from RDRAND: random=rdrand|tsc, by default RDRAND if present. */
static int want_rdrand(const char *cmdline)
{
	char v[16];
	int present = nu_rdrand_present();
	if (cmdline_get(cmdline, "random", v, sizeof(v)) < 0)
		return present;
	if (strcmp(v, "tsc") == 0)
		return 0;
	if (strcmp(v, "rdrand") != 0)
		kprintf("boot: random=%s ignored: random= takes rdrand or "
			"tsc\n",
			v);
	else if (!present)
		kprintf("random: random=rdrand, but this CPU has no RDRAND "
			"(CPUID.01H:ECX bit 30; QEMU: -cpu max has it)\n");
	return present;
}

void random_init(const boot_info_t *bi)
{
	const struct {
		uint64_t tsc, epoch;
	} boot = {nu_rdtsc(), nu_rtc_epoch()};
	csprng_absorb(&gen, &boot, sizeof(boot));
	csprng_absorb(&gen, bi->regions,
		      sizeof(bi->regions[0]) * (uint32_t)bi->nregions);
	from_rdrand = want_rdrand(bi->cmdline);
	if (from_rdrand && absorb_rdrand() < 0) {
		kprintf("random: RDRAND gave no number in %d tries: treating "
			"this CPU as having none\n",
			NU_RDRAND_TRIES);
		from_rdrand = 0;
	}
	if (!from_rdrand) { /* some timer (and device) interrupts first */
		uint64_t until = nu_ticks() + RANDOM_BOOT_TICKS;
		while (nu_ticks() < until)
			nu_wait_for_interrupt();
	}
	absorb_timing();
	last_seed = nu_ticks();
	kprintf(from_rdrand ? "random: seeded from RDRAND\n"
			    : "random: seeded from the TSC and interrupt "
			      "timing\n");
}

void random_fill(void *out, uint32_t len)
{
	if (nu_ticks() - last_seed >= RANDOM_RESEED_TICKS) {
		absorb_timing();
		if (from_rdrand)
			absorb_rdrand(); /* a failure leaves the timing */
		last_seed = nu_ticks();
	}
	csprng_generate(&gen, out, len);
}

int sys_random(const uint32_t *a)
{
	uint8_t buf[LV_RANDOM_MAX];
	uint32_t len = a[1];
	if (len > LV_RANDOM_MAX)
		return -ERR_INVAL;
	if (!user_range_ok(a[0], len))
		return -ERR_FAULT;
	random_fill(buf, len);
	int rc = copyout(a[0], buf, len);
	csprng_wipe(buf, len);
	return rc < 0 ? rc : (int)len;
}
