/*
 * scr_pager.c: what the detail and help screens share, a pager filling
 * their region: its keys, its mouse wheel, its layout and its drawing.  The
 * state of such a screen begins with its struct pager.
 */
#include "config.h"

#include "screens.h"


/* The pager's region. */
static struct rect
pager_rect(const struct ui *u, const void *st)
{
	return ui_region(u, ui_screen_of(u, st));
}

/* The pager's rows on the screen: its region less the title bar. */
static int
pager_height(const struct ui *u, const void *st)
{
	struct rect r = pager_rect(u, st);

	return r.h - 1 > 0 ? r.h - 1 : 1;
}

static int
act_pager_back(struct ui *u, void *st, int key)
{
	ui_close(u);
	return UI_REDRAW;
}

static int
act_pager_line(struct ui *u, void *st, int key)
{
	pager_scroll(st, key == KEYC_UP || key == 'k' ? -1 : 1, pager_height(u, st));
	return UI_REDRAW;
}

static int
act_pager_page(struct ui *u, void *st, int key)
{
	long h = pager_height(u, st);

	pager_scroll(st, key == KEYC_PPAGE || key == 'b' ? -h : h, (int)h);
	return UI_REDRAW;
}

static int
act_pager_ends(struct ui *u, void *st, int key)
{
	struct pager *p = st;

	pager_scroll(p, key == KEYC_HOME || key == 'g' ? -(long)p->nrows - 1 :
	    (long)p->nrows + 1, pager_height(u, st));
	return UI_REDRAW;
}

const struct ui_key scr_pager_keys[] = {
	{ KEYC_UP, act_pager_line, "Up k Down j", "scroll a line", "Scroll", NULL },
	{ 'k', act_pager_line, NULL, NULL, NULL, NULL },
	{ KEYC_DOWN, act_pager_line, NULL, NULL, NULL, NULL },
	{ 'j', act_pager_line, NULL, NULL, NULL, NULL },
	{ KEYC_PPAGE, act_pager_page, "PgUp b PgDn Space", "scroll a page", "Page", NULL },
	{ 'b', act_pager_page, NULL, NULL, NULL, NULL },
	{ KEYC_NPAGE, act_pager_page, NULL, NULL, NULL, NULL },
	{ ' ', act_pager_page, NULL, NULL, NULL, NULL },
	{ KEYC_HOME, act_pager_ends, "Home g End G", "top, bottom", NULL, NULL },
	{ 'g', act_pager_ends, NULL, NULL, NULL, NULL },
	{ KEYC_END, act_pager_ends, NULL, NULL, NULL, NULL },
	{ 'G', act_pager_ends, NULL, NULL, NULL, NULL },
	{ KEYC_ESC, act_pager_back, "Esc q Left Enter", "back to the tree", "Back", NULL },
	{ 'q', act_pager_back, NULL, NULL, NULL, NULL },
	{ KEYC_LEFT, act_pager_back, NULL, NULL, NULL, NULL },
	{ 'h', act_pager_back, NULL, NULL, NULL, NULL },
	{ KEYC_ENTER, act_pager_back, NULL, NULL, NULL, NULL },
	{ KEYC_F(1), act_pager_back, NULL, NULL, NULL, NULL },
	{ '?', act_pager_back, NULL, NULL, NULL, NULL },
	{ KEYC_F(10), act_pager_back, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

const struct ui_bar scr_pager_bar[] = {
	{ KEYC_ESC, NULL }, { KEYC_UP, "Up/Dn" }, { KEYC_PPAGE, "PgUp/PgDn" }, { 0, NULL },
};

const struct ui_key *const *
scr_pager_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { scr_pager_keys, NULL };

	return tables;
}

int
scr_pager_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	if (kind == UI_CLICK)
		return 0;
	pager_scroll(st, kind == UI_WHEEL_UP ? -UI_WHEEL_LINES : UI_WHEEL_LINES, pager_height(u, st));
	return UI_REDRAW;
}

void
scr_pager_layout(struct ui *u, void *st)
{
	pager_fit(st, pager_rect(u, st));
}

void
scr_pager_draw(struct canvas *c, const struct ui *u, const void *st)
{
	pager_draw(c, pager_rect(u, st), st);
}

const struct pager *
scr_pager_of(const struct ui *u)
{
	return (ui_top(u)->flags & SCREEN_PAGER) ? ui_top_state(u) : NULL;
}
