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
 * (newlib's <dirent.h> is not available for this target).
 *
 * Other nodes (the paper's remote files, "cat beta:/etc/motd"): a path
 * "NODE:/path" names /path on the file server of NODE (a name in
 * /etc/hosts or an address), reached by the name server's lookup of
 * "fs@NODE" (a right to a proxy port of the protocol server; lavender/ns.h
 * "Other nodes"). Only that form is remote: NODE is one or more letters,
 * digits, '-', '.' or '_', then ':' and an absolute path. Anything else is
 * a local path as before, so a local file whose name has a ':' is named by
 * its absolute path ("/tmp/a:/b" is local). The rights of up to
 * LV_FS_REMOTE_MAX nodes' servers are cached (the least recently used one
 * goes first); one found dead (-ERR_DEADPORT, -ERR_STALE: the server or
 * its node's protocol server restarted) is looked up again once, as the
 * local one is. A remote caller may only read (the file server refuses
 * the rest, -ERR_ROFS). Errors of a remote path besides the file server's
 * own: -ERR_HOSTUNREACH (NODE is no address and not in /etc/hosts),
 * -ERR_ADDRNOTAVAIL (NODE is a broadcast, multicast or 0.0.0.0/8 address:
 * no one node),
 * -ERR_TIMEDOUT (the node did not answer), -ERR_NOENT (no such file, or
 * NODE exports no file server), -ERR_NETDOWN (no protocol server here),
 * -ERR_NAMETOOLONG (NODE longer than LV_FS_NODE_MAX - 1);
 * lv_fs_remote_strerror words them for a user.
 *
 * Ids are per file server: an id lv_fs_open gave for "NODE:/path" is
 * NODE's, and only the _on calls with that NODE reach it (the plain id
 * calls are the local server's, as lv_fs_close(id) is lv_fs_close_on(NULL,
 * id)). lv_fs_path_split tells the node of a path. */
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
 * took the name while the real one restarted. From then on a path of
 * another node ("NODE:/path") is -ERR_ACCES: no other server is asked.
 * 0, -ERR_ACCES (someone else's entry; owner <= 0 too), or the lookup's
 * error. */
int lv_fs_pin(int owner);
/* 1 while the calls still go to the right lv_fs_pin chose (a dead server
 * makes them look "fs" up again, unchecked): check it after reading. */
int lv_fs_pinned(void);

/* A node's name and its NUL (as lavender/hosts.h LV_HOST_NAME_MAX). */
#define LV_FS_NODE_MAX 64
#define LV_FS_REMOTE_MAX 4 /* nodes whose file servers' rights are kept */

/* Splits path: 1 when it is "NODE:/path" (NODE into node, of
 * LV_FS_NODE_MAX bytes, and *rest at "/path"), 0 for a local path (node
 * "", *rest path), -ERR_NAMETOOLONG when NODE does not fit. Pure. */
int lv_fs_path_split(const char *path, char *node, const char **rest);
/* 1 when path looks meant for another node but is not "NODE:/path": NODE
 * characters and a ':' with no '/' after it ("beta:", "beta:etc/motd"),
 * a local path that a "no such file" should say so of; else 0. Pure. */
int lv_fs_path_near_remote(const char *path);
/* What a remote path's error rc means, for a user (a refused write, no
 * such node, no answer, ...); else lv_strerror's text. */
const char *lv_fs_remote_strerror(int rc);

/* Opens path with LV_FS_O_* flags; the id (of path's file server: see
 * "Ids" above), and the file's stat if st. */
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

/* The id calls on node's file server (node NULL or "": the local one). */
int lv_fs_close_on(const char *node, int id);
int lv_fs_read_on(const char *node, int id, uint32_t offset, void *buf,
		  size_t len);
int lv_fs_write_on(const char *node, int id, uint32_t offset, const void *buf,
		   size_t len, uint32_t *end);
int lv_fs_truncate_on(const char *node, int id, uint32_t size);
int lv_fs_fstat_on(const char *node, int id, lv_fs_stat_t *st);

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
