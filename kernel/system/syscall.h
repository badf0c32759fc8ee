/* System-call dispatch: the table generated from uapi/syscalls.h. Handlers
 * take the five argument registers (ebx, ecx, edx, esi, edi) and return the
 * value for eax. */
#ifndef LAVENDER_SYSTEM_SYSCALL_H
#define LAVENDER_SYSTEM_SYSCALL_H
#include <stdint.h>
#include "uapi/syscalls.h"

typedef int (*syscall_fn_t)(const uint32_t *args);

#define SYSCALL_DECLARE(num, name, layer, right, ret, params)                  \
	int sys_##name(const uint32_t *args);
SYSCALL_LIST(SYSCALL_DECLARE)
#undef SYSCALL_DECLARE

/* Installs the int 0x80 / sysenter handler. trace: print every call. */
void syscall_init(int trace);
/* Reads the wall clock once for the time call. */
void sys_misc_init(void);
/* Keeps the kernel command line (the cmdline call; line must live for
 * ever) and takes the node's name from it (node=NAME). */
void sys_misc_set_cmdline(const char *line);
/* Releases nucleus resources (IRQ lines) of every process that ends. */
void sys_nucleus_init(void);

#endif
