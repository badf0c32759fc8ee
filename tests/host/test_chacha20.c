/* chacha20_block (kernel/lib/chacha20.c) against RFC 8439's test vectors:
 * the block function (section 2.3.2) and the key stream of the encryption
 * example (section 2.4.2, counter 1 on). */
#include <stdint.h>
#include <string.h>
#include "lib/chacha20.h"
#include "unit.h"

/* Key 00:01:02:...:1f as the RFC's words. */
static void rfc_key(uint32_t key[8])
{
	uint8_t bytes[32];
	for (int i = 0; i < 32; i++)
		bytes[i] = (uint8_t)i;
	for (int i = 0; i < 8; i++)
		key[i] = chacha20_le32(bytes + 4 * i);
}

/* Hex digits (spaces ignored) into out; returns the byte count. */
static size_t unhex(const char *s, uint8_t *out)
{
	size_t n = 0;
	for (; *s; s++) {
		if (*s == ' ')
			continue;
		unsigned hi = s[0] <= '9' ? s[0] - '0' : s[0] - 'a' + 10;
		unsigned lo = s[1] <= '9' ? s[1] - '0' : s[1] - 'a' + 10;
		out[n++] = (uint8_t)(hi << 4 | lo);
		s++;
	}
	return n;
}

UNIT_TEST(chacha20_block_rfc8439_2_3_2)
{
	uint32_t key[8];
	/* nonce 00:00:00:09:00:00:00:4a:00:00:00:00 */
	const uint8_t nb[12] = {0, 0, 0, 9, 0, 0, 0, 0x4a, 0, 0, 0, 0};
	uint32_t nonce[3] = {chacha20_le32(nb), chacha20_le32(nb + 4),
			     chacha20_le32(nb + 8)};
	uint8_t out[64], want[64];
	rfc_key(key);
	CHECK_EQ(nonce[0], 0x09000000u); /* the RFC's state words */
	CHECK_EQ(nonce[1], 0x4a000000u);
	chacha20_block(key, 1, nonce, out);
	CHECK_EQ(unhex("10f1e7e4d13b5915500fdd1fa32071c4"
		       "c7d1f4c733c068030422aa9ac3d46c4e"
		       "d2826446079faa0914c2d705d98b02a2"
		       "b5129cd1de164eb9cbd083e8a2503c4e",
		       want),
		 64u);
	CHECK(memcmp(out, want, 64) == 0);
	/* Another counter is another block. */
	chacha20_block(key, 2, nonce, out);
	CHECK(memcmp(out, want, 64) != 0);
}

UNIT_TEST(chacha20_keystream_rfc8439_2_4_2)
{
	static const char plain[] =
	    "Ladies and Gentlemen of the class of '99: If I could offer you "
	    "only one tip for the future, sunscreen would be it.";
	static const char cipher_hex[] =
	    "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0b"
	    "f91b65c5524733ab8f593dabcd62b3571639d624e65152ab8f530c359f0861d8"
	    "07ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
	    "5af90bbf74a35be6b40b8eedf2785e42874d";
	uint32_t key[8];
	/* nonce 00:00:00:00:00:00:00:4a:00:00:00:00, initial counter 1 */
	const uint32_t nonce[3] = {0, 0x4a000000u, 0};
	uint8_t want[128], block[64];
	size_t n = strlen(plain);
	rfc_key(key);
	CHECK_EQ(n, 114u);
	CHECK_EQ(unhex(cipher_hex, want), n);
	for (size_t at = 0; at < n; at += 64) {
		chacha20_block(key, 1 + (uint32_t)(at / 64), nonce, block);
		for (size_t i = 0; i < 64 && at + i < n; i++)
			CHECK_EQ((uint8_t)(plain[at + i] ^ block[i]),
				 want[at + i]);
	}
}
