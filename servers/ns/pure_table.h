/* The name server's table: name -> (handle, type, attributes, owner pid), of
 * fixed capacity, with the ownership rules. Pure logic: no IPC, no system
 * calls (host unit-tested); the handles are only stored, never used. */
#ifndef NS_PURE_TABLE_H
#define NS_PURE_TABLE_H
#include <stddef.h>
#include <stdint.h>

#define NS_TABLE_CAP 128
#define NS_TABLE_PER_OWNER 64 /* names one process may hold (half) */
/* Array sizes, NUL included (equal to lavender/ns.h's LV_NS_*_MAX). */
#define NS_TABLE_NAME_MAX 32
#define NS_TABLE_TYPE_MAX 16
#define NS_TABLE_ATTR_MAX 64
/* Entry ids count up and wrap to 1 after this (the top bit stays free for
 * other users of the id space, such as port-watch cookies). */
#define NS_TABLE_ID_MAX 0x7FFFFFFFu
/* Entry flags (equal to lavender/ns.h's LV_NS_*): the one there is. */
#define NS_TABLE_EXPORT 0x1u /* reachable from other nodes */
#define NS_TABLE_FLAGS NS_TABLE_EXPORT

typedef struct ns_rec {
	char name[NS_TABLE_NAME_MAX];
	char type[NS_TABLE_TYPE_MAX];
	char attrs[NS_TABLE_ATTR_MAX];
	int32_t owner;	/* pid; 0 marks a free slot */
	int32_t handle; /* the server's send right to the named port */
	uint32_t id;	/* 1..NS_TABLE_ID_MAX, unique among live entries */
	int32_t heir;	/* pid that may take the entry over (0: none) */
	uint32_t flags; /* NS_TABLE_*: 0 when added */
} ns_rec_t;

typedef struct ns_table {
	ns_rec_t recs[NS_TABLE_CAP];
	uint32_t last_id;
	int count;
} ns_table_t;

void ns_table_init(ns_table_t *t);

/* 0 if s has a NUL within its cap bytes, else -ERR_NAMETOOLONG: the check
 * of a string received in a fixed-size array, before anything reads it. */
int ns_str_check(const char *s, size_t cap);

/* 0 for a C string that is a name (1..NS_TABLE_NAME_MAX - 1 printable
 * characters, no space, no '@'), else -ERR_NAMETOOLONG or -ERR_INVAL. */
int ns_name_check(const char *name);

/* Callers and owners are pids: a negative one is a remote caller's identity
 * (lavender/ripc_proto.h "Identity"), which may look entries up but never
 * add, change or remove one: every call below that changes the table
 * refuses it with -ERR_PERM before anything else. */

/* Adds name for handle, owned by pid owner (> 0); stores the entry's id in
 * *id (may be NULL). Its flags are 0. -ERR_PERM (owner < 0),
 * -ERR_NAMETOOLONG (a string too long), -ERR_INVAL (name empty, or holding
 * a space, control character or '@'; owner 0), -ERR_EXIST, -ERR_NOSPC (the
 * table is full, or owner holds NS_TABLE_PER_OWNER names already). Nothing
 * changes on failure. */
int ns_table_add(ns_table_t *t, const char *name, const char *type,
		 const char *attrs, int owner, int handle, uint32_t *id);

/* The entry called name, or NULL. Valid until the table next changes. */
const ns_rec_t *ns_table_find(const ns_table_t *t, const char *name);

/* The entry called name if it is exported (NS_TABLE_EXPORT), else NULL: a
 * missing entry and one not exported look alike (what another node may
 * learn). */
const ns_rec_t *ns_table_find_exported(const ns_table_t *t, const char *name);

/* Sets the flags of name to flags (NS_TABLE_*), if caller owns it.
 * -ERR_PERM (caller < 0, or not the owner), -ERR_INVAL (an unknown flag),
 * -ERR_NOENT; nothing changes on failure. *out (may be NULL) receives the
 * entry. */
int ns_table_set_flags(ns_table_t *t, const char *name, int caller,
		       uint32_t flags, ns_rec_t *out);

/* Replaces the type and/or attributes (NULL: keep) of name, if caller owns
 * it (the flags stay). -ERR_NAMETOOLONG, -ERR_NOENT, -ERR_PERM; nothing changes
 * on failure. On success *out (may be NULL) receives the new entry. */
int ns_table_modify(ns_table_t *t, const char *name, int caller,
		    const char *type, const char *attrs, ns_rec_t *out);

/* Removes name if caller owns it; the entry goes to *out (may be NULL) so
 * that the caller can release its handle. -ERR_NOENT, -ERR_PERM. */
int ns_table_remove(ns_table_t *t, const char *name, int caller, ns_rec_t *out);

/* The first phase of a hand-over: names heir (> 0) as the one process that
 * may take name's entry over by registering that name (ns_table_claim);
 * heir 0 withdraws it. Fails closed: only the owner or admin (init's pid)
 * may name an heir (a caller <= 0 never). -ERR_NOENT, -ERR_PERM, -ERR_INVAL
 * (heir < 0, or the owner itself); nothing changes on failure. */
int ns_table_handover(ns_table_t *t, const char *name, int caller, int admin,
		      int heir);

/* The second phase: owner registers name for handle. When name's entry
 * names owner as its heir, the entry passes to owner with handle, type and
 * attrs and a new id (in *id; the old port's watch no longer matches it),
 * its flags 0 (the heir sets its own);
 * the old entry goes to *old so that the caller can release its handle.
 * -ERR_PERM (owner < 0: before anything else), -ERR_NOENT (no such name:
 * an ordinary ns_table_add), -ERR_EXIST (taken,
 * and owner is not its heir), -ERR_NOSPC (owner holds NS_TABLE_PER_OWNER
 * names), the string errors of ns_table_add; nothing changes on failure. */
int ns_table_claim(ns_table_t *t, const char *name, const char *type,
		   const char *attrs, int owner, int handle, uint32_t *id,
		   ns_rec_t *old);

/* Removes the entry of id whoever owns it (its port died); -ERR_NOENT if
 * none has that id any more. */
int ns_table_remove_id(ns_table_t *t, uint32_t id, ns_rec_t *out);

/* The entries whose name starts with prefix (NULL or "": all) and whose type
 * equals type (NULL or "": any), in name order: skips offset of them and
 * points out[0..max-1] at the next ones. Returns how many it stored; *total
 * (may be NULL) gets the number of matches. The pointers are valid until
 * the table next changes. */
int ns_table_list(const ns_table_t *t, const char *prefix, const char *type,
		  unsigned offset, const ns_rec_t **out, int max, int *total);

#endif
