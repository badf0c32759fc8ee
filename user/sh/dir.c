/* Listing a directory: the one function that knows the file server's
 * directory API (lv_fs_opendir / lv_fs_nextdir; newlib has no dirent.h for
 * this target). */
#include <lavender/fs.h>
#include <lavender/syscall.h>
#include "sh.h"

int dir_list(const char *path,
	     void (*fn)(const char *name, int is_dir, unsigned size, void *ctx),
	     void *ctx)
{
	static lv_fs_dir_t d; /* 1 KiB: not on the stack */
	const lv_fs_dirent_t *e;
	int rc = lv_fs_opendir(&d, path);

	if (rc < 0)
		return rc;
	while ((e = lv_fs_nextdir(&d)))
		fn(e->name, e->type == LV_FS_DIR, e->size, ctx);
	return d.error;
}
