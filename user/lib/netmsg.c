/* netmsg.h: socket errors in words. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <lavender/syscall.h>
#include "netmsg.h"
#include "uapi/errors.h"

const char *netmsg_rc(int rc)
{
	return rc == -ERR_STALE ? NETMSG_STALE : lv_strerror(rc);
}

const char *netmsg_errno(int errnum)
{
	static char unknown[24];
	const char *s = errnum == ESTALE ? NETMSG_STALE : strerror(errnum);

	if (s && *s)
		return s;
	snprintf(unknown, sizeof(unknown), "error %d", errnum);
	return unknown;
}
