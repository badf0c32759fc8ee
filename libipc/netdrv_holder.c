/* Which driver holds a NIC (lavender/netdrv.h, lv_netdrv_holder): the
 * "driver" entries' attributes say each one's I/O base ("io=0x300 ..."), as
 * both NE2000 kinds register them. */
#include <stdio.h>
#include <string.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/proc.h>
#include <lavender/syscall.h>

#define LIST_MAX 16

/* 1 when attrs holds the word io=0xIO. */
static int has_io(const char *attrs, unsigned io)
{
	char word[24];
	size_t n = (size_t)snprintf(word, sizeof(word), "io=0x%x", io);
	for (const char *p = attrs; (p = strstr(p, word)); p += n)
		if ((p == attrs || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

int lv_netdrv_holder(unsigned io, const char *kind, char *out, size_t len)
{
	static lv_ns_entry_t e[LIST_MAX];
	lv_proc_info_t p;
	int n = lv_ns_list("", LV_NETDRV_TYPE, e, LIST_MAX);
	for (int i = 0; i < n; i++) {
		e[i].attrs[sizeof(e[i].attrs) - 1] = '\0';
		e[i].name[sizeof(e[i].name) - 1] = '\0';
		if (!has_io(e[i].attrs, io))
			continue;
		int module = lv_proc_find(e[i].owner, &p) == 0 &&
			     p.placement == LV_PLACE_KERNEL;
		const char *has = module ? "module" : "user";
		if (strcmp(has, kind) == 0)
			snprintf(out, len,
				 "driver %s (pid %d, %s kind) drives the NIC "
				 "at io 0x%x: one driver per NIC",
				 e[i].name, (int)e[i].owner, has, io);
		else
			snprintf(out, len,
				 "driver %s (pid %d, %s kind) drives the NIC "
				 "at io 0x%x: drv swap %s %s makes it the %s "
				 "kind",
				 e[i].name, (int)e[i].owner, has, io, e[i].name,
				 kind, kind);
		return 0;
	}
	return -ERR_NOENT;
}
