/* The network driver port protocol: the contract between a NIC driver (a
 * user-mode process or, later, a kernel module: this header has no printf
 * helpers and needs only <stdint.h>) and its clients. A driver registers its
 * port with the name server (type LV_NETDRV_TYPE, name e.g. "ne2k0").
 *
 * Requests (calls on the driver's port; status in the reply's op):
 *   LV_NETDRV_OPEN      msg_netdrv_open_t (or no payload: every EtherType),
 *                       carries a send right: frames of the listed
 *                       EtherTypes are pushed there as LV_NETDRV_FRAME
 *                       messages (payload: the frame) without waiting (a
 *                       full queue drops them, counted). Status: the session
 *                       id (>= 1); -ERR_NOSPC past LV_NETDRV_SESSIONS_MAX
 *                       or past LV_NETDRV_SESSIONS_PER_CLIENT of one process,
 *                       -ERR_INVAL without a right or with a bad list,
 *                       -ERR_PERM for a reserved EtherType (below) from a
 *                       process without the network right (the driver's
 *                       log names the type). OPEN with no list from such a
 *                       process takes every EtherType but the reserved
 *                       ones.
 *                       Several sessions may take one EtherType: each gets
 *                       the frame. LV_NETDRV_SET_RECEIVER is its old name.
 *   LV_NETDRV_CLOSE     msg_netdrv_close_t (or no payload: every session the
 *                       caller opened): ends the session; -ERR_PERM for
 *                       another process's, -ERR_NOENT for none,
 *                       -ERR_INVAL for a payload of another size.
 *   LV_NETDRV_TRANSMIT  payload: one Ethernet frame (14..1514 bytes, no
 *                       CRC); status 0 once the chip took it.
 *   LV_NETDRV_GET_MAC   reply: msg_netdrv_mac_t.
 *   LV_NETDRV_STATS     reply: lv_netdrv_stats_t.
 *   LV_NETDRV_LINK      status: 1 link up, 0 down.
 *   LV_NETDRV_STOP      the driver runs its remove steps: every session's
 *                       receiver gets LV_NETDRV_GONE, the name goes, the IRQ
 *                       is detached, the chip stopped; status 0 comes back
 *                       just before the process exits. Only init, the
 *                       process that started the driver, or a holder of the
 *                       nucleus right may: -ERR_PERM for anyone else.
 * The hand-over (a swap between driver kinds: init's "drv swap NAME KIND";
 * docs/architecture.md, "Drivers"), in three calls:
 *   LV_NETDRV_PREPARE   from whoever may STOP: the driver gives back the
 *                       hardware (chip stopped, IRQ detached, I/O ports
 *                       released) and keeps its name, port and sessions;
 *                       from then on TRANSMIT and OPEN are -ERR_AGAIN (the
 *                       gap) and no frame arrives. Reply
 *                       msg_netdrv_prepared_t (what the next driver needs).
 *   LV_NETDRV_HANDOVER  from the next driver, on the same NIC, carrying a
 *                       send right to its port: only while prepared
 *                       (-ERR_AGAIN before) and only from a holder of the
 *                       nucleus right (a driver init started, a module's
 *                       process: -ERR_PERM for anyone else). The driver
 *                       names the sender heir of its name-server entry
 *                       (NS_HANDOVER) and keeps the right; status 0. The
 *                       sender then registers the name: the entry passes.
 *   LV_NETDRV_HANDED    from that heir once its register took the entry
 *                       (-ERR_PERM from anyone else): every session a
 *                       client opened gets LV_NETDRV_MOVED, carrying a send
 *                       right to the new driver's port, and the client
 *                       re-opens there (a counted re-open: the session id
 *                       may differ); sessions the driver opened for
 *                       protocol servers just end (the new driver opens
 *                       its own from the name server). No GONE, no
 *                       delete. Status: the sessions moved; then the driver
 *                       exits (a module's process ends: init removes it).
 * Protocol servers may instead register in the name server with type
 * LV_NETPROTO_TYPE and attributes "types=0800,0806" (hex EtherTypes): every
 * driver then opens a session to them by itself (the paper's add step (4))
 * and keeps it fresh as entries come and go. An entry that lists a reserved
 * EtherType is taken only when its owner (the registering process) holds
 * the network right; otherwise the driver ignores it with one log line.
 *
 * Reserved EtherTypes (issue 14): IPv4 0x0800, ARP 0x0806 and IPv6 0x86DD
 * belong to the protocol server: only a process holding LV_PRIV_NET (which
 * init hands on with -N, uapi/types.h) may receive them, by OPEN or by a
 * name-server entry. Any process may take the others (raw EtherTypes such
 * as 0x88B5). The rule is pure_netdrv_sessions.c's, the same for the
 * user-mode driver and the module. */
#ifndef LAVENDER_NETDRV_PROTO_H
#define LAVENDER_NETDRV_PROTO_H
#include <stdint.h>

#define LV_NETDRV_TRANSMIT 0x4E440001u
#define LV_NETDRV_GET_MAC 0x4E440002u
#define LV_NETDRV_STATS 0x4E440003u
#define LV_NETDRV_OPEN 0x4E440004u
#define LV_NETDRV_STOP 0x4E440005u
#define LV_NETDRV_LINK 0x4E440006u
#define LV_NETDRV_CLOSE 0x4E440007u
#define LV_NETDRV_SET_RECEIVER LV_NETDRV_OPEN
#define LV_NETDRV_FRAME 0x4E440010u /* driver -> receiver, not a call */
#define LV_NETDRV_GONE 0x4E440011u  /* driver -> receiver: it is ending */
#define LV_NETDRV_PREPARE 0x4E440008u
#define LV_NETDRV_HANDOVER 0x4E440009u
#define LV_NETDRV_HANDED 0x4E44000Au
/* driver -> receiver: the session moved to the driver whose send right the
 * message carries (a hand-over); re-OPEN there. No payload. */
#define LV_NETDRV_MOVED 0x4E440012u

#define LV_NETDRV_FRAME_MIN 14u
#define LV_NETDRV_FRAME_MAX 1514u
#define LV_NETDRV_TYPE "driver"
#define LV_NETPROTO_TYPE "netproto" /* name-server type of protocol servers */
#define LV_NETDRV_SESSIONS_MAX 8
#define LV_NETDRV_SESSIONS_PER_CLIENT 2 /* sessions one process may open */
#define LV_NETDRV_TYPES_MAX 8
#define LV_NETDRV_TYPE_IPV4 0x0800u /* reserved: the network right's */
#define LV_NETDRV_TYPE_ARP 0x0806u  /* reserved */
#define LV_NETDRV_TYPE_IPV6 0x86DDu /* reserved */

typedef struct msg_netdrv_open {
	uint32_t ntypes;		     /* 0: every EtherType */
	uint16_t types[LV_NETDRV_TYPES_MAX]; /* EtherTypes, host order */
} msg_netdrv_open_t;
_Static_assert(sizeof(msg_netdrv_open_t) == 20, "msg_netdrv_open_t layout");

typedef struct msg_netdrv_close {
	uint32_t session; /* as OPEN answered */
} msg_netdrv_close_t;
_Static_assert(sizeof(msg_netdrv_close_t) == 4, "msg_netdrv_close_t layout");

typedef struct msg_netdrv_mac {
	uint8_t mac[6];
	uint8_t pad[2];
} msg_netdrv_mac_t;
_Static_assert(sizeof(msg_netdrv_mac_t) == 8, "msg_netdrv_mac_t layout");

/* PREPARE's reply: where the NIC is, for the next driver. */
typedef struct msg_netdrv_prepared {
	uint32_t io, irq;
	uint8_t mac[6];
	uint8_t pci; /* 1: a PCI card (the next driver scans for it) */
	uint8_t pad;
} msg_netdrv_prepared_t;
_Static_assert(sizeof(msg_netdrv_prepared_t) == 16,
	       "msg_netdrv_prepared_t layout");

typedef struct lv_netdrv_stats {
	uint32_t frames_in, bytes_in;	/* received (pushed or dropped) */
	uint32_t frames_out, bytes_out; /* taken by the chip */
	uint32_t rx_errors, tx_errors;	/* as the chip reports them */
	uint32_t overruns;		/* receive ring overflows */
	uint32_t dropped; /* no session took it, or a receiver's queue full */
} lv_netdrv_stats_t;
_Static_assert(sizeof(lv_netdrv_stats_t) == 32, "lv_netdrv_stats_t layout");

#endif
