/* sockets_owner.h over the process table (lv_proc_find), as
 * servers/fs/service.c's alive check. */
#include <lavender/proc.h>
#include "sockets_owner.h"

int sockets_owner_alive(int32_t pid)
{
	lv_proc_info_t info;

	return lv_proc_find(pid, &info) == 0 && info.state != LV_PROC_ZOMBIE;
}

int sockets_owner_has_net_right(int32_t pid)
{
#ifdef LV_PRIV_NET
	lv_proc_info_t info;

	return lv_proc_find(pid, &info) == 0 && (info.rights & LV_PRIV_NET);
#else
	(void)pid;
	return 0;
#endif
}
