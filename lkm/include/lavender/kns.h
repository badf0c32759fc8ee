/* The name server for modules: REGISTER and DELETE from a module's thread
 * with kernel buffers (kipc_call on LV_NS_HANDLE, which every module's
 * process holds). The entry is owned by the module's pid. Header only: each
 * module is built on its own. */
#ifndef LAVENDER_KNS_H
#define LAVENDER_KNS_H
#include "lavender/kernel.h"
#include "lavender/ns_proto.h"

#define KNS_TIMEOUT 500 /* ticks a name-server call may take */

typedef struct kns_msg {
	lv_msg_header_t h;
	union {
		msg_ns_register_t body;
		lv_ns_entry_t entry; /* LOOKUP's reply */
	};
} kns_msg_t;

static inline void kns_copy(char *dst, const char *src, size_t max)
{
	size_t n = strlen(src);
	if (n >= max)
		n = max - 1;
	memcpy(dst, src, n);
	dst[n] = '\0';
}

/* Registers name (type, attrs) with a send right made from the receive
 * right at handle port. 0 or the name server's error. */
static inline int kns_register(const char *name, const char *type,
			       const char *attrs, int port)
{
	kns_msg_t m;
	memset(&m, 0, sizeof(m));
	m.h.op = NS_REGISTER;
	m.h.size = sizeof(m.body);
	m.h.right = port;
	m.h.right_mode = LV_RIGHT_MAKE_SEND;
	kns_copy(m.body.name, name, sizeof(m.body.name));
	kns_copy(m.body.type, type, sizeof(m.body.type));
	kns_copy(m.body.attrs, attrs, sizeof(m.body.attrs));
	int rc = kipc_call(LV_NS_HANDLE, &m.h, sizeof(m), KNS_TIMEOUT);
	return rc < 0 ? rc : (int)m.h.op;
}

/* Deletes the module's entry name. 0 or the name server's error. */
static inline int kns_delete(const char *name)
{
	kns_msg_t m;
	memset(&m, 0, sizeof(m));
	m.h.op = NS_DELETE;
	m.h.size = sizeof(msg_ns_delete_t);
	kns_copy(m.body.name, name, sizeof(msg_ns_delete_t));
	int rc = kipc_call(LV_NS_HANDLE, &m.h, sizeof(m), KNS_TIMEOUT);
	return rc < 0 ? rc : (int)m.h.op;
}

/* 1 if the name server knows name, 0 if not, or its error. */
static inline int kns_known(const char *name)
{
	kns_msg_t m;
	memset(&m, 0, sizeof(m));
	m.h.op = NS_LOOKUP;
	m.h.size = sizeof(msg_ns_lookup_t);
	kns_copy(m.body.name, name, sizeof(msg_ns_lookup_t));
	int rc = kipc_call(LV_NS_HANDLE, &m.h, sizeof(m), KNS_TIMEOUT);
	if (rc < 0)
		return rc;
	if (m.h.right > 0)
		kipc_handle_close(m.h.right); /* only the answer counts */
	rc = (int)m.h.op;
	return rc == 0 ? 1 : rc == -ERR_NOENT ? 0 : rc;
}

#endif
