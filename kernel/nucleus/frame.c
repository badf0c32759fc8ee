/* Bitmap allocator of physical frames (see frame.h, nucleus.h). */
#include "nucleus/frame.h"
#include "nucleus/layout.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

#define FRAME_COUNT (DIRECT_MAP_SIZE / PAGE_SIZE)
#define WORDS (FRAME_COUNT / 32)

static uint32_t used_bits[WORDS]; /* 1 = used or not RAM */
static uint32_t pool_bits[WORDS]; /* 1 = managed: free at init time */
static uint32_t free_frames;
static uint32_t total_frames;
static uint32_t next_word; /* where the next search starts */

static int bit_test(uint32_t f) { return (used_bits[f / 32] >> (f % 32)) & 1; }
static void bit_set(uint32_t f) { used_bits[f / 32] |= 1u << (f % 32); }
static void bit_clear(uint32_t f) { used_bits[f / 32] &= ~(1u << (f % 32)); }

static void mark_range(uint64_t start, uint64_t end, int used)
{
	if (end > DIRECT_MAP_SIZE)
		end = DIRECT_MAP_SIZE;
	for (uint64_t a = start; a < end; a += PAGE_SIZE) {
		uint32_t f = (uint32_t)(a / PAGE_SIZE);
		if (used && !bit_test(f)) {
			bit_set(f);
			free_frames--;
		} else if (!used && bit_test(f)) {
			bit_clear(f);
			free_frames++;
		}
	}
}

void nu_frame_init(const boot_region_t *regions, int nregions,
		   const frame_range_t *reserved, int nreserved)
{
	for (uint32_t i = 0; i < WORDS; i++)
		used_bits[i] = ~0u;
	free_frames = 0;
	next_word = 0;
	for (int i = 0; i < nregions; i++) {
		if (regions[i].type != 1)
			continue;
		uint64_t start = (regions[i].base + PAGE_SIZE - 1) &
				 ~(uint64_t)(PAGE_SIZE - 1);
		uint64_t end = (regions[i].base + regions[i].length) &
			       ~(uint64_t)(PAGE_SIZE - 1);
		if (start < end)
			mark_range(start, end, 0);
	}
	/* Reserved-typed regions win over overlapping usable ones. */
	for (int i = 0; i < nregions; i++)
		if (regions[i].type != 1)
			mark_range(regions[i].base & ~(uint64_t)(PAGE_SIZE - 1),
				   regions[i].base + regions[i].length, 1);
	for (int i = 0; i < nreserved; i++)
		mark_range(reserved[i].start & PAGE_MASK, reserved[i].end, 1);
	mark_range(0, PAGE_SIZE, 1);
	total_frames = free_frames;
	for (uint32_t i = 0; i < WORDS; i++)
		pool_bits[i] = ~used_bits[i];
}

uint32_t nu_frame_alloc(void)
{
	if (!free_frames)
		return 0;
	for (uint32_t n = 0; n < WORDS; n++) {
		uint32_t w = (next_word + n) % WORDS;
		if (used_bits[w] == ~0u)
			continue;
		uint32_t bit = (uint32_t)__builtin_ctz(~used_bits[w]);
		used_bits[w] |= 1u << bit;
		free_frames--;
		next_word = w;
		return (w * 32 + bit) * PAGE_SIZE;
	}
	return 0;
}

int nu_frame_free(uint32_t pa)
{
	if (pa % PAGE_SIZE || pa == 0 || pa >= DIRECT_MAP_SIZE)
		return -ERR_INVAL;
	uint32_t f = pa / PAGE_SIZE;
	if (!bit_test(f) || !((pool_bits[f / 32] >> (f % 32)) & 1))
		return -ERR_INVAL;
	bit_clear(f);
	free_frames++;
	return 0;
}

int nu_frame_is_allocated(uint32_t pa)
{
	return pa < DIRECT_MAP_SIZE && bit_test(pa / PAGE_SIZE);
}

uint32_t nu_frame_free_count(void) { return free_frames; }
uint32_t nu_frame_total_count(void) { return total_frames; }

int nu_frame_is_managed(uint32_t pa)
{
	uint32_t f = pa / PAGE_SIZE;
	return pa < DIRECT_MAP_SIZE && ((pool_bits[f / 32] >> (f % 32)) & 1);
}
