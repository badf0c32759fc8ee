; Thread switching on kernel stacks, and the first return of a new thread.
; A suspended thread's kernel stack holds, from its saved esp up: edi, esi,
; ebx, ebp and the address to resume at (nu_context_switch's caller, or one of
; the start trampolines below for a thread that never ran).
bits 32

section .text
extern isr_return

; void nu_context_switch(uint32_t *save_esp, uint32_t next_esp)
; Saves the callee-saved registers on the current stack, stores esp in
; *save_esp, and resumes the thread whose stack is at next_esp. Interrupts
; must be disabled by the caller.
global nu_context_switch
nu_context_switch:
    mov eax, [esp + 4]
    mov ecx, [esp + 8]
    push ebp
    push ebx
    push esi
    push edi
    mov [eax], esp
    mov esp, ecx
    pop edi
    pop esi
    pop ebx
    pop ebp
    ret

; First run of a user thread: its stack holds a trap frame; leave by iret.
global nu_thread_start_user
nu_thread_start_user:
    jmp isr_return

; First run of a kernel thread: the stack holds fn, then arg.
global nu_thread_start_kernel
extern nu_kernel_thread_returned
nu_thread_start_kernel:
    pop eax
    sti
    call eax
    call nu_kernel_thread_returned
