; User-side system-call entries. lv_syscall_entry is the common path of the
; per-call stubs (syscall.c); lv_syscall_int80 and lv_syscall_sysenter are the
; generic entries. Position-independent: no absolute addresses.
;
; sysenter contract (kernel/uapi/syscalls.h): eax = number, arguments in ebx,
; ecx, edx, esi, edi; the caller pushes its resume address and sets ebp = esp;
; the kernel's sysexit resumes at [ebp] with esp = ebp, so the resume address
; is still on the stack. ecx and edx are clobbered, everything else but eax
; (the result) is preserved, EFLAGS included (with TF set the kernel returns
; by iret, so the single step lands after sysenter). ebp must point into the
; caller's own memory: otherwise the kernel ends the process. "int 0x80"
; preserves all but eax.

bits 32
section .text

global lv_syscall_entry:function hidden
global lv_syscall_int80:function
global lv_syscall_sysenter:function

; Saves the callee-saved registers the call uses; afterwards the caller's
; return address is at [esp+16] and its first stack argument at [esp+20].
%macro save_regs 0
	push ebp
	push ebx
	push esi
	push edi
%endmacro

; Pushes the address of the label after sysenter, points ebp at it, enters
; the kernel; on return drops that address and restores the saved registers.
%macro enter_by_sysenter 0
	call %%here
%%here:
	add dword [esp], %%resume - %%here
	mov ebp, esp
	sysenter
%%resume:
	add esp, 4
	pop edi
	pop esi
	pop ebx
	pop ebp
	ret
%endmacro

; int lv_NAME(a1..a5): eax = number (set by the stub), the caller's return
; address at [esp], its five argument slots above it (unused slots are
; whatever the caller's frame holds; the kernel ignores them).
lv_syscall_entry:
	save_regs
	mov ebx, [esp + 20]
	mov ecx, [esp + 24]
	mov edx, [esp + 28]
	mov esi, [esp + 32]
	mov edi, [esp + 36]
	enter_by_sysenter

; int lv_syscall_sysenter(int num, int a1, int a2, int a3, int a4, int a5)
lv_syscall_sysenter:
	save_regs
	mov eax, [esp + 20]
	mov ebx, [esp + 24]
	mov ecx, [esp + 28]
	mov edx, [esp + 32]
	mov esi, [esp + 36]
	mov edi, [esp + 40]
	enter_by_sysenter

; int lv_syscall_int80(int num, int a1, int a2, int a3, int a4, int a5)
lv_syscall_int80:
	push ebx
	push esi
	push edi
	mov eax, [esp + 16]
	mov ebx, [esp + 20]
	mov ecx, [esp + 24]
	mov edx, [esp + 28]
	mov esi, [esp + 32]
	mov edi, [esp + 36]
	int 0x80
	pop edi
	pop esi
	pop ebx
	ret

section .note.GNU-stack noalloc noexec nowrite progbits
