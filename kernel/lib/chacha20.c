/* The ChaCha20 block function (RFC 8439 section 2.3; see chacha20.h). */
#include "lib/chacha20.h"

/* "expand 32-byte k" as four little-endian words (RFC 8439 2.3). */
#define CHACHA20_C0 0x61707865u
#define CHACHA20_C1 0x3320646eu
#define CHACHA20_C2 0x79622d32u
#define CHACHA20_C3 0x6b206574u

static inline uint32_t rotl32(uint32_t v, unsigned n)
{
	return (v << n) | (v >> (32 - n));
}

/* The quarter round of RFC 8439 2.1 on four words of the state. */
static inline void quarter_round(uint32_t *s, int a, int b, int c, int d)
{
	s[a] += s[b];
	s[d] = rotl32(s[d] ^ s[a], 16);
	s[c] += s[d];
	s[b] = rotl32(s[b] ^ s[c], 12);
	s[a] += s[b];
	s[d] = rotl32(s[d] ^ s[a], 8);
	s[c] += s[d];
	s[b] = rotl32(s[b] ^ s[c], 7);
}

uint32_t chacha20_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS],
		    uint8_t out[CHACHA20_BLOCK_BYTES])
{
	uint32_t in[16] = {CHACHA20_C0, CHACHA20_C1, CHACHA20_C2, CHACHA20_C3};
	uint32_t s[16];
	for (int i = 0; i < CHACHA20_KEY_WORDS; i++)
		in[4 + i] = key[i];
	in[12] = counter;
	for (int i = 0; i < CHACHA20_NONCE_WORDS; i++)
		in[13 + i] = nonce[i];
	for (int i = 0; i < 16; i++)
		s[i] = in[i];
	for (int i = 0; i < 10; i++) { /* 20 rounds: column, then diagonal */
		quarter_round(s, 0, 4, 8, 12);
		quarter_round(s, 1, 5, 9, 13);
		quarter_round(s, 2, 6, 10, 14);
		quarter_round(s, 3, 7, 11, 15);
		quarter_round(s, 0, 5, 10, 15);
		quarter_round(s, 1, 6, 11, 12);
		quarter_round(s, 2, 7, 8, 13);
		quarter_round(s, 3, 4, 9, 14);
	}
	for (int i = 0; i < 16; i++) {
		uint32_t w = s[i] + in[i];
		out[4 * i] = (uint8_t)w;
		out[4 * i + 1] = (uint8_t)(w >> 8);
		out[4 * i + 2] = (uint8_t)(w >> 16);
		out[4 * i + 3] = (uint8_t)(w >> 24);
	}
	/* The state is key material: leave none of it on the stack. */
	for (int i = 0; i < 16; i++)
		((volatile uint32_t *)s)[i] = ((volatile uint32_t *)in)[i] = 0;
}
