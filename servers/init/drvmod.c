/* Driver kind "module" for the control port: drv up KIND kind=module loads
 * /lib/modules/KIND.ko through the module loader (modules.c) and waits for
 * its "driver" entry like a user-mode driver's; drv down of a module
 * driver removes the module after its STOP. The loader's refusals reach the
 * administrator with its message. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/lkmd_proto.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "drivers.h"
#include "init.h"

/* The pid of the process of the module with kernel id id, or 0. */
static int module_pid(int id)
{
	lv_module_stat_t st;
	for (int i = 0; lv_module_info(i, &st) != -ERR_NOENT; i++)
		if (lv_module_info(i, &st) == 0 && st.id == id)
			return st.pid;
	return 0;
}

static void loaded(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	struct driver *d = arg;
	msg_lkmd_result_t r;
	(void)s;
	modules_result(status, msg, &r);
	if (d->state != DRV_LOADING)
		return;
	int pid = status > 0 ? module_pid(status) : 0;
	if (pid <= 0) {
		printf("init: driver module %s not loaded: %s\n", d->prog,
		       r.message[0] ? r.message : lv_strerror(status));
		drivers_answer(d, status > 0 ? -ERR_SRCH : status, 0, NULL,
			       r.message);
		drivers_release(d);
		return;
	}
	d->pid = pid;
	printf("init: loaded driver module %s (pid %d)\n", d->prog, pid);
	int rc = drivers_wait_up(d);
	if (rc < 0) {
		d->state = DRV_RUNNING;
		drvmod_remove(d, 0);
		drivers_answer(d, rc, 0, NULL, NULL);
	}
}

int drvmod_up(struct driver *d, const char *rest, char *message, size_t len)
{
	static msg_lkmd_load_t req;
	msg_lkmd_result_t r;
	memset(&req, 0, sizeof(req));
	snprintf(req.path, sizeof(req.path), "%s/%s.ko", LV_LKMD_DIR, d->prog);
	int rc =
	    drvkind_params(rest, req.params, sizeof(req.params), message, len);
	if (rc < 0)
		return rc;
	d->state = DRV_LOADING;
	rc = modules_call(LV_LKMD_LOAD, &req, sizeof(req), loaded, d, &r);
	if (rc < 0)
		snprintf(message, len, "%s", r.message);
	return rc;
}

static void removed(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	struct driver *d = arg;
	msg_lkmd_result_t r;
	(void)s;
	modules_result(status, msg, &r);
	if (status < 0)
		printf("init: driver module %s not removed: %s\n", d->prog,
		       r.message[0] ? r.message : lv_strerror(status));
	else
		printf("init: driver module %s removed\n", d->prog);
	drivers_answer(d, status, 0, NULL, r.message);
	drivers_release(d);
}

static void ignored(lv_server_t *s, int status, const lv_msg_t *msg, void *arg)
{
	(void)s, (void)status, (void)msg, (void)arg;
}

void drvmod_remove(struct driver *d, int answer)
{
	msg_lkmd_unload_t req;
	msg_lkmd_result_t r;
	memset(&req, 0, sizeof(req));
	snprintf(req.name, sizeof(req.name), "%s", d->prog);
	int rc = modules_call(LV_LKMD_UNLOAD, &req, sizeof(req),
			      answer ? removed : ignored, d, &r);
	if (rc < 0 && answer) {
		drivers_answer(d, rc, 0, NULL, r.message);
		drivers_release(d);
	}
}

int drvmod_is_module(int pid, char *prog, size_t len)
{
	lv_proc_info_t info;
	if (lv_proc_find(pid, &info) < 0 || info.placement != LV_PLACE_KERNEL)
		return 0;
	/* a module's process is called "[NAME]" */
	size_t n = strnlen(info.name, sizeof(info.name));
	if (n < 3 || info.name[0] != '[' || info.name[n - 1] != ']')
		return 0;
	snprintf(prog, len, "%.*s", (int)(n - 2), info.name + 1);
	return 1;
}
