/* The IPC operations on ports, for the current thread. Requests and replies
 * of each are documented with their system calls in uapi/syscalls.h; the
 * message layout and rights in uapi/ipc.h. User buffers hold a header and the
 * payload; every pointer is checked and a bad one gives -ERR_FAULT. */
#ifndef LAVENDER_CORE_IPC_H
#define LAVENDER_CORE_IPC_H
#include <stdint.h>
#include "core/port.h"
#include "core/sched.h"

int ipc_port_create(void);
/* A message from the kernel itself (sender 0, no rights) to port, from any
 * context with interrupts off, past every bound (IRQs only: one per line at
 * a time). -ERR_DEADPORT, -ERR_NOMEM. */
int ipc_kernel_send(port_t *port, uint32_t op, const void *payload,
		    uint32_t size);
/* The same for the kernel's notices (port death, no-more-senders, child
 * exits, a dropped request's answer): within the port owner's queued-bytes
 * budget; past it the notice is dropped (-ERR_AGAIN), so no process can make
 * the kernel keep notices without bound. */
int ipc_kernel_notice(port_t *port, uint32_t op, const void *payload,
		      uint32_t size);
int ipc_port_make_send(int handle);
int ipc_handle_close(int handle);
int ipc_handle_info(int handle);
int ipc_send(int handle, uint32_t umsg, uint32_t timeout);
int ipc_receive(int handle, uint32_t ubuf, uint32_t size, uint32_t timeout);
int ipc_call(int handle, uint32_t ubuf, uint32_t size, uint32_t timeout);
int ipc_reply(int reply, uint32_t umsg);
int ipc_reply_receive(int reply, int handle, uint32_t ubuf, uint32_t size,
		      uint32_t timeout);
int ipc_port_watch(int handle, int notify, uint32_t cookie);
/* act_for: the current thread's messages from now on carry identity as
 * sender (0: its pid again). -ERR_INVAL outside [LV_REMOTE_ID_MIN, 0]. */
int ipc_act_for(int identity);
/* The sender the current thread's messages carry (not its replies). */
int ipc_sender_self(void);
/* How ipc_post bounds a message it has to queue. */
enum ipc_post_bound {
	IPC_POST_UNBOUNDED, /* IRQ messages */
	IPC_POST_BUDGET,    /* the owner's queued bytes (kernel notices) */
	IPC_POST_QUEUE,	    /* and the port's message count (answers) */
};
/* Puts a message on port without waiting: into a waiting receiver (its
 * set's too) or the queue within bound (-ERR_AGAIN past it: dropped). For
 * what the kernel sends and for answers to requests. src is a user address
 * of the current process when src_is_user. Consumes carried. */
int ipc_post(port_t *port, const lv_msg_header_t *h, const void *src,
	     int src_is_user, right_t *carried, int sender, int bound);
/* msg_send_request (core/ipc_request.c). */
int ipc_send_request(int handle, uint32_t umsg, int reply_port, uint32_t cookie,
		     uint32_t timeout);
int ipc_portset_create(void);
int ipc_portset_add(int set, int port, uint32_t label);
int ipc_portset_remove(int set, int port);
int ipc_port_no_senders(int handle, int notify, uint32_t cookie);
/* The fast path (ipc_fast.c): 1 if it did the whole operation (*rc is the
 * result), 0 if the general path must (nothing was changed). */
int ipc_fast_call(int handle, uint32_t ubuf, uint32_t size, uint32_t timeout,
		  int *rc);
int ipc_fast_reply_receive(int reply, int handle, uint32_t ubuf, uint32_t size,
			   uint32_t timeout, int *rc);
/* A reply right for caller's call seq was dropped: the caller, if still
 * waiting for that call, gets -ERR_DEADPORT. */
void ipc_abort_reply(thread_t *caller, uint32_t seq);

#endif
