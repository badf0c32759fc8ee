; Entry stubs for all 256 interrupt vectors. Each pushes an error code (0 when
; the CPU gives none) and its vector, then isr_common saves the registers in
; the trap_frame_t layout (trapframe.h) and calls nu_trap_entry(frame).
bits 32

KERNEL_DS equ 0x10

section .text
extern nu_trap_entry

; Vectors for which the CPU pushes an error code.
%define HAS_ERROR(v) ((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || (v) == 21 || (v) == 29 || (v) == 30)

%assign v 0
%rep 256
isr_ %+ v:
%if v == 1
    jmp isr_debug
%elif HAS_ERROR(v)
    push dword v
%else
    push dword 0
    push dword v
%endif
    jmp isr_common
%assign v v + 1
%endrep

; #DB. A process that enters by sysenter with TF set makes the CPU step
; through the entry's first instructions at CPL0, the first time on the entry
; stack (gdt.c). Those steps are dismissed here, before anything else is
; pushed, until the entry has cleared the flags (sysenter.asm). Any other #DB
; takes the common path (from user mode: the process is ended).
extern nu_sysenter_entry
extern nu_sysenter_flags_clean
isr_debug:
    test dword [esp + 4], 3         ; cs: from user mode
    jnz .common
    cmp dword [esp], nu_sysenter_entry
    jb .common
    cmp dword [esp], nu_sysenter_flags_clean
    ja .common
    iret                            ; TF stays on until the entry clears it
.common:
    push dword 0
    push dword 1
    jmp isr_common

isr_common:
    pusha
    push ds
    push es
    push fs
    push gs
    mov ax, KERNEL_DS
    mov ds, ax
    mov es, ax
    mov fs, ax
    mov gs, ax
    cld
    push esp
    call nu_trap_entry
    add esp, 4
global isr_return
isr_return:                 ; also where new threads will start (later issues)
    pop gs
    pop fs
    pop es
    pop ds
    popa
    add esp, 8              ; vector and error code
    iret

section .rodata
global isr_stub_table
isr_stub_table:
%assign v 0
%rep 256
    dd isr_ %+ v
%assign v v + 1
%endrep
