/* Calls to the module loader (lavender/lkmd_proto.h), which the client
 * finds as "lkmd" in the name server (-ERR_NOENT when none runs). LIST and
 * INFO are for anyone; LOAD and UNLOAD are lkmd's parent's (init's), so
 * from any other process they return -ERR_PERM: the administrator loads
 * modules through init's control port (lavender/initctl.h). Each returns
 * the operation's status or the IPC error; out gets the reply. */
#ifndef LAVENDER_LKMD_H
#define LAVENDER_LKMD_H
#include "lavender/lkmd_proto.h"

int lv_lkmd_list(msg_lkmd_list_t *out);
/* path: a module file, or a NAME in LV_LKMD_DIR. */
int lv_lkmd_info(const char *path, msg_lkmd_info_t *out);
int lv_lkmd_load(const msg_lkmd_load_t *req, msg_lkmd_result_t *out);
int lv_lkmd_unload(const msg_lkmd_unload_t *req, msg_lkmd_result_t *out);

#endif
