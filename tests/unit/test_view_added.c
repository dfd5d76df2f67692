/*
 * test_view_added.c: rows added to when only new processes came
 * (view.c's view_add_rows) against rows rebuilt from scratch.  Random
 * trees grow in batches under every sort column both ways, with filters,
 * folds, cursor moves, follow mode and refreshes; after every batch the
 * rows, their VIEW_LAST flags, the cursor, the top row and the newest
 * process's row must be those a full rebuild gives.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "order.h"
#include "tree_helpers.h"
#include "view.h"

#define MAXROWS 20000

static uint32_t seed = 2463534242u;

static uint32_t
rnd(void)
{
	return th_xorshift(&seed);
}

/* What the view shows, to compare. */
struct snap {
	uint32_t nrows, cur, cur_id, top, max_row;
	uint32_t rows[MAXROWS];
	uint8_t last[MAXROWS];
};

static void
take(struct view *v, struct snap *s)
{
	uint32_t r;

	s->nrows = view_nrows(v);
	assert_true(s->nrows <= MAXROWS);
	s->cur = view_cursor(v);
	s->cur_id = view_cursor_id(v);
	s->top = view_top(v);
	s->max_row = view_max_row(v);
	for (r = 0; r < s->nrows; r++) {
		s->rows[r] = view_row_id(v, r);
		s->last[r] = (view_flags(v, s->rows[r]) & VIEW_LAST) != 0;
	}
}

static void
same(const struct snap *a, const struct snap *b, const char *what, unsigned sc, unsigned batch)
{
	uint32_t r;

	if (a->nrows != b->nrows)
		fail_msg("%s, scenario %u batch %u: %u rows added to, %u rebuilt", what, sc,
		    batch, a->nrows, b->nrows);
	for (r = 0; r < a->nrows; r++) {
		if (a->rows[r] != b->rows[r])
			fail_msg("%s, scenario %u batch %u: row %u is %u, rebuilt %u", what, sc,
			    batch, r, a->rows[r], b->rows[r]);
		if (a->last[r] != b->last[r])
			fail_msg("%s, scenario %u batch %u: VIEW_LAST of %u (row %u) is %d, "
			    "rebuilt %d", what, sc, batch, a->rows[r], r, a->last[r], b->last[r]);
	}
	if (a->cur != b->cur || a->cur_id != b->cur_id || a->top != b->top)
		fail_msg("%s, scenario %u batch %u: cursor %u (%u) top %u, rebuilt %u (%u) top %u",
		    what, sc, batch, a->cur, a->cur_id, a->top, b->cur, b->cur_id, b->top);
	if (a->max_row != b->max_row)
		fail_msg("%s, scenario %u batch %u: max_row %u, rebuilt %u", what, sc, batch,
		    a->max_row, b->max_row);
}

/* An exec with an exe and cwd of its own (the helper's are all the same). */
static void
exec_text(uint32_t id)
{
	static const char *cmds[] = { "gcc", "gcc", "ld", "sh", "as", "make" };
	static const char *dirs[] = { "/src", "/src/a", "/tmp", "/src/b" };
	char args[96], exe[32];
	struct event ev;
	int n;

	n = snprintf(args, sizeof args, "%s%c-O2%c-c%c-o%cfile%u.o", cmds[rnd() % 6], 0, 0, 0,
	    0, rnd() % 24);
	snprintf(exe, sizeof exe, "/usr/bin/%s", cmds[rnd() % 6]);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC;
	ev.t_us = th_clock += 1000;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.argv.data = args;
	/* Some share all of a long prefix and differ at the end, some only end sooner. */
	ev.argv.len = rnd() % 4 == 0 ? (size_t)n - 2 : (size_t)n + 1;
	ev.exe = exe;
	ev.cwd = dirs[rnd() % 4];
	bus_emit(&th_bus, &ev);
}

static void
exit_rand(uint32_t id)
{
	int code, sig, threads;
	int64_t utime, stime;
	long rss;

	code = rnd() % 5 == 0 ? 1 + (int)(rnd() % 3) : 0;
	sig = rnd() % 17 == 0 ? 9 : 0;
	if (sig)
		code = 0;
	utime = (int64_t)(rnd() % 8) * 1000;	/* many ties */
	stime = (int64_t)(rnd() % 3) * 1000;
	rss = 100 * (long)(rnd() % 6);
	threads = 1 + (int)(rnd() % 3);
	th_exit_usage(id, code, sig, utime, stime, rss, threads);
}

static uint32_t nproc;

/* A new process: under one of the last few (deep), the first few (wide) or any. */
static void
add_proc(void)
{
	uint32_t id = ++nproc, p, c = rnd() % 10;

	if (c < 4)
		p = id - 1 - rnd() % (id < 30 ? id : 30);
	else if (c < 7)
		p = rnd() % (id < 6 ? id : 6);
	else
		p = rnd() % id;
	th_spawn(id, p);
	if (rnd() % 5 != 0)
		exec_text(id);
	if (rnd() % 3 != 0)
		exit_rand(id);
}

static const char *filters[] = {
	"gcc", "file1", ":failed", ":running", ":ok", ":killed",
	":critical", ":failed gcc", "zzz", "ld", ":running make",
};
#define NFILTERS (sizeof filters / sizeof filters[0])

static void
test_added_equals_rebuilt(void **state)
{
	static struct snap a, b;
	unsigned sc, batch, i, added = 0, filtered = 0, per_col[SETTINGS_NCOLS][2];
	struct ptree *pt;
	struct view *v;
	const char *filter;
	enum settings_col col;
	uint32_t id;
	int desc, r;

	memset(per_col, 0, sizeof per_col);
	/* Each column both ways: unfiltered first, then with three filters. */
	for (sc = 0; sc < 8 * SETTINGS_NCOLS; sc++) {
		col = (enum settings_col)(sc % SETTINGS_NCOLS);
		desc = (sc / SETTINGS_NCOLS) % 2;
		i = sc / (2 * SETTINGS_NCOLS);
		filter = i == 0 ? NULL : filters[(col + 5 * i + desc) % NFILTERS];
		th_tree_view(&pt, &v, "make");
		nproc = 0;
		for (i = 0; i < 300; i++)
			add_proc();
		view_set_height(v, 1 + rnd() % 30);
		view_set_sort(v, col, desc, th_clock);
		view_set_filter(v, filter);
		if (sc % 5 == 0)
			view_set_follow(v, 1);
		view_sync(v);
		for (batch = 0; batch < 60 && nproc < MAXROWS - 100; batch++) {
			unsigned before = view_added_builds(v);

			/* Now and then what must rebuild: a fold, a cursor move, old ones changing. */
			r = (int)(rnd() % 10);
			if (r == 0) {
				id = 1 + rnd() % nproc;
				view_set_folded(v, id, !(view_flags(v, id) & VIEW_FOLDED));
			} else if (r == 1) {
				view_move(v, (long)(rnd() % 40) - 20);
			} else if (r == 2) {
				id = 1 + rnd() % nproc;
				exec_text(id);
				exit_rand(id);
			} else if (r == 3) {
				view_set_follow(v, !view_follow(v));
			}
			/* Fold a parent of what is coming, sometimes. */
			if (rnd() % 6 == 0) {
				id = nproc - rnd() % (nproc < 20 ? nproc : 20);
				view_set_folded(v, id, 1);
			}
			for (i = rnd() % 40; i > 0; i--)
				add_proc();
			/* The frame: a sync, or a refresh of the sort as the tick does. */
			if (rnd() % 4 == 0)
				view_sort_refresh(v, th_clock);
			else
				view_sync(v);
			take(v, &a);
			view_rebuild_rows(v);
			take(v, &b);
			same(&a, &b, filter != NULL ? filter : "no filter", sc, batch);
			if (view_added_builds(v) > before)
				per_col[col][desc]++;
		}
		added += view_added_builds(v);
		if (filter != NULL)
			filtered += view_added_builds(v);
		bus_init(&th_bus);
		view_free(v);
		ptree_free(pt);
	}
	/* The rows were added to, not rebuilt, often, under every sort both ways. */
	assert_true(added > 8 * SETTINGS_NCOLS * 20);
	assert_true(filtered > 300);
	for (col = 0; col < SETTINGS_NCOLS; col++)
		for (desc = 0; desc < 2; desc++)
			if (per_col[col][desc] < 10)
				fail_msg("column %d%s: rows added to only %u times", (int)col,
				    desc ? " descending" : "", per_col[col][desc]);
}

/*
 * The live case at a smaller scale: many children of one parent, sorted,
 * new ones arriving among them; and the first child of a parent with
 * none shown before, under a folded one, and under a new one.
 */
static void
test_added_places(void **state)
{
	static struct snap a, b;
	struct ptree *pt;
	struct view *v;
	unsigned batch, i, before;
	uint32_t cur;

	th_tree_view(&pt, &v, "make");
	nproc = 0;
	th_proc(1, 0, "make");
	nproc = 1;
	for (i = 0; i < 2000; i++) {
		th_spawn(++nproc, 1);
		exec_text(nproc);
		exit_rand(nproc);
	}
	view_set_height(v, 20);
	view_set_sort(v, SETTINGS_COL_CPU, 1, th_clock);
	view_sync(v);
	view_goto_row(v, 700);
	cur = view_cursor_id(v);
	for (batch = 0; batch < 30; batch++) {
		before = view_added_builds(v);
		for (i = 0; i < 50; i++) {
			uint32_t p = i % 10 == 0 ? nproc : 1;

			th_spawn(++nproc, p);
			exec_text(nproc);
			exit_rand(nproc);
		}
		view_sync(v);
		assert_int_equal(view_added_builds(v), before + 1);
		take(v, &a);
		view_rebuild_rows(v);
		take(v, &b);
		same(&a, &b, "CPU, one big parent", 0, batch);
		/* The cursor kept its process and its height on the screen. */
		assert_int_equal(a.cur_id, cur);
		assert_int_equal(a.cur - a.top, 19);
	}
	bus_init(&th_bus);
	view_free(v);
	ptree_free(pt);
}

/* Rows right before the cursor's: it keeps its process, one row down. */
static void
test_added_before_cursor(void **state)
{
	static struct snap a, b;
	struct ptree *pt;
	struct view *v;

	th_tree_view(&pt, &v, "make");
	th_proc(1, 0, "make");
	th_proc(2, 1, "cc");
	th_proc(3, 0, "sh");
	view_set_height(v, 10);
	view_sync(v);
	view_goto_row(v, 2);
	assert_int_equal(view_cursor_id(v), 3);
	th_proc(4, 1, "ld");
	view_sync(v);
	assert_int_equal(view_added_builds(v), 1);
	assert_int_equal(view_nrows(v), 4);
	assert_int_equal(view_row_id(v, 2), 4);
	assert_int_equal(view_cursor(v), 3);
	assert_int_equal(view_cursor_id(v), 3);
	assert_false(view_flags(v, 2) & VIEW_LAST);
	assert_true(view_flags(v, 4) & VIEW_LAST);
	/* Under a folded parent: no row, nothing rebuilt. */
	view_set_folded(v, 1, 1);
	th_proc(5, 1, "as");
	th_proc(6, 5, "as");
	view_sync(v);
	assert_int_equal(view_added_builds(v), 2);
	assert_int_equal(view_nrows(v), 2);
	/* The first shown child of a process, and its own child in the same batch. */
	th_proc(7, 3, "gcc");
	th_proc(8, 7, "cc1");
	view_sync(v);
	assert_int_equal(view_added_builds(v), 3);
	take(v, &a);
	view_rebuild_rows(v);
	take(v, &b);
	same(&a, &b, "first child", 0, 0);
	assert_int_equal(view_nrows(v), 4);
	assert_int_equal(view_row_id(v, 2), 7);
	assert_int_equal(view_row_id(v, 3), 8);
	bus_init(&th_bus);
	view_free(v);
	ptree_free(pt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_added_equals_rebuilt),
		cmocka_unit_test(test_added_places),
		cmocka_unit_test(test_added_before_cursor),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
