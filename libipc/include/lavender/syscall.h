/* The system calls as C functions: lv_NAME for every entry of SYSCALL_LIST
 * (uapi/syscalls.h), returning 0 or a count, or -ERR_* (uapi/errors.h).
 * Not POSIX: newlib's glue (user/lib) builds errno-style calls on these. */
#ifndef LAVENDER_SYSCALL_H
#define LAVENDER_SYSCALL_H
#include "uapi/syscalls.h"
#include "uapi/errors.h"
#include "uapi/types.h"

#define LV_SYSCALL_DECLARE(num, name, layer, right, ret, params)               \
	ret lv_##name params;
SYSCALL_LIST(LV_SYSCALL_DECLARE)
#undef LV_SYSCALL_DECLARE

/* Neither returns to the caller. */
__attribute__((noreturn)) int lv_exit(int code);
__attribute__((noreturn)) int lv_thread_exit(int code);

/* Generic entries for fuzzing and benchmarks: call number num with five
 * argument words, by "int 0x80" or by "sysenter". Any number, any words: the
 * kernel must reject what is wrong with -ERR_*. */
int lv_syscall_int80(int num, int a1, int a2, int a3, int a4, int a5);
int lv_syscall_sysenter(int num, int a1, int a2, int a3, int a4, int a5);

/* The message of an error code (either sign), from ERR_LIST. */
const char *lv_strerror(int rc);

#endif
