/* A driver's client that carries on across a swap (lavender/netdrv.h,
 * lv_netdrv_client_t): in the hand-over's gap the old driver answers
 * -ERR_AGAIN, so the call is sent again a tick later; once the old driver
 * has ended its port is dead, so the name -- the new driver holds it by
 * then -- is looked up again and the call goes there. Both are bounded by
 * LV_NETDRV_GAP_TICKS of the clock from the first refusal. */
#include <stdio.h>
#include <string.h>
#include <lavender/clock.h>
#include <lavender/netdrv.h>
#include <lavender/ns.h>
#include <lavender/server.h>
#include <lavender/syscall.h>

/* A send right to the driver registered as name: the handle, -ERR_NOENT,
 * -ERR_NOSYS when the entry is not a driver's, or the lookup's error. */
static int lookup_driver(const char *name)
{
	lv_ns_entry_t e;
	int h = lv_ns_lookup(name, &e);
	if (h >= 0 && strcmp(e.type, LV_NETDRV_TYPE) != 0) {
		lv_handle_close(h);
		return -ERR_NOSYS;
	}
	return h;
}

int lv_netdrv_client_open(lv_netdrv_client_t *c, const char *name)
{
	memset(c, 0, sizeof(*c));
	if (strlen(name) >= sizeof(c->name))
		return -ERR_NAMETOOLONG;
	memcpy(c->name, name, strlen(name) + 1);
	int h = lookup_driver(name);
	if (h < 0)
		return h;
	c->handle = h;
	return 0;
}

static uint64_t now(void)
{
	uint64_t t = 0;
	lv_ticks(&t, NULL);
	return t;
}

/* After a refusal at tick since: 1 when the gap's bound is not spent,
 * having slept a tick. */
static int wait_tick(uint64_t since)
{
	if (now() - since >= LV_NETDRV_GAP_TICKS)
		return 0;
	lv_sleep(1);
	return 1;
}

/* The port died: the name again (its new holder), waiting while it is
 * being registered. 0 or the lookup's error. */
static int renew(lv_netdrv_client_t *c, uint64_t since)
{
	int h;
	lv_handle_close(c->handle);
	c->handle = 0;
	while ((h = lookup_driver(c->name)) == -ERR_NOENT && wait_tick(since))
		;
	if (h < 0)
		return h;
	c->handle = h;
	c->renewed++;
	return 0;
}

int lv_netdrv_client_call(lv_netdrv_client_t *c, uint32_t op, const void *req,
			  size_t len, void *reply, size_t reply_max,
			  size_t *reply_len, unsigned timeout)
{
	uint64_t since = 0;
	for (int refused = 0;; refused = 1) {
		int rc = c->handle > 0 ? lv_rpc(c->handle, op, req, len, reply,
						reply_max, reply_len, timeout)
				       : -ERR_DEADPORT;
		if (rc != -ERR_AGAIN && rc != -ERR_DEADPORT)
			return rc;
		if (!refused)
			since = now();
		if (rc == -ERR_AGAIN) {
			c->again++;
			if (!wait_tick(since))
				return rc;
		} else if ((rc = renew(c, since)) < 0) {
			return rc == -ERR_NOENT ? -ERR_DEADPORT : rc;
		}
	}
}

void lv_netdrv_client_close(lv_netdrv_client_t *c)
{
	if (c->handle > 0)
		lv_handle_close(c->handle);
	c->handle = 0;
}
