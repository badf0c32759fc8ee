/* A file error as a user should read it: for a path "NODE:/path" (another
 * node's file, lavender/fs.h "Other nodes") the remote meaning of errnum
 * (a refused write, no such node, no answer); for a missing local file
 * whose path looks meant for another node ("beta:", "beta:etc/motd":
 * lv_fs_path_near_remote) the form a remote path takes; else strerror's
 * text. */
#ifndef LAVENDER_USER_FSPATH_H
#define LAVENDER_USER_FSPATH_H

const char *fs_path_strerror(const char *path, int errnum);

/* errnum (newlib's errno after a file call failed) as the -ERR_* it came
 * from: ENOENT is -ERR_NOENT, the remote errors as fs_path_strerror reads
 * them, EACCES, ENOMEM, EISDIR; anything else -ERR_IO. */
int fs_errno_err(int errnum);

#endif
