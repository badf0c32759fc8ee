/* The random generator's construction (see csprng.h). Pure. */
#include "lib/csprng.h"
#include "uapi/errors.h"

void csprng_wipe(void *p, size_t n)
{
	volatile uint8_t *b = p;
	while (n--)
		*b++ = 0;
}

/* One step of the cascade: key = ChaCha20(key, m0, (m1, m2, "seed"))[0..32). */
static void absorb_chunk(csprng_t *g, uint32_t m0, uint32_t m1, uint32_t m2)
{
	uint8_t block[CHACHA20_BLOCK_BYTES];
	const uint32_t nonce[CHACHA20_NONCE_WORDS] = {m1, m2, CSPRNG_SEED_WORD};
	chacha20_block(g->key, m0, nonce, block);
	for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
		g->key[i] = chacha20_le32(block + 4 * i);
	csprng_wipe(block, sizeof(block));
}

void csprng_absorb(csprng_t *g, const void *data, size_t len)
{
	const uint8_t *d = data;
	for (size_t at = 0; at < len; at += 12) {
		uint8_t chunk[12] = {0};
		for (size_t i = 0; i < 12 && at + i < len; i++)
			chunk[i] = d[at + i];
		absorb_chunk(g, chacha20_le32(chunk), chacha20_le32(chunk + 4),
			     chacha20_le32(chunk + 8));
		csprng_wipe(chunk, sizeof(chunk));
	}
	absorb_chunk(g, (uint32_t)len, 0, 0); /* the length closes it */
}

int csprng_generate(csprng_t *g, void *out, size_t len)
{
	uint8_t block[CHACHA20_BLOCK_BYTES], *o = out;
	if (len > CSPRNG_GENERATE_MAX)
		return -ERR_INVAL;
	const uint32_t nonce[CHACHA20_NONCE_WORDS] = {
	    (uint32_t)g->generation, (uint32_t)(g->generation >> 32),
	    CSPRNG_RAND_WORD};
	for (uint32_t counter = 1; len; counter++) {
		size_t n = len < sizeof(block) ? len : sizeof(block);
		chacha20_block(g->key, counter, nonce, block);
		for (size_t i = 0; i < n; i++)
			*o++ = block[i];
		len -= n;
	}
	chacha20_block(g->key, 0, nonce, block); /* the next key */
	for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
		g->key[i] = chacha20_le32(block + 4 * i);
	g->generation++;
	csprng_wipe(block, sizeof(block));
	return 0;
}

void entropy_pool_add(entropy_pool_t *p, uint32_t sample)
{
	uint32_t i = p->next % CSPRNG_POOL_WORDS, w = p->w[i];
	p->w[i] = ((w << 7) | (w >> 25)) ^ sample;
	p->next = (i + 1) % CSPRNG_POOL_WORDS;
	p->count++;
}
