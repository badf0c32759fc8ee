/* The network driver port protocol, and the loop every NIC driver process
 * shares. A driver registers its port with the name server (type "driver",
 * name e.g. "ne2k0"); clients call these operations on it (lv_rpc):
 *
 *   LV_NETDRV_TRANSMIT      payload: one Ethernet frame (14..1514 bytes, no
 *                           CRC); status 0 once the chip took it, -ERR_*
 *   LV_NETDRV_GET_MAC       reply: the 6-byte station address
 *   LV_NETDRV_STATS         reply: an lv_netdrv_stats_t
 *   LV_NETDRV_LINK          status: 1 link up, 0 down (a chip that cannot
 *                           tell reports up while it runs)
 *   LV_NETDRV_CLOSE         ends the session: frames are no longer pushed
 *                           (the same as SET_RECEIVER with no right)
 *   LV_NETDRV_SET_RECEIVER  opens the session (LV_NETDRV_OPEN is its other
 *                           name): carries a send right (none: stop pushing);
 *                           every frame received from then on is sent there
 *                           as an LV_NETDRV_FRAME message (payload: the
 *                           frame), without waiting: a full queue drops it.
 *   LV_NETDRV_STOP          the driver runs its remove steps: the receiver
 *                           gets LV_NETDRV_GONE (no payload), the name goes,
 *                           the IRQ is detached, the chip stopped; status 0
 *                           comes back just before the process exits.
 *
 * A driver is a const callback table plus its chip logic; lv_netdrv_serve
 * owns the loop: requests and LV_OP_IRQ messages arrive on one port. */
#ifndef LAVENDER_NETDRV_H
#define LAVENDER_NETDRV_H
#include <stddef.h>
#include <stdint.h>

#define LV_NETDRV_TRANSMIT 0x4E440001u
#define LV_NETDRV_GET_MAC 0x4E440002u
#define LV_NETDRV_STATS 0x4E440003u
#define LV_NETDRV_SET_RECEIVER 0x4E440004u
#define LV_NETDRV_STOP 0x4E440005u
#define LV_NETDRV_LINK 0x4E440006u
#define LV_NETDRV_CLOSE 0x4E440007u
#define LV_NETDRV_OPEN LV_NETDRV_SET_RECEIVER
#define LV_NETDRV_FRAME 0x4E440010u /* driver -> receiver, not a call */
#define LV_NETDRV_GONE 0x4E440011u  /* driver -> receiver: it is ending */

#define LV_NETDRV_FRAME_MIN 14u
#define LV_NETDRV_FRAME_MAX 1514u
#define LV_NETDRV_TYPE "driver"

typedef struct lv_netdrv_stats {
	uint32_t frames_in, bytes_in;	/* pushed to the receiver or dropped */
	uint32_t frames_out, bytes_out; /* taken by the chip */
	uint32_t rx_errors, tx_errors;	/* as the chip reports them */
	uint32_t overruns;		/* receive ring overflows */
	uint32_t dropped; /* received with no receiver, or its queue full */
} lv_netdrv_stats_t;
_Static_assert(sizeof(lv_netdrv_stats_t) == 32, "lv_netdrv_stats_t layout");

/* A driver's callbacks; dev is the driver's own state. All return 0 (or a
 * count) or -ERR_*. */
typedef struct lv_netdrv_ops {
	/* Transmits one frame (LV_NETDRV_FRAME_MIN..MAX bytes). */
	int (*send)(void *dev, const void *frame, size_t len);
	/* Copies the next received frame into buf (max bytes); its length, 0
	 * when there is none. */
	int (*recv)(void *dev, void *buf, size_t max);
	/* Reads and acknowledges the device's interrupt causes; 0 when none
	 * was pending. The loop calls recv until 0 after each call. */
	int (*intr)(void *dev);
	/* Fills the error counters of *out (rx_errors, tx_errors, overruns). */
	void (*errors)(void *dev, lv_netdrv_stats_t *out);
	/* 1 link up, 0 down; NULL: the chip cannot tell (reported up). */
	int (*link)(void *dev);
} lv_netdrv_ops_t;

typedef struct lv_netdrv {
	const lv_netdrv_ops_t *ops;
	void *dev;
	int port;	/* receive right: requests and IRQ messages */
	unsigned irq;	/* the line attached to port */
	int receiver;	/* send right frames are pushed to (0: none) */
	int stop_reply; /* the reply right of the STOP request being served */
	uint8_t mac[6];
	lv_netdrv_stats_t stats; /* the loop's counters */
} lv_netdrv_t;

/* Serves d->port until a receive fails (returns that error) or a STOP
 * request comes (returns 0, its reply right kept in d->stop_reply). Each
 * LV_OP_IRQ runs intr/recv until the device is quiet, then acknowledges the
 * line. */
int lv_netdrv_serve(lv_netdrv_t *d);

/* Remove step 1: tells the receiver (if any) LV_NETDRV_GONE and forgets it.
 * Returns how many sessions were ended (0 or 1). */
int lv_netdrv_end_sessions(lv_netdrv_t *d);

/* Answers the STOP request (status 0), if one is pending. */
void lv_netdrv_reply_stop(lv_netdrv_t *d);

/* Client side: "aa:bb:cc:dd:ee:ff" (18 bytes with the NUL) into out. */
void lv_netdrv_mac_str(const uint8_t mac[6], char out[18]);

/* The IEEE 802.3 CRC-32 of len bytes (as Ethernet's FCS computes it). */
uint32_t lv_netdrv_crc32(const void *buf, size_t len);

/* Client side: prints "PREFIX: len=N src=MAC type=0xHHHH crc32=HHHHHHHH" for
 * the frame (both nicsend and nicdump print this line). */
void lv_netdrv_print_frame(const char *prefix, const uint8_t *f, size_t len);

/* Client side: folds a frame into a running digest of a frame sequence
 * (start from 0): the CRC-32 of (digest, len, crc32 of the frame). Equal
 * digests mean the same frames, of the same sizes, in the same order. */
uint32_t lv_netdrv_digest(uint32_t digest, const uint8_t *f, size_t len);

#endif
