/* The client side of the module loader's port (lavender/lkmd.h). Each call
 * looks "lkmd" up (init restarts it under a new port) and waits at most
 * CALL_WAIT_MS: lkmd answers within its own reading and linking of one
 * file, so a longer wait means it is gone. */
#include <string.h>
#include <lavender/clock.h>
#include <lavender/lkmd.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>

#define CALL_WAIT_MS 10000

static int call(uint32_t op, const void *req, size_t len, void *out,
		size_t out_len)
{
	uint32_t hz = 100;
	lv_ticks(NULL, &hz);
	memset(out, 0, out_len);
	int port = lv_ns_lookup(LV_LKMD_NAME, NULL);
	if (port < 0)
		return port;
	int rc = lv_rpc(port, op, req, len, out, out_len, NULL,
			(unsigned)((uint64_t)CALL_WAIT_MS * hz / 1000));
	lv_handle_close(port);
	return rc;
}

int lv_lkmd_list(msg_lkmd_list_t *out)
{
	return call(LV_LKMD_LIST, NULL, 0, out, sizeof(*out));
}

int lv_lkmd_info(const char *path, msg_lkmd_info_t *out)
{
	msg_lkmd_info_req_t req;
	memset(&req, 0, sizeof(req));
	if (strlen(path) >= sizeof(req.path))
		return -ERR_NAMETOOLONG;
	strcpy(req.path, path);
	return call(LV_LKMD_INFO, &req, sizeof(req), out, sizeof(*out));
}

int lv_lkmd_load(const msg_lkmd_load_t *req, msg_lkmd_result_t *out)
{
	return call(LV_LKMD_LOAD, req, sizeof(*req), out, sizeof(*out));
}

int lv_lkmd_unload(const msg_lkmd_unload_t *req, msg_lkmd_result_t *out)
{
	return call(LV_LKMD_UNLOAD, req, sizeof(*req), out, sizeof(*out));
}
