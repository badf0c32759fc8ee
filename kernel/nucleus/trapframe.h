/* The register frame isr.asm builds on every trap, in memory order. */
#ifndef LAVENDER_NUCLEUS_TRAPFRAME_H
#define LAVENDER_NUCLEUS_TRAPFRAME_H
#include <stdint.h>

typedef struct trap_frame {
	uint32_t gs, fs, es, ds;
	uint32_t edi, esi, ebp, esp_at_pusha, ebx, edx, ecx, eax;
	uint32_t vector, error;
	uint32_t eip, cs, eflags;
	uint32_t user_esp,
	    user_ss; /* valid only when the trap came from ring 3 */
} trap_frame_t;

_Static_assert(sizeof(trap_frame_t) == 19 * 4, "trap frame layout");

/* From a process: ring 3 (ordinary) or ring 1 (resident servers). */
#define TRAP_FROM_USER(f) (((f)->cs & 3) != 0)
/* The error-code slot of a frame built by the sysenter entry. */
#define TRAP_SYSENTER_MARK 1u

#endif
