/* Process creation from a boot image: placement, load and relocation, a
 * stack with argv, the first thread. */
#ifndef LAVENDER_SYSTEM_SPAWN_H
#define LAVENDER_SYSTEM_SPAWN_H
#include <stdint.h>
#include "core/port.h"
#include "core/proc.h"

#define SPAWN_ARGS_MAX 512
#define SPAWN_ARGV_MAX 32
#define SPAWN_ELF_MAX (8u << 20) /* images from user memory */
#define SPAWN_ELF_MAX (8u << 20) /* images from user memory */

typedef struct spawn_req {
	const char *image;  /* the process's name; the boot module unless elf */
	const uint8_t *elf; /* NULL, or an ELF image in kernel memory */
	uint32_t elf_len;
	const char *args; /* argument string, split on spaces into argv */
	proc_t *parent;	  /* NULL for the first process */
	unsigned flags;	  /* LV_SPAWN_* (checked by the caller) */
	proc_t *group;	  /* with LV_SPAWN_GROUP: whose space to join */
	const right_t *boot_right; /* NULL, or a send right to copy into the
				      child as LV_BOOT_HANDLE */
	uint32_t stack_size;	   /* bytes; 0: the placement's default */
	uint32_t handles_max;	   /* 0: LV_HANDLES_DEFAULT */
} spawn_req_t;

/* Returns the new pid or a negative error (-ERR_NOENT: no such image,
 * -ERR_NOEXEC: not a loadable program, reason printed; -ERR_NOSPC: no room
 * in the group or the resident area). */
int spawn_image(const spawn_req_t *req);
/* The privileges (LV_PRIV_*) that spawn flags hand on. */
unsigned spawn_rights(unsigned flags);

#endif
