/* "name@node" into its two parts (lv_ns_split, lavender/ns.h): the client
 * side of NS_LOOKUP's two fields. Pure: the host tests feed it every
 * malformed form. */
#include <string.h>
#include <lavender/hosts.h>
#include <lavender/ns.h>
#include "uapi/errors.h"

_Static_assert(LV_NS_NODE_MAX == LV_HOST_NAME_MAX, "a node is a host name");

int lv_ns_split(const char *s, char *name, char *node)
{
	const char *at = strchr(s, '@');
	size_t len = at ? (size_t)(at - s) : strlen(s);
	if (len >= LV_NS_NAME_MAX)
		return -ERR_NAMETOOLONG;
	if (at && (len == 0 || strchr(at + 1, '@')))
		return -ERR_INVAL; /* "@node", "a@b@c" */
	int rc = at ? lv_host_check(at + 1) : 0;
	if (rc < 0)
		return rc; /* "name@", a node too long or with a stray char */
	memcpy(name, s, len);
	name[len] = '\0';
	if (at)
		strcpy(node, at + 1);
	else
		node[0] = '\0';
	return at ? 1 : 0;
}
