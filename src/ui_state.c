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

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "column.h"
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
	u->forced = flags;
	u->screens = screens;
	u->crit = critpath_new(pt);
	/* The defaults, tied to no file, until ui_use_settings(). */
	u->settings = settings_new();
	u->settings_owned = 1;
	u->applied_pane = u->applied_follow = -1;
	u->ncols = (int)settings_columns(u->settings, u->cols, SETTINGS_NCOLS);
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
	if (u->settings_owned)
		settings_free(u->settings);
	u->settings = NULL;
	u->settings_owned = 0;
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

/* ---- settings ---------------------------------------------------------------------- */

void
ui_set_columns(struct ui *u, const enum settings_col *cols, size_t n)
{
	size_t i;

	u->ncols = 0;
	for (i = 0; i < n && u->ncols < SETTINGS_NCOLS - 1; i++)
		if (cols[i] != SETTINGS_COL_COMMAND && column_get(cols[i]) != NULL)
			u->cols[u->ncols++] = cols[i];
	u->cols[u->ncols++] = SETTINGS_COL_COMMAND;
}

void
ui_use_settings(struct ui *u, struct settings *s)
{
	enum settings_col cols[SETTINGS_NCOLS];
	int flags = u->flags & ~(UI_NOCOLOR | UI_LIGHT | UI_ASCII | UI_HIGHLIGHT);
	struct settings *d;

	if (s != NULL && s != u->settings) {
		if (u->settings_owned)
			settings_free(u->settings);
		u->settings = s;
		u->settings_owned = 0;
	}
	d = u->settings;
	ui_set_columns(u, cols, settings_columns(d, cols, SETTINGS_NCOLS));
	if (!settings_color(d))
		flags |= UI_NOCOLOR;
	if (settings_color_scheme(d) == SETTINGS_SCHEME_LIGHT)
		flags |= UI_LIGHT;
	if (settings_tree_glyphs(d) == SETTINGS_GLYPHS_ASCII)
		flags |= UI_ASCII;
	if (settings_highlight(d))
		flags |= UI_HIGHLIGHT;
	/* The command line wins: what it asked for stays (--no-highlight: u->forced lacks it). */
	u->flags = flags | (u->forced & (UI_NOCOLOR | UI_ASCII | UI_ESCAPE8));
	if (u->forced & UI_NOHIGHLIGHT)
		u->flags &= ~UI_HIGHLIGHT;
	/*
	 * The pane's place and follow change with keys too (o, p, f): taken
	 * from the settings when they say something new, not again whenever
	 * another setting changes.
	 */
	if ((int)settings_pane(d) != u->applied_pane) {
		u->applied_pane = (int)settings_pane(d);
		switch (settings_pane(d)) {
		case SETTINGS_PANE_BELOW:
		case SETTINGS_PANE_BESIDE:
			u->pane_side = settings_pane(d) == SETTINGS_PANE_BESIDE;
			if (u->pane_show == UI_PANE_HIDDEN)
				u->pane_show = UI_PANE_SPLIT;
			break;
		case SETTINGS_PANE_HIDDEN:
			u->pane_show = UI_PANE_HIDDEN;
			break;
		}
	}
	ui_layout(u, u->lay.w, u->lay.h);
	if (settings_follow(d) != u->applied_follow) {
		u->applied_follow = settings_follow(d);
		view_set_follow(u->view, settings_follow(d));
	}
	if (view_sort_column(u->view) != settings_sort(d) ||
	    view_sort_descending(u->view) != settings_sort_descending(d))
		view_set_sort(u->view, settings_sort(d), settings_sort_descending(d), u->now_us);
}

int
ui_save_settings(struct ui *u)
{
	const char *path;
	struct buf b = BUF_INIT;

	if ((path = settings_file(u->settings)) == NULL) {
		ui_message(u, "Not saved: no settings file (--no-config, or no HOME)");
		return -1;
	}
	if (settings_save(u->settings, NULL) == 0)
		return 0;
	fmt_escape(&b, path, strlen(path), ui_fmt_flags(u));
	ui_message(u, "Cannot save %s: %s", b.p, strerror(errno));
	buf_free(&b);
	return -1;
}

void
ui_sort(struct ui *u, enum settings_col col, int desc)
{
	char arrow[8];

	view_set_sort(u->view, col, desc, u->now_us);
	settings_set_sort(u->settings, col, desc);
	u->settings_dirty = 1;
	if (col == SETTINGS_COL_START && !desc)
		ui_message(u, "Sorted by START: siblings in creation order");
	else {
		snprintf(arrow, sizeof arrow, "%s", (u->flags & (UI_ASCII | UI_ESCAPE8)) ?
		    (desc ? "v" : "^") : (desc ? "\xe2\x86\x93" : "\xe2\x86\x91"));
		ui_message(u, "Sorted by %s%s, %s (I inverts)", settings_col_name(col), arrow,
		    desc ? "descending" : "ascending");
	}
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
	u->key_us = u->hooks.now != NULL ? u->hooks.now(u->hooks.ctx) : u->now_us;
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

/* The binding of a bar's key if the bar shows it now, else NULL. */
static const struct ui_key *
ui_bar_binding(const struct ui *u, const struct screen *s, const void *st, int key)
{
	const struct ui_key *k = ui_binding(u, s, st, key);

	if (k == NULL || k->bar == NULL || (k->shown != NULL && !k->shown(u)))
		return NULL;
	return k;
}

void
ui_bar_keys(struct pen *p, const struct ui *u, const struct screen *s, const void *st,
    const struct ui_bar *bar)
{
	const struct ui_bar *b;
	const struct ui_key *k;
	char name[32];

	for (b = bar != NULL ? bar : s->bar; b != NULL && b->key != 0; b++) {
		if ((k = ui_bar_binding(u, s, st, b->key)) == NULL)
			continue;
		ui_bar_item(p, b->name != NULL ? b->name : ui_key_name(b->key, name, sizeof name),
		    k->bar);
	}
}

long
ui_bar_width(const struct ui *u, const struct screen *s, const void *st,
    const struct ui_bar *bar)
{
	const struct ui_bar *b;
	const struct ui_key *k;
	char name[32];
	long w = 0, len = 0;

	for (b = bar != NULL ? bar : s->bar; b != NULL && b->key != 0; b++) {
		if ((k = ui_bar_binding(u, s, st, b->key)) == NULL)
			continue;
		len = (long)strlen(k->bar);
		w += (long)strlen(b->name != NULL ? b->name :
		    ui_key_name(b->key, name, sizeof name)) + (len < 6 ? 6 : len + 1);
	}
	/* The last word's padding may be cut. */
	return w - (len < 6 ? 6 - len : 1);
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
	if (u->pane_show == UI_PANE_MAX)
		u->pane_show = UI_PANE_SPLIT;	/* hidden stays hidden (the settings) */
	u->pane_back = 0;
	if (p != NULL && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0) {
		w = ws.ws_col;
		h = ws.ws_row;
	}
	ui_layout(u, w, h);
	ui_refresh(u);	/* a pane gone takes its focus with it */
}
