/*
 * test_timeline.c: the timeline's geometry (bars to the eighth of a cell,
 * clipping, glyphs, zoom, pan, the ruler's steps and labels), the
 * running-processes histogram (means, coarser bins as the run grows, the
 * live tail, peak), and the timeline screen drawn into a canvas: bars,
 * marks, gutter, ruler, sparkline, folds, ASCII, keys.
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
#include <wchar.h>

#include <cmocka.h>

#include "screens.h"
#include "timeline.h"
#include "tree_helpers.h"
#include "ui.h"

/* ---- geometry ------------------------------------------------------------- */

static void
test_bar(void **state)
{
	struct tl_window w = { 0, 800 };	/* 10 cells of 80 us: an eighth is 10 us */
	struct tl_bar b;
	int from, to;

	assert_true(tl_bar(&w, 10, 0, 800, &b));
	assert_int_equal(b.x0, 0);
	assert_int_equal(b.lo, 0);
	assert_int_equal(b.x1, 9);
	assert_int_equal(b.hi, 8);
	assert_false(b.cut_left || b.cut_right);
	/* Ends inside cells: the start rounds down, the end up, to an eighth. */
	assert_true(tl_bar(&w, 10, 15, 85, &b));
	assert_int_equal(b.x0, 0);
	assert_int_equal(b.lo, 1);
	assert_int_equal(b.x1, 1);
	assert_int_equal(b.hi, 1);
	tl_bar_cell(&b, 0, &from, &to);
	assert_int_equal(from, 1);
	assert_int_equal(to, 8);
	tl_bar_cell(&b, 1, &from, &to);
	assert_int_equal(from, 0);
	assert_int_equal(to, 1);
	tl_bar_cell(&b, 2, &from, &to);
	assert_int_equal(to - from, 0);
	/* Too short to see: one eighth all the same. */
	assert_true(tl_bar(&w, 10, 100, 100, &b));
	assert_int_equal(b.x0, 1);
	assert_int_equal(b.lo, 2);
	assert_int_equal(b.x1, 1);
	assert_int_equal(b.hi, 3);
	/* An end before the start is the start. */
	assert_true(tl_bar(&w, 10, 100, 50, &b));
	assert_int_equal(b.hi - b.lo, 1);
	/* Inside one cell, exactly to its edges. */
	assert_true(tl_bar(&w, 10, 160, 240, &b));
	assert_int_equal(b.x0, 2);
	assert_int_equal(b.x1, 2);
	assert_int_equal(b.lo, 0);
	assert_int_equal(b.hi, 8);
}

static void
test_clip(void **state)
{
	struct tl_window w = { 1000, 800 };
	struct tl_bar b;

	assert_true(tl_bar(&w, 10, 0, 1050, &b));
	assert_true(b.cut_left);
	assert_false(b.cut_right);
	assert_int_equal(b.x0, 0);
	assert_int_equal(b.lo, 0);
	assert_int_equal(b.x1, 0);
	assert_int_equal(b.hi, 5);
	assert_true(tl_bar(&w, 10, 1700, 100000000000LL, &b));
	assert_true(b.cut_right);
	assert_int_equal(b.x0, 8);
	assert_int_equal(b.lo, 6);
	assert_int_equal(b.x1, 9);
	assert_int_equal(b.hi, 8);
	assert_true(tl_bar(&w, 10, -(1LL << 60), 1LL << 60, &b));
	assert_true(b.cut_left && b.cut_right);
	assert_false(tl_bar(&w, 10, 0, 999, &b));
	assert_false(tl_bar(&w, 10, 1800, 5000, &b));
	assert_false(tl_bar(&w, 10, -5000, -10, &b));
	assert_false(tl_bar(&w, 0, 1000, 1200, &b));
	/* The last eighth before the window, the first after it. */
	assert_false(tl_bar(&w, 10, 990, 1000, &b));
	assert_true(tl_bar(&w, 10, 990, 1001, &b));
}

static void
test_glyphs(void **state)
{
	int rev;

	assert_string_equal(tl_glyph(0, 8, 0, &rev), "\xe2\x96\x88");
	assert_false(rev);
	assert_string_equal(tl_glyph(0, 3, 0, &rev), "\xe2\x96\x8d");	/* 3/8 left */
	assert_string_equal(tl_glyph(0, 1, 0, &rev), "\xe2\x96\x8f");
	assert_string_equal(tl_glyph(0, 7, 0, &rev), "\xe2\x96\x89");
	/* Filled on the right: the left gap, reversed. */
	assert_string_equal(tl_glyph(5, 8, 0, &rev), "\xe2\x96\x8b");
	assert_true(rev);
	assert_string_equal(tl_glyph(1, 8, 0, &rev), "\xe2\x96\x8f");
	assert_true(rev);
	/* Inside: whichever edge is nearer. */
	assert_string_equal(tl_glyph(2, 5, 0, &rev), "\xe2\x96\x8b");
	assert_false(rev);
	assert_string_equal(tl_glyph(6, 7, 0, &rev), "\xe2\x96\x8a");
	assert_true(rev);
	assert_string_equal(tl_glyph(3, 3, 0, &rev), " ");
	assert_string_equal(tl_glyph(0, 8, 1, &rev), "=");
	assert_string_equal(tl_glyph(0, 4, 1, &rev), "=");
	assert_string_equal(tl_glyph(5, 8, 1, &rev), "-");
	assert_false(rev);
	assert_string_equal(tl_spark(0, 4, 0), " ");
	assert_string_equal(tl_spark(0.1, 4, 0), "\xe2\x96\x81");
	assert_string_equal(tl_spark(4, 4, 0), "\xe2\x96\x88");
	assert_string_equal(tl_spark(9, 4, 0), "\xe2\x96\x88");
	assert_string_equal(tl_spark(2, 4, 1), "=");
	assert_string_equal(tl_spark(4, 4, 1), "@");
}

static void
test_zoom_pan(void **state)
{
	struct tl_window w = tl_fit(80000, 80), f;
	int i;

	assert_int_equal(w.t0, 0);
	assert_int_equal(w.span, 80000);
	f = tl_fit(0, 80);	/* nothing yet: the narrowest window */
	assert_int_equal(f.span, TL_MIN_SPAN(80));
	tl_zoom(&w, 20000, 1, 2, 80);
	assert_int_equal(w.span, 40000);
	assert_int_equal(w.t0, 10000);	/* 20 ms stays a quarter of the way */
	assert_int_equal(tl_col(&w, 80, 20000), 20);
	tl_zoom(&w, 20000, 2, 1, 80);
	assert_int_equal(w.t0, 0);
	assert_int_equal(w.span, 80000);
	tl_zoom(&w, -5, 1, 2, 80);	/* an anchor outside: the middle */
	assert_int_equal(w.t0, 20000);
	for (i = 0; i < 30; i++)
		tl_zoom(&w, 40000, 1, 2, 80);
	assert_int_equal(w.span, TL_MIN_SPAN(80));
	w = (struct tl_window){ 10000, 40000 };
	tl_pan(&w, -1, 4, -20000, 60000);
	assert_int_equal(w.t0, 0);
	tl_pan(&w, -1, 4, -20000, 60000);
	tl_pan(&w, -1, 4, -20000, 60000);
	tl_pan(&w, -1, 4, -20000, 60000);
	assert_int_equal(w.t0, -20000);
	for (i = 0; i < 20; i++)
		tl_pan(&w, 1, 4, -20000, 60000);
	assert_int_equal(w.t0, 60000);
	w = (struct tl_window){ 0, 80000 };
	assert_int_equal(tl_col(&w, 80, 0), 0);
	assert_int_equal(tl_col(&w, 80, 79999), 79);
	assert_int_equal(tl_col(&w, 80, 80000), -1);
	assert_int_equal(tl_col(&w, 80, -1), -1);
	assert_int_equal(tl_time(&w, 80, 10), 10000);
}

static void
test_ruler(void **state)
{
	struct tl_window w = { 0, 80000 };
	char s[32];

	assert_int_equal(tl_tick_step(&w, 80, 9), 10000);
	w.span = 3600LL * 1000000;
	assert_int_equal(tl_tick_step(&w, 80, 9), 600000000);	/* 10 minutes */
	w.span = 50;
	assert_int_equal(tl_tick_step(&w, 80, 9), 10);
	assert_string_equal(tl_label(s, sizeof s, 0, 10000), "0");
	assert_string_equal(tl_label(s, sizeof s, 10000, 10000), "10ms");
	assert_string_equal(tl_label(s, sizeof s, 1500000, 500000), "1.5s");
	assert_string_equal(tl_label(s, sizeof s, 2000000, 1000000), "2s");
	assert_string_equal(tl_label(s, sizeof s, 90000000, 30000000), "1m30s");
	assert_string_equal(tl_label(s, sizeof s, 120000000, 60000000), "2m");
	assert_string_equal(tl_label(s, sizeof s, 3900000000LL, 300000000), "1h05m");
	assert_string_equal(tl_label(s, sizeof s, 250, 50), "250us");
	assert_string_equal(tl_label(s, sizeof s, 1500, 500), "1.5ms");
	assert_string_equal(tl_label(s, sizeof s, 1020000, 20000), "1.02s");
	assert_string_equal(tl_label(s, sizeof s, -2000000, 1000000), "-2s");
}

/* ---- the histogram ------------------------------------------------------------ */

struct fx {
	struct ptree *pt;
	struct view *v;
	struct tl_hist *h;
	struct ui u;
	struct canvas c;
	struct buf text;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	th_tree_view(&f->pt, &f->v, "make -j2");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	bus_init(&th_bus);
	if (f->u.depth > 0)
		ui_free(&f->u);
	else
		tl_hist_free(f->h);
	canvas_free(&f->c);
	buf_free(&f->text);
	view_free(f->v);
	ptree_free(f->pt);
	free(f);
	return 0;
}

static void
hist_sink(struct fx *f)
{
	struct sink s;

	f->h = tl_hist_new(f->pt);
	s = tl_hist_sink(f->h);
	bus_add(&th_bus, &s);
}

static void
test_hist(void **state)
{
	struct fx *f = *state;

	hist_sink(f);
	th_at(0);
	th_spawn(1, 0);
	th_at(10000);
	th_spawn(2, 1);
	th_at(30000);
	th_exit(2, 0, 0);
	th_at(50000);
	th_exit(1, 0, 0);
	assert_true(tl_hist_mean(f->h, 0, 10000, 60000) == 1.0);
	assert_true(tl_hist_mean(f->h, 10000, 30000, 60000) == 2.0);
	assert_true(tl_hist_mean(f->h, 0, 50000, 60000) == (10.0 + 40 + 20) / 50);
	assert_true(tl_hist_mean(f->h, 50000, 60000, 60000) == 0);
	assert_true(tl_hist_mean(f->h, 5000, 5000, 60000) == 0);
	/* Within a bin: its mean (1 ms bins here). */
	assert_true(tl_hist_mean(f->h, 10000, 10500, 60000) == 2.0);
	assert_int_equal(tl_hist_peak(f->h), 2);
	assert_int_equal(tl_hist_bin_us(f->h), 1000);
	/* Past the bins' reach: twice as wide, the same integrals. */
	th_at(3000000);
	th_spawn(3, 0);
	assert_int_equal(tl_hist_bin_us(f->h), 2000);
	assert_true(tl_hist_mean(f->h, 0, 50000, 60000) == (10.0 + 40 + 20) / 50);
	/* Since the last event: the count holds until now. */
	assert_true(tl_hist_mean(f->h, 3000000, 4000000, 4000000) == 1.0);
	assert_true(tl_hist_mean(f->h, 3000000, 4000000, 3500000) == 0.5);
	th_at(3600LL * 1000000 * 10);	/* ten hours */
	th_exit(3, 0, 0);
	assert_true(tl_hist_bin_us(f->h) * TL_HIST_BINS > 3600LL * 1000000 * 10);
	assert_true(tl_hist_mean(f->h, 3000000, 3600LL * 1000000 * 10, 0) > 0.99);
	bus_end(&th_bus);
	assert_true(tl_hist_memory(f->h) > 0);
}

/* The tree's count: an exit it ignored counts for nothing here. */
static void
test_hist_ignored(void **state)
{
	struct fx *f = *state;

	hist_sink(f);
	th_at(0);
	th_spawn(1, 0);
	th_at(1000);
	th_exit(1, 0, 0);
	th_at(2000);
	th_exit(1, 0, 0);
	th_at(3000);
	th_spawn(2, 0);
	th_at(5000);
	bus_end(&th_bus);	/* 2 lost at 3 ms, the last event */
	assert_true(tl_hist_mean(f->h, 0, 1000, 0) == 1.0);
	assert_true(tl_hist_mean(f->h, 1000, 3000, 0) == 0);
	assert_true(tl_hist_mean(f->h, 3000, 9000, 9000) == 0);
}

/* ---- the screen -------------------------------------------------------------- */

/* Draw a w x h frame; returns its text. */
static const char *
frame(struct fx *f, int w, int h)
{
	ui_prepare(&f->u, w, h);
	canvas_resize(&f->c, w, h);
	ui_draw(&f->c, &f->u);
	buf_clear(&f->text);
	canvas_text(&f->c, &f->text);
	return f->text.p;
}

/* Line y of the last frame from column x (ASCII before it), no trailing blanks. */
static const char *
part(struct fx *f, int y, int x)
{
	static char out[4096];
	const struct cell *c = canvas_line(&f->c, y);
	struct buf b = BUF_INIT;
	char u8[8];
	mbstate_t st;
	size_t n;
	int i;

	for (i = x; i < f->c.w; i++) {
		if (c[i].ch == 0)
			continue;
		memset(&st, 0, sizeof st);
		n = wcrtomb(u8, (wchar_t)c[i].ch, &st);
		buf_add(&b, u8, n);
	}
	n = b.len;
	while (n > 0 && b.p[n - 1] == ' ')
		n--;
	snprintf(out, sizeof out, "%.*s", (int)n, b.p != NULL ? b.p : "");
	buf_free(&b);
	return out;
}

/* The attribute of cell (x, y) of the last frame. */
static uint32_t
attr(struct fx *f, int x, int y)
{
	return canvas_line(&f->c, y)[x].attr;
}

#define FULL "\xe2\x96\x88"

static char *
rep(const char *s, int n)
{
	static char out[4][1024];
	static int k;
	char *o = out[k++ % 4];

	o[0] = '\0';
	while (n-- > 0)
		strcat(o, s);
	return o;
}

/*
 * 135 columns: the tree keeps 54, the timeline 81, one for the gutter and
 * 80 for bars; the run lasts 80 ms: a cell is a millisecond.
 */
#define W 135
#define X0 55		/* first column of bars */

static void
screen_tree_of(struct fx *f, int flags)
{
	struct event ev;

	ui_init(&f->u, f->pt, f->v, flags, &screen_tree, screens_all);
	ui_add_sinks(&f->u, &th_bus);
	f->u.replay = "t.jsonl";
	th_at(0);
	th_spawn(1, 0);
	th_exec(1, "make", (const char *)NULL);
	th_at(10000);
	th_spawn(2, 1);
	th_exec(2, "env", "cc", (const char *)NULL);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXECFAIL;
	ev.t_us = 20000;
	ev.id = 2;
	ev.pid = 1002;
	ev.path = "/nope/cc";
	ev.err = 2;
	ev.argv.data = "cc";
	ev.argv.len = 3;
	bus_emit(&th_bus, &ev);
	th_at(30000);
	th_exec(2, "cc", (const char *)NULL);	/* the attempt before it led here */
	ev.t_us = 40000;			/* this one led nowhere */
	bus_emit(&th_bus, &ev);
	th_at(50000);
	th_exit(2, 1, 0);
	th_at(60500);
	th_spawn(3, 1);
	th_at(62250);
	th_exit(3, 0, 0);
	th_at(80000);
	th_exit(1, 0, 0);
	f->u.now_us = 80000;
}

static void
test_screen(void **state)
{
	struct fx *f = *state;
	const char *t;
	char want[1024];

	screen_tree_of(f, 0);
	frame(f, W, 20);
	ui_key(&f->u, 't');
	assert_ptr_equal(ui_top(&f->u), &screen_timeline);
	t = frame(f, W, 20);
	assert_int_equal(f->u.lay.side.x, 54);
	assert_int_equal(f->u.lay.side.w, 81);
	assert_int_equal(f->u.lay.tree.w, 54);
	/* The ruler: every 10 ms, on the tree's header line. */
	assert_string_equal(part(f, 2, X0), "\xe2\x94\x82" "0        \xe2\x94\x82" "10ms     "
	    "\xe2\x94\x82" "20ms     \xe2\x94\x82" "30ms     \xe2\x94\x82" "40ms     \xe2\x94\x82"
	    "50ms     \xe2\x94\x82" "60ms     \xe2\x94\x82" "70ms");
	/* make: all of it, on the critical path. */
	assert_int_equal(canvas_line(&f->c, 3)[X0 - 1].ch, 0x2503);	/* heavy: critical */
	assert_string_equal(part(f, 3, X0), rep(FULL, 80));
	assert_true(attr(f, X0 - 1, 3) & DRAW_REVERSE);	/* the cursor's row */
	assert_false(attr(f, X0, 3) & DRAW_REVERSE);
	/*
	 * cc: 10 to 50 ms, red (it failed), its second exec marked at 30 ms
	 * and the attempt that led nowhere at 40 (not the one at 20 that an
	 * exec followed).
	 */
	t = part(f, 4, X0 - 1);
	snprintf(want, sizeof want, "\xe2\x94\x82          %s\xe2\x94\x83%s\xe2\x9c\x97%s",
	    rep(FULL, 20), rep(FULL, 9), rep(FULL, 9));
	assert_string_equal(t, want);
	assert_int_equal(attr(f, X0 + 10, 4) & DRAW_COLOR_MASK, DRAW_RED);
	/* The short one: from 60.5 ms (half a cell, reversed) to 62.25 (a quarter). */
	t = part(f, 5, X0);
	assert_string_equal(t, "                                                            "
	    "\xe2\x96\x8c" FULL "\xe2\x96\x8e");
	assert_true(attr(f, X0 + 60, 5) & DRAW_REVERSE);
	assert_false(attr(f, X0 + 61, 5) & DRAW_REVERSE);
	assert_string_equal(part(f, 5, X0 - 1), "\xe2\x94\x83" "                                   "
	    "                         \xe2\x96\x8c" FULL "\xe2\x96\x8e");	/* it ended last */
	/* The header's sparkline: two processes at most. */
	t = part(f, 0, 30);
	assert_non_null(strstr(t, "parallel, max 2 "));
	assert_int_equal(canvas_line(&f->c, 0)[X0].ch, 0x2584);	/* 1 of 2: half */
	assert_int_equal(canvas_line(&f->c, 0)[X0 + 20].ch, 0x2588);
	/* The tree's rows are the tree's: its keys move the cursor of both. */
	ui_key(&f->u, KEYC_DOWN);
	frame(f, W, 20);
	assert_true(attr(f, X0 - 1, 4) & DRAW_REVERSE);
	assert_int_equal(view_cursor_id(f->v), 2);
	/* Folded: the bar goes on, dimmed, to the subtree's end. */
	ui_key(&f->u, KEYC_UP);
	ui_key(&f->u, KEYC_LEFT);
	frame(f, W, 20);
	assert_int_equal(view_nrows(f->v), 1);
	assert_string_equal(part(f, 4, X0 - 1), "");
	ui_key(&f->u, KEYC_RIGHT);
	/* The footer's keys, then t goes back to the tree's columns. */
	t = frame(f, W, 20);
	assert_non_null(strstr(part(f, 19, 0), "w/sZoom"));
	assert_non_null(strstr(part(f, 19, 0), "c/CCritical"));
	ui_key(&f->u, 't');
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	frame(f, W, 20);
	assert_int_equal(f->u.lay.side.w, 0);
	assert_int_equal(f->u.lay.tree.w, W);
	(void)t;
}

static void
test_fold(void **state)
{
	struct fx *f = *state;

	screen_tree_of(f, 0);
	th_at(70000);
	th_spawn(4, 2);		/* outlives its parent cc, in make's subtree */
	th_at(90000);
	th_exit(4, 0, 0);
	f->u.now_us = 90000;
	ui_key(&f->u, 't');
	frame(f, W, 20);
	view_set_folded(f->v, 2, 1);
	frame(f, W, 20);
	/* cc: its own bar to 50 ms, then dimmed to 90 (cells of 90/80 ms). */
	assert_true(attr(f, X0 + 60, 4) & DRAW_DIM);
	assert_false(attr(f, X0 + 20, 4) & DRAW_DIM);
	assert_int_equal(canvas_line(&f->c, 4)[X0 + 79].ch, 0x2588);
}

static void
test_keys(void **state)
{
	struct fx *f = *state;
	char want[1024];

	screen_tree_of(f, 0);
	ui_key(&f->u, 't');
	frame(f, W, 20);
	ui_key(&f->u, KEYC_DOWN);	/* cc, from 10 ms */
	ui_key(&f->u, 'w');		/* 40 ms wide, 10 ms stays at column 10 */
	frame(f, W, 20);
	assert_string_equal(part(f, 2, X0), "\xe2\x94\x82" "5ms      \xe2\x94\x82" "10ms     "
	    "\xe2\x94\x82" "15ms     \xe2\x94\x82" "20ms     \xe2\x94\x82" "25ms     \xe2\x94\x82"
	    "30ms     \xe2\x94\x82" "35ms     \xe2\x94\x82" "40ms");
	ui_key(&f->u, 'd');		/* a quarter later: from 15 ms */
	frame(f, W, 20);
	assert_string_equal(part(f, 2, X0), "\xe2\x94\x82" "15ms     \xe2\x94\x82" "20ms     "
	    "\xe2\x94\x82" "25ms     \xe2\x94\x82" "30ms     \xe2\x94\x82" "35ms     \xe2\x94\x82"
	    "40ms     \xe2\x94\x82" "45ms     \xe2\x94\x82" "50ms");
	/* cc ends at 50 ms, 35 ms in: 2 cells a millisecond. */
	assert_string_equal(part(f, 4, X0 + 60), rep(FULL, 10));
	ui_key(&f->u, 'a');
	frame(f, W, 20);
	assert_string_equal(part(f, 3, X0), rep(FULL, 80));	/* make, on both sides */
	ui_key(&f->u, 'a');
	ui_key(&f->u, 'a');
	ui_key(&f->u, 'a');
	frame(f, W, 20);	/* no further than half a width before the start */
	snprintf(want, sizeof want, "%s%s", rep(" ", 40), rep(FULL, 40));
	assert_string_equal(part(f, 3, X0), want);
	ui_key(&f->u, 's');		/* all of it: the fit again */
	frame(f, W, 20);
	ui_key(&f->u, 'a');
	assert_non_null(strstr(f->u.msg, "zoom in"));
	ui_key(&f->u, 'w');
	ui_key(&f->u, '=');
	frame(f, W, 20);
	assert_int_equal(canvas_line(&f->c, 2)[X0].ch, 0x2502);
	assert_string_equal(part(f, 2, X0 + 1), "0        \xe2\x94\x82" "10ms     \xe2\x94\x82"
	    "20ms     \xe2\x94\x82" "30ms     \xe2\x94\x82" "40ms     \xe2\x94\x82" "50ms     "
	    "\xe2\x94\x82" "60ms     \xe2\x94\x82" "70ms");
	/* A click on a bar selects its row; other keys are the tree's. */
	ui_mouse(&f->u, UI_CLICK, X0 + 61, 5);
	assert_int_equal(view_cursor_id(f->v), 3);
	ui_key(&f->u, 'g');
	assert_int_equal(view_cursor_id(f->v), 1);
	ui_key(&f->u, 'u');
	assert_ptr_equal(ui_top(&f->u), &screen_profile);
	frame(f, W, 20);
	assert_non_null(strstr(part(f, 2, 0), "PROGRAM"));
	ui_key(&f->u, KEYC_ESC);
	assert_ptr_equal(ui_top(&f->u), &screen_timeline);
	/* Too narrow: the tree keeps the width. */
	frame(f, 45, 20);
	assert_int_equal(f->u.lay.side.w, 0);
	ui_key(&f->u, 't');
	ui_key(&f->u, 't');
	assert_non_null(strstr(f->u.msg, "Too narrow"));
}

static void
test_ascii(void **state)
{
	struct fx *f = *state;

	screen_tree_of(f, UI_ASCII);
	ui_key(&f->u, 't');
	frame(f, W, 20);
	assert_string_equal(part(f, 3, X0 - 1), "#" "================================================"
	    "================================");
	assert_string_equal(part(f, 4, X0 - 1), "|          ====================|=========x=========");
	assert_string_equal(part(f, 5, X0), "                                                     "
	    "       ==-");	/* half a cell is '=', a quarter '-' */
	assert_string_equal(part(f, 2, X0), "|0        |10ms     |20ms     |30ms     |40ms     |50ms"
	    "     |60ms     |70ms");
	/* The tree's heavy branch for the critical path, in ASCII. */
	assert_non_null(strstr(part(f, 5, 0), "`== "));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_bar),
		cmocka_unit_test(test_clip),
		cmocka_unit_test(test_glyphs),
		cmocka_unit_test(test_zoom_pan),
		cmocka_unit_test(test_ruler),
		cmocka_unit_test_setup_teardown(test_hist, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hist_ignored, setup, teardown),
		cmocka_unit_test_setup_teardown(test_screen, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ascii, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
