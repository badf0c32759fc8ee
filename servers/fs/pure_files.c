/* The open-file table (see pure_files.h). An id is gen * FS_FILES_MAX +
 * slot + 1, gen below GEN_LIMIT so ids stay positive. */
#include <string.h>
#include "uapi/errors.h"
#include "pure_files.h"

#define GEN_LIMIT (1u << 22)

void fs_files_init(fs_files_t *f, fs_tree_t *tree)
{
	memset(f, 0, sizeof(*f));
	f->tree = tree;
}

int fs_files_room(const fs_files_t *f, int32_t pid)
{
	uint32_t mine = 0;

	for (uint32_t i = 0; i < FS_FILES_MAX; i++)
		mine += f->slot[i].pid == pid;
	if (mine >= FS_FILES_PER_CLIENT)
		return -ERR_MFILE;
	return f->used < FS_FILES_MAX ? 0 : -ERR_NOSPC;
}

int fs_files_add(fs_files_t *f, int32_t pid, fs_node_t *node, uint32_t flags)
{
	for (uint32_t i = 0; i < FS_FILES_MAX; i++) {
		fs_file_t *s = &f->slot[i];
		if (s->pid)
			continue;
		s->pid = pid;
		s->node = node;
		s->flags = flags;
		f->used++;
		return (int)(s->gen * FS_FILES_MAX + i + 1);
	}
	return -ERR_NOSPC;
}

fs_file_t *fs_files_get(fs_files_t *f, int32_t pid, int32_t id)
{
	uint32_t slot, gen;

	if (id <= 0 || pid == 0) /* 0: a free slot, and the kernel */
		return NULL;
	slot = (uint32_t)(id - 1) % FS_FILES_MAX;
	gen = (uint32_t)(id - 1) / FS_FILES_MAX;
	if (f->slot[slot].pid != pid || f->slot[slot].gen != gen)
		return NULL;
	return &f->slot[slot];
}

static void drop(fs_files_t *f, fs_file_t *s)
{
	fs_node_release(f->tree, s->node);
	s->pid = 0;
	s->node = NULL;
	s->gen = (s->gen + 1) % GEN_LIMIT;
	f->used--;
}

int fs_files_close(fs_files_t *f, int32_t pid, int32_t id)
{
	fs_file_t *s = fs_files_get(f, pid, id);

	if (!s)
		return -ERR_BADF;
	drop(f, s);
	return 0;
}

int fs_files_reap(fs_files_t *f, int (*alive)(int32_t pid, void *ctx),
		  void *ctx)
{
	int n = 0;

	for (uint32_t i = 0; i < FS_FILES_MAX; i++) {
		fs_file_t *s = &f->slot[i];
		if (s->pid && !alive(s->pid, ctx)) {
			drop(f, s);
			n++;
		}
	}
	return n;
}

void fs_files_close_all(fs_files_t *f)
{
	for (uint32_t i = 0; i < FS_FILES_MAX; i++)
		if (f->slot[i].pid)
			drop(f, &f->slot[i]);
}
