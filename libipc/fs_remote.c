/* Other nodes' file servers (fs_remote.h): a small table of node -> right,
 * least recently used out, under a lock (threads may share it). */
#include <string.h>
#include <lavender/fs.h>
#include <lavender/hosts.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "fs_remote.h"

_Static_assert(LV_FS_NODE_MAX == LV_NS_NODE_MAX && LV_FS_NODE_MAX == 64,
	       "a path's NODE is a lookup's node (lv_fs_remote_strerror)");

struct remote {
	char node[LV_FS_NODE_MAX]; /* "": a free slot */
	int handle;
	unsigned used; /* when it was last asked for (a counter) */
};

static struct remote remotes[LV_FS_REMOTE_MAX];
static unsigned uses;
static volatile int lock;

static void take(void)
{
	while (__sync_lock_test_and_set(&lock, 1))
		lv_yield();
}

static void give(void) { __sync_lock_release(&lock); }

static struct remote *find(const char *node)
{
	for (int i = 0; i < LV_FS_REMOTE_MAX; i++)
		if (remotes[i].node[0] && lv_host_same(remotes[i].node, node))
			return &remotes[i];
	return NULL;
}

/* A free slot, else the least recently used one, emptied. */
static struct remote *room(void)
{
	struct remote *r = &remotes[0];

	for (int i = 0; i < LV_FS_REMOTE_MAX; i++) {
		if (!remotes[i].node[0])
			return &remotes[i];
		if (remotes[i].used < r->used)
			r = &remotes[i];
	}
	lv_handle_close(r->handle);
	r->node[0] = '\0';
	return r;
}

int fs_remote_get(const char *node)
{
	char name[sizeof(LV_FS_NAME "@") + LV_FS_NODE_MAX];
	struct remote *r;
	int h;

	if (strlen(node) >= LV_FS_NODE_MAX)
		return -ERR_NAMETOOLONG;
	take();
	r = find(node);
	if (r) {
		r->used = ++uses;
		h = r->handle;
		give();
		return h;
	}
	give();
	/* The lookup waits for the network: not under the lock. */
	memcpy(name, LV_FS_NAME "@", sizeof(LV_FS_NAME "@"));
	strcat(name, node);
	h = lv_ns_lookup(name, NULL);
	if (h < 0)
		return h;
	take();
	r = find(node); /* another thread's lookup won: use its right */
	if (r) {
		lv_handle_close(h);
		h = r->handle;
	} else {
		r = room();
		memcpy(r->node, node, strlen(node) + 1);
		r->handle = h;
	}
	r->used = ++uses;
	give();
	return h;
}

void fs_remote_forget(const char *node, int h)
{
	struct remote *r;

	take();
	r = find(node);
	if (r && r->handle == h) {
		r->node[0] = '\0';
		lv_handle_close(h);
	}
	give();
}

const char *lv_fs_remote_strerror(int rc)
{
	switch (rc) {
	case -ERR_ROFS:
		return "read-only file system: remote callers may only read";
	case -ERR_NOENT:
		return "no such file there, or the node exports no file "
		       "server";
	case -ERR_NAMETOOLONG:
		return "the node's name is too long (at most 63 bytes)";
	case -ERR_HOSTUNREACH:
	case -ERR_ADDRNOTAVAIL:
	case -ERR_NETUNREACH:
	case -ERR_TIMEDOUT:
	case -ERR_NETDOWN:
	case -ERR_NOSYS: return lv_ns_remote_strerror(rc);
	default: return lv_strerror(rc);
	}
}
