/*
 * scr_sort.c: the sort column menu (F6, as in htop): every column, the
 * one in force selected; Enter sorts by the one chosen (by the one in
 * force: in its direction, now, which also moves whatever waited for its
 * place), I the other way.  Over the top left of the tree.
 */
#include "config.h"

#include "column.h"
#include "screens.h"

#define SORT_MENU_W	52

struct scr_sort {
	int sel;		/* an enum settings_col */
};

static void
sort_open(struct ui *u, void *st, const void *arg)
{
	struct scr_sort *m = st;

	m->sel = (int)view_sort_column(u->view);
}

static int
act_sort_move(struct ui *u, void *st, int key)
{
	struct scr_sort *m = st;
	int sel = m->sel;

	switch (key) {
	case KEYC_UP: case 'k': sel--; break;
	case KEYC_DOWN: case 'j': sel++; break;
	case KEYC_HOME: case KEYC_PPAGE: sel = 0; break;
	case KEYC_END: case KEYC_NPAGE: sel = SETTINGS_NCOLS - 1; break;
	}
	m->sel = sel < 0 ? 0 : sel >= SETTINGS_NCOLS ? SETTINGS_NCOLS - 1 : sel;
	return UI_REDRAW;
}

static int
act_sort_choose(struct ui *u, void *st, int key)
{
	enum settings_col col = (enum settings_col)((struct scr_sort *)st)->sel;
	int desc = col == view_sort_column(u->view) ? view_sort_descending(u->view) :
	    column_get(col)->desc;

	ui_close(u);
	ui_sort(u, col, key == 'I' ? !desc : desc);
	return UI_REDRAW;
}

static int
act_sort_cancel(struct ui *u, void *st, int key)
{
	ui_close(u);
	return UI_REDRAW;
}

static const struct ui_key sort_keys[] = {
	{ KEYC_UP, act_sort_move, "Up Down j k", "choose a column (Home End too)", NULL, NULL },
	{ KEYC_DOWN, act_sort_move, NULL, NULL, NULL, NULL },
	{ 'k', act_sort_move, NULL, NULL, NULL, NULL },
	{ 'j', act_sort_move, NULL, NULL, NULL, NULL },
	{ KEYC_HOME, act_sort_move, NULL, NULL, NULL, NULL },
	{ KEYC_END, act_sort_move, NULL, NULL, NULL, NULL },
	{ KEYC_PPAGE, act_sort_move, NULL, NULL, NULL, NULL },
	{ KEYC_NPAGE, act_sort_move, NULL, NULL, NULL, NULL },
	{ KEYC_ENTER, act_sort_choose, "Enter",
	    "sort by it (the one in force: again, now, the same way)", "Sort", NULL },
	{ 'I', act_sort_choose, "I", "sort by it, the other way", "Invert", NULL },
	{ KEYC_ESC, act_sort_cancel, "Esc q F6", "cancel", "Cancel", NULL },
	{ 'q', act_sort_cancel, NULL, NULL, NULL, NULL },
	{ KEYC_F(6), act_sort_cancel, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
sort_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { sort_keys, NULL };

	return tables;
}

static const struct ui_bar sort_bar[] = {
	{ KEYC_ENTER, NULL }, { 'I', NULL }, { KEYC_ESC, NULL }, { 0, NULL },
};

static int
sort_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	struct scr_sort *m = st;
	struct rect r = ui_region(u, &screen_sort);

	if (kind != UI_CLICK)
		return act_sort_move(u, st, kind == UI_WHEEL_UP ? KEYC_UP : KEYC_DOWN);
	if (x < r.x || x >= r.x + SORT_MENU_W || y <= r.y || y > r.y + SETTINGS_NCOLS)
		return act_sort_cancel(u, st, KEYC_ESC);
	m->sel = y - r.y - 1;
	return act_sort_choose(u, st, KEYC_ENTER);
}

static void
sort_draw(struct canvas *c, const struct ui *u, const void *st)
{
	const struct scr_sort *m = st;
	struct rect r = ui_region(u, &screen_sort);
	enum settings_col cur = view_sort_column(u->view);
	int desc = view_sort_descending(u->view), y, h, i;
	const struct column *col;
	struct pen p;

	r.w = r.w < SORT_MENU_W ? r.w : SORT_MENU_W;
	h = SETTINGS_NCOLS + 1 < r.h ? SETTINGS_NCOLS + 1 : r.h;
	r.h = h;
	canvas_fill(c, r, DRAW_DEFAULT);
	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_BAR;
	pen_puts(&p, "Sort siblings by:");
	pen_fill(&p);
	/* Scrolled so that the selection shows on a short screen. */
	i = m->sel - (h - 2);
	for (i = i > 0 ? i : 0, y = 1; y < h && i < SETTINGS_NCOLS; y++, i++) {
		col = column_get((enum settings_col)i);
		pen_start(&p, c, r, y, 0);
		p.attr = i == m->sel ? DRAW_REVERSE | DRAW_BOLD : DRAW_DEFAULT;
		pen_printf(&p, " %c %-8s %s", i == (int)cur ? (desc ? 'v' : '^') : ' ', col->name,
		    col->help);
		pen_fill(&p);
	}
}

static void
sort_footer(struct pen *p, const struct ui *u, const void *st)
{
	ui_bar_keys(p, u, &screen_sort, st, NULL);
	p->attr = DRAW_BAR;
	pen_fill(p);
}

const struct screen screen_sort = {
	.name = "sort",
	.state_size = sizeof(struct scr_sort),
	.open = sort_open,
	.keys = sort_tables,
	.bar = sort_bar,
	.mouse = sort_mouse,
	.draw = sort_draw,
	.footer = sort_footer,
	.help_title = "Sort menu (F6)",
};
