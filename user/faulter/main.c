/* "faulter KIND": does one thing a user process must not survive (the kernel
 * ends it and reports the fault). If it does survive, it says so and exits 1.
 * KIND: null priv inb divide stack kernel resident text. */
#include <stdint.h>
#include <stdio.h>
#include <lavender/portio.h>
#include <string.h>
#include "../lib/usage.h"

#define KERNEL_BASE 0xC0000000u
#define RESIDENT_BASE 0xB0000000u

static volatile int never = -1; /* keeps the recursion formally finite */
static volatile int sink;

static void do_null(void) { *(volatile int *)0 = 1; }

static void do_priv(void) { __asm__ volatile("cli"); }

static void do_inb(void) { sink = lv_inb(0x60); }

static void do_divide(void)
{
	volatile int dividend = 100, zero = 0; /* both unknown: a real idiv */

	sink = dividend / zero;
}

static int recurse(int depth)
{
	volatile char frame[4096];

	frame[0] = (char)depth;
	if (depth == never)
		return 0;
	return recurse(depth + 1) + frame[0];
}

static void do_stack(void) { sink = recurse(0); }

static void do_kernel(void) { sink = *(volatile int *)KERNEL_BASE; }

static void do_resident(void) { sink = *(volatile int *)RESIDENT_BASE; }

/* Program text is mapped read-only: writing to it is a protection fault. */
static void do_text(void) { *(volatile uint8_t *)(uintptr_t)do_text = 0xC3; }

static const struct {
	const char *kind;
	void (*fn)(void);
} faults[] = {
    {"null", do_null},	       {"priv", do_priv},   {"inb", do_inb},
    {"divide", do_divide},     {"stack", do_stack}, {"kernel", do_kernel},
    {"resident", do_resident}, {"text", do_text},
};

static const usage_t usage = {
    "faulter", "null|priv|inb|divide|stack|kernel|resident|text",
    "Does one thing a user process must not survive (a null pointer, "
    "a\nprivileged instruction, ...): the kernel must end it and report "
    "the\nfault. Exits 1 if it survived.",
    "proc.user_faults"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	const char *kind = argc > 1 ? argv[1] : "";

	for (unsigned i = 0; i < sizeof(faults) / sizeof(faults[0]); i++) {
		if (strcmp(kind, faults[i].kind) != 0)
			continue;
		printf("faulter: doing %s\n", kind);
		faults[i].fn();
		printf("faulter: %s did not fault\n", kind);
		return 1;
	}
	printf("usage: faulter null|priv|inb|divide|stack|kernel|resident\n");
	return 2;
}
