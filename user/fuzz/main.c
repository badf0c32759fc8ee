/* "fuzz COUNT SEED": COUNT system calls with random numbers (0..64, now and
 * then any 32-bit value) and random arguments, through "int 0x80" and
 * "sysenter" alternately. The kernel must answer each with a result or an
 * error and never fall over. Calls that would end, multiply or block this
 * process are skipped or tamed, and pointers that could reach this program's
 * own image, heap or stack are turned into kernel addresses. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

#define PAGE_SIZE 4096u
#define MAX_NUMBER 64
#define KERNEL_BASE 0xC0000000u
#define USER_TOP 0xB0000000u

/* The fuzz zone: a mapped buffer for "valid" pointers, a window where the
 * fuzzed mem_map/mem_unmap may act, and a hole nothing maps. */
#define BUF_SIZE (64u * 1024)
#define WINDOW_OFFSET (1u << 20)
#define WINDOW_SIZE (4u << 20)
#define HOLE_OFFSET (8u << 20)
#define HOLE_SIZE (8u << 20)
#define ZONE_SIZE (HOLE_OFFSET + HOLE_SIZE)
#define SMALL_LEN_MAX (16 * PAGE_SIZE)

extern char __executable_start[];

static uint32_t rng_state;
static uintptr_t zone;
/* This program's image and heap, and its stack: no random pointer may
 * land in them. */
static uintptr_t image_lo, image_hi, stack_lo, stack_hi;
static const char dots[] = "................";
static const char *own_name; /* argv[0]: a boot module that exists */

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 17;
	rng_state ^= rng_state << 5;
	return rng_state;
}

static int in(uintptr_t v, uintptr_t lo, uintptr_t hi)
{
	return v >= lo && v < hi;
}

static int protected(uintptr_t v)
{
	return in(v, image_lo, image_hi) || in(v, stack_lo, stack_hi);
}

static uintptr_t buf_ptr(void) { return zone + rng() % BUF_SIZE; }
static uintptr_t hole_ptr(void)
{
	return zone + HOLE_OFFSET + rng() % HOLE_SIZE;
}
static uintptr_t kernel_ptr(void) { return KERNEL_BASE + rng() % 0x40000000u; }

/* An argument word of any kind. */
static uint32_t random_arg(void)
{
	uint32_t v;

	switch (rng() % 8) {
	case 0: return rng() % 67 - 2; /* -2..64 */
	case 1: v = rng(); return protected(v) ? v | KERNEL_BASE : v;
	case 2: return kernel_ptr();
	case 3: return 0;
	case 4: return hole_ptr();
	case 5:
	case 6: return buf_ptr();
	default: return rng() % 2 ? (rng() % 17) * PAGE_SIZE : 1u << rng() % 32;
	}
}

/* An address that is not a usable user buffer; the hole only if with_hole
 * (mem_map must not fill it). */
static uint32_t bad_ptr(int with_hole)
{
	switch (rng() % (with_hole ? 4 : 3)) {
	case 0: return 0;
	case 1: return kernel_ptr();
	case 2: return USER_TOP + rng() % (KERNEL_BASE - USER_TOP);
	default: return hole_ptr();
	}
}

/* mem_map/mem_unmap: inside the window (sometimes misaligned) or invalid,
 * with lengths that stay inside the window or cannot be valid at all. */
static void tame_mapping(uint32_t *a)
{
	uint32_t off = rng() % (WINDOW_SIZE - SMALL_LEN_MAX);

	a[0] = rng() % 4 ? zone + WINDOW_OFFSET +
			       (rng() % 2 ? off & ~(PAGE_SIZE - 1) : off)
			 : bad_ptr(0);
	switch (rng() % 4) {
	case 0: a[1] = rng() % SMALL_LEN_MAX; break;
	case 1: a[1] = rng() % 2 ? USER_TOP + PAGE_SIZE : 0xFFFFF000u; break;
	default: a[1] = (rng() % 17) * PAGE_SIZE; break;
	}
	a[2] = rng() % 2 ? LV_MAP_WRITE : rng();
}

/* Picks a call number and arguments; returns 0 for a call to skip. */
static int pick(int *num, uint32_t *a)
{
	*num = rng() % 32 ? (int)(rng() % (MAX_NUMBER + 1)) : (int)rng();
	for (int i = 0; i < 5; i++)
		a[i] = random_arg();
	switch (*num) {
	case SYS_exit:
	case SYS_thread_exit:
	case SYS_thread_exit_free:
	case SYS_kill:
	case SYS_sched_claim:
	case SYS_sched_set:
	case SYS_spawn:
	case SYS_console_read:
	case SYS_thread_create: return 0;
	case SYS_sleep: a[0] = rng() % 3; break;
	case SYS_console_write:
		if (rng() % 2) {
			a[0] = (uintptr_t)dots;
			a[1] = rng() % sizeof(dots);
		} else {
			a[0] = bad_ptr(1);
		}
		break;
	case SYS_mem_map:
	case SYS_mem_protect:
	case SYS_mem_unmap: tame_mapping(a); break;
	/* IPC: any handle, any buffer, but never a long wait. */
	case SYS_msg_send: a[2] = rng() % 3; break;
	case SYS_msg_receive:
	case SYS_msg_call: a[3] = rng() % 3; break;
	case SYS_msg_reply_receive:
	case SYS_msg_send_request: a[4] = rng() % 3; break;
	case SYS_bootfile_read:
		if (rng() % 4 == 0)
			a[0] = (uintptr_t)own_name;
		break;
	}
	return 1;
}

/* Maps the zone's buffer at the first candidate clear of image and stack. */
static int zone_init(void)
{
	static const uintptr_t candidates[] = {
	    0x70000000u, 0x50000000u, 0x30000000u, 0x90000000u, 0x10000000u};
	int rc = -ERR_NOMEM;

	for (unsigned i = 0; i < sizeof(candidates) / sizeof(candidates[0]);
	     i++) {
		uintptr_t z = candidates[i];
		if (protected(z) || protected(z + ZONE_SIZE - 1) ||
		    (z < image_lo && z + ZONE_SIZE > image_hi) ||
		    (z < stack_lo && z + ZONE_SIZE > stack_hi))
			continue;
		rc = lv_mem_map((void *)z, BUF_SIZE, LV_MAP_WRITE);
		if (rc == 0) {
			zone = z;
			return 0;
		}
	}
	return rc;
}

static void zone_fini(void)
{
	for (uintptr_t p = 0; p < WINDOW_SIZE; p += PAGE_SIZE)
		lv_mem_unmap((void *)(zone + WINDOW_OFFSET + p), PAGE_SIZE);
	lv_mem_unmap((void *)zone, BUF_SIZE);
}

static const usage_t usage = {
    "fuzz", "COUNT SEED",
    "COUNT system calls with random numbers and arguments (seeded), "
    "through\nint 0x80 and sysenter alternately: the kernel must answer each "
    "and\nnever fall over.",
    "proc.fuzz_syscalls"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	unsigned long count, done = 0, odd = 0;
	int dots_written = 0;
	uintptr_t sp = (uintptr_t)&count;
	int rc;

	if (argc < 3) {
		printf("usage: fuzz COUNT SEED\n");
		return 2;
	}
	own_name = argv[0];
	count = strtoul(argv[1], NULL, 0);
	rng_state = (uint32_t)strtoul(argv[2], NULL, 0) | 1;
	printf("fuzz: %lu calls, seed %s\n", count, argv[2]);
	image_lo = (uintptr_t)__executable_start;
	image_hi = (uintptr_t)sbrk(0) + (1u << 20);
	stack_lo = sp - (8u << 20);
	stack_hi = sp + (1u << 20);
	rc = zone_init();
	if (rc < 0) {
		printf("fuzz: cannot map a buffer: %s\n", lv_strerror(rc));
		return 1;
	}
	while (done < count) {
		uint32_t a[5];
		int num;
		if (!pick(&num, a))
			continue;
		if (done % 2)
			rc = lv_syscall_sysenter(num, a[0], a[1], a[2], a[3],
						 a[4]);
		else
			rc =
			    lv_syscall_int80(num, a[0], a[1], a[2], a[3], a[4]);
		if (num == SYS_console_write && a[0] == (uintptr_t)dots &&
		    rc > 0)
			dots_written = 1;
		if ((num < 0 || num >= SYS_COUNT) && rc >= 0 && odd++ < 10)
			printf("%sfuzz: unknown call %d returned %d\n",
			       dots_written ? "\n" : "", num, rc);
		done++;
	}
	zone_fini();
	/* The dots console_write printed leave a line open. */
	printf("%sfuzz: %lu calls done\n", dots_written ? "\n" : "", done);
	return 0;
}
