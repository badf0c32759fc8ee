/* "randtest": the kernel's random call from user space. Reads two blocks
 * of 64 bytes and prints them in hex ("randtest: a HEX", "randtest: b
 * HEX": the harness compares them across boots), then checks them and the
 * refused requests: "randtest NAME: ok|FAIL why" per check, "randtest: N
 * passed, M failed"; exits with M. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/usage.h"

static const usage_t usage = {
    "randtest", "",
    "Reads the kernel's random bytes (the random call), prints two blocks "
    "of\n64 bytes, and checks them and the refused requests.",
    "proc.random_tsc, proc.random_rdrand"};

static uint8_t a[64], b[64], big[LV_RANDOM_MAX + 16];
static const uint8_t ro_bytes[64] = {1}; /* .rodata: mapped read-only */

static void print_hex(const char *label, const uint8_t *p, size_t n)
{
	printf("randtest: %s ", label);
	for (size_t i = 0; i < n; i++)
		printf("%02x", p[i]);
	printf("\n");
}

static int all_zero(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

/* The kernel fills exactly len bytes: the byte after stays. */
static const char *exact_length(void)
{
	memset(big, 0x5a, sizeof(big));
	int rc = lv_random(big, 10);
	if (rc != 10)
		return check_why("random(10) = %d", rc);
	if (big[10] != 0x5a || big[11] != 0x5a)
		return check_why("wrote past the length");
	rc = lv_random(big, LV_RANDOM_MAX);
	if (rc != (int)LV_RANDOM_MAX)
		return check_why("random(LV_RANDOM_MAX) = %d", rc);
	if (big[LV_RANDOM_MAX] != 0x5a)
		return check_why("wrote past LV_RANDOM_MAX");
	return NULL;
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	check_init("randtest");
	int ra = lv_random(a, sizeof(a)), rb = lv_random(b, sizeof(b));
	print_hex("a", a, sizeof(a));
	print_hex("b", b, sizeof(b));
	CHECK("reads", ra == 64 && rb == 64);
	CHECK("not_all_zero",
	      !all_zero(a, sizeof(a)) && !all_zero(b, sizeof(b)));
	CHECK("blocks_differ", memcmp(a, b, sizeof(a)) != 0);
	check_run("exact_length", exact_length);
	CHECK("zero_length", lv_random(big, 0) == 0);
	CHECK("too_long", lv_random(big, LV_RANDOM_MAX + 1) == -ERR_INVAL);
	CHECK("huge_length", lv_random(big, 0xFFFFFFFFu) == -ERR_INVAL);
	CHECK("null_buffer", lv_random(NULL, 16) == -ERR_FAULT);
	CHECK("kernel_buffer",
	      lv_random((void *)0xC0100000u, 16) == -ERR_FAULT);
	CHECK("wrapping_buffer",
	      lv_random((void *)0xFFFFFFF0u, 64) == -ERR_FAULT);
	CHECK("read_only_buffer",
	      lv_random((void *)ro_bytes, 16) == -ERR_FAULT);
	CHECK("read_only_untouched", ro_bytes[0] == 1 && ro_bytes[1] == 0);
	return check_summary();
}
