/* libctest's checks of the BSD socket layer that run without a protocol
 * server (sockets.c). Each returns NULL or what failed. */
#ifndef LIBCTEST_SOCKETS_H
#define LIBCTEST_SOCKETS_H

const char *check_inet(void);
const char *check_socket_errors(void);
const char *check_poll(void);

#endif
