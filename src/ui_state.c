/*
 * ui_state.c: the view's shared state, the stack of screens and the
 * dispatch of keys, mouse events and trace changes to them; the layout of
 * the screen's regions.  No curses.  See ui.h.
 *
 * Invariants: stack[0] is the base screen (the tree) and is never closed;
 * every frame's state is state_size zeroed bytes owned by the stack; the
 * layout is recomputed whenever the size, the pane or its placement change
 * (ui_layout), so key handlers can rely on it at once.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "critpath.h"
#include "fmt.h"
#include "profile.h"
#include "timeline.h"
#include "ui.h"
#include "xmalloc.h"

/* ---- state ---------------------------------------------------------------- */

void
ui_init(struct ui *u, struct ptree *pt, struct view *view, int flags,
    const struct screen *base, const struct screen *const *screens)
{
	memset(u, 0, sizeof *u);
	u->pt = pt;
	u->view = view;
	u->flags = flags;
	u->screens = screens;
	u->crit = critpath_new(pt);
	ui_layout(u, 80, 24);
	ui_open(u, base, NULL);
}

void
ui_free(struct ui *u)
{
	while (u->depth > 1)
		ui_close(u);
	if (u->depth == 1) {
		if (u->stack[0].s->close != NULL)
			u->stack[0].s->close(u, u->stack[0].st);
		free(u->stack[0].st);
		u->depth = 0;
	}
	free(u->search);
	u->search = NULL;
	free(u->clipboard);
	u->clipboard = NULL;
	critpath_free(u->crit);
	tl_hist_free(u->hist);
	profile_free(u->prof);
	u->crit = NULL;
	u->hist = NULL;
	u->prof = NULL;
}

void
ui_add_sinks(struct ui *u, struct bus *b)
{
	struct sink s;

	if (u->hist == NULL)
		u->hist = tl_hist_new(u->pt);
	s = tl_hist_sink(u->hist);
	bus_add(b, &s);
	if (u->prof == NULL)
		u->prof = profile_new(u->pt);
	s = profile_sink(u->prof);
	bus_add(b, &s);
}

void
ui_message(struct ui *u, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(u->msg, sizeof u->msg, fmt, ap);
	va_end(ap);
}

void
ui_copy(struct ui *u, const char *text, size_t len)
{
	free(u->clipboard);
	u->clipboard = xmalloc(len + 1);
	memcpy(u->clipboard, text, len);
	u->clipboard[len] = '\0';
	u->clipboard_len = len;
}

int
ui_fmt_flags(const struct ui *u)
{
	return (u->flags & UI_ESCAPE8) ? FMT_ASCII : 0;
}

uint16_t
ui_node_attr(const struct node *n)
{
	if (n->flags & NODE_RUNNING)
		return DRAW_BOLD;
	if (n->flags & NODE_SIGNALED)
		return DRAW_MAGENTA;
	if ((n->flags & NODE_EXITED) && n->status != 0)
		return DRAW_RED;
	if (n->flags & NODE_EXITED)
		return DRAW_DEFAULT;
	return DRAW_YELLOW;	/* detached or lost */
}

/* ---- the stack ------------------------------------------------------------------ */

void
ui_open(struct ui *u, const struct screen *s, const void *arg)
{
	struct ui_frame *f;

	if (u->depth == UI_MAX_SCREENS)
		return;		/* screens open one another a few deep, never this */
	f = &u->stack[u->depth++];
	f->s = s;
	f->st = s->state_size > 0 ? xcalloc(1, s->state_size) : NULL;
	if (s->open != NULL)
		s->open(u, f->st, arg);
}

void
ui_close(struct ui *u)
{
	struct ui_frame *f;

	if (u->depth <= 1)
		return;
	f = &u->stack[--u->depth];
	if (f->s->close != NULL)
		f->s->close(u, f->st);
	free(f->st);
	f->s = NULL;
	f->st = NULL;
}

const struct screen *
ui_top(const struct ui *u)
{
	return u->depth > 0 ? u->stack[u->depth - 1].s : NULL;
}

void *
ui_top_state(const struct ui *u)
{
	return u->depth > 0 ? u->stack[u->depth - 1].st : NULL;
}

void *
ui_state_of(const struct ui *u, const struct screen *s)
{
	int i;

	for (i = u->depth - 1; i >= 0; i--)
		if (u->stack[i].s == s)
			return u->stack[i].st;
	return NULL;
}

const struct screen *
ui_screen_of(const struct ui *u, const void *st)
{
	int i;

	for (i = u->depth - 1; i >= 0; i--)
		if (u->stack[i].st == st)
			return u->stack[i].s;
	return ui_top(u);
}

/* ---- keys ------------------------------------------------------------------------- */

const struct ui_key *
ui_binding(const struct ui *u, const struct screen *s, const void *st, int key)
{
	const struct ui_key *const *tables, *k;

	if (s->keys == NULL || key == 0)
		return NULL;
	for (tables = s->keys(u, st); *tables != NULL; tables++)
		for (k = *tables; k->fn != NULL || k->help != NULL; k++)
			if (k->fn != NULL && k->key == key)
				return k;
	return NULL;
}

int
ui_key(struct ui *u, int key)
{
	const struct screen *s = ui_top(u);
	void *st = ui_top_state(u);
	const struct ui_key *k;
	int r;

	u->msg[0] = '\0';
	if ((k = ui_binding(u, s, st, key)) != NULL)
		r = k->fn(u, st, key);
	else
		r = s->key != NULL ? s->key(u, st, key) : 0;
	/* A frame after every key (the message went), but typing into the pane. */
	return (s->flags & SCREEN_RAW) ? r : r | UI_REDRAW;
}

int
ui_mouse(struct ui *u, enum ui_mouse_kind kind, int x, int y)
{
	const struct screen *s = ui_top(u);

	if (u->lay.too_small || s->mouse == NULL)
		return 0;
	return s->mouse(u, ui_top_state(u), kind, x, y);
}

int
ui_raw_keys(const struct ui *u)
{
	return (ui_top(u)->flags & SCREEN_RAW) != 0;
}

void
ui_refresh(struct ui *u)
{
	int i;

	/* Top first: a refresh may close the screen (the pane's terminal closed). */
	for (i = u->depth - 1; i >= 0; i--)
		if (i < u->depth && u->stack[i].s->refresh != NULL)
			u->stack[i].s->refresh(u, u->stack[i].st);
}

const char *
ui_key_name(int key, char *out, size_t size)
{
	static const struct {
		int key;
		const char *name;
	} names[] = {
		{ KEYC_UP, "Up" }, { KEYC_DOWN, "Down" }, { KEYC_LEFT, "Left" },
		{ KEYC_RIGHT, "Right" }, { KEYC_PPAGE, "PgUp" }, { KEYC_NPAGE, "PgDn" },
		{ KEYC_HOME, "Home" }, { KEYC_END, "End" }, { KEYC_ENTER, "Enter" },
		{ KEYC_ESC, "Esc" }, { KEYC_BACKSPACE, "Backspace" }, { KEYC_DELETE, "Delete" },
		{ KEYC_INSERT, "Insert" }, { KEYC_BTAB, "Shift-Tab" }, { '\t', "Tab" },
		{ ' ', "Space" },
	};
	size_t i;

	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (names[i].key == key) {
			snprintf(out, size, "%s", names[i].name);
			return out;
		}
	}
	if (key >= KEYC_F(1) && key <= KEYC_F(24))
		snprintf(out, size, "F%d", key - KEYC_F0);
	else if (key > 0 && key < 0x20)
		snprintf(out, size, "Ctrl-%c", key + 0x40);
	else if (key >= 0x20 && key < 0x7f)
		snprintf(out, size, "%c", key);
	else
		snprintf(out, size, "U+%04X", (unsigned)key);
	return out;
}

/* htop's function bar: the key plain, its word on a bar. */
void
ui_bar_item(struct pen *p, const char *key, const char *word)
{
	size_t len = strlen(word);

	p->attr = DRAW_DEFAULT;
	pen_puts(p, key);
	p->attr = DRAW_BAR;
	pen_printf(p, "%-*s", len < 6 ? 6 : (int)len + 1, word);
}

void
ui_bar_keys(struct pen *p, const struct ui *u, const struct screen *s, const void *st,
    const struct ui_bar *bar)
{
	const struct ui_bar *b;
	const struct ui_key *k;
	char name[32];

	for (b = bar != NULL ? bar : s->bar; b != NULL && b->key != 0; b++) {
		if ((k = ui_binding(u, s, st, b->key)) == NULL || k->bar == NULL ||
		    (k->shown != NULL && !k->shown(u)))
			continue;
		ui_bar_item(p, b->name != NULL ? b->name : ui_key_name(b->key, name, sizeof name),
		    k->bar);
	}
}

/* ---- layout -------------------------------------------------------------------------- */

/*
 * The timeline takes the right three fifths of the tree's region, leaving
 * the tree at least UI_SIDE_TREE_MIN columns; too narrow, it has none.
 */
static void
ui_layout_side(struct ui *u)
{
	struct ui_layout *l = &u->lay;
	int tw;

	l->side = (struct rect){ l->tree.x + l->tree.w, l->tree.y, 0, l->tree.h };
	if (!u->timeline || l->tree.h <= 0)
		return;
	tw = l->tree.w * 2 / 5 > UI_SIDE_TREE_MIN ? l->tree.w * 2 / 5 : UI_SIDE_TREE_MIN;
	if (l->tree.w - tw < UI_SIDE_MIN)
		return;
	l->side.x = l->tree.x + tw;
	l->side.w = l->tree.w - tw;
	l->tree.w = tw;
}

/* Split the body between the tree and the terminal pane; size the pane. */
static void
ui_layout_pane(struct ui *u)
{
	struct ui_layout *l = &u->lay;
	struct rect b = l->body;
	int split = u->pane_show == UI_PANE_SPLIT;

	l->tree = b;
	l->pane = l->term = (struct rect){ 0, 0, 0, 0 };
	if (u->pane == NULL || u->pane_show == UI_PANE_HIDDEN) {
		ui_layout_side(u);
		return;
	}
	if (u->pane_show == UI_PANE_MAX) {
		l->tree.h = 0;
		l->pane = b;
	} else if (u->pane_side) {
		l->tree.w = b.w / 2;
		l->pane = (struct rect){ b.x + l->tree.w, b.y, b.w - l->tree.w, b.h };
	} else {
		l->tree.h = b.h / 2 > 3 ? b.h / 2 : 3;
		if (l->tree.h > b.h - 2)
			l->tree.h = b.h - 2 > 1 ? b.h - 2 : 1;
		l->pane = (struct rect){ b.x, b.y + l->tree.h, b.w, b.h - l->tree.h };
	}
	ui_layout_side(u);
	/* A title bar on top; a separator column on the left when beside the tree. */
	l->term = l->pane;
	l->term.y++;
	l->term.h--;
	if (split && u->pane_side) {
		l->term.x++;
		l->term.w--;
	}
	if (l->term.w < 1)
		l->term.w = 1;
	if (l->term.h < 1)
		l->term.h = 1;
	/* A screen too small to draw shows no pane: leave the command alone. */
	if (!l->too_small)
		pane_resize(u->pane, l->term.h, l->term.w);
}

void
ui_layout(struct ui *u, int w, int h)
{
	struct ui_layout *l = &u->lay;

	l->w = w;
	l->h = h;
	l->too_small = w < UI_MIN_W || h < UI_MIN_H;
	l->header = (struct rect){ 0, 0, w, 2 };
	l->body = (struct rect){ 0, 2, w, h - 3 > 1 ? h - 3 : 1 };
	l->footer = (struct rect){ 0, h - 1, w, 1 };
	ui_layout_pane(u);
	/* The tree's rows: its rectangle less the column header. */
	view_set_height(u->view, (unsigned)(l->tree.h - 1 > 0 ? l->tree.h - 1 : 1));
}

struct rect
ui_region(const struct ui *u, const struct screen *s)
{
	return u->lay.tree.h > 0 && !(s->flags & SCREEN_WIDE) ? u->lay.tree : u->lay.body;
}

void
ui_set_pane(struct ui *u, struct pane *p)
{
	struct winsize ws;
	int w = u->lay.w, h = u->lay.h;

	u->pane = p;
	u->pane_show = UI_PANE_SPLIT;
	u->pane_back = 0;
	if (p != NULL && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0) {
		w = ws.ws_col;
		h = ws.ws_row;
	}
	ui_layout(u, w, h);
	ui_refresh(u);	/* a pane gone takes its focus with it */
}
