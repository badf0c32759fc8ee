/* init's control port: the administrator's requests (docs/architecture.md,
 * "Who may do what"). init makes the port and gives a send right to it, as
 * the child's LV_BOOT_HANDLE, only to the programs its configuration starts
 * with -c (the console's shell); init answers only senders it gave the right
 * to (-ERR_PERM for any other pid, even one that got hold of a right), and
 * only init holds the rights these requests use. Programs call
 * lavender/initctl.h.
 *
 * Every request is a call whose payload is exactly the operation's layout
 * (-ERR_INVAL otherwise); the reply's status is as each operation says. */
#ifndef LAVENDER_INITCTL_PROTO_H
#define LAVENDER_INITCTL_PROTO_H
#include <stdint.h>
#include "lavender/lkmd_proto.h"
#include "lavender/net_proto.h"
#include "lavender/ns.h"

#define LV_INITCTL_ARGS_MAX 256 /* bytes, NUL included */
#define LV_INITCTL_KNOWN_MAX 96 /* bytes, NUL included */

enum initctl_op {
	/* Request msg_initctl_drv_up_t: start driver kind (a first word that
	 * /etc/drivers.cfg lists) from the boot image (/bin/KIND, else the
	 * boot module KIND) with the nucleus right, and wait until it
	 * registers a name of type "driver" (LV_INITCTL_UP_WAIT_MS; then it is
	 * ended). The word kind=module in args loads /lib/modules/KIND.ko
	 * through the module loader instead (the other words its parameters,
	 * "pci" as pci=1; -ERR_PERM with message when drivers.cfg does not
	 * allow that kind, the loader's status and message when it refuses;
	 * one that does not register in time is removed again). Reply
	 * msg_initctl_drv_reply_t, status: its pid; -ERR_PERM: kind not listed
	 * (known: the kinds listed), -ERR_NOENT: no image, -ERR_TIMEDOUT:
	 * ended, not registered in time, -ERR_SRCH: ended before it registered
	 * (exit_status), -ERR_NOSPC: too many drivers, -ERR_IO:
	 * /etc/drivers.cfg unreadable (no file server), -ERR_ACCES: the "fs"
	 * entry is not the file server init started (an impostor while it
	 * restarts, say): init reads images only from its own. */
	LV_INITCTL_DRV_UP = 0x494E0101,
	/* Request msg_initctl_name_t: send the driver protocol's STOP to the
	 * "driver" entry name and wait until its process ends
	 * (LV_INITCTL_DOWN_WAIT_MS; then it is ended and -ERR_TIMEDOUT).
	 * Reply msg_initctl_drv_reply_t (pid, name), status 0; -ERR_NOENT:
	 * no such name, -ERR_INVAL: not a driver, the STOP's error. A module
	 * driver (its process in the kernel) is removed after its STOP (the
	 * loader's UNLOAD; its status and message when that fails). */
	LV_INITCTL_DRV_DOWN = 0x494E0102,
	/* Request msg_initctl_pid_t: end the process (as kill(2) by root):
	 * -ERR_PERM for init itself (pid 1), -ERR_SRCH: no such process. No
	 * reply payload. */
	LV_INITCTL_KILL = 0x494E0103,
	/* Request msg_initctl_code_t: stop the machine with the code
	 * (0..LV_HALT_CODE_MAX), or reset it (LV_HALT_REBOOT); -ERR_INVAL
	 * otherwise. No reply when it works. */
	LV_INITCTL_HALT = 0x494E0104,
	/* Request msg_lkmd_load_t (insmod, modprobe): forwarded to the
	 * module loader init started ("lkmd", owned by init's child of that
	 * name), whose answer init passes back: reply msg_lkmd_result_t and
	 * the status of LV_LKMD_LOAD (lavender/lkmd_proto.h). -ERR_SRCH: no
	 * loader of init's runs (message says so); -ERR_TIMEDOUT: it did not
	 * answer within LV_INITCTL_MODULE_WAIT_MS. */
	LV_INITCTL_MODULE_LOAD = 0x494E0105,
	/* Request msg_lkmd_unload_t (rmmod, modprobe -r): forwarded as
	 * MODULE_LOAD is; the status of LV_LKMD_UNLOAD. */
	LV_INITCTL_MODULE_UNLOAD = 0x494E0106,
	/* Request msg_initctl_drv_swap_t: swap the "driver" entry name to
	 * the other kind (docs/architecture.md, "Drivers": the hand-over of
	 * lavender/netdrv_proto.h). init watches the old driver's port, asks
	 * it to PREPARE (it gives the NIC back), starts kind on the same NIC
	 * with "name=NAME handover", which takes the name and the sessions
	 * over, and answers once the new driver holds the name and the old
	 * one has ended (a module: removed too). Reply
	 * msg_initctl_drv_reply_t (the new pid, name, kind), status the new
	 * pid; -ERR_NOENT no such name, -ERR_INVAL not a driver or kind,
	 * -ERR_EXIST of that kind already (message), -ERR_PERM drivers.cfg
	 * does not allow the kind (message), -ERR_BUSY a stop or swap under
	 * way, the PREPARE's or the start's error (then the old driver is
	 * stopped: its receivers told GONE). */
	LV_INITCTL_DRV_SWAP = 0x494E0107,
	/* Request msg_initctl_net_t, then op's request exactly
	 * (lavender/net_proto.h): LV_NET_IF_SET msg_net_ifset_t,
	 * LV_NET_ROUTE_ADD and LV_NET_ROUTE_DEL msg_net_route_req_t,
	 * LV_NET_ARP_DEL msg_net_sock_t; -ERR_INVAL for any other op or size.
	 * Forwarded to the protocol server init started (the "net" entry,
	 * owned by init's child of that name, which takes these ops from init
	 * only), whose status init passes back. Reply
	 * msg_initctl_net_reply_t (a message when init answers itself);
	 * -ERR_NOENT: no protocol server of init's serves (none runs, it has
	 * not registered yet, or "net" is another process's: the message
	 * says which); -ERR_TIMEDOUT: net did not answer within
	 * LV_INITCTL_NET_WAIT_MS; -ERR_DEADPORT: it ended first. */
	LV_INITCTL_NET = 0x494E0108,
};

#define LV_INITCTL_UP_WAIT_MS 2000
#define LV_INITCTL_DOWN_WAIT_MS 3000
#define LV_INITCTL_MODULE_WAIT_MS 8000
#define LV_INITCTL_NET_WAIT_MS 3000
#define LV_INITCTL_MESSAGE_MAX 96 /* bytes, NUL included */

typedef struct msg_initctl_drv_up {
	char kind[LV_NS_NAME_MAX];	/* the program: /bin/KIND */
	char args[LV_INITCTL_ARGS_MAX]; /* "KIND ARGS..." as spawn takes */
} msg_initctl_drv_up_t;
_Static_assert(sizeof(msg_initctl_drv_up_t) == 288, "drv_up layout");

typedef struct msg_initctl_drv_swap {
	char name[LV_NS_NAME_MAX];
	int32_t kind; /* 1 user, 2 module */
} msg_initctl_drv_swap_t;
_Static_assert(sizeof(msg_initctl_drv_swap_t) == 36, "drv_swap layout");

typedef struct msg_initctl_name {
	char name[LV_NS_NAME_MAX];
} msg_initctl_name_t;

typedef struct msg_initctl_pid {
	int32_t pid;
} msg_initctl_pid_t;

typedef struct msg_initctl_code {
	int32_t code;
} msg_initctl_code_t;

typedef struct msg_initctl_net {
	uint32_t op; /* LV_NET_IF_SET, _ROUTE_ADD, _ROUTE_DEL or _ARP_DEL */
		     /* then op's request */
} msg_initctl_net_t;
/* The largest request that follows (msg_net_ifset_t, msg_net_route_req_t). */
#define LV_INITCTL_NET_REQ_MAX 20

typedef struct msg_initctl_net_reply {
	char message[LV_INITCTL_MESSAGE_MAX]; /* "" when net answered */
} msg_initctl_net_reply_t;

typedef struct msg_initctl_drv_reply {
	int32_t pid;
	int32_t exit_status;		   /* with -ERR_SRCH: how it ended */
	char name[LV_NS_NAME_MAX];	   /* the registered driver name */
	char known[LV_INITCTL_KNOWN_MAX];  /* with -ERR_PERM: kinds listed */
	int32_t kind;			   /* 1 user, 2 module (as started) */
	char message[LV_LKMD_MESSAGE_MAX]; /* a refusal's cause, when set
					    * (the module loader's text) */
} msg_initctl_drv_reply_t;
_Static_assert(sizeof(msg_initctl_drv_reply_t) == 340, "drv_reply layout");

#endif
