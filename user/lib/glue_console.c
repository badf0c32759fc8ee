/* The console back end of newlib's calls (fds 0-2): the console server over
 * IPC (lavender/console.h), or the kernel's console calls when there is no
 * console server (none registered, no name server, or it died). */
#include <lavender/console.h>
#include <lavender/syscall.h>
#include "glue.h"

#define BUSY_TICKS 100

/* -ERR_NOENT: no server known; the others: the one known just went away. */
static int use_kernel(int rc)
{
	return rc == -ERR_NOENT || rc == -ERR_DEADPORT || rc == -ERR_STALE ||
	       rc == -ERR_BADF;
}

static int kernel_write(const char *p, size_t len)
{
	size_t done = 0;
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

int console_fd_write(int fd, const void *buf, size_t len)
{
	if (fd == 0)
		return -ERR_BADF;
	if (len == 0)
		return 0;
	int rc = lv_con_write(buf, len);
	return use_kernel(rc) ? kernel_write(buf, len) : rc;
}

/* Reads through the console server, else the kernel. -ERR_BUSY from the
 * kernel: a console server took the line (and the bytes the kernel held);
 * it registers its name right after, so ask again a few ticks long. */
int console_fd_read(int fd, void *buf, size_t len)
{
	if (fd != 0)
		return -ERR_BADF;
	if (len == 0)
		return 0;
	for (int tick = 0;; tick++) {
		int rc = lv_con_read(buf, len);
		if (!use_kernel(rc))
			return rc;
		rc = lv_console_read(buf, len);
		if (rc != -ERR_BUSY || tick == BUSY_TICKS)
			return rc;
		lv_sleep(1);
	}
}
