; The sysenter system-call entry. Builds the same trap_frame_t as "int 0x80"
; (vector 0x80), so one dispatcher serves both entries. It trusts nothing the
; process left: sysenter clears only IF, VM and RF, so the user's TF, NT, AC
; and DF arrive here; they are saved in the frame and cleared before any other
; work (a TF step on the first instructions is dismissed by the #DB stub in
; isr.asm). The resume address is not read here: the frame's eip stays 0 and
; the dispatcher copies it from [user esp] with the caller's window checked
; (system/syscall.c). The way back restores the user's flags: sysexit to
; eip = frame.eip, esp = frame.user_esp; iret when the flags have TF (the
; step then happens in user mode) or for a resident (ring 1) thread.
bits 32

KERNEL_DS   equ 0x10
USER_CS     equ 0x1B
USER_DS     equ 0x23
EFLAGS_TF   equ 0x100
EFLAGS_IF   equ 0x200
EFLAGS_CLEAN equ 0x2                ; bit 1 is always set; all others off
TSS_ESP0    equ 4                   ; gdt.h asserts it
SYSCALL_VEC equ 0x80

section .text
extern nu_trap_entry

; SYSENTER_ESP points at the TSS, the top of the entry stack (gdt.c). From
; nu_sysenter_entry to nu_sysenter_flags_clean (inclusive) the flags may still
; hold the user's TF: a #DB with eip in that range is a step through here.
global nu_sysenter_entry
global nu_sysenter_flags_clean
nu_sysenter_entry:
    mov esp, [esp + TSS_ESP0]       ; the thread's kernel stack
    push dword USER_DS              ; user_ss
    push ebp                        ; user_esp
    pushfd                          ; the user's flags, TF, NT, AC, DF included
    push dword EFLAGS_CLEAN
    popfd                           ; from here: no TF, NT, AC, DF (IF was off)
nu_sysenter_flags_clean:
    or dword [esp], EFLAGS_IF       ; user mode always runs with IF set
    push dword USER_CS
    push dword 0                    ; eip: the dispatcher fills it in
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
    test dword [esp + 8], EFLAGS_TF ; being single-stepped: iret
    jnz sysenter_iret
    mov edx, [esp]                  ; eip
    mov ecx, [esp + 12]             ; user esp
    and dword [esp + 8], ~EFLAGS_IF
    add esp, 8
    popfd                           ; the user's flags but IF (no TF here)
    sti                             ; takes effect after sysexit
    sysexit
sysenter_iret:
    iret
