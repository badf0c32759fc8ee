/* The ChaCha20 block function of RFC 8439 (section 2.3), written from the
 * RFC's text. Pure: the kernel's random generator (csprng.h) uses it; the
 * host tests check it against the RFC's vectors. Not a cipher interface:
 * nothing here encrypts or authenticates. */
#ifndef LAVENDER_LIB_CHACHA20_H
#define LAVENDER_LIB_CHACHA20_H
#include <stdint.h>

#define CHACHA20_KEY_WORDS 8
#define CHACHA20_NONCE_WORDS 3
#define CHACHA20_BLOCK_BYTES 64

/* One 64-byte block of key stream for key (eight 32-bit words, read from
 * the key's bytes little-endian, as the RFC does), block counter counter and
 * nonce (three words, likewise): the 20 rounds on the state, the input state
 * added, serialised little-endian into out. */
void chacha20_block(const uint32_t key[CHACHA20_KEY_WORDS], uint32_t counter,
		    const uint32_t nonce[CHACHA20_NONCE_WORDS],
		    uint8_t out[CHACHA20_BLOCK_BYTES]);

/* Reads four bytes little-endian (a key or nonce word from its bytes). */
uint32_t chacha20_le32(const uint8_t *p);

#endif
