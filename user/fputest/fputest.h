/* fputest: the x87 and SSE state of each thread, seen from user space (the
 * modes are listed in main.c). Shared here: the FXSAVE image and a few
 * one-instruction helpers. */
#ifndef FPUTEST_H
#define FPUTEST_H
#include <stdint.h>

/* Functions whose inline assembly names XMM registers (the programs are
 * built for plain i686; this lets the compiler know the registers exist; its
 * own floating point stays on the x87). */
#define SSE_CODE __attribute__((target("sse2")))

/* The 512-byte FXSAVE image (Intel SDM vol. 1, 10.5.1), 32-bit layout. */
typedef struct fpu_image {
	uint16_t fcw, fsw;
	uint8_t ftw; /* abridged tag word: bit i set = physical reg i valid */
	uint8_t reserved1;
	uint16_t fop;
	uint32_t fip, fcs, fdp, fds;
	uint32_t mxcsr, mxcsr_mask;
	uint8_t st[8][16]; /* ST(0)..ST(7): 10 bytes each, then padding */
	uint8_t xmm[8][16];
	uint8_t reserved2[224];
} __attribute__((aligned(16))) fpu_image_t;
_Static_assert(sizeof(fpu_image_t) == 512, "FXSAVE image size");

/* What a new thread must see: FNINIT's control word and MXCSR's default. */
#define FCW_DEFAULT 0x037Fu
#define MXCSR_DEFAULT 0x1F80u
/* Non-defaults a thread sets to mark its state: round toward zero in both
 * (x87 RC and MXCSR RC bits = 11). */
#define FCW_MARKED 0x0F7Fu
#define MXCSR_MARKED 0x7F80u

/* FXSAVE into img (its first FPU instruction, if nothing came before). */
static inline void fpu_save(fpu_image_t *img)
{
	__asm__ volatile("fxsave %0" : "=m"(*img));
}

/* NULL if img is the clean state (FNINIT, MXCSR 0x1F80, every x87 and XMM
 * register zero), else what differs. */
const char *fpu_clean_why(const fpu_image_t *img);

/* Sets the x87 control word and MXCSR. */
void fpu_set_control(uint16_t fcw, uint32_t mxcsr);
/* Pushes x onto the x87 stack and loads the 16 bytes v into xmm0, leaving
 * both there (the caller must not use floating point in C until it pops). */
void fpu_leave_values(const double *x, const uint8_t v[16]);
/* NULL if the current ST(0), xmm0, x87 control word and MXCSR are x, v,
 * fcw and mxcsr (as fpu_leave_values and fpu_set_control left them); ST(0)
 * stays on the stack. */
const char *fpu_kept_why(const double *x, const uint8_t v[16], uint16_t fcw,
			 uint32_t mxcsr);
/* Pops ST(0). */
void fpu_pop(void);

/* Waits (sleeping a tick at a time) until *flag is set; 0, or -1 after
 * about 10 s. */
int wait_flag(volatile int *flag);
/* Waits until the calling process has only n threads left; 0 or -1. */
int wait_threads(int n);

int fputest_crunch(int argc, char **argv);
int fputest_clean(int argc, char **argv);
int fputest_leak(int argc, char **argv);
int fputest_leak_child(int argc, char **argv);
int fputest_owner_exit(int argc, char **argv);
int fputest_churn(int argc, char **argv);
int fputest_mf(int argc, char **argv);
int fputest_mf_pending(int argc, char **argv);
int fputest_xm(int argc, char **argv);

#endif
