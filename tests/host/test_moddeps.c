/* lkmd's dependency logic (servers/lkmd/pure_moddeps.c): modprobe's load
 * order, cycles named, modules loaded already left out, read errors passed
 * on; rmmod's users; modprobe -r's removal order. */
#include <stdio.h>
#include <string.h>
#include "unit.h"
#include "uapi/errors.h"
#include "../../servers/lkmd/pure_moddeps.h"

/* A set of module files: name and dependencies; loaded ones marked. */
struct world {
	const moddeps_mod_t *mods;
	int n;
	const char *loaded; /* space-separated names */
	int reads;
};

static int is_loaded(const struct world *w, const char *name)
{
	size_t len = strlen(name);
	for (const char *p = w->loaded; p && (p = strstr(p, name)); p += len)
		if ((p == w->loaded || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
	return 0;
}

static int read_mod(void *ctx, const char *name, moddeps_mod_t *mod, char *err,
		    size_t errlen)
{
	struct world *w = ctx;
	w->reads++;
	if (is_loaded(w, name))
		return 1;
	for (int i = 0; i < w->n; i++)
		if (strcmp(w->mods[i].name, name) == 0) {
			*mod = w->mods[i];
			return 0;
		}
	snprintf(err, errlen, "/lib/modules/%s.ko: no such file", name);
	return -ERR_NOENT;
}

static const moddeps_mod_t diamond[] = {
    {"top", {"left", "right"}, 2},
    {"left", {"base"}, 1},
    {"right", {"base", "util"}, 2},
    {"base", {""}, 0},
    {"util", {""}, 0},
    {"a", {"b"}, 1},
    {"b", {"c"}, 1},
    {"c", {"a"}, 1},
    {"self", {"self"}, 1},
    {"broken", {"missing"}, 1},
};
#define DIAMOND (int)(sizeof(diamond) / sizeof(diamond[0]))

static char order[MODDEPS_MAX][LV_MODULE_NAME_MAX];

static int position(int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(order[i], name) == 0)
			return i;
	return -1;
}

UNIT_TEST(moddeps_order_dependencies_first_once)
{
	struct world w = {diamond, DIAMOND, "", 0};
	char err[128] = "";
	int n = moddeps_order("top", read_mod, &w, order, MODDEPS_MAX, err,
			      sizeof(err));
	CHECK_EQ(n, 5);
	CHECK_STR_EQ(order[4], "top");
	CHECK(position(n, "base") < position(n, "left"));
	CHECK(position(n, "base") < position(n, "right"));
	CHECK(position(n, "util") < position(n, "right"));
	CHECK(position(n, "left") >= 0 && position(n, "right") >= 0);
	CHECK_EQ(w.reads, 5); /* base read once, though two need it */
	n = moddeps_order("base", read_mod, &w, order, MODDEPS_MAX, err,
			  sizeof(err));
	CHECK_EQ(n, 1);
	CHECK_STR_EQ(order[0], "base");
}

UNIT_TEST(moddeps_order_leaves_out_loaded)
{
	struct world w = {diamond, DIAMOND, "base right", 0};
	char err[128] = "";
	int n = moddeps_order("top", read_mod, &w, order, MODDEPS_MAX, err,
			      sizeof(err));
	CHECK_EQ(n, 2);
	CHECK_STR_EQ(order[0], "left");
	CHECK_STR_EQ(order[1], "top");
	w.loaded = "top";
	CHECK_EQ(moddeps_order("top", read_mod, &w, order, MODDEPS_MAX, err,
			       sizeof(err)),
		 0);
}

UNIT_TEST(moddeps_order_cycles_named)
{
	struct world w = {diamond, DIAMOND, "", 0};
	char err[128] = "";
	CHECK_EQ(moddeps_order("a", read_mod, &w, order, MODDEPS_MAX, err,
			       sizeof(err)),
		 -ERR_LOOP);
	CHECK_STR_EQ(err, "dependency cycle: a -> b -> c -> a");
	CHECK_EQ(moddeps_order("self", read_mod, &w, order, MODDEPS_MAX, err,
			       sizeof(err)),
		 -ERR_LOOP);
	CHECK_STR_EQ(err, "dependency cycle: self -> self");
	/* a cycle below the named module names only the cycle */
	static const moddeps_mod_t above[] = {{"x", {"b"}, 1}};
	moddeps_mod_t both[DIAMOND + 1];
	memcpy(both, diamond, sizeof(diamond));
	both[DIAMOND] = above[0];
	w.mods = both;
	w.n = DIAMOND + 1;
	CHECK_EQ(moddeps_order("x", read_mod, &w, order, MODDEPS_MAX, err,
			       sizeof(err)),
		 -ERR_LOOP);
	CHECK_STR_EQ(err, "dependency cycle: b -> c -> a -> b");
	/* a short message buffer stays terminated */
	char tiny[12];
	CHECK_EQ(moddeps_order("a", read_mod, &w, order, MODDEPS_MAX, tiny,
			       sizeof(tiny)),
		 -ERR_LOOP);
	CHECK_EQ(strlen(tiny), sizeof(tiny) - 1);
}

UNIT_TEST(moddeps_order_errors)
{
	struct world w = {diamond, DIAMOND, "", 0};
	char err[128] = "";
	CHECK_EQ(moddeps_order("broken", read_mod, &w, order, MODDEPS_MAX, err,
			       sizeof(err)),
		 -ERR_NOENT);
	CHECK_STR_EQ(err, "/lib/modules/missing.ko: no such file");
	CHECK_EQ(moddeps_order("top", read_mod, &w, order, 4, err, sizeof(err)),
		 -ERR_2BIG);
	CHECK_STR_EQ(err, "more than 4 modules to load");
	/* a chain deeper than MODDEPS_MAX */
	static moddeps_mod_t chain[MODDEPS_MAX + 2];
	for (int i = 0; i < MODDEPS_MAX + 2; i++) {
		snprintf(chain[i].name, sizeof(chain[i].name), "m%d", i);
		snprintf(chain[i].depends[0], sizeof(chain[i].depends[0]),
			 "m%d", i + 1);
		chain[i].ndepends = i < MODDEPS_MAX + 1;
	}
	w.mods = chain;
	w.n = MODDEPS_MAX + 2;
	CHECK_EQ(moddeps_order("m0", read_mod, &w, order, MODDEPS_MAX, err,
			       sizeof(err)),
		 -ERR_2BIG);
}

static const moddeps_mod_t loaded[] = {
    {"base", {""}, 0},
    {"util", {""}, 0},
    {"left", {"base"}, 1},
    {"right", {"base", "util"}, 2},
    {"top", {"left", "right"}, 2},
    {"lone", {"util"}, 1},
};
#define LOADED (int)(sizeof(loaded) / sizeof(loaded[0]))

UNIT_TEST(moddeps_users_named)
{
	char users[64];
	CHECK_EQ(moddeps_users(loaded, LOADED, "base", users, sizeof(users)),
		 2);
	CHECK_STR_EQ(users, "left,right");
	CHECK_EQ(moddeps_users(loaded, LOADED, "top", users, sizeof(users)), 0);
	CHECK_STR_EQ(users, "");
	char small[8];
	CHECK_EQ(moddeps_users(loaded, LOADED, "util", small, sizeof(small)),
		 2);
	CHECK_STR_EQ(small, "righ...");
}

/* lsmod's used-by: module names, then the processes holding sessions. */
UNIT_TEST(moddeps_append_joins)
{
	char list[16] = "";
	moddeps_append(list, sizeof(list), "nicdump");
	CHECK_STR_EQ(list, "nicdump");
	moddeps_append(list, sizeof(list), "net");
	CHECK_STR_EQ(list, "nicdump,net");
	moddeps_append(list, sizeof(list), "sh"); /* 14 bytes: fits */
	CHECK_STR_EQ(list, "nicdump,net,sh");
	moddeps_append(list, sizeof(list), "x"); /* 16 with the NUL: not */
	CHECK_STR_EQ(list, "nicdump,net,...");
	moddeps_append(list, sizeof(list), "y");
	CHECK_STR_EQ(list, "nicdump,net,...");
	char tiny[4] = "";
	moddeps_append(tiny, sizeof(tiny), "long");
	CHECK_STR_EQ(tiny, "");
}

UNIT_TEST(moddeps_removal_users_first)
{
	char err[128] = "";
	int k = moddeps_removal(loaded, LOADED, "top", order, err, sizeof(err));
	/* util stays: lone uses it */
	CHECK_EQ(k, 4);
	CHECK_STR_EQ(order[0], "top");
	CHECK(position(k, "left") < position(k, "base"));
	CHECK(position(k, "right") < position(k, "base"));
	CHECK_EQ(position(k, "util"), -1);
	k = moddeps_removal(loaded, LOADED, "lone", order, err, sizeof(err));
	CHECK_EQ(k, 1); /* util is used by right */
	k = moddeps_removal(loaded, 2, "base", order, err, sizeof(err));
	CHECK_EQ(k, 1);
}

UNIT_TEST(moddeps_removal_refusals)
{
	char err[128] = "";
	CHECK_EQ(
	    moddeps_removal(loaded, LOADED, "base", order, err, sizeof(err)),
	    -ERR_BUSY);
	CHECK_STR_EQ(err, "module base is in use by left,right (remove them "
			  "first)");
	CHECK_EQ(
	    moddeps_removal(loaded, LOADED, "nosuch", order, err, sizeof(err)),
	    -ERR_NOENT);
	CHECK_STR_EQ(err, "module nosuch is not loaded");
}
