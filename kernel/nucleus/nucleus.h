/* The nucleus interface: everything the kernel (core) and system layers may ask
 * of the x86. Nothing above the nucleus includes another nucleus header except
 * layout.h and bootinfo.h. All calls are for a single CPU; callers that run
 * with interrupts enabled must not assume atomicity unless a call says so. */
#ifndef LAVENDER_NUCLEUS_NUCLEUS_H
#define LAVENDER_NUCLEUS_NUCLEUS_H
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "nucleus/bootinfo.h"
#include "nucleus/layout.h"
#include "nucleus/trapframe.h"
#include "lib/csprng.h"
#include "lib/ksyms.h"

/* --- bring-up, in this order (called by the system layer's kernel_main) --- */
void nu_console_init(void);
/* Parses the Multiboot information; panics if magic is not Multiboot 1's. */
void nu_boot_parse(uint32_t magic, uint32_t mbi_phys, boot_info_t *info);
void nu_cpu_init(void); /* GDT, TSS, IDT, PIC remap (all IRQs masked) */
/* x87 errors raise #MF (CR0.NE), SSE is on with #XM for its errors
 * (CR4.OSFXSR, OSXMMEXCPT, as CPUID allows), and the first FPU or SSE
 * instruction raises #NM (vector 7): see nu_fpu_switch. Panics with a
 * message on a CPU without FXSAVE/FXRSTOR. */
void nu_fpu_init(void);
/* Physical frames: usable regions of info minus kernel, modules, low 1 MiB. */
void nu_frame_init_from_boot(const boot_info_t *info);
void nu_paging_init(void); /* drops the identity map, makes kernel tables */
void nu_timer_init(unsigned hz); /* PIT channel 0, IRQ 0 unmasked */

/* --- console --- */
int kprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int kvprintf(const char *fmt, va_list ap);
/* Reports, prints a backtrace, and stops the machine (exits QEMU when
 * nu_set_exit_on_panic(1) was called). Only for broken kernel invariants. */
void panic(const char *fmt, ...)
    __attribute__((noreturn, format(printf, 1, 2)));
int nu_serial_getc_nowait(void); /* -1 when no byte is waiting */
/* COM1 raises IRQ 4 when a byte arrives (install the handler first). */
void nu_serial_enable_rx_interrupt(void);
/* Flow control: with the receive interrupt off, bytes stay in the UART (and
 * QEMU holds back the rest) until it is on again. */
void nu_serial_disable_rx_interrupt(void);

/* --- interrupts and traps --- */
void nu_irq_enable(void);
void nu_irq_disable(void);
/* Saves the interrupt flag and disables interrupts; nu_irq_restore undoes. */
uint32_t nu_irq_save(void);
void nu_irq_restore(uint32_t saved);
void nu_wait_for_interrupt(void); /* enables interrupts and halts */

/* A trap handler returns 1 when it handled the trap (execution resumes at
 * frame->eip, which it may change) or 0 to fall through to the default report
 * and panic. Handlers run with interrupts disabled. */
typedef int (*nu_trap_handler_t)(trap_frame_t *frame);
/* Installs handler for vector (0-255) and returns the previous one. */
nu_trap_handler_t nu_trap_set_handler(unsigned vector, nu_trap_handler_t h);
/* Called for a kernel-mode page fault at a user address (below KERNEL_BASE)
 * inside a checked copy: returns 1 when it made the page present (the copy
 * resumes), 0 to let the copy fail with -ERR_FAULT. write: the access was a
 * write. Runs with interrupts disabled. */
typedef int (*nu_fault_resolver_t)(uint32_t addr, int write);
void nu_trap_set_fault_resolver(nu_fault_resolver_t r);
/* Prints the full report of a trap: vector, name, error code, registers,
 * faulting address and a symbolised backtrace. */
void nu_trap_report(const trap_frame_t *frame);
const char *nu_trap_name(unsigned vector);
/* The address of the last page fault (cr2). */
uint32_t nu_fault_address(void);

typedef void (*nu_irq_handler_t)(unsigned irq);
/* Installs a handler for a legacy IRQ line (0-15) and unmasks the line. */
int nu_irq_set_handler(unsigned irq, nu_irq_handler_t h);
/* The same for a line nobody handles yet: -ERR_BUSY if taken, -ERR_INVAL for
 * a bad line or the cascade. nu_irq_release masks it and frees it. */
int nu_irq_claim(unsigned irq, nu_irq_handler_t h);
void nu_irq_release(unsigned irq);
void nu_irq_mask(unsigned irq);
void nu_irq_unmask(unsigned irq);
/* 1 while an IRQ handler runs (a fault now is the handler's, not the
 * interrupted thread's). */
int nu_in_irq(void);

/* --- safe access: faults become -ERR_FAULT instead of a kernel panic --- */
int nu_probe_read32(const volatile uint32_t *addr, uint32_t *out);
int nu_probe_write32(volatile uint32_t *addr, uint32_t value);
/* Copies n bytes; -ERR_FAULT if a page fault stops it part way. */
int nu_copy_checked(void *dst, const void *src, size_t n);
#include "nucleus/copy_inline.h" /* nu_copy_checked_inline */

/* --- time --- */
uint64_t nu_ticks(void);
unsigned nu_timer_hz(void);
uint64_t nu_rdtsc(void);
typedef void (*nu_tick_handler_t)(uint64_t ticks);
void nu_timer_set_handler(nu_tick_handler_t h);

/* --- physical frames (4 KiB); frame 0 is never handed out --- */
uint32_t nu_frame_alloc(void);	/* physical address, 0 when none left */
int nu_frame_free(uint32_t pa); /* -ERR_INVAL on a bad or double free */
uint32_t nu_frame_free_count(void);
uint32_t nu_frame_total_count(void);
int nu_frame_is_allocated(uint32_t pa);
/* 1 if pa is a frame this allocator hands out (and takes back). */
int nu_frame_is_managed(uint32_t pa);
/* 1 if some byte of [start, start+len) is RAM by the loader's memory map
 * (usable regions, at any address, above the direct map too); everything
 * else (holes, reserved regions: PCI BARs, ROMs) is device memory a driver
 * may map. An incomplete map makes everything RAM (memmap.h). */
int nu_phys_has_ram(uint64_t start, uint64_t len);

/* --- kernel page mappings, only in [KTABLES_BASE, KWINDOW_PHYS_PAGE) --- */
#define NU_MAP_WRITE 0x2u
int nu_map_kernel_page(uint32_t va, uint32_t pa, uint32_t flags);
/* Unmaps va; stores the physical address that was mapped in *pa if non-NULL. */
int nu_unmap_kernel_page(uint32_t va, uint32_t *pa);
/* Physical address mapped at va, or -ERR_NOENT / -ERR_INVAL. */
int nu_kernel_virt_to_phys(uint32_t va, uint32_t *pa);
/* Copies n bytes from src (kernel memory, or a user address of the current
 * space) to physical [pa, pa+n), which must not cross a page (-ERR_INVAL):
 * through the direct map, or for any page beyond it (device memory a
 * process mapped) through a window page of its own. -ERR_FAULT when
 * reading src faults. Never PHYS_TO_VIRT for a physical address that may
 * lie at or above DIRECT_MAP_SIZE: that wraps into other kernel memory. */
int nu_phys_write(uint32_t pa, const void *src, uint32_t n);

/* --- user address spaces (page directories named by physical address) --- */
uint32_t nu_pd_kernel(void); /* the kernel's own directory */
uint32_t nu_pd_create(void); /* 0 when out of frames */
/* Frees the directory and its page tables; release(pa) is called for every
 * mapped user page first. Switches to the kernel directory if pd is live. */
void nu_pd_destroy(uint32_t pd, void (*release)(uint32_t pa));
/* Maps one user page (va in [PAGE_SIZE, USER_LIMIT)); -ERR_EXIST if mapped. */
int nu_pd_map(uint32_t pd, uint32_t va, uint32_t pa, uint32_t flags);
int nu_pd_unmap(uint32_t pd, uint32_t va, uint32_t *pa);
/* Frees the page tables of [lo, hi) (below the resident area) that map
 * nothing any more: emptied tables do not outlive what they mapped. */
void nu_pd_prune(uint32_t pd, uint32_t lo, uint32_t hi);
/* The first address in [va, limit) whose page table exists (limit if none):
 * what lies between maps nothing, so range walks skip it. */
uint32_t nu_pd_next_table(uint32_t pd, uint32_t va, uint32_t limit);
/* Sets a mapped user page writable (NU_MAP_WRITE) or read-only. */
int nu_pd_protect(uint32_t pd, uint32_t va, uint32_t flags);
/* Physical address for user va (and NU_MAP_WRITE in *flags if writable;
 * flags may be NULL), or -ERR_NOENT / -ERR_INVAL. */
int nu_pd_lookup(uint32_t pd, uint32_t va, uint32_t *pa, uint32_t *flags);
void nu_pd_switch(uint32_t pd); /* loads cr3 unless already current */
uint32_t nu_pd_current(void);

/* --- threads: kernel stacks and switching (switch.asm) --- */
/* Prepares a never-run thread's kernel stack to enter user mode at eip with
 * user_esp; returns the esp to give nu_context_switch. */
uint32_t nu_kstack_prepare_user(uint32_t kstack_top, uint32_t eip,
				uint32_t user_esp, int resident);
/* Sets the code and stack selectors of a frame built by the sysenter entry
 * to those of the ring the thread runs in (resident servers: ring 1). */
void nu_trap_fix_sysenter_frame(trap_frame_t *frame, int resident);
/* The same for a kernel thread running fn(arg) (fn must not return). */
uint32_t nu_kstack_prepare_kernel(uint32_t kstack_top, void (*fn)(void *),
				  void *arg);
/* The user trap frame at the top of a thread's kernel stack. */
trap_frame_t *nu_kstack_user_frame(uint32_t kstack_top);
/* Saves callee-saved state and esp into *save_esp, resumes next_esp.
 * Interrupts disabled. */
void nu_context_switch(uint32_t *save_esp, uint32_t next_esp);
/* The I/O permission bitmap of the thread about to run (IO_BITMAP_BYTES,
 * bit clear = port allowed), or NULL for none: every port denied. The bitmap
 * is copied into the TSS when it differs from the last one loaded; after
 * changing a loaded bitmap call nu_io_bitmap_invalidate. */
void nu_io_bitmap_load(const uint8_t *bitmap);
void nu_io_bitmap_invalidate(void);
#define NU_IO_BITMAP_BYTES 8192
/* The base of the thread-local block that the TLS selector (%gs in user
 * space) reaches: the scheduler loads the next thread's on a switch. */
void nu_tls_load(uint32_t base);
/* Where traps from user mode (int 0x80, sysenter, IRQs, faults) will run. */
void nu_set_kernel_stack(uint32_t kstack_top);
/* The word nu_set_kernel_stack writes (the TSS's esp0), for the scheduler's
 * switch path to store into directly. */
uint32_t *nu_kernel_stack_slot(void);
/* Called at the end of every trap, before returning to the interrupted code:
 * the place to reschedule. */
void nu_trap_set_exit_hook(void (*hook)(trap_frame_t *frame));

/* --- x87/SSE state (fpu.c): the mechanism of lazy switching --- */
/* One thread's registers: an FXSAVE image, NU_FPU_STATE_ALIGN-aligned. */
#define NU_FPU_STATE_BYTES 512
#define NU_FPU_STATE_ALIGN 16
/* Makes the next FPU or SSE instruction raise #NM (sets CR0.TS); costs no
 * CR0 write when it already would. Kernel code never uses the FPU. */
void nu_fpu_trap_next_use(void);
/* Lets FPU and SSE instructions run on the registers as they are. */
void nu_fpu_allow(void);
/* In the #NM handler: stores the registers into save (NULL: they belong to
 * nobody, e.g. a dead thread), drops any pending x87 exception, loads load
 * (NULL: the clean state: FNINIT's, MXCSR 0x1F80, every register zero) and
 * allows FPU instructions. A pending exception saved in an image fires at
 * the first x87 instruction after that image is loaded again. */
void nu_fpu_switch(void *save, const void *load);

/* --- wall clock: the CMOS clock (rtc.c, decoding in rtc_decode.c) --- */
typedef struct nu_rtc_time {
	uint16_t year; /* four digits */
	uint8_t mon, day;
	uint8_t hour; /* 0-23 whatever format the clock counts in */
	uint8_t min, sec;
} nu_rtc_time_t;
/* Reads the clock in the format status register B names, never during its
 * update: passes over all registers until two agree. -ERR_AGAIN if they
 * never do, -ERR_INVAL if the clock holds an impossible time. Takes the CMOS
 * index register with interrupts off. */
int nu_rtc_read(nu_rtc_time_t *out);
/* Seconds since 1970 from the clock; 0 if it cannot be read. */
uint64_t nu_rtc_epoch(void);
/* The clock's format (status register B): NU_RTC_24H (else 12-hour, bit 7
 * of the hour = PM) and NU_RTC_BINARY (else BCD). Setting changes only these
 * bits. QEMU re-encodes the time registers at once; a real MC146818 does
 * not convert them (its time would have to be set again), so only self-tests
 * switch formats. */
#define NU_RTC_24H 0x02u
#define NU_RTC_BINARY 0x04u
unsigned nu_rtc_format(void);
void nu_rtc_set_format(unsigned format);

/* --- entropy: the hardware's share of the random generator --- */
/* 1 if the CPU has RDRAND (CPUID.01H:ECX bit 30). */
int nu_rdrand_present(void);
/* One RDRAND word into *out: 0, or -ERR_IO when the CPU gave none in
 * NU_RDRAND_TRIES attempts (CF=0 each time), -ERR_NOSYS without RDRAND. */
#define NU_RDRAND_TRIES 10
int nu_rdrand32(uint32_t *out);
/* Copies the interrupt-timing pool (the TSC's low bits at every timer and
 * device interrupt, lib/csprng.h) into *out and restarts its count; returns
 * how many samples came since the last take. Interrupts off meanwhile. */
int nu_entropy_take(entropy_pool_t *out);

/* --- port I/O as functions (modules; the kernel inlines its own) --- */
uint8_t nu_inb(uint16_t port);
void nu_outb(uint16_t port, uint8_t value);
uint16_t nu_inw(uint16_t port);
void nu_outw(uint16_t port, uint16_t value);
uint32_t nu_inl(uint16_t port);
void nu_outl(uint16_t port, uint32_t value);

/* --- symbols and backtraces --- */
const ksym_table_t *nu_ksyms(void);
/* Formats "name+0xoff" for an address in the kernel's text, else what the
 * installed resolver writes (module code: "[mod] name+0xoff"), else "?". */
void nu_symbolize(uint32_t addr, char *buf, size_t size);
/* Names an address outside the kernel's text into buf: 1 if it did, 0 if
 * it does not know it. Called from fault reports (interrupts off, maybe
 * mid-panic): must not block, allocate or fault. */
typedef int (*nu_symbol_resolver_t)(uint32_t addr, char *buf, size_t size);
void nu_symbolize_set_resolver(nu_symbol_resolver_t r);
/* Fills pcs with up to max return addresses, walking frame pointers from ebp.
 */
int nu_backtrace_collect(uint32_t ebp, uint32_t *pcs, int max);
/* Prints one line per frame: "  #N 0xADDR name+0xoff". */
void nu_backtrace_print(uint32_t eip, uint32_t ebp);

/* --- machine --- */
void nu_set_exit_on_panic(int on);
/* Ends the machine: under QEMU with isa-debug-exit, exits with (code<<1)|1;
 * otherwise halts forever. */
void nu_machine_exit(unsigned code) __attribute__((noreturn));
/* Resets the machine: the PCI reset control register (port 0xCF9), then
 * the keyboard controller's reset line, then a triple fault. */
void nu_machine_reset(void) __attribute__((noreturn));

#endif
