/*
 * draw.c: the screen as cells.  See draw.h.
 *
 * Layout of a frame:
 *
 *   header  ptop: <command>
 *           running  12.3s  procs 120  running 3  failed 1  killed 0   [filter: cc]
 *   tree        PID STATE        START     TIME     CPU MAXRSS COMMAND
 *              4242 running     0.000s   12.30s       -      - - make all
 *              ...
 *   pane     make all                                [command ended: exit 2]
 *           (the launched command's terminal, as libvterm has it)
 *   footer  F1Help  TabPane  F3Search ...   (or the active prompt)
 *
 * The tree and the pane share the body: stacked (the default) or side by
 * side with a one-column separator, or one of them alone.  draw_pane.c
 * draws the pane.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "draw.h"
#include "fmt.h"
#include "keys.h"
#include "pane.h"
#include "ui.h"
#include "xmalloc.h"

/* ---- canvas ------------------------------------------------------------- */

void
canvas_resize(struct canvas *c, int w, int h)
{
	if (w < 1)
		w = 1;
	if (h < 1)
		h = 1;
	if (c->w != w || c->h != h || c->cells == NULL) {
		free(c->cells);
		c->cells = xcalloc((size_t)w * h, sizeof *c->cells);	/* read by canvas_unsplit */
		c->w = w;
		c->h = h;
	}
	canvas_fill(c, (struct rect){ 0, 0, w, h }, DRAW_DEFAULT);
}

void
canvas_free(struct canvas *c)
{
	free(c->cells);
	c->cells = NULL;
	c->w = c->h = 0;
}

struct cell *
canvas_line(const struct canvas *c, int y)
{
	return &c->cells[(size_t)y * c->w];
}

/* Writing over half of a wide character blanks its other half. */
static void
canvas_unsplit(struct cell *line, int w, int x)
{
	if (x > 0 && x < w && line[x].ch == 0)
		line[x - 1].ch = ' ';
	if (x >= 0 && x + 1 < w && line[x + 1].ch == 0)
		line[x + 1].ch = ' ';
}

void
canvas_fill(struct canvas *c, struct rect r, uint16_t attr)
{
	struct cell *line;
	int x, y;

	if (r.x < 0) {
		r.w += r.x;
		r.x = 0;
	}
	if (r.x + r.w > c->w)
		r.w = c->w - r.x;
	for (y = r.y; y < r.y + r.h && y < c->h; y++) {
		if (y < 0 || r.w <= 0)
			continue;
		line = canvas_line(c, y);
		canvas_unsplit(line, c->w, r.x);
		canvas_unsplit(line, c->w, r.x + r.w - 1);
		for (x = r.x; x < r.x + r.w; x++) {
			line[x].ch = ' ';
			line[x].comb = 0;
			line[x].attr = attr;
		}
	}
}

void
canvas_text(const struct canvas *c, struct buf *out)
{
	const struct cell *line;
	char u8[8];
	mbstate_t st;
	size_t n;
	int x, y;

	for (y = 0; y < c->h; y++) {
		line = canvas_line(c, y);
		for (x = 0; x < c->w; x++) {
			if (line[x].ch == 0)
				continue;
			memset(&st, 0, sizeof st);
			if (line[x].ch < 0x80)
				buf_addc(out, (char)line[x].ch);
			else if ((n = wcrtomb(u8, (wchar_t)line[x].ch, &st)) != (size_t)-1)
				buf_add(out, u8, n);
			else
				buf_addc(out, '?');
			if (line[x].comb != 0) {
				memset(&st, 0, sizeof st);
				if ((n = wcrtomb(u8, (wchar_t)line[x].comb, &st)) != (size_t)-1)
					buf_add(out, u8, n);
			}
		}
		buf_addc(out, '\n');
	}
}

/* ---- pen ------------------------------------------------------------------ */

int
draw_cp_width(uint32_t cp)
{
	if (cp >= 0x20 && cp < 0x7f)
		return 1;
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return -1;
	return wcwidth((wchar_t)cp);
}

/* Next character of s: its code point and byte length ('?' when invalid). */
static size_t
draw_next_char(const unsigned char *s, size_t len, uint32_t *cp, int *width)
{
	size_t n;

	if (s[0] < 0x80) {
		*cp = s[0];
		n = 1;
	} else if ((n = utf8_decode(s, len, cp)) == 0) {
		*cp = '?';
		n = 1;
	}
	if ((*width = draw_cp_width(*cp)) < 0) {
		*cp = '?';
		*width = 1;
	}
	return n;
}

long
draw_width(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	long total = 0;
	int w;

	while (i < len) {
		i += draw_next_char(u + i, len - i, &cp, &w);
		total += w;
	}
	return total;
}

void
pen_start(struct pen *p, struct canvas *c, struct rect r, int row, long skip)
{
	p->c = c;
	p->x = r.x;
	p->y = r.y + row;
	p->right = r.x + r.w > c->w ? c->w : r.x + r.w;
	p->col = 0;
	p->skip = skip;
	p->attr = DRAW_DEFAULT;
	p->prev = NULL;
}

int
pen_full(const struct pen *p)
{
	return p->col - p->skip >= p->right - p->x;
}

static void
pen_set(struct pen *p, struct cell *line, int x, uint32_t ch)
{
	canvas_unsplit(line, p->c->w, x);
	line[x].ch = ch;
	line[x].comb = 0;
	line[x].attr = p->attr;
}

/* One character of width w at the pen. */
static void
pen_cell(struct pen *p, uint32_t cp, int w)
{
	struct cell *line = canvas_line(p->c, p->y);
	long start = p->col, end = p->col + w;
	int x, i;

	p->col = end;
	p->prev = NULL;
	if (end <= p->skip)
		return;
	x = p->x + (int)(start - p->skip);
	if (start < p->skip || x + w > p->right) {
		/* Cut by the left or right edge: blank what shows of it. */
		for (i = start < p->skip ? p->x : x; i < p->x + (int)(end - p->skip) && i < p->right; i++)
			pen_set(p, line, i, ' ');
		return;
	}
	pen_set(p, line, x, cp);
	if (w == 2)
		pen_set(p, line, x + 1, 0);
	p->prev = &line[x];
}

int
pen_put(struct pen *p, const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	int w;

	if (p->y < 0 || p->y >= p->c->h)
		return 1;
	while (i < len) {
		if (pen_full(p))
			return 1;
		i += draw_next_char(u + i, len - i, &cp, &w);
		if (w == 0) {
			if (p->prev != NULL && p->prev->comb == 0)
				p->prev->comb = cp;
			continue;
		}
		pen_cell(p, cp, w);
	}
	return pen_full(p);
}

int
pen_puts(struct pen *p, const char *s)
{
	return pen_put(p, s, strlen(s));
}

int
pen_printf(struct pen *p, const char *fmt, ...)
{
	char tmp[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return pen_full(p);
	return pen_put(p, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

void
pen_fill(struct pen *p)
{
	while (!pen_full(p) && p->y >= 0 && p->y < p->c->h)
		pen_cell(p, ' ', 1);
}

/* ---- pager ------------------------------------------------------------------ */

void
pager_clear(struct pager *p)
{
	buf_clear(&p->text);
	p->nlines = 0;
	p->nrows = 0;
	p->width = 0;
}

void
pager_free(struct pager *p)
{
	buf_free(&p->text);
	free(p->lines);
	free(p->rows);
	free(p->title);
	memset(p, 0, sizeof *p);
}

void
pager_set_title(struct pager *p, const char *title)
{
	free(p->title);
	p->title = xstrdup(title);
}

void
pager_add(struct pager *p, uint16_t attr, int hang, const char *s, size_t len)
{
	struct pager_line *l;

	if (p->nlines == p->alloclines) {
		p->alloclines = p->alloclines ? p->alloclines * 2 : 64;
		p->lines = xreallocarray(p->lines, p->alloclines, sizeof *p->lines);
	}
	l = &p->lines[p->nlines++];
	l->off = p->text.len;
	l->len = len;
	l->attr = attr;
	l->hang = (uint16_t)(hang < 0 ? 0 : hang);
	buf_add(&p->text, s, len);
	p->width = 0;
}

void
pager_addf(struct pager *p, uint16_t attr, int hang, const char *fmt, ...)
{
	char *s;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = xvasprintf(&s, fmt, ap);
	va_end(ap);
	pager_add(p, attr, hang, s, (size_t)n);
	free(s);
}

static void
pager_push_row(struct pager *p, uint32_t line, size_t off, size_t len, int first)
{
	struct pager_row *r;

	if (p->nrows == p->allocrows) {
		p->allocrows = p->allocrows ? p->allocrows * 2 : 256;
		p->rows = xreallocarray(p->rows, p->allocrows, sizeof *p->rows);
	}
	r = &p->rows[p->nrows++];
	r->line = line;
	r->off = off;
	r->len = len;
	r->first = first;
}

void
pager_layout(struct pager *p, int width)
{
	const unsigned char *s;
	size_t i, start, n, line;
	uint32_t cp;
	int used, avail, w, first;

	if (width < 1)
		width = 1;
	if (p->width == width)
		return;
	p->nrows = 0;
	p->width = width;
	for (line = 0; line < p->nlines; line++) {
		const struct pager_line *l = &p->lines[line];

		s = (const unsigned char *)p->text.p + l->off;
		start = 0;
		used = 0;
		first = 1;
		avail = width;
		for (i = 0; i < l->len; i += n) {
			n = draw_next_char(s + i, l->len - i, &cp, &w);
			if (used + w > avail && used > 0) {
				pager_push_row(p, (uint32_t)line, l->off + start, i - start, first);
				first = 0;
				start = i;
				used = 0;
				avail = width - l->hang > 8 ? width - l->hang : width;
			}
			used += w;
		}
		pager_push_row(p, (uint32_t)line, l->off + start, l->len - start, first);
	}
}

void
pager_scroll(struct pager *p, long delta, int height)
{
	long top = (long)p->top + delta, max;

	max = (long)p->nrows - (height > 0 ? height : 1);
	if (top > max)
		top = max;
	if (top < 0)
		top = 0;
	p->top = (size_t)top;
}

/* ---- columns ------------------------------------------------------------------ */

enum {
	COL_PID,
	COL_STATE,
	COL_START,
	COL_TIME,
	COL_CPU,
	COL_RSS,
	NCOLS
};

static const struct {
	const char *name;
	int width;
	int left;		/* left-aligned */
} draw_cols[NCOLS] = {
	{ "PID", 7, 0 },
	{ "STATE", 10, 1 },
	{ "START", 8, 0 },
	{ "TIME", 8, 0 },
	{ "CPU", 7, 0 },
	{ "MAXRSS", 6, 0 },
};

/* Dropped first when the screen is narrow. */
static const int draw_col_drop[] = { COL_RSS, COL_START, COL_CPU, COL_TIME, COL_STATE };

static uint16_t
draw_state_attr(const struct node *n)
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

/* Split the body between the tree and the terminal pane; size the pane. */
static void
draw_layout_pane(struct ui *u)
{
	struct ui_layout *l = &u->lay;
	struct rect b = l->body;
	int split = u->pane_show == UI_PANE_SPLIT;

	l->tree = b;
	l->pane = l->term = (struct rect){ 0, 0, 0, 0 };
	if (u->pane == NULL || u->pane_show == UI_PANE_HIDDEN)
		return;
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
draw_layout(struct ui *u, int w, int h)
{
	struct ui_layout *l = &u->lay;
	int i, fixed, k, tw;

	l->w = w;
	l->h = h;
	l->too_small = w < DRAW_MIN_W || h < DRAW_MIN_H;
	l->header = (struct rect){ 0, 0, w, 2 };
	l->body = (struct rect){ 0, 2, w, h - 3 > 1 ? h - 3 : 1 };
	l->footer = (struct rect){ 0, h - 1, w, 1 };
	draw_layout_pane(u);
	/* Keep at least a third of the width (and 20 columns) for COMMAND. */
	tw = l->tree.w;
	l->cols = (1u << NCOLS) - 1;
	for (k = 0;; k++) {
		for (fixed = 0, i = 0; i < NCOLS; i++)
			if (l->cols & (1u << i))
				fixed += draw_cols[i].width + 1;
		if (tw - fixed >= (tw / 3 > 20 ? tw / 3 : 20) ||
		    k == (int)(sizeof draw_col_drop / sizeof draw_col_drop[0]))
			break;
		l->cols &= ~(1u << draw_col_drop[k]);
	}
	l->cmd_x = l->tree.x + fixed;
	view_set_height(u->view, (unsigned)(l->tree.h - 1 > 0 ? l->tree.h - 1 : 1));
}

struct rect
draw_side_rect(const struct ui *u)
{
	return u->lay.tree.h > 0 && u->mode != UI_HELP ? u->lay.tree : u->lay.body;
}

int
draw_fmt_flags(const struct ui *u)
{
	return (u->flags & UI_ESCAPE8) ? FMT_ASCII : 0;
}

/* ---- header -------------------------------------------------------------------- */

static void
draw_root_status(struct buf *b, const struct ptree *pt)
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
draw_header(struct canvas *c, struct ui *u)
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
	fmt_argv(&b, &info->argv, draw_fmt_flags(u));
	pen_put(&p, b.p != NULL ? b.p : "", b.len);

	buf_clear(&b);
	if (u->replay != NULL) {
		buf_adds(&b, "replay: ");
		draw_root_status(&b, u->pt);
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
		draw_root_status(&b, u->pt);
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
		    draw_fmt_flags(u));
		p.attr = DRAW_CYAN | DRAW_BOLD;
		pen_printf(&p, "  [filter: %s]", b.p);
	}
	buf_free(&b);
}

/* ---- tree rows ----------------------------------------------------------------------- */

/* Reused across frames: the ancestors of the row being drawn. */
static uint32_t *draw_path;
static size_t draw_pathlen, draw_pathalloc;

static void
draw_path_push(uint32_t id)
{
	if (draw_pathlen == draw_pathalloc) {
		draw_pathalloc = draw_pathalloc ? draw_pathalloc * 2 : 64;
		draw_path = xreallocarray(draw_path, draw_pathalloc, sizeof *draw_path);
	}
	draw_path[draw_pathlen++] = id;
}

/* Make draw_path the chain root..id, from the previous row's path if possible. */
static void
draw_path_to(const struct ptree *pt, uint32_t id, int fresh)
{
	uint32_t parent = ptree_node(pt, id)->parent, a;
	size_t i, j;

	if (!fresh) {
		while (draw_pathlen > 0 && draw_path[draw_pathlen - 1] != parent)
			draw_pathlen--;
		if (draw_pathlen > 0 || parent == 0) {
			draw_path_push(id);
			return;
		}
	}
	draw_pathlen = 0;
	for (a = id; a != 0; a = ptree_node(pt, a)->parent)
		draw_path_push(a);
	for (i = 0, j = draw_pathlen - 1; i < j; i++, j--) {
		a = draw_path[i];
		draw_path[i] = draw_path[j];
		draw_path[j] = a;
	}
}

/*
 * A node too deep for the COMMAND column (its glyphs would take more than
 * half of it) shows only its last ancestor levels, after their count in
 * place of the first ones: "…(987) │  └─+ cmd".  Returns how many levels
 * make way (0: none), the count's text in mark.
 */
static size_t
draw_elided(size_t depth, long width, int ascii, char *mark, size_t size)
{
	long half = width / 2;
	size_t keep;

	if (depth <= 2 || (long)(depth - 1) * 3 <= half)
		return 0;
	keep = half > 12 ? (size_t)(half - 12) / 3 : 0;
	if (keep >= depth - 2)
		return 0;
	snprintf(mark, size, "%s(%zu) ", ascii ? ".." : "\xe2\x80\xa6", depth - 2 - keep);
	return depth - 2 - keep;
}

static int
draw_ascii(const struct ui *u)
{
	return (u->flags & (UI_ASCII | UI_ESCAPE8)) != 0;
}

/* Column (inside a COMMAND column of width) of the fold marker of a node at depth. */
static long
draw_marker_col(const struct ui *u, size_t depth, long width)
{
	char mark[32];
	size_t elided = draw_elided(depth, width, draw_ascii(u), mark, sizeof mark);
	long col = depth <= 1 ? 0 : (long)(depth - 2) * 3 + 2;

	if (elided > 0)
		col += draw_width(mark, strlen(mark)) - (long)elided * 3;
	return col;
}

int
draw_marker_x(const struct ui *u, uint32_t id)
{
	long right = u->lay.tree.x + u->lay.tree.w;
	long x = u->lay.cmd_x + draw_marker_col(u, ptree_depth(u->pt, id), right - u->lay.cmd_x) -
	    u->hscroll;

	return x >= u->lay.cmd_x && x < right ? (int)x : -1;
}

/* Tree glyphs and fold marker in front of the command. */
static void
draw_glyphs(struct pen *p, const struct ui *u, uint32_t id, uint16_t attr)
{
	static const char *const utf8[] = { "│  ", "   ", "├─", "└─", "─" };
	static const char *const ascii[] = { "|  ", "   ", "|-", "`-", " " };
	const char *const *g = draw_ascii(u) ? ascii : utf8;
	int flags = view_flags(u->view, id), marker;
	size_t depth = draw_pathlen, i = 1, elided;
	char mark[32];

	p->attr = attr;
	elided = draw_elided(depth, p->right - p->x, draw_ascii(u), mark, sizeof mark);
	if (elided > 0) {
		p->attr = attr | DRAW_DIM;
		pen_puts(p, mark);
		p->attr = attr;
		i = 1 + elided;
	} else if (depth > 2 && p->skip > 3) {
		/* Ancestor levels entirely scrolled off cost nothing. */
		i = 1 + (size_t)(p->skip / 3);
		if (i > depth - 1)
			i = depth - 1;
		p->col = (long)(i - 1) * 3;
	}
	for (; i + 1 < depth && !pen_full(p); i++)
		pen_puts(p, g[(view_flags(u->view, draw_path[i]) & VIEW_LAST) ? 1 : 0]);
	if (depth > 1)
		pen_puts(p, g[(flags & VIEW_LAST) ? 3 : 2]);
	if (view_has_children(u->view, id))
		marker = (flags & VIEW_FOLDED) ? '+' : '-';
	else
		marker = -1;
	if (marker > 0) {
		char m[2] = { (char)marker, '\0' };
		p->attr = attr | DRAW_BOLD;
		pen_puts(p, m);
		p->attr = attr;
	} else
		pen_puts(p, depth > 1 ? g[4] : " ");
	pen_puts(p, " ");
}

/*
 * What to highlight in the commands: the filter's text and the last
 * search's, both lower-case, ASCII case-insensitive like the matching (a
 * space in a needle matches the space between two arguments).
 */
struct draw_hl {
	const char *needle[2];
	size_t nlen[2];
	int n;
};

/* Length of the longest needle matching at s, 0 if none. */
static size_t
draw_hl_at(const struct draw_hl *hl, const char *s, size_t len)
{
	size_t best = 0, j;
	int k;

	for (k = 0; k < hl->n; k++) {
		if (hl->nlen[k] > len || hl->nlen[k] <= best)
			continue;
		for (j = 0; j < hl->nlen[k] && filter_fold_byte((unsigned char)s[j]) ==
		    (unsigned char)hl->needle[k][j]; j++)
			;
		if (j == hl->nlen[k])
			best = j;
	}
	return best;
}

/* Text with every match in reverse video (on the cursor's row: not reversed). */
static void
draw_hl_put(struct pen *p, const char *s, size_t len, const struct draw_hl *hl)
{
	uint16_t attr = p->attr;
	size_t run = 0, i = 0, e, j, m;

	while (i < len && !pen_full(p)) {
		if ((m = draw_hl_at(hl, s + i, len - i)) == 0) {
			i++;
			continue;
		}
		/* Overlapping matches make one highlight. */
		for (e = i + m, j = i + 1; j < e; j++)
			if ((m = draw_hl_at(hl, s + j, len - j)) > 0 && j + m > e)
				e = j + m;
		p->attr = attr;
		pen_put(p, s + run, i - run);
		p->attr = attr ^ DRAW_REVERSE;
		pen_put(p, s + i, e - i);
		run = i = e;
	}
	p->attr = attr;
	pen_put(p, s + run, len - run);
}

/* The argv as shown: quoted arguments, a space between, from *pos on. */
static void
draw_argv_text(struct buf *b, const struct exec_rec *x, size_t *pos, size_t limit, int flags)
{
	struct argv_buf a = { x->args, exec_arglen(x) };
	const char *arg;
	size_t len;

	while (b->len < limit && (arg = argv_next(&a, pos, &len)) != NULL) {
		if (b->len > 0)
			buf_addc(b, ' ');
		fmt_quote(b, arg, len, flags);
	}
}

/* The argv, one quoted argument at a time, until the line is full. */
static void
draw_argv(struct pen *p, const struct ui *u, uint32_t id, struct buf *tmp, const struct draw_hl *hl)
{
	const struct exec_rec *x = ptree_shown_exec(u->pt, id);
	size_t pos = 0, before;

	if (x == NULL) {
		pen_puts(p, "?");
		return;
	}
	if (hl->n > 0) {
		/*
		 * Matches can span arguments: the part that can show (4 bytes
		 * a column at most, and a match that runs past the edge) is
		 * laid out first and searched as one text.
		 */
		buf_clear(tmp);
		draw_argv_text(tmp, x, &pos, 4 * (size_t)(p->skip + p->right - p->x) + 4 *
		    (hl->nlen[0] > hl->nlen[1] ? hl->nlen[0] : hl->nlen[1]) + 16,
		    draw_fmt_flags(u));
		draw_hl_put(p, tmp->p, tmp->len, hl);
	}
	/* The rest (all of it without highlights), one argument at a time. */
	while (!pen_full(p) && pos < exec_arglen(x)) {
		before = pos;
		buf_clear(tmp);
		draw_argv_text(tmp, x, &pos, 1, draw_fmt_flags(u));
		if (before > 0)
			pen_puts(p, " ");
		pen_put(p, tmp->p, tmp->len);
	}
}

/* When the last descendant ended (the one place that knows the field's unit). */
static int64_t
draw_span_end_us(const struct node *n)
{
	return (int64_t)n->span_end_ms * 1000;
}

/* " [12 procs, 2 failed, 1 running, 3.20s]" after a folded node. */
static void
draw_summary(struct pen *p, const struct ui *u, const struct node *n, uint16_t attr)
{
	int64_t end;
	char t[32];

	end = n->end_us > draw_span_end_us(n) ? n->end_us : draw_span_end_us(n);
	if ((n->flags & NODE_RUNNING) || n->nrunning > 0)
		end = u->now_us;
	p->attr = attr;
	pen_printf(p, "  [%u proc%s, ", n->ndesc, n->ndesc == 1 ? "" : "s");
	if (n->nbad > 0)
		p->attr = (attr & ~DRAW_COLOR_MASK) | DRAW_RED;
	pen_printf(p, "%u failed", n->nbad);
	p->attr = attr;
	if (n->nrunning > 0)
		pen_printf(p, ", %u running", n->nrunning);
	pen_printf(p, ", %s]", fmt_duration(t, sizeof t, end - n->start_us));
}

static void
draw_field(struct pen *p, int col, const char *s)
{
	int w = draw_cols[col].width;

	if (draw_cols[col].left)
		pen_printf(p, "%-*.*s ", w, w, s);
	else
		pen_printf(p, "%*.*s ", w, w, s);
}

static void
draw_row(struct canvas *c, struct ui *u, struct rect body, int y, uint32_t id, int selected,
    struct buf *tmp, const struct draw_hl *hl)
{
	const struct node *n = ptree_node(u->pt, id);
	char s[64];
	struct pen p;
	uint16_t attr = draw_state_attr(n), glyph = DRAW_DEFAULT;
	int64_t end;
	struct rect cmd;

	if (!view_matches(u->view, id)) {
		attr = (attr & ~DRAW_BOLD) | DRAW_DIM;	/* an ancestor kept for shape */
		glyph |= DRAW_DIM;
	}
	if (selected) {
		attr |= DRAW_REVERSE;
		glyph |= DRAW_REVERSE;
	}
	pen_start(&p, c, body, y, 0);
	p.attr = attr;
	if (u->lay.cols & (1u << COL_PID)) {
		snprintf(s, sizeof s, "%d", (int)n->pid);
		draw_field(&p, COL_PID, s);
	}
	if (u->lay.cols & (1u << COL_STATE))
		draw_field(&p, COL_STATE, node_state(n, s, sizeof s, 0));
	if (u->lay.cols & (1u << COL_START))
		draw_field(&p, COL_START, fmt_duration(s, sizeof s, n->start_us));
	if (u->lay.cols & (1u << COL_TIME)) {
		end = (n->flags & NODE_RUNNING) ? u->now_us : n->end_us;
		fmt_duration(s, sizeof s, end - n->start_us);
		if ((n->flags & NODE_ATTACHED) && strlen(s) + 1 < sizeof s)
			strcat(s, "+");
		draw_field(&p, COL_TIME, s);
	}
	if (u->lay.cols & (1u << COL_CPU)) {
		if (n->flags & (NODE_EXITED | NODE_SIGNALED))
			fmt_duration(s, sizeof s, ((int64_t)n->utime_ms + n->stime_ms) * 1000);
		else
			snprintf(s, sizeof s, "-");
		draw_field(&p, COL_CPU, s);
	}
	if (u->lay.cols & (1u << COL_RSS)) {
		if (n->flags & (NODE_EXITED | NODE_SIGNALED))
			fmt_kib(s, sizeof s, n->maxrss_kb);
		else
			snprintf(s, sizeof s, "-");
		draw_field(&p, COL_RSS, s);
	}
	pen_fill(&p);

	cmd = body;
	cmd.x = u->lay.cmd_x;
	cmd.w = body.x + body.w - cmd.x;
	if (cmd.w <= 0)
		return;
	pen_start(&p, c, cmd, y, u->hscroll);
	draw_glyphs(&p, u, id, glyph);
	p.attr = attr;
	draw_argv(&p, u, id, tmp, hl);
	if ((view_flags(u->view, id) & VIEW_FOLDED) && view_has_children(u->view, id))
		draw_summary(&p, u, n, (attr & DRAW_REVERSE) | DRAW_CYAN);
	if (pen_full(&p))
		u->lay.cmd_more = 1;	/* there is more to scroll to */
	if (p.col > u->lay.cmd_maxw)
		u->lay.cmd_maxw = p.col;
	p.attr = attr;
	pen_fill(&p);
}

static void
draw_column_header(struct canvas *c, struct ui *u, struct rect r)
{
	struct pen p;
	int i;

	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_TITLE;
	for (i = 0; i < NCOLS; i++)
		if (u->lay.cols & (1u << i))
			draw_field(&p, i, draw_cols[i].name);
	pen_puts(&p, "COMMAND");
	if (u->hscroll > 0)
		pen_printf(&p, " (scrolled %ld)", u->hscroll);
	pen_fill(&p);
}

static void
draw_rows(struct canvas *c, struct ui *u, struct rect body, struct buf *tmp,
    const struct draw_hl *hl)
{
	uint32_t top, row, nrows, cur, id;
	int y;

	u->lay.cmd_more = 0;
	u->lay.cmd_maxw = 0;
	canvas_fill(c, body, DRAW_DEFAULT);
	top = view_top(u->view);
	nrows = view_nrows(u->view);
	cur = view_cursor(u->view);
	for (y = 0, row = top; y < body.h && row < nrows; y++, row++) {
		id = view_row_id(u->view, row);
		draw_path_to(u->pt, id, row == top);
		draw_row(c, u, body, y, id, row == cur, tmp, hl);
	}
}

/*
 * A search moved the cursor: scroll COMMAND sideways, if need be, so that
 * the match on its row shows (back to the left edge when it fits there).
 */
static void
draw_reveal(struct ui *u, long cmdw, struct buf *tmp, const char *needle, size_t nlen)
{
	uint32_t id = view_cursor_id(u->view);
	const struct exec_rec *x;
	struct draw_hl one = { { needle, NULL }, { nlen, 0 }, 1 };
	size_t pos = 0, i, from = 0;
	long start, end;

	u->search_reveal = 0;
	if (id == 0 || nlen == 0 || (x = ptree_shown_exec(u->pt, id)) == NULL)
		return;
	buf_clear(tmp);
	for (;;) {
		/* An argument at a time, until the match is in. */
		draw_argv_text(tmp, x, &pos, tmp->len + 1, draw_fmt_flags(u));
		for (i = from; i + nlen <= tmp->len; i++)
			if (draw_hl_at(&one, tmp->p + i, tmp->len - i) > 0)
				break;
		if (i + nlen <= tmp->len)
			break;
		if (pos >= exec_arglen(x))
			return;		/* it spans a quote: nothing to point at */
		from = tmp->len >= nlen ? tmp->len - nlen + 1 : 0;
	}
	start = draw_marker_col(u, ptree_depth(u->pt, id), cmdw) + 2 + draw_width(tmp->p, i);
	end = start + draw_width(tmp->p + i, nlen);
	if (start >= u->hscroll && end <= u->hscroll + cmdw)
		return;
	if (end <= cmdw)
		u->hscroll = 0;
	else
		u->hscroll = end - cmdw + cmdw / 4 < start ? end - cmdw + cmdw / 4 : start;
}

static void
draw_tree(struct canvas *c, struct ui *u)
{
	struct rect r = u->lay.tree, body = r;
	struct buf tmp = BUF_INIT, search = BUF_INIT;
	long cmdw = r.x + r.w - u->lay.cmd_x;
	struct draw_hl hl = { { NULL, NULL }, { 0, 0 }, 0 };
	const char *s;

	if (r.h <= 0)
		return;	/* the pane is maximised */
	body.y++;
	body.h--;
	if ((hl.needle[0] = view_filter_needle(u->view, &hl.nlen[0])) != NULL)
		hl.n = 1;
	if (u->search != NULL && *u->search != '\0' && (u->search_hl || u->search_reveal)) {
		for (s = u->search; *s != '\0'; s++)
			buf_addc(&search, (char)filter_fold_byte((unsigned char)*s));
		if (u->search_reveal)
			draw_reveal(u, cmdw, &tmp, search.p, search.len);
		if (u->search_hl) {
			hl.needle[hl.n] = search.p;
			hl.nlen[hl.n++] = search.len;
		}
	}
	draw_rows(c, u, body, &tmp, &hl);
	if (u->hscroll > 0 && !u->lay.cmd_more && u->lay.cmd_maxw <= u->hscroll) {
		/* Scrolled past every command: show the end of the longest. */
		u->hscroll = u->lay.cmd_maxw - cmdw / 2 > 0 ? u->lay.cmd_maxw - cmdw / 2 : 0;
		draw_rows(c, u, body, &tmp, &hl);
	}
	draw_column_header(c, u, r);
	if (view_nrows(u->view) == 0) {
		struct pen p;

		pen_start(&p, c, body, 0, 0);
		p.attr = DRAW_DIM;
		pen_puts(&p, view_filter(u->view) != NULL ? "  no process matches the filter" :
		    "  no processes yet");
	}
	buf_free(&search);
	buf_free(&tmp);
}

/* ---- pager pane ------------------------------------------------------------------------ */

static void
draw_pager(struct canvas *c, struct ui *u)
{
	struct pager *pg = &u->pager;
	struct rect r = draw_side_rect(u), body = r;
	const struct pager_row *row;
	const struct pager_line *l;
	struct pen p;
	size_t i;
	int y;

	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_TITLE;
	pen_puts(&p, pg->title != NULL ? pg->title : "");
	pen_fill(&p);
	body.y++;
	body.h--;
	canvas_fill(c, body, DRAW_DEFAULT);
	pager_layout(pg, body.w);
	pager_scroll(pg, 0, body.h);
	for (y = 0, i = pg->top; y < body.h && i < pg->nrows; y++, i++) {
		row = &pg->rows[i];
		l = &pg->lines[row->line];
		if (!row->first && body.w - l->hang > 8) {
			/* A continuation: indented under the line's text. */
			struct rect cont = { body.x + l->hang, body.y, body.w - l->hang, body.h };
			pen_start(&p, c, cont, y, 0);
		} else
			pen_start(&p, c, body, y, 0);
		p.attr = l->attr;
		pen_put(&p, pg->text.p + row->off, row->len);
	}
	if (pg->nrows > (size_t)body.h) {
		/* Where we are, on the title line's right. */
		char pos[48];
		int len = snprintf(pos, sizeof pos, " %zu-%zu/%zu ", pg->top + 1,
		    pg->top + (size_t)body.h < pg->nrows ? pg->top + body.h : pg->nrows, pg->nrows);
		struct rect t = { r.x + r.w - len, r.y, len, 1 };

		if (t.x > r.x) {
			pen_start(&p, c, t, 0, 0);
			p.attr = DRAW_TITLE;
			pen_puts(&p, pos);
		}
	}
}

/* ---- signal menu ----------------------------------------------------------------------- */

static void
draw_signal_menu(struct canvas *c, struct ui *u)
{
	struct rect r = draw_side_rect(u);
	struct pen p;
	int y, first, i, h;

	r.w = r.w < 26 ? r.w : 26;
	h = keys_nsignals + 1 < r.h ? keys_nsignals + 1 : r.h;
	r.h = h;
	canvas_fill(c, r, DRAW_DEFAULT);
	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_BAR;
	pen_puts(&p, "Send signal:");
	pen_fill(&p);
	first = u->sig_sel - (h - 1) / 2;
	if (first > keys_nsignals - (h - 1))
		first = keys_nsignals - (h - 1);
	if (first < 0)
		first = 0;
	for (y = 1, i = first; y < h && i < keys_nsignals; y++, i++) {
		pen_start(&p, c, r, y, 0);
		p.attr = i == u->sig_sel ? DRAW_REVERSE | DRAW_BOLD : DRAW_DEFAULT;
		pen_printf(&p, " %2d %s", keys_signals[i], signal_name(keys_signals[i]));
		pen_fill(&p);
	}
}

/* ---- footer -------------------------------------------------------------------------------- */

/* htop's function bar: the key plain, its label on a bar. */
static void
draw_bar_item(struct pen *p, const char *key, const char *label)
{
	p->attr = DRAW_DEFAULT;
	pen_puts(p, key);
	p->attr = DRAW_BAR;
	pen_printf(p, "%-*s", strlen(label) < 6 ? 6 : (int)strlen(label) + 1, label);
}

static void
draw_prompt(struct pen *p, const struct ui *u, const char *label, const char *hint)
{
	struct buf b = BUF_INIT;

	p->attr = DRAW_BAR;
	pen_puts(p, label);
	p->attr = u->mode == UI_SEARCH && u->search_failed ? DRAW_RED | DRAW_BOLD : DRAW_DEFAULT;
	pen_puts(p, " ");
	fmt_escape(&b, u->prompt.p != NULL ? u->prompt.p : "", u->prompt.len, draw_fmt_flags(u));
	pen_put(p, b.p != NULL ? b.p : "", b.len);
	p->attr = DRAW_REVERSE;
	pen_puts(p, " ");
	p->attr = DRAW_DIM;
	pen_printf(p, "   %s", hint);
	buf_free(&b);
}

static void
draw_footer(struct canvas *c, struct ui *u)
{
	struct pen p;
	const struct node *n;

	canvas_fill(c, u->lay.footer, DRAW_DEFAULT);
	pen_start(&p, c, u->lay.footer, 0, 0);
	if (u->msg[0] != '\0' && (u->mode == UI_TREE || u->mode == UI_DETAIL)) {
		p.attr = DRAW_BOLD;
		pen_puts(&p, u->msg);
		return;
	}
	switch (u->mode) {
	case UI_FILTER:
		draw_prompt(&p, u, "Filter:", "Enter keep  Esc clear  (:failed :running :killed :ok)");
		return;
	case UI_SEARCH:
		draw_prompt(&p, u, "Search:", "Enter/Esc done  F3/Down next  Up previous");
		return;
	case UI_DETAIL:
	case UI_HELP:
		draw_bar_item(&p, "Esc", "Back");
		draw_bar_item(&p, "Up/Dn", "Scroll");
		draw_bar_item(&p, "PgUp/PgDn", "Page");
		break;
	case UI_SIGNAL:
		draw_bar_item(&p, "Enter", "Send");
		draw_bar_item(&p, "Esc", "Cancel");
		break;
	case UI_CONFIRM:
		p.attr = DRAW_BOLD;
		n = ptree_node(u->pt, u->sig_id);
		pen_printf(&p, "Send %s to process %d? ", signal_name(u->sig),
		    n != NULL ? (int)n->pid : 0);
		draw_bar_item(&p, "y", "Yes");
		draw_bar_item(&p, "n", "No");
		break;
	case UI_QUIT:
		p.attr = DRAW_BOLD;
		pen_printf(&p, "Still running (%u): ",
		    u->hooks.alive != NULL ? u->hooks.alive(u->hooks.ctx) : 0);
		draw_bar_item(&p, "k", "Kill it and its tree ");
		if (u->pane != NULL && !pane_closed(u->pane))
			draw_bar_item(&p, "d", "Detach (its terminal closes: SIGHUP) ");
		else
			draw_bar_item(&p, "d", "Detach, leave it running ");
		draw_bar_item(&p, "Esc", "Cancel");
		break;
	case UI_LEAVING:
		p.attr = DRAW_BOLD;
		pen_printf(&p, "Killing what still runs (%u)...",
		    u->hooks.alive != NULL ? u->hooks.alive(u->hooks.ctx) : 0);
		break;
	default:
		if (u->pane != NULL && u->focus == UI_FOCUS_PANE) {
			draw_bar_item(&p, "Ctrl-]", "Back to the tree ");
			p.attr = DRAW_DIM;
			pen_puts(&p, "  every other key goes to the command");
			pen_fill(&p);
			return;
		}
		draw_bar_item(&p, "F1", "Help");
		if (u->pane != NULL)
			draw_bar_item(&p, "Tab", "Pane");
		draw_bar_item(&p, "F3", "Search");
		draw_bar_item(&p, "F4", "Filter");
		draw_bar_item(&p, "x", "Failed");
		draw_bar_item(&p, "f", "Follow");
		draw_bar_item(&p, "Enter", "Detail");
		if (u->hooks.signal != NULL)
			draw_bar_item(&p, "F9", "Signal");
		draw_bar_item(&p, "F10", "Quit");
		break;
	}
	p.attr = DRAW_BAR;
	pen_fill(&p);
}

static void
draw_too_small(struct canvas *c, const struct ui *u)
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
	len = snprintf(s, sizeof s, "%dx%d, need %dx%d", u->lay.w, u->lay.h, DRAW_MIN_W, DRAW_MIN_H);
	line.y++;
	line.x = (c->w - len) / 2 > 0 ? (c->w - len) / 2 : 0;
	line.w = c->w - line.x;
	if (line.y < c->h) {
		pen_start(&p, c, line, 0, 0);
		pen_puts(&p, s);
	}
}

void
draw_frame(struct canvas *c, struct ui *u)
{
	u->lay.cur_on = 0;
	if (u->lay.too_small) {
		draw_too_small(c, u);
		return;
	}
	draw_header(c, u);
	/* First: with the pane maximised, the detail and help views cover it. */
	if (u->pane != NULL)
		draw_pane(c, u);
	if (u->mode == UI_DETAIL || u->mode == UI_HELP)
		draw_pager(c, u);
	else
		draw_tree(c, u);
	if (u->mode == UI_SIGNAL || u->mode == UI_CONFIRM)
		draw_signal_menu(c, u);
	draw_footer(c, u);
}
