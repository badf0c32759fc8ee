/* A program with a big .bss (BIGBSS_MIB MiB, zero-initialised): "bigbss"
 * checks the first and last pages read zero, writes a pattern over one page
 * in every MiB, checks it, and exits 0. The loader must place it without
 * staging the image in the kernel heap (issue 9). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define BIGBSS_MIB 48
static uint8_t big[BIGBSS_MIB << 20];

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--help") == 0) {
		printf("usage: bigbss\nTouches a %d MiB .bss and exits 0 when "
		       "it reads back right.\n",
		       BIGBSS_MIB);
		return 0;
	}
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
