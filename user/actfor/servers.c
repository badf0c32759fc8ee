/* The servers against a remote caller (a negative sender): init's control
 * port and the name server refuse what only local processes may do, the
 * file server is read-only for it (-ERR_ROFS), and the per-client limits
 * of ns (subscriptions) and fs (open files) count each identity as a
 * client of its own. */
#include <string.h>
#include <lavender/fs.h>
#include <lavender/initctl.h>
#include <lavender/ns.h>
#include "actfor.h"
#include "../lib/check.h"

#define NO_SUCH_PID 0x7ffe
#define READABLE "/etc/motd"
#define FS_PER_CLIENT 64 /* servers/fs/pure_files.h FS_FILES_PER_CLIENT */

static const char *initctl_refuses(void)
{
	actfor_be(ACTFOR_ID);
	int remote = lv_initctl_kill(LV_BOOT_HANDLE, NO_SUCH_PID);
	actfor_be(0);
	int local = lv_initctl_kill(LV_BOOT_HANDLE, NO_SUCH_PID);
	if (remote != -ERR_PERM)
		return check_why("remote kill: %d", remote);
	if (local != -ERR_SRCH) /* the right itself works */
		return check_why("local kill: %d", local);
	return NULL;
}

static const char *ns_refuses(void)
{
	int port = lv_port_create(), rc[6];
	lv_ns_entry_t e;
	if (lv_ns_register("actfor.mine", "test", "", port) < 0)
		return check_why("cannot register as itself");
	actfor_be(ACTFOR_ID);
	rc[0] = lv_ns_register("actfor.remote", "test", "", port);
	rc[1] = lv_ns_delete("actfor.mine");
	rc[2] = lv_ns_modify("actfor.mine", "x", "");
	rc[3] = lv_ns_handover("actfor.mine", lv_getpid());
	rc[4] = lv_ns_lookup("actfor.mine", &e); /* looking up is allowed */
	actfor_be(0);
	if (rc[4] > 0)
		lv_handle_close(rc[4]);
	rc[5] = lv_ns_lookup("actfor.remote", NULL);
	int deleted = lv_ns_delete("actfor.mine");
	lv_handle_close(port);
	for (int i = 0; i < 4; i++)
		if (rc[i] != -ERR_PERM)
			return check_why("request %d as remote: %d", i, rc[i]);
	if (rc[4] <= 0 || strcmp(e.name, "actfor.mine") != 0)
		return check_why("lookup as remote: %d", rc[4]);
	if (rc[5] != -ERR_NOENT || deleted != 0)
		return check_why("after: lookup %d, delete %d", rc[5], deleted);
	return NULL;
}

static const char *ns_subscriptions_per_identity(void)
{
	int port = lv_port_create(), n = 0, more, other, mine;
	actfor_be(ACTFOR_ID);
	while (n <= LV_NS_SUBS_PER_CLIENT &&
	       lv_ns_subscribe("actfor.none", port) == 0)
		n++;
	more = lv_ns_subscribe("actfor.none", port);
	actfor_be(ACTFOR_ID - 1);
	other = lv_ns_subscribe("actfor.none", port);
	actfor_be(0);
	mine = lv_ns_subscribe("actfor.none", port);
	lv_handle_close(port); /* ends them all */
	if (n != LV_NS_SUBS_PER_CLIENT || more != -ERR_NOSPC)
		return check_why("%d subscriptions, then %d", n, more);
	if (other != 0 || mine != 0)
		return check_why("another identity %d, the pid %d", other,
				 mine);
	return NULL;
}

static const char *fs_read_only(void)
{
	char buf[8];
	lv_fs_stat_t st;
	int rc[6];
	actfor_be(ACTFOR_ID);
	int id = lv_fs_open(READABLE, LV_FS_O_READ, NULL);
	int got = id >= 0 ? lv_fs_read(id, 0, buf, sizeof(buf)) : id;
	rc[0] = lv_fs_open(READABLE, LV_FS_O_READ | LV_FS_O_WRITE, NULL);
	rc[1] = lv_fs_open("/tmp/actfor", LV_FS_O_WRITE | LV_FS_O_CREATE, NULL);
	rc[2] = lv_fs_open(READABLE, LV_FS_O_READ | LV_FS_O_APPEND, NULL);
	rc[3] = lv_fs_unlink(READABLE);
	rc[4] = lv_fs_mkdir("/actfor.d");
	actfor_be(0);
	rc[5] = id >= 0 ? lv_fs_fstat(id, &st) : 0; /* not the pid's file */
	int local = lv_fs_mkdir("/actfor.d");
	actfor_be(ACTFOR_ID);
	int closed = id >= 0 ? lv_fs_close(id) : id;
	actfor_be(0);
	if (id < 0 || got <= 0)
		return check_why("read as remote: open %d, read %d", id, got);
	for (int i = 0; i < 5; i++)
		if (rc[i] != -ERR_ROFS)
			return check_why("change %d as remote: %d", i, rc[i]);
	if (rc[5] != -ERR_BADF || closed != 0)
		return check_why("its file: fstat as pid %d, close %d", rc[5],
				 closed);
	if (local != 0)
		return check_why("mkdir as the pid: %d", local);
	return NULL;
}

static const char *fs_files_per_identity(void)
{
	int ids[FS_PER_CLIENT], n = 0, more, other, mine;
	actfor_be(ACTFOR_ID);
	while (n < FS_PER_CLIENT &&
	       (ids[n] = lv_fs_open(READABLE, LV_FS_O_READ, NULL)) >= 0)
		n++;
	more = lv_fs_open(READABLE, LV_FS_O_READ, NULL);
	actfor_be(ACTFOR_ID - 1);
	other = lv_fs_open(READABLE, LV_FS_O_READ, NULL);
	if (other >= 0)
		lv_fs_close(other);
	actfor_be(ACTFOR_ID);
	for (int i = 0; i < n; i++)
		lv_fs_close(ids[i]);
	actfor_be(0);
	mine = lv_fs_open(READABLE, LV_FS_O_READ, NULL);
	if (mine >= 0)
		lv_fs_close(mine);
	if (n != FS_PER_CLIENT || more != -ERR_MFILE)
		return check_why("%d open, then %d", n, more);
	if (other < 0 || mine < 0)
		return check_why("another identity %d, the pid %d", other,
				 mine);
	return NULL;
}

void actfor_check_servers(void)
{
	check_run("initctl_refuses_remote", initctl_refuses);
	check_run("ns_refuses_remote", ns_refuses);
	check_run("ns_subscriptions_per_identity",
		  ns_subscriptions_per_identity);
	check_run("fs_read_only_for_remote", fs_read_only);
	check_run("fs_files_per_identity", fs_files_per_identity);
}
