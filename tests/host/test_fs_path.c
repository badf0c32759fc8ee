/* "NODE:/path" (libipc/pure_fs_path.c, lavender/fs.h "Other nodes"): which
 * paths are another node's, which stay local (a ':' in a local name), and
 * the node names that do not fit. */
#include <string.h>
#include <lavender/fs.h>
#include "uapi/errors.h"
#include "unit.h"

/* lv_fs_path_split's answer for path; node and the rest into out. */
static int split(const char *path, char *node, const char **rest)
{
	memset(node, 'X', LV_FS_NODE_MAX);
	return lv_fs_path_split(path, node, rest);
}

UNIT_TEST(fs_path_remote_forms)
{
	static const struct {
		const char *path, *node, *rest;
	} remote[] = {
	    {"beta:/etc/motd", "beta", "/etc/motd"},
	    {"10.0.0.2:/", "10.0.0.2", "/"},
	    {"my-node_2.lan:/bin/sh", "my-node_2.lan", "/bin/sh"},
	    /* the rest is the server's business, colons and all */
	    {"beta:/tmp/a:/b", "beta", "/tmp/a:/b"},
	    {"b://x", "b", "//x"},
	};
	char node[LV_FS_NODE_MAX];
	const char *rest;

	for (unsigned i = 0; i < sizeof(remote) / sizeof(remote[0]); i++) {
		CHECK_EQ(split(remote[i].path, node, &rest), 1);
		CHECK_STR_EQ(node, remote[i].node);
		CHECK_STR_EQ(rest, remote[i].rest);
		CHECK(rest == remote[i].path + strlen(remote[i].node) + 1);
	}
}

UNIT_TEST(fs_path_local_forms)
{
	static const char *const local[] = {
	    "/etc/motd", "/tmp/a:/b", "/beta:/x", "etc/motd",  "beta:etc",
	    "beta:",	 ":/etc",     "::/x",	  "a b:/x",    "be/ta:/x",
	    "beta;/x",	 "",	      "beta",	  "beta:x:/y", "bé:/x",
	    "be@ta:/x",	 "beta :/x",  "\t:/x",
	};
	char node[LV_FS_NODE_MAX];
	const char *rest;

	for (unsigned i = 0; i < sizeof(local) / sizeof(local[0]); i++) {
		CHECK_EQ(split(local[i], node, &rest), 0);
		CHECK_STR_EQ(node, "");
		CHECK(rest == local[i]);
	}
}

/* What a "no such file" of a local path says is the remote form: NODE and
 * a ':' without the '/' after it; nothing else, a remote path neither. */
UNIT_TEST(fs_path_near_remote_forms)
{
	static const char *const near[] = {"beta:", "beta:etc/motd",
					   "10.0.0.2:", "beta:x:/y", "b::/x"};
	static const char *const not_near[] = {
	    "beta:/etc/motd", "/beta:", "/etc/motd", "beta",	"",
	    ":/etc",	      ":x",	"a b:x",     "be/ta:x", "beta :x",
	};

	for (unsigned i = 0; i < sizeof(near) / sizeof(near[0]); i++)
		CHECK_EQ(lv_fs_path_near_remote(near[i]), 1);
	for (unsigned i = 0; i < sizeof(not_near) / sizeof(not_near[0]); i++)
		CHECK_EQ(lv_fs_path_near_remote(not_near[i]), 0);
}

UNIT_TEST(fs_path_node_lengths)
{
	char path[LV_FS_NODE_MAX + 16], node[LV_FS_NODE_MAX];
	const char *rest;

	/* the longest node that fits: "fs@NODE" is an entry name */
	memset(path, 'n', LV_FS_NODE_MAX - 1);
	strcpy(path + LV_FS_NODE_MAX - 1, ":/x");
	CHECK_EQ(split(path, node, &rest), 1);
	CHECK_EQ((long long)strlen(node), LV_FS_NODE_MAX - 1);
	CHECK_STR_EQ(rest, "/x");
	/* one more: too long, and nothing copied */
	memset(path, 'n', LV_FS_NODE_MAX);
	strcpy(path + LV_FS_NODE_MAX, ":/x");
	CHECK_EQ(split(path, node, &rest), -ERR_NAMETOOLONG);
	CHECK_STR_EQ(node, "");
	CHECK(rest == path);
	/* a long name that is no node (no ":/") is a local path */
	memset(path, 'n', sizeof(path) - 1);
	path[sizeof(path) - 1] = '\0';
	CHECK_EQ(split(path, node, &rest), 0);
}
