/* socktest's parts: the checks of the BSD socket API against the real
 * protocol server (dgram.c: addresses, datagrams, waiting; limits.c: the
 * per-process limit, another process's socket id, a full receive queue)
 * and what they share (main.c). Every check returns NULL or why it failed
 * (check.h). */
#ifndef SOCKTEST_H
#define SOCKTEST_H
#include <stddef.h>
#include <stdint.h>
#include <netinet/in.h>

/* The node's own address (network order), found at start. */
extern uint32_t self_addr;
/* The program's image name (argv[0]), to spawn itself. */
extern const char *self_image;

/* A UDP socket bound to the node's address (port 0: an ephemeral one);
 * its port (host order) into *port when port is not NULL; -1 on error
 * (errno set). */
int udp_bound(uint16_t want_port, uint16_t *port);
/* sockaddr_in of the node's address and port (host order). */
struct sockaddr_in to_self(uint16_t port);
/* Milliseconds since boot (gettimeofday). */
long now_ms(void);

const char *check_bind_conflict(void);
const char *check_ephemeral(void);
const char *check_reserved_port(void);
const char *check_destaddrreq(void);
const char *check_loopback_sizes(void);
const char *check_too_big(void);
const char *check_peek(void);
const char *check_trunc(void);
const char *check_rcvtimeo(void);
const char *check_poll(void);
const char *check_select(void);
const char *check_connrefused(void);
const char *check_broadcast(void);
const char *check_fd_calls(void);
const char *check_limit(void);
const char *check_forged_id(void);
const char *check_queue_overflow(void);

/* The children's modes: "socktest limit" opens sockets to the limit and
 * ends with them open; "socktest forge ID" uses socket ID of another
 * process. Each returns the exit status. */
int limit_child(void);
int forge_child(uint32_t id);

#endif
