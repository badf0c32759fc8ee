/* The file server's client API (the protocol is lavender/fs_proto.h). The
 * server is found once through the name server (lv_ns_lookup("fs"), waiting
 * up to about two seconds for it to register at boot) and the right is
 * cached; a call that finds the server dead forgets it, so a restarted
 * server is looked up again (ids of the old one are then stale). Calls are
 * not thread-safe (they share one message buffer, like lv_rpc). Every call
 * returns 0, a count or an id, or -ERR_*.
 *
 * Directories: lv_fs_readdir reads a batch of entries by index;
 * lv_fs_opendir / lv_fs_nextdir walk one with a caller-owned lv_fs_dir_t
 * (newlib's <dirent.h> is not available for this target). */
#ifndef LAVENDER_FS_H
#define LAVENDER_FS_H
#include <stddef.h>
#include <stdint.h>
#include <lavender/fs_proto.h>

/* A send right to the file server (cached), or -ERR_NOENT. */
int lv_fs_server(void);
/* Uses the send right handle for the file server from now on instead of
 * asking the name server (a parent can hand one over at spawn as
 * LV_BOOT_HANDLE). */
void lv_fs_use(int handle);
/* For a process that grants rights to what it reads (init's driver images,
 * lkmd's modules): sends the file calls to the "fs" entry only when pid
 * owner registered it -- the file server that process trusts, not one that
 * took the name while the real one restarted. 0, -ERR_ACCES (someone
 * else's entry; owner <= 0 too), or the lookup's error. */
int lv_fs_pin(int owner);
/* 1 while the calls still go to the right lv_fs_pin chose (a dead server
 * makes them look "fs" up again, unchecked): check it after reading. */
int lv_fs_pinned(void);

/* Opens path with LV_FS_O_* flags; the id, and the file's stat if st. */
int lv_fs_open(const char *path, uint32_t flags, lv_fs_stat_t *st);
int lv_fs_close(int id);
/* Reads up to len bytes at offset (as many calls as it takes; fewer bytes
 * only at the end of the file): the count. */
int lv_fs_read(int id, uint32_t offset, void *buf, size_t len);
/* Writes len bytes at offset (at the end if opened with LV_FS_O_APPEND):
 * the count; *end (may be NULL) gets the offset just after them. */
int lv_fs_write(int id, uint32_t offset, const void *buf, size_t len,
		uint32_t *end);
int lv_fs_truncate(int id, uint32_t size);
int lv_fs_fstat(int id, lv_fs_stat_t *st);
int lv_fs_stat(const char *path, lv_fs_stat_t *st);
int lv_fs_unlink(const char *path);
int lv_fs_mkdir(const char *path);
/* Up to max entries of directory path from entry index on: how many. */
int lv_fs_readdir(const char *path, uint32_t index, lv_fs_dirent_t *out,
		  int max);

#define LV_FS_DIR_BATCH 16
typedef struct lv_fs_dir {
	char path[LV_FS_PATH_MAX];
	uint32_t index;	 /* of the next entry to fetch from the server */
	int count, next; /* entries in ent, and the next one to hand out */
	int end;	 /* the walk is over */
	int error;	 /* 0, or the -ERR_* that ended it */
	lv_fs_dirent_t ent[LV_FS_DIR_BATCH];
} lv_fs_dir_t;

/* Starts walking directory path: 0, -ERR_NOENT, -ERR_NOTDIR (not a
 * directory), -ERR_NAMETOOLONG. */
int lv_fs_opendir(lv_fs_dir_t *d, const char *path);
/* The next entry (valid until the next call), or NULL at the end or on an
 * error (then d->error says which). */
const lv_fs_dirent_t *lv_fs_nextdir(lv_fs_dir_t *d);

#endif
