/* Interfaces: every NIC driver entry in the name server (type
 * LV_NETDRV_TYPE, owned by a process that may drive hardware) becomes an
 * interface, named eth0, eth1, ... in order of arrival; a driver name seen
 * before gets its old interface name and address back. A hand-over (a
 * driver swap) keeps the interface; a deleted entry removes it, its routes
 * and ARP entries, and tells the sockets bound to its address. Runs in
 * net's loop thread. */
#ifndef NET_IFACE_H
#define NET_IFACE_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/net_proto.h>
#include <lavender/ns.h>
#include "pure_wire.h"

typedef struct iface {
	int used;      /* 0: a free slot */
	int present;   /* its driver is registered (else remembered) */
	uint8_t index; /* its slot: ARP and routes name it so */
	char name[LV_NET_IFNAME_MAX];
	char driver[LV_NS_NAME_MAX];
	int driver_pid; /* the entry's owner: frames come from it */
	int handle;	/* send right to the driver's port (0: none) */
	uint8_t mac[ETH_ALEN];
	uint16_t mtu;
	uint32_t flags;	     /* LV_NET_IF_* */
	uint32_t addr, mask; /* 0: none */
	uint32_t source;     /* enum lv_net_addr_source */
	uint32_t frames_in, frames_out, bytes_in, bytes_out;
	uint32_t tx_errors;
} iface_t;

/* Subscribes to driver entries and takes the ones already there; reads
 * ip=/gw= from the kernel command line. 0 or -ERR_*. */
int iface_start(void);
/* The interface of slot i (NULL past the end or a free slot), by name,
 * by the driver process a frame came from. */
iface_t *iface_at(unsigned i);
iface_t *iface_by_name(const char *name);
iface_t *iface_by_driver_pid(int pid);
/* The interface whose address is addr (up or not), NULL if none. */
iface_t *iface_by_addr(uint32_t addr);
/* An interface that is down and whose network holds dst (it has no
 * routes while down: sending there is -ERR_NETDOWN, not unreachable). */
iface_t *iface_down_for(uint32_t dst);
/* 1 when the interface exists, is up and has an address. */
int iface_usable(const iface_t *ifc);
/* Sends one Ethernet frame (payload len bytes of type to dst). 0 or
 * -ERR_* (counted in the interface's tx_errors). */
int iface_send(iface_t *ifc, const uint8_t dst[ETH_ALEN], uint16_t type,
	       const void *payload, size_t len);
/* Sets the address (mask 0: /24), replacing the connected route (when
 * up) and removing the routes whose gateway is no longer on a connected
 * network (logged); source says where it came from (logged). addr 0
 * removes it. */
void iface_set_addr(iface_t *ifc, uint32_t addr, uint32_t mask,
		    uint32_t source);
/* Up or down (down: the address stays but is not used, and the
 * interface's routes go; up: the connected route and gw='s default come
 * back). */
void iface_set_up(iface_t *ifc, int up);
/* The handler of the name server's events about driver entries. */
void iface_ns_event(uint32_t op, const lv_ns_entry_t *e);
/* A frame came from the driver process sender (LV_NETDRV_FRAME). */
void iface_frame_in(int sender, const uint8_t *frame, size_t len);
/* The driver of sender said LV_NETDRV_GONE (its session ends). */
void iface_driver_gone(int sender);
/* Fills out[] with up to max interfaces; returns how many. */
int iface_list(lv_net_if_t *out, int max);
/* "a.b.c.d" of host-order addr into buf (16 bytes). */
const char *net_ntoa(uint32_t addr, char buf[16]);

#endif
