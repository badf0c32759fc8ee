/* The nucleus calls a driver uses. IRQ routing on the CMOS clock's periodic
 * interrupt (IRQ 8): a process with the nucleus right takes I/O ports
 * 0x70-0x71 and the line, receives each interrupt as an LV_OP_IRQ message,
 * services the device and acknowledges; the kernel's own lines and a taken
 * line are refused; a process's lines are released when it ends; a port not
 * granted kills. Physical memory: device memory maps, RAM does not, below
 * and above the direct map (devmem.c). One line
 * per check, then "irqtest: N passed, M failed"; exits with M. Run with the
 * nucleus right. */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <lavender/portio.h>
#include <lavender/syscall.h>
#include "../lib/check.h"
#include "devmem.h"
#include "../lib/usage.h"

#define RTC_IRQ 8
#define CMOS_INDEX 0x70
#define CMOS_DATA 0x71
#define RTC_REG_B 0x0B
#define RTC_REG_C 0x0C
#define RTC_PERIODIC 0x40
#define NMI_OFF 0x80
#define INTERRUPTS 20

static lv_msg_t msg;

static uint8_t cmos_read(uint8_t reg)
{
	lv_outb(CMOS_INDEX, NMI_OFF | reg);
	return lv_inb(CMOS_DATA);
}

static void cmos_write(uint8_t reg, uint8_t v)
{
	lv_outb(CMOS_INDEX, NMI_OFF | reg);
	lv_outb(CMOS_DATA, v);
}

static void set_periodic(int on)
{
	uint8_t b = cmos_read(RTC_REG_B);
	cmos_write(RTC_REG_B, on ? b | RTC_PERIODIC : b & ~RTC_PERIODIC);
	cmos_read(RTC_REG_C); /* clears a pending interrupt flag */
}

/* Receives n interrupts through port, servicing and acknowledging each. */
static int take_interrupts(int port, int n)
{
	for (int i = 0; i < n; i++) {
		int rc = lv_msg_receive(port, &msg.h, sizeof(msg), 100);
		uint32_t line;
		memcpy(&line, msg.payload, sizeof(line));
		if (rc != sizeof(line) || msg.h.op != LV_OP_IRQ ||
		    line != RTC_IRQ || msg.h.sender != 0)
			return i;
		cmos_read(RTC_REG_C); /* the device's acknowledgement */
		if (lv_irq_ack(RTC_IRQ) < 0)
			return i;
	}
	return n;
}

/* Child role: takes the line and ends without giving it back. */
static int hold_and_exit(void)
{
	int port = lv_port_create();
	return lv_irq_attach(RTC_IRQ, port) == 0 ? 0 : 1;
}

/* Child role: with ports 0x70-0x71 granted, touches 0x300, which is not:
 * the kernel must end it. */
#define SPARE_PORTS 0x2F8 /* COM2: nobody's */

static int touch_ungranted(void)
{
	if (lv_ioport_grant(SPARE_PORTS, 8) < 0)
		return 2;
	lv_inb(0x300);
	printf("irqtest: inb from an ungranted port did not fault\n");
	return 1;
}

/* Child role: the clock's ports are the parent's: refused; COM2's are
 * free: taken and kept until the child ends. */
static int claim_taken_ports(void)
{
	if (lv_ioport_grant(CMOS_INDEX, 2) != -ERR_BUSY)
		return 1;
	return lv_ioport_grant(SPARE_PORTS, 8) == 0 ? 0 : 2;
}

static void test_port_holders(void)
{
	int status = -1;
	CHECK("kernel_ports_refused",
	      lv_ioport_grant(0x20, 2) == -ERR_ACCES &&
		  lv_ioport_grant(0x43, 1) == -ERR_ACCES);
	int pid = lv_spawn("irqtest", "irqtest claim", LV_SPAWN_NUCLEUS, 0, 0);
	CHECK("held_ports_refused_to_another",
	      pid > 0 && lv_wait(pid, &status) == pid && status == 0);
	CHECK("ports_free_after_exit", lv_ioport_grant(SPARE_PORTS, 8) == 0);
}

static void test_ungranted_port(void)
{
	int status = -1;
	int pid =
	    lv_spawn("irqtest", "irqtest ungranted", LV_SPAWN_NUCLEUS, 0, 0);
	CHECK("ungranted_port_kills",
	      pid > 0 && lv_wait(pid, &status) == pid && status == 139);
}

static void test_refusals(int port)
{
	CHECK("kernel_timer_refused", lv_irq_attach(0, port) == -ERR_BUSY);
	/* The console line is the kernel's until a console server takes it;
	 * it returns to the kernel when released. */
	CHECK("console_line_handed_over",
	      lv_irq_attach(4, port) == 0 &&
		  lv_irq_attach(4, port) == -ERR_BUSY);
	CHECK("console_line_returned", lv_irq_detach(4) == 0);
	CHECK("cascade_refused", lv_irq_attach(2, port) == -ERR_INVAL);
	CHECK("bad_line_refused", lv_irq_attach(16, port) == -ERR_INVAL);
	CHECK("bad_handle_refused", lv_irq_attach(RTC_IRQ, 0) == -ERR_BADF);
	CHECK("ack_unowned_refused", lv_irq_ack(RTC_IRQ) == -ERR_PERM);
}

static void test_interrupts(int port)
{
	CHECK("ioport_grant", lv_ioport_grant(CMOS_INDEX, 2) == 0);
	CHECK("attach", lv_irq_attach(RTC_IRQ, port) == 0);
	CHECK("attach_twice_busy", lv_irq_attach(RTC_IRQ, port) == -ERR_BUSY);
	set_periodic(1);
	int got = take_interrupts(port, INTERRUPTS);
	set_periodic(0);
	printf("irqtest: %d of %d interrupts arrived as messages\n", got,
	       INTERRUPTS);
	CHECK("interrupts_as_messages", got == INTERRUPTS);
	CHECK("detach", lv_irq_detach(RTC_IRQ) == 0);
	CHECK("ack_after_detach", lv_irq_ack(RTC_IRQ) == -ERR_PERM);
}

static void test_release_at_exit(int port)
{
	int status = -1;
	int pid = lv_spawn("irqtest", "irqtest hold", LV_SPAWN_NUCLEUS, 0, 0);
	CHECK("child_took_line",
	      pid > 0 && lv_wait(pid, &status) == pid && status == 0);
	CHECK("line_free_after_exit", lv_irq_attach(RTC_IRQ, port) == 0);
	CHECK("detach_again", lv_irq_detach(RTC_IRQ) == 0);
}

#define DEVICE_VA 0x50000000u
#define VGA_TEXT 0x000B8000u /* a hole in the memory map: device memory */
#define KERNEL_RAM 0x00100000u

static void test_physical_memory(void)
{
	lv_mem_info_t before, after;
	unsigned pa = 0;
	static volatile uint32_t heap_word = 1;
	/* Make the window's page table first, so the counts compare exactly. */
	lv_mem_map((void *)DEVICE_VA, 4096, LV_MAP_WRITE);
	*(volatile uint32_t *)DEVICE_VA = 1; /* backed: the table is made */
	lv_mem_unmap((void *)DEVICE_VA, 4096);
	lv_mem_info(&before);
	CHECK("phys_ram_refused",
	      lv_mem_map_phys((void *)DEVICE_VA, 4096, KERNEL_RAM,
			      LV_MAP_WRITE) == -ERR_ACCES);
	CHECK("phys_unaligned_refused",
	      lv_mem_map_phys((void *)DEVICE_VA, 4096, VGA_TEXT + 1, 0) ==
		  -ERR_INVAL);
	CHECK("phys_device_maps", lv_mem_map_phys((void *)DEVICE_VA, 8192,
						  VGA_TEXT, LV_MAP_WRITE) == 0);
	volatile uint8_t *dev = (volatile uint8_t *)DEVICE_VA;
	dev[0] = 'L'; /* no fault: mapped (the value depends on the device) */
	(void)dev[4096];
	CHECK("phys_lookup_device",
	      lv_mem_phys_lookup((const void *)(DEVICE_VA + 4100), &pa) == 0 &&
		  pa == VGA_TEXT + 4100);
	CHECK("phys_unmap", lv_mem_unmap((void *)DEVICE_VA, 8192) == 0);
	lv_mem_info(&after);
	CHECK("phys_frames_untouched", after.frames_free == before.frames_free);
	CHECK("phys_lookup_ram",
	      lv_mem_phys_lookup((const void *)&heap_word, &pa) == 0 &&
		  pa != 0 && pa % 4096 == ((uintptr_t)&heap_word) % 4096);
	CHECK("phys_lookup_unmapped",
	      lv_mem_phys_lookup((const void *)DEVICE_VA, &pa) == -ERR_NOENT);
	/* A page reserved but never touched gets its frame for DMA. */
	lv_mem_map((void *)DEVICE_VA, 4096, LV_MAP_WRITE);
	CHECK("phys_lookup_untouched",
	      lv_mem_phys_lookup((const void *)DEVICE_VA, &pa) == 0 &&
		  pa != 0 && pa % 4096 == 0);
	lv_mem_unmap((void *)DEVICE_VA, 4096);
}

static const usage_t usage = {
    "irqtest", "",
    "The nucleus calls a driver uses: I/O-port grants, IRQ 8 of the "
    "CMOS\nclock as messages, lines released at exit, device memory. Needs "
    "the\nnucleus right (init's -n). One line per check; exits with the "
    "failures.",
    "proc.irqtest"};

int main(int argc, char **argv)
{
	usage_help(&usage, argc, argv);
	check_init("irqtest");
	if (argc > 1 && strcmp(argv[1], "hold") == 0)
		return hold_and_exit();
	if (argc > 1 && strcmp(argv[1], "ungranted") == 0)
		return touch_ungranted();
	if (argc > 1 && strcmp(argv[1], "claim") == 0)
		return claim_taken_ports();
	if (argc > 1 && strcmp(argv[1], "devmem_send") == 0)
		return devmem_send();
	int port = lv_port_create();
	test_refusals(port);
	test_interrupts(port);
	test_release_at_exit(port);
	test_ungranted_port();
	test_port_holders();
	test_physical_memory();
	test_high_device_memory();
	return check_summary();
}
