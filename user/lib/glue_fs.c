/* The file back end of newlib's calls. No file server yet: every name is
 * missing and no descriptor above 2 is open. */
#include <lavender/syscall.h>
#include "glue.h"

int fs_fd_open(const char *path, int flags, int mode)
{
	(void)path, (void)flags, (void)mode;
	return -ERR_NOENT;
}

int fs_fd_close(int fd) { return (void)fd, -ERR_BADF; }

int fs_fd_read(int fd, void *buf, size_t len)
{
	(void)fd, (void)buf, (void)len;
	return -ERR_BADF;
}

int fs_fd_write(int fd, const void *buf, size_t len)
{
	(void)fd, (void)buf, (void)len;
	return -ERR_BADF;
}

off_t fs_fd_lseek(int fd, off_t offset, int whence)
{
	(void)fd, (void)offset, (void)whence;
	return -ERR_BADF;
}

int fs_fd_fstat(int fd, struct stat *st)
{
	(void)fd, (void)st;
	return -ERR_BADF;
}

int fs_path_stat(const char *path, struct stat *st)
{
	(void)path, (void)st;
	return -ERR_NOENT;
}

int fs_path_unlink(const char *path)
{
	(void)path;
	return -ERR_NOENT;
}
