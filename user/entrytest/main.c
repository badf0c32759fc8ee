/* "entrytest KIND": enters the kernel by sysenter with hostile flags or a
 * hostile ebp, the way no libipc stub does, and says what came back. The
 * kernel must serve or end this process, never panic (docs/architecture.md,
 * "System calls"). KIND and the expected outcome:
 *   tf           TF set: the call is served, then the single step after
 *                it kills the process (#DB in user mode)
 *   int80_tf     the same through int 0x80
 *   nt, acdf     NT / AC and DF set: yields to a preempted thread (which
 *                goes back to user mode by iret), a sleep and a write are
 *                served and the flags come back as they were; exit 0
 *   ebp_resident ebp in the resident area, ebp_kernel in the kernel,
 *   ebp_wrap     ebp at the top of the address space: the process is ended
 *                without the kernel reading there for it */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/syscall.h>
#include "../lib/usage.h"

#define EFLAGS_TF 0x100u
#define EFLAGS_DF 0x400u
#define EFLAGS_NT 0x4000u
#define EFLAGS_AC 0x40000u
#define RESIDENT_BASE 0xB0000000u

/* One entry into the kernel the way no libipc stub makes it: eax = num,
 * ebx/ecx/edx = a1..a3, set_flags ORed into EFLAGS by the popf right before
 * the trap (so a TF step starts at the trapping instruction itself). For
 * sysenter, ebp = the given value instead of the resume slot when not 0.
 * Afterwards flags_out holds EFLAGS as the kernel gave them back (the flags
 * are then cleaned: DF, AC, NT off, before any C code runs) and rc eax. */
typedef struct hostile_call {
	uint32_t num, a1, a2, a3; /* offsets 0-12 */
	uint32_t set_flags;	  /* 16 */
	uint32_t ebp;		  /* 20 */
	uint32_t by_int80;	  /* 24: int 0x80 instead of sysenter */
	uint32_t flags_out;	  /* 28 */
	uint32_t rc;		  /* 32 */
} hostile_call_t;

void hostile_call(hostile_call_t *c);

__asm__(".text\n"
	".globl hostile_call\n"
	"hostile_call:\n"
	"	push %ebp\n"
	"	push %ebx\n"
	"	push %esi\n"
	"	push %edi\n"
	"	mov 20(%esp), %edi\n"
	"	push %edi\n"
	"	mov 0(%edi), %eax\n"
	"	mov 4(%edi), %ebx\n"
	"	mov 8(%edi), %ecx\n"
	"	mov 12(%edi), %edx\n"
	"	mov 16(%edi), %esi\n"
	"	cmpl $0, 24(%edi)\n"
	"	jne 5f\n"
	"	call 1f\n"
	"1:	addl $(2f - 1b), (%esp)\n"
	"	mov %esp, %ebp\n"
	"	cmpl $0, 20(%edi)\n"
	"	je 3f\n"
	"	mov 20(%edi), %ebp\n"
	"3:	pushf\n"
	"	or %esi, (%esp)\n"
	"	popf\n"
	"	sysenter\n"
	"2:	pushf\n"
	"	pop %esi\n"
	"	push $0x202\n"
	"	popf\n"
	"	add $4, %esp\n"
	"	jmp 4f\n"
	"5:	pushf\n"
	"	or %esi, (%esp)\n"
	"	popf\n"
	"	int $0x80\n"
	"	pushf\n"
	"	pop %esi\n"
	"	push $0x202\n"
	"	popf\n"
	"4:	pop %edi\n"
	"	mov %esi, 28(%edi)\n"
	"	mov %eax, 32(%edi)\n"
	"	pop %edi\n"
	"	pop %esi\n"
	"	pop %ebx\n"
	"	pop %ebp\n"
	"	ret\n");

/* Enters by sysenter with the flags set; returns eax, *flags_out the flags
 * that came back (when not NULL). */
static int entry_call(uint32_t num, uint32_t a1, uint32_t a2, uint32_t set,
		      uint32_t *flags_out)
{
	hostile_call_t c = {.num = num, .a1 = a1, .a2 = a2, .set_flags = set};
	hostile_call(&c);
	if (flags_out)
		*flags_out = c.flags_out;
	return (int)c.rc;
}

static const char served[] = "entrytest: call with TF served\n";

/* A write with TF set; the process must not get past it. */
static int do_tf(int by_int80)
{
	hostile_call_t c = {.num = SYS_console_write,
			    .a1 = (uint32_t)served,
			    .a2 = sizeof(served) - 1,
			    .set_flags = EFLAGS_TF,
			    .by_int80 = (uint32_t)by_int80};
	hostile_call(&c);
	printf("entrytest: survived the single step (rc %d)\n", (int)c.rc);
	return 1;
}

static volatile int stop_spinning, spinner_done;
static uint8_t spinner_stack[8192] __attribute__((aligned(16)));

/* Runs until told to stop, so that the main thread's yields switch to a
 * thread that the timer preempted (it resumes by iret). */
static void spinner(void *arg)
{
	(void)arg;
	while (!stop_spinning)
		;
	spinner_done = 1;
	lv_thread_exit(0);
}

/* Yields to the spinner 20 times (in ring 1, where there is none, to
 * whoever is ready), sleeps and writes, each call entered with the flags set:
 * every call must succeed and give the flags back. */
static int do_flags(const char *kind, uint32_t set)
{
	static const char msg[] = "entrytest: write with flags set\n";
	uint32_t after_yield = set, after_sleep = 0, after_write = 0, f;
	int rc = 0;
	/* The kernel gives resident (ring 1) processes no second thread. */
	int resident = (uintptr_t)spinner_stack >= RESIDENT_BASE;
	int tid =
	    resident
		? 0
		: lv_thread_create(spinner,
				   spinner_stack + sizeof(spinner_stack), NULL);
	if (tid < 0) {
		printf("entrytest: thread_create: %s\n", lv_strerror(tid));
		return 1;
	}
	spinner_done = resident;
	for (int i = 0; i < 20 && !rc; i++) {
		rc = entry_call(SYS_yield, 0, 0, set, &f);
		after_yield &= f;
	}
	int rc1 = entry_call(SYS_sleep, 2, 0, set, &after_sleep);
	int rc2 = entry_call(SYS_console_write, (uint32_t)msg, sizeof(msg) - 1,
			     set, &after_write);
	stop_spinning = 1;
	while (!spinner_done)
		lv_sleep(1);
	int ok = rc == 0 && rc1 == 0 && rc2 == (int)sizeof(msg) - 1 &&
		 (after_yield & set) == set && (after_sleep & set) == set &&
		 (after_write & set) == set;
	printf("entrytest: %s: yield %d flags 0x%x, sleep %d flags 0x%x, "
	       "write %d flags 0x%x: %s\n",
	       kind, rc, (unsigned)after_yield, rc1, (unsigned)after_sleep, rc2,
	       (unsigned)after_write, ok ? "ok" : "FAIL");
	return ok ? 0 : 1;
}

/* sysenter with ebp outside this process's memory: it must be ended. */
static int do_ebp(uint32_t ebp)
{
	hostile_call_t c = {.num = SYS_getpid, .ebp = ebp};
	hostile_call(&c);
	printf("entrytest: ebp 0x%08x survived (rc %d)\n", (unsigned)ebp,
	       (int)c.rc);
	return 1;
}

static const usage_t usage = {
    "entrytest", "tf|int80_tf|nt|acdf|ebp_resident|ebp_kernel|ebp_wrap",
    "One hostile use of the sysenter entry: TF, NT, AC and DF set, ebp in\nthe "
    "resident area, the kernel or at the top of memory. The kernel must\nserve "
    "the call or end this process, never panic.",
    "proc.sysenter_entry"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	const char *kind = argc > 1 ? argv[1] : "";

	printf("entrytest: doing %s\n", kind);
	if (!strcmp(kind, "tf"))
		return do_tf(0);
	if (!strcmp(kind, "int80_tf"))
		return do_tf(1);
	if (!strcmp(kind, "nt"))
		return do_flags(kind, EFLAGS_NT);
	if (!strcmp(kind, "acdf"))
		return do_flags(kind, EFLAGS_AC | EFLAGS_DF);
	if (!strcmp(kind, "ebp_resident"))
		return do_ebp(0xB0000000u);
	if (!strcmp(kind, "ebp_kernel"))
		return do_ebp(0xC0100000u);
	if (!strcmp(kind, "ebp_wrap"))
		return do_ebp(0xFFFFFFFEu);
	printf("usage: entrytest tf|int80_tf|nt|acdf|ebp_resident|ebp_kernel|"
	       "ebp_wrap\n");
	return 2;
}
