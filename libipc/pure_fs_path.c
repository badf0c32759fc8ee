/* "NODE:/path" (lavender/fs.h "Other nodes"): which file server a path
 * names. Pure: the host tests feed it every malformed form. */
#include <string.h>
#include <lavender/fs.h>
#include "uapi/errors.h"

/* A character of a node name: a host name's (RFC 952: letters, digits,
 * '-', '.') or '_', as /etc/hosts names are written; an address's digits
 * and dots are among them. */
static int node_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
}

int lv_fs_path_split(const char *path, char *node, const char **rest)
{
	size_t n = 0;

	node[0] = '\0';
	*rest = path;
	while (node_char(path[n]))
		n++;
	if (n == 0 || path[n] != ':' || path[n + 1] != '/')
		return 0; /* "/...", "x", "x:y", ":/y", "a b:/y": local */
	if (n >= LV_FS_NODE_MAX)
		return -ERR_NAMETOOLONG;
	memcpy(node, path, n);
	node[n] = '\0';
	*rest = path + n + 1;
	return 1;
}
