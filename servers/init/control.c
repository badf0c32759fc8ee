/* init's control port (lavender/initctl_proto.h): the administrator's
 * requests, answered only for the children init started with -c. init holds
 * every right; the console's shell holds none and asks here instead, so a
 * program the shell runs can neither start drivers, end system servers nor
 * stop the machine (docs/architecture.md, "Who may do what"). */
#include <stdio.h>
#include <string.h>
#include <lavender/initctl_proto.h>
#include <lavender/syscall.h>
#include "drivers.h"
#include "init.h"

/* Fails closed: only a sender init gave the right to. */
static int allowed(const lv_msg_t *m) { return init_gave_control(m->h.sender); }

/* Copies a request of exactly len bytes from an allowed sender into req:
 * 0, -ERR_PERM or -ERR_INVAL. The reply has no payload. */
static int take(lv_msg_t *m, void *req, size_t len)
{
	size_t size = m->h.size;
	m->h.size = 0;
	if (!allowed(m))
		return -ERR_PERM;
	if (size != len)
		return -ERR_INVAL;
	memcpy(req, m->payload, len);
	return 0;
}

static int op_kill(lv_msg_t *m, void *ctx)
{
	msg_initctl_pid_t req;
	(void)ctx;
	int rc = take(m, &req, sizeof(req));
	if (rc < 0)
		return rc;
	if (req.pid == lv_getpid())
		return -ERR_PERM; /* as Unix: init is not ended */
	if (req.pid <= 0)
		return -ERR_SRCH;
	rc = lv_kill(req.pid);
	if (rc == 0)
		printf("init: ended pid %d for pid %d\n", req.pid,
		       (int)m->h.sender);
	return rc;
}

static int op_halt(lv_msg_t *m, void *ctx)
{
	msg_initctl_code_t req;
	(void)ctx;
	int rc = take(m, &req, sizeof(req));
	if (rc < 0)
		return rc;
	if (req.code == LV_HALT_REBOOT) {
		printf("init: reboot for pid %d\n", (int)m->h.sender);
		return lv_halt(req.code);
	}
	if (req.code < 0 || req.code > LV_HALT_CODE_MAX)
		return -ERR_INVAL;
	printf("init: halt (code %d) for pid %d\n", (int)req.code,
	       (int)m->h.sender);
	return lv_halt(req.code);
}

static int op_drv_up(lv_msg_t *m, void *ctx)
{
	return allowed(m) ? drivers_up(m, ctx) : -ERR_PERM;
}

static int op_drv_down(lv_msg_t *m, void *ctx)
{
	return allowed(m) ? drivers_down(m, ctx) : -ERR_PERM;
}

static int op_drv_swap(lv_msg_t *m, void *ctx)
{
	if (allowed(m))
		return drivers_swap(m, ctx);
	m->h.size = 0;
	return -ERR_PERM;
}

/* A refusal carries no payload (the request is not echoed). */
static int refused(lv_msg_t *m)
{
	m->h.size = 0;
	return -ERR_PERM;
}

static int op_module_load(lv_msg_t *m, void *ctx)
{
	return allowed(m) ? modules_load(m, ctx) : refused(m);
}

static int op_module_unload(lv_msg_t *m, void *ctx)
{
	return allowed(m) ? modules_unload(m, ctx) : refused(m);
}

static int op_net(lv_msg_t *m, void *ctx)
{
	return allowed(m) ? netctl_forward(m, ctx) : refused(m);
}

static const lv_op_t control_ops[] = {
    {LV_INITCTL_DRV_UP, op_drv_up},
    {LV_INITCTL_DRV_DOWN, op_drv_down},
    {LV_INITCTL_DRV_SWAP, op_drv_swap},
    {LV_INITCTL_KILL, op_kill},
    {LV_INITCTL_HALT, op_halt},
    {LV_INITCTL_MODULE_LOAD, op_module_load},
    {LV_INITCTL_MODULE_UNLOAD, op_module_unload},
    {LV_INITCTL_NET, op_net},
};

int control_start(lv_server_t *loop)
{
	int port = lv_port_create();
	if (port < 0)
		return port;
	int rc = lv_server_add(loop, port, control_ops,
			       sizeof(control_ops) / sizeof(control_ops[0]),
			       NULL, NULL);
	if (rc < 0) {
		lv_handle_close(port);
		return rc;
	}
	return port;
}
