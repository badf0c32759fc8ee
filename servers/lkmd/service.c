/* lkmd's port (lavender/lkmd_proto.h): the requests unpacked, who may ask
 * what decided -- LIST and INFO anyone, LOAD and UNLOAD only lkmd's
 * parent, init, which forwards the administrator's requests from its
 * control port -- and the replies packed. Fails closed: a LOAD or UNLOAD
 * from any other sender is -ERR_PERM before its payload is looked at. */
#include <stdio.h>
#include <string.h>
#include <lavender/fs.h>
#include <lavender/server.h>
#include <lavender/syscall.h>
#include "lkmd.h"
#include "lkmd/pure_modpath.h"
#include "service.h"

static int parent; /* the only sender of LOAD and UNLOAD */

/* Copies the request (exactly len bytes) out of m, then makes m's payload
 * the zeroed reply of reply_len bytes. 0, -ERR_PERM (not from init: a
 * reply saying so), -ERR_INVAL. */
static int take(lv_msg_t *m, void *req, size_t len, size_t reply_len,
		int init_only)
{
	size_t size = m->h.size;
	m->h.size = 0;
	if (init_only && (parent <= 0 || (int)m->h.sender != parent))
		return -ERR_PERM;
	if (size != len)
		return -ERR_INVAL;
	if (len)
		memcpy(req, m->payload, len);
	memset(m->payload, 0, reply_len);
	m->h.size = reply_len;
	return 0;
}

/* A request whose flags or strings are not as the protocol says. */
static int malformed(char *message, size_t len, uint32_t flags)
{
	snprintf(message, len, "malformed request (flags 0x%x)",
		 (unsigned)flags);
	return -ERR_INVAL;
}

int lkmd_trusted_fs;

/* A path from the root in its one spelling (pure_modpath.h), so insmod
 * and modprobe name a file alike; a module's name, or a path refused
 * later with its reason (not from the root), stays as it is. */
static void one_spelling(char *path, size_t size)
{
	char out[LV_LKMD_PATH_MAX];
	if (path[0] == '/' && modpath_normal(path, out, sizeof(out)) == 0 &&
	    strlen(out) < size)
		strcpy(path, out);
}

static int op_load(lv_msg_t *m, void *ctx)
{
	msg_lkmd_load_t req;
	msg_lkmd_result_t *r = (void *)m->payload;
	(void)ctx;
	int rc = take(m, &req, sizeof(req), sizeof(*r), 1);
	if (rc < 0)
		return rc;
	if (req.flags & ~LV_LKMD_PROBE ||
	    strnlen(req.path, sizeof(req.path)) == sizeof(req.path))
		return malformed(r->message, sizeof(r->message), req.flags);
	one_spelling(req.path, sizeof(req.path));
	/* Module files only from the file server init started (the pid
	 * init put in the request): never from one that took the name "fs"
	 * while it restarted. */
	rc = lv_fs_pin(req.fs_pid);
	if (rc < 0) {
		snprintf(r->message, sizeof(r->message),
			 "%s: the file server is not the one init started "
			 "(pid %d): nothing loaded",
			 req.path, (int)req.fs_pid);
		return rc == -ERR_ACCES ? rc : -ERR_IO;
	}
	lkmd_trusted_fs = 1;
	if (req.flags & LV_LKMD_PROBE)
		rc = load_probe(req.path, req.params, sizeof(req.params), r);
	else
		rc = load_file(req.path, req.params, sizeof(req.params), r);
	lkmd_trusted_fs = 0;
	return rc;
}

static int op_unload(lv_msg_t *m, void *ctx)
{
	msg_lkmd_unload_t req;
	msg_lkmd_result_t *r = (void *)m->payload;
	(void)ctx;
	int rc = take(m, &req, sizeof(req), sizeof(*r), 1);
	if (rc < 0)
		return rc;
	if (req.flags & ~(LV_LKMD_FORCE | LV_LKMD_DEPS) ||
	    req.flags == (LV_LKMD_FORCE | LV_LKMD_DEPS) ||
	    strnlen(req.name, sizeof(req.name)) == sizeof(req.name))
		return malformed(r->message, sizeof(r->message), req.flags);
	return load_remove(req.name, req.flags, r);
}

static int op_list(lv_msg_t *m, void *ctx)
{
	static moddeps_mod_t recs[LV_LKMD_LIST_MAX];
	msg_lkmd_list_t *out = (void *)m->payload;
	lv_module_stat_t st;
	(void)ctx;
	int rc = take(m, NULL, 0, sizeof(*out), 0);
	if (rc < 0)
		return rc;
	int n = table_records(recs, LV_LKMD_LIST_MAX);
	for (int i = 0; out->count < LV_LKMD_LIST_MAX; i++) {
		rc = lv_module_info(i, &st);
		if (rc == -ERR_NOENT)
			break;
		if (rc < 0)
			continue;
		lv_lkmd_module_t *e = &out->modules[out->count++];
		e->id = st.id;
		e->state = st.state;
		e->base = st.base;
		e->size = st.size;
		e->refs = st.refs;
		memcpy(e->name, st.name, sizeof(e->name));
		e->users = (uint32_t)moddeps_users(recs, n, st.name, e->used_by,
						   sizeof(e->used_by));
		users_sessions(&st, e->used_by, sizeof(e->used_by));
	}
	return (int)out->count;
}

static int op_info(lv_msg_t *m, void *ctx)
{
	msg_lkmd_info_req_t req;
	msg_lkmd_info_t *out = (void *)m->payload;
	(void)ctx;
	int rc = take(m, &req, sizeof(req), sizeof(*out), 0);
	if (rc < 0)
		return rc;
	if (strnlen(req.path, sizeof(req.path)) == sizeof(req.path))
		return malformed(out->message, sizeof(out->message), 0);
	one_spelling(req.path, sizeof(req.path));
	return load_info(req.path, out);
}

static const lv_op_t ops[] = {
    {LV_LKMD_LOAD, op_load},
    {LV_LKMD_UNLOAD, op_unload},
    {LV_LKMD_LIST, op_list},
    {LV_LKMD_INFO, op_info},
};

int lkmd_serve(int port, int parent_pid)
{
	parent = parent_pid;
	return lv_serve(port, ops, sizeof(ops) / sizeof(ops[0]), NULL, NULL);
}
