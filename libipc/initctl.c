/* The client side of init's control port (lavender/initctl.h). Each call
 * waits at most CALL_WAIT_MS: init answers within its own bounds
 * (LV_INITCTL_*_WAIT_MS), so a longer wait means init is gone. */
#include <string.h>
#include <lavender/clock.h>
#include <lavender/initctl.h>
#include <lavender/server.h>
#include <lavender/syscall.h>

#define CALL_WAIT_MS 10000

static unsigned call_ticks(void)
{
	uint32_t hz = 100;
	lv_ticks(NULL, &hz);
	return (unsigned)((uint64_t)CALL_WAIT_MS * hz / 1000);
}

int lv_initctl_present(int ctl) { return lv_handle_info(ctl) == LV_RIGHT_SEND; }

/* Copies s into a field of size bytes; -ERR_NAMETOOLONG if it does not
 * fit with its NUL. */
static int put(char *field, size_t size, const char *s)
{
	size_t len = strlen(s);
	if (len >= size)
		return -ERR_NAMETOOLONG;
	memcpy(field, s, len + 1);
	return 0;
}

static int drv_call(int ctl, uint32_t op, const void *req, size_t len,
		    msg_initctl_drv_reply_t *out)
{
	memset(out, 0, sizeof(*out));
	return lv_rpc(ctl, op, req, len, out, sizeof(*out), NULL, call_ticks());
}

int lv_initctl_drv_up(int ctl, const char *kind, const char *args,
		      msg_initctl_drv_reply_t *out)
{
	msg_initctl_drv_up_t req;
	memset(&req, 0, sizeof(req));
	int rc = put(req.kind, sizeof(req.kind), kind);
	if (rc == 0)
		rc = put(req.args, sizeof(req.args), args);
	if (rc < 0)
		return rc;
	return drv_call(ctl, LV_INITCTL_DRV_UP, &req, sizeof(req), out);
}

int lv_initctl_drv_down(int ctl, const char *name, msg_initctl_drv_reply_t *out)
{
	msg_initctl_name_t req;
	memset(&req, 0, sizeof(req));
	int rc = put(req.name, sizeof(req.name), name);
	if (rc < 0)
		return rc;
	return drv_call(ctl, LV_INITCTL_DRV_DOWN, &req, sizeof(req), out);
}

int lv_initctl_drv_swap(int ctl, const char *name, int kind,
			msg_initctl_drv_reply_t *out)
{
	msg_initctl_drv_swap_t req;
	memset(&req, 0, sizeof(req));
	int rc = put(req.name, sizeof(req.name), name);
	if (rc < 0)
		return rc;
	req.kind = kind;
	return drv_call(ctl, LV_INITCTL_DRV_SWAP, &req, sizeof(req), out);
}

int lv_initctl_module_load(int ctl, const msg_lkmd_load_t *req,
			   msg_lkmd_result_t *out)
{
	memset(out, 0, sizeof(*out));
	return lv_rpc(ctl, LV_INITCTL_MODULE_LOAD, req, sizeof(*req), out,
		      sizeof(*out), NULL, call_ticks());
}

int lv_initctl_module_unload(int ctl, const msg_lkmd_unload_t *req,
			     msg_lkmd_result_t *out)
{
	memset(out, 0, sizeof(*out));
	return lv_rpc(ctl, LV_INITCTL_MODULE_UNLOAD, req, sizeof(*req), out,
		      sizeof(*out), NULL, call_ticks());
}

int lv_initctl_kill(int ctl, int pid)
{
	msg_initctl_pid_t req = {.pid = pid};
	return lv_rpc(ctl, LV_INITCTL_KILL, &req, sizeof(req), NULL, 0, NULL,
		      call_ticks());
}

int lv_initctl_halt(int ctl, int code)
{
	msg_initctl_code_t req = {.code = code};
	return lv_rpc(ctl, LV_INITCTL_HALT, &req, sizeof(req), NULL, 0, NULL,
		      call_ticks());
}

int lv_initctl_net(int ctl, uint32_t op, const void *req, size_t len,
		   msg_initctl_net_reply_t *out)
{
	uint8_t buf[sizeof(msg_initctl_net_t) + LV_INITCTL_NET_REQ_MAX];
	msg_initctl_net_t head = {.op = op};
	memset(out, 0, sizeof(*out));
	if (len > LV_INITCTL_NET_REQ_MAX)
		return -ERR_INVAL;
	memcpy(buf, &head, sizeof(head));
	memcpy(buf + sizeof(head), req, len);
	return lv_rpc(ctl, LV_INITCTL_NET, buf, sizeof(head) + len, out,
		      sizeof(*out), NULL, call_ticks());
}
