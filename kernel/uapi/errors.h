/* The one list of error codes, shared by the kernel and user space.
 * Calls return 0 (or a count) on success and -ERR_x on failure. Not errno:
 * user-space libraries translate these to newlib's errno values. */
#ifndef LAVENDER_UAPI_ERRORS_H
#define LAVENDER_UAPI_ERRORS_H

/* X(name, value, message) */
#define ERR_LIST(X)                                                            \
	X(ERR_PERM, 1, "operation not permitted")                              \
	X(ERR_NOENT, 2, "no such entry")                                       \
	X(ERR_SRCH, 3, "no such process")                                      \
	X(ERR_INTR, 4, "interrupted")                                          \
	X(ERR_IO, 5, "input/output error")                                     \
	X(ERR_2BIG, 7, "argument list too long")                               \
	X(ERR_NOEXEC, 8, "bad executable format")                              \
	X(ERR_BADF, 9, "bad handle")                                           \
	X(ERR_AGAIN, 11, "try again")                                          \
	X(ERR_NOMEM, 12, "out of memory")                                      \
	X(ERR_ACCES, 13, "access denied")                                      \
	X(ERR_FAULT, 14, "bad address")                                        \
	X(ERR_BUSY, 16, "resource busy")                                       \
	X(ERR_EXIST, 17, "already exists")                                     \
	X(ERR_NODEV, 19, "no such device")                                     \
	X(ERR_NOTDIR, 20, "not a directory")                                   \
	X(ERR_ISDIR, 21, "is a directory")                                     \
	X(ERR_INVAL, 22, "invalid argument")                                   \
	X(ERR_MFILE, 24, "too many open files in this process")                \
	X(ERR_NOSPC, 28, "no space left")                                      \
	X(ERR_ROFS, 30, "read-only file system")                               \
	X(ERR_RANGE, 34, "out of range")                                       \
	X(ERR_NAMETOOLONG, 36, "name too long")                                \
	X(ERR_NOSYS, 38, "no such operation")                                  \
	X(ERR_LOOP, 40, "rights would nest or form a cycle")                   \
	X(ERR_NOTSOCK, 88, "not a socket")                                     \
	X(ERR_DESTADDRREQ, 89, "destination address required")                 \
	X(ERR_MSGSIZE, 90, "message too long")                                 \
	X(ERR_NOPROTOOPT, 92, "protocol option not supported")                 \
	X(ERR_PROTONOSUPPORT, 93, "protocol not supported")                    \
	X(ERR_OPNOTSUPP, 95, "operation not supported")                        \
	X(ERR_AFNOSUPPORT, 97, "address family not supported")                 \
	X(ERR_ADDRINUSE, 98, "address already in use")                         \
	X(ERR_ADDRNOTAVAIL, 99, "address not available")                       \
	X(ERR_NETDOWN, 100, "network is down")                                 \
	X(ERR_NETUNREACH, 101, "network unreachable")                          \
	X(ERR_ISCONN, 106, "socket already connected")                         \
	X(ERR_NOTCONN, 107, "socket not connected")                            \
	X(ERR_TIMEDOUT, 110, "timed out")                                      \
	X(ERR_CONNREFUSED, 111, "connection refused")                          \
	X(ERR_HOSTUNREACH, 113, "host unreachable")                            \
	X(ERR_DEADPORT, 200, "port is dead")                                   \
	X(ERR_STALE, 201, "stale handle")

enum err_code {
#define ERR_ENUM(name, value, msg) name = value,
	ERR_LIST(ERR_ENUM)
#undef ERR_ENUM
};

#endif
