/* The back ends of newlib's file calls (newlib_glue.c dispatches):
 * descriptors 0-2 are the console (glue_console.c); 3 and up are files of the
 * file server (glue_fs.c) and sockets of the protocol server (glue_socket.c),
 * one descriptor space (glue_fd.c) that select's fd_set covers. All return 0
 * or a count, or -ERR_* (the dispatcher turns that into errno). */
#ifndef LAVENDER_USER_GLUE_H
#define LAVENDER_USER_GLUE_H
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>
#include "uapi/errors.h"

#define GLUE_CONSOLE_FDS 3
#define GLUE_FDS 64 /* descriptors after the console's */

/* What a descriptor is. */
enum glue_fd_kind {
	GLUE_FD_FREE = 0,
	GLUE_FD_CONSOLE,
	GLUE_FD_FILE,
	GLUE_FD_SOCKET,
};

/* Takes the lowest free descriptor for kind (GLUE_FD_FILE or _SOCKET):
 * the descriptor, or -ERR_MFILE when all GLUE_FDS are in use. Safe from
 * several threads. */
int glue_fd_claim(enum glue_fd_kind kind);
/* Frees a descriptor glue_fd_claim gave. */
void glue_fd_release(int fd);
/* What fd is (GLUE_FD_FREE for one out of range or not open). */
enum glue_fd_kind glue_fd_kind(int fd);
/* rc as newlib's callers want it: rc itself when >= 0, else -1 with errno
 * set from -ERR_* (newlib_glue.c's table). */
int glue_ret(int rc);

int console_fd_write(int fd, const void *buf, size_t len);
int console_fd_read(int fd, void *buf, size_t len);

int fs_fd_open(const char *path, int flags, int mode); /* the new fd */
int fs_fd_close(int fd);
int fs_fd_read(int fd, void *buf, size_t len);
int fs_fd_write(int fd, const void *buf, size_t len);
off_t fs_fd_lseek(int fd, off_t offset, int whence);
int fs_fd_fstat(int fd, struct stat *st);
int fs_path_stat(const char *path, struct stat *st);
int fs_path_unlink(const char *path);

/* Sockets: read is recv, write is send (glue_socket.c keeps the rest). */
int sock_fd_read(int fd, void *buf, size_t len);
int sock_fd_write(int fd, const void *buf, size_t len);
int sock_fd_close(int fd);
int sock_fd_fstat(int fd, struct stat *st);

#endif
