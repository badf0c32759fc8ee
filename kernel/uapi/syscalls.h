/* The one list of system calls. It generates the kernel's dispatch table and
 * trace names (kernel/system/syscall.c) and the user stubs (libipc/syscall.c).
 * Convention: eax = number, arguments in ebx, ecx, edx, esi, edi; the result in
 * eax, 0 or a count on success, -ERR_* on failure. Entered by "int 0x80" or by
 * "sysenter" (libipc/syscall_entry.asm says how).
 *
 * X(number, name, layer, right, return type, (parameters))
 * layer: NUCLEUS (hardware, privileged), KERNEL (mechanism), SYSTEM (policy).
 * right: the privilege (LV_PRIV_*, uapi/types.h) the caller must hold, or
 * PRIV_NONE; the dispatcher answers -ERR_PERM without it (fails closed).
 */
#ifndef LAVENDER_UAPI_SYSCALLS_H
#define LAVENDER_UAPI_SYSCALLS_H
#include "uapi/ipc.h"
#include "uapi/module.h"
#include "uapi/types.h"

#define SYSCALL_LIST(X)                                                        \
	/* Does nothing; the null call the benchmarks time. */                 \
	X(0, nop, KERNEL, PRIV_NONE, int, (void))                              \
	/* Ends the calling process with status code; never returns. */        \
	X(1, exit, SYSTEM, PRIV_NONE, int, (int code))                         \
	/* Writes up to 4096 of len bytes to the kernel console; returns the   \
	 * count written (call again for the rest). */                         \
	X(2, console_write, SYSTEM, PRIV_NONE, int,                            \
	  (const void *buf, unsigned len))                                     \
	/* Reads up to len bytes typed on the console, waiting for the         \
	 * first; returns the count. While a console server holds the line     \
	 * (IRQ 4): -ERR_BUSY, except for the server itself, which gets at     \
	 * once what the kernel buffered before (0: nothing left). */          \
	X(3, console_read, SYSTEM, PRIV_NONE, int, (void *buf, unsigned len))  \
	/* Process id of the caller. */                                        \
	X(4, getpid, SYSTEM, PRIV_NONE, int, (void))                           \
	/* Maps zeroed pages over [addr, addr+len) in the caller's space       \
	 * (page-aligned, user range, not yet mapped); flags LV_MAP_*. */      \
	X(5, mem_map, KERNEL, PRIV_NONE, int,                                  \
	  (void *addr, unsigned len, unsigned flags))                          \
	/* Unmaps [addr, addr+len) and frees its pages; -ERR_NOENT, changing   \
	 * nothing, if part of it is not mapped. */                            \
	X(6, mem_unmap, KERNEL, PRIV_NONE, int, (void *addr, unsigned len))    \
	/* Blocks the calling thread for ticks timer ticks (0: yields). */     \
	X(7, sleep, KERNEL, PRIV_NONE, int, (unsigned ticks))                  \
	/* Fills *out with the tick count, tick rate and boot time. */         \
	X(8, time, KERNEL, PRIV_NONE, int, (lv_time_t * out))                  \
	/* Gives up the rest of the time slice. */                             \
	X(9, yield, KERNEL, PRIV_NONE, int, (void))                            \
	/* New thread in the caller's process running entry(arg) on the        \
	 * given user stack; returns its thread id. */                         \
	X(10, thread_create, KERNEL, PRIV_NONE, int,                           \
	  (void (*entry)(void *), void *stack_top, void *arg))                 \
	/* Ends the calling thread; the last thread's end ends the process     \
	 * with code. */                                                       \
	X(11, thread_exit, KERNEL, PRIV_NONE, int, (int code))                 \
	/* Starts the boot image named image with the argument string args     \
	 * (words separated by spaces; a backslash takes the next byte into    \
	 * the word, '...' every byte up to the next ', so '' is an empty      \
	 * word; an unterminated ' or a final backslash is -ERR_INVAL;         \
	 * argv[0] is the program name); returns the new pid. flags:           \
	 * LV_SPAWN_*. handle (0: none): the child gets a send right to its    \
	 * port as handle LV_BOOT_HANDLE. group: with LV_SPAWN_GROUP, the pid  \
	 * whose address space the child joins. */                             \
	X(12, spawn, SYSTEM, PRIV_NONE, int,                                   \
	  (const char *image, const char *args, unsigned flags, int handle,    \
	   int group))                                                         \
	/* Waits for child pid (-1: any child) to end; stores its status;      \
	 * returns its pid. */                                                 \
	X(13, wait, SYSTEM, PRIV_NONE, int, (int pid, int *status))            \
	/* Ends process pid: the caller itself, its children, or any process   \
	 * for init and holders of the nucleus right; never init (pid 1),      \
	 * whoever asks (-ERR_PERM). */                                        \
	X(14, kill, SYSTEM, PRIV_NONE, int, (int pid))                         \
	/* Scheduling policy: sets priority (0 lowest..LV_PRIO_MAX) and        \
	 * quantum (ticks) of pid. Only the policy holder (see sched_claim)    \
	 * may change other processes. */                                      \
	X(15, sched_set, SYSTEM, PRIV_NONE, int,                               \
	  (int pid, int priority, int quantum))                                \
	/* Information about the process in table slot index (0..); returns    \
	 * -ERR_NOENT past the last slot, -ERR_SRCH for an empty slot. */      \
	X(16, proc_info, SYSTEM, PRIV_NONE, int,                               \
	  (int index, lv_proc_info_t *out))                                    \
	/* Makes the caller the scheduling policy holder (the first caller     \
	 * wins; -ERR_BUSY after). */                                          \
	X(17, sched_claim, SYSTEM, PRIV_SCHED, int, (void))                    \
	/* Reads from the boot module called name at offset, at most 256 KiB   \
	 * a call; returns the count (0 at the end). */                        \
	X(18, bootfile_read, SYSTEM, PRIV_NONE, int,                           \
	  (const char *name, void *buf, unsigned len, unsigned offset))        \
	/* Thread id of the caller. */                                         \
	X(19, gettid, KERNEL, PRIV_NONE, int, (void))                          \
	/* Changes [addr, addr+len) (mapped, page-aligned) to flags            \
	 * (LV_MAP_WRITE or 0: read-only). */                                  \
	X(20, mem_protect, KERNEL, PRIV_NONE, int,                             \
	  (void *addr, unsigned len, unsigned flags))                          \
	/* Fills *out with physical-memory and kernel-heap figures. */         \
	X(21, mem_info, SYSTEM, PRIV_NONE, int, (lv_mem_info_t * out))         \
	/* A new port; returns a handle holding its receive right. */          \
	X(22, port_create, KERNEL, PRIV_NONE, int, (void))                     \
	/* A new send right to the port of handle (receive or send right). */  \
	X(23, port_make_send, KERNEL, PRIV_NONE, int, (int handle))            \
	/* Closes handle; closing a receive right kills the port. */           \
	X(24, handle_close, KERNEL, PRIV_NONE, int, (int handle))              \
	/* What handle holds: LV_RIGHT_RECEIVE, _SEND or _REPLY; for a reply   \
	 * right nobody waits for any more (the caller gave up or ended):      \
	 * -ERR_DEADPORT. */                                                   \
	X(25, handle_info, KERNEL, PRIV_NONE, int, (int handle))               \
	/* Sends the message at msg (header + payload) to the port of handle;  \
	 * blocks up to timeout ticks while the queue is full. */              \
	X(26, msg_send, KERNEL, PRIV_NONE, int,                                \
	  (int handle, const lv_msg_header_t *msg, unsigned timeout))          \
	/* Receives the next message of the port of handle (a receive right)   \
	 * into buf (size bytes, header included), waiting up to timeout       \
	 * ticks; returns the payload size. -ERR_RANGE: the next message does  \
	 * not fit (it stays queued). */                                       \
	X(27, msg_receive, KERNEL, PRIV_NONE, int,                             \
	  (int handle, lv_msg_header_t *buf, unsigned size, unsigned timeout)) \
	/* Sends buf's message with a reply right and waits for the reply,     \
	 * received into buf; returns its payload size. timeout (ticks)        \
	 * bounds the whole call: waiting for room in the queue and for the    \
	 * reply together (-ERR_TIMEDOUT). */                                  \
	X(28, msg_call, KERNEL, PRIV_NONE, int,                                \
	  (int handle, lv_msg_header_t *buf, unsigned size, unsigned timeout)) \
	/* Answers a call through its reply right (used up). */                \
	X(29, msg_reply, KERNEL, PRIV_NONE, int,                               \
	  (int reply, const lv_msg_header_t *msg))                             \
	/* The server loop in one trap: replies with buf's message through     \
	 * reply (0: none), then receives the next request into buf. */        \
	X(30, msg_reply_receive, KERNEL, PRIV_NONE, int,                       \
	  (int reply, int handle, lv_msg_header_t *buf, unsigned size,         \
	   unsigned timeout))                                                  \
	/* When the port of handle dies, the port of notify (a receive right   \
	 * of the caller: -ERR_PERM otherwise) gets a message LV_OP_PORT_DEAD  \
	 * whose payload is cookie. -ERR_DEADPORT if it is dead already. */    \
	X(31, port_watch, KERNEL, PRIV_NONE, int,                              \
	  (int handle, int notify, unsigned cookie))                           \
	/* Nucleus: lets the caller use I/O ports [first, first+count) (its    \
	 * I/O permission bitmap). Needs the nucleus right. -ERR_BUSY if       \
	 * another process holds one of them, -ERR_ACCES for the kernel's. */  \
	X(32, ioport_grant, NUCLEUS, PRIV_NUCLEUS, int,                        \
	  (unsigned first, unsigned count))                                    \
	/* Nucleus: routes IRQ line irq (0-15) to the port of handle as        \
	 * LV_OP_IRQ messages; -ERR_BUSY if the line is taken (by the kernel   \
	 * or another process). Ends with the process. */                      \
	X(33, irq_attach, NUCLEUS, PRIV_NUCLEUS, int,                          \
	  (unsigned irq, int handle))                                          \
	/* Nucleus: the IRQ was serviced: unmask the line. */                  \
	X(34, irq_ack, NUCLEUS, PRIV_NUCLEUS, int, (unsigned irq))             \
	/* Nucleus: stops routing irq (masks the line). */                     \
	X(35, irq_detach, NUCLEUS, PRIV_NUCLEUS, int, (unsigned irq))          \
	/* Nucleus: maps device memory (not RAM) [phys, phys+len) at addr;     \
	 * -ERR_ACCES for RAM. flags: LV_MAP_WRITE. */                         \
	X(36, mem_map_phys, NUCLEUS, PRIV_NUCLEUS, int,                        \
	  (void *addr, unsigned len, unsigned phys, unsigned flags))           \
	/* Nucleus: the physical address behind the caller's addr (for DMA).   \
	 */                                                                    \
	X(37, mem_phys_lookup, NUCLEUS, PRIV_NUCLEUS, int,                     \
	  (const void *addr, unsigned *phys))                                  \
	/* Makes the port of handle the system port which (LV_SYSPORT_*):      \
	 * processes spawned from now on get a send right to it (the name      \
	 * server's at LV_NS_HANDLE), and sysport_watch's watchers are told.   \
	 * Needs the nucleus right; -ERR_BUSY while another live port is that  \
	 * system port (a restarted name server takes over a dead one's). */   \
	X(38, sysport_set, SYSTEM, PRIV_NUCLEUS, int,                          \
	  (unsigned which, int handle))                                        \
	/* A new send right to system port which; -ERR_NOENT if unset or dead. \
	 */                                                                    \
	X(39, sysport_get, SYSTEM, PRIV_NONE, int, (unsigned which))           \
	/* Starts a program described by *req (see lv_spawn_t): from a boot    \
	 * module or from an ELF image in the caller's memory. Returns the     \
	 * pid. */                                                             \
	X(40, spawn_ex, SYSTEM, PRIV_NONE, int, (const lv_spawn_t *req))       \
	/* The node's name (kernel command line node=NAME; "lavender" when     \
	 * absent or "auto") into buf; returns its length. */                  \
	X(41, node_name, SYSTEM, PRIV_NONE, int, (char *buf, unsigned len))    \
	/* Stops the machine (code 0..LV_HALT_CODE_MAX: QEMU exits with status \
	 * code<<1|1) or resets it (LV_HALT_REBOOT: QEMU boots it again, or    \
	 * exits with status 0 under -no-reboot). -ERR_INVAL for another code; \
	 * no return otherwise. Needs the nucleus right. */                    \
	X(42, halt, SYSTEM, PRIV_NUCLEUS, int, (int code))                     \
	/* Ticks since boot, free frames, kernel heap: see mem_info; here the  \
	 * kernel's uptime in ticks as a plain count. */                       \
	X(43, uptime, SYSTEM, PRIV_NONE, int, (void))                          \
	/* Reserves a stack of len bytes (rounded up to pages, 64 KiB..8 MiB)  \
	 * where the caller's memory has room, with an unreserved guard gap    \
	 * below it; *top gets its top. Backed on first touch and charged as   \
	 * mem_map; a touch in the gap is reported as a stack overflow.        \
	 * -ERR_NOMEM when no room or over the memory limit. */                \
	X(44, stack_alloc, KERNEL, PRIV_NONE, int, (unsigned len, void **top)) \
	/* A new port set; returns a handle holding it (LV_RIGHT_PORTSET):     \
	 * receive on it takes the next message of any member, the header's    \
	 * label naming the member. Counted as a port. */                      \
	X(45, portset_create, KERNEL, PRIV_NONE, int, (void))                  \
	/* Puts the port of handle port (a receive right) into set with        \
	 * label. -ERR_BUSY if it is in a set, -ERR_INVAL if set is not one,   \
	 * -ERR_PERM if port is not a receive right. */                        \
	X(46, portset_add, KERNEL, PRIV_NONE, int,                             \
	  (int set, int port, unsigned label))                                 \
	/* Takes port out of set; -ERR_NOENT if it is not a member. */         \
	X(47, portset_remove, KERNEL, PRIV_NONE, int, (int set, int port))     \
	/* When the last send right to the port of handle (a receive right)    \
	 * is gone, notify (a receive right too) gets LV_OP_NO_SENDERS with    \
	 * cookie, once; asking again replaces the request. Returns 0, or 1    \
	 * when the port has no send right now (nothing armed, no notice).     \
	 * Notices are kept within the notify port owner's queued bytes: past  \
	 * them one is dropped. */                                             \
	X(48, port_no_senders, KERNEL, PRIV_NONE, int,                         \
	  (int handle, int notify, unsigned cookie))                           \
	/* From now on each child of the caller that ends (its own and those   \
	 * passed to it) is announced on the port of handle (a receive right   \
	 * of the caller) as LV_OP_CHILD_EXIT with lv_child_exit_t; wait()     \
	 * still reaps it (at once then). handle 0: no more notices. A server  \
	 * loop learns of its children this way instead of blocking in wait.   \
	 */                                                                    \
	X(49, child_notify, SYSTEM, PRIV_NONE, int, (int handle))              \
	/* Sends msg to the port of handle as a request whose answer does not  \
	 * block the caller: the receiver gets a reply right as from msg_call; \
	 * its msg_reply arrives on the port of reply_port (a receive right of \
	 * the caller) as a message whose op is the status and whose header    \
	 * cookie is cookie; if the reply right is dropped unanswered, the     \
	 * kernel sends op -ERR_DEADPORT with cookie there. Blocks up to       \
	 * timeout only while the queue is full. */                            \
	X(50, msg_send_request, KERNEL, PRIV_NONE, int,                        \
	  (int handle, const lv_msg_header_t *msg, int reply_port,             \
	   unsigned cookie, unsigned timeout))                                 \
	/* Ends the calling thread as thread_exit does, and first gives back   \
	 * its stack [stack, stack+len) (a reservation of the caller, which    \
	 * the thread no longer runs on once in the kernel); a range that is   \
	 * not wholly the caller's is left alone. Never returns. */            \
	X(51, thread_exit_free, KERNEL, PRIV_NONE, int,                        \
	  (int code, void *stack, unsigned len))                               \
	/* The calling thread's thread-local block (one page at most) is at    \
	 * base (0: none): user space reaches it through %gs loaded with       \
	 * LV_TLS_SELECTOR. -ERR_FAULT outside the caller's memory. */         \
	X(52, thread_set_tls, KERNEL, PRIV_NONE, int, (void *base))            \
	/* The next time system port which is set (sysport_set: a restarted    \
	 * name server), the port of notify (a receive right of the caller:    \
	 * -ERR_PERM otherwise) gets one LV_OP_SYSPORT_SET message whose       \
	 * payload is cookie; the watch then goes. Counted in the caller's     \
	 * watches (-ERR_NOSPC past the limit); gone when the caller ends. */  \
	X(53, sysport_watch, SYSTEM, PRIV_NONE, int,                           \
	  (unsigned which, int notify, unsigned cookie))                       \
	/* Module loader: copies up to max of the kernel's exported symbols    \
	 * into buf and LV_KERNEL_ABI_VERSION into *abi (may be NULL); returns \
	 * how many there are (call again with a bigger buf if more). */       \
	X(54, module_exports, SYSTEM, PRIV_MODULE, int,                        \
	  (lv_kexport_t * buf, unsigned max, unsigned *abi))                   \
	/* Module loader: reserves kernel addresses for a module image of size \
	 * bytes (a multiple of 4096) and stores its base in *base; returns    \
	 * the reservation's id for module_install (or module_remove, to give  \
	 * it back). Freed when the caller ends without installing. -ERR_NOSPC \
	 * past LIMIT_MODULES slots, -ERR_NOMEM past LIMIT_MODULE_BYTES. */    \
	X(55, module_reserve, SYSTEM, PRIV_MODULE, int,                        \
	  (unsigned size, unsigned *base))                                     \
	/* Module loader: installs the image *req describes into the caller's  \
	 * reservation: copied, text and read-only data made read-only, init   \
	 * run (req->init_rc gets its result); returns the module id. Refused  \
	 * requests change nothing; a failing init (its code is returned)      \
	 * undoes everything, the reservation too. -ERR_EXIST: a module of     \
	 * that name is loaded. */                                             \
	X(56, module_install, SYSTEM, PRIV_MODULE, int,                        \
	  (lv_module_install_t * req))                                         \
	/* Module loader: runs the exit of module id and frees it, or gives    \
	 * back a reservation of the caller. -ERR_BUSY while it has users or   \
	 * is running its init or exit, -ERR_NOENT for no such id. */          \
	X(57, module_remove, SYSTEM, PRIV_MODULE, int, (int id))               \
	/* The kernel's module table slot index (0..): -ERR_NOENT past the     \
	 * last slot, -ERR_SRCH for an empty one. */                           \
	X(58, module_info, SYSTEM, PRIV_NONE, int,                             \
	  (int index, lv_module_stat_t *out))                                  \
	/* The kernel command line as the boot loader gave it (at most         \
	 * LV_CMDLINE_MAX bytes with its NUL; "" when none) into buf, NUL-     \
	 * terminated; returns its length. -ERR_RANGE, copying nothing, when   \
	 * len is not more than the length (ask with LV_CMDLINE_MAX). Not a    \
	 * secret: any process may read it (net takes ip= and gw= from it). */ \
	X(59, cmdline, SYSTEM, PRIV_NONE, int, (char *buf, unsigned len))      \
	/* Fills buf with len (at most LV_RANDOM_MAX: -ERR_INVAL past it)      \
	 * bytes from the kernel's generator (ChaCha20, seeded at boot from    \
	 * RDRAND or from TSC and interrupt timing, reseeded from interrupt    \
	 * timing; docs/architecture.md "Random numbers"); returns len.        \
	 * -ERR_FAULT, filling nothing, for a buffer outside the caller's      \
	 * memory. */                                                          \
	X(60, random, KERNEL, PRIV_NONE, int, (void *buf, unsigned len))       \
	/* Network right: from now on every message the calling thread sends   \
	 * (msg_send, msg_call, msg_send_request; not its replies, whose       \
	 * sender is the replier) carries sender identity instead of its pid:  \
	 * a remote caller, in [LV_REMOTE_ID_MIN, -1] (-ERR_INVAL outside).    \
	 * identity 0: the thread's own pid again. Per thread; a new thread    \
	 * starts as itself. */                                                \
	X(61, act_for, KERNEL, PRIV_NET, int, (int identity))                  \
	/* Nucleus: gives back I/O ports [first, first+count) exactly as       \
	 * ioport_grant took them (a driver handing its NIC over to another    \
	 * driver while it lives on). -ERR_NOENT: not a range the caller       \
	 * holds. */                                                           \
	X(90, ioport_release, NUCLEUS, PRIV_NUCLEUS, int,                      \
	  (unsigned first, unsigned count))                                    \
	/* Module loader: the start's verdict of module id, waiting up to      \
	 * ticks when its init said its thread reports one: 0, the thread's    \
	 * error, -ERR_IO (its process ended first), -ERR_TIMEDOUT,            \
	 * -ERR_NOENT. A module that does not report: 0 at once. */            \
	X(100, module_wait, SYSTEM, PRIV_MODULE, int, (int id, unsigned ticks))

enum syscall_number {
#define SYSCALL_ENUM(num, name, layer, right, ret, params) SYS_##name = num,
	SYSCALL_LIST(SYSCALL_ENUM)
#undef SYSCALL_ENUM
	    SYS_COUNT
};

#endif
