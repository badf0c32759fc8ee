/* The file server: loads the initrd (boot module "initrd.img", a cpio newc
 * archive made by tools/mkinitrd.py) into an in-memory tree, registers as
 * "fs" (type "fs") with the name server, and serves lavender/fs_proto.h.
 * Without an initrd it serves an empty tree (just / and /tmp). Files made
 * at run time live in memory only and are lost when it ends. Open files of
 * processes that ended are reclaimed when the open-file table fills. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <lavender/fs_proto.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "fs/pure_load.h"
#include "fs/service.h"
#include "../../user/lib/usage.h"

static const usage_t usage = {
    "fs", "",
    "The file server: serves the initrd (boot module initrd.img) as / with\n"
    "/tmp for run-time files; the boot image is read-only. init starts it;\n"
    "a second copy finds the name \"fs\" taken and ends.",
    NULL};

#define INITRD "initrd.img"
#define INITRD_MAX (64u << 20)
#define FIRST_CHUNK (1u << 20)
#define RUNTIME_BYTES_MAX (32u << 20) /* own file data, all files */

static fs_server_t server;

/* The whole boot module name in *out (malloc'd, kept for ever: the tree
 * borrows its bytes) and its size in *len. */
static int read_module(const char *name, uint8_t **out, size_t *len)
{
	size_t cap = FIRST_CHUNK, n = 0;
	uint8_t *buf = malloc(cap), *grown;
	int rc;

	if (!buf)
		return -ERR_NOMEM;
	for (;;) {
		if (n == cap) {
			grown =
			    cap * 2 > INITRD_MAX ? NULL : realloc(buf, cap * 2);
			if (!grown) {
				rc = cap * 2 > INITRD_MAX ? -ERR_2BIG
							  : -ERR_NOMEM;
				goto out_free;
			}
			buf = grown;
			cap *= 2;
		}
		rc = lv_bootfile_read(name, buf + n, cap - n, n);
		if (rc < 0)
			goto out_free;
		if (rc == 0)
			break;
		n += (size_t)rc;
	}
	grown = realloc(buf, n ? n : 1); /* give the unused tail back */
	*out = grown ? grown : buf;
	*len = n;
	return 0;

out_free:
	free(buf);
	return rc;
}

static int load(fs_tree_t *t)
{
	uint8_t *archive;
	size_t len;
	int rc = read_module(INITRD, &archive, &len);

	if (rc < 0) {
		printf("fs: no %s (%s): an empty tree\n", INITRD,
		       lv_strerror(rc));
		return 0;
	}
	uint32_t skipped = 0;
	rc = fs_load_archive(t, archive, len, &skipped);
	if (rc < 0) {
		printf("fs: %s: %s\n", INITRD, lv_strerror(rc));
		return rc;
	}
	printf("fs: %s: %u bytes, %d entries, %u files, %u directories\n",
	       INITRD, (unsigned)len, rc, (unsigned)t->files,
	       (unsigned)t->dirs);
	if (skipped)
		printf("fs: %s: %u entries skipped (symlinks, devices, fifos "
		       "and paths with .. are not supported)\n",
		       INITRD, (unsigned)skipped);
	return 0;
}

int main(int argc, char **argv)
{
	int port, rc;

	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	if (fs_tree_init(&server.tree, RUNTIME_BYTES_MAX) < 0)
		return 1;
	fs_files_init(&server.files, &server.tree);
	rc = load(&server.tree);
	if (rc < 0)
		return 1;
	fs_tree_seal(&server.tree); /* the boot image is read-only */
	rc = fs_tree_create(&server.tree, "/tmp", FS_NODE_DIR, NULL);
	if (rc < 0 && rc != -ERR_EXIST)
		return 1;
	port = lv_port_create();
	if (port < 0) {
		printf("fs: port_create: %s\n", lv_strerror(port));
		return 1;
	}
	/* Exported: other nodes read its files (the paper's remote-file
	 * demo, "cat beta:/etc/motd"); remote callers' writes are fs's own
	 * to refuse (a negative sender). */
	rc = lv_ns_register_flags(LV_FS_NAME, LV_FS_TYPE, "initrd", port,
				  LV_NS_EXPORT);
	if (rc < 0) {
		printf("fs: cannot register with the name server: %s\n",
		       lv_strerror(rc));
		return 1;
	}
	printf("fs: serving as \"%s\"\n", LV_FS_NAME);
	rc = fs_serve(port, &server);
	printf("fs: receive failed: %s\n", lv_strerror(rc));
	return 1;
}
