; Multiboot 1 entry point. Builds the boot page directory (first 4 MiB
; identity-mapped for the jump, physical 0-512 MiB at 0xC0000000 with 4 MiB
; pages), turns on paging and calls kernel_main(magic, mbi_phys) in the higher
; half. Not here: GDT, IDT, anything else (gdt.c, idt.c, paging.c).
bits 32

KERNEL_BASE     equ 0xC0000000
MB_MAGIC        equ 0x1BADB002
MB_FLAGS        equ 0x00000003      ; modules page-aligned; memory info wanted
PDE_4M_RW       equ 0x83            ; present | writable | 4 MiB page
DIRECT_MAP_PDES equ 128             ; 128 x 4 MiB = DIRECT_MAP_SIZE
CR4_PSE         equ 0x00000010
CR0_PG_WP       equ 0x80010000
BOOT_STACK_SIZE equ 16384

section .multiboot progbits alloc noexec nowrite align=4
    dd MB_MAGIC
    dd MB_FLAGS
    dd -(MB_MAGIC + MB_FLAGS)

section .boot.text progbits alloc exec nowrite align=16
global _start
extern kernel_main
_start:
    cli
    mov esi, eax                            ; the loader's magic
    mov edi, boot_page_directory - KERNEL_BASE
    mov edx, edi
    xor eax, eax
    mov ecx, 1024
    rep stosd
    mov dword [edx], PDE_4M_RW              ; identity map of 0-4 MiB
    lea edi, [edx + (KERNEL_BASE >> 22) * 4]
    mov eax, PDE_4M_RW
    mov ecx, DIRECT_MAP_PDES
.fill:
    mov [edi], eax
    add eax, 0x400000
    add edi, 4
    loop .fill
    mov eax, cr4
    or eax, CR4_PSE
    mov cr4, eax
    mov cr3, edx
    mov eax, cr0
    or eax, CR0_PG_WP
    mov cr0, eax
    mov ecx, higher_half
    jmp ecx

section .text
higher_half:
    mov esp, boot_stack_top
    xor ebp, ebp                            ; ends every backtrace
    push ebx                                ; mbi physical address
    push esi                                ; magic
    call kernel_main
.halt:
    cli
    hlt
    jmp .halt

section .bss.pagedir nobits alloc write align=4096
global boot_page_directory
boot_page_directory:
    resb 4096

section .bss nobits alloc write align=16
global boot_stack_bottom
boot_stack_bottom:
    resb BOOT_STACK_SIZE
global boot_stack_top
boot_stack_top:
