/* Reading and marking the FPU state of the calling thread (see fputest.h). */
#include <string.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "fputest.h"

static int all_zero(const uint8_t *p, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

const char *fpu_clean_why(const fpu_image_t *img)
{
	if (img->fcw != FCW_DEFAULT || img->fsw != 0 || img->ftw != 0)
		return check_why("fcw 0x%04x fsw 0x%04x ftw 0x%02x", img->fcw,
				 img->fsw, img->ftw);
	if (img->mxcsr != MXCSR_DEFAULT)
		return check_why("mxcsr 0x%08lx", (unsigned long)img->mxcsr);
	for (int i = 0; i < 8; i++) {
		if (!all_zero(img->st[i], 10))
			return check_why("st(%d) not zero", i);
		if (!all_zero(img->xmm[i], 16))
			return check_why("xmm%d not zero", i);
	}
	return NULL;
}

void fpu_set_control(uint16_t fcw, uint32_t mxcsr)
{
	__asm__ volatile("fldcw %0\n\tldmxcsr %1" : : "m"(fcw), "m"(mxcsr));
}

SSE_CODE void fpu_leave_values(const double *x, const uint8_t v[16])
{
	__asm__ volatile("fldl %0\n\tmovups %1, %%xmm0"
			 :
			 : "m"(*x), "m"(*(const uint8_t(*)[16])v)
			 : "xmm0");
}

const char *fpu_kept_why(const double *x, const uint8_t v[16], uint16_t fcw,
			 uint32_t mxcsr)
{
	static fpu_image_t img;
	double st0;
	fpu_save(&img);
	/* fstl rounds by the control word; x is a double: exact in any mode. */
	__asm__ volatile("fstl %0" : "=m"(st0));
	if (img.fcw != fcw || img.mxcsr != mxcsr)
		return check_why("fcw 0x%04x mxcsr 0x%08lx", img.fcw,
				 (unsigned long)img.mxcsr);
	if (memcmp(&st0, x, sizeof(st0)) != 0)
		return "st(0) changed";
	if (memcmp(img.xmm[0], v, 16) != 0)
		return "xmm0 changed";
	return NULL;
}

void fpu_pop(void) { __asm__ volatile("fstp %st(0)"); }

int wait_flag(volatile int *flag)
{
	for (int t = 0; t < 1000; t++) {
		if (*flag)
			return 0;
		lv_sleep(1);
	}
	return -1;
}

int wait_threads(int n)
{
	lv_proc_info_t info;
	for (int t = 0; t < 1000; t++) {
		if (lv_proc_find(lv_getpid(), &info) == 0 && info.threads <= n)
			return 0;
		lv_sleep(1);
	}
	return -1;
}
