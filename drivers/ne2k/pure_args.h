/* The ne2k driver's arguments: "[io=PORT] [irq=LINE] [name=NAME] [pci]
 * [handover]" (handover needs name=),
 * checked before anything is touched. */
#ifndef NE2K_PURE_ARGS_H
#define NE2K_PURE_ARGS_H

#include <stddef.h>

#define NE2K_IO_DEFAULT 0x300u
#define NE2K_IRQ_DEFAULT 9u
#define NE2K_IO_MIN 0x200u /* ISA NE2000 bases: 0x200-0x3e0, */
#define NE2K_IO_MAX 0x3e0u /* 32-byte aligned (NE2K_PORTS ports) */
#define NE2K_IO_ALIGN 0x20u
#define NE2K_IRQ_MIN 3u /* 0-2 are the timer, keyboard and cascade */
#define NE2K_IRQ_MAX 15u
#define NE2K_NAME_MAX 31u /* bytes, as the name server's names */

typedef struct ne2k_args {
	unsigned io;	  /* I/O base (port number) */
	unsigned irq;	  /* ISA IRQ line */
	const char *name; /* NULL: the first free ne2kN */
	int pci;	  /* take io and irq from the PCI card instead */
	int handover;	  /* take name over from the driver init prepared */
	int help;	  /* --help or -h was given */
} ne2k_args_t;

/* Parses argv[1..argc-1] into *out (defaults io 0x300, irq 9). 0, or
 * -ERR_INVAL with a message for the user in err (errlen bytes, NUL ended)
 * naming the argument and what is accepted. */
int ne2k_args_parse(int argc, char *const *argv, ne2k_args_t *out, char *err,
		    size_t errlen);

/* 1 when s is a driver name: 1..NE2K_NAME_MAX letters, digits, '_', '-' or
 * '.' (pure_name.c: no C library, so the module builds it too). */
int ne2k_name_ok(const char *s);

#endif
