/* The console server's client calls (see lavender/console.h). The cached
 * right is one word, changed only by compare-and-swap, so a program whose
 * threads read and write at once (the shell) can race on the first lookup:
 * the loser closes its copy and uses the winner's. */
#include <string.h>
#include <lavender/console_proto.h>
#include <lavender/ns.h>
#include <lavender/syscall.h>

#define LOOKUP_NOT_YET 0
#define LOOKUP_NONE (-1) /* looked up: there is no console server */
#define READ_WAIT_TICKS 100

static volatile int con_right = LOOKUP_NOT_YET; /* or the handle (> 0) */

/* A message of one chunk, on the caller's stack. */
typedef struct con_msg {
	lv_msg_header_t h;
	uint8_t data[LV_CON_CHUNK];
} con_msg_t;

/* Drops the cached value was (if it still is the cached one). */
static void forget(int was)
{
	if (__sync_bool_compare_and_swap(&con_right, was, LOOKUP_NOT_YET) &&
	    was > 0)
		lv_handle_close(was);
}

/* The errors that say the server is gone, not that the request was bad. */
static int server_gone(int rc)
{
	return rc == -ERR_DEADPORT || rc == -ERR_STALE || rc == -ERR_BADF;
}

/* Whether the name server can be reached without waiting: through
 * LV_NS_HANDLE, or (with any_ns) its system port. */
static int ns_reachable(int any_ns)
{
	if (lv_handle_info(LV_NS_HANDLE) == LV_RIGHT_SEND)
		return 1;
	int ns = any_ns ? lv_sysport_get(LV_SYSPORT_NS) : -ERR_NOENT;
	if (ns < 0)
		return 0;
	lv_handle_close(ns); /* lv_ns_lookup finds its own */
	return 1;
}

static int ask_ns(int any_ns)
{
	if (!ns_reachable(any_ns))
		return -ERR_NOENT;
	int rc = lv_ns_lookup(LV_CON_NAME, NULL);
	return rc > 0 ? rc : -ERR_NOENT;
}

/* Looks up and caches the answer unless another thread cached one first. */
static int lookup(int any_ns)
{
	int found = ask_ns(any_ns);
	if (__sync_bool_compare_and_swap(&con_right, LOOKUP_NOT_YET,
					 found > 0 ? found : LOOKUP_NONE))
		return found;
	if (found > 0)
		lv_handle_close(found);
	int h = con_right;
	return h > 0 ? h : -ERR_NOENT;
}

int lv_con_handle(void)
{
	int h = con_right;
	if (h > 0)
		return h;
	return h == LOOKUP_NONE ? -ERR_NOENT : lookup(0);
}

int lv_con_connect(void)
{
	forget(con_right);
	return lookup(1);
}

void lv_con_use(int handle)
{
	int was = con_right;
	if (was != handle)
		forget(was);
	con_right = handle > 0 ? handle : LOOKUP_NONE;
}

/* One call of op with m (request already in place); the status, or the IPC
 * error (which forgets a dead server). */
static int con_call(int right, con_msg_t *m)
{
	int rc = lv_msg_call(right, &m->h, sizeof(*m), LV_WAIT_FOREVER);
	if (rc < 0) {
		if (server_gone(rc))
			forget(right);
		return rc;
	}
	return (int)m->h.op;
}

int lv_con_write(const void *buf, size_t len)
{
	con_msg_t m;
	size_t done = 0;
	int right = lv_con_handle();
	if (right < 0)
		return right;
	while (done < len) {
		size_t n =
		    len - done < LV_CON_CHUNK ? len - done : LV_CON_CHUNK;
		m.h = (lv_msg_header_t){.op = CON_WRITE, .size = n};
		memcpy(m.data, (const char *)buf + done, n);
		int rc = con_call(right, &m);
		if (rc <= 0)
			return done ? (int)done : (rc ? rc : -ERR_IO);
		done += (size_t)rc;
	}
	return (int)done;
}

/* One READ through right; the count. */
static int read_once(int right, void *buf, size_t len)
{
	con_msg_t m;
	msg_con_read_t req = {.max = len < LV_CON_CHUNK ? len : LV_CON_CHUNK};
	m.h = (lv_msg_header_t){.op = CON_READ, .size = sizeof(req)};
	memcpy(m.data, &req, sizeof(req));
	int rc = con_call(right, &m);
	if (rc < 0)
		return rc;
	if (rc == 0 || (uint32_t)rc > req.max || m.h.size != (uint32_t)rc)
		return -ERR_IO; /* not what the protocol promises */
	memcpy(buf, m.data, (size_t)rc);
	return rc;
}

/* The server for a reader. The first time none is there, waits up to
 * READ_WAIT_TICKS for one to register: a program started at boot with the
 * name and console servers must not read the kernel's console just before
 * the console server takes the line (that read would wait for ever). */
static int connect_for_read(void)
{
	static int waited;
	int h = lv_con_connect();
	for (int t = 0; h < 0 && !waited && t < READ_WAIT_TICKS; t += 5) {
		lv_sleep(5);
		h = lv_con_connect();
	}
	waited = 1;
	return h;
}

int lv_con_read(void *buf, size_t len)
{
	if (len == 0)
		return -ERR_INVAL;
	int right = lv_con_handle();
	if (right < 0)
		right = connect_for_read();
	if (right < 0)
		return right;
	int rc = read_once(right, buf, len);
	if (!server_gone(rc))
		return rc;
	right = lv_con_connect(); /* a restarted server, once */
	return right < 0 ? right : read_once(right, buf, len);
}

int lv_con_set_intr(int handle)
{
	con_msg_t m;
	int right = lv_con_handle();
	if (right < 0)
		return right;
	m.h = (lv_msg_header_t){.op = CON_SET_INTR};
	if (handle) {
		int kind = lv_handle_info(handle);
		if (kind != LV_RIGHT_RECEIVE && kind != LV_RIGHT_SEND)
			return kind < 0 ? kind : -ERR_INVAL;
		m.h.right = handle;
		m.h.right_mode = kind == LV_RIGHT_RECEIVE ? LV_RIGHT_MAKE_SEND
							  : LV_RIGHT_COPY_SEND;
	}
	return con_call(right, &m);
}
