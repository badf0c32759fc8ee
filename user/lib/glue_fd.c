/* The descriptor space files and sockets share (glue.h): which kind each of
 * the GLUE_FDS descriptors after the console's is; the back ends keep the
 * rest of their descriptors' state themselves. */
#include <lavender/syscall.h>
#include "glue.h"

static volatile int kinds[GLUE_FDS]; /* enum glue_fd_kind */

int glue_fd_claim(enum glue_fd_kind kind)
{
	for (int i = 0; i < GLUE_FDS; i++)
		if (__sync_bool_compare_and_swap(&kinds[i], GLUE_FD_FREE,
						 (int)kind))
			return GLUE_CONSOLE_FDS + i;
	return -ERR_MFILE; /* POSIX open(), socket(): EMFILE */
}

void glue_fd_release(int fd)
{
	if (fd >= GLUE_CONSOLE_FDS && fd < GLUE_CONSOLE_FDS + GLUE_FDS)
		kinds[fd - GLUE_CONSOLE_FDS] = GLUE_FD_FREE;
}

enum glue_fd_kind glue_fd_kind(int fd)
{
	if (fd >= 0 && fd < GLUE_CONSOLE_FDS)
		return GLUE_FD_CONSOLE;
	if (fd < 0 || fd >= GLUE_CONSOLE_FDS + GLUE_FDS)
		return GLUE_FD_FREE;
	return (enum glue_fd_kind)kinds[fd - GLUE_CONSOLE_FDS];
}
