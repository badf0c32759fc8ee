/* The words the network programs (ping, udpsend, udpecho) print for a
 * socket error: the error's text, never empty, and for a socket whose
 * protocol server restarted (-ERR_STALE, errno ESTALE) what happened and
 * what to do. */
#ifndef LAVENDER_USER_NETMSG_H
#define LAVENDER_USER_NETMSG_H

#define NETMSG_STALE                                                           \
	"the protocol server restarted: its sockets are gone (run the "        \
	"program again)"

/* The text of rc (-ERR_*) from an lv_sock_* call. */
const char *netmsg_rc(int rc);
/* The text of errnum (errno) from a BSD socket call: strerror's, or
 * "error N" where newlib has none. */
const char *netmsg_errno(int errnum);

#endif
