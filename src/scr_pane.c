/*
 * scr_pane.c: the launched command's terminal pane.  Three parts:
 * - its region of the screen, drawn by every frame while it shows (below
 *   or beside the tree, or maximised): a title bar, then the cells the
 *   pane holds (the live screen, or a page of its history), work
 *   proportional to the pane's size, never to how much the command wrote;
 * - the tree's keys for it (focus, placement, history), in tables the tree
 *   screen adds to its own;
 * - the focus screen: while it is on top, every key but Ctrl-] is written
 *   to the command's terminal as a terminal would send it.
 *
 * The pane's colours become xterm 256-colour palette indexes in the cell
 * attribute (RGB goes to the nearest entry); ui.c reduces them to the
 * terminal's colours.  Anything a terminal would not print as it is
 * becomes '?'.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "screens.h"
#include "xmalloc.h"


/* ---- cells ------------------------------------------------------------------ */

static uint32_t
pane_cell_color(uint8_t type, uint32_t v, int fg)
{
	int idx;

	if (type == PANE_COLOR_INDEXED)
		idx = (int)(v & 0xff);
	else if (type == PANE_COLOR_RGB)
		idx = canvas_rgb256(v);
	else
		return 0;
	return fg ? DRAW_FG(idx) : DRAW_BG(idx);
}

static uint32_t
pane_cell_attr(const struct pane_cell *pc)
{
	uint32_t a = 0;

	if (pc->attrs & PANE_BOLD)
		a |= DRAW_BOLD;
	if (pc->attrs & PANE_UNDERLINE)
		a |= DRAW_UNDERLINE;
	if (pc->attrs & PANE_REVERSE)
		a |= DRAW_REVERSE;
	if (pc->attrs & PANE_ITALIC)
		a |= DRAW_ITALIC;
	if (pc->attrs & PANE_BLINK)
		a |= DRAW_BLINK;
	/* Strike-through has no curses attribute: dropped. */
	return a | pane_cell_color(pc->fg_type, pc->fg, 1) | pane_cell_color(pc->bg_type, pc->bg, 0);
}

/*
 * One row of the command's screen into w canvas cells.  A character the
 * canvas could not show as libvterm placed it (a control, a width that
 * wcwidth() disagrees with, non-ASCII in a non-UTF-8 locale) becomes '?',
 * padded to the columns libvterm gave it.
 */
static void
pane_cell_row(struct cell *dst, const struct pane_cell *src, int w, int ascii)
{
	uint32_t ch, attr;
	int x, cw;

	for (x = 0; x < w; x++) {
		attr = pane_cell_attr(&src[x]);
		dst[x].attr = attr;
		dst[x].comb = 0;
		ch = src[x].ch;
		cw = src[x].width == 2 ? 2 : 1;
		if (ch == 0 || src[x].width == 0) {
			dst[x].ch = ' ';
			continue;
		}
		if ((ascii && ch >= 0x80) || canvas_cp_width(ch) != cw)
			ch = '?';
		if (cw == 1) {
			dst[x].ch = ch;
			continue;
		}
		if (x + 1 >= w) {
			dst[x].ch = ' ';	/* half a wide character: nothing */
			continue;
		}
		dst[x].ch = ch;
		dst[x + 1].ch = ch == '?' ? ' ' : 0;
		dst[x + 1].comb = 0;
		dst[x + 1].attr = attr;
		x++;
	}
}


/* ---- the region ----------------------------------------------------------------- */

/*
 * Keep a pane scrolled back on the same lines while new output arrives,
 * and find where the focused pane's cursor shows: before drawing.
 */
void
scr_pane_layout(struct ui *u)
{
	struct ui_layout *l = &u->lay;
	int64_t now, back;
	int r, col, vis, w;

	l->cur_on = 0;
	if (u->pane == NULL)
		return;
	now = pane_pushed(u->pane);
	if (u->pane_back > 0 && now != u->pane_mark) {
		back = (int64_t)u->pane_back + (now - u->pane_mark);
		u->pane_back = back > 0 ? (unsigned)back : 0;
	}
	if (u->pane_back > pane_history(u->pane))
		u->pane_back = pane_history(u->pane);
	u->pane_mark = now;
	if (l->pane.w <= 0 || l->pane.h <= 0 || l->too_small || ui_top(u) != &screen_pane_focus ||
	    u->pane_back > 0 || pane_closed(u->pane))
		return;
	pane_cursor(u->pane, &r, &col, &vis);
	w = pane_cols(u->pane) < l->term.w ? pane_cols(u->pane) : l->term.w;
	if (vis && r >= 0 && r < l->term.h && col >= 0 && col < w) {
		l->cur_on = 1;
		l->cur_x = l->term.x + col;
		l->cur_y = l->term.y + r;
	}
}

/* "[command ended: exit 2]" once the pty closed; where the history view is. */
static void
pane_status(struct buf *b, const struct ui *u)
{
	const struct node *root = ptree_size(u->pt) > 0 ? ptree_node(u->pt, 1) : NULL;
	char st[48];

	if (u->pane_back > 0)
		buf_printf(b, "[history -%u/%u] ", u->pane_back, pane_history(u->pane));
	if (!pane_closed(u->pane))
		return;
	if (root != NULL && !(root->flags & NODE_RUNNING))
		buf_printf(b, "[command ended: %s] ", node_state(root, st, sizeof st, 0));
	else
		buf_adds(b, "[terminal closed] ");
}

/* The bar above the pane: the command (or the title it set) and its state. */
static void
pane_bar(struct canvas *c, const struct ui *u)
{
	const struct ui_layout *l = &u->lay;
	struct rect bar = { l->term.x, l->pane.y, l->term.w, 1 };
	struct buf title = BUF_INIT, status = BUF_INIT;
	const char *t = pane_title(u->pane);
	struct pen p;
	long sw;

	if (*t != '\0')
		fmt_escape(&title, t, strlen(t), ui_fmt_flags(u));
	else
		fmt_argv(&title, &ptree_info(u->pt)->argv, ui_fmt_flags(u));
	pane_status(&status, u);
	sw = canvas_width(status.p != NULL ? status.p : "", status.len);
	canvas_fill(c, bar, DRAW_DEFAULT);
	pen_start(&p, c, bar, 0, 0);
	p.attr = ui_top(u) == &screen_pane_focus ? DRAW_TITLE | DRAW_BOLD : DRAW_REVERSE;
	pen_puts(&p, " ");
	if (bar.w - sw > 3) {
		/* The title, cut short of the status on the right. */
		struct rect tr = { bar.x + 1, bar.y, bar.w - 2 - (int)sw, 1 };
		struct pen tp;

		pen_start(&tp, c, tr, 0, 0);
		tp.attr = p.attr;
		pen_put(&tp, title.p != NULL ? title.p : "", title.len);
		pen_fill(&tp);
		p.col = tr.w + 1;
		pen_puts(&p, " ");
	}
	pen_put(&p, status.p != NULL ? status.p : "", status.len);
	pen_fill(&p);
	buf_free(&title);
	buf_free(&status);
}


/* Scratch, reused across frames: one row of the pane's cells. */
static struct pane_cell *pane_cells;
static int pane_ncells;

void
scr_pane_draw(struct canvas *c, const struct ui *u)
{
	const struct ui_layout *l = &u->lay;
	struct rect t = l->term;
	int y, w, cols = pane_cols(u->pane), rows = pane_rows(u->pane);

	if (u->pane == NULL || l->pane.w <= 0 || l->pane.h <= 0)
		return;
	pane_bar(c, u);
	if (l->term.x > l->pane.x) {
		/* Beside the tree: a separator column. */
		struct rect sep = { l->pane.x, l->pane.y, 1, l->pane.h };
		struct pen p;

		for (y = 0; y < sep.h; y++) {
			pen_start(&p, c, sep, y, 0);
			p.attr = DRAW_DIM;
			pen_puts(&p, (u->flags & (UI_ASCII | UI_ESCAPE8)) ? "|" : "│");
		}
	}
	canvas_fill(c, t, DRAW_DEFAULT);
	if (cols > pane_ncells) {
		pane_cells = xreallocarray(pane_cells, (size_t)cols, sizeof *pane_cells);
		pane_ncells = cols;
	}
	w = cols < t.w ? cols : t.w;
	if (t.x + w > c->w)
		w = c->w - t.x;
	for (y = 0; y < t.h && y < rows && t.y + y < c->h; y++) {
		pane_line(u->pane, y, u->pane_back, pane_cells);
		pane_cell_row(canvas_line(c, t.y + y) + t.x, pane_cells, w,
		    (u->flags & UI_ESCAPE8) != 0);
	}
}

/* ---- the tree's keys for the pane --------------------------------------------------- */

static void
pane_show(struct ui *u, enum ui_pane_show show, int side)
{
	u->pane_show = show;
	u->pane_side = side;
	ui_layout(u, u->lay.w, u->lay.h);
}

static int
act_pane_focus(struct ui *u, void *st, int key)
{
	if (pane_closed(u->pane)) {
		ui_message(u, "The command's terminal is closed: it takes no more input");
		return UI_REDRAW;
	}
	if (u->pane_show == UI_PANE_HIDDEN)
		pane_show(u, UI_PANE_SPLIT, u->pane_side);
	u->pane_back = 0;
	ui_open(u, &screen_pane_focus, NULL);
	return UI_REDRAW;
}

static int
act_pane_orient(struct ui *u, void *st, int key)
{
	pane_show(u, u->pane_show == UI_PANE_HIDDEN ? UI_PANE_SPLIT : u->pane_show,
	    !u->pane_side);
	ui_message(u, u->pane_side ? "Terminal pane beside the tree" :
	    "Terminal pane below the tree");
	return UI_REDRAW;
}

/* Both, the pane alone, the tree alone, both... */
static int
act_pane_zoom(struct ui *u, void *st, int key)
{
	switch (u->pane_show) {
	case UI_PANE_SPLIT:
		pane_show(u, UI_PANE_MAX, u->pane_side);
		ui_message(u, "Terminal pane maximised (z: tree only, Tab: type into it)");
		break;
	case UI_PANE_MAX:
		pane_show(u, UI_PANE_HIDDEN, u->pane_side);
		ui_message(u, "Tree maximised, terminal pane hidden (z: both)");
		break;
	case UI_PANE_HIDDEN:
		pane_show(u, UI_PANE_SPLIT, u->pane_side);
		ui_message(u, "Tree and terminal pane (z: pane maximised)");
		break;
	}
	return UI_REDRAW;
}

static int
act_pane_hide(struct ui *u, void *st, int key)
{
	if (u->pane_show == UI_PANE_HIDDEN) {
		pane_show(u, UI_PANE_SPLIT, u->pane_side);
		ui_message(u, "Terminal pane shown");
	} else {
		pane_show(u, UI_PANE_HIDDEN, u->pane_side);
		ui_message(u, "Terminal pane hidden (p shows it)");
	}
	return UI_REDRAW;
}

/* Browse the pane's history: lines > 0 go back (up), < 0 forward. */
static int
pane_scroll(struct ui *u, long lines)
{
	long back;

	scr_pane_layout(u);	/* anchored to what shows now */
	if (u->pane_show == UI_PANE_HIDDEN)
		pane_show(u, UI_PANE_SPLIT, u->pane_side);
	back = (long)u->pane_back + lines;
	if (back > (long)pane_history(u->pane))
		back = (long)pane_history(u->pane);
	u->pane_back = back > 0 ? (unsigned)back : 0;
	return UI_REDRAW;
}

static int
act_pane_history(struct ui *u, void *st, int key)
{
	long page = u->lay.term.h > 2 ? u->lay.term.h - 1 : 1;

	switch (key) {
	case '[': case KEYC_PPAGE | KEYC_MOD_SHIFT: case KEYC_PPAGE: case KEYC_CTRL('b'):
		return pane_scroll(u, page);
	case ']': case KEYC_NPAGE | KEYC_MOD_SHIFT: case KEYC_NPAGE: case KEYC_CTRL('f'):
		return pane_scroll(u, -page);
	case KEYC_UP: case 'k':
		return pane_scroll(u, 1);
	case KEYC_DOWN: case 'j':
		return pane_scroll(u, -1);
	case KEYC_HOME: case 'g':
		return pane_scroll(u, (long)pane_history(u->pane));
	default:
		return pane_scroll(u, -(long)u->pane_back);	/* End, G: live */
	}
}

const struct ui_key scr_pane_tree_keys[] = {
	UI_SECTION("Terminal pane (the command's own terminal)"),
	{ '\t', act_pane_focus, "Tab Ctrl-]", "type into the command's terminal: every key goes "
	    "to the command, Ctrl-C, Ctrl-Z and Ctrl-D too, until Ctrl-] brings you back",
	    "Pane", NULL },
	{ SCR_PANE_LEAVE, act_pane_focus, NULL, NULL, NULL, NULL },
	{ 'o', act_pane_orient, "o", "pane below the tree, or beside it", NULL, NULL },
	{ 'z', act_pane_zoom, "z", "maximise: the pane alone, then the tree alone, then both",
	    NULL, NULL },
	{ 'p', act_pane_hide, "p", "hide the pane (its terminal keeps its size), or show it",
	    NULL, NULL },
	{ '[', act_pane_history, "[ ]", "the pane's history: a page back, a page forward",
	    NULL, NULL },
	{ ']', act_pane_history, NULL, NULL, NULL, NULL },
	{ KEYC_PPAGE | KEYC_MOD_SHIFT, act_pane_history, "Shift-PgUp", "a page back, as [",
	    NULL, NULL },
	{ KEYC_NPAGE | KEYC_MOD_SHIFT, act_pane_history, "Shift-PgDn", "a page forward, as ]",
	    NULL, NULL },
	{ KEYC_END | KEYC_MOD_SHIFT, act_pane_history, "Shift-End", "back to the live screen",
	    NULL, NULL },
	UI_KEYS_END,
};

/* With the pane maximised, the moving keys browse its history. */
const struct ui_key scr_pane_max_keys[] = {
	{ KEYC_PPAGE, act_pane_history, "PgUp PgDn", "maximised pane: a page of history back, "
	    "forward (Up Down Home End too)", NULL, NULL },
	{ KEYC_NPAGE, act_pane_history, NULL, NULL, NULL, NULL },
	{ KEYC_CTRL('b'), act_pane_history, NULL, NULL, NULL, NULL },
	{ KEYC_CTRL('f'), act_pane_history, NULL, NULL, NULL, NULL },
	{ KEYC_UP, act_pane_history, NULL, NULL, NULL, NULL },
	{ KEYC_DOWN, act_pane_history, NULL, NULL, NULL, NULL },
	{ 'k', act_pane_history, NULL, NULL, NULL, NULL },
	{ 'j', act_pane_history, NULL, NULL, NULL, NULL },
	{ KEYC_HOME, act_pane_history, NULL, NULL, NULL, NULL },
	{ 'g', act_pane_history, NULL, NULL, NULL, NULL },
	{ KEYC_END, act_pane_history, NULL, NULL, NULL, NULL },
	{ 'G', act_pane_history, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

/* Over the pane: a click gives it the focus, the wheel browses its history. */
int
scr_pane_mouse(struct ui *u, enum ui_mouse_kind kind)
{
	if (kind == UI_CLICK)
		return ui_top(u) == &screen_pane_focus ? 0 : act_pane_focus(u, NULL, '\t');
	return pane_scroll(u, kind == UI_WHEEL_UP ? UI_WHEEL_LINES : -UI_WHEEL_LINES);
}

void
scr_pane_help_notes(struct buf *b, const struct ui *u)
{
	buf_printf(b, "The pane shows the command's terminal (colours, cursor, full-screen "
	    "programs) with %d lines of history.  The mouse: a click gives it the focus, a "
	    "click on the tree takes it back, the wheel over it browses its history.  When its "
	    "terminal closes, the pane keeps the last screen and its title says how the command "
	    "ended.  A command detached from the pane loses its terminal when ptop exits and "
	    "gets SIGHUP (--no-pty runs a command that can be left running).", PANE_HISTORY);
}

/* ---- the focus screen: keys go to the command ------------------------------------------ */

static int
pane_mods(int key)
{
	return ((key & KEYC_MOD_SHIFT) ? PANE_MOD_SHIFT : 0) |
	    ((key & KEYC_MOD_ALT) ? PANE_MOD_ALT : 0) | ((key & KEYC_MOD_CTRL) ? PANE_MOD_CTRL : 0);
}

/* What a terminal would send for the key, written to the command. */
static void
pane_send(struct pane *p, int key)
{
	static const struct {
		int keyc;
		enum pane_key pk;
	} map[] = {
		{ KEYC_UP, PANE_KEY_UP }, { KEYC_DOWN, PANE_KEY_DOWN },
		{ KEYC_LEFT, PANE_KEY_LEFT }, { KEYC_RIGHT, PANE_KEY_RIGHT },
		{ KEYC_PPAGE, PANE_KEY_PAGEUP }, { KEYC_NPAGE, PANE_KEY_PAGEDOWN },
		{ KEYC_HOME, PANE_KEY_HOME }, { KEYC_END, PANE_KEY_END },
		{ KEYC_ENTER, PANE_KEY_ENTER }, { KEYC_ESC, PANE_KEY_ESCAPE },
		{ KEYC_BACKSPACE, PANE_KEY_BACKSPACE }, { KEYC_DELETE, PANE_KEY_DEL },
		{ KEYC_INSERT, PANE_KEY_INS }, { KEYC_BTAB, PANE_KEY_TAB },
	};
	int base = key & ~KEYC_MODS, mods = pane_mods(key);
	size_t i;

	if (base == KEYC_BTAB)
		mods |= PANE_MOD_SHIFT;
	if (base >= KEYC_F(1) && base <= KEYC_F(12)) {
		pane_send_key(p, (enum pane_key)(PANE_KEY_F1 + (base - KEYC_F(1))), mods);
		return;
	}
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].keyc == base) {
			pane_send_key(p, map[i].pk, mods);
			return;
		}
	}
	if (base > 0 && base < KEYC_BASE)
		pane_send_char(p, (uint32_t)base, mods);
}

static int
focus_key(struct ui *u, void *st, int key)
{
	if (key == SCR_PANE_LEAVE) {
		ui_close(u);
		return UI_REDRAW;
	}
	pane_send(u->pane, key);
	if (u->pane_back == 0)
		return 0;	/* the command's echo redraws */
	u->pane_back = 0;	/* typing shows the live screen, as terminals do */
	return UI_REDRAW;
}

/* Nothing reads the keys any more: they are ptop's again. */
static void
focus_refresh(struct ui *u, void *st)
{
	if (u->pane != NULL && !pane_closed(u->pane))
		return;
	ui_close(u);
	ui_message(u, "The command's terminal closed: keys are ptop's again");
}

/* Over the pane, as from the tree; elsewhere a click takes the focus back. */
static int
focus_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	const struct rect *p = &u->lay.pane;

	if (x >= p->x && x < p->x + p->w && y >= p->y && y < p->y + p->h)
		return scr_pane_mouse(u, kind);
	if (kind == UI_CLICK)
		ui_close(u);
	return u->stack[0].s->mouse(u, u->stack[0].st, kind, x, y);
}

static void
focus_footer(struct pen *p, const struct ui *u, const void *st)
{
	ui_bar_item(p, "Ctrl-]", "Back to the tree ");
	p->attr = DRAW_DIM;
	pen_puts(p, "  every other key goes to the command");
}

const struct screen screen_pane_focus = {
	.name = "pane",
	.flags = SCREEN_RAW,
	.key = focus_key,
	.mouse = focus_mouse,
	.refresh = focus_refresh,
	.footer = focus_footer,
};
