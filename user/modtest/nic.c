/* "modtest ne2k": the NE2000 module (lkm/ne2k) loaded as the installer
 * does, used and unloaded (proc.kproc_ne2k, with a second node): a bad
 * parameter fails its init and leaves nothing; the module registers ne2k0
 * from its own process; nicdump (a child) gets the frames the other node
 * sends, nicsend sends 10 through it; a STOP from a program without the
 * right is refused, the installer's runs the remove steps; removal gives
 * the kernel's memory back. */
#include <stdio.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "modtest.h"
#include "../lib/check.h"

#define NE2K "/lib/modules/ne2k.ko"
#define CHILD_TICKS 6000 /* nicdump waits for the other node */

static modfile_t ne2k;

/* Runs program with args as a child; NULL if it ended with want. */
static const char *child(const char *program, const char *args, int want)
{
	int status, pid = lv_spawn(program, args, 0, 0, 0);
	if (pid < 0)
		return check_why("spawn %s: %s", args, lv_strerror(pid));
	if (check_wait_exit(pid, CHILD_TICKS, &status) < 0)
		return check_why("%s hung", args);
	return status == want ? NULL
			      : check_why("%s ended with %d", args, status);
}

/* irq=2 (the cascade) fails init: nothing is left. */
static const char *bad_param(void)
{
	prepared_t p;
	const char *why = modtest_prepare(&ne2k, "irq=2", &p);
	if (why)
		return why;
	int rc = lv_module_install(&p.req);
	modtest_release(&p);
	if (rc != -ERR_INVAL || p.req.init_rc != -ERR_INVAL) {
		lv_module_remove(rc > 0 ? rc : p.req.id);
		return check_why("install gave %d (init %d)", rc,
				 p.req.init_rc);
	}
	return modtest_table_empty() ? NULL : "left in the table";
}

static const char *serve_and_stop(void)
{
	uint32_t frames0, heap0, frames, heap;
	lv_ns_entry_t e;
	int id, pid;
	modtest_settled(&frames0, &heap0);
	const char *why = modtest_load(&ne2k, "ne2k0", &id, &pid);
	if (why)
		return why;
	if (!why)
		why = child("nicdump", "nicdump ne2k0 10", 0);
	if (!why)
		why = child("nicsend", "nicsend ne2k0 10", 0);
	if (!why)
		why = child("nicsend", "nicsend ne2k0 stop", 1); /* no right */
	if (!why)
		why = child("nicsend", "nicsend ne2k0 stats", 0);
	int h = lv_ns_lookup("ne2k0", NULL);
	int rc = lv_rpc(h, LV_NETDRV_STOP, NULL, 0, NULL, 0, NULL, 500);
	lv_handle_close(h);
	if (!why && rc != 0)
		why = check_why("STOP: %s", lv_strerror(rc));
	if (!why && (rc = modtest_await(LV_NS_EVENT_DELETE, "ne2k0", &e)) < 0)
		why = check_why("ne2k0 stayed: %s", lv_strerror(rc));
	if (!why && modtest_state(id) != LV_MODULE_DEAD)
		why = check_why("state %d after STOP", modtest_state(id));
	const char *gone = modtest_unload(id, pid, "ne2k0", 1);
	if (why || gone)
		return why ? why : gone;
	modtest_settled(&frames, &heap);
	return modtest_mem_back(frames0, heap0, frames, heap, "after unload");
}

int modtest_ne2k(void)
{
	check_init("modtest");
	if (modtest_events_open("driver") < 0 || modtest_exports() < 0 ||
	    modtest_read(NE2K, &ne2k) < 0) {
		printf("modtest: no file server, or cannot read %s\n", NE2K);
		return 1;
	}
	check_run("ne2k_bad_param", bad_param);
	check_run("ne2k_serve_and_stop", serve_and_stop);
	return check_summary();
}
