/* The system-call table, built from the one list, and the dispatcher shared
 * by int 0x80 and sysenter (both arrive as vector 0x80). */
#include "system/syscall.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "uapi/errors.h"

enum syscall_layer { NUCLEUS, KERNEL, SYSTEM };

typedef struct syscall_entry {
	syscall_fn_t fn;
	const char *name;
	enum syscall_layer layer;
	unsigned right; /* LV_PRIV_* the caller must hold (0: none) */
} syscall_entry_t;

static const syscall_entry_t table[SYS_COUNT] = {
#define SYSCALL_ENTRY(num, name, layer, right, ret, params)                    \
	[num] = {sys_##name, #name, layer, LV_##right},
    SYSCALL_LIST(SYSCALL_ENTRY)
#undef SYSCALL_ENTRY
};

/* Calls that run with interrupts off from start to end: IPC, so that it is
 * atomic against interrupt handlers (and spared two flag changes). */
static const uint8_t interrupts_off[SYS_COUNT] = {
    [SYS_port_create] = 1,	 [SYS_port_make_send] = 1,
    [SYS_handle_close] = 1,	 [SYS_handle_info] = 1,
    [SYS_msg_send] = 1,		 [SYS_msg_receive] = 1,
    [SYS_msg_call] = 1,		 [SYS_msg_reply] = 1,
    [SYS_msg_reply_receive] = 1, [SYS_port_watch] = 1,
    [SYS_portset_create] = 1,	 [SYS_portset_add] = 1,
    [SYS_portset_remove] = 1,	 [SYS_port_no_senders] = 1,
    [SYS_msg_send_request] = 1,	 [SYS_nop] = 1,
};

static int tracing;

static int on_syscall(trap_frame_t *f)
{
	if (!TRAP_FROM_USER(f))
		return 0;
	proc_t *p = proc_current();
	nu_trap_fix_sysenter_frame(f, p->space->resident);
	/* sysenter: the resume address is at [user esp], read only through
	 * the caller's own window (never at kernel privilege elsewhere). */
	if (f->error == TRAP_SYSENTER_MARK &&
	    copyin(&f->eip, f->user_esp, sizeof(f->eip)) < 0) {
		kprintf(
		    "proc %s (pid %d): killed: sysenter with a stack outside "
		    "its memory (esp 0x%08x)\n",
		    p->name, p->pid, f->user_esp);
		proc_exit(p, PROC_STATUS_FAULT);
	}
	uint32_t args[5] = {f->ebx, f->ecx, f->edx, f->esi, f->edi};
	uint32_t num = f->eax;
	int rc = -ERR_NOSYS;
	if (num < SYS_COUNT && table[num].fn) {
		int enable =
		    !interrupts_off[num]; /* the others run with them on */
		if (enable)
			nu_irq_enable();
		rc = (table[num].right & ~p->rights) ||
			     (table[num].layer == NUCLEUS &&
			      !(p->rights & LV_PRIV_NUCLEUS))
			 ? -ERR_PERM /* never fail open */
			 : table[num].fn(args);
		if (enable)
			nu_irq_disable();
	}
	if (tracing) {
		kprintf("trace: [%d] %s(0x%x, 0x%x, 0x%x) = %d\n",
			p ? p->pid : 0, num < SYS_COUNT ? table[num].name : "?",
			args[0], args[1], args[2], rc);
	}
	f->eax = (uint32_t)rc;
	return 1;
}

void syscall_init(int trace)
{
	tracing = trace;
	nu_trap_set_handler(0x80, on_syscall);
}
