/* The file server's request handlers: unpack a message, call the tree and
 * the open-file table, pack the answer (lavender/fs_proto.h has the
 * protocol). */
#ifndef FS_SERVICE_H
#define FS_SERVICE_H
#include "fs/pure_files.h"
#include "fs/pure_tree.h"

typedef struct fs_server {
	fs_tree_t tree;
	fs_files_t files;
} fs_server_t;

/* Serves port for ever (returns only the receive error that stops it). */
int fs_serve(int port, fs_server_t *s);

#endif
