/* The numbered, patterned datagrams of udpflood and udpsink (the two-node
 * throughput test, tests/cases_net.py): datagram SEQ of SIZE bytes carries
 * SEQ big-endian in its first 4 bytes, then bytes (SEQ * 31 + i) & 0xFF for
 * i = 4..SIZE-1. The digest is the CRC-32 (zlib's, crc32_update from 0) of
 * every datagram of the flow in sequence order, so the sender's and the
 * receiver's are equal exactly when the same bytes arrived, and the test
 * can compute it too. */
#ifndef LAVENDER_USER_UDPFLOW_H
#define LAVENDER_USER_UDPFLOW_H
#include <stddef.h>
#include <stdint.h>

#define UDPFLOW_HDR 4		/* the sequence number */
#define UDPFLOW_SIZE_MAX 65507u /* 65535 - IP 20 - UDP 8 */

/* Fills buf with datagram seq of size bytes (size >= UDPFLOW_HDR). */
void udpflow_fill(uint8_t *buf, uint32_t seq, size_t size);

/* The sequence number datagram buf of len bytes carries when it is one of
 * a flow of datagrams of size bytes (length and pattern right), else -1. */
int64_t udpflow_check(const uint8_t *buf, size_t len, size_t size);

/* CRC-32 (IEEE 802.3, as zlib's crc32(crc, buf, len)): start from 0. */
uint32_t udpflow_crc32(uint32_t crc, const void *buf, size_t len);

#endif
