/* The loop every NIC driver process shares, and client helpers. The wire
 * protocol is lavender/netdrv_proto.h. A driver is a const callback table
 * plus its chip logic; lv_netdrv_serve owns the loop (the one server loop,
 * lavender/server.h): requests, LV_OP_IRQ messages and the name server's
 * events about protocol servers arrive on its ports. */
#ifndef LAVENDER_NETDRV_H
#define LAVENDER_NETDRV_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/netdrv_proto.h>

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
	/* The hand-over's PREPARE: stops the chip, gives back the IRQ line
	 * and the I/O ports, and says where the NIC is in *out; NULL: this
	 * driver cannot hand over (-ERR_NOSYS). */
	int (*release)(void *dev, msg_netdrv_prepared_t *out);
} lv_netdrv_ops_t;

/* A receiver of frames: one OPEN, or one protocol server's name-server
 * entry (by_ns: its name, the session follows the entry). */
typedef struct lv_netdrv_session {
	int receiver;	 /* send right frames go to; 0: a free slot */
	int opener;	 /* pid that opened it (0: the driver, from the ns) */
	int pid;	 /* the receiver's process: the opener, or the
			  * protocol server's (its entry's owner) */
	uint32_t ntypes; /* 0: every EtherType (but see unreserved) */
	uint16_t types[LV_NETDRV_TYPES_MAX];
	uint32_t unreserved; /* 1: without the reserved EtherTypes (an OPEN
			      * with no list from a process without the
			      * network right) */
	char by_ns[32];
} lv_netdrv_session_t;

typedef struct lv_netdrv {
	const char *name; /* its name-server name, for its log lines */
	const lv_netdrv_ops_t *ops;
	void *dev;
	int port;	/* receive right: requests and IRQ messages */
	unsigned irq;	/* the line attached to port */
	int stop_token; /* the deferred STOP request (-1: none) */
	uint8_t mac[6];
	lv_netdrv_stats_t stats; /* the loop's counters */
	lv_netdrv_session_t sessions[LV_NETDRV_SESSIONS_MAX];
	struct lv_server *server; /* the loop, while it runs */
	int events;		  /* the name server's events come here */
	/* the hand-over (netdrv_proto.h) */
	int prepared;		    /* PREPARE gave the hardware back */
	msg_netdrv_prepared_t prep; /* and where the NIC is */
	int heir;		    /* pid HANDOVER named (0: none) */
	int next;		    /* its port's send right */
	int handed; /* HANDED came: the loop ended, exit without removing */
} lv_netdrv_t;

/* Serves d->port until a receive fails (returns that error) or a STOP
 * request comes (returns 0; the request is answered by
 * lv_netdrv_reply_stop). Each LV_OP_IRQ runs intr/recv until the device is
 * quiet, then acknowledges the line; each frame goes to every session
 * whose EtherTypes include its own. Protocol servers registered in the
 * name server (LV_NETPROTO_TYPE) get sessions of their own, kept fresh. */
int lv_netdrv_serve(lv_netdrv_t *d);

/* The next driver's side of a hand-over, in place of its add step (5):
 * asks the driver registered as name (prepared by init) to hand it over
 * (HANDOVER, carrying a send right to d->port), registers name with type
 * and attrs (the entry passes to this process), then tells the old driver
 * (HANDED), which moves its clients' sessions here. 0 or -ERR_*. */
int lv_netdrv_take_over(lv_netdrv_t *d, const char *name, const char *type,
			const char *attrs);

/* Remove step 1: tells every session's receiver LV_NETDRV_GONE and ends
 * the sessions. Returns how many were ended. */
int lv_netdrv_end_sessions(lv_netdrv_t *d);

/* Answers the STOP request (status 0), if one is pending. */
void lv_netdrv_reply_stop(lv_netdrv_t *d);

/* Client side: a driver called by its name-server name, carried across a
 * swap (drv swap: the name passes to a driver of the other kind). In the
 * hand-over's gap the old driver answers TRANSMIT and OPEN -ERR_AGAIN:
 * the call is sent again each tick; then the old driver ends and its port
 * dies (-ERR_DEADPORT): the name is looked up again (the new driver holds
 * it by then) and the call goes there. A frame refused either way was not
 * sent, so none is lost or sent twice. Both waits together are bounded by
 * LV_NETDRV_GAP_TICKS of the clock from the first refusal; then the call
 * returns the last refusal. Blocking: for a client with a thread to spare
 * (nicsend), not for a server's loop. */
#define LV_NETDRV_GAP_TICKS 1000 /* 10 s at 100 Hz: a swap's gap, at most */
typedef struct lv_netdrv_client {
	char name[32];	  /* its name-server name (LV_NS_NAME_MAX) */
	int handle;	  /* send right to its port now (0: none) */
	unsigned again;	  /* calls answered -ERR_AGAIN, sent again */
	unsigned renewed; /* times the name was looked up again */
} lv_netdrv_client_t;

/* Looks the driver name up: 0; -ERR_NOENT (not registered), -ERR_NOSYS
 * (an entry of another type: not a driver), -ERR_NAMETOOLONG, or the
 * lookup's error. */
int lv_netdrv_client_open(lv_netdrv_client_t *c, const char *name);

/* lv_rpc of op on the driver, carried across a swap as above. */
int lv_netdrv_client_call(lv_netdrv_client_t *c, uint32_t op, const void *req,
			  size_t len, void *reply, size_t reply_max,
			  size_t *reply_len, unsigned timeout);

void lv_netdrv_client_close(lv_netdrv_client_t *c);

/* Who drives the NIC at I/O base io, for a driver of kind ("user" or
 * "module") that found its ports held: "driver ne2k0 (pid 7, user kind)
 * drives the NIC at io 0x300: drv swap ne2k0 module makes it the module
 * kind" into out (len bytes; "...: one driver per NIC" when it is of that
 * kind already). 0, or -ERR_NOENT when no driver's entry says io=0xIO
 * (another process holds the ports: COM1, say). */
int lv_netdrv_holder(unsigned io, const char *kind, char *out, size_t len);

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
