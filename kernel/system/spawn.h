/* Process creation from a boot image: load, relocate, stack with argv, first
 * thread. */
#ifndef LAVENDER_SYSTEM_SPAWN_H
#define LAVENDER_SYSTEM_SPAWN_H
#include <stdint.h>
#include "core/proc.h"

#define USER_IMAGE_BASE 0x00400000u /* where ordinary programs are loaded */
#define USER_STACK_TOP (USER_LIMIT - PAGE_SIZE)
#define USER_STACK_SIZE (128 * 1024u)
#define SPAWN_ARGS_MAX 512
#define SPAWN_ARGV_MAX 32

/* Starts image (a boot module name) with the argument string args (split on
 * spaces into argv) as a child of parent (NULL for the first process), loaded
 * at base. Returns the pid or a negative error (-ERR_NOENT: no such image,
 * -ERR_NOEXEC: not a loadable program, reason printed). */
int spawn_image(const char *image, const char *args, proc_t *parent,
		uint32_t base);

#endif
