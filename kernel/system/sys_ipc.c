/* System calls for ports and messages (requests and replies are documented
 * in uapi/syscalls.h): argument unpacking around core/ipc.c. IPC runs with
 * interrupts disabled, so it is atomic against interrupt handlers. */
#include "core/ipc.h"
#include "nucleus/nucleus.h"
#include "system/syscall.h"

#define ATOMIC(expr)                                                           \
	({                                                                     \
		uint32_t saved_ = nu_irq_save();                               \
		int rc_ = (expr);                                              \
		nu_irq_restore(saved_);                                        \
		rc_;                                                           \
	})

int sys_port_create(const uint32_t *a)
{
	(void)a;
	return ATOMIC(ipc_port_create());
}

int sys_port_make_send(const uint32_t *a)
{
	return ATOMIC(ipc_port_make_send((int)a[0]));
}

int sys_handle_close(const uint32_t *a)
{
	return ATOMIC(ipc_handle_close((int)a[0]));
}

int sys_handle_info(const uint32_t *a)
{
	return ATOMIC(ipc_handle_info((int)a[0]));
}

int sys_msg_send(const uint32_t *a)
{
	return ATOMIC(ipc_send((int)a[0], a[1], a[2]));
}

int sys_msg_receive(const uint32_t *a)
{
	return ATOMIC(ipc_receive((int)a[0], a[1], a[2], a[3]));
}

int sys_msg_call(const uint32_t *a)
{
	return ATOMIC(ipc_call((int)a[0], a[1], a[2], a[3]));
}

int sys_msg_reply(const uint32_t *a)
{
	return ATOMIC(ipc_reply((int)a[0], a[1]));
}

int sys_msg_reply_receive(const uint32_t *a)
{
	return ATOMIC(
	    ipc_reply_receive((int)a[0], (int)a[1], a[2], a[3], a[4]));
}

int sys_port_watch(const uint32_t *a)
{
	return ATOMIC(ipc_port_watch((int)a[0], (int)a[1], a[2]));
}
