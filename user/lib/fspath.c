/* fs_path_strerror (fspath.h): errno back to the -ERR_* that
 * lv_fs_remote_strerror words, for the errors a remote path adds. */
#include <errno.h>
#include <string.h>
#include <lavender/fs.h>
#include "fspath.h"
#include "uapi/errors.h"

/* The -ERR_* of errnum that a remote path gives its own meaning, or 0. */
static int remote_err(int errnum)
{
	switch (errnum) {
	case EROFS: return -ERR_ROFS;
	case ENOENT: return -ERR_NOENT;
	case ENAMETOOLONG: return -ERR_NAMETOOLONG;
	case EHOSTUNREACH: return -ERR_HOSTUNREACH;
	case EADDRNOTAVAIL: return -ERR_ADDRNOTAVAIL;
	case ETIMEDOUT: return -ERR_TIMEDOUT;
	case ENETDOWN: return -ERR_NETDOWN;
	case ENOSYS: return -ERR_NOSYS;
	default: return 0;
	}
}

int fs_errno_err(int errnum)
{
	int rc = remote_err(errnum);

	if (rc)
		return rc;
	switch (errnum) {
	case EACCES: return -ERR_ACCES;
	case ENOMEM: return -ERR_NOMEM;
	case EISDIR: return -ERR_ISDIR;
	default: return -ERR_IO;
	}
}

const char *fs_path_strerror(const char *path, int errnum)
{
	char node[LV_FS_NODE_MAX];
	const char *rest;
	int rc = remote_err(errnum);

	if (rc && path && lv_fs_path_split(path, node, &rest) != 0)
		return lv_fs_remote_strerror(rc);
	if (errnum == ENOENT && path && lv_fs_path_near_remote(path))
		return "No such file or directory (here; another node's file "
		       "is NODE:/absolute/path, as beta:/etc/motd)";
	return strerror(errnum);
}
