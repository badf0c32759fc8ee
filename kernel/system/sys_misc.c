/* System calls for memory, time and the console (requests and replies are
 * documented in uapi/syscalls.h). */
#include "core/kmem.h"
#include "core/limits.h"
#include "core/proc.h"
#include "nucleus/nucleus.h"
#include "system/bootfs.h"
#include "system/console.h"
#include "system/syscall.h"
#include "lib/cmdline.h"
#include "lib/string.h"
#include "uapi/errors.h"

#define SLEEP_MAX_TICKS (3600u * 100u)
/* Kernel work per call is bounded whatever length a caller passes: longer
 * requests get a short count and call again (the kernel is not preemptible,
 * so one call must not hold the processor for long). */
#define CONSOLE_WRITE_MAX 4096u	   /* bytes per console_write */
#define BOOTFILE_READ_MAX 0x40000u /* bytes per bootfile_read */

static uint64_t boot_epoch;

void sys_misc_init(void) { boot_epoch = nu_rtc_epoch(); }

int sys_nop(const uint32_t *a)
{
	(void)a;
	return 0;
}

/* A group member maps only inside its own slot (see placement.c), so that
 * what it leaves behind can be found when it ends. */
static int map_window_ok(uint32_t va, uint32_t len)
{
	proc_t *p = proc_current();
	return va >= p->map_lo && va < p->map_hi && len <= p->map_hi - va;
}

/* Memory is reserved here and backed on first touch; it is charged to the
 * process when reserved: past LIMIT_MEM_PAGES the call fails with -ERR_NOMEM,
 * never a kill later. Only a node out of frames fails a touch. */
int sys_mem_map(const uint32_t *a)
{
	proc_t *p = proc_current();
	if (a[2] & ~LV_MAP_WRITE)
		return -ERR_INVAL;
	if (!map_window_ok(a[0], a[1]))
		return -ERR_INVAL;
	if (a[1] / PAGE_SIZE > LIMIT_MEM_PAGES - p->mem_pages)
		return -ERR_NOMEM;
	uint32_t f = nu_irq_save();
	int rc = space_reserve(p->space, a[0], a[1],
			       a[2] & LV_MAP_WRITE ? NU_MAP_WRITE : 0, p->pid);
	if (rc == 0)
		p->mem_pages += a[1] / PAGE_SIZE;
	nu_irq_restore(f);
	return rc;
}

#define THREAD_STACK_MIN 0x10000u
#define THREAD_STACK_MAX (8u << 20)

int sys_stack_alloc(const uint32_t *a)
{
	proc_t *p = proc_current();
	uint32_t len = (a[0] + PAGE_SIZE - 1) & PAGE_MASK, va, top;
	if (a[0] < THREAD_STACK_MIN || a[0] > THREAD_STACK_MAX)
		return -ERR_INVAL;
	if (!user_range_ok(a[1], sizeof(top)))
		return -ERR_FAULT;
	if (len / PAGE_SIZE > LIMIT_MEM_PAGES - p->mem_pages)
		return -ERR_NOMEM;
	uint32_t f = nu_irq_save();
	int rc = space_find_room(p->space, p->map_lo, p->map_hi, len, &va);
	if (rc == 0)
		rc = space_reserve(p->space, va, len,
				   NU_MAP_WRITE | SPACE_STACK, p->pid);
	if (rc == 0)
		p->mem_pages += len / PAGE_SIZE;
	nu_irq_restore(f);
	if (rc < 0)
		return rc;
	top = va + len;
	rc = copyout(a[1], &top, sizeof(top));
	if (rc < 0) { /* nobody can use it: give it back */
		uint32_t owned;
		f = nu_irq_save();
		space_unmap(p->space, va, len, p->pid, &owned);
		p->mem_pages -= owned;
		nu_irq_restore(f);
	}
	return rc;
}

int sys_mem_unmap(const uint32_t *a)
{
	proc_t *p = proc_current();
	if (!map_window_ok(a[0], a[1]))
		return -ERR_INVAL;
	uint32_t f = nu_irq_save(), owned;
	int rc = space_unmap(p->space, a[0], a[1], p->pid, &owned);
	p->mem_pages -= owned < p->mem_pages ? owned : p->mem_pages;
	nu_irq_restore(f);
	return rc;
}

int sys_mem_protect(const uint32_t *a)
{
	if (a[2] & ~LV_MAP_WRITE)
		return -ERR_INVAL;
	if (!map_window_ok(a[0], a[1]))
		return -ERR_INVAL;
	uint32_t f = nu_irq_save();
	int rc = space_protect(proc_current()->space, a[0], a[1],
			       a[2] & LV_MAP_WRITE ? NU_MAP_WRITE : 0);
	nu_irq_restore(f);
	return rc;
}

int sys_mem_info(const uint32_t *a)
{
	uint32_t reserved = 0;
	for (int i = 0; i < PROC_MAX; i++)
		if (proc_slot(i)->pid && !proc_slot(i)->zombie)
			reserved += proc_slot(i)->mem_pages;
	lv_mem_info_t info = {
	    nu_frame_total_count(),	 nu_frame_free_count(),
	    (uint32_t)kmem_used_bytes(), (uint32_t)kmem_mapped_bytes(),
	    space_resident_total(),	 reserved};
	return copyout(a[0], &info, sizeof(info));
}

int sys_sleep(const uint32_t *a)
{
	if (a[0] > SLEEP_MAX_TICKS)
		return -ERR_INVAL;
	if (a[0] == 0) {
		sched_yield();
		return 0;
	}
	int rc = sched_block(NULL, nu_ticks() + a[0]);
	return rc == -ERR_TIMEDOUT ? 0 : rc;
}

int sys_time(const uint32_t *a)
{
	lv_time_t t = {nu_ticks(), nu_timer_hz(), 0, boot_epoch};
	return copyout(a[0], &t, sizeof(t));
}

int sys_yield(const uint32_t *a)
{
	(void)a;
	sched_yield();
	return 0;
}

int sys_console_write(const uint32_t *a)
{
	char chunk[128];
	uint32_t done = 0,
		 len = a[1] < CONSOLE_WRITE_MAX ? a[1] : CONSOLE_WRITE_MAX;
	while (done < len) {
		uint32_t n =
		    len - done < sizeof(chunk) ? len - done : sizeof(chunk);
		if (copyin(chunk, a[0] + done, n) < 0)
			return done ? (int)done : -ERR_FAULT;
		kprintf("%.*s", (int)n, chunk);
		done += n;
	}
	return (int)done;
}

int sys_console_read(const uint32_t *a)
{
	char chunk[128];
	uint32_t len = a[1] < sizeof(chunk) ? a[1] : sizeof(chunk);
	if (len == 0)
		return 0;
	if (a[0] >= USER_LIMIT || len > USER_LIMIT - a[0])
		return -ERR_FAULT;
	int n = console_read(chunk, len, proc_current()->pid);
	if (n > 0 && copyout(a[0], chunk, (uint32_t)n) < 0)
		return -ERR_FAULT;
	return n;
}

int sys_bootfile_read(const uint32_t *a)
{
	char name[LV_NAME_MAX];
	const uint8_t *data;
	uint32_t size;
	int rc = copyin_str(name, a[0], sizeof(name));
	if (rc < 0)
		return rc;
	rc = bootfs_find(name, &data, &size);
	if (rc < 0)
		return rc;
	uint32_t off = a[3], len = a[2];
	if (off >= size)
		return 0;
	if (len > size - off)
		len = size - off;
	if (len > BOOTFILE_READ_MAX)
		len = BOOTFILE_READ_MAX;
	rc = copyout(a[1], data + off, len);
	return rc < 0 ? rc : (int)len;
}

static char node[LV_NAME_MAX] = "lavender";
static const char *cmdline = ""; /* the boot information's, kept for ever */
_Static_assert(BOOT_CMDLINE_MAX <= LV_CMDLINE_MAX,
	       "the cmdline call promises LV_CMDLINE_MAX bytes at most");

/* A node name as make run's NODE= takes it: letters, digits, - and _. */
static int node_name_ok(const char *name)
{
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return 0;
	return 1;
}

void sys_misc_set_cmdline(const char *line)
{
	char name[LV_NAME_MAX];
	cmdline = line;
	int rc = cmdline_get(line, "node", name, sizeof(name));
	if (rc == -ERR_NOENT || (rc > 0 && strcmp(name, "auto") == 0))
		return;
	if (rc <= 0 || !node_name_ok(name)) {
		kprintf("boot: node=%s ignored: a node name is 1-%d letters, "
			"digits, - or _; the node is %s\n",
			rc < 0 ? "(too long)" : name, LV_NAME_MAX - 1, node);
		return;
	}
	strlcpy(node, name, sizeof(node));
}

/* s with its NUL to the caller's buf of size bytes: its length, or
 * -ERR_RANGE (nothing copied) when it does not fit, -ERR_FAULT. */
static int copyout_string(uint32_t buf, uint32_t size, const char *s)
{
	uint32_t len = strlen(s);
	if (size <= len)
		return -ERR_RANGE;
	int rc = copyout(buf, s, len + 1);
	return rc < 0 ? rc : (int)len;
}

int sys_node_name(const uint32_t *a)
{
	return copyout_string(a[0], a[1], node);
}

int sys_cmdline(const uint32_t *a)
{
	return copyout_string(a[0], a[1], cmdline);
}

int sys_halt(const uint32_t *a)
{
	int code = (int)a[0];

	if (code == LV_HALT_REBOOT) {
		kprintf("kernel: reboot by pid %d\n", proc_current()->pid);
		nu_machine_reset();
	}
	if (code < 0 || code > LV_HALT_CODE_MAX)
		return -ERR_INVAL;
	kprintf("kernel: halted by pid %d (code %d)\n", proc_current()->pid,
		code);
	nu_machine_exit((unsigned)code);
}

int sys_uptime(const uint32_t *a)
{
	(void)a;
	return (int)nu_ticks();
}
