/* Boot modules by name (see bootfs.h). */
#include "system/bootfs.h"
#include "nucleus/nucleus.h"
#include "lib/string.h"
#include "uapi/errors.h"

static const boot_info_t *boot;

void bootfs_init(const boot_info_t *info) { boot = info; }

/* Compares name with the base name of the first word of s. */
static int name_matches(const char *s, const char *name)
{
	const char *start = s, *end = s;
	while (*end && *end != ' ') {
		if (*end == '/')
			start = end + 1;
		end++;
	}
	size_t n = strlen(name);
	return (size_t)(end - start) == n && memcmp(start, name, n) == 0;
}

int bootfs_find(const char *name, const uint8_t **data, uint32_t *size)
{
	for (int i = 0; boot && i < boot->nmodules; i++) {
		const boot_module_t *m = &boot->modules[i];
		if (!name_matches(m->name, name))
			continue;
		*data = PHYS_TO_VIRT(m->start);
		*size = m->end - m->start;
		return 0;
	}
	return -ERR_NOENT;
}
