/* The x87/SSE unit: set-up at boot (CR0, CR4 from CPUID) and the mechanism
 * of lazy switching (CR0.TS, FXSAVE/FXRSTOR). Who owns the registers and
 * when to switch is the scheduler's business (core/sched.c). The kernel
 * itself is built with -mgeneral-regs-only and never executes an FPU or SSE
 * instruction outside this file. */
#include "nucleus/cpu.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"

#define CR0_MP (1u << 1) /* WAIT/FWAIT obey TS too */
#define CR0_EM (1u << 2) /* no FPU: every FPU instruction #NM (we clear it) */
#define CR0_TS (1u << 3) /* the next FPU/SSE instruction raises #NM */
#define CR0_NE (1u << 5) /* x87 errors raise #MF, not the FERR# line */
#define CR4_OSFXSR (1u << 9)
#define CR4_OSXMMEXCPT (1u << 10) /* unmasked SSE errors raise #XM */

#define CPUID_FPU (1u << 0)
#define CPUID_FXSR (1u << 24)
#define CPUID_SSE (1u << 25)
#define CPUID_SSE2 (1u << 26)

#define FCW_INIT 0x037Fu   /* what FNINIT loads: all exceptions masked */
#define MXCSR_INIT 0x1F80u /* the reset value: all exceptions masked */

/* The state a thread starts from: FNINIT's (control word 0x037F, status 0,
 * every register empty), MXCSR 0x1F80, every x87 and XMM register zero. */
static uint8_t clean_image[NU_FPU_STATE_BYTES]
    __attribute__((aligned(NU_FPU_STATE_ALIGN)));
/* Mirrors CR0.TS, so that asking for what is already so costs no CR0 write
 * (nothing else changes TS: the double-fault task switch ends in a panic). */
static int trapping;

void nu_fpu_init(void)
{
	uint32_t f = cpu_cpuid1_edx();
	/* Without FXSAVE/FXRSTOR (before the Pentium II) we would need the
	 * FNSAVE/FRSTOR path; such CPUs also lack what the rest of the
	 * kernel assumes (sysenter, global pages), so refuse them. */
	if (!(f & CPUID_FPU) || !(f & CPUID_FXSR))
		panic("cpu: no x87 with FXSAVE/FXRSTOR (cpuid edx 0x%08x): "
		      "Lavender needs a Pentium II or later",
		      f);
	cpu_set_cr0((cpu_cr0() & ~CR0_EM) | CR0_MP | CR0_NE | CR0_TS);
	uint32_t cr4 = cpu_cr4() | CR4_OSFXSR;
	if (f & CPUID_SSE)
		cpu_set_cr4(cr4 | CR4_OSXMMEXCPT);
	else
		cpu_set_cr4(cr4);
	trapping = 1;
	memset(clean_image, 0, sizeof(clean_image));
	*(uint16_t *)&clean_image[0] = FCW_INIT;
	*(uint32_t *)&clean_image[24] = MXCSR_INIT;
	kprintf("boot: fpu x87 fxsr%s%s, switched lazily\n",
		f & CPUID_SSE ? " sse" : "", f & CPUID_SSE2 ? " sse2" : "");
}

void nu_fpu_trap_next_use(void)
{
	if (trapping)
		return;
	cpu_set_cr0(cpu_cr0() | CR0_TS);
	trapping = 1;
}

void nu_fpu_allow(void)
{
	if (!trapping)
		return;
	__asm__ volatile("clts" ::: "memory");
	trapping = 0;
}

void nu_fpu_switch(void *save, const void *load)
{
	nu_fpu_allow();
	/* FXSAVE and FNCLEX do not wait: an x87 exception pending in the
	 * outgoing state is saved with it (it fires when that state is loaded
	 * again and its owner runs its next x87 instruction) and is cleared
	 * here, so nothing in the kernel can raise it. FXRSTOR then replaces
	 * every x87, XMM and MXCSR bit. */
	if (save)
		__asm__ volatile("fxsave %0"
				 : "=m"(*(uint8_t(*)[NU_FPU_STATE_BYTES])save));
	__asm__ volatile("fnclex\n\tfxrstor %0"
			 :
			 : "m"(*(const uint8_t(*)[NU_FPU_STATE_BYTES])(
			     load ? load : clean_image)));
}
