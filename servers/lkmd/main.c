/* The module loader: init starts it with the module right (boot.cfg,
 * `restart -m lkmd`); it registers "lkmd" and serves
 * lavender/lkmd_proto.h: insmod, rmmod, modprobe (only from init, which
 * forwards the administrator's requests), lsmod and modinfo (anyone). */
#include <stdio.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "lkmd.h"
#include "service.h"
#include "../../user/lib/usage.h"

static const usage_t usage = {
    "lkmd", "",
    "The module loader: checks, links and installs kernel modules for\n"
    "insmod, modprobe and rmmod (which the shell sends through init), lists\n"
    "them for lsmod and reads module files for modinfo. init starts it with\n"
    "the module right; run by hand it has none and ends.",
    NULL};

int main(int argc, char **argv)
{
	lv_proc_info_t me;
	uint32_t abi;
	int nexports;

	usage_help(&usage, argc, argv);
	usage_count(&usage, argc, argv, 0, 0);
	int rc = table_start(&abi, &nexports);
	if (rc < 0) {
		printf("lkmd: cannot read the kernel's exports: %s (init "
		       "starts lkmd with the module right, -m)\n",
		       lv_strerror(rc));
		return 1;
	}
	rc = lv_proc_find(lv_getpid(), &me);
	if (rc < 0) {
		printf("lkmd: cannot find its parent: %s\n", lv_strerror(rc));
		return 1;
	}
	int port = lv_port_create();
	if (port < 0) {
		printf("lkmd: port_create: %s\n", lv_strerror(port));
		return 1;
	}
	rc = lv_ns_register(LV_LKMD_NAME, "server", "", port);
	if (rc < 0) {
		printf("lkmd: cannot register \"%s\": %s\n", LV_LKMD_NAME,
		       lv_strerror(rc));
		return 1;
	}
	printf("lkmd: ready: kernel ABI version %u, %d exported symbols; "
	       "loads for pid %d\n",
	       (unsigned)abi, nexports, (int)me.parent);
	rc = lkmd_serve(port, me.parent);
	printf("lkmd: receive failed: %s\n", lv_strerror(rc));
	return 1;
}
