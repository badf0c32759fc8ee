/* System calls of the module loader (requests and replies documented in
 * uapi/syscalls.h): the export table, reserve, install, remove, and the
 * module table for lsmod. The dispatcher has checked the module right;
 * here every pointer and size from the caller is checked before core's
 * mechanism (core/module.c) sees it. */
#include "core/kexport.h"
#include "core/kmem.h"
#include "core/module.h"
#include "core/proc.h"
#include "core/space.h"
#include "nucleus/nucleus.h"
#include "system/syscall.h"
#include "lib/string.h"
#include "uapi/errors.h"

int sys_module_exports(const uint32_t *a)
{
	uint32_t n = kexport_count(), max = a[1];
	if (max > n)
		max = n;
	if (max && !user_range_ok(a[0], max * sizeof(lv_kexport_t)))
		return -ERR_FAULT; /* before anything is written */
	for (uint32_t i = 0; i < max; i++) {
		const kexport_t *e = kexport_at(i);
		lv_kexport_t out;
		memset(&out, 0, sizeof(out));
		out.address = (uint32_t)e->addr;
		strlcpy(out.name, e->name, sizeof(out.name));
		int rc = copyout(a[0] + i * sizeof(out), &out, sizeof(out));
		if (rc < 0)
			return rc;
	}
	uint32_t abi = LV_KERNEL_ABI_VERSION;
	if (a[2]) {
		int rc = copyout(a[2], &abi, sizeof(abi));
		if (rc < 0)
			return rc;
	}
	return (int)n;
}

int sys_module_reserve(const uint32_t *a)
{
	int pid = proc_current()->pid;
	uint32_t base;
	if (!user_range_ok(a[1], sizeof(base)))
		return -ERR_FAULT;
	int id = module_reserve(a[0], pid, &base);
	if (id < 0)
		return id;
	int rc = copyout(a[1], &base, sizeof(base));
	if (rc < 0) { /* nobody learnt the base: give it back */
		module_remove(id, pid);
		return rc;
	}
	return id;
}

int sys_module_install(const uint32_t *a)
{
	lv_module_install_t req;
	lv_modsym_t *syms = NULL;
	int rc = copyin(&req, a[0], sizeof(req)), init_rc;
	if (rc < 0)
		return rc;
	if (req.nsyms > LV_MODULE_SYMS_MAX)
		return -ERR_INVAL;
	if (req.nsyms) {
		syms = kmalloc(req.nsyms * sizeof(*syms));
		if (!syms)
			return -ERR_NOMEM;
		rc = copyin(syms, req.symbols, req.nsyms * sizeof(*syms));
		if (rc < 0) {
			kfree(syms);
			return rc;
		}
	}
	/* module_install owns syms from here, on every path. */
	rc = module_install(proc_current()->pid, &req, syms, &init_rc);
	if (init_rc != 1) /* init ran: its result, best effort */
		copyout(a[0] + offsetof(lv_module_install_t, init_rc), &init_rc,
			sizeof(init_rc));
	return rc;
}

int sys_module_remove(const uint32_t *a)
{
	return module_remove((int)a[0], proc_current()->pid);
}

int sys_module_info(const uint32_t *a)
{
	lv_module_stat_t st;
	int rc = module_stat((int)a[0], &st);
	if (rc < 0)
		return rc;
	return copyout(a[1], &st, sizeof(st));
}

int sys_module_wait(const uint32_t *a)
{
	return module_wait_started((int)a[0], a[1]);
}
