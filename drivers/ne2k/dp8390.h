/* The NS DP8390 in an NE2000 (16 KiB of buffer memory at pages 0x40-0x80,
 * reached by remote DMA through the data port): the chip logic alone. It
 * makes no system call: every port access and delay goes through the ops
 * table it is given, so the user-mode driver (drivers/ne2k) and a kernel
 * module can share this file. One dp8390_t per chip; not reentrant. */
#ifndef NE2K_DP8390_H
#define NE2K_DP8390_H
#include <stddef.h>
#include <stdint.h>

#define DP8390_MTU_FRAME 1514u /* largest frame, header included, no CRC */
#define DP8390_MIN_FRAME 60u   /* shorter frames are padded with zeros */

/* Port I/O and timing. ctx is passed back unchanged. udelay waits at least
 * us microseconds. */
typedef struct dp8390_ops {
	uint8_t (*inb)(void *ctx, uint16_t port);
	void (*outb)(void *ctx, uint16_t port, uint8_t v);
	uint16_t (*inw)(void *ctx, uint16_t port);
	void (*outw)(void *ctx, uint16_t port, uint16_t v);
	void (*udelay)(void *ctx, unsigned us);
} dp8390_ops_t;

/* What the chip saw go wrong (frames and bytes are counted by the caller). */
typedef struct dp8390_errors {
	uint32_t rx_errors; /* bad ring headers, CRC/frame/missed tallies */
	uint32_t tx_errors; /* aborted or failed transmissions */
	uint32_t overruns;  /* receive ring overflows recovered */
} dp8390_errors_t;

typedef struct dp8390 {
	const dp8390_ops_t *ops;
	void *ctx;
	uint16_t io;	     /* base port: 32 ports from here */
	uint8_t mac[6];	     /* from the station address PROM */
	uint8_t next_pkt;    /* ring page of the next frame to read */
	uint8_t overrun;     /* recovery begun, ring not yet drained */
	uint8_t resend;	     /* recovery must restart the transmission */
	dp8390_errors_t err; /* running totals */
} dp8390_t;

/* Resets the chip through the reset port and waits for it to stop; then
 * reads the station address PROM into d->mac. -ERR_NODEV when no chip
 * answers at d->io. */
int dp8390_probe(dp8390_t *d);

/* Programs the chip and starts it: ring, station address, accepts its own
 * and broadcast frames, interrupts on receive, transmit, errors, overrun. */
void dp8390_start(dp8390_t *d);

/* Stops the chip: no interrupts, no reception. */
void dp8390_stop(dp8390_t *d);

/* Transmits frame (14..DP8390_MTU_FRAME bytes), waiting for the previous
 * transmission to leave the chip. 0, -ERR_INVAL (size), -ERR_TIMEDOUT (the
 * chip did not finish a transfer). */
int dp8390_send(dp8390_t *d, const void *frame, size_t len);

/* Copies the next received frame into buf (max bytes, at least
 * DP8390_MTU_FRAME) and frees its ring space. Returns its length, 0 when
 * the ring is empty. A damaged ring is counted and skipped. */
int dp8390_recv(dp8390_t *d, void *buf, size_t max);

/* Reads and acknowledges the interrupt causes (ISR bits); counts errors;
 * begins overrun recovery, and finishes one begun earlier (the caller
 * drains the ring with dp8390_recv in between). Returns the causes seen,
 * 0 when none is pending: call recv until 0, then intr again until 0. */
int dp8390_intr(dp8390_t *d);

#endif
