/* The name server's operations (lavender/ns_proto.h): request unpacking and
 * checks over the name table and the subscriptions. One server thread. */
#ifndef NS_SERVICE_H
#define NS_SERVICE_H
#include <stddef.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include "pure_table.h"

/* The handlers, for lv_serve. */
extern const lv_op_t ns_ops[];
extern const size_t ns_ops_count;

/* Sets the service up on port (the server's receive right: requests and
 * death notices arrive there) and enters the server itself as name, type
 * "server". 0 or -ERR_*. */
int ns_service_init(int port, const char *name);

/* The client's view of a table entry. */
void ns_entry_fill(lv_ns_entry_t *e, const ns_rec_t *r);

#endif
