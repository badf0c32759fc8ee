/* "NODE:/path" (lavender/fs.h "Other nodes"): which file server a path
 * names. Pure: the host tests feed it every malformed form. */
#include <string.h>
#include <lavender/fs.h>
#include <lavender/hosts.h>
#include "uapi/errors.h"

/* The length of path's leading NODE characters. */
static size_t node_len(const char *path)
{
	size_t n = 0;

	while (lv_host_char(path[n]))
		n++;
	return n;
}

int lv_fs_path_split(const char *path, char *node, const char **rest)
{
	size_t n = node_len(path);

	node[0] = '\0';
	*rest = path;
	if (n == 0 || path[n] != ':' || path[n + 1] != '/')
		return 0; /* "/...", "x", "x:y", ":/y", "a b:/y": local */
	if (n >= LV_FS_NODE_MAX)
		return -ERR_NAMETOOLONG;
	memcpy(node, path, n);
	node[n] = '\0';
	*rest = path + n + 1;
	return 1;
}

int lv_fs_path_near_remote(const char *path)
{
	size_t n = node_len(path);

	return n > 0 && path[n] == ':' && path[n + 1] != '/';
}
