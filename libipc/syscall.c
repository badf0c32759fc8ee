/* The per-call stubs, generated from SYSCALL_LIST: lv_NAME loads its number
 * into eax and jumps to lv_syscall_entry (syscall_entry.asm), which takes the
 * arguments from the caller's stack and enters the kernel by sysenter. */
#include <lavender/syscall.h>

#define LV_SYSCALL_STUB(num, name, layer, right, ret, params)                  \
	__asm__(".text\n"                                                      \
		".globl lv_" #name "\n"                                        \
		".type lv_" #name ", @function\n"                              \
		".p2align 4\n"                                                 \
		"lv_" #name ":\n"                                              \
		"\tmovl $" #num ", %eax\n"                                     \
		"\tjmp lv_syscall_entry\n"                                     \
		".size lv_" #name ", . - lv_" #name "\n");
SYSCALL_LIST(LV_SYSCALL_STUB)
#undef LV_SYSCALL_STUB
