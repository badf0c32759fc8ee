/* The loader's steps of user/modtest (see modtest.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lavender/syscall.h>
#include "modtest.h"
#include "../lib/check.h"

#define EXPORTS_MAX 64

static lv_kexport_t exports[EXPORTS_MAX];
static int nexports;

int modtest_exports(void)
{
	unsigned abi = 0;
	int n = lv_module_exports(exports, EXPORTS_MAX, &abi);
	if (n < 0)
		return n;
	if (n > EXPORTS_MAX || abi != LV_KERNEL_ABI_VERSION)
		return -ERR_RANGE;
	nexports = n;
	return 0;
}

static int lookup(void *ctx, const char *name, uint32_t *addr)
{
	(void)ctx;
	for (int i = 0; i < nexports; i++) {
		if (strcmp(exports[i].name, name) == 0) {
			*addr = exports[i].address;
			return 0;
		}
	}
	return -ERR_NOENT;
}

int modtest_read(const char *path, modfile_t *f)
{
	FILE *in = fopen(path, "rb");
	uint32_t cap = 0;
	size_t got = 1;
	f->data = NULL;
	f->size = 0;
	if (!in)
		return -ERR_NOENT;
	while (got && f->size < MODLINK_MAX_IMAGE) {
		if (f->size == cap) {
			uint8_t *more = realloc(f->data, cap += 0x10000);
			if (!more)
				break;
			f->data = more;
		}
		got = fread(f->data + f->size, 1, cap - f->size, in);
		f->size += got;
	}
	fclose(in);
	return f->size ? 0 : -ERR_IO;
}

const char *modtest_prepare(const modfile_t *f, const char *param,
			    prepared_t *p)
{
	static char err[160];
	memset(p, 0, sizeof(*p));
	int rc = modlink_parse(&p->link, f->data, f->size, err, sizeof(err));
	if (rc == 0)
		rc = modlink_check_abi(&p->link, LV_KERNEL_ABI_VERSION, err,
				       sizeof(err));
	if (rc < 0)
		return check_why("%s", err);
	uint32_t size = p->link.layout.size;
	int id = lv_module_reserve(size, &p->base);
	if (id < 0)
		return check_why("module_reserve %u: %s", size,
				 lv_strerror(id));
	p->image = malloc(size);
	rc = p->image ? modlink_link(&p->link, p->base, p->image, size, lookup,
				     NULL, err, sizeof(err))
		      : -ERR_NOMEM;
	if (rc == 0 && param)
		rc = modlink_param_set(&p->link, p->image, size, param, err,
				       sizeof(err));
	if (rc < 0) {
		lv_module_remove(id);
		modtest_release(p);
		return check_why("link: %s",
				 rc == -ERR_NOMEM ? "no memory" : err);
	}
	const modlink_info_t *info = &p->link.info;
	lv_module_install_t *req = &p->req;
	req->id = id;
	req->image = (uint32_t)p->image;
	req->size = size;
	req->text_end = p->link.layout.text_end;
	req->ro_end = p->link.layout.ro_end;
	req->init_offset =
	    info->has_init ? info->init_offset : LV_MODULE_NO_ENTRY;
	req->exit_offset =
	    info->has_exit ? info->exit_offset : LV_MODULE_NO_ENTRY;
	req->nsyms = modlink_functions(&p->link, p->syms, MODTEST_SYMS);
	if (req->nsyms > MODTEST_SYMS)
		req->nsyms = MODTEST_SYMS;
	req->symbols = (uint32_t)p->syms;
	memcpy(req->name, info->name, sizeof(req->name));
	return NULL;
}

void modtest_release(prepared_t *p)
{
	free(p->image);
	p->image = NULL;
}
