/* Node names through /etc/hosts (lavender/hosts.h). */
#include <stdlib.h>
#include <lavender/fs.h>
#include <lavender/hosts.h>
#include "uapi/errors.h"
#include "pure_hosts.h"
#include "pure_inet_addr.h"

#define HOSTS_MAX (64u << 10) /* bytes of /etc/hosts read */

/* The file's text (malloc'd: the caller frees) and its length, or NULL. */
static char *read_hosts(size_t *len)
{
	lv_fs_stat_t st;
	int id = lv_fs_open(LV_HOSTS_FILE, LV_FS_O_READ, &st);
	if (id < 0)
		return NULL;
	size_t want = st.size < HOSTS_MAX ? st.size : HOSTS_MAX;
	char *text = malloc(want + 1);
	size_t got = 0;
	while (text && got < want) {
		int n = lv_fs_read(id, (uint32_t)got, text + got, want - got);
		if (n <= 0)
			break;
		got += (size_t)n;
	}
	lv_fs_close(id);
	*len = got;
	return text;
}

int lv_host_resolve(const char *host, uint32_t *addr)
{
	size_t len;
	if (!host[0])
		return -ERR_INVAL;
	if (lv_inet_pton4(host, addr) == 0)
		return 0;
	char *text = read_hosts(&len);
	if (!text)
		return -ERR_NOENT;
	int rc = lv_hosts_find(text, len, host, addr);
	free(text);
	return rc;
}

int lv_host_name(uint32_t addr, char *buf, unsigned size)
{
	size_t len;
	char *text = read_hosts(&len);
	if (!text)
		return -ERR_NOENT;
	int rc = lv_hosts_name(text, len, addr, buf, size);
	free(text);
	return rc;
}
