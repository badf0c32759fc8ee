/* Kernel-side processes: the identity of a loadable module. Each installed
 * module runs as a process of its own (a pid, a handle table, ports it owns,
 * the limits of core/limits.h) whose threads are kernel threads. Its space
 * is a window over kernel memory (space_create_kernel), so the IPC
 * operations of core/ipc.c take its threads' kernel buffers where they take
 * a user process's user buffers: the kipc_* calls below are those
 * operations for modules. What such a process registers with the name
 * server is owned by its pid, and its messages carry that pid, never the
 * kernel's sender 0. It ends like any process (its last thread returns, a
 * fault in its thread, or its module is removed); its ports die with it. */
#ifndef LAVENDER_CORE_KPROC_H
#define LAVENDER_CORE_KPROC_H
#include <stdint.h>
#include "core/proc.h"
#include "uapi/ipc.h"
#include "uapi/types.h"

/* A kernel-side process's own port: the receive right is at this handle
 * from the start (where a spawned process finds its boot right), so a
 * module's init can route its IRQ there before any thread runs. */
#define KPROC_PORT LV_BOOT_HANDLE

/* A new kernel-side process named "[name]" (no threads yet, no parent: its
 * slot is free as soon as it ends), with its own port at KPROC_PORT.
 * -ERR_AGAIN (table full), -ERR_NOMEM. */
int kproc_create(const char *name, proc_t **out);
/* Called for every new kernel-side process before it runs anything: the
 * system layer gives it what a spawned process finds (the name server's
 * port at LV_NS_HANDLE). */
void kproc_set_setup_hook(void (*hook)(proc_t *p));
/* 1 if p is a kernel-side process. */
int kproc_is(const proc_t *p);
/* The running thread's kernel-side process, or NULL. */
proc_t *kproc_current(void);
/* Whose work the caller does: the running thread's kernel-side process, or
 * the process of the module whose init or exit runs now (module.c sets it
 * with kproc_set_calling around them). NULL for anyone else. */
proc_t *kproc_caller(void);
void kproc_set_calling(proc_t *p);

/* --- exported to modules (lkm/include/lavender/kernel.h) --- */

/* Starts a kernel thread of the caller's process (see kproc_caller) that
 * runs fn(arg); the process ends when its last thread returns. May be
 * called from a module's init (which must not block). -ERR_PERM for a
 * caller that is no module, -ERR_AGAIN past LIMIT_THREADS, -ERR_NOMEM. */
int kthread_start(void (*fn)(void *arg), void *arg);
/* The pid of the caller's process (0 for none). */
int kproc_pid(void);
/* 1 if process pid may stop the caller's module (a driver's STOP): init,
 * the process that installed the module while it lives, or a holder of
 * the nucleus right. */
int kproc_may_control(int pid);
/* 1 if process pid lives and holds every right of right (LV_PRIV_*, not
 * 0); callable from any kernel thread. */
int kproc_has_right(int pid, unsigned right);

/* The IPC calls of uapi/syscalls.h for threads of a kernel-side process,
 * with kernel buffers (a header followed by its payload, as in user
 * space): the same rules, rights and errors; -ERR_PERM from any other
 * thread. They may block (not from init, exit or an IRQ handler). */
int kipc_port_create(void);
int kipc_port_make_send(int handle);
int kipc_handle_close(int handle);
int kipc_handle_info(int handle);
int kipc_port_watch(int handle, int notify, uint32_t cookie);
int kipc_send(int handle, lv_msg_header_t *msg, uint32_t timeout);
int kipc_receive(int handle, lv_msg_header_t *buf, uint32_t size,
		 uint32_t timeout);
int kipc_call(int handle, lv_msg_header_t *buf, uint32_t size,
	      uint32_t timeout);
int kipc_reply(int reply, lv_msg_header_t *msg);
int kipc_reply_receive(int reply, int handle, lv_msg_header_t *buf,
		       uint32_t size, uint32_t timeout);

#endif
