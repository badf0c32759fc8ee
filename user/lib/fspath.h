/* A file error as a user should read it: for a path "NODE:/path" (another
 * node's file, lavender/fs.h "Other nodes") the remote meaning of errnum
 * (a refused write, no such node, no answer), else strerror's text. */
#ifndef LAVENDER_USER_FSPATH_H
#define LAVENDER_USER_FSPATH_H

const char *fs_path_strerror(const char *path, int errnum);

#endif
