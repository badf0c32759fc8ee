/* Preparing the kernel stack of a thread that has not run yet, so that
 * nu_context_switch can resume it like any other (see switch.asm). */
#include "nucleus/gdt.h"
#include "nucleus/nucleus.h"
#include "nucleus/cpu.h"

void nu_thread_start_user(void);
void nu_thread_start_kernel(void);

/* The frame nu_context_switch pops, then the address it returns to. */
typedef struct switch_frame {
	uint32_t edi, esi, ebx, ebp;
	uint32_t resume;
} switch_frame_t;

uint32_t nu_kstack_prepare_user(uint32_t kstack_top, uint32_t eip,
				uint32_t user_esp, int resident)
{
	trap_frame_t *tf = (trap_frame_t *)(kstack_top - sizeof(*tf));
	uint32_t cs = resident ? GDT_RESIDENT_CODE | 1 : GDT_USER_CODE | 3;
	uint32_t ds = resident ? GDT_RESIDENT_DATA | 1 : GDT_USER_DATA | 3;
	*tf = (trap_frame_t){
	    .gs = ds,
	    .fs = ds,
	    .es = ds,
	    .ds = ds,
	    .eip = eip,
	    .cs = cs,
	    .eflags = EFLAGS_IF | 0x2,
	    .user_esp = user_esp,
	    .user_ss = ds,
	};
	switch_frame_t *sf = (switch_frame_t *)tf - 1;
	*sf = (switch_frame_t){.resume = (uint32_t)nu_thread_start_user};
	return (uint32_t)sf;
}

uint32_t nu_kstack_prepare_kernel(uint32_t kstack_top, void (*fn)(void *),
				  void *arg)
{
	uint32_t *top = (uint32_t *)kstack_top;
	top[-1] = (uint32_t)arg;
	top[-2] = (uint32_t)fn;
	switch_frame_t *sf = (switch_frame_t *)(top - 2) - 1;
	*sf = (switch_frame_t){.resume = (uint32_t)nu_thread_start_kernel};
	return (uint32_t)sf;
}

trap_frame_t *nu_kstack_user_frame(uint32_t kstack_top)
{
	return (trap_frame_t *)(kstack_top - sizeof(trap_frame_t));
}

void nu_trap_fix_sysenter_frame(trap_frame_t *frame, int resident)
{
	if (frame->error != TRAP_SYSENTER_MARK || !resident)
		return;
	frame->cs = GDT_RESIDENT_CODE | 1; /* so the way back is iret */
	frame->user_ss = GDT_RESIDENT_DATA | 1;
}

void nu_set_kernel_stack(uint32_t kstack_top)
{
	/* The sysenter entry reads esp0 from the TSS: no MSR write here. */
	nu_tss_set_kernel_stack(kstack_top);
}

uint32_t *nu_kernel_stack_slot(void) { return nu_tss_esp0_slot(); }

void nu_kernel_thread_returned(void)
{
	panic("a kernel thread returned from its function");
}
