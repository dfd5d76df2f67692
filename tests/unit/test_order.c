/*
 * test_order.c: siblings sorted by a column (order.c) and the view's rows
 * in that order: each column both ways, ties in creation order, long
 * common prefixes, new processes placed at once and changed ones only at a
 * refresh, the cursor kept, folds, filters and searches in the sorted
 * order, and a random tree kept up to date event by event against one
 * sorted from scratch.
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

#include "column.h"
#include "order.h"
#include "tree_helpers.h"
#include "view.h"

struct fx {
	struct ptree *pt;
	struct view *v;
};

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

/* The rows as a string of ids, "1 2 3". */
static const char *
rows(struct view *v)
{
	static char out[4096];
	size_t len = 0;
	uint32_t r;

	view_sync(v);
	out[0] = '\0';
	for (r = 0; r < view_nrows(v) && len + 12 < sizeof out; r++)
		len += (size_t)snprintf(out + len, sizeof out - len, "%s%u", r ? " " : "",
		    view_row_id(v, r));
	return out;
}

/* An exit with CPU (ms), peak RSS (kB) and threads. */
static void
exit_with(uint32_t id, int code, int sig, unsigned cpu_ms, unsigned rss, unsigned threads)
{
	th_exit_usage(id, code, sig, (int64_t)cpu_ms * 1000, 0, rss, (int)threads);
}

/* A spawn with its own pid (the helpers give 1000 + id). */
static void
spawn_pid(uint32_t id, uint32_t parent, pid_t pid)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_SPAWN;
	ev.t_us = th_clock += 1000;
	ev.id = id;
	ev.parent = parent;
	ev.pid = pid;
	bus_emit(&th_bus, &ev);
}

/*
 * 1 make
 *   2 cc b.c    cpu 30  rss 500  exit 0
 *   3 cc a.c    cpu 10  rss 900  exit 2
 *   4 ld        cpu 30  rss 100  exit 0     (a tie with 2 on CPU)
 *   5 as        running
 */
static void
siblings(void)
{
	th_proc(1, 0, "make");
	th_spawn(2, 1);
	th_exec(2, "cc", "b.c", (const char *)NULL);
	th_spawn(3, 1);
	th_exec(3, "cc", "a.c", (const char *)NULL);
	th_proc(4, 1, "ld");
	th_proc(5, 1, "as");
	exit_with(2, 0, 0, 30, 500, 1);
	exit_with(3, 2, 0, 10, 900, 4);
	exit_with(4, 0, 0, 30, 100, 2);
}

static void
test_columns_both_ways(void **state)
{
	struct fx *f = *state;

	siblings();
	assert_string_equal(rows(f->v), "1 2 3 4 5");
	/* CPU: the running one has none yet (lowest); 2 and 4 tie: creation order. */
	view_set_sort(f->v, SETTINGS_COL_CPU, 0, th_clock);
	assert_string_equal(rows(f->v), "1 5 3 2 4");
	view_set_sort(f->v, SETTINGS_COL_CPU, 1, th_clock);
	assert_string_equal(rows(f->v), "1 2 4 3 5");
	view_set_sort(f->v, SETTINGS_COL_MAXRSS, 1, th_clock);
	assert_string_equal(rows(f->v), "1 3 2 4 5");
	view_set_sort(f->v, SETTINGS_COL_THREADS, 1, th_clock);
	assert_string_equal(rows(f->v), "1 3 4 2 5");
	/* STATE descending: failures first, then ok (creation order), running last. */
	view_set_sort(f->v, SETTINGS_COL_STATE, 1, th_clock);
	assert_string_equal(rows(f->v), "1 3 2 4 5");
	view_set_sort(f->v, SETTINGS_COL_COMMAND, 0, th_clock);
	assert_string_equal(rows(f->v), "1 5 3 2 4");
	view_set_sort(f->v, SETTINGS_COL_COMMAND, 1, th_clock);
	assert_string_equal(rows(f->v), "1 4 2 3 5");
	/* START descending: newest first; ascending is the tree's own order again. */
	view_set_sort(f->v, SETTINGS_COL_START, 1, th_clock);
	assert_string_equal(rows(f->v), "1 5 4 3 2");
	assert_true(order_active(view_order(f->v)));
	view_set_sort(f->v, SETTINGS_COL_START, 0, th_clock);
	assert_string_equal(rows(f->v), "1 2 3 4 5");
	assert_false(order_active(view_order(f->v)));
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_START);
}

static void
test_pid_and_time(void **state)
{
	struct fx *f = *state;

	th_proc(1, 0, "make");
	spawn_pid(2, 1, 300);
	spawn_pid(3, 1, 100);
	spawn_pid(4, 1, 200);
	view_set_sort(f->v, SETTINGS_COL_PID, 0, th_clock);
	assert_string_equal(rows(f->v), "1 3 4 2");
	view_set_sort(f->v, SETTINGS_COL_PID, 1, th_clock);
	assert_string_equal(rows(f->v), "1 2 4 3");
	/* TIME, all running: the oldest ran longest. */
	view_set_sort(f->v, SETTINGS_COL_TIME, 1, th_clock);
	assert_string_equal(rows(f->v), "1 2 3 4");
	exit_with(2, 0, 0, 0, 0, 1);		/* 2 ends now: 3 and 4 go on running */
	th_clock += 10000;
	view_sort_refresh(f->v, th_clock);
	assert_string_equal(rows(f->v), "1 3 4 2");
}

/* Siblings whose commands share long prefixes, and some that end inside them. */
static void
test_command_prefixes(void **state)
{
	struct fx *f = *state;
	static const char *const args[] = {
		"/bin/sh -c gcc -DHAVE_CONFIG_H -I. -c file7.c",
		"/bin/sh -c gcc -DHAVE_CONFIG_H -I. -c file3.c",
		"/bin/sh",
		"/bin/sh -c gcc -DHAVE_CONFIG_H -I. -c file7.c",	/* the same as the first */
		"/bin/sh -c gcc -DHAVE_CONFIG_H -I. -c file10.c",
		"/bin/sh -c gcc -DHAVE_CONFIG_H",
		"/bin/sh -c gcc -DHAVE_CONFIG_H -I. -c file3.c -o x",
	};
	uint32_t id;
	size_t i;

	th_proc(1, 0, "make");
	/* 25 of them: more than the few compared whole. */
	for (i = 0, id = 2; i < 25; i++, id++) {
		th_spawn(id, 1);
		th_exec(id, args[i % 7], (const char *)NULL);
	}
	view_set_sort(f->v, SETTINGS_COL_COMMAND, 0, th_clock);
	/*
	 * "/bin/sh" (4, 11, 18, 25); "... -DHAVE_CONFIG_H" (7, 14, 21); "...
	 * file10.c" (6, 13, 20); "... file3.c" (3, 10, 17, 24); "... file3.c
	 * -o x" (8, 15, 22); "... file7.c" (2, 5, 9, 12, 16, 19, 23, 26).
	 */
	assert_string_equal(rows(f->v),
	    "1 4 11 18 25 7 14 21 6 13 20 3 10 17 24 8 15 22 2 5 9 12 16 19 23 26");
	view_set_sort(f->v, SETTINGS_COL_COMMAND, 1, th_clock);
	assert_string_equal(rows(f->v),
	    "1 2 5 9 12 16 19 23 26 8 15 22 3 10 17 24 6 13 20 7 14 21 4 11 18 25");
}

/* An argv of two words sorts after the first word alone, before a longer word. */
static void
test_command_words(void **state)
{
	struct fx *f = *state;

	th_proc(1, 0, "make");
	th_spawn(2, 1);
	th_exec(2, "ab", (const char *)NULL);
	th_spawn(3, 1);
	th_exec(3, "a", "b", (const char *)NULL);
	th_spawn(4, 1);
	th_exec(4, "a", (const char *)NULL);
	th_spawn(5, 1);
	th_exec(5, "a", "", (const char *)NULL);
	th_exit(4, 0, 0);
	view_set_sort(f->v, SETTINGS_COL_COMMAND, 0, th_clock);
	assert_string_equal(rows(f->v), "1 4 5 3 2");
}

/*
 * Live: a new process goes to its place at once; one whose value changes
 * stays where it is until the refresh; the cursor stays on its process,
 * at its height on the screen.
 */
static void
test_stable_until_refresh(void **state)
{
	struct fx *f = *state;

	siblings();
	view_set_height(f->v, 10);
	view_set_sort(f->v, SETTINGS_COL_CPU, 1, th_clock);
	assert_string_equal(rows(f->v), "1 2 4 3 5");
	assert_int_equal(view_select(f->v, 4), 0);
	assert_int_equal(view_cursor(f->v), 2);
	/* New ones go to their place at once: running, no CPU yet, last. */
	th_proc(6, 1, "cc1");
	th_proc(7, 1, "cc1");
	assert_string_equal(rows(f->v), "1 2 4 3 5 6 7");
	assert_false(view_sort_pending(f->v));
	/* 5 and 6 end with the most CPU: they stay put until the refresh. */
	exit_with(6, 0, 0, 99, 0, 1);
	exit_with(5, 0, 0, 500, 0, 1);
	assert_true(view_sort_pending(f->v));
	assert_string_equal(rows(f->v), "1 2 4 3 5 6 7");
	assert_int_equal(view_cursor_id(f->v), 4);
	assert_int_equal(view_sort_refresh(f->v, th_clock), 1);
	assert_string_equal(rows(f->v), "1 5 6 2 4 3 7");
	/* The cursor is still on 4, now one row lower. */
	assert_int_equal(view_cursor_id(f->v), 4);
	assert_int_equal(view_cursor(f->v), 4);
	assert_false(view_sort_pending(f->v));
	assert_int_equal(view_sort_refresh(f->v, th_clock), 0);
}

/* The policy: at most every 2 seconds, never within 2 seconds of a key. */
static void
test_tick_policy(void **state)
{
	struct fx *f = *state;
	int64_t t0;

	siblings();
	view_set_sort(f->v, SETTINGS_COL_CPU, 1, th_clock);
	t0 = th_clock;
	exit_with(5, 0, 0, 500, 0, 1);
	assert_string_equal(rows(f->v), "1 2 4 3 5");
	assert_int_equal(view_sort_tick(f->v, t0 + 1000000, 0), 0);	/* sorted 1 s ago */
	assert_int_equal(view_sort_tick(f->v, t0 + 3000000, t0 + 2500000), 0); /* a key 0.5 s ago */
	assert_string_equal(rows(f->v), "1 2 4 3 5");
	assert_int_equal(view_sort_tick(f->v, t0 + 5000000, t0 + 2500000), 1);
	assert_string_equal(rows(f->v), "1 5 2 4 3");
	/* Nothing changed since: nothing to do. */
	assert_int_equal(view_sort_tick(f->v, t0 + 9000000, 0), 0);
}

/* TIME of running processes moves with the clock, without events. */
static void
test_time_ticks(void **state)
{
	struct fx *f = *state;

	th_proc(1, 0, "make");
	th_proc(2, 1, "a");
	th_proc(3, 1, "b");
	exit_with(2, 0, 0, 0, 0, 1);		/* a ran 2 ms */
	view_set_sort(f->v, SETTINGS_COL_TIME, 1, th_clock);
	/* b has run 1 ms so far: a first. */
	assert_string_equal(rows(f->v), "1 2 3");
	assert_true(view_sort_pending(f->v));	/* b runs: its place may change */
	view_sort_refresh(f->v, th_clock + 1000000);
	assert_string_equal(rows(f->v), "1 3 2");
}

/* Folds and the filter apply to the sorted rows; searches walk them as shown. */
static void
test_folds_filter_search(void **state)
{
	struct fx *f = *state;

	siblings();
	th_proc(6, 3, "cc1 a.c");
	th_proc(7, 3, "as a.s");
	exit_with(6, 0, 0, 1, 0, 1);
	exit_with(7, 1, 0, 5, 0, 1);
	view_set_sort(f->v, SETTINGS_COL_CPU, 1, th_clock);
	assert_string_equal(rows(f->v), "1 2 4 3 7 6 5");
	view_set_folded(f->v, 3, 1);
	assert_string_equal(rows(f->v), "1 2 4 3 5");
	view_set_folded(f->v, 3, 0);
	view_set_filter(f->v, "a.");
	assert_string_equal(rows(f->v), "1 3 7 6");
	view_set_filter(f->v, NULL);
	/* n walks down the rows as they are shown: 3, then 7 (not 6, created first), then 6. */
	assert_int_equal(view_select(f->v, 1), 0);
	assert_int_equal(view_search(f->v, "a.", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 3);
	assert_int_equal(view_search(f->v, "a.", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 7);
	assert_int_equal(view_search(f->v, "a.", 0, 1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 6);
	assert_int_equal(view_search(f->v, "a.", 0, -1, 0), 0);
	assert_int_equal(view_cursor_id(f->v), 7);
	/* x too: after 4 comes 3 (failed) here; in creation order it would be 7. */
	assert_int_equal(view_select(f->v, 4), 0);
	assert_int_equal(view_next_bad(f->v, 1), 0);
	assert_int_equal(view_cursor_id(f->v), 3);
	assert_int_equal(view_next_bad(f->v, 1), 0);
	assert_int_equal(view_cursor_id(f->v), 7);
}

/* A filter that shows few of many links the shown ones: sorted too. */
static void
test_sparse_filter_sorted(void **state)
{
	struct fx *f = *state;
	uint32_t id;

	th_proc(1, 0, "make");
	for (id = 2; id <= 200; id++) {
		th_spawn(id, 1);
		th_exec(id, id % 50 == 0 ? "needle" : "hay", (const char *)NULL);
		exit_with(id, 0, 0, id % 7, 0, 1);
	}
	view_set_sort(f->v, SETTINGS_COL_CPU, 1, th_clock);
	view_set_filter(f->v, "needle");
	/* CPU: 50 % 7 = 1, 100 % 7 = 2, 150 % 7 = 3, 200 % 7 = 4. */
	assert_string_equal(rows(f->v), "1 200 150 100 50");
	assert_true(view_sparse_builds(f->v) > 0);
}

/* ---- against a plain comparison sort ---- */

static uint32_t rnd(void);

/* The argv bytes of a process, for the reference. */
static const struct ptree *ref_pt;
static int ref_desc;

static int
ref_cmp(const void *pa, const void *pb)
{
	uint32_t a = *(const uint32_t *)pa, b = *(const uint32_t *)pb;
	const struct exec_rec *xa = ptree_shown_exec(ref_pt, a), *xb = ptree_shown_exec(ref_pt, b);
	size_t la = exec_arglen(xa), lb = exec_arglen(xb), m = la < lb ? la : lb;
	int r = memcmp(xa->args, xb->args, m);

	if (r == 0)
		r = (la > lb) - (la < lb);
	if (ref_desc)
		r = -r;
	return r != 0 ? r : (a > b) - (a < b);
}

/*
 * Hundreds of siblings whose argvs are words of a, b and empty arguments:
 * long shared prefixes, texts that end inside others', equal ones.
 */
static void
test_command_against_qsort(void **state)
{
	struct fx *f = *state;
	static const char *const w[] = { "a", "aa", "ab", "", "b", "aaaaaaaaaaaaaaaaaaaa" };
	const char *argv[12];
	uint32_t ref[600], id, r;
	size_t i, n;

	th_proc(1, 0, "make");
	for (id = 2; id <= 601; id++) {
		n = rnd() % 12;
		for (i = 0; i < n; i++)
			argv[i] = w[rnd() % 6];
		th_spawn(id, 1);
		switch (n) {
		/* th_exec takes the words one by one. */
		case 0: th_exec(id, (const char *)NULL); break;
		case 1: th_exec(id, argv[0], (const char *)NULL); break;
		case 2: th_exec(id, argv[0], argv[1], (const char *)NULL); break;
		case 3: th_exec(id, argv[0], argv[1], argv[2], (const char *)NULL); break;
		case 4: th_exec(id, argv[0], argv[1], argv[2], argv[3], (const char *)NULL); break;
		case 5: th_exec(id, argv[0], argv[1], argv[2], argv[3], argv[4], (const char *)NULL);
			break;
		default:
			th_exec(id, argv[0], argv[1], argv[2], argv[3], argv[4], argv[5], "a", "a",
			    "a", argv[n - 1], (const char *)NULL);
			break;
		}
	}
	ref_pt = f->pt;
	for (ref_desc = 0; ref_desc < 2; ref_desc++) {
		view_set_sort(f->v, SETTINGS_COL_COMMAND, ref_desc, th_clock);
		for (id = 2; id <= 601; id++)
			ref[id - 2] = id;
		qsort(ref, 600, sizeof *ref, ref_cmp);
		view_sync(f->v);
		assert_int_equal(view_nrows(f->v), 601);
		for (r = 1; r <= 600; r++)
			assert_int_equal(view_row_id(f->v, r), ref[r - 1]);
	}
}

/* ---- a random tree, kept up to date, against one sorted from scratch ---- */

static uint32_t rnd_state = 12345;

static uint32_t
rnd(void)
{
	return th_xorshift(&rnd_state);
}

/* Pre-order of the whole tree through an order. */
static void
preorder(const struct ptree *pt, const struct order *o, uint32_t *out, uint32_t *n)
{
	uint32_t id = order_first(o, 0), c;

	*n = 0;
	while (id != 0) {
		out[(*n)++] = id;
		if ((c = order_first(o, id)) != 0) {
			id = c;
			continue;
		}
		while (id != 0 && (c = order_next(o, id)) == 0)
			id = ptree_node(pt, id)->parent;
		id = id != 0 ? c : 0;
	}
}

static void
test_incremental_matches_full(void **state)
{
	static const enum settings_col cols[] = {
		SETTINGS_COL_CPU, SETTINGS_COL_STATE, SETTINGS_COL_COMMAND, SETTINGS_COL_PID,
		SETTINGS_COL_THREADS, SETTINGS_COL_EXE, SETTINGS_COL_TIME,
	};
	static const char *const words[] = { "cc", "cc -c", "ld", "sh -c x", "sh", "as" };
	struct fx *f = *state;
	struct order *fresh;
	uint32_t a[3000], b[3000], na, nb, id = 1, k, p;
	size_t c;
	int desc;

	th_proc(1, 0, "make");
	for (c = 0; c < sizeof cols / sizeof cols[0] * 2; c++) {
		desc = (int)(c & 1);
		view_set_sort(f->v, cols[c / 2], desc, th_clock);
		for (k = 0; k < 200; k++) {
			/* Spawn, exec, exit at random, in batches between syncs. */
			switch (rnd() % 4) {
			case 0:
			case 1:
				p = 1 + rnd() % id;
				spawn_pid(++id, p, (pid_t)(rnd() % 5000));
				th_exec(id, words[rnd() % 6], rnd() % 2 ? "x.c" : "y.c",
				    (const char *)NULL);
				break;
			case 2:
				p = 1 + rnd() % id;
				if (ptree_node(f->pt, p)->flags & NODE_RUNNING)
					exit_with(p, (int)(rnd() % 3), 0, rnd() % 20, rnd() % 9,
					    1 + rnd() % 3);
				break;
			default:
				view_sync(f->v);
				if (rnd() % 3 == 0)
					view_sort_refresh(f->v, th_clock);
				break;
			}
		}
		view_sort_refresh(f->v, th_clock);
		fresh = order_new(f->pt);
		order_set(fresh, cols[c / 2], desc, th_clock);
		preorder(f->pt, view_order(f->v), a, &na);
		preorder(f->pt, fresh, b, &nb);
		assert_int_equal(na, ptree_size(f->pt));
		assert_int_equal(nb, na);
		assert_memory_equal(a, b, na * sizeof *a);
		order_free(fresh);
	}
	assert_true(id > 300);
}

/*
 * Many siblings (a make with thousands of children): their order is kept
 * in an array too, new ones placed by a binary search, moved ones taken
 * out of it; from the start (sorted when already big) and once a walk
 * grew long (a small family that grew).
 */
static void
test_big_families(void **state)
{
	static const enum settings_col cols[] = { SETTINGS_COL_CPU, SETTINGS_COL_COMMAND };
	static const char *const words[] = { "cc", "ld", "sh -c x", "as", "cc -c" };
	struct fx *f = *state;
	struct order *fresh;
	static uint32_t a[20000], b[20000];
	uint32_t na, nb, id = 2, k, c, p;
	int round, desc;

	th_proc(1, 0, "make");
	th_proc(2, 0, "second root");
	for (c = 0; c < 4; c++) {
		desc = (int)(c & 1);
		/* Sorted with root 1 big and root 2 small, then both grow. */
		for (k = 0; k < 700 && c == 0; k++) {
			spawn_pid(++id, 1, (pid_t)(rnd() % 5000));
			th_exec(id, words[rnd() % 5], (const char *)NULL);
			exit_with(id, 0, 0, rnd() % 50, 0, 1);
		}
		view_set_sort(f->v, cols[c / 2], desc, th_clock);
		for (round = 0; round < 30; round++) {
			for (k = 0; k < 40; k++) {
				p = rnd() % 3 == 0 ? 2 : 1;
				spawn_pid(++id, p, (pid_t)(rnd() % 5000));
				th_exec(id, words[rnd() % 5], rnd() % 2 ? "a.c" : "b.c",
				    (const char *)NULL);
				if (rnd() % 2)
					exit_with(id, (int)(rnd() % 2), 0, rnd() % 50, 0, 1);
			}
			/* Some older ones end, or exec: they move at the refresh. */
			for (k = 0; k < 10; k++) {
				p = 3 + rnd() % (id - 2);
				if (ptree_node(f->pt, p)->flags & NODE_RUNNING)
					exit_with(p, 0, 0, rnd() % 50, 0, 1);
				else
					th_exec(p, words[rnd() % 5], (const char *)NULL);
			}
			view_sync(f->v);
			if (round % 3 == 0)
				view_sort_refresh(f->v, th_clock);
		}
		view_sort_refresh(f->v, th_clock);
		fresh = order_new(f->pt);
		order_set(fresh, cols[c / 2], desc, th_clock);
		preorder(f->pt, view_order(f->v), a, &na);
		preorder(f->pt, fresh, b, &nb);
		assert_int_equal(na, ptree_size(f->pt));
		assert_int_equal(nb, na);
		assert_memory_equal(a, b, na * sizeof *a);
		order_free(fresh);
	}
	assert_true(ptree_node(f->pt, 2)->ndesc > 600);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_columns_both_ways, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pid_and_time, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_prefixes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_words, setup, teardown),
		cmocka_unit_test_setup_teardown(test_command_against_qsort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stable_until_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tick_policy, setup, teardown),
		cmocka_unit_test_setup_teardown(test_time_ticks, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folds_filter_search, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sparse_filter_sorted, setup, teardown),
		cmocka_unit_test_setup_teardown(test_incremental_matches_full, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_families, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
