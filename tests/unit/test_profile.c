/*
 * test_profile.c: processes grouped by program on synthetic trees: names
 * (exe basename, a fork's, argv[0] without an exe), counts and failures,
 * total wall and the union of lifetimes (overlapping, nested, disjoint,
 * out of order), running processes counted at read time, own CPU and
 * peak memory, sorting, the end of a trace; the :prog filter; the screen
 * (u, sorting keys, Enter).
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "profile.h"
#include "screens.h"
#include "tree_helpers.h"
#include "ui.h"

struct fx {
	struct ptree *pt;
	struct view *v;
	struct profile *p;
	struct ui u;
	struct canvas c;
	struct buf text;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct sink s;

	th_tree_view(&f->pt, &f->v, "make");
	f->p = profile_new(f->pt);
	s = profile_sink(f->p);
	bus_add(&th_bus, &s);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	bus_init(&th_bus);
	if (f->u.depth > 0) {
		f->u.prof = NULL;	/* ours */
		ui_free(&f->u);
	}
	canvas_free(&f->c);
	buf_free(&f->text);
	profile_free(f->p);
	view_free(f->v);
	ptree_free(f->pt);
	free(f);
	return 0;
}

/* A process running exe (NULL: unknown) with argv0, from start_ms. */
static void
run_at(uint32_t id, uint32_t parent, int64_t start_ms, const char *exe, const char *argv0)
{
	struct event ev;

	th_at(start_ms * 1000);
	th_spawn(id, parent);
	if (argv0 == NULL)
		return;		/* a fork that does not exec */
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC;
	ev.t_us = start_ms * 1000 + 100;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.argv.data = argv0;
	ev.argv.len = strlen(argv0) + 1;
	ev.exe = exe;
	bus_emit(&th_bus, &ev);
}

static void
end_at(uint32_t id, int64_t end_ms, int code, int sig, int64_t cpu_ms, long rss_kb)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT;
	ev.t_us = end_ms * 1000;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.code = code;
	ev.signal = sig;
	ev.utime_us = cpu_ms / 2 * 1000;	/* kept to the millisecond */
	ev.stime_us = (cpu_ms - cpu_ms / 2) * 1000;
	ev.maxrss_kb = rss_kb;
	ev.nthreads = 1;
	bus_emit(&th_bus, &ev);
}

/* The row of a program, by name; NULL if none. */
static const struct profile_row *
row(struct fx *f, const char *name, int64_t now_ms)
{
	const struct profile_row *r;
	size_t n, i;

	r = profile_rows(f->p, now_ms * 1000, PROF_NAME, 0, &n);
	for (i = 0; i < n; i++)
		if (r[i].namelen == strlen(name) && memcmp(r[i].name, name, r[i].namelen) == 0)
			return &r[i];
	return NULL;
}

static const char *
name_of(struct fx *f, uint32_t id)
{
	static char out[64];
	size_t len;
	const char *s = profile_program(f->pt, id, &len);

	snprintf(out, sizeof out, "%.*s", (int)len, s);
	return out;
}

static void
test_names(void **state)
{
	struct fx *f = *state;

	run_at(1, 0, 0, "/usr/bin/dash", "sh");
	run_at(2, 1, 1, NULL, NULL);			/* a subshell: the shell it is */
	run_at(3, 1, 2, "/usr/lib/gcc/cc1", "cc1");
	run_at(4, 1, 3, NULL, "./tools/gen.sh");	/* exe unknown: argv[0] */
	run_at(5, 1, 4, "/opt/x/dash", "dash");		/* another dash, the same program */
	run_at(6, 1, 5, NULL, "");			/* nothing to go by */
	th_at(6000);
	th_spawn(7, 0);					/* no exec anywhere above */
	assert_string_equal(name_of(f, 1), "dash");
	assert_string_equal(name_of(f, 2), "dash");
	assert_string_equal(name_of(f, 3), "cc1");
	assert_string_equal(name_of(f, 4), "gen.sh");
	assert_string_equal(name_of(f, 6), "?");
	assert_string_equal(name_of(f, 7), "?");
	assert_int_equal(row(f, "dash", 10)->count, 3);
	assert_int_equal(row(f, "dash", 10)->running, 3);
	assert_null(row(f, "sh", 10));
}

/* Union of lifetimes: overlapping, nested, disjoint; total wall adds up. */
static void
test_union(void **state)
{
	struct fx *f = *state;
	const struct profile_row *r;

	run_at(1, 0, 0, "/bin/make", "make");
	run_at(2, 1, 10, "/bin/cc", "cc");	/* [10, 30] */
	run_at(3, 1, 20, "/bin/cc", "cc");	/* [20, 40]: overlaps 2 */
	end_at(2, 30, 0, 0, 0, 0);
	run_at(4, 1, 35, "/bin/cc", "cc");	/* [35, 38]: inside 3 */
	end_at(4, 38, 0, 0, 0, 0);
	end_at(3, 40, 1, 0, 0, 0);
	run_at(5, 1, 50, "/bin/cc", "cc");	/* [50, 60]: apart */
	end_at(5, 60, 0, 0, 0, 0);
	r = row(f, "cc", 60);
	assert_int_equal(r->count, 4);
	assert_int_equal(r->failed, 1);
	assert_int_equal(r->running, 0);
	assert_int_equal(r->wall_us, (20 + 20 + 3 + 10) * 1000);
	assert_int_equal(r->covered_us, (30 + 10) * 1000);
	/* A long one, starting before all of them and ending after: one interval. */
	end_at(1, 70, 0, 0, 0, 0);
	run_at(6, 0, 80, "/bin/cc", "cc");
	end_at(6, 90, 0, 0, 0, 0);
	r = row(f, "make", 90);
	assert_int_equal(r->covered_us, 70 * 1000);
	r = row(f, "cc", 90);
	assert_int_equal(r->covered_us, (30 + 10 + 10) * 1000);
}

/* Processes ending out of time order (a damaged trace): still exact. */
static void
test_union_out_of_order(void **state)
{
	struct fx *f = *state;

	run_at(1, 0, 0, "/bin/sh", "sh");
	run_at(2, 1, 10, "/bin/t", "t");
	run_at(3, 1, 30, "/bin/t", "t");
	run_at(4, 1, 50, "/bin/t", "t");
	run_at(5, 1, 70, "/bin/t", "t");
	end_at(5, 80, 0, 0, 0, 0);	/* [70, 80] */
	end_at(3, 40, 0, 0, 0, 0);	/* [30, 40]: before it */
	end_at(2, 15, 0, 0, 0, 0);	/* [10, 15] */
	end_at(4, 75, 0, 0, 0, 0);	/* [50, 75]: joins [70, 80] */
	assert_int_equal(row(f, "t", 100)->covered_us, (5 + 10 + 30) * 1000);
	run_at(6, 1, 12, "/bin/t", "t");
	end_at(6, 52, 0, 0, 0, 0);	/* [12, 52]: bridges all but the first's start */
	assert_int_equal(row(f, "t", 100)->covered_us, 70 * 1000);
}

/* Running processes: counted until now, their union with the ended ones. */
static void
test_running(void **state)
{
	struct fx *f = *state;
	const struct profile_row *r;

	run_at(1, 0, 0, "/bin/make", "make");
	run_at(2, 1, 10, "/bin/cc", "cc");
	end_at(2, 20, 0, 0, 0, 0);
	run_at(3, 1, 30, "/bin/cc", "cc");
	run_at(4, 1, 35, "/bin/cc", "cc");
	r = row(f, "cc", 50);
	assert_int_equal(r->count, 3);
	assert_int_equal(r->running, 2);
	assert_int_equal(r->wall_us, (10 + 20 + 15) * 1000);
	assert_int_equal(r->covered_us, (10 + 20) * 1000);
	assert_int_equal(r->cpu_us, 0);
	r = row(f, "cc", 60);	/* time moves: so do they */
	assert_int_equal(r->covered_us, (10 + 30) * 1000);
	/* One that started before an ended one's end: they merge. */
	run_at(5, 1, 40, "/bin/ld", "ld");
	end_at(5, 45, 0, 0, 0, 0);
	run_at(6, 1, 42, "/bin/ld", "ld");
	assert_int_equal(row(f, "ld", 50)->covered_us, 10 * 1000);
	/* An exec moves a running process to another program. */
	run_at(7, 1, 46, "/bin/sh", "sh");
	assert_int_equal(row(f, "sh", 50)->count, 1);
	th_at(47000);
	th_exec(7, "ld", (const char *)NULL);	/* th_exec: exe /usr/bin/x */
	assert_int_equal(row(f, "sh", 50)->count, 0);
	assert_int_equal(row(f, "x", 50)->count, 1);
}

/* Own CPU and peak memory: wait4's figures less the children waited for. */
static void
test_own_cpu_rss(void **state)
{
	struct fx *f = *state;
	const struct profile_row *r;

	run_at(1, 0, 0, "/bin/make", "make");
	run_at(2, 1, 1, "/bin/sh", "sh");
	run_at(3, 2, 2, "/bin/cc", "cc");
	run_at(4, 2, 3, "/bin/true", "true");
	end_at(3, 10, 0, 0, 800, 90000);
	end_at(4, 11, 0, 0, 5, 1000);
	end_at(2, 12, 0, 0, 810, 90000);	/* its own: 5 ms; its peak was cc's */
	run_at(5, 1, 13, "/bin/sh", "sh");
	end_at(5, 14, 0, 0, 3, 2000);		/* a shell alone: 2 MB */
	run_at(6, 1, 15, "/bin/daemon", "d");	/* outlives make: not subtracted */
	end_at(1, 20, 0, 0, 900, 90000);
	end_at(6, 30, 0, 0, 50, 500);
	assert_int_equal(profile_own_cpu(f->pt, 2), 5000);
	assert_int_equal(profile_own_rss(f->pt, 2), 0);
	assert_int_equal(profile_own_rss(f->pt, 3), 90000);
	assert_int_equal(profile_own_cpu(f->pt, 1), (900 - 810 - 3) * 1000);
	r = row(f, "sh", 30);
	assert_int_equal(r->cpu_us, (5 + 3) * 1000);
	assert_int_equal(r->maxrss_kb, 2000);
	r = row(f, "cc", 30);
	assert_int_equal(r->cpu_us, 800 * 1000);
	assert_int_equal(r->maxrss_kb, 90000);
	assert_int_equal(row(f, "daemon", 30)->cpu_us, 50 * 1000);
	/* More CPU in the children than the parent (it did not wait for all): 0, not less. */
	run_at(7, 0, 31, "/bin/p", "p");
	run_at(8, 7, 32, "/bin/q", "q");
	end_at(8, 33, 0, 0, 100, 0);
	end_at(7, 34, 0, 0, 10, 0);
	assert_int_equal(profile_own_cpu(f->pt, 7), 0);
	/* Killed counts as failed. */
	run_at(9, 0, 35, "/bin/q", "q");
	end_at(9, 36, 0, 9, 0, 0);
	assert_int_equal(row(f, "q", 40)->failed, 1);
}

/* Sorted by each column, either way; ties by name. */
static void
test_sort(void **state)
{
	struct fx *f = *state;
	const struct profile_row *r;
	size_t n;

	run_at(1, 0, 0, "/bin/b", "b");
	end_at(1, 50, 0, 0, 10, 300);
	run_at(2, 0, 0, "/bin/a", "a");
	end_at(2, 10, 1, 0, 40, 100);
	run_at(3, 0, 20, "/bin/c", "c");
	end_at(3, 30, 0, 0, 10, 200);
	run_at(4, 0, 40, "/bin/c", "c");
	end_at(4, 60, 0, 0, 10, 200);
	r = profile_rows(f->p, 60000, PROF_WALL, 1, &n);
	assert_int_equal(n, 3);
	assert_string_equal(r[0].name, "b");	/* 50 ms */
	assert_string_equal(r[1].name, "c");	/* 30 ms */
	r = profile_rows(f->p, 60000, PROF_WALL, 0, &n);
	assert_string_equal(r[0].name, "a");
	r = profile_rows(f->p, 60000, PROF_COUNT, 1, &n);
	assert_string_equal(r[0].name, "c");
	assert_string_equal(r[1].name, "a");	/* a tie with b: by name */
	r = profile_rows(f->p, 60000, PROF_FAILED, 1, &n);
	assert_string_equal(r[0].name, "a");
	r = profile_rows(f->p, 60000, PROF_CPU, 1, &n);
	assert_string_equal(r[0].name, "a");
	r = profile_rows(f->p, 60000, PROF_RSS, 1, &n);
	assert_string_equal(r[0].name, "b");
	r = profile_rows(f->p, 60000, PROF_COVERED, 0, &n);
	assert_string_equal(r[0].name, "a");	/* 10 */
	assert_string_equal(r[2].name, "b");	/* 50; c covers 30 */
	r = profile_rows(f->p, 60000, PROF_NAME, 1, &n);
	assert_string_equal(r[0].name, "c");
	assert_string_equal(profile_col_name(PROF_COVERED), "COVERED");
	assert_true(profile_memory(f->p) > 0);
}

/* The end of the trace: what still ran counts as lost, until the last event. */
static void
test_end(void **state)
{
	struct fx *f = *state;
	const struct profile_row *r;

	run_at(1, 0, 0, "/bin/make", "make");
	run_at(2, 1, 10, "/bin/sleep", "sleep");
	end_at(1, 40, 0, 0, 0, 0);
	bus_end(&th_bus);
	r = row(f, "sleep", 1000);
	assert_int_equal(r->running, 0);
	assert_int_equal(r->count, 1);
	assert_int_equal(r->failed, 0);
	assert_int_equal(r->wall_us, 30 * 1000);
	assert_int_equal(r->covered_us, 30 * 1000);
	/* An exit the tree ignores (ended already) changes nothing. */
	end_at(2, 50, 1, 0, 0, 0);
	assert_int_equal(row(f, "sleep", 1000)->count, 1);
}

/*
 * At the end the union's intervals go (nothing can merge with them any
 * more): runs that never overlap kept one each until then.  The totals
 * stay what they were.
 */
static void
test_end_frees(void **state)
{
	struct fx *f = *state;
	size_t before, after;
	uint32_t id;

	run_at(1, 0, 0, "/bin/make", "make");
	for (id = 2; id <= 1001; id++) {
		run_at(id, 1, 2 * id, "/bin/cc", "cc");
		end_at(id, 2 * id + 1, 0, 0, 0, 0);
	}
	assert_int_equal(row(f, "cc", 5000)->covered_us, 1000 * 1000);
	before = profile_memory(f->p);
	end_at(1, 3000, 0, 0, 0, 0);
	bus_end(&th_bus);
	after = profile_memory(f->p);
	assert_true(before - after >= 1000 * 2 * sizeof(int64_t));
	assert_int_equal(row(f, "cc", 5000)->covered_us, 1000 * 1000);
	assert_int_equal(row(f, "cc", 5000)->count, 1000);
	assert_int_equal(row(f, "make", 5000)->covered_us, 3000 * 1000);
}

/*
 * profile_defer (a replay): no union while the trace loads, the same rows
 * as the profile that kept one once it ends.  Program a starts its runs in
 * id order (one pass); b's come out of order (the general way); c's
 * overlap; some still run at the end (lost).
 */
static void
test_defer(void **state)
{
	struct fx *f = *state;
	static const char *const names[] = { "a", "b", "c" };
	struct profile *d = profile_new(f->pt);
	struct sink s = profile_sink(d);
	const struct profile_row *r, *rd;
	uint32_t id, seed = 7, k;
	int64_t start[400], ta = 1;
	char exe[16];
	size_t i, j, n, nd;

	profile_defer(d);
	bus_add(&th_bus, &s);
	run_at(1, 0, 0, "/bin/make", "make");
	for (id = 2; id < 400; id++) {
		k = id % 3;
		if (k == 0)
			start[id] = ta += 1 + th_xorshift(&seed) % 5;
		else if (k == 1)	/* apart and in order first, then anywhere */
			start[id] = id < 100 ? 50 * (int64_t)id : 1 + th_xorshift(&seed) % 900;
		else
			start[id] = 1 + (int64_t)id / 4;
		snprintf(exe, sizeof exe, "/bin/%s", names[k]);
		run_at(id, 1, start[id], exe, names[k]);
	}
	for (i = 0; i < 350; i++) {
		id = 2 + th_xorshift(&seed) % 398;
		end_at(id, start[id] + 1 + th_xorshift(&seed) % 40, 0, 0, 0, 0);
	}
	/* 60 runs of a program one after the other: 60 intervals kept, or none. */
	for (id = 400; id < 460; id++) {
		run_at(id, 1, 3000 + 10 * (int64_t)id, "/bin/seq", "seq");
		end_at(id, 3000 + 10 * (int64_t)id + 5, 0, 0, 0, 0);
	}
	assert_true(profile_memory(d) < profile_memory(f->p));
	end_at(1, 9000, 0, 0, 0, 0);
	bus_end(&th_bus);
	r = profile_rows(f->p, 9000, PROF_NAME, 0, &n);
	rd = profile_rows(d, 9000, PROF_NAME, 0, &nd);
	assert_int_equal(n, nd);
	assert_int_equal(n, 5);
	for (i = 0; i < n; i++) {
		j = i;
		assert_string_equal(r[i].name, rd[j].name);
		assert_int_equal(r[i].count, rd[j].count);
		assert_int_equal(r[i].wall_us, rd[j].wall_us);
		assert_int_equal(r[i].covered_us, rd[j].covered_us);
		assert_true(rd[j].covered_us > 0);
	}
	bus_init(&th_bus);
	profile_free(d);
}

/* Many running processes: the running set grows, shrinks, rehashes. */
static void
test_many(void **state)
{
	struct fx *f = *state;
	uint32_t id;

	run_at(1, 0, 0, "/bin/make", "make");
	for (id = 2; id <= 2000; id++)
		run_at(id, 1, id, "/bin/cc", "cc");
	for (id = 2; id <= 2000; id += 2)
		end_at(id, 3000 + id, 0, 0, 0, 0);
	assert_int_equal(row(f, "cc", 5000)->running, 999);
	assert_int_equal(row(f, "cc", 5000)->count, 1999);
	for (id = 3; id <= 2000; id += 2)
		end_at(id, 6000 + id, 0, 0, 0, 0);
	assert_int_equal(row(f, "cc", 9000)->running, 0);
	assert_int_equal(row(f, "cc", 9000)->covered_us, (7999 - 2) * 1000);
}

/* :prog NAME: the processes of that program (exactly), with their ancestors. */
static void
test_filter(void **state)
{
	struct fx *f = *state;

	run_at(1, 0, 0, "/bin/make", "make");
	run_at(2, 1, 1, "/bin/sh", "sh");
	run_at(3, 2, 2, "/usr/bin/cc", "cc");
	run_at(4, 1, 3, "/usr/bin/ccache", "ccache");
	view_set_filter(f->v, ":prog cc");
	view_sync(f->v);
	assert_int_equal(view_nrows(f->v), 3);
	assert_true(view_matches(f->v, 3));
	assert_false(view_matches(f->v, 4));
	assert_false(view_matches(f->v, 2));
	view_set_filter(f->v, ":p make");	/* a prefix */
	assert_int_equal(view_nrows(f->v), 1);
	view_set_filter(f->v, ":prog");		/* no name: text */
	assert_int_equal(view_nrows(f->v), 0);
}

/* The screen: u opens it, > and I sort, Enter filters the tree, Esc goes back. */
static void
test_screen(void **state)
{
	struct fx *f = *state;
	const char *t;

	ui_init(&f->u, f->pt, f->v, 0, &screen_tree, screens_all);
	f->u.replay = "t";
	f->u.prof = f->p;
	run_at(1, 0, 0, "/bin/make", "make");
	run_at(2, 1, 1, "/bin/sh", "sh");
	run_at(3, 2, 2, "/usr/bin/cc", "cc");
	end_at(3, 50, 1, 0, 40, 5000);
	end_at(2, 60, 0, 0, 45, 5000);
	end_at(1, 70, 0, 0, 46, 5000);
	f->u.now_us = 70000;
	ui_key(&f->u, 'u');
	assert_ptr_equal(ui_top(&f->u), &screen_profile);
	ui_prepare(&f->u, 100, 20);
	canvas_resize(&f->c, 100, 20);
	ui_draw(&f->c, &f->u);
	canvas_text(&f->c, &f->text);
	t = f->text.p;
	assert_non_null(strstr(t, "COUNT FAILED     WALL\xe2\x96\xbc   COVERED       CPU  MAXRSS PROGRAM"));
	assert_non_null(strstr(t, "      1      0    0.070s    0.070s    0.001s       - make"));
	assert_non_null(strstr(t, "      1      1    0.048s    0.048s    0.040s    4.9M cc"));
	ui_key(&f->u, 'I');		/* shortest first: the cursor stays on make, now last */
	ui_key(&f->u, KEYC_UP);		/* sh */
	ui_key(&f->u, '>');		/* sorted by COVERED: the cursor stays on sh */
	ui_prepare(&f->u, 100, 20);
	ui_key(&f->u, KEYC_ENTER);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_string_equal(view_filter(f->v), ":prog sh");
	ui_key(&f->u, 'u');
	ui_key(&f->u, KEYC_ESC);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_names, setup, teardown),
		cmocka_unit_test_setup_teardown(test_union, setup, teardown),
		cmocka_unit_test_setup_teardown(test_union_out_of_order, setup, teardown),
		cmocka_unit_test_setup_teardown(test_running, setup, teardown),
		cmocka_unit_test_setup_teardown(test_own_cpu_rss, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end, setup, teardown),
		cmocka_unit_test_setup_teardown(test_end_frees, setup, teardown),
		cmocka_unit_test_setup_teardown(test_defer, setup, teardown),
		cmocka_unit_test_setup_teardown(test_many, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
