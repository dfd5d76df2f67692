/*
 * scr_timeline.c: the timeline, a screen over the tree that turns the
 * right part of the tree's region into a time axis (ui_layout's side
 * rectangle).  Each row the tree shows gets a bar from its process's
 * start to its end (to now while it runs; a folded process's bar goes on,
 * dimmed, to its subtree's end), coloured as the tree colours its row,
 * with its later execs (an exec chain) and the exec attempts that failed
 * for good (no exec followed) marked; a ruler of times on top; a gutter marking the critical path;
 * in the header, a sparkline of how many processes ran over the same
 * window of time.  Also the keys that walk the critical path (c, C).
 *
 * The tree stays below it on the stack and draws its own part: the rows,
 * the cursor, folds and filter are the tree's.  Keys the timeline does not
 * bind go to the screen below it (the tree) with that screen's state; the
 * timeline finds it on the stack rather than by name, so that it does not
 * link back to the tree, which opens it.
 *
 * A frame costs the rows on the screen (and the columns of the ruler and
 * the sparkline): a bar is a few divisions, its marks a walk of its exec
 * chain and attempts.  layout() fixes the window of time for the frame;
 * draw() only reads.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "screens.h"
#include "xmalloc.h"

/* Columns between the ruler's ticks, at least. */
#define TL_TICK_COLS 9

struct scr_timeline {
	int fit;		/* the window is the whole run, growing with it */
	struct tl_window win;	/* the window for this frame (layout) */
};

static int
tl_ascii(const struct ui *u)
{
	return (u->flags & (UI_ASCII | UI_ESCAPE8)) != 0;
}

/* Columns for bars: the side region less its gutter. */
static int
tl_width(const struct ui *u)
{
	return u->lay.side.w - 1;
}

/* The end of the run: now while anything runs, else the last event. */
static int64_t
tl_run_end(const struct ui *u)
{
	if (ptree_stats(u->pt)->running > 0 && !ptree_finished(u->pt) && u->replay == NULL)
		return u->now_us > ptree_last_t(u->pt) ? u->now_us : ptree_last_t(u->pt);
	return ptree_last_t(u->pt);
}

/* ---- open, close, layout ---------------------------------------------------- */

static void
tl_open(struct ui *u, void *st, const void *arg)
{
	struct scr_timeline *t = st;

	t->fit = 1;
	u->timeline = 1;
	ui_layout(u, u->lay.w, u->lay.h);
}

static void
tl_close(struct ui *u, void *st)
{
	u->timeline = 0;
	ui_layout(u, u->lay.w, u->lay.h);
}

static void
tl_layout(struct ui *u, void *st)
{
	struct scr_timeline *t = st;
	int w = tl_width(u);

	if (t->fit || t->win.span <= 0)
		t->win = tl_fit(tl_run_end(u), w);
}

/* ---- drawing ------------------------------------------------------------------ */

/* One glyph at cell (x, y). */
static void
tl_put(struct canvas *c, int x, int y, const char *s, uint16_t attr)
{
	struct pen p;

	pen_start(&p, c, (struct rect){ x, y, 1, 1 }, 0, 0);
	p.attr = attr;
	pen_puts(&p, s);
}

/* A bar over [s, e] on line y from column x0 (width w). */
static void
tl_draw_bar(struct canvas *c, const struct ui *u, const struct tl_window *win, int x0, int w,
    int y, int64_t s, int64_t e, uint16_t attr)
{
	struct tl_bar b;
	int x, from, to, rev;
	const char *g;

	if (!tl_bar(win, w, s, e, &b))
		return;
	for (x = b.x0; x <= b.x1; x++) {
		tl_bar_cell(&b, x, &from, &to);
		g = tl_glyph(from, to, tl_ascii(u), &rev);
		tl_put(c, x0 + x, y, g, attr | (rev ? DRAW_REVERSE : 0));
	}
}

/* Its later execs (a chain) and its failed attempts, where they fall on the bar. */
static void
tl_draw_marks(struct canvas *c, const struct ui *u, const struct tl_window *win, int x0, int w,
    int y, uint32_t id, uint16_t attr)
{
	const struct node *n = ptree_node(u->pt, id);
	const struct exec_rec *x;
	const struct try_rec *r;
	int col;

	for (x = node_own_exec(n); x != NULL && exec_prev(x) != NULL; x = exec_prev(x))
		if ((col = tl_col(win, w, (int64_t)x->t_ms * 1000)) >= 0)
			tl_put(c, x0 + col, y, tl_ascii(u) ? "|" : "\xe2\x94\x83", attr | DRAW_BOLD);
	/*
	 * The attempts no exec followed (newest first, until one that led to
	 * an exec): those that missed on the way along PATH are no news.
	 */
	for (r = ptree_tries(u->pt, id); r != NULL && !r->then_exec; r = r->next)
		if ((col = tl_col(win, w, (int64_t)r->t_ms * 1000)) >= 0)
			tl_put(c, x0 + col, y, tl_ascii(u) ? "x" : "\xe2\x9c\x97",
			    (attr & ~DRAW_COLOR_MASK) | DRAW_RED | DRAW_BOLD);
}

static void
tl_row(struct canvas *c, const struct ui *u, const struct scr_timeline *t, int y, uint32_t id,
    int selected)
{
	const struct node *n = ptree_node(u->pt, id);
	struct rect r = u->lay.side;
	uint16_t attr = ui_node_attr(n), blank = selected ? DRAW_REVERSE : DRAW_DEFAULT;
	int64_t end, span_end;
	int crit = critpath_index(u->crit, id) >= 0, w = tl_width(u), x0 = r.x + 1;

	canvas_fill(c, (struct rect){ x0, y, w, 1 }, blank);
	tl_put(c, r.x, y, crit ? (tl_ascii(u) ? "#" : "\xe2\x94\x83") :
	    (tl_ascii(u) ? "|" : "\xe2\x94\x82"), crit ? DRAW_CYAN | DRAW_BOLD | (blank) :
	    DRAW_DIM | blank);
	if (!view_matches(u->view, id))
		attr = (attr & ~DRAW_BOLD) | DRAW_DIM;	/* an ancestor kept for shape */
	end = (n->flags & NODE_RUNNING) ? u->now_us : n->end_us;
	if ((view_flags(u->view, id) & VIEW_FOLDED) && view_has_children(u->view, id)) {
		/* Folded: the subtree's activity goes on, dimmed, past its own end. */
		span_end = n->nrunning > 0 ? u->now_us : (int64_t)n->span_end_ms * 1000;
		if (span_end > end)
			tl_draw_bar(c, u, &t->win, x0, w, y, end, span_end,
			    (attr & ~DRAW_BOLD) | DRAW_DIM);
	}
	tl_draw_bar(c, u, &t->win, x0, w, y, n->start_us, end, attr);
	tl_draw_marks(c, u, &t->win, x0, w, y, id, attr);
}

/* The ruler: a tick and a time every few columns, on the tree's header line. */
static void
tl_ruler(struct canvas *c, const struct ui *u, const struct scr_timeline *t)
{
	struct rect r = u->lay.side;
	int w = tl_width(u), x, len;
	int64_t step = tl_tick_step(&t->win, w, TL_TICK_COLS), tick;
	char label[32];
	struct pen p;

	canvas_fill(c, (struct rect){ r.x, r.y, r.w, 1 }, DRAW_TITLE);
	tick = t->win.t0 >= 0 ? (t->win.t0 + step - 1) / step * step : -(-t->win.t0 / step * step);
	for (; tick < t->win.t0 + t->win.span; tick += step) {
		if ((x = tl_col(&t->win, w, tick)) < 0)
			continue;
		tl_label(label, sizeof label, tick, step);
		len = (int)strlen(label) + 1;
		if (x + len > w)
			break;
		pen_start(&p, c, (struct rect){ r.x + 1 + x, r.y, len, 1 }, 0, 0);
		p.attr = DRAW_TITLE;
		pen_printf(&p, "%s%s", tl_ascii(u) ? "|" : "\xe2\x94\x82", label);
	}
}

/* The header's sparkline: processes running over the same window, and its scale. */
static void
tl_sparkline(struct canvas *c, const struct ui *u, const struct scr_timeline *t)
{
	struct rect r = u->lay.side, h = u->lay.header;
	int w = tl_width(u), x;
	double *mean, top = 0;
	char label[48];
	struct pen p;
	int64_t now = tl_run_end(u);

	if (u->hist == NULL || h.h <= 0 || w <= 0)
		return;
	mean = xcalloc((size_t)w, sizeof *mean);
	for (x = 0; x < w; x++) {
		mean[x] = tl_hist_mean(u->hist, tl_time(&t->win, w, x), tl_time(&t->win, w, x + 1),
		    now);
		if (mean[x] > top)
			top = mean[x];
	}
	snprintf(label, sizeof label, " parallel, max %.0f ", top < 1 ? 1 : top + 0.499);
	x = r.x + 1 - (int)strlen(label);
	pen_start(&p, c, (struct rect){ x > h.x ? x : h.x, h.y, r.x + 1 - (x > h.x ? x : h.x), 1 },
	    0, 0);
	p.attr = DRAW_DIM;
	pen_puts(&p, label);
	for (x = 0; x < w; x++)
		tl_put(c, r.x + 1 + x, h.y, tl_spark(mean[x], top < 1 ? 1 : top, tl_ascii(u)),
		    DRAW_CYAN);
	free(mean);
}

static void
tl_draw(struct canvas *c, const struct ui *u, const void *st)
{
	const struct scr_timeline *t = st;
	struct rect r = u->lay.side;
	uint32_t top, row, nrows, cur;
	int y;

	if (r.w <= 1 || r.h <= 0)
		return;
	tl_ruler(c, u, t);
	tl_sparkline(c, u, t);
	canvas_fill(c, (struct rect){ r.x, r.y + 1, r.w, r.h - 1 }, DRAW_DEFAULT);
	top = view_top(u->view);
	nrows = view_nrows(u->view);
	cur = view_cursor(u->view);
	for (y = 1, row = top; y < r.h && row < nrows; y++, row++)
		tl_row(c, u, t, r.y + y, view_row_id(u->view, row), row == cur);
}

/* ---- keys ------------------------------------------------------------------------ */

/* Where zooming holds still: the cursor's process's start if it shows, else the middle. */
static int64_t
tl_anchor(const struct ui *u, const struct scr_timeline *t)
{
	uint32_t id = view_cursor_id(u->view);
	int64_t s;

	if (id == 0)
		return t->win.t0 + t->win.span / 2;
	s = ptree_node(u->pt, id)->start_us;
	return s >= t->win.t0 && s < t->win.t0 + t->win.span ? s : t->win.t0 + t->win.span / 2;
}

static int
act_zoom(struct ui *u, void *st, int key)
{
	struct scr_timeline *t = st;
	struct tl_window fit = tl_fit(tl_run_end(u), tl_width(u));

	tl_layout(u, st);
	if (key == 'w') {
		tl_zoom(&t->win, tl_anchor(u, t), 1, 2, tl_width(u));
		t->fit = 0;
	} else {
		tl_zoom(&t->win, tl_anchor(u, t), 2, 1, tl_width(u));
		if (t->win.span >= fit.span)
			t->fit = 1;	/* all of it shows: follow the run again */
	}
	return UI_REDRAW;
}

static int
act_pan(struct ui *u, void *st, int key)
{
	struct scr_timeline *t = st;
	int64_t end = tl_run_end(u);

	tl_layout(u, st);
	if (t->fit) {
		ui_message(u, "The whole run shows: zoom in (w) first");
		return UI_REDRAW;
	}
	tl_pan(&t->win, key == 'a' ? -1 : 1, 4, -t->win.span / 2, end - t->win.span / 2);
	return UI_REDRAW;
}

static int
act_fit(struct ui *u, void *st, int key)
{
	struct scr_timeline *t = st;

	t->fit = 1;
	return UI_REDRAW;
}

static int
act_close(struct ui *u, void *st, int key)
{
	ui_close(u);
	return UI_REDRAW;
}

int
scr_timeline_toggle(struct ui *u, void *st, int key)
{
	if (ui_state_of(u, &screen_timeline) != NULL) {
		while (ui_top(u) != &screen_timeline)
			ui_close(u);
		ui_close(u);
	} else
		ui_open(u, &screen_timeline, NULL);
	if (u->timeline && u->lay.side.w <= 0)
		ui_message(u, "Too narrow for the timeline: it needs %d columns",
		    UI_SIDE_TREE_MIN + UI_SIDE_MIN);
	return UI_REDRAW;
}

/* The deepest step of the path among id and its ancestors, or -1. */
static long
tl_crit_above(const struct ui *u, uint32_t id)
{
	long i = -1;

	for (; id != 0 && i < 0; id = ptree_node(u->pt, id)->parent)
		i = critpath_index(u->crit, id);
	return i;
}

int
scr_timeline_walk(struct ui *u, void *st, int key)
{
	size_t len;
	long i, target;
	uint32_t id;
	const struct node *n;
	char d[32];

	critpath_sync(u->crit);
	view_sync(u->view);
	if ((len = critpath_len(u->crit)) == 0) {
		ui_message(u, "No critical path: no process yet");
		return UI_REDRAW;
	}
	id = view_cursor_id(u->view);
	if ((i = critpath_index(u->crit, id)) >= 0)
		target = key == 'C' ? i - 1 : i + 1;
	else if ((i = tl_crit_above(u, id)) < 0)
		target = 0;
	else
		target = key == 'C' || (size_t)i + 1 == len ? i : i + 1;
	if (target < 0) {
		ui_message(u, "The critical path starts here");
		return UI_REDRAW;
	}
	if ((size_t)target >= len) {
		ui_message(u, "The critical path ends here: nothing it waited for ended later");
		return UI_REDRAW;
	}
	id = critpath_id(u->crit, (size_t)target);
	if (view_select(u->view, id) != 0) {
		ui_message(u, "The critical path's next step is hidden by the filter");
		return UI_REDRAW;
	}
	n = ptree_node(u->pt, id);
	fmt_duration(d, sizeof d, ((n->flags & NODE_RUNNING) ? u->now_us : n->end_us) -
	    n->start_us);
	ui_message(u, "Critical path: step %ld of %zu, %s%s", target + 1, len, d,
	    (n->flags & NODE_RUNNING) ? " so far" : "");
	return UI_REDRAW;
}

static const struct ui_key timeline_keys[] = {
	{ 'w', act_zoom, "w s", "zoom in, zoom out (around the selected process's start)",
	    "Zoom", NULL },
	{ 's', act_zoom, NULL, NULL, NULL, NULL },
	{ 'a', act_pan, "a d", "earlier, later (a quarter of the width)", "Pan", NULL },
	{ 'd', act_pan, NULL, NULL, NULL, NULL },
	{ '=', act_fit, "=", "fit the whole run (and follow it while it runs)", "Fit", NULL },
	{ 't', act_close, "t", "back to the tree's columns", "Tree", NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
tl_keys(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { timeline_keys, NULL };

	return tables;
}

/*
 * The screen below the timeline (the tree, which opened it), found on the
 * stack: the timeline does not link to the tree, which links to it.
 */
static const struct ui_frame *
tl_below(const struct ui *u, const void *st)
{
	int i;

	for (i = u->depth - 1; i > 0; i--)
		if (u->stack[i].st == st)
			return &u->stack[i - 1];
	return &u->stack[0];
}

/* Everything else is the tree's: moving, folding, finding, the pane. */
static int
tl_key(struct ui *u, void *st, int key)
{
	const struct ui_frame *b = tl_below(u, st);
	const struct ui_key *k = ui_binding(u, b->s, b->st, key);

	if (k != NULL)
		return k->fn(u, b->st, key);
	return b->s->key != NULL ? b->s->key(u, b->st, key) : 0;
}

static int
tl_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	struct rect r = u->lay.side;
	const struct ui_frame *b;
	uint32_t row;

	if (kind == UI_CLICK && x >= r.x && x < r.x + r.w && y > r.y && y < r.y + r.h) {
		view_sync(u->view);
		row = view_top(u->view) + (uint32_t)(y - r.y - 1);
		if (row < view_nrows(u->view))
			view_goto_row(u->view, row);
		return UI_REDRAW;
	}
	b = tl_below(u, st);
	return b->s->mouse != NULL ? b->s->mouse(u, b->st, kind, x, y) : 0;
}

static const struct ui_bar tl_bar_own[] = {
	{ 'w', "w/s" }, { 'a', "a/d" }, { '=', NULL }, { 't', NULL }, { 0, NULL },
};

static const struct ui_bar tl_bar_tree[] = {
	{ KEYC_F(1), NULL }, { 'c', "c/C" }, { KEYC_F(4), NULL }, { KEYC_ENTER, NULL },
	{ KEYC_F(10), NULL }, { 0, NULL },
};

static void
tl_footer(struct pen *p, const struct ui *u, const void *st)
{
	const struct ui_frame *b = tl_below(u, st);

	ui_bar_keys(p, u, &screen_timeline, st, tl_bar_own);
	ui_bar_keys(p, u, b->s, b->st, tl_bar_tree);
	p->attr = DRAW_BAR;
	pen_fill(p);
}

static void
tl_help_notes(struct buf *b, const struct ui *u)
{
	buf_adds(b, "The timeline: a bar from each process's start to its end (on to now "
	    "while it runs), coloured as its row; a folded process's bar goes on, dimmed, "
	    "until its last descendant ended. A heavy mark is a later exec of an exec chain, "
	    "an x an exec attempt that failed for good (no exec followed it). The gutter "
	    "marks the critical path, the chain of processes that bounded the end of the "
	    "run (c and C walk it). The header shows how many processes ran over the same "
	    "window of time. The tree's keys work as in the tree.");
}

const struct screen screen_timeline = {
	.name = "timeline",
	.flags = SCREEN_MESSAGE,
	.state_size = sizeof(struct scr_timeline),
	.open = tl_open,
	.close = tl_close,
	.keys = tl_keys,
	.key = tl_key,
	.mouse = tl_mouse,
	.layout = tl_layout,
	.draw = tl_draw,
	.footer = tl_footer,
	.help_title = "Timeline (t)",
	.help_notes = tl_help_notes,
};
