/* Loading one module file (lkmd.h): it is read whole through the file
 * server, checked and laid out by the pure linker, refused before the
 * kernel sees it when anything is wrong, then linked at the base the
 * kernel reserves, given its parameters and installed; the kernel runs its
 * init. Every refusal leaves the kernel's table as it was: a reservation
 * is given back. probe.c builds modprobe and removal on this. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <lavender/fs.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>
#include "lkmd.h"

#define START_TICKS 1000 /* a module thread's add steps, at most */
#include "lkmd/pure_modargs.h"

#define WHY_MAX 160

modlink_t lkmd_link; /* one file at a time: lkmd has one thread */
static lv_modsym_t syms[LV_MODULE_SYMS_MAX];

/* Reads path whole into f (the caller frees f->data): 0 or -ERR_*. */
static int read_file(const char *path, lkmd_file_t *f, char *msg, size_t len)
{
	struct stat st;
	f->data = NULL;
	f->size = 0;
	if (path[0] != '/')
		return modlink_refuse(msg, len, -ERR_INVAL,
				      "%s: not a path from the root (/...)",
				      path);
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return modlink_refuse(msg, len, -ERR_NOENT, "%s: no such file",
				      path);
	int rc = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? 0 : -ERR_ISDIR;
	if (rc == 0 && (st.st_size <= 0 || st.st_size > (off_t)LKMD_FILE_MAX))
		rc = -ERR_NOEXEC;
	if (rc == 0 && !(f->data = malloc((size_t)st.st_size)))
		rc = -ERR_NOMEM;
	while (rc == 0 && f->size < (uint32_t)st.st_size) {
		ssize_t got =
		    read(fd, f->data + f->size, (size_t)st.st_size - f->size);
		if (got <= 0)
			rc = -ERR_IO;
		else
			f->size += (uint32_t)got;
	}
	close(fd);
	if (rc == 0 && lkmd_trusted_fs && !lv_fs_pinned())
		rc = -ERR_ACCES; /* the file server changed while reading */
	if (rc == 0)
		return 0;
	free(f->data);
	f->data = NULL;
	if (rc == -ERR_NOEXEC)
		return modlink_refuse(
		    msg, len, rc,
		    "%s: not a module file (empty, or over %u bytes)", path,
		    LKMD_FILE_MAX);
	return modlink_refuse(msg, len, rc, "%s: cannot read it: %s", path,
			      lv_strerror(rc));
}

int load_parse(const char *path, lkmd_file_t *f, char *msg, size_t len)
{
	char why[WHY_MAX];
	int rc = read_file(path, f, msg, len);
	if (rc < 0)
		return rc;
	rc = modlink_parse(&lkmd_link, f->data, f->size, why, sizeof(why));
	if (rc < 0) {
		free(f->data);
		f->data = NULL;
		return modlink_refuse(msg, len, rc, "%s: %s", path, why);
	}
	return 0;
}

/* The refusal of a second copy of module name (id): a driver module
 * drives one NIC, so the remedy is another kind, not rmmod. */
static int loaded_already(const char *path, const char *name, int id, char *msg,
			  size_t len)
{
	lv_module_stat_t st;
	char driver[LV_NS_NAME_MAX];
	for (int i = 0; lv_module_info(i, &st) != -ERR_NOENT; i++)
		if (lv_module_info(i, &st) == 0 && st.id == id &&
		    users_driver(st.pid, driver) == 0)
			return modlink_refuse(
			    msg, len, -ERR_EXIST,
			    "%s: module %s is loaded already as driver %s "
			    "(pid %d): a module loads once, so it drives one "
			    "NIC (another: drv up %s without kind=module)",
			    path, name, driver, (int)st.pid, name);
	return modlink_refuse(msg, len, -ERR_EXIST,
			      "%s: module %s is loaded already (id %d; rmmod "
			      "removes it)",
			      path, name, id);
}

/* The checks before anything reaches the kernel: the ABI version, the
 * parameters, no module of that name loaded, its dependencies loaded. */
static int acceptable(const char *path, const char *params, size_t psize,
		      char *msg, size_t len)
{
	char why[WHY_MAX];
	const modlink_info_t *info = &lkmd_link.info;
	int rc =
	    modlink_check_abi(&lkmd_link, table_kernel_abi(), why, sizeof(why));
	if (rc == 0 &&
	    (rc = modargs_check(params, psize, why, sizeof(why))) > 0)
		rc = 0;
	if (rc < 0)
		return modlink_refuse(msg, len, rc, "%s: %s", path, why);
	int id = table_kernel_id(info->name);
	if (id)
		return loaded_already(path, info->name, id, msg, len);
	for (int d = 0; d < info->ndepends; d++) {
		const char *dep = info->depends[d];
		if (table_linkable(dep))
			continue;
		if (table_kernel_id(dep))
			return modlink_refuse(
			    msg, len, -ERR_NOENT,
			    "%s: needs module %s, which this lkmd did not "
			    "load (its symbols are unknown: rmmod it and "
			    "load it again)",
			    path, dep);
		/* the probe that works: by name from LV_LKMD_DIR, else by
		 * this path, whose folder holds the dependencies */
		char own[LV_LKMD_PATH_MAX];
		snprintf(own, sizeof(own), "%s/%s.ko", LV_LKMD_DIR, info->name);
		return modlink_refuse(
		    msg, len, -ERR_NOENT,
		    "%s: needs module %s, which is not "
		    "loaded (modprobe %s loads it first)",
		    path, dep, strcmp(own, path) == 0 ? info->name : path);
	}
	return 0;
}

/* Links lkmd_link at base into image and sets the parameters. */
static int link_image(const char *path, uint32_t base, uint8_t *image,
		      const char *params, size_t psize, char *msg, size_t len)
{
	char why[WHY_MAX];
	uint32_t size = lkmd_link.layout.size;
	int rc = modlink_link(&lkmd_link, base, image, size, table_lookup,
			      &lkmd_link.info, why, sizeof(why));
	size_t at = 0;
	for (const char *p; rc == 0 && (p = modargs_next(params, psize, &at));)
		rc = modlink_param_set(&lkmd_link, image, size, p, why,
				       sizeof(why));
	return rc < 0 ? modlink_refuse(msg, len, rc, "%s: %s", path, why) : 0;
}

/* A driver module whose init found its ports held (-ERR_BUSY): when it
 * has an int parameter io, the driver of that NIC is named after the
 * message, with the swap that changes its kind. */
static void name_holder(const uint8_t *image, char *msg, size_t len)
{
	const modlink_info_t *info = &lkmd_link.info;
	char holder[160];
	int32_t io;
	for (int i = 0; i < info->nparams; i++) {
		const modlink_param_t *p = &info->params[i];
		if (strcmp(p->name, "io") != 0 || p->type != LV_MODPARAM_INT)
			continue;
		memcpy(&io, image + p->offset, sizeof(io));
		size_t used = strlen(msg);
		if (lv_netdrv_holder((unsigned)io, "module", holder,
				     sizeof(holder)) == 0 &&
		    used < len)
			snprintf(msg + used, len - used, " (%s)", holder);
		return;
	}
}

/* Installs the linked image of reservation id: the kernel's module id, or
 * -ERR_* (init's own code when init failed; the kernel undid it). A module
 * whose init left its start pending (kmodule_start_pending) is waited for
 * up to START_TICKS: a failed start is removed again and is the error. */
static int install(const char *path, int id, uint8_t *image, char *msg,
		   size_t len)
{
	const modlink_info_t *info = &lkmd_link.info;
	lv_module_install_t req;
	memset(&req, 0, sizeof(req));
	req.id = id;
	req.image = (uint32_t)image;
	req.size = lkmd_link.layout.size;
	req.text_end = lkmd_link.layout.text_end;
	req.ro_end = lkmd_link.layout.ro_end;
	req.init_offset =
	    info->has_init ? info->init_offset : LV_MODULE_NO_ENTRY;
	req.exit_offset =
	    info->has_exit ? info->exit_offset : LV_MODULE_NO_ENTRY;
	req.nsyms = modlink_functions(&lkmd_link, syms, LV_MODULE_SYMS_MAX);
	if (req.nsyms > LV_MODULE_SYMS_MAX)
		req.nsyms = LV_MODULE_SYMS_MAX;
	req.symbols = (uint32_t)syms;
	memcpy(req.name, info->name, sizeof(req.name));
	for (int d = 0; d < info->ndepends && d < LV_MODULE_DEPS_MAX; d++)
		req.deps[req.ndeps++] = table_known(info->depends[d]);
	int rc = lv_module_install(&req);
	int started = rc >= 0 ? lv_module_wait(rc, START_TICKS) : 0;
	if (started < 0) { /* its thread's add steps failed: undone */
		lv_module_remove(rc);
		return modlink_refuse(
		    msg, len, started, "%s: %s failed to start: %s (%d)", path,
		    info->name, lv_strerror(started), started);
	}
	if (rc >= 0)
		return rc;
	if (req.init_rc < 0)
		return modlink_refuse(
		    msg, len, rc, "%s: init of %s failed: %s (%d)", path,
		    info->name, lv_strerror(req.init_rc), (int)req.init_rc);
	return modlink_refuse(msg, len, rc, "%s: the kernel refused %s: %s",
			      path, info->name, lv_strerror(rc));
}

int load_file(const char *path, const char *params, size_t psize,
	      msg_lkmd_result_t *r)
{
	lkmd_file_t f;
	char *msg = r->message;
	size_t len = sizeof(r->message);
	uint8_t *image = NULL;
	unsigned base = 0;
	int rc = load_parse(path, &f, msg, len);
	if (rc < 0)
		return rc;
	memcpy(r->name, lkmd_link.info.name, sizeof(r->name));
	rc = acceptable(path, params, psize, msg, len);
	if (rc < 0)
		goto out_free;
	uint32_t size = lkmd_link.layout.size;
	int id = lv_module_reserve(size, &base);
	if (id < 0) {
		rc = modlink_refuse(
		    msg, len, id,
		    "%s: no room for %u bytes of module memory: %s", path, size,
		    lv_strerror(id));
		goto out_free;
	}
	image = malloc(size);
	rc = image ? link_image(path, base, image, params, psize, msg, len)
		   : modlink_refuse(msg, len, -ERR_NOMEM,
				    "%s: no memory to link it", path);
	if (rc == 0)
		rc = install(path, id, image, msg, len);
	if (rc == -ERR_BUSY)
		name_holder(image, msg, len);
	if (rc > 0 && table_add(rc, &lkmd_link) < 0) {
		lv_module_remove(rc);
		rc = modlink_refuse(msg, len, -ERR_NOMEM,
				    "%s: no memory to record it", path);
	}
	if (rc < 0)
		lv_module_remove(id); /* gone already when install failed */
	else
		printf("lkmd: loaded %s (id %d) from %s\n", r->name, rc, path);
	r->id = rc > 0 ? rc : 0;
out_free:
	free(image);
	free(f.data);
	return rc;
}

int load_path(const char *dir, const char *what, char *path, size_t len,
	      char *msg, size_t msglen)
{
	size_t n = strlen(what);
	if (strchr(what, '/')) {
		if (n >= len)
			return modlink_refuse(
			    msg, msglen, -ERR_NAMETOOLONG,
			    "%.60s...: path too long (at most %u "
			    "bytes)",
			    what, (unsigned)len - 1);
		memcpy(path, what, n + 1);
		return 0;
	}
	int ok = n > 0 && n < LV_MODULE_NAME_MAX;
	for (size_t i = 0; ok && i < n; i++)
		ok = (what[i] >= 'a' && what[i] <= 'z') ||
		     (what[i] >= 'A' && what[i] <= 'Z') ||
		     (what[i] >= '0' && what[i] <= '9') || what[i] == '_' ||
		     what[i] == '-';
	if (!ok || strlen(dir) + n + 5 > len)
		return modlink_refuse(
		    msg, msglen, -ERR_INVAL,
		    "%.40s: not a module name ([A-Za-z0-9_-], 1-%d "
		    "characters) nor a path",
		    what, LV_MODULE_NAME_MAX - 1);
	memcpy(path, dir, strlen(dir));
	path += strlen(dir);
	*path++ = '/';
	memcpy(path, what, n);
	memcpy(path + n, ".ko", 4);
	return 0;
}
