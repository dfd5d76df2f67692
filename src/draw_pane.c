/*
 * draw_pane.c: the launched command's terminal pane, drawn into the canvas.
 * See draw.h.
 *
 * Every frame copies the cells libvterm holds (the live screen, or a page
 * of the history ring) into the pane's rectangle: work proportional to the
 * pane's size, never to how much the command wrote.  libvterm's colours
 * become xterm 256-colour palette indexes in the cell attribute (RGB goes
 * to the nearest palette entry); ui.c reduces them to the terminal's
 * colours.  Anything a terminal would not print as it is becomes '?'.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "draw.h"
#include "fmt.h"
#include "pane.h"
#include "ui.h"
#include "xmalloc.h"

/* xterm's 6x6x6 colour cube levels and the first 16 colours as xterm draws them. */
static const uint8_t draw_cube[6] = { 0x00, 0x5f, 0x87, 0xaf, 0xd7, 0xff };
static const uint32_t draw_ansi16[16] = {
	0x000000, 0xcd0000, 0x00cd00, 0xcdcd00, 0x0000ee, 0xcd00cd, 0x00cdcd, 0xe5e5e5,
	0x7f7f7f, 0xff0000, 0x00ff00, 0xffff00, 0x5c5cff, 0xff00ff, 0x00ffff, 0xffffff,
};

static uint32_t
draw_palette_rgb(int idx)
{
	if (idx < 16)
		return draw_ansi16[idx];
	if (idx < 232) {
		idx -= 16;
		return (uint32_t)draw_cube[idx / 36] << 16 | (uint32_t)draw_cube[idx / 6 % 6] << 8 |
		    draw_cube[idx % 6];
	}
	idx = 8 + (idx - 232) * 10;
	return (uint32_t)idx << 16 | (uint32_t)idx << 8 | (uint32_t)idx;
}

static long
draw_rgb_dist(uint32_t a, uint32_t b)
{
	long dr = (long)(a >> 16 & 0xff) - (long)(b >> 16 & 0xff);
	long dg = (long)(a >> 8 & 0xff) - (long)(b >> 8 & 0xff);
	long db = (long)(a & 0xff) - (long)(b & 0xff);

	return dr * dr + dg * dg + db * db;
}

static int
draw_cube_level(int v)
{
	int i, best = 0;

	for (i = 1; i < 6; i++)
		if (abs(draw_cube[i] - v) < abs(draw_cube[best] - v))
			best = i;
	return best;
}

/* The 16 first colours are left out: terminals theme them as they like. */
int
draw_pane_rgb256(uint32_t rgb)
{
	int r = (int)(rgb >> 16 & 0xff), g = (int)(rgb >> 8 & 0xff), b = (int)(rgb & 0xff);
	int cube, grey, avg = (r + g + b) / 3;

	cube = 16 + draw_cube_level(r) * 36 + draw_cube_level(g) * 6 + draw_cube_level(b);
	grey = avg < 8 ? 0 : avg > 238 ? 23 : (avg - 8 + 5) / 10;
	if (grey > 23)
		grey = 23;
	grey += 232;
	return draw_rgb_dist(draw_palette_rgb(grey), rgb) < draw_rgb_dist(draw_palette_rgb(cube), rgb) ?
	    grey : cube;
}

int
draw_pane_reduce(int idx, int ncolors)
{
	int i, best, n;
	uint32_t rgb;

	if (idx < 0 || ncolors < 8)
		return -1;
	if (ncolors >= 256 || idx < (ncolors >= 16 ? 16 : 8))
		return idx;
	if (idx < 16)
		return idx - 8;	/* bright to normal */
	n = ncolors >= 16 ? 16 : 8;
	rgb = draw_palette_rgb(idx);
	for (best = 0, i = 1; i < n; i++)
		if (draw_rgb_dist(draw_ansi16[i], rgb) < draw_rgb_dist(draw_ansi16[best], rgb))
			best = i;
	return best;
}

static uint32_t
draw_pane_color(uint8_t type, uint32_t v, int fg)
{
	int idx;

	if (type == PANE_COLOR_INDEXED)
		idx = (int)(v & 0xff);
	else if (type == PANE_COLOR_RGB)
		idx = draw_pane_rgb256(v);
	else
		return 0;
	return fg ? DRAW_FG(idx) : DRAW_BG(idx);
}

static uint32_t
draw_pane_attr(const struct pane_cell *pc)
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
	return a | draw_pane_color(pc->fg_type, pc->fg, 1) | draw_pane_color(pc->bg_type, pc->bg, 0);
}

/*
 * One row of the command's screen into w canvas cells.  A character the
 * canvas could not show as libvterm placed it (a control, a width that
 * wcwidth() disagrees with, non-ASCII in a non-UTF-8 locale) becomes '?',
 * padded to the columns libvterm gave it.
 */
static void
draw_pane_row(struct cell *dst, const struct pane_cell *src, int w, int ascii)
{
	uint32_t ch, attr;
	int x, cw;

	for (x = 0; x < w; x++) {
		attr = draw_pane_attr(&src[x]);
		dst[x].attr = attr;
		dst[x].comb = 0;
		ch = src[x].ch;
		cw = src[x].width == 2 ? 2 : 1;
		if (ch == 0 || src[x].width == 0) {
			dst[x].ch = ' ';
			continue;
		}
		if ((ascii && ch >= 0x80) || draw_cp_width(ch) != cw)
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

void
draw_pane_anchor(struct ui *u)
{
	int64_t now, back;

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
}

/* "[command ended: exit 2]" once the pty closed; where the history view is. */
static void
draw_pane_status(struct buf *b, const struct ui *u)
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
draw_pane_bar(struct canvas *c, const struct ui *u)
{
	const struct ui_layout *l = &u->lay;
	struct rect bar = { l->term.x, l->pane.y, l->term.w, 1 };
	struct buf title = BUF_INIT, status = BUF_INIT;
	const char *t = pane_title(u->pane);
	struct pen p;
	long sw;

	if (*t != '\0')
		fmt_escape(&title, t, strlen(t), draw_fmt_flags(u));
	else
		fmt_argv(&title, &ptree_info(u->pt)->argv, draw_fmt_flags(u));
	draw_pane_status(&status, u);
	sw = draw_width(status.p != NULL ? status.p : "", status.len);
	canvas_fill(c, bar, DRAW_DEFAULT);
	pen_start(&p, c, bar, 0, 0);
	p.attr = u->focus == UI_FOCUS_PANE ? DRAW_TITLE | DRAW_BOLD : DRAW_REVERSE;
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

/* Reused across frames: one row of the pane's cells. */
static struct pane_cell *draw_pane_cells;
static int draw_pane_ncells;

void
draw_pane(struct canvas *c, struct ui *u)
{
	struct ui_layout *l = &u->lay;
	struct rect t = l->term;
	int y, w, r, col, vis, cols = pane_cols(u->pane), rows = pane_rows(u->pane);

	if (l->pane.w <= 0 || l->pane.h <= 0)
		return;
	draw_pane_anchor(u);
	draw_pane_bar(c, u);
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
	if (cols > draw_pane_ncells) {
		draw_pane_cells = xreallocarray(draw_pane_cells, (size_t)cols, sizeof *draw_pane_cells);
		draw_pane_ncells = cols;
	}
	w = cols < t.w ? cols : t.w;
	if (t.x + w > c->w)
		w = c->w - t.x;
	for (y = 0; y < t.h && y < rows && t.y + y < c->h; y++) {
		pane_line(u->pane, y, u->pane_back, draw_pane_cells);
		draw_pane_row(canvas_line(c, t.y + y) + t.x, draw_pane_cells, w,
		    (u->flags & UI_ESCAPE8) != 0);
	}
	if (u->focus != UI_FOCUS_PANE || u->pane_back > 0 || pane_closed(u->pane))
		return;
	pane_cursor(u->pane, &r, &col, &vis);
	if (vis && r >= 0 && r < t.h && col >= 0 && col < w) {
		l->cur_on = 1;
		l->cur_x = t.x + col;
		l->cur_y = t.y + r;
	}
}
