/* The DHCP client (RFC 2131, options RFC 2132): message encoding and
 * checked decoding, and the client's state machine (INIT -> SELECTING ->
 * REQUESTING -> BOUND -> RENEWING -> REBINDING), driven by the caller with
 * the time and the messages that arrive. Pure; host tests in
 * tests/host/test_net_dhcp.c (malformed messages included). Addresses host
 * order; times in ticks (hz given at init). */
#ifndef NET_PURE_DHCP_H
#define NET_PURE_DHCP_H
#include <stddef.h>
#include <stdint.h>

#define DHCP_SERVER_PORT 67
#define DHCP_CLIENT_PORT 68
#define DHCP_MSG_MIN 240u /* fixed part and the magic cookie */
#define DHCP_MSG_MAX 576u /* what we build; we accept up to 1472 */
#define DHCPDISCOVER 1
#define DHCPOFFER 2
#define DHCPREQUEST 3
#define DHCPDECLINE 4
#define DHCPACK 5
#define DHCPNAK 6
#define DHCPRELEASE 7

/* What a received message said (the options net uses). */
typedef struct dhcp_view {
	uint8_t type; /* DHCP* message type (option 53) */
	uint32_t xid;
	uint32_t yiaddr;     /* the offered/acknowledged address */
	uint32_t server_id;  /* option 54 */
	uint32_t mask;	     /* option 1 (0: absent) */
	uint32_t router;     /* option 3, first (0: absent) */
	uint32_t lease_s;    /* option 51 (0: absent) */
	uint32_t t1_s, t2_s; /* options 58/59 (0: absent) */
	uint8_t chaddr[6];
} dhcp_view_t;
/* Checks a BOOTREPLY of DHCP_MSG_MIN..1472 bytes: op 2, htype 1, hlen 6,
 * the magic cookie, options well formed (each length inside the message,
 * PAD skipped, option overload ignored, END present: a message cut short
 * at an option's boundary must not pass for a whole one), the lengths of
 * options 1, 3, 50, 51, 53, 54, 55, 58 and 59 right (3: a multiple of 4;
 * 55: at least 1; the others 4, 53 1), a contiguous mask, a message type
 * 1..8 present. 0 or -ERR_INVAL (*out untouched). */
int dhcp_parse(const uint8_t *p, size_t len, dhcp_view_t *out);
/* Builds a DISCOVER or REQUEST (requested address and server id when
 * nonzero: options 50/54; parameter request list 1, 3, 51) into out
 * (DHCP_MSG_MAX bytes); returns its length (300: BOOTP's minimum). secs:
 * seconds since the client began. The broadcast flag is set when ciaddr
 * is 0 (net takes no unicast for an address it does not have yet). */
size_t dhcp_build(uint8_t *out, uint8_t type, uint32_t xid,
		  const uint8_t mac[6], uint32_t ciaddr, uint32_t requested,
		  uint32_t server_id, uint16_t secs);

enum dhcp_state {
	DHCP_OFF = 0,
	DHCP_SELECTING,	 /* DISCOVER sent, waiting for an OFFER */
	DHCP_REQUESTING, /* REQUEST sent, waiting for an ACK */
	DHCP_BOUND,
	DHCP_RENEWING,	/* T1 passed: unicast REQUEST to the server */
	DHCP_REBINDING, /* T2 passed: broadcast REQUEST */
	DHCP_FAILED,	/* gave up: the address stays as it was */
};

/* What the caller must do after a step. */
typedef struct dhcp_action {
	size_t send_len;  /* >0: send msg[0..send_len) as UDP 68 -> 67 */
	uint32_t send_to; /* to this address (IPV4_BROADCAST, or the
			   * server while RENEWING) */
	uint8_t msg[DHCP_MSG_MAX];
	int bound; /* 1: configure addr/mask/router now */
	int lost;  /* 1: the lease ended: drop the address addr */
	uint32_t addr, mask, router, lease_s; /* mask, router 0: not sent */
} dhcp_action_t;

typedef struct dhcp_client {
	enum dhcp_state state;
	uint8_t mac[6];
	uint32_t xid, offered, server, addr, mask, router, lease_s;
	uint64_t hz, began, next, t1, t2, expiry; /* ticks */
	unsigned tries;	  /* messages sent in this state */
	uint64_t give_up; /* selecting/requesting: the stated timeout */
	uint64_t timeout; /* ticks: the stated timeout, for restarts */
	uint32_t seed;	  /* for xid and backoff jitter */
} dhcp_client_t;

/* Starts (or restarts) a client: the first DISCOVER is in *act. timeout_s:
 * how long SELECTING/REQUESTING may take in all before DHCP_FAILED. */
void dhcp_start(dhcp_client_t *c, const uint8_t mac[6], uint32_t seed,
		uint64_t hz, uint64_t now, unsigned timeout_s,
		dhcp_action_t *act);
/* A message arrived for the client (already parsed; one not for this xid
 * or mac is ignored). Fills *act. SELECTING takes the first OFFER with a
 * server id and an address a host may have (not 0/8, 127/8, 224/3) and
 * REQUESTs it (same xid). An ACK without a lease (option 51) or with such
 * an address is ignored. Until REBINDING, an ACK or NAK naming another
 * server is ignored. A NAK while REQUESTING restarts SELECTING within the
 * first timeout; a NAK while RENEWING/REBINDING loses the lease (lost) and
 * restarts SELECTING with a fresh timeout. Lease 0xFFFFFFFF: infinite. */
void dhcp_input(dhcp_client_t *c, const dhcp_view_t *m, uint64_t now,
		dhcp_action_t *act);
/* Time passed: retransmissions (RFC 2131 4.1: 4 s doubling to 64 s, with
 * +-1 s jitter), renewal at T1, rebinding at T2, loss at expiry. T1 and T2
 * are the server's when T1 <= T2 < lease, else lease/2 and 7/8 lease;
 * RENEWING and REBINDING resend after half the time left to T2 / expiry,
 * at least 60 s (RFC 2131 4.4.5). At expiry: lost (act->addr says which)
 * and a new DISCOVER with a fresh timeout. Past the timeout SELECTING or
 * REQUESTING becomes DHCP_FAILED (nothing sent; dhcp_start again). */
void dhcp_tick(dhcp_client_t *c, uint64_t now, dhcp_action_t *act);
/* The tick of the client's next deadline (UINT64_MAX: none). */
uint64_t dhcp_next_deadline(const dhcp_client_t *c);

#endif
