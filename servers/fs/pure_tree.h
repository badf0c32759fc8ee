/* The file server's in-memory tree: directories and files, named by absolute
 * paths. A file's bytes are either borrowed from the initrd archive (read
 * only, never freed) or its own heap buffer; the first change to a borrowed
 * file copies it (copy-on-write). Pure: no libipc, host-tested.
 *
 * Lifetime: a node is freed when it is out of the tree (unlinked) and no open
 * file refers to it (opens == 0): an unlinked file stays readable and
 * writable through the descriptors open on it. */
#ifndef FS_PURE_TREE_H
#define FS_PURE_TREE_H
#include <stddef.h>
#include <stdint.h>

#define FS_NAME_MAX 56		/* a path component, NUL included */
#define FS_PATH_MAX 256		/* a whole path, NUL included */
#define FS_FILE_MAX (16u << 20) /* bytes in one file */

enum fs_node_type {
	FS_NODE_FILE = 1,
	FS_NODE_DIR = 2,
};

/* fs_tree_open flags (the wire's LV_FS_O_* have the same values). */
#define FS_O_READ 0x01u
#define FS_O_WRITE 0x02u
#define FS_O_CREATE 0x04u
#define FS_O_TRUNC 0x08u
#define FS_O_APPEND 0x10u
#define FS_O_EXCL 0x20u
#define FS_O_ALL 0x3Fu

typedef struct fs_node fs_node_t;
struct fs_node {
	char name[FS_NAME_MAX];
	uint32_t type; /* enum fs_node_type */
	uint32_t mode; /* permission bits, as stat shows them */
	uint32_t ino;
	fs_node_t *parent;	 /* NULL for the root and unlinked nodes */
	fs_node_t *child, *next; /* children, sorted by name; siblings */
	const uint8_t *data;	 /* the bytes: archive's or own */
	uint8_t *own;		 /* own buffer (cap bytes), or NULL */
	uint32_t size, cap;
	uint32_t opens; /* open files that refer to it */
	int linked;	/* in the tree */
	int sealed;	/* part of the boot image: read-only (fs_tree_seal) */
};

typedef struct fs_tree {
	fs_node_t *root;
	uint32_t next_ino;
	uint32_t files, dirs; /* linked nodes, root included */
	size_t bytes;	      /* own buffers' capacity, all nodes */
	size_t bytes_max;     /* -ERR_NOSPC beyond */
} fs_tree_t;

/* An empty tree (just the root) holding at most bytes_max bytes of file
 * data of its own. -ERR_NOMEM. */
int fs_tree_init(fs_tree_t *t, size_t bytes_max);
/* Frees every linked node (unlinked ones still open are the open-file
 * table's: release them first). */
void fs_tree_destroy(fs_tree_t *t);

/* The node of path (absolute; "." and ".." are followed, repeated slashes
 * ignored): 0, -ERR_NOENT, -ERR_NOTDIR (a parent is a file), -ERR_INVAL
 * (not absolute), -ERR_NAMETOOLONG. */
int fs_tree_lookup(fs_tree_t *t, const char *path, fs_node_t **out);
/* Makes a new node of type at path; its parent directory must exist.
 * -ERR_EXIST (also for "/", "." and ".."), -ERR_NOENT (a parent is
 * missing), -ERR_NOTDIR (a parent is a file), -ERR_ROFS (the parent is
 * sealed), -ERR_INVAL, -ERR_NAMETOOLONG, -ERR_NOMEM. */
int fs_tree_create(fs_tree_t *t, const char *path, uint32_t type,
		   fs_node_t **out);
/* Takes path out of the tree (freed now, or when its last open file
 * closes). -ERR_NOENT, -ERR_BUSY (a directory that is not empty),
 * -ERR_PERM (the root), -ERR_ROFS (it or its directory is sealed),
 * -ERR_INVAL ("." or ".." last). */
int fs_tree_unlink(fs_tree_t *t, const char *path);

/* Open semantics in one place: finds or (FS_O_CREATE) creates the file,
 * refuses what flags forbid (-ERR_EXIST with FS_O_EXCL, -ERR_ISDIR for
 * writing a directory, -ERR_ROFS for writing a sealed file, -ERR_INVAL for
 * unknown flags or neither READ nor WRITE), truncates with
 * FS_O_TRUNC|FS_O_WRITE, and counts the open (opens++). Undo with
 * fs_node_release. */
int fs_tree_open(fs_tree_t *t, const char *path, uint32_t flags,
		 fs_node_t **out);
/* One open fewer; frees an unlinked node that nobody has open. */
void fs_node_release(fs_tree_t *t, fs_node_t *n);

/* Points file n at borrowed bytes (the archive's) in place of its own. */
void fs_node_borrow(fs_tree_t *t, fs_node_t *n, const uint8_t *data,
		    uint32_t size, uint32_t mode);
/* Up to len bytes of file n from offset into buf: the count, 0 at or past
 * the end, -ERR_ISDIR for a directory. */
int fs_node_read(const fs_node_t *n, uint32_t offset, void *buf, uint32_t len);
/* Writes len bytes at offset (a gap reads as zeros): len, -ERR_ISDIR for a
 * directory, -ERR_ROFS for a sealed file, -ERR_NOSPC past FS_FILE_MAX or the
 * tree's bytes, -ERR_NOMEM. */
int fs_node_write(fs_tree_t *t, fs_node_t *n, uint32_t offset, const void *buf,
		  uint32_t len);
/* Cuts or extends (with zeros) file n to size. Errors as fs_node_write. */
int fs_node_truncate(fs_tree_t *t, fs_node_t *n, uint32_t size);
/* Seals every node but the root: the boot image as loaded becomes
 * read-only (no writes, no unlinks, no new entries in its directories);
 * nodes made later (/tmp, new top-level paths) are not sealed. */
void fs_tree_seal(fs_tree_t *t);
/* The index-th child of directory n (sorted by name), or NULL. */
fs_node_t *fs_node_child(const fs_node_t *n, uint32_t index);

#endif
