/* The console back end of newlib's calls: today the kernel's console calls.
 * (The console server of the Name-server issue moves this to IPC.) */
#include <lavender/syscall.h>
#include "glue.h"

int console_fd_write(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;
	if (fd == 0)
		return -ERR_BADF;
	while (done < len) {
		int rc = lv_console_write(p + done, len - done);
		if (rc < 0)
			return done ? (int)done : rc;
		if (rc == 0)
			break;
		done += (size_t)rc;
	}
	return (int)done;
}

int console_fd_read(int fd, void *buf, size_t len)
{
	if (fd != 0)
		return -ERR_BADF;
	return len ? lv_console_read(buf, len) : 0;
}
