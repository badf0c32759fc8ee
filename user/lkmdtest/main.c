/* "lkmdtest": the module loader's port against an ordinary program (run
 * from the shell: no right of any kind). LOAD and UNLOAD asked directly
 * are refused -ERR_PERM whatever the payload, and the kernel's module
 * table is the same afterwards; LIST and INFO answer anyone; malformed
 * requests are refused. Prints "lkmdtest NAME: ok|FAIL why" per check and
 * "lkmdtest: N passed, M failed"; exits with the number of failures. */
#include <stdio.h>
#include <string.h>
#include <lavender/initctl.h>
#include <lavender/lkmd.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "../lib/usage.h"

static const usage_t usage = {
    .name = "lkmdtest",
    .synopsis = "",
    .about = "Checks the module loader (lkmd) against an ordinary program: "
	     "loading and\nremoving modules directly is refused and changes "
	     "nothing; listing and\nmodule info answer anyone; malformed "
	     "requests are refused.",
    .suite = "lkmd.no_privilege",
};

#define SLOTS 16

/* The kernel's module table as ids and names, joined into one string. */
static void table_now(char *out, size_t len)
{
	lv_module_stat_t st;
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < SLOTS; i++)
		if (lv_module_info(i, &st) == 0 && used < len)
			used += (size_t)snprintf(out + used, len - used,
						 "%d:%s:%u ", (int)st.id,
						 st.name, (unsigned)st.state);
}

/* A raw request of len bytes to lkmd. */
static int raw(uint32_t op, const void *req, size_t len)
{
	char reply[LV_MSG_PAYLOAD_MAX];
	int port = lv_ns_lookup(LV_LKMD_NAME, NULL);
	if (port < 0)
		return port;
	int rc = lv_rpc(port, op, req, len, reply, sizeof(reply), NULL, 1000);
	lv_handle_close(port);
	return rc;
}

static char before[512];

static const char *load_direct(void)
{
	msg_lkmd_load_t req;
	msg_lkmd_result_t r;
	memset(&req, 0, sizeof(req));
	strcpy(req.path, "/lib/modules/base.ko");
	int rc = lv_lkmd_load(&req, &r);
	if (rc != -ERR_PERM)
		return check_why("LOAD gave %d", rc);
	req.flags = LV_LKMD_PROBE;
	strcpy(req.path, "baseuser");
	if ((rc = lv_lkmd_load(&req, &r)) != -ERR_PERM)
		return check_why("LOAD (probe) gave %d", rc);
	char junk[8] = "AAAAAAA";
	if ((rc = raw(LV_LKMD_LOAD, junk, sizeof(junk))) != -ERR_PERM)
		return check_why("a malformed LOAD gave %d", rc);
	return NULL;
}

static const char *unload_direct(void)
{
	lv_module_stat_t st;
	msg_lkmd_unload_t req;
	msg_lkmd_result_t r;
	int tried = 0;
	for (int i = 0; i < SLOTS; i++) {
		if (lv_module_info(i, &st) != 0)
			continue;
		for (uint32_t f = 0; f <= LV_LKMD_DEPS; f++) {
			memset(&req, 0, sizeof(req));
			memcpy(req.name, st.name, sizeof(req.name));
			req.flags = f;
			int rc = lv_lkmd_unload(&req, &r);
			if (rc != -ERR_PERM)
				return check_why("UNLOAD %s (flags %u) gave %d",
						 st.name, (unsigned)f, rc);
			tried++;
		}
	}
	return tried ? NULL : "no module loaded to try (insmod one first)";
}

static const char *nothing_changed(void)
{
	char after[512];
	table_now(after, sizeof(after));
	if (strcmp(before, after) != 0)
		return check_why("table %s became %s", before, after);
	return NULL;
}

static const char *list(void)
{
	static msg_lkmd_list_t l;
	lv_module_stat_t st;
	int n = 0;
	for (int i = 0; i < SLOTS; i++)
		n += lv_module_info(i, &st) == 0;
	int rc = lv_lkmd_list(&l);
	if (rc != n || l.count != (uint32_t)n)
		return check_why("LIST gave %d (%u), the kernel has %d", rc,
				 (unsigned)l.count, n);
	return NULL;
}

static const char *info(void)
{
	static msg_lkmd_info_t in;
	int rc = lv_lkmd_info("hello", &in);
	if (rc != 0 || strcmp(in.name, "hello") != 0 || in.nparams != 2 ||
	    strcmp(in.path, "/lib/modules/hello.ko") != 0)
		return check_why("INFO hello gave %d, %s at %s", rc, in.name,
				 in.path);
	if ((rc = lv_lkmd_info("/nosuch.ko", &in)) != -ERR_NOENT ||
	    !strstr(in.message, "/nosuch.ko: no such file"))
		return check_why("INFO /nosuch.ko gave %d: %s", rc, in.message);
	if ((rc = lv_lkmd_info("../x", &in)) != -ERR_INVAL)
		return check_why("INFO ../x gave %d", rc);
	if ((rc = lv_lkmd_info("a b", &in)) != -ERR_INVAL)
		return check_why("INFO 'a b' gave %d", rc);
	return NULL;
}

static const char *malformed(void)
{
	char junk[LV_LKMD_PATH_MAX];
	memset(junk, 'A', sizeof(junk)); /* no NUL */
	int rc = raw(LV_LKMD_INFO, junk, sizeof(junk));
	if (rc != -ERR_INVAL)
		return check_why("unterminated INFO gave %d", rc);
	if ((rc = raw(LV_LKMD_INFO, junk, 3)) != -ERR_INVAL)
		return check_why("short INFO gave %d", rc);
	if ((rc = raw(LV_LKMD_LIST, junk, 3)) != -ERR_INVAL)
		return check_why("LIST with a payload gave %d", rc);
	if ((rc = raw(0x4C4B01FF, junk, 3)) != -ERR_NOSYS)
		return check_why("an unknown op gave %d", rc);
	return NULL;
}

static const char *no_control_right(void)
{
	return lv_initctl_present(LV_BOOT_HANDLE)
		   ? "a program holds init's control right"
		   : NULL;
}

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	check_init("lkmdtest");
	table_now(before, sizeof(before));
	check_run("load_direct", load_direct);
	check_run("unload_direct", unload_direct);
	check_run("nothing_changed", nothing_changed);
	check_run("list", list);
	check_run("info", info);
	check_run("malformed", malformed);
	check_run("no_control_right", no_control_right);
	return check_summary();
}
