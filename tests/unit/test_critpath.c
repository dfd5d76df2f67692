/*
 * test_critpath.c: the critical path on synthetic trees: which child
 * continues it (latest subtree end within the parent's life), ties,
 * children and grandchildren that outlive their parent, attached roots,
 * running, lost and detached processes, recomputing only on change, a
 * deep chain; the :critical filter; c and C in the view.
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

#include "critpath.h"
#include "screens.h"
#include "tree_helpers.h"
#include "ui.h"

struct fx {
	struct ptree *pt;
	struct view *v;
	struct critpath *cp;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	th_tree_view(&f->pt, &f->v, "make");
	f->cp = critpath_new(f->pt);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	bus_init(&th_bus);
	critpath_free(f->cp);
	view_free(f->v);
	ptree_free(f->pt);
	free(f);
	return 0;
}

/* The path as "1 3 4". */
static const char *
path(struct fx *f)
{
	static char out[512];
	size_t i, n = 0;

	critpath_sync(f->cp);
	out[0] = '\0';
	for (i = 0; i < critpath_len(f->cp) && n + 12 < sizeof out; i++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%s%u", i ? " " : "",
		    critpath_id(f->cp, i));
	return out;
}

/* A process spawned at start_ms (and exec'd 0.5 ms later). */
static void
proc_at(uint32_t id, uint32_t parent, int64_t start_ms)
{
	th_at(start_ms * 1000);
	th_spawn(id, parent);
	th_at(start_ms * 1000 + 500);
	th_exec(id, "x", (const char *)NULL);
}

static void
exit_at(uint32_t id, int64_t end_ms, int code)
{
	th_at(end_ms * 1000);
	th_exit(id, code, 0);
}

static void
emit(enum event_kind kind, uint32_t id, uint32_t parent, int64_t t_ms)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.t_us = t_ms * 1000;
	ev.id = id;
	ev.parent = parent;
	ev.pid = (pid_t)(1000 + id);
	ev.argv.data = "sleep\0";
	ev.argv.len = 6;
	bus_emit(&th_bus, &ev);
}

/* The latest-ending child within the parent's life, at every level. */
static void
test_chain(void **state)
{
	struct fx *f = *state;

	proc_at(1, 0, 0);
	proc_at(2, 1, 5);	/* ends early */
	proc_at(3, 1, 10);	/* the long one */
	proc_at(4, 3, 20);
	proc_at(5, 3, 30);
	exit_at(2, 30, 0);
	exit_at(5, 60, 0);
	exit_at(4, 80, 1);	/* failing does not matter, ending last does */
	exit_at(3, 90, 0);
	exit_at(1, 100, 0);
	assert_string_equal(path(f), "1 3 4");
	assert_int_equal(critpath_index(f->cp, 3), 1);
	assert_int_equal(critpath_index(f->cp, 2), -1);
	assert_int_equal(critpath_index(f->cp, 5), -1);
	assert_int_equal(critpath_index(f->cp, 0), -1);
}

/* The subtree's end counts, not the child's own: a child whose child ended later. */
static void
test_subtree_end(void **state)
{
	struct fx *f = *state;

	proc_at(1, 0, 0);
	proc_at(2, 1, 1);	/* ends at 70, but its child at 95 ... */
	proc_at(3, 1, 2);	/* ends at 90 */
	proc_at(4, 2, 3);
	exit_at(2, 70, 0);
	exit_at(3, 90, 0);
	exit_at(4, 95, 0);	/* ... outliving 2, not 1 */
	exit_at(1, 100, 0);
	/* 2's subtree ended last within 1's life; 4 outlived 2: the path stops at 2. */
	assert_string_equal(path(f), "1 2");
}

/* Ties (to the millisecond): the child created first. */
static void
test_ties(void **state)
{
	struct fx *f = *state;

	proc_at(1, 0, 0);
	proc_at(2, 1, 1);
	proc_at(3, 1, 2);
	proc_at(4, 1, 3);
	exit_at(2, 40, 0);
	exit_at(4, 50, 0);
	th_at(50 * 1000 + 400);
	th_exit(3, 0, 0);	/* the same millisecond as 4 */
	exit_at(1, 60, 0);
	assert_string_equal(path(f), "1 3");
}

/* A daemon that outlives its parent never continues the path from it. */
static void
test_outliving(void **state)
{
	struct fx *f = *state;

	proc_at(1, 0, 0);
	proc_at(2, 1, 1);	/* a daemon */
	proc_at(3, 1, 2);
	proc_at(4, 1, 3);
	exit_at(3, 50, 0);
	assert_string_equal(path(f), "1 2");	/* 1 runs: its oldest running child */
	exit_at(1, 60, 0);
	assert_string_equal(path(f), "1 3");	/* 2 and 4 outlive 1 */
	/* A child ending in its parent's last millisecond counts as waited for. */
	th_at(60 * 1000 + 900);
	th_exit(4, 0, 0);
	assert_string_equal(path(f), "1 4");
	exit_at(2, 200, 0);
	assert_string_equal(path(f), "1 4");
	assert_int_equal(critpath_end_ms(ptree_node(f->pt, 2)), 200);
	assert_int_equal(critpath_span_ms(ptree_node(f->pt, 1)), 200);
	assert_int_equal(critpath_end_ms(ptree_node(f->pt, 1)), 60);
}

/* Several roots: the one whose subtree ended last, then as usual. */
static void
test_attached_roots(void **state)
{
	struct fx *f = *state;

	emit(EV_ATTACH, 1, 0, 0);
	emit(EV_ATTACH, 2, 0, 0);
	emit(EV_ATTACH, 3, 2, 0);
	emit(EV_SPAWN, 4, 1, 5);
	exit_at(3, 40, 0);
	exit_at(2, 50, 0);
	exit_at(4, 70, 0);
	exit_at(1, 80, 0);
	assert_string_equal(path(f), "1 4");
	ptree_free(f->pt);
	critpath_free(f->cp);
	view_free(f->v);
	th_tree_view(&f->pt, &f->v, "-p");
	f->cp = critpath_new(f->pt);
	emit(EV_ATTACH, 1, 0, 0);
	emit(EV_ATTACH, 2, 0, 0);
	emit(EV_ATTACH, 3, 2, 0);
	exit_at(1, 30, 0);
	exit_at(3, 40, 0);
	exit_at(2, 50, 0);
	assert_string_equal(path(f), "2 3");
}

/* While running: running children first, the oldest of them. */
static void
test_running(void **state)
{
	struct fx *f = *state;

	proc_at(1, 0, 0);
	proc_at(2, 1, 1);
	proc_at(3, 1, 2);
	proc_at(4, 1, 3);
	exit_at(2, 50, 0);
	assert_string_equal(path(f), "1 3");
	exit_at(3, 60, 0);
	assert_string_equal(path(f), "1 4");
	exit_at(4, 70, 0);
	assert_string_equal(path(f), "1 4");
	/* A running grandchild makes its parent's subtree run on (not 2 itself). */
	proc_at(5, 2, 80);
	assert_string_equal(path(f), "1 2");
	assert_int_equal(critpath_span_ms(ptree_node(f->pt, 2)), UINT32_MAX);
	assert_int_equal(critpath_end_ms(ptree_node(f->pt, 1)), UINT32_MAX);
}

/* A trace cut short: lost processes ran on after the last event. */
static void
test_lost(void **state)
{
	struct fx *f = *state;

	proc_at(1, 0, 0);
	proc_at(2, 1, 1);	/* lost: still running when the trace ended */
	proc_at(3, 1, 2);
	exit_at(3, 50, 0);
	exit_at(1, 60, 0);
	bus_end(&th_bus);
	assert_true(ptree_node(f->pt, 2)->flags & NODE_LOST);
	/* 1 exited at the last event; 2 ran on: it outlived 1. */
	assert_string_equal(path(f), "1 3");
}

static void
test_lost_under_lost(void **state)
{
	struct fx *f = *state;

	proc_at(1, 0, 0);
	proc_at(2, 1, 1);
	proc_at(3, 1, 2);
	proc_at(4, 3, 3);
	exit_at(2, 50, 0);
	bus_end(&th_bus);	/* 1, 3 and 4 lost: as if frozen while running */
	assert_string_equal(path(f), "1 3 4");
}

static void
test_detached(void **state)
{
	struct fx *f = *state;

	emit(EV_ATTACH, 1, 0, 0);
	emit(EV_SPAWN, 2, 1, 5);
	emit(EV_SPAWN, 3, 1, 6);
	exit_at(2, 30, 0);
	emit(EV_DETACH, 3, 0, 90);
	emit(EV_DETACH, 1, 0, 91);
	/* Let go of one after the other: both ran on, neither outlived the other. */
	assert_string_equal(path(f), "1 3");
}

/* Recomputed only when the tree changed; empty without processes. */
static void
test_sync(void **state)
{
	struct fx *f = *state;

	assert_int_equal(critpath_sync(f->cp), 1);
	assert_int_equal(critpath_len(f->cp), 0);
	assert_int_equal(critpath_sync(f->cp), 0);
	proc_at(1, 0, 0);
	assert_int_equal(critpath_sync(f->cp), 1);
	assert_int_equal(critpath_sync(f->cp), 0);
	assert_string_equal(path(f), "1");
	assert_int_equal(critpath_computed(f->cp), 1);
	exit_at(1, 10, 0);
	assert_int_equal(critpath_sync(f->cp), 1);
	assert_int_equal(critpath_id(f->cp, 5), 0);
	/* A quick walk is never put off: the frame's sync is the same. */
	proc_at(2, 0, 20);
	assert_int_equal(critpath_sync_lazy(f->cp), 1);
	assert_int_equal(critpath_sync_lazy(f->cp), 0);
	assert_string_equal(path(f), "2");
}

/* Thousands of levels: no recursion. */
static void
test_deep(void **state)
{
	struct fx *f = *state;
	uint32_t id, n = 3000;	/* the tree's counts walk the ancestors: O(depth^2) */

	for (id = 1; id <= n; id++) {
		th_at((int64_t)id * 10);
		th_spawn(id, id - 1);
	}
	for (id = n; id >= 1; id--) {
		th_at(10000000 - (int64_t)id * 10);
		th_exit(id, 0, 0);
	}
	critpath_sync(f->cp);
	assert_int_equal(critpath_len(f->cp), n);
	assert_int_equal(critpath_index(f->cp, n), (long)n - 1);
	assert_int_equal(critpath_index(f->cp, 1234), 1233);
}

/* :critical keeps the path (whose ancestors are steps) and follows changes. */
static void
test_filter(void **state)
{
	struct fx *f = *state;
	uint32_t r;
	char out[64];
	size_t n = 0;

	proc_at(1, 0, 0);
	proc_at(2, 1, 1);
	proc_at(3, 1, 2);
	proc_at(4, 3, 3);
	exit_at(2, 50, 0);
	view_set_filter(f->v, ":critical");
	view_sync(f->v);
	for (r = 0; r < view_nrows(f->v); r++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%u ", view_row_id(f->v, r));
	assert_string_equal(out, "1 3 4 ");
	exit_at(4, 60, 0);
	exit_at(3, 61, 0);
	proc_at(5, 1, 62);	/* now the running one */
	view_sync(f->v);
	n = 0;
	for (r = 0; r < view_nrows(f->v); r++)
		n += (size_t)snprintf(out + n, sizeof out - n, "%u ", view_row_id(f->v, r));
	assert_string_equal(out, "1 5 ");
	view_set_filter(f->v, ":c");	/* a prefix names it too */
	assert_int_equal(view_nrows(f->v), 2);
	view_set_filter(f->v, ":critical x");	/* and text */
	assert_int_equal(view_nrows(f->v), 2);
	view_set_filter(f->v, ":critical nomatch");
	assert_int_equal(view_nrows(f->v), 0);
}

/* c and C walk the path from the cursor, opening folds. */
static void
test_keys(void **state)
{
	struct fx *f = *state;
	struct ui u;

	ui_init(&u, f->pt, f->v, 0, &screen_tree, screens_all);
	u.replay = "t";
	proc_at(1, 0, 0);
	proc_at(2, 1, 1);
	proc_at(3, 1, 2);
	proc_at(4, 3, 3);
	exit_at(2, 50, 0);
	exit_at(4, 60, 0);
	exit_at(3, 61, 0);
	exit_at(1, 62, 0);
	ui_prepare(&u, 100, 30);
	view_set_folded(f->v, 3, 1);
	view_goto_row(f->v, 1);	/* on 2, off the path: c goes to the next step below 1 */
	assert_int_equal(view_cursor_id(f->v), 2);
	ui_key(&u, 'c');
	assert_int_equal(view_cursor_id(f->v), 3);
	assert_non_null(strstr(u.msg, "step 2 of 3"));
	ui_key(&u, 'c');
	assert_int_equal(view_cursor_id(f->v), 4);	/* the fold opened */
	ui_key(&u, 'c');
	assert_int_equal(view_cursor_id(f->v), 4);
	assert_non_null(strstr(u.msg, "ends here"));
	ui_key(&u, 'C');
	ui_key(&u, 'C');
	assert_int_equal(view_cursor_id(f->v), 1);
	ui_key(&u, 'C');
	assert_non_null(strstr(u.msg, "starts here"));
	view_set_filter(f->v, "nomatch");	/* hides them all */
	ui_key(&u, 'c');
	assert_non_null(strstr(u.msg, "hidden by the filter"));
	ui_free(&u);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_chain, setup, teardown),
		cmocka_unit_test_setup_teardown(test_subtree_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ties, setup, teardown),
		cmocka_unit_test_setup_teardown(test_outliving, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attached_roots, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lost_under_lost, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detached, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sync, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
