/* The random generator's construction (kernel/lib/csprng.c): absorbing is
 * the documented ChaCha20 cascade, output is blocks 1.. under the key and
 * the key is then replaced by block 0 (earlier output cannot be recomputed
 * from the new key), each call has its own nonce, lengths are bounded, and
 * the interrupt pool takes every sample. */
#include <stdint.h>
#include <string.h>
#include "lib/csprng.h"
#include "uapi/errors.h"
#include "unit.h"

static void key_of_block(const uint8_t *b, uint32_t key[8])
{
	for (int i = 0; i < 8; i++)
		key[i] = chacha20_le32(b + 4 * i);
}

UNIT_TEST(csprng_absorb_is_the_cascade)
{
	csprng_t g = {{1, 2, 3, 4, 5, 6, 7, 8}, 0};
	uint32_t key[8] = {1, 2, 3, 4, 5, 6, 7, 8};
	uint8_t data[14], b[64];
	for (int i = 0; i < 14; i++)
		data[i] = (uint8_t)(0xa0 + i);
	csprng_absorb(&g, data, sizeof(data));
	/* By hand: chunk 1 (12 bytes), chunk 2 (2 bytes, zero-padded), the
	 * length. */
	uint32_t n1[3] = {chacha20_le32(data + 4), chacha20_le32(data + 8),
			  CSPRNG_SEED_WORD};
	chacha20_block(key, chacha20_le32(data), n1, b);
	key_of_block(b, key);
	uint32_t n2[3] = {0, 0, CSPRNG_SEED_WORD};
	chacha20_block(key, (uint32_t)data[12] | (uint32_t)data[13] << 8, n2,
		       b);
	key_of_block(b, key);
	chacha20_block(key, 14, n2, b);
	key_of_block(b, key);
	CHECK(memcmp(g.key, key, sizeof(key)) == 0);
	CHECK_EQ(g.generation, 0u);
}

UNIT_TEST(csprng_absorb_depends_on_every_byte_and_length)
{
	csprng_t a = {{0}, 0}, b = {{0}, 0}, c = {{0}, 0}, d = {{0}, 0};
	uint8_t x[40] = {0};
	csprng_absorb(&a, x, sizeof(x));
	x[39] = 1;
	csprng_absorb(&b, x, sizeof(x));
	CHECK(memcmp(a.key, b.key, sizeof(a.key)) != 0);
	/* Zero padding does not make a shorter input look like a longer. */
	x[39] = 0;
	csprng_absorb(&c, x, 39);
	CHECK(memcmp(a.key, c.key, sizeof(a.key)) != 0);
	/* The same input from the same key: the same key (deterministic). */
	csprng_absorb(&d, x, sizeof(x));
	CHECK(memcmp(a.key, d.key, sizeof(a.key)) == 0);
}

UNIT_TEST(csprng_generate_erases_its_key)
{
	csprng_t g = {{9, 8, 7, 6, 5, 4, 3, 2}, 0x100000002ull};
	uint32_t old[8];
	uint8_t out[100], b[64];
	memcpy(old, g.key, sizeof(old));
	CHECK_EQ(csprng_generate(&g, out, sizeof(out)), 0);
	const uint32_t nonce[3] = {2, 1, CSPRNG_RAND_WORD};
	chacha20_block(old, 1, nonce, b); /* the output: blocks 1, 2 */
	CHECK(memcmp(out, b, 64) == 0);
	chacha20_block(old, 2, nonce, b);
	CHECK(memcmp(out + 64, b, 36) == 0);
	chacha20_block(old, 0, nonce, b); /* the new key: block 0 */
	uint32_t next[8];
	key_of_block(b, next);
	CHECK(memcmp(g.key, next, sizeof(next)) == 0);
	CHECK(memcmp(g.key, old, sizeof(old)) != 0);
	CHECK_EQ(g.generation, 0x100000003ull);
}

UNIT_TEST(csprng_generate_calls_differ_and_are_bounded)
{
	csprng_t g = {{0}, 0};
	uint8_t a[CSPRNG_GENERATE_MAX], b[CSPRNG_GENERATE_MAX], zero[64] = {0};
	CHECK_EQ(csprng_generate(&g, a, sizeof(a)), 0);
	CHECK_EQ(csprng_generate(&g, b, sizeof(b)), 0);
	CHECK(memcmp(a, b, sizeof(a)) != 0);
	CHECK(memcmp(a, zero, 64) != 0);
	csprng_t before = g;
	CHECK_EQ(csprng_generate(&g, a, CSPRNG_GENERATE_MAX + 1), -ERR_INVAL);
	CHECK(memcmp(&before, &g, sizeof(g)) == 0); /* nothing changed */
	CHECK_EQ(csprng_generate(&g, a, 0), 0);	    /* rekeys all the same */
	CHECK(memcmp(before.key, g.key, sizeof(g.key)) != 0);
}

UNIT_TEST(csprng_pool_takes_every_sample)
{
	entropy_pool_t p;
	memset(&p, 0, sizeof(p));
	for (uint32_t i = 0; i < 40; i++)
		entropy_pool_add(&p, 0x1000u + i);
	CHECK_EQ(p.count, 40u);
	CHECK_EQ(p.next, 40u % CSPRNG_POOL_WORDS);
	/* Word 0 holds samples 0, 16 and 32, rotated in turn. */
	uint32_t w = 0x1000u;
	w = ((w << 7) | (w >> 25)) ^ 0x1010u;
	w = ((w << 7) | (w >> 25)) ^ 0x1020u;
	CHECK_EQ(p.w[0], w);
	entropy_pool_t q = p;
	entropy_pool_add(&q, 1);
	CHECK(memcmp(p.w, q.w, sizeof(p.w)) != 0);
}
