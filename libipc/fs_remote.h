/* The rights of other nodes' file servers, kept for fs.c (lavender/fs.h
 * "Other nodes"); libipc's own, not an API. */
#ifndef LIBIPC_FS_REMOTE_H
#define LIBIPC_FS_REMOTE_H

/* A send right to node's file server: the cached one, else the name
 * server's lookup of "fs@node" (kept, pushing out the least recently used
 * of LV_FS_REMOTE_MAX). The right, or the lookup's -ERR_*. */
int fs_remote_get(const char *node);
/* A call on h found node's server dead: forgets h (and closes it) unless
 * it was forgotten already. */
void fs_remote_forget(const char *node, int h);

#endif
