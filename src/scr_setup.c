/*
 * scr_setup.c: the setup screen (F2, as in htop): which columns the tree
 * shows and in what order, colours and their scheme, tree glyphs, where
 * the pane goes, follow, highlights and the sort.  Over the whole body.
 * Every change applies at once (ui_use_settings) and is saved at once
 * (ui_save_settings); the list and the changes are setup.c's.
 */
#include "config.h"

#include <string.h>

#include "column.h"
#include "fmt.h"
#include "screens.h"
#include "setup.h"

struct scr_setup {
	int sel;		/* selected item */
	int top;		/* first line shown (layout keeps sel in view) */
};

/* Lines before the first item, between the columns and the choices. */
#define SETUP_HEAD	2

static size_t
setup_list(const struct ui *u, struct setup_item *items)
{
	return setup_items(u->settings, items, SETUP_MAX_ITEMS);
}

/* The screen line of item i (a title line separates the choices). */
static int
setup_line(const struct setup_item *items, int i)
{
	return SETUP_HEAD + i + (items[i].is_column ? 0 : 2);
}

/* Apply and save; the footer says where it went (or why not). */
static int
setup_changed(struct ui *u)
{
	struct buf b = BUF_INIT;
	const char *path;

	ui_use_settings(u, u->settings);
	if (ui_save_settings(u) == 0) {
		path = settings_file(u->settings);
		fmt_escape(&b, path, strlen(path), ui_fmt_flags(u));
		ui_message(u, "Saved to %s", b.p);
		buf_free(&b);
	}
	return UI_REDRAW;
}

static int
act_setup_move(struct ui *u, void *st, int key)
{
	struct scr_setup *m = st;
	struct setup_item items[SETUP_MAX_ITEMS];
	int n = (int)setup_list(u, items), sel = m->sel;

	switch (key) {
	case KEYC_UP: case 'k': sel--; break;
	case KEYC_DOWN: case 'j': sel++; break;
	case KEYC_HOME: case 'g': sel = 0; break;
	case KEYC_END: case 'G': sel = n - 1; break;
	case KEYC_PPAGE: sel -= 10; break;
	case KEYC_NPAGE: sel += 10; break;
	}
	m->sel = sel < 0 ? 0 : sel >= n ? n - 1 : sel;
	return UI_REDRAW;
}

static int
act_setup_change(struct ui *u, void *st, int key)
{
	struct scr_setup *m = st;
	struct setup_item items[SETUP_MAX_ITEMS];
	int n = (int)setup_list(u, items), i;
	enum settings_col col;

	if (m->sel >= n)
		return UI_REDRAW;
	col = items[m->sel].col;
	if (!setup_change(u->settings, &items[m->sel], key == KEYC_LEFT ? -1 : 1))
		return UI_REDRAW;
	if (items[m->sel].is_column) {
		/* Follow the column to its new place in the list. */
		n = (int)setup_list(u, items);
		for (i = 0; i < n && !(items[i].is_column && items[i].col == col); i++)
			;
		m->sel = i < n ? i : m->sel;
	}
	return setup_changed(u);
}

static int
act_setup_order(struct ui *u, void *st, int key)
{
	struct scr_setup *m = st;
	struct setup_item items[SETUP_MAX_ITEMS];
	int n = (int)setup_list(u, items), dir = key == KEYC_F(7) || key == '[' ? -1 : 1;

	if (m->sel >= n || !items[m->sel].is_column || !items[m->sel].shown)
		return UI_REDRAW;
	if (!setup_move(u->settings, items[m->sel].col, dir))
		return UI_REDRAW;
	m->sel += dir;
	return setup_changed(u);
}

static int
act_setup_close(struct ui *u, void *st, int key)
{
	ui_close(u);
	return UI_REDRAW;
}

static const struct ui_key setup_keys[] = {
	{ KEYC_UP, act_setup_move, "Up Down j k", "choose a line (PgUp PgDn Home End too)",
	    NULL, NULL },
	{ KEYC_DOWN, act_setup_move, NULL, NULL, NULL, NULL },
	{ 'k', act_setup_move, NULL, NULL, NULL, NULL },
	{ 'j', act_setup_move, NULL, NULL, NULL, NULL },
	{ KEYC_HOME, act_setup_move, NULL, NULL, NULL, NULL },
	{ KEYC_END, act_setup_move, NULL, NULL, NULL, NULL },
	{ 'g', act_setup_move, NULL, NULL, NULL, NULL },
	{ 'G', act_setup_move, NULL, NULL, NULL, NULL },
	{ KEYC_PPAGE, act_setup_move, NULL, NULL, NULL, NULL },
	{ KEYC_NPAGE, act_setup_move, NULL, NULL, NULL, NULL },
	{ ' ', act_setup_change, "Space Enter",
	    "show or hide a column; the next value of a choice", "Change", NULL },
	{ KEYC_ENTER, act_setup_change, NULL, NULL, NULL, NULL },
	{ KEYC_RIGHT, act_setup_change, "Right Left", "the next or previous value", NULL, NULL },
	{ KEYC_LEFT, act_setup_change, NULL, NULL, NULL, NULL },
	{ KEYC_F(7), act_setup_order, "F7 [", "move a shown column left (up the list)",
	    "MoveUp", NULL },
	{ '[', act_setup_order, NULL, NULL, NULL, NULL },
	{ KEYC_F(8), act_setup_order, "F8 ]", "move a shown column right (down the list)",
	    "MoveDn", NULL },
	{ ']', act_setup_order, NULL, NULL, NULL, NULL },
	{ KEYC_ESC, act_setup_close, "Esc q F2 F10", "back to the tree", "Done", NULL },
	{ 'q', act_setup_close, NULL, NULL, NULL, NULL },
	{ KEYC_F(2), act_setup_close, NULL, NULL, NULL, NULL },
	{ KEYC_F(10), act_setup_close, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
setup_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { setup_keys, NULL };

	return tables;
}

static const struct ui_bar setup_bar[] = {
	{ ' ', NULL }, { KEYC_F(7), NULL }, { KEYC_F(8), NULL }, { KEYC_ESC, NULL }, { 0, NULL },
};

static void
setup_layout(struct ui *u, void *st)
{
	struct scr_setup *m = st;
	struct setup_item items[SETUP_MAX_ITEMS];
	int n = (int)setup_list(u, items), h = ui_region(u, &screen_setup).h, y;

	if (m->sel >= n)
		m->sel = n - 1;
	y = setup_line(items, m->sel);
	if (y < m->top + SETUP_HEAD)
		m->top = y - SETUP_HEAD;
	if (y >= m->top + h)
		m->top = y - h + 1;
	if (m->top < 0)
		m->top = 0;
}

static int
setup_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	struct scr_setup *m = st;
	struct setup_item items[SETUP_MAX_ITEMS];
	struct rect r = ui_region(u, &screen_setup);
	int n = (int)setup_list(u, items), i;

	if (kind != UI_CLICK)
		return act_setup_move(u, st, kind == UI_WHEEL_UP ? KEYC_UP : KEYC_DOWN);
	for (i = 0; i < n; i++) {
		if (setup_line(items, i) - m->top + r.y == y) {
			m->sel = i;
			return UI_REDRAW;
		}
	}
	return 0;
}

/* One line at screen line y of r, unless scrolled off. */
static int
setup_pen(struct pen *p, struct canvas *c, struct rect r, int line, int top)
{
	if (line < top || line - top >= r.h)
		return 0;
	pen_start(p, c, r, line - top, 0);
	return 1;
}

static void
setup_draw(struct canvas *c, const struct ui *u, const void *st)
{
	const struct scr_setup *m = st;
	struct setup_item items[SETUP_MAX_ITEMS];
	struct rect r = ui_region(u, &screen_setup);
	int n = (int)setup_list(u, items), i, first_choice = -1;
	const struct column *col;
	struct buf b = BUF_INIT;
	const char *path = settings_file(u->settings);
	struct pen p;

	canvas_fill(c, r, DRAW_DEFAULT);
	if (setup_pen(&p, c, r, 0, m->top)) {
		p.attr = DRAW_BAR;
		pen_puts(&p, " Setup: ");
		if (path != NULL) {
			fmt_escape(&b, path, strlen(path), ui_fmt_flags(u));
			pen_printf(&p, "saved to %s as it changes", b.p);
		} else
			pen_puts(&p, "not saved (--no-config)");
		pen_fill(&p);
	}
	if (setup_pen(&p, c, r, 1, m->top)) {
		p.attr = DRAW_BOLD | DRAW_UNDERLINE;
		pen_puts(&p, "Columns");
		p.attr = DRAW_DIM;
		pen_puts(&p, "  (Space: show or hide; F7 F8: move; COMMAND stays last)");
	}
	for (i = 0; i < n; i++) {
		if (!items[i].is_column && first_choice < 0) {
			first_choice = i;
			if (setup_pen(&p, c, r, setup_line(items, i) - 1, m->top)) {
				p.attr = DRAW_BOLD | DRAW_UNDERLINE;
				pen_puts(&p, "Display");
				p.attr = DRAW_DIM;
				pen_puts(&p, "  (Space or Right: next value; Left: previous)");
			}
		}
		if (!setup_pen(&p, c, r, setup_line(items, i), m->top))
			continue;
		p.attr = i == m->sel ? DRAW_REVERSE | DRAW_BOLD : DRAW_DEFAULT;
		if (items[i].is_column) {
			col = column_get(items[i].col);
			pen_printf(&p, "  [%c] %-8s %s", items[i].shown ? 'x' : ' ', col->name,
			    col->help);
		} else
			pen_printf(&p, "  %-20s %s", setup_choice_name(items[i].choice),
			    setup_choice_value(u->settings, items[i].choice));
		pen_fill(&p);
	}
	buf_free(&b);
}

static void
setup_footer(struct pen *p, const struct ui *u, const void *st)
{
	if (u->msg[0] != '\0') {
		p->attr = DRAW_BOLD;
		pen_puts(p, u->msg);
		return;
	}
	ui_bar_keys(p, u, &screen_setup, st, NULL);
	p->attr = DRAW_BAR;
	pen_fill(p);
}

const struct screen screen_setup = {
	.name = "setup",
	.flags = SCREEN_OPAQUE | SCREEN_WIDE,
	.state_size = sizeof(struct scr_setup),
	.keys = setup_tables,
	.bar = setup_bar,
	.layout = setup_layout,
	.mouse = setup_mouse,
	.draw = setup_draw,
	.footer = setup_footer,
	.help_title = "Setup (F2)",
};
