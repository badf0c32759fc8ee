; Process entry. The kernel enters _start with esp at argc, then argv[0..argc-1],
; a NULL, then envp (a NULL); ebp = 0. _start passes them to user_start
; (start.c) with the stack aligned to 16 bytes; it never returns.

bits 32
section .text

global _start:function
extern user_start

_start:
	xor ebp, ebp
	mov eax, esp
	mov ecx, [eax]                  ; argc
	lea edx, [eax + 4]              ; argv
	lea esi, [edx + ecx * 4 + 4]    ; envp: past argv's NULL
	and esp, -16
	sub esp, 4
	push esi
	push edx
	push ecx
	call user_start
	ud2

section .note.GNU-stack noalloc noexec nowrite progbits
