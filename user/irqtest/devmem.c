/* Device memory above the 512 MiB direct map: the std VGA's BARs (placed
 * high by the BIOS) map and answer, so does the top page of the address
 * space (the BIOS flash, reserved in the memory map); RAM above 512 MiB (the
 * case runs with -m 1024; the kernel does not use it), ranges that straddle
 * RAM and ranges that wrap are refused; a message from another process is
 * delivered into a receive buffer in the framebuffer (the kernel writes it
 * there while the receiver's space is not the current one). */
#include "devmem.h"
#include <stdint.h>
#include <string.h>
#include <lavender/pci.h>
#include <lavender/syscall.h>
#include "../lib/check.h"

#define VGA_ID 0x11111234u	 /* QEMU std VGA: device << 16 | vendor */
#define DISPI_ID_REG 0x500u	 /* BAR2: the Bochs display interface */
#define DIRECT_MAP 0x20000000u	 /* the kernel's direct map ends here */
#define HIGH_RAM 0x30000000u	 /* RAM at 768 MiB of a 1 GiB machine */
#define TOP_PAGE 0xFFFFF000u	 /* the BIOS flash: x86 reset vector */
#define LOW_BIOS_TO_RAM 0xFE000u /* BIOS area, then RAM from 1 MiB */
#define FB_VA 0x58000000u
#define MMIO_VA 0x5C000000u
#define TOP_VA 0x5D000000u
#define PAGE 4096u
#define FB_BYTES (2 * PAGE)

static const char greeting[] = "delivered into device memory";

int devmem_send(void)
{
	static lv_msg_t out;
	out.h.op = 1;
	out.h.size = sizeof(greeting);
	memcpy(out.payload, greeting, sizeof(greeting));
	return lv_msg_send(LV_BOOT_HANDLE, &out.h, 100) == 0 ? 0 : 1;
}

/* The message of a child process, received in the framebuffer. */
static const char *receive_from_child(void)
{
	int port = lv_port_create(), send = lv_port_make_send(port), st = -1;
	if (port < 0 || send < 0)
		return "no port";
	int pid = lv_spawn("irqtest", "irqtest devmem_send", 0, send, 0);
	if (pid < 0)
		return check_why("spawn: %d", pid);
	/* Blocked here before the child runs: the child's send writes into
	 * this buffer while its own space is current. */
	lv_msg_header_t *buf = (lv_msg_header_t *)FB_VA;
	int n = lv_msg_receive(port, buf, FB_BYTES, 200);
	int waited = check_wait_exit(pid, 200, &st);
	lv_handle_close(send);
	lv_handle_close(port);
	if (n != (int)sizeof(greeting))
		return check_why("receive: %d", n);
	if (memcmp((const void *)(buf + 1), greeting, sizeof(greeting)) != 0)
		return "payload differs";
	if (waited != pid || st != 0)
		return check_why("child status %d", st);
	return NULL;
}

/* The VGA's framebuffer (BAR0) and register (BAR2) addresses. */
static const char *find_vga(uint32_t *fb, uint32_t *mmio)
{
	lv_pci_fn_t f;
	int rc = lv_pci_find(VGA_ID, &f);
	if (rc < 0)
		return check_why("no std VGA: %d", rc);
	uint32_t cmd = lv_pci_read(&f, LV_PCI_COMMAND);
	lv_pci_write(&f, LV_PCI_COMMAND, (cmd & 0xFFFFu) | LV_PCI_CMD_MEMORY);
	*fb = lv_pci_read(&f, LV_PCI_BAR0) & ~0xFu;
	*mmio = lv_pci_read(&f, LV_PCI_BAR0 + 8) & ~0xFu;
	if (*fb < DIRECT_MAP || *mmio < DIRECT_MAP)
		return check_why("BARs 0x%x 0x%x not above the direct map",
				 (unsigned)*fb, (unsigned)*mmio);
	return NULL;
}

void test_high_device_memory(void)
{
	uint32_t fb = 0, mmio = 0;
	const char *why = find_vga(&fb, &mmio);
	check_report("phys_high_vga_found", !why, why);
	if (why)
		return;
	CHECK("phys_high_mmio_maps",
	      lv_mem_map_phys((void *)MMIO_VA, PAGE, mmio, 0) == 0 &&
		  (*(volatile uint16_t *)(MMIO_VA + DISPI_ID_REG) & 0xFFF0) ==
		      0xB0C0);
	CHECK("phys_high_fb_maps",
	      lv_mem_map_phys((void *)FB_VA, FB_BYTES, fb, LV_MAP_WRITE) == 0);
	volatile uint32_t *w = (volatile uint32_t *)FB_VA;
	w[0] = 0x4C415645;
	w[FB_BYTES / 4 - 1] = 0x4E444552;
	CHECK("phys_high_fb_holds",
	      w[0] == 0x4C415645 && w[FB_BYTES / 4 - 1] == 0x4E444552);
	check_run("phys_high_ipc_delivery", receive_from_child);
	CHECK("phys_top_page_maps",
	      lv_mem_map_phys((void *)TOP_VA, PAGE, TOP_PAGE, 0) == 0 &&
		  *(volatile uint8_t *)(TOP_VA + 0xFF0) == 0xEA);
	CHECK("phys_high_ram_refused",
	      lv_mem_map_phys((void *)TOP_VA + PAGE, PAGE, HIGH_RAM, 0) ==
		  -ERR_ACCES);
	CHECK("phys_straddle_refused",
	      lv_mem_map_phys((void *)TOP_VA + PAGE, 3 * PAGE, LOW_BIOS_TO_RAM,
			      0) == -ERR_ACCES);
	CHECK("phys_wrap_refused",
	      lv_mem_map_phys((void *)TOP_VA + PAGE, 2 * PAGE, TOP_PAGE, 0) ==
		  -ERR_INVAL);
	CHECK("phys_high_unmap", lv_mem_unmap((void *)FB_VA, FB_BYTES) == 0 &&
				     lv_mem_unmap((void *)MMIO_VA, PAGE) == 0 &&
				     lv_mem_unmap((void *)TOP_VA, PAGE) == 0);
}
