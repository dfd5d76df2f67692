/*
 * ui_frame.c: one frame of the view, in two steps.  ui_prepare() does
 * everything that may move state (the layout for the size, the trace's
 * news to the screens, the pane's anchor and cursor, each screen's
 * layout); ui_draw() then paints a canvas from the state, reading it only,
 * so the same state drawn twice gives the same canvas.
 *
 *   header  ptop: <command>
 *           running  12.3s  procs 120  running 3  failed 1  killed 0   [filter: cc]
 *   body    the screens' regions: the tree (or detail...), and the terminal
 *           pane below or beside it
 *   footer  F1Help  TabPane  F3Search ...   (or the top screen's own)
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "fmt.h"
#include "screens.h"

/* The first screen to draw: the topmost opaque one (the base otherwise). */
static int
frame_first(const struct ui *u)
{
	int i;

	for (i = u->depth - 1; i > 0; i--)
		if (u->stack[i].s->flags & SCREEN_OPAQUE)
			return i;
	return 0;
}

void
ui_prepare(struct ui *u, int w, int h)
{
	int i;

	if (w != u->lay.w || h != u->lay.h)
		ui_layout(u, w, h);
	if (u->hooks.now != NULL)
		u->now_us = u->hooks.now(u->hooks.ctx);
	view_sync(u->view);
	critpath_sync_lazy(u->crit);	/* the tree's marks, the timeline's */
	/* Sorted: processes whose values changed move when it is time (view.h). */
	view_sort_tick(u->view, u->now_us, u->key_us);
	u->tick = view_sort_pending(u->view);
	ui_refresh(u);
	scr_pane_layout(u);
	for (i = frame_first(u); i < u->depth; i++)
		if (u->stack[i].s->layout != NULL)
			u->stack[i].s->layout(u, u->stack[i].st);
}

/* ---- header --------------------------------------------------------------------- */

static void
frame_root_status(struct buf *b, const struct ptree *pt)
{
	char st[48];

	if (ptree_size(pt) == 0) {
		buf_adds(b, "no processes");
		return;
	}
	node_state(ptree_node(pt, 1), st, sizeof st, 0);
	buf_adds(b, st);
}

static void
frame_header(struct canvas *c, const struct ui *u)
{
	const struct ptree_stats *s = ptree_stats(u->pt);
	const struct trace_info *info = ptree_info(u->pt);
	const struct node *root = ptree_size(u->pt) > 0 ? ptree_node(u->pt, 1) : NULL;
	struct buf b = BUF_INIT;
	char t[32];
	struct pen p;
	int64_t elapsed;
	uint16_t mode_attr = DRAW_BOLD;

	canvas_fill(c, u->lay.header, DRAW_DEFAULT);
	pen_start(&p, c, u->lay.header, 0, 0);
	p.attr = DRAW_BOLD;
	pen_puts(&p, "ptop: ");
	p.attr = DRAW_DEFAULT;
	if (info->mode == TRACE_ATTACH)
		buf_adds(&b, "-p ");	/* argv holds the pids given */
	fmt_argv(&b, &info->argv, ui_fmt_flags(u));
	pen_put(&p, b.p != NULL ? b.p : "", b.len);

	buf_clear(&b);
	if (u->replay != NULL) {
		buf_adds(&b, "replay: ");
		frame_root_status(&b, u->pt);
	} else if (info->mode == TRACE_ATTACH) {
		/* Attached: there is no one command whose status says it all. */
		if (ptree_finished(u->pt) || s->running == 0)
			buf_adds(&b, "detached");
		else {
			buf_printf(&b, "attached to %u", s->running);
			mode_attr = DRAW_BOLD | DRAW_GREEN;
		}
	} else if (root != NULL && (root->flags & NODE_RUNNING)) {
		buf_adds(&b, "running");
		mode_attr = DRAW_BOLD | DRAW_GREEN;
	} else {
		buf_adds(&b, "finished: ");
		frame_root_status(&b, u->pt);
	}
	if (info->mode != TRACE_ATTACH && root != NULL && !(root->flags & NODE_RUNNING) &&
	    node_is_bad(root))
		mode_attr = DRAW_BOLD | ((root->flags & NODE_SIGNALED) ? DRAW_MAGENTA : DRAW_RED);
	if (u->replay != NULL || ptree_finished(u->pt))
		elapsed = ptree_last_t(u->pt);
	else
		elapsed = u->now_us;
	pen_start(&p, c, u->lay.header, 1, 0);
	p.attr = mode_attr;
	pen_put(&p, b.p, b.len);
	p.attr = DRAW_DEFAULT;
	pen_printf(&p, "  %s", fmt_duration(t, sizeof t, elapsed));
	pen_printf(&p, "  procs %u  running %u  ", s->total, s->running);
	p.attr = s->failed > 0 ? DRAW_RED : DRAW_DEFAULT;
	pen_printf(&p, "failed %u", s->failed);
	p.attr = DRAW_DEFAULT;
	pen_puts(&p, "  ");
	p.attr = s->signaled > 0 ? DRAW_MAGENTA : DRAW_DEFAULT;
	pen_printf(&p, "killed %u", s->signaled);
	p.attr = DRAW_DEFAULT;
	if (view_follow(u->view)) {
		p.attr = DRAW_CYAN | DRAW_BOLD;
		pen_puts(&p, "  [follow]");
	}
	if (view_filter(u->view) != NULL) {
		buf_clear(&b);
		fmt_escape(&b, view_filter(u->view), strlen(view_filter(u->view)),
		    ui_fmt_flags(u));
		p.attr = DRAW_CYAN | DRAW_BOLD;
		pen_printf(&p, "  [filter: %s]", b.p);
	}
	buf_free(&b);
}

/* ---- footer ----------------------------------------------------------------------- */

static void
frame_footer(struct canvas *c, const struct ui *u)
{
	const struct screen *s = ui_top(u);
	const void *st = ui_top_state(u);
	struct pen p;

	canvas_fill(c, u->lay.footer, DRAW_DEFAULT);
	pen_start(&p, c, u->lay.footer, 0, 0);
	if (u->msg[0] != '\0' && (s->flags & SCREEN_MESSAGE)) {
		p.attr = DRAW_BOLD;
		pen_puts(&p, u->msg);
		return;
	}
	if (s->footer != NULL) {
		s->footer(&p, u, st);
		return;
	}
	ui_bar_keys(&p, u, s, st, NULL);
	p.attr = DRAW_BAR;
	pen_fill(&p);
}

static void
frame_too_small(struct canvas *c, const struct ui *u)
{
	char s[64];
	struct rect line = { 0, 0, c->w, 1 };
	struct pen p;
	int len;

	canvas_fill(c, (struct rect){ 0, 0, c->w, c->h }, DRAW_DEFAULT);
	line.y = c->h / 2 > 0 ? c->h / 2 - 1 : 0;
	len = snprintf(s, sizeof s, "terminal too small");
	line.x = (c->w - len) / 2 > 0 ? (c->w - len) / 2 : 0;
	line.w = c->w - line.x;
	pen_start(&p, c, line, 0, 0);
	p.attr = DRAW_BOLD;
	pen_puts(&p, s);
	len = snprintf(s, sizeof s, "%dx%d, need %dx%d", u->lay.w, u->lay.h, UI_MIN_W, UI_MIN_H);
	line.y++;
	line.x = (c->w - len) / 2 > 0 ? (c->w - len) / 2 : 0;
	line.w = c->w - line.x;
	if (line.y < c->h) {
		pen_start(&p, c, line, 0, 0);
		pen_puts(&p, s);
	}
}

void
ui_draw(struct canvas *c, const struct ui *u)
{
	int i;

	if (u->lay.too_small) {
		frame_too_small(c, u);
		return;
	}
	frame_header(c, u);
	/* First: with the pane maximised, the detail and help screens cover it. */
	if (u->pane != NULL)
		scr_pane_draw(c, u);
	for (i = frame_first(u); i < u->depth; i++)
		if (u->stack[i].s->draw != NULL)
			u->stack[i].s->draw(c, u, u->stack[i].st);
	frame_footer(c, u);
}
