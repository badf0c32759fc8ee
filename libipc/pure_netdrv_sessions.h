/* The driver port protocol's rules, in one place for both kinds of NIC
 * driver: the user-mode loop (libipc/netdrv.c, netdrv_registry.c) and the
 * module (lkm/ne2k/serve.c). The session table (8 receivers, 2 per client,
 * CLOSE only by the opener), EtherType matching, the statistics, who may
 * STOP, and the sessions opened for protocol servers registered in the name
 * server. Pure: the few system calls it needs come through netdrv_io_t (a
 * driver's own, or a host test's fakes), so tests/host runs it with
 * malformed requests. Not an API: drivers include it by path. */
#ifndef LIBIPC_PURE_NETDRV_SESSIONS_H
#define LIBIPC_PURE_NETDRV_SESSIONS_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/ipc.h"
#include <lavender/netdrv.h>
#include <lavender/ns.h>

/* What the table asks of its driver's process; each returns 0 or -ERR_*. */
typedef struct netdrv_io {
	/* Sends msg (header and payload) to handle without waiting. */
	int (*send)(int handle, lv_msg_header_t *msg);
	/* Closes a handle the table held. */
	int (*close)(int handle);
	/* A send right to the port registered as name: its handle, or
	 * -ERR_*. */
	int (*lookup)(const char *name);
	/* 1 when process pid holds the network right (LV_PRIV_NET). */
	int (*has_net)(int pid);
	/* Logs one line: pid may not take the reserved EtherType type, asked
	 * for by OPEN (entry NULL) or by its name-server entry entry (which
	 * is ignored). */
	void (*refused)(int pid, uint16_t type, const char *entry);
} netdrv_io_t;

/* refused's log lines, the same in both drivers: with (driver name, entry,
 * pid, type, netdrv_type_name(type)) and (driver name, pid, type, name). */
#define NETDRV_REFUSED_ENTRY                                                   \
	"%s: protocol server %.31s (pid %d) ignored: EtherType 0x%04x (%s) "   \
	"needs the network right (init's -N)\n"
#define NETDRV_REFUSED_OPEN                                                    \
	"%s: pid %d may not take EtherType 0x%04x (%s): it lacks the network " \
	"right (init's -N); OPEN refused\n"

/* A driver's sessions and counters, as lv_netdrv_t has them. */
typedef struct netdrv_table {
	const netdrv_io_t *io;
	lv_netdrv_session_t *sessions; /* LV_NETDRV_SESSIONS_MAX of them */
	lv_netdrv_stats_t *stats;
} netdrv_table_t;

/* The EtherType of a frame (bytes 12-13, network order). */
uint16_t netdrv_ethertype(const uint8_t *frame);
/* 1 if the session takes frames of type (no list: every type, but the
 * reserved ones for an unreserved session). */
int netdrv_wants(const lv_netdrv_session_t *ss, uint16_t type);
/* 1 for the EtherTypes only holders of the network right may take (IPv4,
 * ARP, IPv6: lavender/netdrv_proto.h). */
int netdrv_reserved(uint16_t type);
/* A reserved type's protocol ("IPv4", "ARP", "IPv6"; "raw" otherwise), for
 * log lines. */
const char *netdrv_type_name(uint16_t type);
/* The first reserved type of types[0..n) that process pid may not take
 * (it lacks the network right: io->has_net), or 0 when it may take them
 * all. */
uint16_t netdrv_forbidden(const netdrv_table_t *t, int pid,
			  const uint16_t *types, uint32_t n);

/* Ends a session (its receiver told LV_NETDRV_GONE when tell is set, its
 * right closed); a free slot is left alone. */
void netdrv_end(const netdrv_table_t *t, lv_netdrv_session_t *ss, int tell);
/* Remove step 1: ends every session; how many there were. */
int netdrv_end_all(const netdrv_table_t *t, int tell);

/* The hand-over's last step (LV_NETDRV_HANDED): every session a client
 * opened is told LV_NETDRV_MOVED carrying a copy of the send right next
 * (the new driver's port), sessions opened for protocol servers end
 * untold; every right is closed. Returns how many were told. */
int netdrv_move_all(const netdrv_table_t *t, int next);

/* The sessions' processes into pids (one per live session, in table
 * order): how many there are. A module driver tells the kernel these
 * (kmodule_users): its reference count. */
int netdrv_users(const netdrv_table_t *t, int pids[LV_NETDRV_SESSIONS_MAX]);

/* Who may hand a driver's name over: 1 when sender holds the nucleus right
 * (privileged, as the caller found it) and is not the driver itself. */
int netdrv_may_take_over(int sender, int self, int privileged);

/* One received frame of n bytes in frame->payload: counted (frames_in,
 * bytes_in), pushed to every session that takes its EtherType (the header
 * set to LV_NETDRV_FRAME), and counted as dropped when it is shorter than
 * LV_NETDRV_FRAME_MIN or no session took it (none wants it, or every
 * receiver's queue was full). A receiver whose port died ends its session. */
void netdrv_deliver(const netdrv_table_t *t, lv_msg_t *frame, int n);

/* The requests: m is the request (header and payload), answered in place:
 * the status is returned, m->h.size set to the reply's payload. A right the
 * request kept is cleared from m->h.right (the caller closes one that is
 * left). */
/* OPEN: msg_netdrv_open_t or no payload, with a right: the session id
 * (>= 1); -ERR_INVAL (no right, a bad size or list), -ERR_PERM (a reserved
 * EtherType listed by a sender without the network right: io->refused
 * told; with no list such a sender's session is unreserved), -ERR_NOSPC (8
 * in all, or LV_NETDRV_SESSIONS_PER_CLIENT of m->h.sender). */
int netdrv_open(const netdrv_table_t *t, lv_msg_t *m);
/* CLOSE: msg_netdrv_close_t (one session) or no payload (every session of
 * the sender): 0, -ERR_NOENT, -ERR_PERM (another's), -ERR_INVAL (size). */
int netdrv_close(const netdrv_table_t *t, lv_msg_t *m);
/* TRANSMIT: hands the frame to send(dev, ...) and counts it when taken;
 * -ERR_INVAL outside LV_NETDRV_FRAME_MIN..MAX. */
int netdrv_transmit(const netdrv_table_t *t, lv_msg_t *m,
		    int (*send)(void *dev, const void *frame, size_t len),
		    void *dev);
/* GET_MAC: the 6 bytes clients ask for. */
int netdrv_get_mac(lv_msg_t *m, const uint8_t mac[6]);
/* STATS: the counters (the caller has filled the chip's error counts). */
int netdrv_get_stats(const netdrv_table_t *t, lv_msg_t *m);

/* Who may STOP a driver: init (1), the driver itself, the process that
 * started it (starter; 0: none) or one holding the right that governs
 * drivers (privileged: the nucleus right, as the caller found it). */
int netdrv_may_stop(int sender, int self, int starter, int privileged);

/* --- the paper's add step (4): sessions for protocol servers ---
 * A protocol server registers in the name server with type
 * LV_NETPROTO_TYPE and attributes "types=0800,0806" (hex EtherTypes). */
/* The EtherTypes of attrs' "types=" word into types (at most
 * LV_NETDRV_TYPES_MAX) and *n: 0, or -ERR_INVAL (none, not hex, too many,
 * over 0xFFFF). */
int netdrv_parse_types(const char *attrs, uint16_t *types, uint32_t *n);
/* A name-server event (m: op LV_NS_EVENT_*, payload an lv_ns_entry_t)
 * applied to the sessions: REGISTER/MODIFY opens one for the entry (its
 * right through io->lookup) or updates its EtherTypes, ends it when the
 * types became unusable or list a reserved one its owner may not take
 * (io->refused told: the entry is ignored); DELETE ends it. Returns the
 * session's slot + 1 when one was opened or updated (the caller logs it), 0
 * when nothing changed or the message was malformed, -ERR_* when no session
 * could be had (table full, lookup failed). */
int netdrv_ns_event(const netdrv_table_t *t, const lv_msg_t *m);
/* The same for an entry a LIST gave (as a REGISTER event). */
int netdrv_ns_entry(const netdrv_table_t *t, const lv_ns_entry_t *e);

#endif
