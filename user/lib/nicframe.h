/* The raw test frames of nicsend, nicdump and framertt (the NIC tests and
 * make bench): frame K of SIZE bytes is broadcast from the sender's MAC,
 * of a test EtherType, and carries K big-endian in bytes 14..17, then
 * (K + i) & 0xFF at each byte i from 18 on. */
#ifndef USER_LIB_NICFRAME_H
#define USER_LIB_NICFRAME_H
#include <stddef.h>
#include <stdint.h>

/* Fills frame (size bytes, 18..1514) with frame k of type from mac. */
void nicframe_build(uint8_t *frame, unsigned k, size_t size,
		    const uint8_t mac[6], unsigned type);

/* Opens a session with the driver drv whose frames go to port (a send
 * right is made for the driver): of EtherType type only, or every
 * EtherType when type is 0. The session's id, or -ERR_*. */
int nicframe_open_session(int drv, int port, unsigned type);

#endif
