/* Requests to init's control port (lavender/initctl_proto.h): the
 * administrator's driver start and stop, module load and unload, network
 * changes, kill and halt. ctl is the handle of
 * a send right to that port -- LV_BOOT_HANDLE in the console's shell, which
 * init starts with it; no other process has one. Returns as the operation
 * says, or the IPC error (-ERR_BADF when ctl holds nothing, -ERR_DEADPORT).
 * Timeouts are init's (LV_INITCTL_*_WAIT_MS); these calls wait for them. */
#ifndef LAVENDER_INITCTL_H
#define LAVENDER_INITCTL_H
#include "lavender/initctl_proto.h"

/* 1 when ctl holds a send right (the caller may ask init), else 0. */
int lv_initctl_present(int ctl);
/* Starts driver kind with args ("KIND ARGS..."); out gets the reply. */
int lv_initctl_drv_up(int ctl, const char *kind, const char *args,
		      msg_initctl_drv_reply_t *out);
/* Stops the driver registered as name; out gets the reply. */
int lv_initctl_drv_down(int ctl, const char *name,
			msg_initctl_drv_reply_t *out);
/* Loads a module (insmod, modprobe) or removes one (rmmod, modprobe -r)
 * through init and the module loader; out gets the loader's reply. */
/* Swaps driver name to kind (1 user, 2 module): LV_INITCTL_DRV_SWAP. */
int lv_initctl_drv_swap(int ctl, const char *name, int kind,
			msg_initctl_drv_reply_t *out);
int lv_initctl_module_load(int ctl, const msg_lkmd_load_t *req,
			   msg_lkmd_result_t *out);
int lv_initctl_module_unload(int ctl, const msg_lkmd_unload_t *req,
			     msg_lkmd_result_t *out);
/* The administrator's network change op (LV_NET_IF_SET, _ROUTE_ADD,
 * _ROUTE_DEL, _ARP_DEL) with its request (len bytes: -ERR_INVAL past
 * LV_INITCTL_NET_REQ_MAX), through init to the protocol server: net's
 * status; out->message says why when init answers itself. */
int lv_initctl_net(int ctl, uint32_t op, const void *req, size_t len,
		   msg_initctl_net_reply_t *out);
int lv_initctl_kill(int ctl, int pid);
int lv_initctl_halt(int ctl, int code);

#endif
