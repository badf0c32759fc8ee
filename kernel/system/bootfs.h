/* The boot modules as read-only named files. A module's name is the base name
 * of the first word of its Multiboot string (GRUB passes "init", QEMU passes
 * "build/user/init init": both name it "init"). */
#ifndef LAVENDER_SYSTEM_BOOTFS_H
#define LAVENDER_SYSTEM_BOOTFS_H
#include <stdint.h>
#include "nucleus/bootinfo.h"

void bootfs_init(const boot_info_t *info);
/* Contents of module name (kernel virtual address) and size; -ERR_NOENT. */
int bootfs_find(const char *name, const uint8_t **data, uint32_t *size);

#endif
