/* Remote IPC in net (lavender/ripc_proto.h; ripc_impl.h lists its files):
 * what the rest of net calls. */
#ifndef NET_RIPC_H
#define NET_RIPC_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/server.h>

/* The epoch, tables and notice port; after sockets_init. 0 or -ERR_*. */
int ripc_start(void);
/* A UDP datagram to LV_RIPC_PORT from src (udp.c: checksum checked). */
void ripc_udp_input(uint32_t src, const uint8_t *p, size_t len);
/* LV_NET_WHO, LV_NET_RLOOKUP, LV_NET_RLIST on net's request port. */
extern const lv_op_t ripc_ops[];
extern const size_t ripc_nops;

#endif
