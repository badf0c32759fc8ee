/* For module authors: the kernel functions a module may call, exactly the
 * kernel's export table (LV_EXPORT marks in the kernel; module_exports
 * serves it). Each is a plain i386 cdecl function. The kernel compiles this
 * header next to its own declarations (core/kexport.c), so a signature that
 * drifts fails the kernel's build; a change of meaning raises
 * LV_KERNEL_ABI_VERSION. Kernel code is not preemptible: a module's init
 * and exit run in the loader's system call and must not block for long. */
#ifndef LAVENDER_KERNEL_H
#define LAVENDER_KERNEL_H
#include <stddef.h>
#include <stdint.h>
#include "uapi/errors.h"
#include "uapi/ipc.h"
#include "uapi/types.h"

/* The kernel console (printf's formats without floating point). */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Kernel heap: 16-byte aligned, NULL when out; kfree of anything else than
 * a live block stops the kernel. Not from interrupt handlers. */
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

/* The compiler may call these for struct copies and clears. */
void *memset(void *dst, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);

/* snprintf's semantics (printf's formats without floating point): at most
 * size-1 chars and a NUL; returns the length the whole output has. */
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The message of error code rc of uapi/errors.h (sign ignored; "unknown
 * error" if not in the list), the words lv_strerror gives user programs:
 * what a module's log shows instead of the number. */
const char *err_str(int rc);

/* I/O ports. A module runs at ring 0, so the processor lets it touch any
 * port; a driver claims its device's ports first (kio_claim), so that no
 * other driver, user-mode or module, drives the same device. */
uint8_t nu_inb(uint16_t port);
void nu_outb(uint16_t port, uint8_t value);
uint16_t nu_inw(uint16_t port);
void nu_outw(uint16_t port, uint16_t value);
uint32_t nu_inl(uint16_t port);
void nu_outl(uint16_t port, uint32_t value);
/* Claims ports [first, first+count) for the module's process in the
 * kernel's table of holders, the one ioport_grant records user-mode
 * drivers in: -ERR_BUSY when another process holds one (a user-mode
 * driver's grant or another module's claim), -ERR_ACCES for the kernel's
 * own, -ERR_INVAL, -ERR_NOSPC, -ERR_PERM (no module). From init or the
 * module's threads; released when the module's process ends. */
int kio_claim(unsigned first, unsigned count);
/* Gives back a claim of exactly that range: 0, -ERR_NOENT, -ERR_PERM. */
int kio_release(unsigned first, unsigned count);

/* Timer ticks since boot. */
uint64_t nu_ticks(void);

/* --- the module's identity: its kernel-side process (core/kproc.h) ---
 * Each module runs as a process of its own, "[name]" in ps, placement
 * "kernel": a pid, a handle table (the name server's port at LV_NS_HANDLE,
 * its own port's receive right at KPROC_PORT), the per-process limits.
 * What it registers with the name server is owned by its pid; its
 * messages carry that pid. It ends when its last thread returns or one of
 * its threads faults (then the module is dead: LV_MODULE_DEAD). The kernel
 * is not preemptible: a module thread runs until it blocks, so the work it
 * does per wake-up must be bounded (say so at the loop). */
#define KPROC_PORT LV_BOOT_HANDLE

/* Starts a kernel thread of the module's process running fn(arg); from
 * init (which must not block) or from the module's threads. 0, -ERR_PERM,
 * -ERR_AGAIN (64 threads), -ERR_NOMEM. */
int kthread_start(void (*fn)(void *arg), void *arg);
/* The module's process's pid. */
int kproc_pid(void);
/* 1 if process pid may stop the module's service: init, the process that
 * installed the module (while it lives), a holder of the nucleus right. */
int kproc_may_control(int pid);
/* 1 if process pid lives and holds every right of right (LV_PRIV_*: a NIC
 * driver gives the reserved EtherTypes only to LV_PRIV_NET's holders). */
int kproc_has_right(int pid, unsigned right);

/* The module's reference count: its driver's sessions, n of them
 * (0..LV_MODULE_USERS_MAX), of processes pids[0..n). While it is not 0
 * the module is not removed but by force (rmmod -f: the loader STOPs the
 * driver first, which ends them). -ERR_PERM outside the module's threads,
 * -ERR_INVAL for n too large. */
int kmodule_users(const int *pids, unsigned n);

/* A start the loader waits for (bounded): init, which must not block,
 * calls kmodule_start_pending when its thread still has add steps that may
 * fail (a name-server call); the thread then calls kmodule_started(0) or
 * (-ERR_*), which insmod reports as init's failure (the loader removes the
 * module). A process that ends first counts as -ERR_IO. -ERR_PERM outside
 * init / without the pending start, -ERR_INVAL for rc > 0. */
int kmodule_start_pending(void);
int kmodule_started(int rc);

/* In the module's exit: 1 when its process had ended before the removal
 * (a fault, a kill, its thread returned): the devices it drove may be
 * another driver's by now, so exit frees memory but touches no hardware. */
int kmodule_exit_after_death(void);

/* IPC for the module's threads, with kernel buffers (header then payload,
 * as lv_msg_t): the system calls of the same names, same rights and
 * errors; -ERR_PERM from any other context (init, exit, IRQ handlers). */
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

/* The system ports (LV_SYSPORT_*, uapi/syscalls.h) for the module's
 * threads. ksysport_watch: sysport_watch for the module's process: one
 * LV_OP_SYSPORT_SET {cookie} from sender 0 to the port whose receive right
 * is at handle notify, the next time which is set (a restarted name
 * server); watch again after each. ksysport_ns_renew: LV_NS_HANDLE of the
 * module's process then names the name server registered now (its right
 * replaced in place; lavender/kns.h calls it when the old one died):
 * 0, -ERR_NOENT (none registered now). Both -ERR_PERM outside the
 * module's threads. */
int ksysport_watch(unsigned which, int notify, uint32_t cookie);
int ksysport_ns_renew(void);

/* IRQ lines in the kernel (core/kirq.h): at an interrupt the line is
 * masked and handler(irq, arg) runs (interrupts off; must not block,
 * allocate or fault: a fault there stops the kernel); nonzero (or no
 * handler) posts LV_OP_IRQ {irq} to KPROC_PORT from sender 0 and the line
 * stays masked until kirq_unmask; zero unmasks it at once. init may claim.
 * -ERR_PERM, -ERR_INVAL, -ERR_BUSY (another driver's or the kernel's). */
int kirq_claim(unsigned irq, int (*handler)(unsigned irq, void *arg),
	       void *arg);
int kirq_unmask(unsigned irq);
int kirq_release(unsigned irq);

#endif
