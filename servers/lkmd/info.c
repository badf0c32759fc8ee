/* modinfo (LV_LKMD_INFO): a module file's info record, checked as a load
 * checks it but neither linked nor installed, so anyone may ask. A file
 * built for another ABI version is still described (both versions given):
 * that is what modinfo is for. */
#include <stdlib.h>
#include <string.h>
#include "lkmd.h"

int load_info(const char *what, msg_lkmd_info_t *out)
{
	lkmd_file_t f;
	const modlink_info_t *info = &lkmd_link.info;
	int rc = load_path(LV_LKMD_DIR, what, out->path, sizeof(out->path),
			   out->message, sizeof(out->message));
	if (rc == 0)
		rc = load_parse(out->path, &f, out->message,
				sizeof(out->message));
	if (rc < 0)
		return rc;
	free(f.data);
	out->abi_version = info->abi_version;
	out->kernel_abi = table_kernel_abi();
	out->image_size = lkmd_link.layout.size;
	out->ndepends = (uint32_t)info->ndepends;
	out->nparams = (uint32_t)info->nparams;
	memcpy(out->name, info->name, sizeof(out->name));
	memcpy(out->version, info->version, sizeof(out->version));
	memcpy(out->description, info->description, sizeof(out->description));
	memcpy(out->depends, info->depends, sizeof(out->depends));
	for (int i = 0; i < info->nparams && i < LV_MODULE_PARAMS_MAX; i++) {
		lv_lkmd_param_t *p = &out->params[i];
		memcpy(p->name, info->params[i].name, sizeof(p->name));
		memcpy(p->description, info->params[i].description,
		       sizeof(p->description));
		p->type = info->params[i].type;
		p->size = info->params[i].size;
	}
	return 0;
}
