/* The kernel's random generator, as pure code: a ChaCha20 key that seed
 * material is absorbed into, output with fast key erasure, and the pool
 * interrupt timings collect in. The kernel glue (system/random.c) seeds it
 * and serves the random call; the host tests check this construction.
 *
 * Absorbing (csprng_absorb): the data is cut into 12-byte chunks m (the
 * last zero-padded), then one more chunk (length in bytes, 0, 0); for each,
 *     key = the first 32 bytes of ChaCha20(key, counter = m[0],
 *                                           nonce = (m[1], m[2], "seed")).
 * A cascade of the ChaCha20 PRF keyed by the running key: the result
 * depends on every bit absorbed and on the key before.
 *
 * Generating (csprng_generate): with generation number g (64 bits, one per
 * call), the output is blocks 1, 2, ... of ChaCha20(key, nonce = (g low,
 * g high, "rand")), and then key = the first 32 bytes of block 0: the key
 * that made the output is gone, so whoever learns the state later cannot
 * compute earlier output (backtracking resistance). */
#ifndef LAVENDER_LIB_CSPRNG_H
#define LAVENDER_LIB_CSPRNG_H
#include <stddef.h>
#include <stdint.h>
#include "lib/chacha20.h"

#define CSPRNG_SEED_WORD 0x64656573u /* "seed": the nonce word absorbing */
#define CSPRNG_RAND_WORD 0x646e6172u /* "rand": the nonce word generating */
/* Bytes one csprng_generate may produce (4 blocks). */
#define CSPRNG_GENERATE_MAX 256u
#define CSPRNG_POOL_WORDS 16

typedef struct csprng {
	uint32_t key[CHACHA20_KEY_WORDS];
	uint64_t generation; /* calls of csprng_generate so far */
} csprng_t;

/* Interrupt timings: each sample is folded into one word (rotated, xored),
 * word by word in turn; count says how many came since the last take. Not
 * a hash: what it holds is absorbed into the generator by csprng_absorb. */
typedef struct entropy_pool {
	uint32_t w[CSPRNG_POOL_WORDS];
	uint32_t next;	/* the word the next sample goes into */
	uint32_t count; /* samples since the pool was last taken */
} entropy_pool_t;

/* Mixes len bytes of data into g's key (the cascade above). */
void csprng_absorb(csprng_t *g, const void *data, size_t len);
/* Fills out with len bytes (at most CSPRNG_GENERATE_MAX: -ERR_INVAL, g
 * unchanged, past it), then replaces the key. Returns 0. */
int csprng_generate(csprng_t *g, void *out, size_t len);
/* Adds one sample (the TSC's low bits at an interrupt) to the pool. Cheap
 * enough for every interrupt. */
void entropy_pool_add(entropy_pool_t *p, uint32_t sample);
/* Overwrites n bytes with zeros in a way the compiler keeps. */
void csprng_wipe(void *p, size_t n);

#endif
