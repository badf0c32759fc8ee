/* A program with a big .bss (BIGBSS_MIB MiB, zero-initialised):
 *   bigbss          reads the first and last bytes (zero), writes a page in
 *                   every MiB, checks them, exits 0
 *   bigbss touch    touches 1 MiB of it and reports its resident and
 *                   reserved memory: reserved is the whole image, resident
 *                   about 1 MiB plus the image's text and data
 * The loader places it without staging the image in the kernel heap, and
 * its pages are backed only when touched (issues 9 and 10). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

#define BIGBSS_MIB 64
static uint8_t big[BIGBSS_MIB << 20];

static int touch_one_mib(void)
{
	lv_proc_info_t me;
	memset(big, 0x5A, 1u << 20);
	if (lv_proc_find(lv_getpid(), &me) < 0)
		return 1;
	unsigned rss = (unsigned)me.pages * 4, vsz = me.reserved_pages * 4;
	printf("bigbss: touched 1024 KiB of %d MiB: resident %u KiB, reserved "
	       "%u KiB\n",
	       BIGBSS_MIB, rss, vsz);
	/* 1 MiB touched, plus text, data and a few stack and heap pages. */
	int ok = rss >= 1024 && rss < 1024 + 1024 && vsz >= BIGBSS_MIB * 1024;
	printf("bigbss touch: %s\n", ok ? "ok" : "FAIL resident or reserved");
	return ok ? 0 : 1;
}

static const usage_t usage = {
    "bigbss", "[touch]",
    "A program with a 64 MiB .bss: without arguments reads its ends "
    "and\nwrites a page in every MiB; touch touches 1 MiB and reports "
    "resident\nand reserved memory. Exits 0 when the .bss was zero and kept "
    "its values.",
    "proc.stacks"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	if (argc >= 2 && strcmp(argv[1], "touch") == 0)
		return touch_one_mib();
	if (big[0] || big[sizeof(big) - 1]) {
		printf("bigbss: .bss not zero\n");
		return 1;
	}
	for (uint32_t mib = 0; mib < BIGBSS_MIB; mib++)
		memset(big + (mib << 20), (int)(mib + 1), 4096);
	for (uint32_t mib = 0; mib < BIGBSS_MIB; mib++)
		if (big[(mib << 20) + 4095] != (uint8_t)(mib + 1)) {
			printf("bigbss: MiB %u reads back wrong\n",
			       (unsigned)mib);
			return 1;
		}
	printf("bigbss: %d MiB of .bss ok\n", BIGBSS_MIB);
	return 0;
}
