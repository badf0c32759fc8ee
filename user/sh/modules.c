/* The module built-ins, with Linux's names and manners: insmod, rmmod and
 * modprobe ask init's control port (lavender/initctl.h), which forwards to
 * the module loader lkmd -- only the console's shell holds that right;
 * lsmod and modinfo ask lkmd directly (lavender/lkmd.h), as anyone may.
 * Messages name the file or module and the cause as lkmd gave them. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <lavender/initctl.h>
#include <lavender/lkmd.h>
#include <lavender/syscall.h>
#include "sh.h"
#include "../../servers/lkmd/pure_modargs.h"

/* A usage error of tool: the message, then its usage line; status 2. */
static int usage_error(const char *tool, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static int usage_error(const char *tool, const char *fmt, ...)
{
	va_list ap;
	const builtin_t *b = builtin_find(tool);
	printf("%s: ", tool);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\nusage: %s %s\n", tool, b ? b->usage : "");
	return 2;
}

/* The parameters argv[0..argc) into req: 0, or a usage error's status. */
static int take_params(const char *tool, int argc, char **argv,
		       msg_lkmd_load_t *req)
{
	size_t used = 0;
	for (int i = 0; i < argc; i++) {
		const char *eq = strchr(argv[i], '=');
		if (!eq || eq == argv[i])
			return usage_error(
			    tool, "%s: not a parameter (key=value)", argv[i]);
		if (modargs_add(req->params, sizeof(req->params), &used,
				argv[i]) < 0)
			return usage_error(tool,
					   "parameters too long (at most %d "
					   "bytes)",
					   LV_LKMD_PARAMS_MAX - 2);
	}
	return 0;
}

/* Sends a load request through init: 0, or 1 with the error printed (and
 * hint, if given, when the file is missing). */
static int load(const char *tool, const msg_lkmd_load_t *req, const char *hint)
{
	msg_lkmd_result_t r;
	int ctl = admin_control();
	if (ctl < 0) {
		admin_refused(tool);
		return 1;
	}
	int rc = lv_initctl_module_load(ctl, req, &r);
	if (rc > 0)
		return 0;
	r.message[sizeof(r.message) - 1] = '\0';
	printf("%s: ERROR: could not insert module %s\n", tool,
	       r.message[0] ? r.message : req->path);
	if (!r.message[0])
		printf("%s: %s\n", tool, lv_strerror(rc));
	if (hint && rc == -ERR_NOENT)
		printf("%s: %s\n", tool, hint);
	return 1;
}

/* The module arg names (Linux's manners): NAME, or a file's name NAME.ko
 * with or without its folders; into name (size bytes). */
static void module_name_of(const char *arg, char *name, size_t size)
{
	const char *base = strrchr(arg, '/');
	snprintf(name, size, "%s", base ? base + 1 : arg);
	size_t len = strlen(name);
	if (len > 3 && strcmp(name + len - 3, ".ko") == 0)
		name[len - 3] = '\0';
}

int builtin_insmod(int argc, char **argv)
{
	static msg_lkmd_load_t req;
	char buf[SH_LINE_MAX + 1];
	memset(&req, 0, sizeof(req));
	if (argv[1][0] == '-')
		return usage_error("insmod", "%s: unknown option", argv[1]);
	const char *path = files_path(argv[1], buf, sizeof(buf));
	if (strlen(path) >= sizeof(req.path))
		return usage_error("insmod",
				   "%s: path too long (at most %d "
				   "bytes)",
				   argv[1], LV_LKMD_PATH_MAX - 1);
	strcpy(req.path, path);
	int rc = take_params("insmod", argc - 2, argv + 2, &req);
	if (rc)
		return rc;
	/* a bare word is a file at the root; a module's name is modprobe's */
	char name[LV_MODULE_NAME_MAX + 4], hint[LV_MODULE_NAME_MAX + 96];
	module_name_of(argv[1], name, sizeof(name));
	snprintf(hint, sizeof(hint),
		 "insmod takes a module file (%s/%s.ko); modprobe %s loads "
		 "one by its name",
		 LV_LKMD_DIR, name, name);
	return load("insmod", &req, strchr(argv[1], '/') ? NULL : hint);
}

/* Sends an unload request through init: 0, or 1 with the error printed. */
static int unload(const char *tool, const char *name, uint32_t flags)
{
	msg_lkmd_unload_t req;
	msg_lkmd_result_t r;
	memset(&req, 0, sizeof(req));
	if (strlen(name) >= sizeof(req.name))
		return usage_error(tool,
				   "%s: not a module name (at most %d "
				   "characters)",
				   name, LV_MODULE_NAME_MAX - 1);
	strcpy(req.name, name);
	req.flags = flags;
	int ctl = admin_control();
	if (ctl < 0) {
		admin_refused(tool);
		return 1;
	}
	int rc = lv_initctl_module_unload(ctl, &req, &r);
	if (rc == 0)
		return 0;
	r.message[sizeof(r.message) - 1] = '\0';
	printf("%s: ERROR: %s\n", tool,
	       r.message[0] ? r.message : lv_strerror(rc));
	return 1;
}

int builtin_rmmod(int argc, char **argv)
{
	char name[LV_MODULE_NAME_MAX + 4];
	uint32_t flags = 0;
	int i = 1;
	if (strcmp(argv[i], "-f") == 0 || strcmp(argv[i], "--force") == 0) {
		flags = LV_LKMD_FORCE;
		i++;
	}
	if (i < argc && argv[i][0] == '-')
		return usage_error("rmmod", "%s: unknown option", argv[i]);
	if (i != argc - 1)
		return usage_error("rmmod", "%s",
				   i < argc ? "one module name only"
					    : "a module name is missing");
	module_name_of(argv[i], name, sizeof(name));
	return unload("rmmod", name, flags);
}

int builtin_modprobe(int argc, char **argv)
{
	static msg_lkmd_load_t req;
	memset(&req, 0, sizeof(req));
	if (strcmp(argv[1], "-r") == 0 || strcmp(argv[1], "--remove") == 0) {
		if (argc != 3)
			return usage_error("modprobe", "-r takes one module "
						       "name");
		char name[LV_MODULE_NAME_MAX + 4];
		module_name_of(argv[2], name, sizeof(name));
		return unload("modprobe", name, LV_LKMD_DEPS);
	}
	if (argv[1][0] == '-')
		return usage_error("modprobe", "%s: unknown option", argv[1]);
	/* a path as insmod takes it (from the root); a word without '/' is
	 * a module's name */
	char buf[SH_LINE_MAX + 1];
	const char *what = strchr(argv[1], '/')
			       ? files_path(argv[1], buf, sizeof(buf))
			       : argv[1];
	if (strlen(what) >= sizeof(req.path))
		return usage_error("modprobe", "%s: name too long", argv[1]);
	strcpy(req.path, what);
	req.flags = LV_LKMD_PROBE;
	int rc = take_params("modprobe", argc - 2, argv + 2, &req);
	return rc ? rc : load("modprobe", &req, NULL);
}

static const char *state_name(uint32_t state)
{
	switch (state) {
	case LV_MODULE_RESERVED: return "reserved";
	case LV_MODULE_LOADING: return "loading";
	case LV_MODULE_LIVE: return "live";
	case LV_MODULE_UNLOADING: return "unloading";
	case LV_MODULE_DEAD: return "dead";
	}
	return "?";
}

int builtin_lsmod(int argc, char **argv)
{
	static msg_lkmd_list_t list;
	(void)argc, (void)argv;
	int rc = lv_lkmd_list(&list);
	if (rc < 0) {
		printf("lsmod: the module loader (lkmd): %s\n",
		       lv_strerror(rc));
		return 1;
	}
	printf("Module                  Size  State      Used by\n");
	for (uint32_t i = 0; i < list.count && i < LV_LKMD_LIST_MAX; i++) {
		lv_lkmd_module_t *e = &list.modules[i];
		e->name[sizeof(e->name) - 1] = '\0';
		e->used_by[sizeof(e->used_by) - 1] = '\0';
		printf("%-20s %7u  %-9s  %u%s%s\n",
		       e->name[0] ? e->name : "(reserved)", (unsigned)e->size,
		       state_name(e->state), (unsigned)(e->users + e->refs),
		       e->used_by[0] ? " " : "", e->used_by);
	}
	return 0;
}

static const char *type_name(uint32_t type)
{
	return type == LV_MODPARAM_INT	    ? "int"
	       : type == LV_MODPARAM_BOOL   ? "bool"
	       : type == LV_MODPARAM_STRING ? "string"
					    : "?";
}

static void print_info(const msg_lkmd_info_t *in)
{
	printf("filename:       %s\n", in->path);
	printf("name:           %s\n", in->name);
	printf("version:        %s\n", in->version);
	printf("description:    %s\n", in->description);
	printf("abi:            %u (this kernel: %u)\n",
	       (unsigned)in->abi_version, (unsigned)in->kernel_abi);
	printf("depends:        ");
	for (uint32_t i = 0; i < in->ndepends && i < LV_MODULE_DEPS_MAX; i++)
		printf("%s%s", i ? "," : "", in->depends[i]);
	printf("\nsize:           %u\n", (unsigned)in->image_size);
	for (uint32_t i = 0; i < in->nparams && i < LV_MODULE_PARAMS_MAX; i++) {
		const lv_lkmd_param_t *p = &in->params[i];
		printf("parm:           %s:%s (%s", p->name, p->description,
		       type_name(p->type));
		if (p->type == LV_MODPARAM_STRING)
			printf(", at most %u bytes", (unsigned)p->size - 1);
		printf(")\n");
	}
}

int builtin_modinfo(int argc, char **argv)
{
	static msg_lkmd_info_t info;
	char buf[SH_LINE_MAX + 1];
	int status = 0;
	for (int i = 1; i < argc; i++) {
		size_t len = strlen(argv[i]);
		int file = strchr(argv[i], '/') ||
			   (len > 3 && strcmp(argv[i] + len - 3, ".ko") == 0);
		const char *what =
		    file ? files_path(argv[i], buf, sizeof(buf)) : argv[i];
		int rc = lv_lkmd_info(what, &info);
		info.message[sizeof(info.message) - 1] = '\0';
		if (rc == 0) {
			print_info(&info);
			continue;
		}
		printf("modinfo: ERROR: %s\n",
		       info.message[0] ? info.message : lv_strerror(rc));
		status = 1;
	}
	return status;
}
