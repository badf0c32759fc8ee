/* The file back end of newlib's calls: descriptors 3 and up are files of the
 * file server (lavender/fs.h). The server keeps no position: each descriptor
 * here keeps its own offset (lseek is local; SEEK_END asks for the size),
 * reads and writes pass it along, and with O_APPEND the server says where
 * the bytes landed. A path "NODE:/path" opens a file of NODE's file server
 * (lavender/fs.h "Other nodes"): the descriptor keeps the node, since ids
 * are per server. Descriptors are not shared between processes; sockets
 * take theirs from the same space (glue_fd.c). */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>
#include <lavender/fs.h>
#include <lavender/syscall.h>
#include "glue.h"

struct fs_fd {
	int id;		/* the server's id; 0: a free descriptor */
	uint32_t flags; /* LV_FS_O_* */
	uint32_t pos;
	char node[LV_FS_NODE_MAX]; /* the server's node; "": the local one */
};

static struct fs_fd fds[GLUE_FDS]; /* by descriptor - GLUE_CONSOLE_FDS */

static struct fs_fd *fd_get(int fd)
{
	if (glue_fd_kind(fd) != GLUE_FD_FILE)
		return NULL;
	return fds[fd - GLUE_CONSOLE_FDS].id ? &fds[fd - GLUE_CONSOLE_FDS]
					     : NULL;
}

/* newlib's O_* as the server's LV_FS_O_*, or -ERR_INVAL. */
static int fs_flags(int flags)
{
	uint32_t f = 0;

	switch (flags & O_ACCMODE) {
	case O_RDONLY: f = LV_FS_O_READ; break;
	case O_WRONLY: f = LV_FS_O_WRITE; break;
	case O_RDWR: f = LV_FS_O_READ | LV_FS_O_WRITE; break;
	default: return -ERR_INVAL;
	}
	if (flags & O_CREAT)
		f |= LV_FS_O_CREATE;
	if (flags & O_TRUNC)
		f |= LV_FS_O_TRUNC;
	if (flags & O_APPEND)
		f |= LV_FS_O_APPEND;
	if (flags & O_EXCL)
		f |= LV_FS_O_EXCL;
	return (int)f;
}

int fs_fd_open(const char *path, int flags, int mode)
{
	int f = fs_flags(flags), id, fd;
	struct fs_fd d = {.flags = (uint32_t)f};
	const char *rest;

	(void)mode; /* no owners or permissions to set */
	if (f < 0)
		return f;
	if (path && (id = lv_fs_path_split(path, d.node, &rest)) < 0)
		return id;
	fd = glue_fd_claim(GLUE_FD_FILE);
	if (fd < 0)
		return fd;
	id = lv_fs_open(path, (uint32_t)f, NULL);
	if (id <= 0) {
		glue_fd_release(fd);
		return id < 0 ? id : -ERR_IO;
	}
	d.id = id;
	fds[fd - GLUE_CONSOLE_FDS] = d;
	return fd;
}

int fs_fd_close(int fd)
{
	struct fs_fd *d = fd_get(fd), was;

	if (!d)
		return -ERR_BADF;
	was = *d;
	d->id = 0; /* gone whatever the server says */
	glue_fd_release(fd);
	return lv_fs_close_on(was.node, was.id);
}

int fs_fd_read(int fd, void *buf, size_t len)
{
	struct fs_fd *d = fd_get(fd);
	int rc;

	if (!d)
		return -ERR_BADF;
	rc = lv_fs_read_on(d->node, d->id, d->pos, buf, len);
	if (rc > 0)
		d->pos += (uint32_t)rc;
	return rc;
}

int fs_fd_write(int fd, const void *buf, size_t len)
{
	struct fs_fd *d = fd_get(fd);
	uint32_t end;
	int rc;

	if (!d)
		return -ERR_BADF;
	rc = lv_fs_write_on(d->node, d->id, d->pos, buf, len, &end);
	if (rc >= 0)
		d->pos = end;
	return rc;
}

off_t fs_fd_lseek(int fd, off_t offset, int whence)
{
	struct fs_fd *d = fd_get(fd);
	lv_fs_stat_t st;
	off_t base;
	int rc;

	if (!d)
		return -ERR_BADF;
	switch (whence) {
	case SEEK_SET: base = 0; break;
	case SEEK_CUR: base = (off_t)d->pos; break;
	case SEEK_END:
		rc = lv_fs_fstat_on(d->node, d->id, &st);
		if (rc < 0)
			return rc;
		base = (off_t)st.size;
		break;
	default: return -ERR_INVAL;
	}
	if (offset < -base || offset > (off_t)LV_FS_FILE_MAX - base)
		return -ERR_INVAL;
	d->pos = (uint32_t)(base + offset);
	return (off_t)d->pos;
}

static void fill_stat(struct stat *st, const lv_fs_stat_t *fs)
{
	memset(st, 0, sizeof(*st));
	st->st_mode = (fs->type == LV_FS_DIR ? S_IFDIR : S_IFREG) | fs->mode;
	st->st_size = (off_t)fs->size;
	st->st_ino = (ino_t)fs->ino;
	st->st_nlink = 1;
	st->st_blksize = LV_FS_READ_MAX;
	st->st_blocks = (blkcnt_t)((fs->size + 511) / 512);
}

int fs_fd_fstat(int fd, struct stat *st)
{
	struct fs_fd *d = fd_get(fd);
	lv_fs_stat_t fs;
	int rc;

	if (!d)
		return -ERR_BADF;
	rc = lv_fs_fstat_on(d->node, d->id, &fs);
	if (rc < 0)
		return rc;
	fill_stat(st, &fs);
	return 0;
}

int fs_path_stat(const char *path, struct stat *st)
{
	lv_fs_stat_t fs;
	int rc = lv_fs_stat(path, &fs);

	if (rc < 0)
		return rc;
	fill_stat(st, &fs);
	return 0;
}

int fs_path_unlink(const char *path) { return lv_fs_unlink(path); }
