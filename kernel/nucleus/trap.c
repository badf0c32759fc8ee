/* Trap dispatch and the exception report. Every trap enters nu_trap_entry from
 * isr.asm. Order: IRQs go to pic.c; kernel-mode faults at an instruction listed
 * in the .fixup table resume at its recovery code; then a handler installed by
 * an upper layer; anything left is reported in full and the kernel panics. */
#include "nucleus/cpu.h"
#include "nucleus/gdt.h"
#include "nucleus/idt.h"
#include "nucleus/nucleus.h"
#include "nucleus/pic.h"
#include "nucleus/machine.h"
#include "uapi/errors.h"

_Static_assert(ERR_FAULT == 14, "probe.asm hard-codes -ERR_FAULT as -14");

typedef struct fixup {
	uint32_t insn;
	uint32_t recover;
} fixup_t;

extern const fixup_t _fixup_start[], _fixup_end[];

static nu_trap_handler_t handlers[256];
static void (*exit_hook)(trap_frame_t *frame);

void nu_trap_set_exit_hook(void (*hook)(trap_frame_t *frame))
{
	exit_hook = hook;
}

static const char *const exception_names[32] = {
    "#DE divide error",
    "#DB debug",
    "NMI",
    "#BP breakpoint",
    "#OF overflow",
    "#BR bound range",
    "#UD invalid opcode",
    "#NM device not available",
    "#DF double fault",
    "coprocessor segment overrun",
    "#TS invalid TSS",
    "#NP segment not present",
    "#SS stack fault",
    "#GP general protection",
    "#PF page fault",
    "reserved",
    "#MF x87 floating point",
    "#AC alignment check",
    "#MC machine check",
    "#XM SIMD floating point",
    "#VE virtualization",
    "#CP control protection",
};

const char *nu_trap_name(unsigned vector)
{
	if (vector < 32)
		return exception_names[vector] ? exception_names[vector]
					       : "reserved";
	if (vector < IRQ_BASE_VECTOR + 16)
		return "IRQ";
	return "software interrupt";
}

uint32_t nu_fault_address(void) { return cpu_cr2(); }

nu_trap_handler_t nu_trap_set_handler(unsigned vector, nu_trap_handler_t h)
{
	nu_trap_handler_t old = handlers[vector & 0xFF];
	handlers[vector & 0xFF] = h;
	return old;
}

static nu_fault_resolver_t resolver;

void nu_trap_set_fault_resolver(nu_fault_resolver_t r) { resolver = r; }

/* A kernel-mode fault at an instruction of the .fixup table: a page fault
 * at a user address the resolver can back resumes the same instruction (the
 * checked copies restart); anything else resumes at the recovery code. */
static int apply_fixup(trap_frame_t *frame)
{
	for (const fixup_t *f = _fixup_start; f < _fixup_end; f++) {
		if (f->insn != frame->eip)
			continue;
		uint32_t addr = cpu_cr2();
		if (frame->vector == 14 && resolver && addr < KERNEL_BASE &&
		    resolver(addr, frame->error & 2))
			return 1;
		frame->eip = f->recover;
		return 1;
	}
	return 0;
}

static void report_error_code(const trap_frame_t *frame)
{
	kprintf("exception %u (%s) error=0x%08x", frame->vector,
		nu_trap_name(frame->vector), frame->error);
	if (frame->vector == 14)
		kprintf(" [%s, %s, %s mode]",
			frame->error & 2 ? "write" : "read",
			frame->error & 1 ? "protection" : "not-present",
			frame->error & 4 ? "user" : "kernel");
	kprintf("\n");
}

void nu_trap_report(const trap_frame_t *frame)
{
	char where[80];
	int user = TRAP_FROM_USER(frame);
	uint32_t esp = user ? frame->user_esp : (uint32_t)&frame->user_esp;
	uint32_t ss = user ? frame->user_ss : GDT_KERNEL_DATA;

	report_error_code(frame);
	nu_symbolize(frame->eip, where, sizeof(where));
	kprintf("  eip=0x%08x <%s> cs=0x%04x eflags=0x%08x\n", frame->eip,
		where, frame->cs, frame->eflags);
	kprintf("  eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x\n", frame->eax,
		frame->ebx, frame->ecx, frame->edx);
	kprintf("  esi=0x%08x edi=0x%08x ebp=0x%08x esp=0x%08x\n", frame->esi,
		frame->edi, frame->ebp, esp);
	kprintf("  ds=0x%04x es=0x%04x fs=0x%04x gs=0x%04x ss=0x%04x\n",
		frame->ds, frame->es, frame->fs, frame->gs, ss);
	kprintf("  cr0=0x%08x cr2=0x%08x cr3=0x%08x cr4=0x%08x\n", cpu_cr0(),
		cpu_cr2(), cpu_cr3(), cpu_cr4());
	if (frame->vector == 14)
		kprintf("  faulting address: 0x%08x\n", cpu_cr2());
	if (!user)
		nu_backtrace_print(frame->eip, frame->ebp);
}

static int dispatch(trap_frame_t *frame)
{
	unsigned v = frame->vector;
	if (v >= IRQ_BASE_VECTOR && v < IRQ_BASE_VECTOR + 16) {
		nu_pic_dispatch(v - IRQ_BASE_VECTOR);
		return 1;
	}
	if (!TRAP_FROM_USER(frame) && (v == 13 || v == 14) &&
	    apply_fixup(frame))
		return 1;
	return handlers[v] && handlers[v](frame);
}

void nu_trap_entry(trap_frame_t *frame)
{
	if (dispatch(frame)) {
		if (exit_hook)
			exit_hook(frame);
		return;
	}
	unsigned v = frame->vector;
	nu_trap_report(frame);
	nu_panic_stop("unhandled %s in %s mode at eip 0x%08x", nu_trap_name(v),
		      TRAP_FROM_USER(frame) ? "user" : "kernel", frame->eip);
}

/* Runs as its own task (gdt.c) after a double fault; the CPU saved the
 * faulting context in the main TSS. */
void nu_double_fault_task(void)
{
	const tss_t *t = nu_gdt_main_tss();
	char where[80];
	nu_symbolize(t->eip, where, sizeof(where));
	kprintf("exception 8 (#DF double fault) error=0x00000000\n");
	kprintf("  eip=0x%08x <%s> cs=0x%04x eflags=0x%08x\n", t->eip, where,
		t->cs, t->eflags);
	kprintf("  eax=0x%08x ebx=0x%08x ecx=0x%08x edx=0x%08x\n", t->eax,
		t->ebx, t->ecx, t->edx);
	kprintf("  esi=0x%08x edi=0x%08x ebp=0x%08x esp=0x%08x\n", t->esi,
		t->edi, t->ebp, t->esp);
	kprintf("  cr2=0x%08x (a kernel stack overflow looks like this)\n",
		cpu_cr2());
	nu_backtrace_print(t->eip, t->ebp);
	nu_panic_stop("double fault at eip 0x%08x", t->eip);
}
