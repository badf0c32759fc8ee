/* Device memory above the kernel's 512 MiB direct map (devmem.c). */
#ifndef IRQTEST_DEVMEM_H
#define IRQTEST_DEVMEM_H

/* The checks; needs QEMU's std VGA (-device VGA) and -m 1024. */
void test_high_device_memory(void);
/* "irqtest devmem_send": the child that sends the message test_high_...
 * receives into device memory; returns its exit status. */
int devmem_send(void);

#endif
