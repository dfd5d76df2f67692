/*
 * test_view.c: the view's rows, folds, filter, search, cursor and follow
 * mode, on trees built from real events.
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

#include "tree_helpers.h"
#include "view.h"

struct fx {
	struct ptree *pt;
	struct view *v;
};

static struct ptree *ptree_of_test;

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	th_tree_view(&f->pt, &f->v, "make");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	bus_init(&th_bus);
	view_free(f->v);
	ptree_free(f->pt);
	free(f);
	return 0;
}

/*
 * 1 make
 * ├─ 2 cc alpha
 * │  ├─ 3 as
 * │  └─ 4 ld
 * └─ 5 cc beta
 */
static void
small_tree(void)
{
	th_proc(1, 0, "make");
	th_proc(2, 1, "cc alpha");
	th_proc(3, 2, "as");
	th_proc(4, 2, "ld");
	th_proc(5, 1, "cc beta");
}

/* The rows as a string of ids, "1 2 3". */
static const char *
rows(struct view *v)
{
	static char out[512];
	size_t len = 0;
	uint32_t r;

	view_sync(v);
	out[0] = '\0';
	for (r = 0; r < view_nrows(v) && len + 12 < sizeof out; r++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%u", r ? " " : "",
		    view_row_id(v, r));
	return out;
}

static void
test_flatten_preorder(void **state)
{
	struct fx *f = *state;

	small_tree();
	assert_string_equal(rows(f->v), "1 2 3 4 5");
	assert_true(view_flags(f->v, 1) & VIEW_LAST);
	assert_false(view_flags(f->v, 2) & VIEW_LAST);
	assert_false(view_flags(f->v, 3) & VIEW_LAST);
	assert_true(view_flags(f->v, 4) & VIEW_LAST);
	assert_true(view_flags(f->v, 5) & VIEW_LAST);
	assert_true(view_has_children(f->v, 2));
	assert_false(view_has_children(f->v, 3));
	assert_int_equal(view_cursor_id(f->v), 1);
}

static void
test_fold_hides_children(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_set_folded(f->v, 2, 1);
	assert_string_equal(rows(f->v), "1 2 5");
	/* A child born inside a fold stays hidden. */
	th_proc(6, 3, "cpp");
	assert_string_equal(rows(f->v), "1 2 5");
	view_set_folded(f->v, 2, 0);
	assert_string_equal(rows(f->v), "1 2 3 6 4 5");
}

static void
test_fold_keys(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_sync(f->v);
	view_goto_row(f->v, 1);			/* 2 */
	view_collapse(f->v);			/* Left on an open node folds it */
	assert_string_equal(rows(f->v), "1 2 5");
	assert_int_equal(view_cursor_id(f->v), 2);
	view_collapse(f->v);			/* Left again goes to the parent */
	assert_int_equal(view_cursor_id(f->v), 1);
	view_move(f->v, 1);
	view_expand(f->v);			/* Right opens */
	assert_string_equal(rows(f->v), "1 2 3 4 5");
	assert_int_equal(view_cursor_id(f->v), 2);
	view_expand(f->v);			/* Right on an open node: first child */
	assert_int_equal(view_cursor_id(f->v), 3);
	view_expand(f->v);			/* leaf: nothing */
	assert_int_equal(view_cursor_id(f->v), 3);
	view_collapse(f->v);			/* leaf: go to parent */
	assert_int_equal(view_cursor_id(f->v), 2);
	view_toggle(f->v);
	assert_string_equal(rows(f->v), "1 2 5");
	view_toggle(f->v);
	assert_string_equal(rows(f->v), "1 2 3 4 5");
}

static void
test_toggle_all(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_sync(f->v);
	view_toggle_all(f->v);			/* all open: collapse everything */
	assert_string_equal(rows(f->v), "1");
	assert_true(view_flags(f->v, 2) & VIEW_FOLDED);
	view_expand(f->v);			/* children are folded too */
	assert_string_equal(rows(f->v), "1 2 5");
	view_toggle_all(f->v);			/* something folded: open it all */
	assert_string_equal(rows(f->v), "1 2 3 4 5");
	assert_false(view_flags(f->v, 2) & VIEW_FOLDED);
}

static void
test_cursor_hidden_moves_to_ancestor(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_select(f->v, 4);
	view_set_folded(f->v, 2, 1);
	assert_int_equal(view_cursor_id(f->v), 2);
	assert_int_equal(view_cursor(f->v), 1);
}

static void
test_filter_keeps_ancestors(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_set_filter(f->v, "LD");		/* case-insensitive */
	assert_string_equal(rows(f->v), "1 2 4");
	assert_false(view_matches(f->v, 1));	/* kept for shape, drawn dim */
	assert_false(view_matches(f->v, 2));
	assert_true(view_matches(f->v, 4));
	assert_true(view_flags(f->v, 4) & VIEW_LAST);	/* 3 is gone: 4 is last */
	assert_false(view_has_children(f->v, 4));
	view_set_filter(f->v, "cc");
	assert_string_equal(rows(f->v), "1 2 5");
	view_set_filter(f->v, "no such thing");
	assert_string_equal(rows(f->v), "");
	assert_int_equal(view_cursor_id(f->v), 0);
	view_set_filter(f->v, NULL);
	assert_string_equal(rows(f->v), "1 2 3 4 5");
	assert_null(view_filter(f->v));
}

/* Typing more of a filter narrows from the old matches; widening re-scans. */
static void
test_filter_typing(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_set_filter(f->v, "c");
	assert_string_equal(rows(f->v), "1 2 5");
	view_set_filter(f->v, "cc ");
	assert_string_equal(rows(f->v), "1 2 5");
	view_set_filter(f->v, "cc b");
	assert_string_equal(rows(f->v), "1 5");
	/* Widened: alpha is back, and a process born meanwhile is seen. */
	th_proc(6, 1, "cc gamma");
	view_set_filter(f->v, "cc");
	assert_string_equal(rows(f->v), "1 2 5 6");
	/* Narrowed while a new match arrives between two keys. */
	th_proc(7, 3, "cc delta");
	view_set_filter(f->v, "cc d");
	assert_string_equal(rows(f->v), "1 2 3 7");
	/* The same text with a state added is not a narrowing of the text alone. */
	view_set_filter(f->v, "a");
	view_set_filter(f->v, "a :running");
	assert_string_equal(rows(f->v), "1 2 3 7 5 6");
	/* As many shown as before, but others: new rows. */
	view_set_filter(f->v, "alpha");
	assert_string_equal(rows(f->v), "1 2");
	view_set_filter(f->v, "beta");
	assert_string_equal(rows(f->v), "1 5");
}

/* A tree big enough for the two-thread filter pass gives the same answer. */
static void
test_filter_big_tree(void **state)
{
	struct fx *f = *state;
	uint32_t id, n = 250001, want = 0;

	th_proc(1, 0, "make");
	for (id = 2; id <= n; id++) {
		/* Matches in both halves, the last id included. */
		th_proc(id, id % 1000 == 0 ? id - 1 : 1, id % 3 == 0 || id == n ? "ld Out.o" : "cc x.c");
		want += id % 3 == 0 || id == n;
	}
	view_set_filter(f->v, "ld out");
	view_sync(f->v);
	for (id = 2; id <= n; id++)
		if (view_matches(f->v, id) != (id % 3 == 0 || id == n))
			fail_msg("id %u: match %d", id, view_matches(f->v, id));
	assert_false(view_matches(f->v, 1));
	/* Every match, plus the root and the parents kept for the shape. */
	assert_true(view_nrows(f->v) >= want + 1);
	view_set_filter(f->v, "ld out.o");	/* narrowed, still both halves */
	view_sync(f->v);
	assert_true(view_matches(f->v, n));
	assert_true(view_matches(f->v, 3));
	assert_false(view_matches(f->v, 2));
	/* Search on a tree this big tests every text first, on two threads. */
	view_set_filter(f->v, NULL);
	view_sync(f->v);
	assert_int_equal(view_search(f->v, "ld out", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 3);
	assert_int_equal(view_search(f->v, "ld out", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 6);
	assert_int_equal(view_search(f->v, "ld out", 0, -1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 3);
	assert_int_equal(view_search(f->v, "ld out", 0, -1, 0), 0);	/* wraps to the end */
	assert_int_equal(view_cursor_id(f->v), n);
	assert_int_equal(view_search(f->v, "nowhere", 0, 1, 0), -1);
	assert_int_equal(view_cursor_id(f->v), n);
}

static void
test_filter_states(void **state)
{
	struct fx *f = *state;

	small_tree();
	th_exit(3, 0, 0);
	th_exit(4, 2, 0);
	th_exit(5, 0, 11);
	view_set_filter(f->v, ":failed");
	assert_int_equal(view_filter_states(f->v), VIEW_STATE_FAILED);
	assert_string_equal(rows(f->v), "1 2 4 5");
	view_set_filter(f->v, ":k");		/* prefix of :killed */
	assert_string_equal(rows(f->v), "1 5");
	view_set_filter(f->v, ":running");
	assert_string_equal(rows(f->v), "1 2");
	view_set_filter(f->v, ":ok");
	assert_string_equal(rows(f->v), "1 2 3");
	/* Text and state together; the state word anywhere. */
	view_set_filter(f->v, "cc :failed");
	assert_string_equal(rows(f->v), "1 5");
	view_set_filter(f->v, ":f ld");
	assert_string_equal(rows(f->v), "1 2 4");
	/* An unknown word is text. */
	view_set_filter(f->v, ":zz");
	assert_int_equal(view_filter_states(f->v), 0);
	assert_string_equal(rows(f->v), "");
}

static void
test_filter_follows_changes(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_set_filter(f->v, ":running");
	assert_string_equal(rows(f->v), "1 2 3 4 5");
	th_exit(3, 0, 0);			/* through the sink */
	assert_string_equal(rows(f->v), "1 2 4 5");
	th_exit(4, 0, 0);
	th_exit(5, 1, 0);
	th_exit(2, 0, 0);
	assert_string_equal(rows(f->v), "1");
	/* New processes are matched as they come. */
	th_spawn(6, 1);
	assert_string_equal(rows(f->v), "1 6");
	/* Behind the sink's back (ptree_apply directly): still right. */
	{
		struct event ev;

		memset(&ev, 0, sizeof ev);
		ev.kind = EV_EXIT;
		ev.id = 6;
		ev.t_us = 99000;
		assert_int_equal(ptree_apply(f->pt, &ev), 0);
	}
	assert_string_equal(rows(f->v), "1");
}

static void
test_filter_incremental(void **state)
{
	struct fx *f = *state;
	struct event ev;
	int i;

	small_tree();
	view_set_filter(f->v, ":running");
	assert_string_equal(rows(f->v), "1 2 3 4 5");
	assert_int_equal(view_filter_passes(f->v), 1);
	/* Thread counts change often and never matter to a filter. */
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_THREADS;
	ev.id = 3;
	for (i = 0; i < 10; i++) {
		ev.nthreads = i + 2;
		bus_emit(&th_bus, &ev);
		view_sync(f->v);
	}
	assert_int_equal(view_filter_passes(f->v), 1);
	/* Exits and new processes: one by one, no whole pass. */
	th_exit(3, 0, 0);
	th_proc(6, 5, "strip");
	assert_string_equal(rows(f->v), "1 2 4 5 6");
	assert_int_equal(view_filter_passes(f->v), 1);
	/* A change the sink did not see: a whole pass, still right. */
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT;
	ev.id = 4;
	ev.t_us = 99000;
	assert_int_equal(ptree_apply(f->pt, &ev), 0);
	assert_string_equal(rows(f->v), "1 2 5 6");
	assert_int_equal(view_filter_passes(f->v), 2);
}

static void
test_filter_exec_keeps_forked_children(void **state)
{
	struct fx *f = *state;

	th_proc(1, 0, "make");
	th_spawn(2, 1);				/* forked, never exec'd: shows "make" */
	th_spawn(3, 2);
	view_set_filter(f->v, "cc");
	assert_string_equal(rows(f->v), "");
	/* The children forked before it still run make, and show it. */
	th_exec(1, "cc", (const char *)NULL);
	assert_string_equal(rows(f->v), "1");
	assert_false(view_matches(f->v, 2));
	assert_false(view_matches(f->v, 3));
	th_spawn(4, 1);				/* forked after: shows cc */
	th_spawn(5, 2);				/* from a make child: shows make */
	assert_string_equal(rows(f->v), "1 4");
	view_set_filter(f->v, "make");
	assert_string_equal(rows(f->v), "1 2 3 5");
}

static void
test_filter_many_changes(void **state)
{
	struct fx *f = *state;
	uint32_t id;

	th_proc(1, 0, "root");
	view_set_filter(f->v, ":running");
	/* More changes than the view queues: it falls back to a full pass. */
	for (id = 2; id <= 6000; id++)
		th_spawn(id, id - 1);		/* a deep chain */
	for (id = 6000; id >= 3; id--)
		th_exit(id, 0, 0);
	assert_string_equal(rows(f->v), "1 2");
	assert_true(view_matches(f->v, 2));
}

static void
test_search_order(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_sync(f->v);
	/* Pre-order from the cursor (1): 2 then 5, then wrap. */
	assert_int_equal(view_search(f->v, "CC", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 2);
	assert_int_equal(view_search(f->v, "cc", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 5);
	assert_int_equal(view_search(f->v, "cc", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 2);
	/* Backwards, wrapping. */
	assert_int_equal(view_search(f->v, "cc", 0, -1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 5);
	assert_int_equal(view_search(f->v, "cc", 0, -1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 2);
	/* Inclusive: the cursor itself matches, stay. */
	assert_int_equal(view_search(f->v, "alpha", 0, 1, 1), 0);
	assert_int_equal(view_cursor_id(f->v), 2);
	/* From a given process (incremental search keeps its origin). */
	assert_int_equal(view_search(f->v, "a", 1, 1, 1), 0);
	assert_int_equal(view_cursor_id(f->v), 1);	/* "make" has an a */
	assert_int_equal(view_search(f->v, "al", 1, 1, 1), 0);
	assert_int_equal(view_cursor_id(f->v), 2);
	/* Only match is the cursor: stays; nothing matches: -1, cursor kept. */
	assert_int_equal(view_search(f->v, "alpha", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 2);
	assert_int_equal(view_search(f->v, "zzz", 0, 1, 0), -1);
	assert_int_equal(view_cursor_id(f->v), 2);
}

static void
test_search_opens_folds(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_set_folded(f->v, 2, 1);
	view_set_folded(f->v, 1, 1);
	assert_string_equal(rows(f->v), "1");
	assert_int_equal(view_search(f->v, "ld", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 4);
	assert_string_equal(rows(f->v), "1 2 3 4 5");
}

static void
test_search_respects_filter(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_set_filter(f->v, "beta");
	assert_string_equal(rows(f->v), "1 5");
	view_goto_row(f->v, 0);
	/* "cc alpha" is filtered out: the search skips it. */
	assert_int_equal(view_search(f->v, "cc", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 5);
	assert_int_equal(view_search(f->v, "alpha", 0, 1, 0), -1);
}

static void
test_next_bad(void **state)
{
	struct fx *f = *state;

	small_tree();
	th_exit(3, 1, 0);
	th_exit(4, 0, 0);
	th_exit(5, 0, 9);
	view_toggle_all(f->v);			/* everything folded */
	assert_string_equal(rows(f->v), "1");
	assert_int_equal(view_next_bad(f->v, 1), 0);
	assert_int_equal(view_cursor_id(f->v), 3);	/* folds opened on the way */
	assert_int_equal(view_next_bad(f->v, 1), 0);
	assert_int_equal(view_cursor_id(f->v), 5);
	assert_int_equal(view_next_bad(f->v, 1), 0);
	assert_int_equal(view_cursor_id(f->v), 3);	/* wrapped */
	assert_int_equal(view_next_bad(f->v, -1), 0);
	assert_int_equal(view_cursor_id(f->v), 5);	/* X wraps back */
	assert_int_equal(view_next_bad(f->v, -1), 0);
	assert_int_equal(view_cursor_id(f->v), 3);
}

static void
test_next_bad_none(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_sync(f->v);
	assert_int_equal(view_next_bad(f->v, 1), -1);
	assert_int_equal(view_cursor_id(f->v), 1);
}

static void
test_cursor_stays_on_process(void **state)
{
	struct fx *f = *state;
	uint32_t id;

	/* 1 with children 2..31; cursor on 20, screen of 10 rows. */
	th_proc(1, 0, "make");
	for (id = 2; id <= 31; id++)
		th_proc(id, 1, "cc");
	view_sync(f->v);
	view_set_height(f->v, 10);
	view_select(f->v, 20);
	assert_int_equal(view_cursor(f->v), 19);
	uint32_t offset = view_cursor(f->v) - view_top(f->v);

	/* Rows appear above it: under 5, then under 2. */
	th_proc(32, 5, "as");
	th_proc(33, 2, "as");
	th_proc(34, 33, "ld");
	view_sync(f->v);
	assert_int_equal(view_cursor_id(f->v), 20);
	assert_int_equal(view_cursor(f->v), 22);
	assert_int_equal(view_cursor(f->v) - view_top(f->v), offset);
	/* And below it: nothing moves. */
	th_proc(35, 25, "as");
	view_sync(f->v);
	assert_int_equal(view_cursor(f->v), 22);
	assert_int_equal(view_cursor(f->v) - view_top(f->v), offset);
}

static void
test_follow(void **state)
{
	struct fx *f = *state;

	small_tree();
	view_sync(f->v);
	view_set_height(f->v, 3);
	view_set_follow(f->v, 1);
	assert_int_equal(view_cursor_id(f->v), 5);
	th_proc(6, 3, "cpp");			/* newest, above the cursor */
	view_sync(f->v);
	assert_int_equal(view_cursor_id(f->v), 6);
	th_proc(7, 1, "strip");
	view_sync(f->v);
	assert_int_equal(view_cursor_id(f->v), 7);
	assert_true(view_cursor(f->v) >= view_top(f->v) &&
	    view_cursor(f->v) < view_top(f->v) + 3);	/* in view */
	/* Newest inside a fold: its shown ancestor is selected. */
	view_set_folded(f->v, 2, 1);
	th_proc(8, 3, "cc1");
	view_sync(f->v);
	assert_int_equal(view_cursor_id(f->v), 7);	/* highest shown id */
	/* Moving by hand ends follow mode. */
	view_move(f->v, -1);
	assert_false(view_follow(f->v));
	th_proc(9, 1, "true");
	view_sync(f->v);
	assert_int_not_equal(view_cursor_id(f->v), 9);
}

/*
 * A tree past FILTER_PARALLEL_MIN (200,000): searching tests every text on
 * two threads and keeps the answers for n and N; an exec makes them stale,
 * new processes are tested as they come.
 */
static void
test_search_big_cached(void **state)
{
	struct fx *f = *state;
	uint32_t id;

	th_proc(1, 0, "make");
	for (id = 2; id <= 200001; id++)
		th_proc(id, 1, id % 50000 == 1 ? "ld target" : "cc");
	view_sync(f->v);
	assert_int_equal(view_search(f->v, "LD TARGET", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 50001);
	assert_int_equal(view_search(f->v, "ld target", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 100001);
	assert_int_equal(view_search(f->v, "ld target", 0, 1, 0), 0);
	assert_int_equal(view_search(f->v, "ld target", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 200001);
	assert_int_equal(view_search(f->v, "ld target", 0, 1, 0), 0);	/* wraps */
	assert_int_equal(view_cursor_id(f->v), 50001);
	assert_int_equal(view_search(f->v, "ld target", 0, -1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 200001);
	/* An exec changes what a process shows: the kept answers are stale. */
	th_exec(100001, "cc", (const char *)NULL);
	assert_int_equal(view_search(f->v, "ld target", 50001, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 150001);
	/* New processes: one that runs it, and a fork of a match (shows its argv). */
	th_proc(200002, 1, "ld target");
	th_spawn(200003, 50001);
	view_sync(f->v);
	assert_int_equal(view_search(f->v, "ld target", 200001, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 200002);
	assert_int_equal(view_search(f->v, "ld target", 0, 1, 0), 0);	/* wraps */
	assert_int_equal(view_cursor_id(f->v), 50001);
	assert_int_equal(view_search(f->v, "ld target", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 200003);
	assert_int_equal(view_search(f->v, "nowhere", 0, 1, 0), -1);
	assert_int_equal(view_cursor_id(f->v), 200003);
}

static void
test_move_and_page(void **state)
{
	struct fx *f = *state;
	uint32_t id;

	th_proc(1, 0, "make");
	for (id = 2; id <= 100; id++)
		th_proc(id, 1, "cc");
	view_sync(f->v);
	view_set_height(f->v, 10);
	view_move(f->v, 5);
	assert_int_equal(view_cursor(f->v), 5);
	assert_int_equal(view_top(f->v), 0);
	view_move(f->v, 10);			/* a page: the cursor keeps its height */
	assert_int_equal(view_cursor(f->v), 15);
	assert_int_equal(view_top(f->v), 10);
	view_move(f->v, 1000);
	assert_int_equal(view_cursor(f->v), 99);
	assert_int_equal(view_top(f->v), 90);
	view_move(f->v, -1000);
	assert_int_equal(view_cursor(f->v), 0);
	assert_int_equal(view_top(f->v), 0);
	view_scroll(f->v, 30);			/* the wheel drags the cursor along */
	assert_int_equal(view_top(f->v), 30);
	assert_int_equal(view_cursor(f->v), 30);
	view_scroll(f->v, -1000);
	assert_int_equal(view_top(f->v), 0);
	assert_int_equal(view_cursor(f->v), 9);
}

/*
 * Rows against a brute-force answer, on a random tree with wide fan-outs,
 * through filters that show many and few (both ways of building the rows),
 * typing, folds, new processes and exits while filtering.
 */
#define REF_MAX 6000

static char ref_text[REF_MAX + 1][32];	/* the argv each process shows */
static uint32_t ref_n;

static uint32_t
ref_rand(void)
{
	static uint32_t x = 2463534242u;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	return x;
}

static void
ref_add(uint32_t parent)
{
	uint32_t id = ++ref_n;

	th_spawn(id, parent);
	if (ref_rand() % 5 == 0) {
		/* Never exec'd: shows its parent's argv. */
		memcpy(ref_text[id], ref_text[parent], sizeof ref_text[id]);
		return;
	}
	snprintf(ref_text[id], sizeof ref_text[id], "%s file%u.c",
	    (const char *[]){ "cc", "ld", "sh -c", "as" }[ref_rand() % 4], ref_rand() % 500);
	th_exec(id, ref_text[id], (const char *)NULL);
}

static int
ref_match(uint32_t id, const char *needle)
{
	return needle == NULL || strstr(ref_text[id], needle) != NULL;
}

/* The rows as they should be: pre-order of the processes with a match at or under them. */
static void
ref_check(struct view *v, const char *needle)
{
	static uint8_t shown[REF_MAX + 1];
	uint32_t id, row = 0, n;

	memset(shown, 0, sizeof shown);
	for (id = ref_n; id >= 1; id--)
		if (ref_match(id, needle) || shown[id])
			shown[ptree_node(ptree_of_test, id)->parent] = shown[id] = 1;
	view_sync(v);
	id = ptree_first_child(ptree_of_test, 0);
	while (id != 0) {
		if (shown[id]) {
			if (row >= view_nrows(v) || view_row_id(v, row) != id)
				fail_msg("filter %s: row %u is %u, want %u", needle ? needle : "-",
				    row, view_row_id(v, row), id);
			row++;
		}
		if (shown[id] && !(view_flags(v, id) & VIEW_FOLDED) &&
		    (n = ptree_first_child(ptree_of_test, id)) != 0) {
			id = n;
			continue;
		}
		while (id != 0 && (n = ptree_next(ptree_of_test, id)) == 0)
			id = ptree_node(ptree_of_test, id)->parent;
		id = id == 0 ? 0 : n;
	}
	assert_int_equal(view_nrows(v), row);
}

static void
test_filter_rows_reference(void **state)
{
	static const char *filters[] = {
		"c", "cc", "cc file", "cc file1", "cc file12", "cc file123", "file7.c",
		NULL, "ld", "sh -c as", "zzz", "s", "as file4", "e",
	};
	struct fx *f = *state;
	uint32_t id, i, k, sparse0;
	const char *needle;

	ptree_of_test = f->pt;
	ref_n = 0;
	ref_text[0][0] = '\0';	/* the root's children that never exec show nothing */
	for (i = 0; i < 4000; i++)
		ref_add(i < 10 || ref_rand() % 2 ? ref_rand() % (ref_n + 1) % 10 : ref_rand() % (ref_n + 1));
	sparse0 = view_sparse_builds(f->v);
	for (k = 0; k < 60; k++) {
		needle = filters[k % (sizeof filters / sizeof filters[0])];
		view_set_filter(f->v, needle);
		ref_check(f->v, needle);
		/* Fold and unfold a few processes, anywhere. */
		for (i = 0; i < 3; i++) {
			id = 1 + ref_rand() % ref_n;
			view_set_folded(f->v, id, !(view_flags(f->v, id) & VIEW_FOLDED));
			ref_check(f->v, needle);
		}
		/* New processes while the filter stands, some of them matches. */
		if (ref_n + 20 <= REF_MAX) {
			for (i = 0; i < 20; i++)
				ref_add(ref_rand() % (ref_n + 1));
			ref_check(f->v, needle);
		}
	}
	for (id = 1; id <= ref_n; id++)
		view_set_folded(f->v, id, 0);
	view_set_filter(f->v, NULL);
	ref_check(f->v, NULL);
	/* Both ways of building the rows ran. */
	assert_true(view_sparse_builds(f->v) > sparse0 + 10);
	assert_true(view_filter_passes(f->v) >= 50);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_flatten_preorder, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_hides_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_toggle_all, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cursor_hidden_moves_to_ancestor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_keeps_ancestors, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_states, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_follows_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_incremental, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_exec_keeps_forked_children, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_many_changes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_typing, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_big_tree, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_rows_reference, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_opens_folds, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_respects_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_bad_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_cursor_stays_on_process, setup, teardown),
		cmocka_unit_test_setup_teardown(test_follow, setup, teardown),
		cmocka_unit_test_setup_teardown(test_move_and_page, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_big_cached, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
