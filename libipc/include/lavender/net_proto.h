/* The protocol server's messages: the contract between servers/net and its
 * clients (libipc/socket.c for programs, the shell's and the tools' lists,
 * init for the administrator's changes). net registers with the name server
 * as LV_NET_NAME, type LV_NET_TYPE; every request is a call on that port and
 * the reply's status (header op) is 0, a count or an id, or -ERR_*.
 *
 * Addresses and ports travel in host byte order (lv_net_addr_t); the socket
 * library converts struct sockaddr_in. Sockets are named by ids net hands
 * out at LV_NET_SOCKET; an id works only for the process that made it (the
 * sender pid the kernel stamps on every message): -ERR_BADF for anyone else,
 * as for an id that was never made. A process's sockets close when it dies.
 *
 * Sockets (any process):
 *   LV_NET_SOCKET  msg_net_socket_t. Status: the socket id (>= 1);
 *                  -ERR_AFNOSUPPORT / -ERR_PROTONOSUPPORT for a kind net
 *                  lacks, -ERR_MFILE past LV_NET_SOCKETS_PER_CLIENT of one
 *                  process, -ERR_NOSPC past LV_NET_SOCKETS_MAX.
 *   LV_NET_BIND    msg_net_sockaddr_t: local address (0: any) and port (0:
 *                  an ephemeral one, LV_NET_EPHEMERAL_LO..HI). -ERR_ADDRINUSE,
 *                  -ERR_ADDRNOTAVAIL (not an address of an interface),
 *                  -ERR_ACCES for a port below LV_NET_PORT_RESERVED from a
 *                  process without the network right (LV_PRIV_NET), -ERR_INVAL
 *                  when already bound.
 *   LV_NET_CONNECT msg_net_sockaddr_t: the default peer (and the only one
 *                  datagrams are taken from); address 0 and port 0: none
 *                  again. Binds an ephemeral port first if unbound.
 *   LV_NET_SEND    msg_net_send_t + data: one part of a datagram of `total`
 *                  bytes (up to LV_NET_DGRAM_MAX: several calls when it
 *                  exceeds LV_NET_SEND_CHUNK). Parts come in order (offset
 *                  is the bytes already sent; 0 starts a datagram, dropping
 *                  an unfinished one); the last part sends it. Status: the
 *                  bytes taken so far (total once it went). -ERR_DESTADDRREQ
 *                  (no `to` and not connected), -ERR_MSGSIZE, -ERR_NETUNREACH
 *                  (no route), -ERR_ACCES (broadcast without
 *                  LV_NET_OPT_BROADCAST), -ERR_INVAL (parts out of order),
 *                  -ERR_NETDOWN (the interface is down), a pending error of
 *                  the socket (-ERR_CONNREFUSED after ICMP port unreachable
 *                  to a connected socket) once.
 *   LV_NET_RECV    msg_net_recv_t. Waits (a deferred reply) up to timeout
 *                  for a datagram; the reply is msg_net_dgram_t + the bytes
 *                  [offset, end) of the head datagram, where end is at most
 *                  min(max, total) and the chunk at most LV_NET_RECV_CHUNK.
 *                  When end reaches min(max, total) the datagram is consumed
 *                  (unless PEEK; a datagram longer than max loses its tail,
 *                  as BSD's recvfrom). Else the client asks again with
 *                  LV_NET_RECV_MORE and offset = end (no wait). Status: the
 *                  bytes in this reply; -ERR_TIMEDOUT, -ERR_AGAIN (DONTWAIT
 *                  or MORE with nothing queued), -ERR_BADF (closed while
 *                  waiting), a pending error once.
 *   LV_NET_CLOSE   msg_net_sock_t: frees the socket (its queue, its port);
 *                  a RECV waiting on it is answered -ERR_BADF.
 *   LV_NET_GETNAME msg_net_sock_t; reply msg_net_names_t (local and peer).
 *   LV_NET_SETOPT  msg_net_opt_t. -ERR_NOSYS for an unknown option.
 *   LV_NET_POLL    msg_net_poll_t cut after its n entries (8 + 8n bytes):
 *                  waits until one of the listed sockets is ready or the
 *                  timeout ends; the reply is the n lv_net_pollfd_t entries
 *                  (8n bytes, no header) with revents filled. Status: how many
 * are ready (0 on timeout). A socket not the caller's gets LV_NET_POLLNVAL.
 * Lists (any process; the reply is an array, status the count):
 *   LV_NET_IF_LIST lv_net_if_t[]    LV_NET_ROUTE_LIST lv_net_route_t[]
 *   LV_NET_ARP_LIST lv_net_arp_t[]  LV_NET_SOCK_LIST  lv_net_sockinfo_t[]
 *   LV_NET_STATS   lv_net_stats_t (status 0).
 * The administrator's changes (only from init, which takes them on its
 * control port from the console's shell: -ERR_PERM from anyone else):
 *   LV_NET_IF_SET    msg_net_ifset_t (address/mask, up/down, dhcp).
 *   LV_NET_ROUTE_ADD msg_net_route_req_t; -ERR_EXIST, -ERR_NETUNREACH (the
 *                    gateway is not on a connected network), -ERR_NOSPC.
 *   LV_NET_ROUTE_DEL msg_net_route_req_t; -ERR_NOENT.
 *   LV_NET_ARP_DEL   msg_net_sock_t carrying an address in `sock`;
 *                    -ERR_NOENT. */
#ifndef LAVENDER_NET_PROTO_H
#define LAVENDER_NET_PROTO_H
#include <stdint.h>
#include "uapi/ipc.h"

#define LV_NET_NAME "net" /* in the name server */
#define LV_NET_TYPE "net"

#define LV_NET_SOCKET 0x4E540001u
#define LV_NET_BIND 0x4E540002u
#define LV_NET_CONNECT 0x4E540003u
#define LV_NET_SEND 0x4E540004u
#define LV_NET_RECV 0x4E540005u
#define LV_NET_CLOSE 0x4E540006u
#define LV_NET_GETNAME 0x4E540007u
#define LV_NET_SETOPT 0x4E540008u
#define LV_NET_POLL 0x4E540009u
#define LV_NET_IF_LIST 0x4E540020u
#define LV_NET_ROUTE_LIST 0x4E540021u
#define LV_NET_ARP_LIST 0x4E540022u
#define LV_NET_SOCK_LIST 0x4E540023u
#define LV_NET_STATS 0x4E540024u
/* Remote IPC (lavender/ripc_proto.h), for servers and the name server:
 *   LV_NET_WHO      msg_net_who_t carrying a negative sender (a remote
 *                   caller's identity, ripc_proto.h "Identity"); reply
 *                   msg_net_who_reply_t: its node and pid. -ERR_SRCH when
 *                   net has no such identity. Anyone may ask.
 *   LV_NET_RLOOKUP  msg_net_rlookup_t, only from the name server (the
 *                   owner of the system port; -ERR_PERM for anyone else):
 *                   asks node for its exported entry name (a node that
 *                   is this one -- lavender/hosts.h lv_host_is_self, an
 *                   /etc/hosts name of 127.0.0.0/8, an interface's
 *                   address -- asks this node's name server: the reply
 *                   then carries the entry's own send right); the reply
 *                   carries a send right to a proxy port in net and the
 *                   entry (lv_ns_entry_t). -ERR_NOENT (none, or not
 *                   exported), -ERR_HOSTUNREACH (no such node: not an
 *                   address, /etc/hosts has no such name),
 *                   -ERR_ADDRNOTAVAIL (no one node: a broadcast of one
 *                   of this node's networks, or a name whose address is
 *                   no unicast one -- hosts.h lv_host_unicast),
 *                   -ERR_TIMEDOUT (no answer), -ERR_NOSPC (proxies full),
 *                   -ERR_INVAL / -ERR_NAMETOOLONG / -ERR_ADDRNOTAVAIL
 *                   (not a node: hosts.h lv_host_check).
 *   LV_NET_RLIST    msg_net_rlookup_t (name: a prefix), from anyone: the
 *                   node's exported entries (lv_ns_entry_t[]). */
#define LV_NET_WHO 0x4E540040u
#define LV_NET_RLOOKUP 0x4E540041u
#define LV_NET_RLIST 0x4E540042u
#define LV_NET_IF_SET 0x4E540030u
#define LV_NET_ROUTE_ADD 0x4E540031u
#define LV_NET_ROUTE_DEL 0x4E540032u
#define LV_NET_ARP_DEL 0x4E540033u

#define LV_NET_SOCKETS_MAX 64
#define LV_NET_SOCKETS_PER_CLIENT 16
#define LV_NET_RCVQ_BYTES (128u << 10) /* queued datagram bytes a socket */
#define LV_NET_RCVQ_DGRAMS 64	       /* queued datagrams a socket */
#define LV_NET_DGRAM_MAX 65507u	       /* UDP payload: 65535 - 20 - 8 */
#define LV_NET_EPHEMERAL_LO 49152u     /* RFC 6335 dynamic ports */
#define LV_NET_EPHEMERAL_HI 65535u
#define LV_NET_PORT_RESERVED 1024u /* below: the network right's only */
#define LV_NET_IFNAME_MAX 8	   /* "eth0" and its NUL */
#define LV_NET_IF_MAX 4

/* Socket kinds (msg_net_socket_t.kind). */
#define LV_NET_SOCK_UDP 1 /* SOCK_DGRAM, IPPROTO_UDP */
#define LV_NET_SOCK_PING                                                       \
	2 /* SOCK_DGRAM, IPPROTO_ICMP: echo only; net                          \
	   * sets the identifier and the checksum of what                      \
	   * is sent and hands back the echo replies that                      \
	   * carry it (Linux's "ping socket") */

typedef struct lv_net_addr {
	uint32_t addr; /* IPv4 address, host order; 0: any / none */
	uint16_t port; /* host order; 0: any / none (a ping socket: the
			* echo identifier) */
	uint16_t pad;
} lv_net_addr_t;
_Static_assert(sizeof(lv_net_addr_t) == 8, "lv_net_addr_t layout");

typedef struct msg_net_socket {
	uint32_t kind; /* LV_NET_SOCK_* */
} msg_net_socket_t;

typedef struct msg_net_sock {
	uint32_t sock;
} msg_net_sock_t;

typedef struct msg_net_sockaddr {
	uint32_t sock;
	lv_net_addr_t addr;
} msg_net_sockaddr_t;
_Static_assert(sizeof(msg_net_sockaddr_t) == 12, "msg_net_sockaddr_t");

#define LV_NET_SEND_TO 0x1u /* use `to`, not the connected peer */
typedef struct msg_net_send {
	uint32_t sock;
	uint32_t flags; /* LV_NET_SEND_* */
	lv_net_addr_t to;
	uint32_t total;	 /* the datagram's bytes */
	uint32_t offset; /* bytes of it already sent */
	/* then this part's bytes: h.size - sizeof(msg_net_send_t) */
} msg_net_send_t;
_Static_assert(sizeof(msg_net_send_t) == 24, "msg_net_send_t layout");
#define LV_NET_SEND_CHUNK (LV_MSG_PAYLOAD_MAX - sizeof(msg_net_send_t))

#define LV_NET_RECV_PEEK 0x1u	  /* leave the datagram queued */
#define LV_NET_RECV_DONTWAIT 0x2u /* -ERR_AGAIN when none is queued */
#define LV_NET_RECV_MORE 0x4u	  /* the rest of the head datagram */
typedef struct msg_net_recv {
	uint32_t sock;
	uint32_t flags;	     /* LV_NET_RECV_* */
	uint32_t offset;     /* with MORE: bytes already taken */
	uint32_t max;	     /* bytes the caller takes in all */
	uint32_t timeout_ms; /* 0: wait for ever */
} msg_net_recv_t;
_Static_assert(sizeof(msg_net_recv_t) == 20, "msg_net_recv_t layout");

typedef struct msg_net_dgram {
	lv_net_addr_t from;
	uint32_t total;	 /* the datagram's bytes */
	uint32_t offset; /* where this reply's bytes start */
	uint8_t ttl;	 /* of the IP packet that brought it */
	uint8_t pad[3];
	/* then the bytes */
} msg_net_dgram_t;
_Static_assert(sizeof(msg_net_dgram_t) == 20, "msg_net_dgram_t layout");
#define LV_NET_RECV_CHUNK (LV_MSG_PAYLOAD_MAX - sizeof(msg_net_dgram_t))

typedef struct msg_net_names {
	lv_net_addr_t local, peer;
} msg_net_names_t;

#define LV_NET_OPT_BROADCAST 1 /* SO_BROADCAST: value 0/1 */
typedef struct msg_net_opt {
	uint32_t sock, opt, value;
} msg_net_opt_t;

#define LV_NET_POLLIN 0x1u
#define LV_NET_POLLOUT 0x4u
#define LV_NET_POLLERR 0x8u
#define LV_NET_POLLNVAL 0x20u
#define LV_NET_POLL_MAX 32
typedef struct lv_net_pollfd {
	uint32_t sock;
	uint16_t events, revents;
} lv_net_pollfd_t;
typedef struct msg_net_poll {
	uint32_t timeout_ms; /* 0: return at once; UINT32_MAX: for ever */
	uint32_t n;	     /* entries that follow, up to LV_NET_POLL_MAX */
	lv_net_pollfd_t fds[LV_NET_POLL_MAX];
} msg_net_poll_t;

/* Where an interface's address came from. */
enum lv_net_addr_source {
	LV_NET_SRC_NONE = 0,
	LV_NET_SRC_CMDLINE = 1, /* ip= on the kernel command line */
	LV_NET_SRC_MAC = 2,	/* 52:54:00:00:00:NN -> 10.0.0.NN/24 */
	LV_NET_SRC_DHCP = 3,
	LV_NET_SRC_MANUAL = 4, /* ifconfig */
};

#define LV_NET_IF_UP 0x1u
#define LV_NET_IF_DHCP 0x2u /* a DHCP client runs on it */
typedef struct lv_net_if {
	char name[LV_NET_IFNAME_MAX]; /* eth0 */
	char driver[32];	      /* its driver's name-server name */
	uint8_t mac[6];
	uint16_t mtu; /* bytes of IP packet */
	uint32_t flags;
	uint32_t addr, mask; /* host order */
	uint32_t source;     /* enum lv_net_addr_source */
	uint32_t frames_in, frames_out, bytes_in, bytes_out;
	uint32_t dhcp_lease_s; /* seconds left of the lease (0: none) */
} lv_net_if_t;

typedef struct lv_net_route {
	uint32_t dest, mask, gateway; /* gateway 0: connected */
	char ifname[LV_NET_IFNAME_MAX];
} lv_net_route_t;

#define LV_NET_ARP_COMPLETE 1
#define LV_NET_ARP_INCOMPLETE 2
typedef struct lv_net_arp {
	uint32_t addr;
	uint8_t mac[6];
	uint16_t state;
	uint32_t age_s; /* seconds since it was last confirmed */
	char ifname[LV_NET_IFNAME_MAX];
} lv_net_arp_t;

typedef struct lv_net_sockinfo {
	uint32_t sock, kind, pid;
	lv_net_addr_t local, peer;
	uint32_t queued, queued_bytes, dropped; /* receive queue */
} lv_net_sockinfo_t;

/* Why an incoming frame or packet was dropped: lv_net_stats_t.drops[]. */
enum lv_net_drop { /* 0: not dropped (a parser's "good") */
		   LV_NET_DROP_SHORT = 1,   /* shorter than its header */
		   LV_NET_DROP_BADLEN = 2,  /* a length field lies */
		   LV_NET_DROP_CSUM = 3,    /* bad IP/ICMP/UDP checksum */
		   LV_NET_DROP_VERSION = 4, /* not IPv4, bad header length */
		   LV_NET_DROP_NOTMINE = 5, /* not to one of our addresses */
		   LV_NET_DROP_PROTO =
		       6, /* an IP protocol net does not speak */
		   LV_NET_DROP_NOPORT = 7, /* UDP to a closed port */
		   LV_NET_DROP_QUEUE = 8,  /* a socket's receive queue full */
		   LV_NET_DROP_REASM =
		       9, /* fragments: overlap, limits, timeout */
		   LV_NET_DROP_TTL = 10, /* TTL 0 */
		   LV_NET_DROP_ARP = 11, /* malformed ARP, or not for us */
		   LV_NET_DROP_NOROUTE =
		       12, /* outgoing: no route, ARP failed */
		   LV_NET_DROP_OTHER = 13,
		   LV_NET_DROP_CAUSES = 14
};

typedef struct lv_net_stats {
	uint32_t frames_in, frames_out;
	uint32_t ip_in, ip_out, icmp_in, icmp_out, udp_in, udp_out;
	uint32_t arp_in, arp_out;
	uint32_t reasm_ok, reasm_timeouts, frags_out;
	uint32_t icmp_ratelimited; /* errors not sent: over the rate */
	uint32_t drops[LV_NET_DROP_CAUSES];
} lv_net_stats_t;

typedef struct msg_net_who {
	int32_t identity; /* < 0 */
} msg_net_who_t;
typedef struct msg_net_who_reply {
	uint32_t node; /* IPv4 address, host order */
	int32_t pid;   /* the caller's pid on that node */
} msg_net_who_reply_t;
typedef struct msg_net_rlookup {
	char name[32]; /* LV_NS_NAME_MAX bytes, NUL-terminated */
	char node[64]; /* LV_NS_NODE_MAX bytes: a node's name (/etc/hosts)
			* or address, NUL-terminated */
} msg_net_rlookup_t;
_Static_assert(sizeof(msg_net_rlookup_t) == 96, "msg_net_rlookup_t layout");

/* LV_NET_IF_SET. */
#define LV_NET_IFSET_ADDR 0x1u /* set addr/mask (mask 0: the class's) */
#define LV_NET_IFSET_UP 0x2u
#define LV_NET_IFSET_DOWN 0x4u
#define LV_NET_IFSET_DHCP 0x8u /* start DHCP on it */
typedef struct msg_net_ifset {
	char name[LV_NET_IFNAME_MAX];
	uint32_t what; /* LV_NET_IFSET_* */
	uint32_t addr, mask;
} msg_net_ifset_t;

typedef struct msg_net_route_req {
	uint32_t dest, mask, gateway;
	char ifname[LV_NET_IFNAME_MAX]; /* "" : found from the gateway */
} msg_net_route_req_t;

#endif
