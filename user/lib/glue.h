/* The two back ends of newlib's file calls (newlib_glue.c dispatches):
 * descriptors 0-2 are the console (glue_console.c), 3 and up are files of the
 * file server (glue_fs.c). All return 0 or a count, or -ERR_* (the
 * dispatcher turns that into errno). */
#ifndef LAVENDER_USER_GLUE_H
#define LAVENDER_USER_GLUE_H
#include <stddef.h>
#include <sys/stat.h>
#include <sys/types.h>

#define GLUE_CONSOLE_FDS 3

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

#endif
