/* Ports and messages: the IPC contract between the kernel and user space.
 *
 * A port is a kernel queue with one receiver. Processes name ports through
 * handles (small positive integers, per process) that carry a right: RECEIVE
 * (one per port), SEND, or a send-once REPLY right made by a call. A handle
 * value includes a generation, so a closed handle's number fails with
 * -ERR_STALE rather than reaching whatever reuses the slot.
 *
 * A message is a header followed by up to LV_MSG_PAYLOAD_MAX payload bytes in
 * one buffer. The kernel copies it once, straight into a waiting receiver's
 * buffer; when no receiver waits it is queued (up to LV_PORT_QUEUE_MAX
 * messages; then the sender blocks). A message may carry one right. */
#ifndef LAVENDER_UAPI_IPC_H
#define LAVENDER_UAPI_IPC_H
#include <stdint.h>

#define LV_MSG_PAYLOAD_MAX 4096u /* one page: an Ethernet frame fits */
#define LV_PORT_QUEUE_MAX 64u
/* Handles per process: LV_HANDLES_DEFAULT unless the spawner asks for more
 * (lv_spawn_t.handles_max), at most LV_HANDLES_LIMIT. */
#define LV_HANDLES_DEFAULT 256u
#define LV_HANDLES_MIN 16u
#define LV_HANDLES_LIMIT 4096u
#define LV_HANDLES_MAX LV_HANDLES_DEFAULT /* the default, by its old name */

/* Timeouts, in timer ticks. */
#define LV_NO_WAIT 0u
#define LV_WAIT_FOREVER 0xFFFFFFFFu

/* How a message's right travels (lv_msg_header_t.right_mode). */
enum lv_right_mode {
	LV_RIGHT_NONE = 0,
	LV_RIGHT_COPY_SEND = 1, /* the sender's send right, copied */
	LV_RIGHT_MAKE_SEND =
	    2, /* a new send right from the sender's receive right */
	LV_RIGHT_MOVE = 3, /* the sender's handle, whatever it holds, moved */
};

/* Operations the kernel itself sends. */
/* payload: the uint32_t cookie of the watch */
#define LV_OP_PORT_DEAD 0xFFFF0001u
/* payload: the uint32_t IRQ line; the line stays masked until irq_ack */
#define LV_OP_IRQ 0xFFFF0002u
/* payload: the uint32_t cookie of port_no_senders: the last send right to
 * the port is gone (sent once per request) */
#define LV_OP_NO_SENDERS 0xFFFF0003u
/* payload: lv_child_exit_t: a child of the receiver's process ended */
#define LV_OP_CHILD_EXIT 0xFFFF0004u
/* payload: the uint32_t cookie of sysport_watch: the system port was set
 * again (a new name server took the place of a dead one) */
#define LV_OP_SYSPORT_SET 0xFFFF0005u

typedef struct lv_child_exit {
	int32_t pid;
	int32_t status; /* as wait() gives it */
} lv_child_exit_t;
_Static_assert(sizeof(lv_child_exit_t) == 8, "lv_child_exit_t layout");

/* Remote identities (act_for): a message a thread acting for one sends
 * carries it as its sender, in [LV_REMOTE_ID_MIN, -1], never a pid (pids
 * are positive, the kernel 0). Such a sender holds no local right: every
 * check "sender > 0 && ..." and every pid comparison fails for it. */
#define LV_REMOTE_ID_MIN (-0x40000000)

typedef struct lv_msg_header {
	uint32_t op;   /* the operation: sender's choice; in replies, status */
	uint32_t size; /* payload bytes after the header */
	int32_t right; /* send: handle whose right travels (0: none);
			  receive: the receiver's new handle (0: none) */
	uint32_t right_mode; /* enum lv_right_mode */
	int32_t reply;	     /* receive: handle of the reply right (0: none) */
	int32_t sender;	     /* receive: pid of the sender (0: the kernel;
				negative: a remote caller, see act_for) */
	uint32_t label;	     /* receive: the label the receiver gave the port
				it came in on with portset_add (0 for a port
				in no set) */
	uint32_t cookie;     /* receive: in the reply to msg_send_request, the
				cookie given there; else 0 */
} lv_msg_header_t;
_Static_assert(sizeof(lv_msg_header_t) == 32, "lv_msg_header_t layout");

/* A whole-size message buffer. */
typedef struct lv_msg {
	lv_msg_header_t h;
	uint8_t payload[LV_MSG_PAYLOAD_MAX];
} lv_msg_t;

/* What a handle holds (lv_handle_info, for tests and the shell). */
enum lv_right {
	LV_RIGHT_RECEIVE = 1,
	LV_RIGHT_SEND = 2,
	LV_RIGHT_REPLY = 3,
	LV_RIGHT_PORTSET = 4, /* the receive right of a port set */
};

#endif
