/* Helpers shared by the IPC files (core/ipc.c, core/ipc_ports.c), not an
 * API of their own: handles of the current process and what they name. */
#ifndef LAVENDER_CORE_IPC_INTERNAL_H
#define LAVENDER_CORE_IPC_INTERNAL_H
#include "core/port.h"

/* The slot of the current process's handle h (handle_lookup). */
int ipc_lookup(int h, handle_slot_t **slot);
/* The port that handle h may send to (a send or receive right);
 * -ERR_PERM otherwise. */
int ipc_send_target(int h, port_t **port);
/* The port of handle, which must be the caller's own receive right (where
 * the kernel's notices may go); -ERR_PERM otherwise. */
int ipc_own_port(int handle, port_t **port);
/* Puts a right the caller now owns into its table; released if no room.
 * The handle or -ERR_NOSPC. */
int ipc_install_new(right_t *r);

#endif
