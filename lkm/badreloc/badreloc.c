/* A test module with a relocation lkmd does not support (R_386_GOTOFF,
 * which -fpic code uses): refused naming its type, before the kernel sees
 * it (tests/cases_lkmd.py). */
#include "lavender/kernel.h"
#include "lavender/module.h"

__asm__(".data\n"
	".globl badreloc_word\n"
	"badreloc_word: .long kprintf@GOTOFF\n"
	".text\n");

LV_MODULE(.name = "badreloc", .version = "1.0",
	  .description = "test: an unsupported relocation");
