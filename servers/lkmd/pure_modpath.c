/* Module file paths (pure_modpath.h). */
#include <string.h>
#include "uapi/errors.h"
#include "pure_modpath.h"

int modpath_normal(const char *path, char *out, size_t len)
{
	size_t used = 0;
	if (path[0] != '/')
		return -ERR_INVAL;
	if (len < 2)
		return -ERR_NAMETOOLONG;
	for (const char *p = path; *p;) {
		while (*p == '/')
			p++;
		size_t n = strcspn(p, "/");
		if (n == 0 || (n == 1 && p[0] == '.')) {
			p += n;
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.') {
			while (used > 0 && out[--used] != '/')
				; /* back to the last component's '/' */
			p += n;
			continue;
		}
		if (used + 1 + n >= len)
			return -ERR_NAMETOOLONG;
		out[used] = '/';
		memcpy(out + used + 1, p, n);
		used += 1 + n;
		out[used] = '\0';
		p += n;
	}
	if (used == 0)
		out[used++] = '/';
	out[used] = '\0';
	return 0;
}
