; The sysenter system-call entry. The user stub pushed its resume address and
; set ebp = esp (libipc/syscall_entry.asm). Here the same trap_frame_t as for
; "int 0x80" is built (vector 0x80), so one dispatcher serves both entries;
; the way back is sysexit to eip = frame.eip, esp = frame.user_esp, or iret
; for a resident (ring 1) thread, whose frame the dispatcher marked so.
bits 32

KERNEL_DS   equ 0x10
USER_CS     equ 0x1B
USER_DS     equ 0x23
EFLAGS_IF   equ 0x200
SYSCALL_VEC equ 0x80

section .text
extern nu_trap_entry

global nu_sysenter_entry
nu_sysenter_entry:
    mov esp, [esp]                  ; SYSENTER_ESP points at the TSS's esp0
    push dword USER_DS              ; user_ss
    push ebp                        ; user_esp
    pushfd
    or dword [esp], EFLAGS_IF       ; user mode always runs with IF set
    push dword USER_CS
    push dword 0                    ; eip, read from the user stack below
    push dword 1                    ; error code: TRAP_SYSENTER_MARK
    push dword SYSCALL_VEC
    pusha
    push ds
    push es
    push fs
    push gs
    mov cx, KERNEL_DS
    mov ds, cx
    mov es, cx
    mov fs, cx
    mov gs, cx
    cld
    mov ecx, ebp
    cmp ecx, 0xC0000000 - 4         ; the resume address must be below the kernel
    jae sysenter_bad_stack
sysenter_fetch_insn:
    mov ecx, [ecx]
sysenter_have_eip:
    mov [esp + 56], ecx             ; frame.eip
    push esp
    call nu_trap_entry
    add esp, 4
    pop gs
    pop fs
    pop es
    pop ds
    popa
    add esp, 8                      ; vector, error code
    cmp dword [esp + 4], USER_CS    ; a ring-1 (resident) thread: iret
    jne sysenter_iret
    mov edx, [esp]                  ; eip
    mov ecx, [esp + 12]             ; user esp
    add esp, 20
    sti                             ; takes effect after sysexit
    sysexit
sysenter_iret:
    iret
sysenter_bad_stack:
sysenter_fetch_fix:
    xor ecx, ecx                    ; eip 0: the process faults on return
    jmp sysenter_have_eip

section .fixup progbits alloc noexec nowrite align=4
    dd sysenter_fetch_insn, sysenter_fetch_fix
