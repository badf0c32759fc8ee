/* Floating-point exceptions a process unmasks must end it, and only it:
 * "mf" (x87 divide by zero, #MF at the next waiting instruction),
 * "mf_pending" (the same with another process using the FPU in between) and
 * "xm" (SSE divide by zero, #XM at the instruction). If mf or mf_pending
 * survives it says so and exits 1; xm says what MXCSR holds and exits 3 (see
 * there). */
#include <stdint.h>
#include <stdio.h>
#include <lavender/syscall.h>
#include "fputest.h"

int fputest_mf(int argc, char **argv)
{
	static const float zero = 0.0f;
	(void)argc, (void)argv;
	printf("fputest: doing mf\n");
	/* ZM (bit 2) clear: divide by zero unmasked. */
	fpu_set_control(FCW_DEFAULT & ~0x4u, MXCSR_DEFAULT);
	__asm__ volatile("fld1\n\t"
			 "fdivs %0\n\t" /* 1 / 0: ZE pending */
			 "fwait\n\t"	/* #MF here */
			 "fstp %%st(0)"
			 :
			 : "m"(zero));
	printf("fputest: mf did not fault\n");
	return 1;
}

/* "mf_pending": the x87 exception is left pending while another process
 * uses the FPU: that process must run clean and whole (the exception belongs
 * to this state, not to the FPU), and this one takes #MF at its next waiting
 * instruction, after the other ended. */
int fputest_mf_pending(int argc, char **argv)
{
	static const float zero = 0.0f;
	int status = -1;
	(void)argc, (void)argv;
	printf("fputest: doing mf_pending\n");
	fpu_set_control(FCW_DEFAULT & ~0x4u, MXCSR_DEFAULT);
	__asm__ volatile("fld1\n\tfdivs %0" : : "m"(zero)); /* pending */
	int pid = lv_spawn("fputest", "fputest clean", 0, 0, 0);
	if (pid > 0)
		lv_wait(pid, &status);
	printf("fputest mf_pending: the other process exited with status %d\n",
	       status);
	__asm__ volatile("fwait\n\tfstp %st(0)"); /* #MF here */
	printf("fputest: mf_pending did not fault\n");
	return 1;
}

SSE_CODE int fputest_xm(int argc, char **argv)
{
	static const float one = 1.0f;
	uint32_t mxcsr;
	(void)argc, (void)argv;
	printf("fputest: doing xm\n");
	/* ZM (bit 9) clear: divide by zero unmasked. */
	fpu_set_control(FCW_DEFAULT, MXCSR_DEFAULT & ~0x200u);
	__asm__ volatile("movss %1, %%xmm0\n\t"
			 "xorps %%xmm1, %%xmm1\n\t"
			 "divss %%xmm1, %%xmm0\n\t"
			 "stmxcsr %0"
			 : "=m"(mxcsr)
			 : "m"(one)
			 : "xmm0", "xmm1");
	/* QEMU's TCG (7.2) never raises #XM: it only sets the flag (ZE, bit
	 * 2). Say so, for the test to tell that from a lost exception. */
	printf("fputest: xm not raised by this CPU: mxcsr 0x%08lx\n",
	       (unsigned long)mxcsr);
	return 3;
}
