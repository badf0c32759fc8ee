/* The ne2k driver's argument parser (pure_args.h): every value is checked
 * in full; an unknown argument is refused, never ignored. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "uapi/errors.h"
#include "pure_args.h"

/* The whole of s as a number (0x... hex, else decimal) into *v: 0 or -1. */
static int number(const char *s, unsigned *v)
{
	char *end;
	unsigned long n;

	if (!*s || *s == '-' || *s == '+')
		return -1;
	n = strtoul(s, &end, 0);
	if (*end || n > 0xFFFFu)
		return -1;
	*v = (unsigned)n;
	return 0;
}

static int refuse(char *err, size_t errlen, const char *fmt, const char *arg)
{
	snprintf(err, errlen, fmt, arg);
	return -ERR_INVAL;
}

int ne2k_args_parse(int argc, char *const *argv, ne2k_args_t *out, char *err,
		    size_t errlen)
{
	*out = (ne2k_args_t){.io = NE2K_IO_DEFAULT, .irq = NE2K_IRQ_DEFAULT};
	err[0] = '\0';
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
			out->help = 1;
		} else if (strncmp(a, "io=", 3) == 0) {
			if (number(a + 3, &out->io) < 0 ||
			    out->io < NE2K_IO_MIN || out->io > NE2K_IO_MAX ||
			    out->io % NE2K_IO_ALIGN)
				return refuse(
				    err, errlen,
				    "%s: the I/O base is 0x200..0x3e0 "
				    "in steps of 0x20 (e.g. io=0x300)",
				    a);
		} else if (strncmp(a, "irq=", 4) == 0) {
			if (number(a + 4, &out->irq) < 0 ||
			    out->irq < NE2K_IRQ_MIN || out->irq > NE2K_IRQ_MAX)
				return refuse(err, errlen,
					      "%s: the IRQ line is 3..15 "
					      "(e.g. irq=9)",
					      a);
		} else if (strncmp(a, "name=", 5) == 0) {
			if (!ne2k_name_ok(a + 5))
				return refuse(err, errlen,
					      "%s: a name is 1..31 letters, "
					      "digits, '_', '-' or '.'",
					      a);
			out->name = a + 5;
		} else if (strcmp(a, "pci") == 0) {
			out->pci = 1;
		} else if (strcmp(a, "handover") == 0) {
			out->handover = 1;
		} else {
			return refuse(err, errlen,
				      "%s: unknown argument (known: io= irq= "
				      "name= pci handover --help)",
				      a);
		}
	}
	if (out->handover && !out->name)
		return refuse(err, errlen,
			      "%s: takes over a name: name= is needed",
			      "handover");
	return 0;
}
