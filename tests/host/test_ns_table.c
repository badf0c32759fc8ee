/* The name server's table (servers/ns/pure_table.c): adding and finding,
 * duplicates, string limits, ownership refusals, capacity, listing by prefix
 * and type, removal by name and by id. */
#include <stdio.h>
#include <string.h>
#include "uapi/errors.h"
#include "unit.h"
#include "../../servers/ns/pure_table.h"

static ns_table_t table;

static ns_table_t *fresh(void)
{
	ns_table_init(&table);
	return &table;
}

/* A string of n copies of c (n < 127). */
static const char *repeat(char c, int n)
{
	static char buf[128];
	memset(buf, c, (size_t)n);
	buf[n] = '\0';
	return buf;
}

UNIT_TEST(ns_table_add_find)
{
	ns_table_t *t = fresh();
	uint32_t id = 0;
	CHECK_EQ(ns_table_add(t, "fs", "server", "root=/", 7, 42, &id), 0);
	CHECK(id != 0);
	const ns_rec_t *r = ns_table_find(t, "fs");
	CHECK(r != NULL);
	CHECK_STR_EQ(r->name, "fs");
	CHECK_STR_EQ(r->type, "server");
	CHECK_STR_EQ(r->attrs, "root=/");
	CHECK_EQ(r->owner, 7);
	CHECK_EQ(r->handle, 42);
	CHECK_EQ(r->id, id);
	CHECK_EQ(t->count, 1);
	CHECK(ns_table_find(t, "f") == NULL);
	CHECK(ns_table_find(t, "fs2") == NULL);
	/* NULL type and attributes are empty. */
	CHECK_EQ(ns_table_add(t, "bare", NULL, NULL, 7, 43, NULL), 0);
	r = ns_table_find(t, "bare");
	CHECK(r != NULL);
	CHECK_STR_EQ(r->type, "");
	CHECK_STR_EQ(r->attrs, "");
}

UNIT_TEST(ns_table_duplicate_refused)
{
	ns_table_t *t = fresh();
	CHECK_EQ(ns_table_add(t, "console", "console", "a", 3, 10, NULL), 0);
	CHECK_EQ(ns_table_add(t, "console", "console", "b", 3, 11, NULL),
		 -ERR_EXIST);
	CHECK_EQ(ns_table_add(t, "console", "x", "c", 9, 12, NULL), -ERR_EXIST);
	const ns_rec_t *r = ns_table_find(t, "console");
	CHECK(r != NULL);
	CHECK_EQ(r->handle, 10);
	CHECK_STR_EQ(r->attrs, "a");
	CHECK_EQ(t->count, 1);
}

UNIT_TEST(ns_table_string_limits)
{
	ns_table_t *t = fresh();
	CHECK_EQ(ns_table_add(t, repeat('n', 31), "", "", 1, 1, NULL), 0);
	CHECK_EQ(ns_table_add(t, repeat('m', 32), "", "", 1, 2, NULL),
		 -ERR_NAMETOOLONG);
	CHECK_EQ(ns_table_add(t, "t15", repeat('t', 15), "", 1, 3, NULL), 0);
	CHECK_EQ(ns_table_add(t, "t16", repeat('t', 16), "", 1, 4, NULL),
		 -ERR_NAMETOOLONG);
	CHECK_EQ(ns_table_add(t, "a63", "", repeat('a', 63), 1, 5, NULL), 0);
	CHECK_EQ(ns_table_add(t, "a64", "", repeat('a', 64), 1, 6, NULL),
		 -ERR_NAMETOOLONG);
	CHECK_EQ(ns_table_add(t, "", "", "", 1, 7, NULL), -ERR_INVAL);
	CHECK_EQ(ns_table_add(t, "a b", "", "", 1, 7, NULL), -ERR_INVAL);
	CHECK_EQ(ns_table_add(t, "fs@node2", "", "", 1, 7, NULL), -ERR_INVAL);
	CHECK_EQ(ns_table_add(t, "tab\there", "", "", 1, 7, NULL), -ERR_INVAL);
	CHECK_EQ(ns_table_add(t, "ok", "", "", 0, 7, NULL), -ERR_INVAL);
	/* A negative owner is a remote caller: refused
	 * (ns_table_remote_refused). */
	CHECK_EQ(ns_table_add(t, "ok", "", "", -4, 7, NULL), -ERR_PERM);
	CHECK_EQ(t->count, 3);
	CHECK_EQ(ns_table_modify(t, "t15", 1, repeat('t', 16), NULL, NULL),
		 -ERR_NAMETOOLONG);
	CHECK_EQ(ns_table_modify(t, "t15", 1, NULL, repeat('a', 64), NULL),
		 -ERR_NAMETOOLONG);
	CHECK_STR_EQ(ns_table_find(t, "t15")->type, repeat('t', 15));

	char wire[4];
	memcpy(wire, "abcd", 4);
	CHECK_EQ(ns_str_check(wire, sizeof(wire)), -ERR_NAMETOOLONG);
	wire[3] = '\0';
	CHECK_EQ(ns_str_check(wire, sizeof(wire)), 0);
}

UNIT_TEST(ns_table_ownership)
{
	ns_table_t *t = fresh();
	ns_rec_t got;
	CHECK_EQ(ns_table_add(t, "net", "server", "v=1", 5, 20, NULL), 0);
	CHECK_EQ(ns_table_modify(t, "net", 6, "driver", "v=2", NULL),
		 -ERR_PERM);
	CHECK_EQ(ns_table_remove(t, "net", 6, NULL), -ERR_PERM);
	const ns_rec_t *r = ns_table_find(t, "net");
	CHECK(r != NULL);
	CHECK_STR_EQ(r->type, "server");
	CHECK_STR_EQ(r->attrs, "v=1");
	CHECK_EQ(ns_table_modify(t, "nope", 5, "x", "y", NULL), -ERR_NOENT);
	CHECK_EQ(ns_table_remove(t, "nope", 5, NULL), -ERR_NOENT);

	/* The owner: NULL keeps a field. */
	CHECK_EQ(ns_table_modify(t, "net", 5, NULL, "v=3", &got), 0);
	CHECK_STR_EQ(got.type, "server");
	CHECK_STR_EQ(got.attrs, "v=3");
	CHECK_EQ(ns_table_modify(t, "net", 5, "proto", NULL, NULL), 0);
	CHECK_STR_EQ(ns_table_find(t, "net")->type, "proto");
	CHECK_STR_EQ(ns_table_find(t, "net")->attrs, "v=3");

	CHECK_EQ(ns_table_remove(t, "net", 5, &got), 0);
	CHECK_EQ(got.handle, 20);
	CHECK_STR_EQ(got.name, "net");
	CHECK(ns_table_find(t, "net") == NULL);
	CHECK_EQ(ns_table_remove(t, "net", 5, NULL), -ERR_NOENT);
	CHECK_EQ(t->count, 0);
}

UNIT_TEST(ns_table_capacity)
{
	ns_table_t *t = fresh();
	char name[16];
	uint32_t ids[NS_TABLE_CAP];
	for (int i = 0; i < NS_TABLE_CAP; i++) {
		snprintf(name, sizeof(name), "e%03d", i);
		CHECK_EQ(ns_table_add(t, name, "", "",
				      1 + i / NS_TABLE_PER_OWNER, i + 1,
				      &ids[i]),
			 0);
		for (int j = 0; j < i; j++)
			CHECK(ids[j] != ids[i]);
	}
	CHECK_EQ(t->count, NS_TABLE_CAP);
	CHECK_EQ(ns_table_add(t, "onemore", "", "", 99, 999, NULL), -ERR_NOSPC);
	/* A duplicate in a full table is still a duplicate. */
	CHECK_EQ(ns_table_add(t, "e000", "", "", 99, 999, NULL), -ERR_EXIST);
	CHECK_EQ(ns_table_remove(t, "e064", 1 + 64 / NS_TABLE_PER_OWNER, NULL),
		 0);
	CHECK_EQ(ns_table_add(t, "onemore", "", "", 99, 999, NULL), 0);
	CHECK_EQ(ns_table_find(t, "onemore")->handle, 999);
	CHECK_EQ(ns_table_add(t, "twomore", "", "", 99, 1000, NULL),
		 -ERR_NOSPC);
}

/* One owner holds at most NS_TABLE_PER_OWNER names; others still may add. */
UNIT_TEST(ns_table_per_owner)
{
	ns_table_t *t = fresh();
	char name[16];
	for (int i = 0; i < NS_TABLE_PER_OWNER; i++) {
		snprintf(name, sizeof(name), "o%03d", i);
		CHECK_EQ(ns_table_add(t, name, "", "", 5, i + 1, NULL), 0);
	}
	CHECK_EQ(ns_table_add(t, "over", "", "", 5, 99, NULL), -ERR_NOSPC);
	CHECK(ns_table_find(t, "over") == NULL);
	CHECK_EQ(ns_table_add(t, "other", "", "", 6, 99, NULL), 0);
	CHECK_EQ(ns_table_remove(t, "o000", 5, NULL), 0);
	CHECK_EQ(ns_table_add(t, "over", "", "", 5, 99, NULL), 0);
}

/* Lists into names (a space-separated string) for easy comparison. */
static int list_names(ns_table_t *t, const char *prefix, const char *type,
		      unsigned offset, int max, int *total, char *names)
{
	const ns_rec_t *out[NS_TABLE_CAP];
	int n = ns_table_list(t, prefix, type, offset, out, max, total);
	names[0] = '\0';
	for (int i = 0; i < n; i++) {
		if (i)
			strcat(names, " ");
		strcat(names, out[i]->name);
	}
	return n;
}

UNIT_TEST(ns_table_list_prefix_type)
{
	ns_table_t *t = fresh();
	char names[512];
	int total = -1;
	const char *add[][2] = {{"net.eth1", "iface"}, {"console", "console"},
				{"net.eth0", "iface"}, {"net", "server"},
				{"ne2k", "driver"},    {"fs", "server"}};
	for (int i = 0; i < 6; i++)
		CHECK_EQ(
		    ns_table_add(t, add[i][0], add[i][1], "", 2, i + 1, NULL),
		    0);
	CHECK_EQ(list_names(t, "", NULL, 0, 64, &total, names), 6);
	CHECK_STR_EQ(names, "console fs ne2k net net.eth0 net.eth1");
	CHECK_EQ(total, 6);
	CHECK_EQ(list_names(t, NULL, "", 0, 64, &total, names), 6);
	CHECK_EQ(list_names(t, "net", NULL, 0, 64, &total, names), 3);
	CHECK_STR_EQ(names, "net net.eth0 net.eth1");
	CHECK_EQ(list_names(t, "ne", NULL, 0, 64, &total, names), 4);
	CHECK_STR_EQ(names, "ne2k net net.eth0 net.eth1");
	CHECK_EQ(list_names(t, "", "server", 0, 64, &total, names), 2);
	CHECK_STR_EQ(names, "fs net");
	CHECK_EQ(list_names(t, "net.", "iface", 0, 64, &total, names), 2);
	CHECK_STR_EQ(names, "net.eth0 net.eth1");
	CHECK_EQ(list_names(t, "net", "driver", 0, 64, &total, names), 0);
	CHECK_EQ(total, 0);
	CHECK_EQ(list_names(t, "net.eth1x", NULL, 0, 64, &total, names), 0);
	/* Offset and max page through the matches. */
	CHECK_EQ(list_names(t, "", NULL, 1, 2, &total, names), 2);
	CHECK_STR_EQ(names, "fs ne2k");
	CHECK_EQ(total, 6);
	CHECK_EQ(list_names(t, "", NULL, 5, 64, &total, names), 1);
	CHECK_STR_EQ(names, "net.eth1");
	CHECK_EQ(list_names(t, "", NULL, 6, 64, &total, names), 0);
	CHECK_EQ(list_names(t, "", NULL, 100, 64, &total, names), 0);
	CHECK_EQ(list_names(t, "", NULL, 0, 0, &total, names), 0);
	CHECK_EQ(total, 6);
}

UNIT_TEST(ns_table_remove_by_id)
{
	ns_table_t *t = fresh();
	uint32_t a = 0, b = 0;
	ns_rec_t got;
	CHECK_EQ(ns_table_add(t, "a", "", "", 4, 30, &a), 0);
	CHECK_EQ(ns_table_remove_id(t, 0, NULL), -ERR_NOENT);
	CHECK_EQ(ns_table_remove_id(t, a, &got), 0);
	CHECK_EQ(got.handle, 30);
	CHECK_STR_EQ(got.name, "a");
	CHECK(ns_table_find(t, "a") == NULL);
	/* The slot is reused; the old id must not reach the new entry. */
	CHECK_EQ(ns_table_add(t, "b", "", "", 4, 31, &b), 0);
	CHECK(b != a);
	CHECK_EQ(ns_table_remove_id(t, a, NULL), -ERR_NOENT);
	CHECK(ns_table_find(t, "b") != NULL);
	CHECK_EQ(t->count, 1);
}

UNIT_TEST(ns_table_id_wrap)
{
	ns_table_t *t = fresh();
	uint32_t a = 0, b = 0, c = 0;
	CHECK_EQ(ns_table_add(t, "first", "", "", 1, 1, &a), 0);
	CHECK_EQ(a, 1);
	t->last_id = NS_TABLE_ID_MAX - 1;
	CHECK_EQ(ns_table_add(t, "max", "", "", 1, 2, &b), 0);
	CHECK_EQ(b, NS_TABLE_ID_MAX);
	/* Wraps to 1, which "first" still holds: skipped. */
	CHECK_EQ(ns_table_add(t, "wrapped", "", "", 1, 3, &c), 0);
	CHECK_EQ(c, 2);
}

/* A hand-over, phase one: only the owner or init names an heir, never the
 * owner itself or a negative pid; 0 withdraws it. */
UNIT_TEST(ns_table_handover_who)
{
	ns_table_t *t = fresh();
	CHECK_EQ(ns_table_add(t, "ne2k0", "driver", "", 20, 50, NULL), 0);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 66, 1, 66), -ERR_PERM);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 0, 0, 66), -ERR_PERM);
	CHECK_EQ(ns_table_handover(t, "nope", 20, 1, 30), -ERR_NOENT);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 20, 1, -3), -ERR_INVAL);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 20, 1, 20), -ERR_INVAL);
	CHECK_EQ(ns_table_find(t, "ne2k0")->heir, 0);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 20, 1, 30), 0);
	CHECK_EQ(ns_table_find(t, "ne2k0")->heir, 30);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 1, 1, 31), 0); /* init */
	CHECK_EQ(ns_table_find(t, "ne2k0")->heir, 31);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 20, 1, 0), 0);
	CHECK_EQ(ns_table_find(t, "ne2k0")->heir, 0);
	CHECK_EQ(ns_table_find(t, "ne2k0")->owner, 20);
}

/* Phase two: the heir's registration takes the entry (new handle, owner,
 * fields and id; the old entry returned); anyone else's is -ERR_EXIST. */
UNIT_TEST(ns_table_handover_claim)
{
	ns_table_t *t = fresh();
	uint32_t a = 0, b = 0;
	ns_rec_t old;
	CHECK_EQ(ns_table_add(t, "ne2k0", "driver", "kind=user", 20, 50, &a),
		 0);
	CHECK_EQ(ns_table_claim(t, "ne2k0", "driver", "", 30, 60, &b, &old),
		 -ERR_EXIST); /* no heir named */
	CHECK_EQ(ns_table_claim(t, "other", "driver", "", 30, 60, &b, &old),
		 -ERR_NOENT);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 20, 1, 30), 0);
	CHECK_EQ(ns_table_claim(t, "ne2k0", "driver", "", 66, 61, &b, &old),
		 -ERR_EXIST); /* not the heir */
	CHECK_EQ(ns_table_claim(t, "ne2k0", "driver", repeat('a', 64), 30, 60,
				&b, &old),
		 -ERR_NAMETOOLONG);
	CHECK_EQ(ns_table_find(t, "ne2k0")->owner, 20);
	CHECK_EQ(ns_table_claim(t, "ne2k0", "driver", "kind=module", 30, 60, &b,
				&old),
		 0);
	CHECK_EQ(old.owner, 20);
	CHECK_EQ(old.handle, 50);
	CHECK_EQ(old.id, a);
	const ns_rec_t *r = ns_table_find(t, "ne2k0");
	CHECK_EQ(r->owner, 30);
	CHECK_EQ(r->handle, 60);
	CHECK_EQ(r->heir, 0);
	CHECK_STR_EQ(r->attrs, "kind=module");
	CHECK(b != a);
	CHECK_EQ(r->id, b);
	CHECK_EQ(t->count, 1);
	/* The old port's death notice (cookie a) no longer removes it. */
	CHECK_EQ(ns_table_remove_id(t, a, NULL), -ERR_NOENT);
	/* Taken once: the heir mark is gone, the old owner cannot return. */
	CHECK_EQ(ns_table_claim(t, "ne2k0", "driver", "", 20, 50, &a, &old),
		 -ERR_EXIST);
	CHECK_EQ(ns_table_remove(t, "ne2k0", 20, NULL), -ERR_PERM);
}

/* The heir is held to the per-owner limit like any registration. */
UNIT_TEST(ns_table_handover_claim_limit)
{
	ns_table_t *t = fresh();
	char name[16];
	for (int i = 0; i < NS_TABLE_PER_OWNER; i++) {
		snprintf(name, sizeof(name), "n%d", i);
		CHECK_EQ(ns_table_add(t, name, "", "", 30, i, NULL), 0);
	}
	CHECK_EQ(ns_table_add(t, "ne2k0", "driver", "", 20, 99, NULL), 0);
	CHECK_EQ(ns_table_handover(t, "ne2k0", 20, 1, 30), 0);
	CHECK_EQ(ns_table_claim(t, "ne2k0", "driver", "", 30, 100, NULL, NULL),
		 -ERR_NOSPC);
	CHECK_EQ(ns_table_find(t, "ne2k0")->owner, 20);
	CHECK_EQ(ns_table_find(t, "ne2k0")->handle, 99);
}

/* Entry flags: 0 when added; the owner alone sets them, unknown ones are
 * refused with nothing changed; a modify keeps them; a hand-over's heir
 * starts with none. */
UNIT_TEST(ns_table_flags)
{
	ns_table_t *t = fresh();
	ns_rec_t got;
	CHECK_EQ(ns_table_add(t, "echo", "server", "", 8, 30, NULL), 0);
	CHECK_EQ(ns_table_find(t, "echo")->flags, 0u);
	CHECK_EQ(ns_table_set_flags(t, "echo", 9, NS_TABLE_EXPORT, NULL),
		 -ERR_PERM);
	CHECK_EQ(ns_table_set_flags(t, "echo", 8, 0x2u, NULL), -ERR_INVAL);
	CHECK_EQ(
	    ns_table_set_flags(t, "echo", 8, NS_TABLE_EXPORT | 0x80u, NULL),
	    -ERR_INVAL);
	CHECK_EQ(ns_table_find(t, "echo")->flags, 0u);
	CHECK_EQ(ns_table_set_flags(t, "nope", 8, NS_TABLE_EXPORT, NULL),
		 -ERR_NOENT);
	CHECK_EQ(ns_table_set_flags(t, "echo", 8, NS_TABLE_EXPORT, &got), 0);
	CHECK_EQ(got.flags, NS_TABLE_EXPORT);
	CHECK_EQ(ns_table_modify(t, "echo", 8, "srv", "a=1", &got), 0);
	CHECK_EQ(got.flags, NS_TABLE_EXPORT);
	CHECK_EQ(ns_table_set_flags(t, "echo", 8, 0, NULL), 0);
	CHECK_EQ(ns_table_find(t, "echo")->flags, 0u);
	/* A hand-over: the heir's entry is not exported until it says so. */
	CHECK_EQ(ns_table_set_flags(t, "echo", 8, NS_TABLE_EXPORT, NULL), 0);
	CHECK_EQ(ns_table_handover(t, "echo", 8, 1, 12), 0);
	CHECK_EQ(ns_table_claim(t, "echo", "srv", "", 12, 31, NULL, &got), 0);
	CHECK_EQ(got.flags, NS_TABLE_EXPORT);
	CHECK_EQ(ns_table_find(t, "echo")->flags, 0u);
}

/* What another node may find: an exported entry; a missing one and one
 * not exported look alike (NULL). */
UNIT_TEST(ns_table_find_exported)
{
	ns_table_t *t = fresh();
	CHECK_EQ(ns_table_add(t, "fs", "fs", "", 3, 40, NULL), 0);
	CHECK_EQ(ns_table_add(t, "secret", "server", "", 3, 41, NULL), 0);
	CHECK_EQ(ns_table_set_flags(t, "fs", 3, NS_TABLE_EXPORT, NULL), 0);
	const ns_rec_t *r = ns_table_find_exported(t, "fs");
	CHECK(r != NULL);
	CHECK_EQ(r->handle, 40);
	CHECK(ns_table_find_exported(t, "secret") == NULL);
	CHECK(ns_table_find(t, "secret") != NULL);
	CHECK(ns_table_find_exported(t, "missing") == NULL);
	CHECK(ns_table_find_exported(t, "f") == NULL);
}

/* A remote caller's identity (a negative pid) never changes the table:
 * -ERR_PERM before anything else (a missing name included), nothing
 * changes; it cannot be named heir either. */
UNIT_TEST(ns_table_remote_refused)
{
	ns_table_t *t = fresh();
	CHECK_EQ(ns_table_add(t, "x", "t", "a", -7, 50, NULL), -ERR_PERM);
	CHECK_EQ(ns_table_add(t, repeat('n', 40), "t", "a", -7, 50, NULL),
		 -ERR_PERM);
	CHECK(ns_table_find(t, "x") == NULL);
	CHECK_EQ(t->count, 0);
	CHECK_EQ(ns_table_add(t, "x", "t", "a", 0, 50, NULL), -ERR_INVAL);
	CHECK_EQ(ns_table_add(t, "echo", "server", "a", 8, 51, NULL), 0);
	CHECK_EQ(ns_table_modify(t, "echo", -8, "x", "y", NULL), -ERR_PERM);
	CHECK_EQ(ns_table_modify(t, "nope", -8, "x", "y", NULL), -ERR_PERM);
	CHECK_EQ(ns_table_remove(t, "echo", -8, NULL), -ERR_PERM);
	CHECK_EQ(ns_table_remove(t, "nope", -8, NULL), -ERR_PERM);
	CHECK_EQ(ns_table_set_flags(t, "echo", -8, NS_TABLE_EXPORT, NULL),
		 -ERR_PERM);
	CHECK_EQ(ns_table_handover(t, "echo", -8, 1, 9), -ERR_PERM);
	CHECK_EQ(ns_table_handover(t, "echo", 8, 1, -9), -ERR_INVAL);
	/* Named heir by the owner, the remote pid still cannot claim. */
	CHECK_EQ(ns_table_claim(t, "echo", "s", "", -8, 52, NULL, NULL),
		 -ERR_PERM);
	const ns_rec_t *r = ns_table_find(t, "echo");
	CHECK(r != NULL);
	CHECK_EQ(r->owner, 8);
	CHECK_EQ(r->handle, 51);
	CHECK_EQ(r->heir, 0);
	CHECK_EQ(r->flags, 0u);
	CHECK_STR_EQ(r->type, "server");
	CHECK_STR_EQ(r->attrs, "a");
	CHECK_EQ(t->count, 1);
}

/* A name that may be looked up or registered: 1..31 printable
 * characters, no space, no '@'. */
UNIT_TEST(ns_name_check_rules)
{
	CHECK_EQ(ns_name_check("echo"), 0);
	CHECK_EQ(ns_name_check(repeat('a', 31)), 0);
	CHECK_EQ(ns_name_check(repeat('a', 32)), -ERR_NAMETOOLONG);
	CHECK_EQ(ns_name_check(""), -ERR_INVAL);
	CHECK_EQ(ns_name_check("a@b"), -ERR_INVAL);
	CHECK_EQ(ns_name_check("a b"), -ERR_INVAL);
	CHECK_EQ(ns_name_check("a\x7f"), -ERR_INVAL);
}
