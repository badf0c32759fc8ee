/* The file server's initrd reader (servers/fs/pure_archive.c): archives
 * built here in cpio newc form, well-formed ones read, lookup by path,
 * directory listing, and truncated or corrupt ones rejected without reading
 * outside the buffer (ASan watches: each archive sits in a heap block of
 * exactly its size). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../../servers/fs/pure_archive.h"
#include "uapi/errors.h"
#include "unit.h"

#define AR_MAX 8192

typedef struct ar {
	uint8_t b[AR_MAX];
	size_t len;
} ar_t;

static void ar_pad(ar_t *a)
{
	while (a->len & 3)
		a->b[a->len++] = 0;
}

/* Appends a newc entry (namesize counts the NUL). */
static void ar_add(ar_t *a, const char *name, uint32_t mode, const void *data,
		   uint32_t size)
{
	char h[FS_ARCHIVE_HEADER + 1];
	uint32_t namesize = (uint32_t)strlen(name) + 1;

	snprintf(h, sizeof(h),
		 "070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
		 1u, mode, 0u, 0u, 1u, 0u, size, 0u, 0u, 0u, 0u, namesize, 0u);
	memcpy(a->b + a->len, h, FS_ARCHIVE_HEADER);
	a->len += FS_ARCHIVE_HEADER;
	memcpy(a->b + a->len, name, namesize);
	a->len += namesize;
	ar_pad(a);
	if (size)
		memcpy(a->b + a->len, data, size);
	a->len += size;
	ar_pad(a);
}

static void ar_trailer(ar_t *a) { ar_add(a, "TRAILER!!!", 0, NULL, 0); }

#define MOTD "Welcome to Lavender.\n"
#define HOSTS "10.0.2.15 alpha\n"

/* The sample: root, etc/ with two files, bin/hello, a nested dir. */
static void sample(ar_t *a)
{
	a->len = 0;
	ar_add(a, ".", FS_MODE_DIR | 0755, NULL, 0);
	ar_add(a, "etc", FS_MODE_DIR | 0755, NULL, 0);
	ar_add(a, "etc/motd", FS_MODE_FILE | 0644, MOTD, sizeof(MOTD) - 1);
	ar_add(a, "etc/hosts", FS_MODE_FILE | 0644, HOSTS, sizeof(HOSTS) - 1);
	ar_add(a, "bin", FS_MODE_DIR | 0755, NULL, 0);
	ar_add(a, "bin/hello", FS_MODE_FILE | 0755, "\177ELF", 4);
	ar_add(a, "etc/net", FS_MODE_DIR | 0755, NULL, 0);
	ar_add(a, "etc/net/if", FS_MODE_FILE | 0600, "ne0", 3);
	ar_trailer(a);
}

/* A heap copy of exactly n bytes of a, so any overrun is caught. */
static uint8_t *exact(const ar_t *a, size_t n)
{
	uint8_t *p = malloc(n ? n : 1);
	memcpy(p, a->b, n);
	return p;
}

UNIT_TEST(fs_archive_well_formed)
{
	ar_t a;
	sample(&a);
	uint8_t *buf = exact(&a, a.len);
	size_t pos = 0;
	fs_archive_entry_t e;

	CHECK_EQ(fs_archive_check(buf, a.len), 8);
	CHECK_EQ(fs_archive_next(buf, a.len, &pos, &e), 1);
	CHECK_STR_EQ(e.path, "");
	CHECK_EQ(e.mode, FS_MODE_DIR | 0755);
	CHECK_EQ(fs_archive_next(buf, a.len, &pos, &e), 1);
	CHECK_STR_EQ(e.path, "etc");
	CHECK_EQ(fs_archive_next(buf, a.len, &pos, &e), 1);
	CHECK_STR_EQ(e.path, "etc/motd");
	CHECK_EQ(e.size, sizeof(MOTD) - 1);
	CHECK(memcmp(e.data, MOTD, e.size) == 0);
	CHECK_EQ(e.mode, FS_MODE_FILE | 0644);
	free(buf);
}

UNIT_TEST(fs_archive_empty_and_prefixes)
{
	ar_t a = {.len = 0};
	ar_trailer(&a);
	CHECK_EQ(fs_archive_check(a.b, a.len), 0);

	a.len = 0;
	ar_add(&a, "./etc/motd", FS_MODE_FILE | 0644, "x", 1);
	ar_add(&a, "/bin/sh", FS_MODE_FILE | 0755, "yy", 2);
	ar_trailer(&a);
	fs_archive_entry_t e;
	CHECK_EQ(fs_archive_find(a.b, a.len, "/etc/motd", &e), 0);
	CHECK_EQ(e.size, 1);
	CHECK_EQ(fs_archive_find(a.b, a.len, "bin/sh", &e), 0);
	CHECK_EQ(e.size, 2);
	/* the root has no entry of its own here */
	CHECK_EQ(fs_archive_find(a.b, a.len, "/", &e), -ERR_NOENT);
}

UNIT_TEST(fs_archive_find)
{
	ar_t a;
	sample(&a);
	fs_archive_entry_t e;

	CHECK_EQ(fs_archive_find(a.b, a.len, "/etc/hosts", &e), 0);
	CHECK(e.size == sizeof(HOSTS) - 1 && !memcmp(e.data, HOSTS, e.size));
	CHECK_EQ(fs_archive_find(a.b, a.len, "etc/net/if", &e), 0);
	CHECK_EQ(e.mode, FS_MODE_FILE | 0600);
	CHECK_EQ(fs_archive_find(a.b, a.len, "/", &e), 0);
	CHECK_EQ(e.mode & FS_MODE_TYPE, FS_MODE_DIR);
	CHECK_EQ(fs_archive_find(a.b, a.len, "/etc/mot", &e), -ERR_NOENT);
	CHECK_EQ(fs_archive_find(a.b, a.len, "/etc/motd/x", &e), -ERR_NOENT);
	CHECK_EQ(fs_archive_find(a.b, a.len, "/usr", &e), -ERR_NOENT);
}

UNIT_TEST(fs_archive_later_entry_wins)
{
	ar_t a = {.len = 0};
	ar_add(&a, "etc/motd", FS_MODE_FILE | 0644, "old", 3);
	ar_add(&a, "etc/motd", FS_MODE_FILE | 0644, "newer", 5);
	ar_trailer(&a);
	fs_archive_entry_t e;
	CHECK_EQ(fs_archive_find(a.b, a.len, "etc/motd", &e), 0);
	CHECK(e.size == 5 && !memcmp(e.data, "newer", 5));
}

struct listing {
	char names[16][64];
	int n;
};

static void collect(const fs_archive_entry_t *e, const char *name, void *ctx)
{
	struct listing *l = ctx;
	(void)e;
	if (l->n < 16)
		snprintf(l->names[l->n++], 64, "%s", name);
}

UNIT_TEST(fs_archive_list)
{
	ar_t a;
	sample(&a);
	struct listing l = {.n = 0};

	CHECK_EQ(fs_archive_list(a.b, a.len, "/etc", collect, &l), 3);
	CHECK_STR_EQ(l.names[0], "motd");
	CHECK_STR_EQ(l.names[1], "hosts");
	CHECK_STR_EQ(l.names[2], "net");
	l.n = 0;
	CHECK_EQ(fs_archive_list(a.b, a.len, "/", collect, &l), 2);
	CHECK_STR_EQ(l.names[0], "etc");
	CHECK_STR_EQ(l.names[1], "bin");
	l.n = 0;
	CHECK_EQ(fs_archive_list(a.b, a.len, "etc/net", collect, &l), 1);
	CHECK_STR_EQ(l.names[0], "if");
	CHECK_EQ(fs_archive_list(a.b, a.len, "/nothing", collect, &l), 0);
	/* "et" is a prefix of "etc", not its parent */
	CHECK_EQ(fs_archive_list(a.b, a.len, "/et", collect, &l), 0);
}

UNIT_TEST(fs_archive_truncated_everywhere)
{
	ar_t a;
	sample(&a);
	/* The trailer's name ends 3 bytes before the end (its padding): every
	 * shorter prefix lacks the trailer or cuts an entry; the padding
	 * itself may be missing. */
	size_t trailer_end = a.len - 3;
	CHECK_EQ(fs_archive_check(a.b, trailer_end), 8);
	for (size_t n = 0; n < trailer_end; n++) {
		uint8_t *buf = exact(&a, n);
		fs_archive_entry_t e;
		int rc = fs_archive_check(buf, n);
		int frc = fs_archive_find(buf, n, "/etc/net/if", &e);
		free(buf);
		if (rc != -ERR_INVAL || frc != -ERR_INVAL) {
			unit_fail(__FILE__, __LINE__, "prefix %zu: %d %d", n,
				  rc, frc);
			return;
		}
	}
}

/* The sample with one header byte at off replaced by c. */
static int corrupt_check(size_t off, uint8_t c)
{
	ar_t a;
	sample(&a);
	a.b[off] = c;
	uint8_t *buf = exact(&a, a.len);
	int rc = fs_archive_check(buf, a.len);
	free(buf);
	return rc;
}

UNIT_TEST(fs_archive_corrupt_headers)
{
	CHECK_EQ(corrupt_check(0, 'X'), -ERR_INVAL);  /* magic */
	CHECK_EQ(corrupt_check(5, '7'), -ERR_INVAL);  /* magic 070707 (odc) */
	CHECK_EQ(corrupt_check(10, 'g'), -ERR_INVAL); /* ino not hex */
	/* a symlink (0120000) is framed well: kept in the walk, marked
	 * unsupported (the loader skips it) */
	ar_t a = {.len = 0};
	ar_add(&a, "link", 0120777, "target", 6);
	ar_trailer(&a);
	CHECK_EQ(fs_archive_check(a.b, a.len), 1);
	fs_archive_entry_t e;
	size_t pos = 0;
	CHECK_EQ(fs_archive_next(a.b, a.len, &pos, &e), 1);
	CHECK_EQ(e.supported, 0);
	/* a directory with data */
	a.len = 0;
	ar_add(&a, "d", FS_MODE_DIR | 0755, "zz", 2);
	ar_trailer(&a);
	CHECK_EQ(fs_archive_check(a.b, a.len), -ERR_INVAL);
}

/* One entry whose header field f (0-based after the magic) is value. */
static int check_with_field(int f, uint32_t value)
{
	ar_t a = {.len = 0};
	char hex[9];
	ar_add(&a, "etc/motd", FS_MODE_FILE | 0644, MOTD, sizeof(MOTD) - 1);
	ar_trailer(&a);
	snprintf(hex, sizeof(hex), "%08X", value);
	memcpy(a.b + 6 + 8 * f, hex, 8);
	uint8_t *buf = exact(&a, a.len);
	int rc = fs_archive_check(buf, a.len);
	free(buf);
	return rc;
}

UNIT_TEST(fs_archive_bad_sizes)
{
	enum { FILESIZE = 6, NAMESIZE = 11 };
	CHECK_EQ(check_with_field(FILESIZE, 0xFFFFFFFFu), -ERR_INVAL);
	CHECK_EQ(check_with_field(FILESIZE, 0x7FFFFFF0u), -ERR_INVAL);
	CHECK_EQ(check_with_field(FILESIZE, 4000), -ERR_INVAL);
	CHECK_EQ(check_with_field(NAMESIZE, 0), -ERR_INVAL);
	CHECK_EQ(check_with_field(NAMESIZE, 0xFFFFFFFFu), -ERR_INVAL);
	CHECK_EQ(check_with_field(NAMESIZE, 4), -ERR_INVAL);  /* NUL missing */
	CHECK_EQ(check_with_field(NAMESIZE, 12), -ERR_INVAL); /* NUL inside */
	CHECK_EQ(check_with_field(NAMESIZE, 9), 1);	      /* as written */
}

UNIT_TEST(fs_archive_bad_names)
{
	static const char *bad[] = {"etc//motd", "../etc", "etc/../x",
				    "etc/./x",	 "etc/",   "a/.."};
	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		ar_t a = {.len = 0};
		ar_add(&a, bad[i], FS_MODE_FILE | 0644, "x", 1);
		ar_trailer(&a);
		/* framed well: the archive stands, the entry is not taken */
		fs_archive_entry_t e;
		size_t pos = 0;
		CHECK_EQ(fs_archive_check(a.b, a.len), 1);
		CHECK_EQ(fs_archive_next(a.b, a.len, &pos, &e), 1);
		if (e.supported) {
			unit_fail(__FILE__, __LINE__, "accepted %s", bad[i]);
			return;
		}
		CHECK_EQ(fs_archive_find(a.b, a.len, bad[i], &e), -ERR_NOENT);
	}
}

UNIT_TEST(fs_archive_fuzz)
{
	ar_t a;
	unsigned seed = 12345;
	for (int round = 0; round < 3000; round++) {
		sample(&a);
		for (int k = 0; k < 4; k++) {
			seed = seed * 1103515245u + 12345u;
			size_t off = (seed >> 8) % a.len;
			seed = seed * 1103515245u + 12345u;
			a.b[off] = (uint8_t)(seed >> 16);
		}
		size_t n = a.len - (round % 7);
		uint8_t *buf = exact(&a, n);
		fs_archive_entry_t e;
		int rc = fs_archive_check(buf, n);
		fs_archive_find(buf, n, "/etc/motd", &e);
		if (rc >= 0) {
			size_t pos = 0;
			while (fs_archive_next(buf, n, &pos, &e) == 1)
				CHECK(e.data >= buf &&
				      e.data + e.size <= buf + n);
		}
		free(buf);
	}
}
