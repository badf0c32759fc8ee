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
%if HAS_ERROR(v)
    push dword v
%else
    push dword 0
    push dword v
%endif
    jmp isr_common
%assign v v + 1
%endrep

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
