/* Tab's names: the built-ins and the programs of /bin for a command, one
 * directory's entries (dir.c) for a path. What matches and what is typed
 * is pure_complete.c's; line.c shows it. */
#include "pure_complete.h"
#include "sh.h"

static void offer(const char *name, int is_dir, unsigned size, void *ctx)
{
	(void)size;
	complete_add(ctx, name, is_dir);
}

static void offer_program(const char *name, int is_dir, unsigned size,
			  void *ctx)
{
	if (!is_dir)
		offer(name, 0, size, ctx);
}

const complete_t *complete_tab(const char *line, size_t pos)
{
	static complete_t c; /* 3 KiB: not on the stack */
	unsigned i = 0;

	if (complete_start(&c, line, pos) < 0)
		return NULL;
	if (!c.commands) {
		dir_list(c.dir, offer, &c); /* an error: no names */
		return &c;
	}
	for (const builtin_t *b = builtin_at(0); b; b = builtin_at(++i))
		complete_add(&c, b->name, 0);
	dir_list("/bin", offer_program, &c); /* none without a file server */
	return &c;
}
