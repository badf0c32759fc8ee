/* Filling the file server's tree from an initrd archive. Pure: no libipc,
 * host-tested. */
#ifndef FS_PURE_LOAD_H
#define FS_PURE_LOAD_H
#include <stddef.h>
#include <stdint.h>
#include "pure_tree.h"

/* Adds every entry of the archive buf[0, len) to t: directories (and the
 * missing parents of any entry), and files whose bytes stay in buf (buf must
 * outlive the tree; the first write copies). A later entry for the same file
 * replaces the earlier one. The archive is checked whole first: -ERR_INVAL
 * leaves t untouched. Other errors (-ERR_NOMEM, -ERR_NAMETOOLONG, a path
 * that is a file in one entry and a directory in another: -ERR_INVAL) may
 * leave t half filled: destroy it. Hard links (GNU cpio: the bytes with the
 * last name only) all get the bytes. Entries of other types (symlinks,
 * devices, fifos, sockets) and paths with ".." are skipped, counted in
 * *skipped (may be NULL): one such entry does not refuse the archive.
 * Returns the number of entries added. */
int fs_load_archive(fs_tree_t *t, const uint8_t *buf, size_t len,
		    uint32_t *skipped);

#endif
