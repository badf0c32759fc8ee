/* The file server's open files: each belongs to one client (a process's
 * pid, or a remote caller's negative identity: a client of its own) and is
 * named by an id the server hands out; a request naming an id that
 * another process opened is refused as if the id were unknown. Ids carry a
 * generation, so a closed id fails instead of reaching a reused slot. Pure:
 * no libipc, host-tested. */
#ifndef FS_PURE_FILES_H
#define FS_PURE_FILES_H
#include <stdint.h>
#include "pure_tree.h"

#define FS_FILES_MAX 256
#define FS_FILES_PER_CLIENT 64 /* open files one process may hold */

typedef struct fs_file {
	int32_t pid; /* the client (negative: remote); 0: a free slot */
	uint32_t gen;
	uint32_t flags; /* FS_O_* it was opened with */
	fs_node_t *node;
} fs_file_t;

typedef struct fs_files {
	fs_tree_t *tree;
	fs_file_t slot[FS_FILES_MAX];
	uint32_t used;
} fs_files_t;

void fs_files_init(fs_files_t *f, fs_tree_t *tree);
/* 0 if pid may open one more file, -ERR_NOSPC when the table is full,
 * -ERR_MFILE when pid holds FS_FILES_PER_CLIENT already. */
int fs_files_room(const fs_files_t *f, int32_t pid);
/* Records node (opened by fs_tree_open) as pid's; returns the id (> 0) or
 * -ERR_NOSPC when the table is full (the caller then releases node). */
int fs_files_add(fs_files_t *f, int32_t pid, fs_node_t *node, uint32_t flags);
/* pid's open file id, or NULL. */
fs_file_t *fs_files_get(fs_files_t *f, int32_t pid, int32_t id);
/* Closes pid's id (releasing its node): 0 or -ERR_BADF. */
int fs_files_close(fs_files_t *f, int32_t pid, int32_t id);
/* Closes every file of a process for which alive(pid, ctx) is 0; returns
 * how many. */
int fs_files_reap(fs_files_t *f, int (*alive)(int32_t pid, void *ctx),
		  void *ctx);
/* Closes everything (at the end, and in tests). */
void fs_files_close_all(fs_files_t *f);

#endif
