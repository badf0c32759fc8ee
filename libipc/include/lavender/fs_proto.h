/* The file server's messages (servers/fs serves them, libipc/fs.c sends
 * them). The server registers with the name server as "fs", type "fs"; every
 * request is an lv_rpc call on that port and the reply's status (header op)
 * is 0, a count or an id, or -ERR_*.
 *
 * Files are named by ids the server hands out at FS_OPEN; an id works only
 * for the process that opened it (the sender pid the kernel stamps on every
 * message). The server keeps no file position: FS_READ and FS_WRITE carry
 * their offset (like pread/pwrite) and the client library keeps each
 * descriptor's position, so seeking is the client's business. Paths are
 * absolute, NUL-terminated, at most LV_FS_PATH_MAX bytes with the NUL; a
 * request carries only the used part of the path (the NUL must be inside
 * the payload, else -ERR_INVAL).
 *
 * Files of the initrd can be written: the first change copies their bytes
 * (copy-on-write; the boot archive itself never changes), and they can be
 * unlinked like files made at run time. Nothing is ever written back. */
#ifndef LAVENDER_FS_PROTO_H
#define LAVENDER_FS_PROTO_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/ipc.h"

#define LV_FS_NAME "fs" /* in the name server */
#define LV_FS_TYPE "fs"
#define LV_FS_PATH_MAX 256
#define LV_FS_NAME_MAX 56 /* one path component, NUL included */
#define LV_FS_FILE_MAX (16u << 20)
#define LV_FS_READ_MAX LV_MSG_PAYLOAD_MAX	   /* bytes per FS_READ */
#define LV_FS_WRITE_MAX (LV_MSG_PAYLOAD_MAX - 16u) /* bytes per FS_WRITE */

/* FS_OPEN flags. READ and/or WRITE is required; TRUNC needs WRITE. */
#define LV_FS_O_READ 0x01u
#define LV_FS_O_WRITE 0x02u
#define LV_FS_O_CREATE 0x04u /* make the file if it is missing */
#define LV_FS_O_TRUNC 0x08u
#define LV_FS_O_APPEND 0x10u /* every write lands at the end */
#define LV_FS_O_EXCL 0x20u   /* with CREATE: -ERR_EXIST if it exists */

enum lv_fs_type {
	LV_FS_FILE = 1,
	LV_FS_DIR = 2,
};

/* What FS_STAT and FS_FSTAT answer (and FS_OPEN, of the opened file). */
typedef struct lv_fs_stat {
	uint32_t type; /* enum lv_fs_type */
	uint32_t size; /* bytes (0 for a directory) */
	uint32_t ino;  /* unique while the server runs */
	uint32_t mode; /* permission bits, e.g. 0755 */
} lv_fs_stat_t;
_Static_assert(sizeof(lv_fs_stat_t) == 16, "lv_fs_stat_t layout");

/* One entry of FS_READDIR's answer. */
typedef struct lv_fs_dirent {
	char name[LV_FS_NAME_MAX];
	uint32_t type; /* enum lv_fs_type */
	uint32_t size;
} lv_fs_dirent_t;
_Static_assert(sizeof(lv_fs_dirent_t) == 64, "lv_fs_dirent_t layout");
#define LV_FS_DIRENTS_MAX (LV_MSG_PAYLOAD_MAX / sizeof(lv_fs_dirent_t))

enum fs_op {
	/* msg_fs_open_t -> status: the id (> 0); payload: lv_fs_stat_t.
	 * -ERR_NOENT, -ERR_EXIST, -ERR_ISDIR (a directory opened to write),
	 * -ERR_INVAL (flags), -ERR_NOSPC (the server's 256 open files are in
	 * use), -ERR_MFILE (the caller holds 64 already). A directory may be
	 * opened to read (for FS_FSTAT); FS_READ on it: -ERR_ISDIR; a file in
	 * the path's prefix: -ERR_NOTDIR. */
	FS_OPEN = 0x46530001u,
	/* msg_fs_id_t -> 0; -ERR_BADF. */
	FS_CLOSE = 0x46530002u,
	/* msg_fs_read_t -> status: count (0 at the end); payload: the bytes.
	 * -ERR_BADF (unknown id or not opened to read). */
	FS_READ = 0x46530003u,
	/* msg_fs_write_t + len bytes -> status: len; payload:
	 * msg_fs_write_reply_t. With APPEND the offset is ignored and the
	 * bytes go at the end. -ERR_BADF, -ERR_NOSPC, -ERR_INVAL (len). */
	FS_WRITE = 0x46530004u,
	/* msg_fs_path_t -> 0; payload: lv_fs_stat_t. -ERR_NOENT. */
	FS_STAT = 0x46530005u,
	/* msg_fs_id_t -> 0; payload: lv_fs_stat_t. -ERR_BADF. */
	FS_FSTAT = 0x46530006u,
	/* msg_fs_readdir_t -> status: n entries from index on (0 past the
	 * last), payload: n lv_fs_dirent_t, sorted by name. -ERR_NOENT,
	 * -ERR_NOTDIR (not a directory). */
	FS_READDIR = 0x46530007u,
	/* msg_fs_path_t -> 0. -ERR_NOENT, -ERR_BUSY (a directory that is not
	 * empty), -ERR_PERM (the root). An open file lives on until closed. */
	FS_UNLINK = 0x46530008u,
	/* msg_fs_path_t -> 0. -ERR_EXIST, -ERR_NOENT (no parent). */
	FS_MKDIR = 0x46530009u,
	/* msg_fs_truncate_t -> 0: cuts or zero-extends an open file.
	 * -ERR_BADF (not opened to write), -ERR_NOSPC. */
	FS_TRUNCATE = 0x4653000Au,
};

typedef struct msg_fs_path {
	char path[LV_FS_PATH_MAX];
} msg_fs_path_t;

typedef struct msg_fs_open {
	uint32_t flags; /* LV_FS_O_* */
	char path[LV_FS_PATH_MAX];
} msg_fs_open_t;
_Static_assert(offsetof(msg_fs_open_t, path) == 4, "msg_fs_open_t layout");

typedef struct msg_fs_id {
	int32_t id;
} msg_fs_id_t;
_Static_assert(sizeof(msg_fs_id_t) == 4, "msg_fs_id_t layout");

typedef struct msg_fs_read {
	int32_t id;
	uint32_t offset;
	uint32_t len; /* at most LV_FS_READ_MAX are answered */
} msg_fs_read_t;
_Static_assert(sizeof(msg_fs_read_t) == 12, "msg_fs_read_t layout");

typedef struct msg_fs_write {
	int32_t id;
	uint32_t offset;
	uint32_t len; /* 0..LV_FS_WRITE_MAX; the payload: 16 + len bytes */
	uint32_t reserved;
	uint8_t data[];
} msg_fs_write_t;
_Static_assert(sizeof(msg_fs_write_t) == 16, "msg_fs_write_t layout");

typedef struct msg_fs_write_reply {
	uint32_t end; /* the offset just after the bytes written */
} msg_fs_write_reply_t;
_Static_assert(sizeof(msg_fs_write_reply_t) == 4, "write reply layout");

typedef struct msg_fs_readdir {
	uint32_t index; /* the first entry wanted (0: from the start) */
	char path[LV_FS_PATH_MAX];
} msg_fs_readdir_t;
_Static_assert(offsetof(msg_fs_readdir_t, path) == 4, "readdir layout");

typedef struct msg_fs_truncate {
	int32_t id;
	uint32_t size;
} msg_fs_truncate_t;
_Static_assert(sizeof(msg_fs_truncate_t) == 8, "msg_fs_truncate_t layout");

#endif
