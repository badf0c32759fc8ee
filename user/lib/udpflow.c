/* The datagrams of udpflood and udpsink (udpflow.h). */
#include "udpflow.h"

static uint8_t pattern(uint32_t seq, size_t i)
{
	return (uint8_t)(seq * 31u + (uint32_t)i);
}

void udpflow_fill(uint8_t *buf, uint32_t seq, size_t size)
{
	buf[0] = (uint8_t)(seq >> 24);
	buf[1] = (uint8_t)(seq >> 16);
	buf[2] = (uint8_t)(seq >> 8);
	buf[3] = (uint8_t)seq;
	for (size_t i = UDPFLOW_HDR; i < size; i++)
		buf[i] = pattern(seq, i);
}

int64_t udpflow_check(const uint8_t *buf, size_t len, size_t size)
{
	if (len != size || len < UDPFLOW_HDR)
		return -1;
	uint32_t seq = (uint32_t)buf[0] << 24 | (uint32_t)buf[1] << 16 |
		       (uint32_t)buf[2] << 8 | buf[3];
	for (size_t i = UDPFLOW_HDR; i < len; i++)
		if (buf[i] != pattern(seq, i))
			return -1;
	return seq;
}

uint32_t udpflow_crc32(uint32_t crc, const void *buf, size_t len)
{
	static uint32_t table[256];
	const uint8_t *p = buf;
	if (!table[1])
		for (uint32_t n = 0; n < 256; n++) {
			uint32_t c = n;
			for (int b = 0; b < 8; b++)
				c = c >> 1 ^ (0xEDB88320u & -(c & 1));
			table[n] = c;
		}
	crc = ~crc;
	for (size_t i = 0; i < len; i++)
		crc = table[(crc ^ p[i]) & 0xFF] ^ crc >> 8;
	return ~crc;
}
