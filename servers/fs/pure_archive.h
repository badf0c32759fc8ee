/* The initrd archive: cpio "newc" (SVR4, magic 070701 or 070702), as
 * tools/mkinitrd.py writes it. Read in place: entries point into the buffer,
 * nothing is copied or allocated. Pure: no libipc, host-tested.
 *
 * Format (all numbers 8 ASCII hex digits): a 110-byte header
 *   magic[6] ino mode uid gid nlink mtime filesize devmajor devminor
 *   rdevmajor rdevminor namesize check
 * then the name (namesize bytes, NUL included), padded so header + name is a
 * multiple of 4, then filesize data bytes padded to a multiple of 4. The
 * entry named "TRAILER!!!" ends the archive. Only regular files and
 * directories are accepted; names are relative ("etc/motd", "." for the
 * root; a leading "./" or "/" is ignored) without "", "." or ".." parts. */
#ifndef FS_PURE_ARCHIVE_H
#define FS_PURE_ARCHIVE_H
#include <stddef.h>
#include <stdint.h>

#define FS_ARCHIVE_HEADER 110u
#define FS_MODE_TYPE 0170000u
#define FS_MODE_DIR 0040000u
#define FS_MODE_FILE 0100000u
#define FS_MODE_PERM 07777u

typedef struct fs_archive_entry {
	const char *path;    /* normalised, in the buffer; "" is the root */
	const uint8_t *data; /* filesize bytes, in the buffer */
	uint32_t size;
	uint32_t mode; /* type (FS_MODE_TYPE bits) | permissions */
	uint32_t ino, nlink, devmajor, devminor; /* hard links share these */
	int supported; /* 1: a file or directory; 0: another type (symlink,
			* device, fifo, socket) or a path with "..": skip it */
} fs_archive_entry_t;

/* Reads the entry at *pos of buf[0, len): returns 1, fills *e and moves *pos
 * past the entry; 0 at the trailer; -ERR_INVAL if the entry is malformed or
 * overruns the buffer (nothing outside buf is read). */
int fs_archive_next(const uint8_t *buf, size_t len, size_t *pos,
		    fs_archive_entry_t *e);

/* Walks the whole archive; returns its number of entries (trailer
 * excluded), or -ERR_INVAL if any entry is bad or the trailer is missing. */
int fs_archive_check(const uint8_t *buf, size_t len);

/* The entry of path ("etc/motd" or "/etc/motd"; "" or "/" is the root,
 * which needs an entry of its own): 0, -ERR_NOENT, or -ERR_INVAL for a
 * corrupt archive. The last of several entries with one path wins. */
int fs_archive_find(const uint8_t *buf, size_t len, const char *path,
		    fs_archive_entry_t *e);

/* Calls fn for every entry directly inside directory dir (same spelling as
 * fs_archive_find) with the entry and its last path component; returns how
 * many, or -ERR_INVAL for a corrupt archive. */
typedef void (*fs_archive_fn_t)(const fs_archive_entry_t *e, const char *name,
				void *ctx);
int fs_archive_list(const uint8_t *buf, size_t len, const char *dir,
		    fs_archive_fn_t fn, void *ctx);

#endif
