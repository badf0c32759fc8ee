/* Boot glue: reading the loader's information through the direct map, the CPU
 * tables, and handing the physical memory map to the frame allocator. */
#include "nucleus/cpu.h"
#include "nucleus/frame.h"
#include "nucleus/gdt.h"
#include "nucleus/idt.h"
#include "nucleus/memmap.h"
#include "nucleus/multiboot.h"
#include "nucleus/nucleus.h"
#include "nucleus/pic.h"

extern const char _kernel_phys_start[], _kernel_phys_end[];

static const void *direct_map_translate(uint32_t pa, uint32_t len)
{
	if (pa >= DIRECT_MAP_SIZE || len > DIRECT_MAP_SIZE - pa)
		return NULL;
	return PHYS_TO_VIRT(pa);
}

void nu_boot_parse(uint32_t magic, uint32_t mbi_phys, boot_info_t *info)
{
	if (mb_parse(magic, mbi_phys, direct_map_translate, info) < 0)
		panic("boot: not started by a Multiboot 1 loader "
		      "(magic 0x%08x, info at 0x%08x)",
		      magic, mbi_phys);
}

void nu_sysenter_entry(void);

void nu_cpu_init(void)
{
	nu_gdt_init();
	nu_idt_init();
	nu_idt_set_gate_dpl(SYSCALL_VECTOR, 3);
	nu_pic_init();
	cpu_wrmsr(MSR_SYSENTER_CS, GDT_KERNEL_CODE);
	cpu_wrmsr(MSR_SYSENTER_EIP, (uint32_t)nu_sysenter_entry);
	cpu_wrmsr(MSR_SYSENTER_ESP, nu_sysenter_stack_top());
}

void nu_frame_init_from_boot(const boot_info_t *info)
{
	frame_range_t reserved[2 + BOOT_MAX_MODULES];
	int n = 0;
	reserved[n++] = (frame_range_t){0, 0x100000}; /* BIOS and low memory */
	reserved[n++] = (frame_range_t){(uint32_t)_kernel_phys_start,
					(uint32_t)_kernel_phys_end};
	for (int i = 0; i < info->nmodules; i++)
		reserved[n++] = (frame_range_t){
		    info->modules[i].start,
		    (info->modules[i].end + PAGE_SIZE - 1) & PAGE_MASK};
	nu_frame_init(info->regions, info->nregions, reserved, n);
	memmap_keep(info->regions, info->nregions, !info->regions_truncated);
}
