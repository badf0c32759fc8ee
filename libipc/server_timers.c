/* The server loop's timers: a binary heap ordered by (deadline, arming
 * order), so equal deadlines fire in the order armed (see server.h). */
#include <lavender/clock.h>
#include <lavender/server.h>
#include <stdlib.h>
#include "server_impl.h"

uint64_t lv_server_now(void)
{
	uint64_t t = 0;
	lv_ticks(&t, NULL);
	return t;
}

uint64_t lv_server_now_ticks(void) { return lv_server_now(); }

static int before(const lv_timer_t *a, const lv_timer_t *b)
{
	return a->deadline < b->deadline ||
	       (a->deadline == b->deadline && (int32_t)(a->seq - b->seq) < 0);
}

static void swap(lv_timer_t *a, lv_timer_t *b)
{
	lv_timer_t t = *a;
	*a = *b;
	*b = t;
}

static void sift_up(lv_timer_t *h, int i)
{
	while (i > 0 && before(&h[i], &h[(i - 1) / 2])) {
		swap(&h[i], &h[(i - 1) / 2]);
		i = (i - 1) / 2;
	}
}

static void sift_down(lv_timer_t *h, int n, int i)
{
	for (;;) {
		int l = 2 * i + 1, r = l + 1, m = i;
		if (l < n && before(&h[l], &h[m]))
			m = l;
		if (r < n && before(&h[r], &h[m]))
			m = r;
		if (m == i)
			return;
		swap(&h[i], &h[m]);
		i = m;
	}
}

static int push(lv_server_t *s, lv_timer_t t)
{
	if (s->ntimers == s->cap_timers) {
		int cap = s->cap_timers ? 2 * s->cap_timers : 16;
		lv_timer_t *h = realloc(s->heap, (size_t)cap * sizeof(*h));
		if (!h)
			return -ERR_NOMEM;
		s->heap = h;
		s->cap_timers = cap;
	}
	t.seq = s->timer_seq++;
	s->heap[s->ntimers] = t;
	sift_up(s->heap, s->ntimers++);
	return 0;
}

int lv_server_timer_at(lv_server_t *s, uint64_t deadline, unsigned period,
		       lv_timer_fn_t fn, void *arg)
{
	int id = ++s->next_timer_id;
	if (id <= 0)
		id = s->next_timer_id = 1;
	lv_timer_t t = {deadline, 0, id, period, fn, arg};
	int rc = push(s, t);
	return rc < 0 ? rc : id;
}

int lv_server_timer(lv_server_t *s, unsigned ticks, unsigned period,
		    lv_timer_fn_t fn, void *arg)
{
	return lv_server_timer_at(s, lv_server_now() + ticks, period, fn, arg);
}

int lv_server_cancel(lv_server_t *s, int id)
{
	for (int i = 0; i < s->ntimers; i++) {
		if (s->heap[i].id != id)
			continue;
		s->heap[i] = s->heap[--s->ntimers];
		if (i < s->ntimers) {
			sift_down(s->heap, s->ntimers, i);
			sift_up(s->heap, i);
		}
		return 0;
	}
	return -ERR_NOENT;
}

unsigned lv_server_run_timers(lv_server_t *s)
{
	if (!s->ntimers)
		return LV_WAIT_FOREVER;
	uint64_t now = lv_server_now();
	while (s->ntimers && s->heap[0].deadline <= now && !s->stop) {
		lv_timer_t t = s->heap[0];
		s->heap[0] = s->heap[--s->ntimers];
		sift_down(s->heap, s->ntimers, 0);
		if (t.period) { /* the schedule, not the firing, sets the next
				 */
			t.deadline += t.period;
			uint32_t seq = t.seq;
			push(s, t);
			(void)seq;
		}
		t.fn(s, t.id, t.arg);
	}
	if (!s->ntimers)
		return LV_WAIT_FOREVER;
	uint64_t next = s->heap[0].deadline;
	now = lv_server_now();
	return next > now ? (unsigned)(next - now) : 0;
}
