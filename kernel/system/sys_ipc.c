/* System calls for ports and messages (requests and replies are documented
 * in uapi/syscalls.h): argument unpacking around core/ipc.c. The dispatcher
 * runs them with interrupts off (system/syscall.c), so IPC is atomic against
 * interrupt handlers. */
#include "core/ipc.h"
#include "nucleus/nucleus.h"
#include "system/syscall.h"

int sys_port_create(const uint32_t *a)
{
	(void)a;
	return ipc_port_create();
}

int sys_port_make_send(const uint32_t *a)
{
	return ipc_port_make_send((int)a[0]);
}

int sys_handle_close(const uint32_t *a) { return ipc_handle_close((int)a[0]); }

int sys_handle_info(const uint32_t *a) { return ipc_handle_info((int)a[0]); }

int sys_msg_send(const uint32_t *a) { return ipc_send((int)a[0], a[1], a[2]); }

int sys_msg_receive(const uint32_t *a)
{
	return ipc_receive((int)a[0], a[1], a[2], a[3]);
}

int sys_msg_call(const uint32_t *a)
{
	return ipc_call((int)a[0], a[1], a[2], a[3]);
}

int sys_msg_reply(const uint32_t *a) { return ipc_reply((int)a[0], a[1]); }

int sys_msg_reply_receive(const uint32_t *a)
{
	return ipc_reply_receive((int)a[0], (int)a[1], a[2], a[3], a[4]);
}

int sys_port_watch(const uint32_t *a)
{
	return ipc_port_watch((int)a[0], (int)a[1], a[2]);
}

int sys_portset_create(const uint32_t *a)
{
	(void)a;
	return ipc_portset_create();
}

int sys_portset_add(const uint32_t *a)
{
	return ipc_portset_add((int)a[0], (int)a[1], a[2]);
}

int sys_portset_remove(const uint32_t *a)
{
	return ipc_portset_remove((int)a[0], (int)a[1]);
}

int sys_port_no_senders(const uint32_t *a)
{
	return ipc_port_no_senders((int)a[0], (int)a[1], a[2]);
}

int sys_msg_send_request(const uint32_t *a)
{
	return ipc_send_request((int)a[0], a[1], (int)a[2], a[3], a[4]);
}

int sys_act_for(const uint32_t *a) { return ipc_act_for((int)a[0]); }
