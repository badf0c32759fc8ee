; Memory accesses that may fault. Each faulting instruction has an entry in the
; .fixup table (pairs: instruction address, recovery address); the page-fault
; and general-protection handlers resume at the recovery address, which returns
; -ERR_FAULT. Later, copyin/copyout are built on nu_copy_checked.
bits 32

ERR_FAULT_NEG equ -14           ; must equal -ERR_FAULT (uapi/errors.h)

%macro FIXUP 2
section .fixup progbits alloc noexec nowrite align=4
    dd %1, %2
section .text
%endmacro

section .text

; int nu_probe_read32(const volatile uint32_t *addr, uint32_t *out)
global nu_probe_read32
nu_probe_read32:
    mov edx, [esp + 4]
probe_read_insn:
    mov eax, [edx]
    mov edx, [esp + 8]
    mov [edx], eax
    xor eax, eax
    ret
probe_read_fix:
    mov eax, ERR_FAULT_NEG
    ret
FIXUP probe_read_insn, probe_read_fix

; int nu_probe_write32(volatile uint32_t *addr, uint32_t value)
global nu_probe_write32
nu_probe_write32:
    mov edx, [esp + 4]
    mov eax, [esp + 8]
probe_write_insn:
    mov [edx], eax
    xor eax, eax
    ret
probe_write_fix:
    mov eax, ERR_FAULT_NEG
    ret
FIXUP probe_write_insn, probe_write_fix

; int nu_copy_checked(void *dst, const void *src, size_t n)
; Words first, then the 0-3 bytes left: string moves cost per iteration
; under emulation, so fewer iterations matter on the IPC path.
global nu_copy_checked
nu_copy_checked:
    push esi
    push edi
    mov edi, [esp + 12]
    mov esi, [esp + 16]
    mov edx, [esp + 20]
    mov ecx, edx
    shr ecx, 2
copy_words_insn:
    rep movsd
    mov ecx, edx
    and ecx, 3
copy_bytes_insn:
    rep movsb
    xor eax, eax
    pop edi
    pop esi
    ret
copy_fix:
    mov eax, ERR_FAULT_NEG
    pop edi
    pop esi
    ret
FIXUP copy_words_insn, copy_fix
FIXUP copy_bytes_insn, copy_fix
