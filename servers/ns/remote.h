/* name@node lookups, forwarded to the protocol server (lavender/ns_proto.h
 * NS_LOOKUP), and the network right that makes a process the protocol
 * server in the name server's eyes. */
#ifndef NS_REMOTE_H
#define NS_REMOTE_H
#include "pure_table.h"

/* Whether pid (> 0) holds the network right (LV_PRIV_NET): the protocol
 * server, or a test's stand-in for it. 0 for pid <= 0. */
int ns_has_net_right(int pid);

/* The protocol server in t: the entry LV_NET_NAME if its owner holds the
 * network right (an impostor "net" is not one), else NULL. */
const ns_rec_t *ns_protocol_server(const ns_table_t *t);

/* In a lookup handler: asks net (the protocol server's entry) for node's
 * exported entry name with LV_NET_RLOOKUP, deferring the client's reply
 * until net answers (the loop serves others meanwhile). Returns
 * LV_DEFERRED (the client then gets net's entry and right, or its error),
 * or an error answered at once (-ERR_NOSPC: too many pending). */
int ns_remote_lookup(const ns_rec_t *net, const char *name, const char *node);

#endif
