/*
 * bench/uibench.c: the tree UI's cost on a big trace, without a terminal.
 *
 *   bench/uibench TRACE [WIDTH HEIGHT]
 *
 * Loads the trace into the model and the view as ptop -r does, then times
 * what one key costs up to a finished frame (ui_key, then ui_prepare: the
 * view's sync, the screens' refresh and layout, and ui_draw into a canvas:
 * everything but the curses copy, which only touches the lines that
 * changed).  Also reports the
 * memory the model and the view hold per process, with and without the
 * argv text.  bench/ui.sh runs it and the real binary in tmux.
 *
 * Then the sort: each first sort by a column (a key, then the frame),
 * moving while sorted, and a live build simulated on top of the trace
 * (processes spawned, exec'd and ended through the same bus, a frame every
 * 1,000 of them), sorted and not, with the refresh that moves the ended
 * ones to their place.  Times are wall clock (UIBENCH_CLOCK=cpu: CPU time
 * of the process); on a busy machine compare them with another build
 * measured in the same run.
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "critpath.h"
#include "event.h"
#include "ptree.h"
#include "screens.h"
#include "tracefile.h"
#include "ui.h"
#include "view.h"

static struct ui U;
static struct canvas C;
static struct bus B;
static int64_t clock_us;	/* the simulated live clock */

/* UIBENCH_CLOCK=cpu: the process's CPU time (both threads), for a busy machine. */
static clockid_t bench_clock = CLOCK_MONOTONIC;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(bench_clock, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long
rss_kb(void)
{
	long pages = 0, resident = 0;
	FILE *fp = fopen("/proc/self/statm", "r");

	if (fp != NULL) {
		if (fscanf(fp, "%ld %ld", &pages, &resident) != 2)
			resident = 0;
		fclose(fp);
	}
	return resident * (sysconf(_SC_PAGESIZE) / 1024);
}

static void
frame(void)
{
	ui_prepare(&U, C.w, C.h);
	ui_draw(&C, &U);
}

/* One key, then a frame; returns milliseconds. */
static double
key(int k)
{
	double t0 = now_ms();

	ui_key(&U, k);
	frame();
	return now_ms() - t0;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Press k n times; print the median and the worst. */
static void
repeat(const char *what, int k, int n)
{
	double *t = calloc((size_t)n, sizeof *t);
	int i;

	for (i = 0; i < n; i++)
		t[i] = key(k);
	qsort(t, (size_t)n, sizeof *t, cmp_double);
	printf("  %-44s median %7.3f ms   max %7.3f ms   (%d presses)\n", what, t[n / 2],
	    t[n - 1], n);
	free(t);
}

static void
once(const char *what, const int *keys, int nkeys)
{
	double worst = 0, total = 0, t;
	int i;

	for (i = 0; i < nkeys; i++) {
		t = key(keys[i]);
		total += t;
		if (t > worst)
			worst = t;
	}
	if (nkeys == 1)
		printf("  %-44s %7.3f ms\n", what, total);
	else
		printf("  %-44s worst key %7.3f ms   total %7.3f ms (%d keys)\n", what, worst,
		    total, nkeys);
}

static int64_t
fake_now(void *ctx)
{
	return clock_us;
}

/*
 * A live build on top of the trace: n more processes under the root,
 * make -> sh -> gcc as gentrace writes them, each spawned, exec'd and
 * ended, the clock moving on; a frame every 1,000.  Prints the median
 * and worst frame.  *next_id is the next free id.
 */
static void
live(const char *what, uint32_t *next_id, int frames, int refresh)
{
	static const char sh_args[] = "/bin/sh\0-c\0gcc -O2 -c -o fileX.o fileX.c";
	static const char gcc_args[] = "gcc\0-O2\0-c\0-o\0fileX.o\0fileX.c";
	double *t = calloc((size_t)frames, sizeof *t), t0;
	struct event ev;
	uint32_t sh, gcc;
	int f, k;

	for (f = 0; f < frames; f++) {
		for (k = 0; k < 500; k++) {
			sh = (*next_id)++;
			gcc = (*next_id)++;
			memset(&ev, 0, sizeof ev);
			ev.kind = EV_SPAWN;
			ev.t_us = clock_us += 50;
			ev.id = sh;
			ev.parent = 1;
			ev.pid = (pid_t)(sh % 4000000);
			bus_emit(&B, &ev);
			ev.kind = EV_EXEC;
			ev.argv.data = sh_args;
			ev.argv.len = sizeof sh_args;
			ev.exe = "/usr/bin/dash";
			ev.cwd = "/home/user/src/project";
			bus_emit(&B, &ev);
			ev.kind = EV_SPAWN;
			ev.id = gcc;
			ev.parent = sh;
			ev.argv.len = 0;
			ev.exe = ev.cwd = NULL;
			bus_emit(&B, &ev);
			ev.kind = EV_EXEC;
			ev.argv.data = gcc_args;
			ev.argv.len = sizeof gcc_args;
			ev.exe = "/usr/bin/gcc";
			ev.cwd = "/home/user/src/project";
			bus_emit(&B, &ev);
			memset(&ev, 0, sizeof ev);
			ev.kind = EV_EXIT;
			ev.t_us = clock_us += 50;
			ev.id = gcc;
			ev.utime_us = (int64_t)(gcc % 997) * 1000;
			ev.maxrss_kb = 1000 + gcc % 5000;
			ev.nthreads = 1;
			bus_emit(&B, &ev);
			ev.id = sh;
			ev.utime_us += 1000;
			bus_emit(&B, &ev);
		}
		t0 = now_ms();
		if (refresh)
			view_sort_refresh(U.view, clock_us);
		frame();
		t[f] = now_ms() - t0;
	}
	qsort(t, (size_t)frames, sizeof *t, cmp_double);
	printf("  %-44s median %7.3f ms   max %7.3f ms   (%d frames)\n", what, t[frames / 2],
	    t[frames - 1], frames);
	free(t);
}

/* Bytes of argv, exe and cwd text the tree holds (the "plus argv text"). */
static size_t
text_bytes(const struct ptree *pt)
{
	const struct exec_rec *x;
	size_t total = 0;
	uint32_t id;

	for (id = 1; id <= ptree_size(pt); id++)
		for (x = ptree_node(pt, id)->exec; x != NULL; x = exec_prev(x))
			total += exec_arglen(x);
	return total;
}

int
main(int argc, char **argv)
{
	struct ptree *pt;
	struct view *v;
	struct sink s;
	struct bus bus;
	double t0, load;
	uint32_t next_id;
	long rss0, rss1;
	size_t mtree, mview, text, n;
	int w = 200, h = 60;

	if (argc != 2 && argc != 4) {
		fprintf(stderr, "usage: uibench TRACE [WIDTH HEIGHT]\n");
		return 2;
	}
	if (argc == 4) {
		w = atoi(argv[2]);
		h = atoi(argv[3]);
	}
	setlocale(LC_ALL, "C.UTF-8");
	if (getenv("UIBENCH_CLOCK") != NULL && strcmp(getenv("UIBENCH_CLOCK"), "cpu") == 0)
		bench_clock = CLOCK_PROCESS_CPUTIME_ID;
	rss0 = rss_kb();
	t0 = now_ms();
	pt = ptree_new();
	v = view_new(pt);
	bus_init(&bus);
	s = ptree_sink(pt);
	bus_add(&bus, &s);
	s = view_sink(v);
	bus_add(&bus, &s);
	/* As run.c: the view's state, then the histogram and profile sinks. */
	ui_init(&U, pt, v, 0, &screen_tree, screens_all);
	ui_add_sinks(&U, &bus);
	if (tracefile_read(argv[1], &bus) != 0)
		return 1;
	B = bus;
	view_sync(v);
	load = now_ms() - t0;
	rss1 = rss_kb();

	U.replay = argv[1];
	ui_layout(&U, w, h);
	canvas_resize(&C, w, h);
	n = ptree_size(pt);
	mtree = ptree_memory(pt);
	mview = view_memory(v) + tl_hist_memory(U.hist) + profile_memory(U.prof);
	text = text_bytes(pt);

	printf("trace: %s: %zu processes, %u rows shown, screen %dx%d\n", argv[1], n,
	    view_nrows(v), w, h);
	printf("load (read + model + view): %.0f ms\n", load);
	printf("memory: model %.1f MB, view %.1f MB; per process: %.1f bytes, %.1f without "
	    "argv text (%.1f bytes of argv a process)\n", mtree / 1e6, mview / 1e6,
	    (double)(mtree + mview) / n, (double)(mtree + mview - text) / n, (double)text / n);
	printf("of which the timeline's histogram %.1f KB, the profile %.1f KB\n",
	    tl_hist_memory(U.hist) / 1e3, profile_memory(U.prof) / 1e3);
	printf("resident set grew by %.1f MB while loading (%.1f bytes a process)\n",
	    (rss1 - rss0) / 1024.0, (rss1 - rss0) * 1024.0 / n);

	printf("key to frame (ui_key + ui_prepare + ui_draw, %dx%d):\n", w, h);
	t0 = now_ms();
	frame();
	printf("  %-44s %7.3f ms\n", "first frame", now_ms() - t0);
	repeat("Down", KEYC_DOWN, 2000);
	repeat("Up", KEYC_UP, 1000);
	repeat("PgDn", KEYC_NPAGE, 500);
	repeat("PgUp", KEYC_PPAGE, 200);
	once("End (to the last of all rows)", (int[]){ KEYC_END }, 1);
	once("Home", (int[]){ KEYC_HOME }, 1);
	repeat("} (scroll right)", '}', 20);
	repeat("{ (scroll left)", '{', 20);
	once("Left on the root: fold 100k processes", (int[]){ KEYC_LEFT }, 1);
	once("Right on the root: unfold them", (int[]){ KEYC_RIGHT }, 1);
	once("* on the root: fold every subtree", (int[]){ '*' }, 1);
	once("* again: unfold everything", (int[]){ '*' }, 1);
	once("x (next failed; from the top)", (int[]){ 'x' }, 1);
	repeat("x (next failed, again and again)", 'x', 100);
	repeat("X (previous failed)", 'X', 20);
	once("filter: \\ then type \"file0042\"", (int[]){ '\\', 'f', 'i', 'l', 'e', '0', '0', '4', '2' }, 9);
	once("filter: Enter", (int[]){ KEYC_ENTER }, 1);
	repeat("Down while filtered", KEYC_DOWN, 200);
	once("filter: \\ then Esc (clear)", (int[]){ '\\', KEYC_ESC }, 2);
	once("filter: \":failed\"", (int[]){ '\\', ':', 'f', KEYC_ENTER }, 4);
	once("filter: clear", (int[]){ '\\', KEYC_ESC }, 2);
	once("search: / then type \"file0200.c\"", (int[]){ '/', 'f', 'i', 'l', 'e', '0', '2', '0', '0', '.', 'c' }, 11);
	once("search: Enter", (int[]){ KEYC_ENTER }, 1);
	repeat("n (next match)", 'n', 50);
	repeat("N (previous match)", 'N', 10);
	once("search: no match anywhere", (int[]){ '/', 'Z', 'Q', KEYC_ESC }, 4);
	once("Enter: detail view", (int[]){ KEYC_ENTER }, 1);
	once("Esc: back", (int[]){ KEYC_ESC }, 1);
	repeat("f (follow mode on/off)", 'f', 10);

	/* Where the time went (issue 13): the first time, then again. */
	t0 = now_ms();
	{
		struct critpath *cp = critpath_new(pt);

		critpath_sync(cp);
		printf("  %-44s %7.3f ms (%zu steps)\n", "critical path alone (critpath_sync)",
		    now_ms() - t0, critpath_len(cp));
		critpath_free(cp);
	}
	once("Home, then t: the timeline, first time", (int[]){ KEYC_HOME, 't' }, 2);
	repeat("Down in the timeline", KEYC_DOWN, 500);
	repeat("w (zoom in)", 'w', 10);
	repeat("d (later)", 'd', 20);
	repeat("a (earlier)", 'a', 20);
	repeat("s (zoom out)", 's', 10);
	once("= (fit the run)", (int[]){ '=' }, 1);
	once("t: back to the tree", (int[]){ 't' }, 1);
	repeat("t (timeline on, off: again and again)", 't', 20);
	repeat("c (next step of the critical path)", 'c', 10);
	repeat("C (previous step)", 'C', 10);
	once("u: the profile, first time", (int[]){ 'u' }, 1);
	repeat("> (sort by the next column)", '>', 14);
	repeat("Down in the profile", KEYC_DOWN, 20);
	once("Enter: filter the tree to the program", (int[]){ KEYC_ENTER }, 1);
	once("filter: clear", (int[]){ '\\', KEYC_ESC }, 2);
	repeat("u, Esc (profile again and again)", 'u', 1);
	once("Esc", (int[]){ KEYC_ESC }, 1);
	repeat("u then Esc", 'u', 1);
	once("Esc", (int[]){ KEYC_ESC }, 1);
	once("filter: \":critical\"", (int[]){ '\\', ':', 'c', 'r', KEYC_ENTER }, 5);
	once("filter: clear", (int[]){ '\\', KEYC_ESC }, 2);
	printf("sort (siblings by a column; key to frame, %dx%d):\n", w, h);
	once("Home", (int[]){ KEYC_HOME }, 1);
	once("> : TIME, descending (first sort)", (int[]){ '>' }, 1);
	repeat("Down while sorted", KEYC_DOWN, 500);
	repeat("PgDn while sorted", KEYC_NPAGE, 200);
	once("End while sorted", (int[]){ KEYC_END }, 1);
	once("Home", (int[]){ KEYC_HOME }, 1);
	once("> : CPU, descending", (int[]){ '>' }, 1);
	once("I : CPU, ascending", (int[]){ 'I' }, 1);
	once("> : MAXRSS, descending", (int[]){ '>' }, 1);
	once("< five times: PID, ascending", (int[]){ '<', '<', '<', '<', '<' }, 5);
	once("F6, End, Enter: COMMAND, ascending", (int[]){ KEYC_F(6), KEYC_END, KEYC_ENTER }, 3);
	once("I : COMMAND, descending", (int[]){ 'I' }, 1);
	once("Left on the root: fold, sorted", (int[]){ KEYC_LEFT }, 1);
	once("Right on the root: unfold, sorted", (int[]){ KEYC_RIGHT }, 1);
	once("x (next failed, sorted; from the top)", (int[]){ 'x' }, 1);
	repeat("x (again and again, sorted)", 'x', 50);
	once("filter \":failed\" while sorted", (int[]){ '\\', ':', 'f', KEYC_ENTER }, 4);
	once("filter: clear", (int[]){ '\\', KEYC_ESC }, 2);
	printf("memory while sorted: view %.1f MB (%.1f bytes a process)\n",
	    view_memory(v) / 1e6, (double)view_memory(v) / n);

	/* Live: the same bus, a clock that moves, 1,000 processes a frame. */
	U.replay = NULL;
	U.hooks.now = fake_now;
	clock_us = ptree_last_t(pt) + 1000000;
	next_id = (uint32_t)ptree_size(pt) + 1;
	printf("live (1,000 new processes a frame on top of the trace):\n");
	once("F6, Home, Enter: START (creation order)", (int[]){ KEYC_F(6), KEYC_HOME, KEYC_ENTER }, 3);
	live("unsorted: a frame", &next_id, 20, 0);
	once("F6, CPU, Enter: CPU, descending", (int[]){ KEYC_F(6), KEYC_HOME, KEYC_DOWN,
	    KEYC_DOWN, KEYC_DOWN, KEYC_DOWN, KEYC_DOWN, KEYC_ENTER }, 8);
	live("sorted by CPU: a frame (new ones placed)", &next_id, 20, 0);
	live("sorted by CPU: refresh (ended ones moved) + frame", &next_id, 20, 1);
	once("F6, TIME, Enter: TIME, descending", (int[]){ KEYC_F(6), KEYC_UP, KEYC_ENTER }, 3);
	live("sorted by TIME: refresh + frame", &next_id, 20, 1);
	once("F6, End, Enter: COMMAND, ascending", (int[]){ KEYC_F(6), KEYC_END, KEYC_ENTER }, 3);
	live("sorted by COMMAND: refresh + frame", &next_id, 20, 1);
	printf("memory after the live part: model %.1f MB, view %.1f MB, %u processes\n",
	    ptree_memory(pt) / 1e6, view_memory(v) / 1e6, ptree_size(pt));

	ui_free(&U);
	canvas_free(&C);
	view_free(v);
	ptree_free(pt);
	return 0;
}
