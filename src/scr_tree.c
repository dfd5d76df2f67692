/*
 * scr_tree.c: the tree screen, at the bottom of the stack.  One row per
 * shown process (the view's rows): the table columns the settings choose
 * (column.h), then the tree glyphs, the fold marker and the argv; a folded
 * process sums up its subtree; live, new and ended processes stand out
 * for a while.  Its keys move, fold, find, sort, and open the other
 * screens.
 *
 * A frame costs work proportional to the rows on the screen: the rows come
 * from the view, tree glyphs from a path of ancestors built once for the
 * top row and kept while walking down.  layout() scrolls COMMAND sideways
 * (a search's match, or back from past every command); draw() only reads.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "column.h"
#include "fmt.h"
#include "screens.h"
#include "xmalloc.h"

#define TREE_HSTEP 8		/* columns per Shift-Left or Shift-Right */

/* ---- columns ------------------------------------------------------------- */

/* Screen columns the table takes: each fitting column and a space. */
static int
tree_fixed_width(const struct ui *u, unsigned cols)
{
	int i, w = 0;

	for (i = 0; i < u->ncols; i++)
		if (cols & (1u << u->cols[i]))
			w += column_get(u->cols[i])->width + 1;
	return w;
}

/*
 * The columns that fit the tree's rectangle, and where COMMAND starts:
 * at least a third of the width (and 20 columns) stays for COMMAND; the
 * columns with the lowest drop rank go first.
 */
static void
tree_fit(const struct ui *u, struct scr_tree *t)
{
	int i, fixed, tw = u->lay.tree.w, lowest;
	const struct column *c;

	t->cols = 0;
	for (i = 0; i < u->ncols; i++)
		if (u->cols[i] != SETTINGS_COL_COMMAND)
			t->cols |= 1u << u->cols[i];
	for (;;) {
		fixed = tree_fixed_width(u, t->cols);
		if (tw - fixed >= (tw / 3 > 20 ? tw / 3 : 20))
			break;
		for (lowest = -1, i = 0; i < SETTINGS_NCOLS; i++) {
			c = column_get((enum settings_col)i);
			if ((t->cols & (1u << i)) && c->drop > 0 &&
			    (lowest < 0 || c->drop < column_get((enum settings_col)lowest)->drop))
				lowest = i;
		}
		if (lowest < 0)
			break;
		t->cols &= ~(1u << lowest);
	}
	t->cmd_x = u->lay.tree.x + fixed;
}

struct scr_tree *
scr_tree_state(const struct ui *u)
{
	return ui_state_of(u, &screen_tree);
}

uint16_t
scr_tree_state_attr(const struct node *n)
{
	return ui_node_attr(n);	/* the timeline's bars agree */
}

/* ---- glyphs ------------------------------------------------------------------ */

/* Scratch, reused across frames: the ancestors of the row being drawn. */
static uint32_t *tree_path;
static size_t tree_pathlen, tree_pathalloc;

static void
tree_path_push(uint32_t id)
{
	if (tree_pathlen == tree_pathalloc) {
		tree_pathalloc = tree_pathalloc ? tree_pathalloc * 2 : 64;
		tree_path = xreallocarray(tree_path, tree_pathalloc, sizeof *tree_path);
	}
	tree_path[tree_pathlen++] = id;
}

/* Make tree_path the chain root..id, from the previous row's path if possible. */
static void
tree_path_to(const struct ptree *pt, uint32_t id, int fresh)
{
	uint32_t parent = ptree_node(pt, id)->parent, a;
	size_t i, j;

	if (!fresh) {
		while (tree_pathlen > 0 && tree_path[tree_pathlen - 1] != parent)
			tree_pathlen--;
		if (tree_pathlen > 0 || parent == 0) {
			tree_path_push(id);
			return;
		}
	}
	tree_pathlen = 0;
	for (a = id; a != 0; a = ptree_node(pt, a)->parent)
		tree_path_push(a);
	for (i = 0, j = tree_pathlen - 1; i < j; i++, j--) {
		a = tree_path[i];
		tree_path[i] = tree_path[j];
		tree_path[j] = a;
	}
}

/*
 * A node too deep for the COMMAND column (its glyphs would take more than
 * half of it) shows only its last ancestor levels, after their count in
 * place of the first ones: "…(987) │  └─+ cmd".  Returns how many levels
 * make way (0: none), the count's text in mark.
 */
static size_t
tree_elided(size_t depth, long width, int ascii, char *mark, size_t size)
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
tree_ascii(const struct ui *u)
{
	return (u->flags & (UI_ASCII | UI_ESCAPE8)) != 0;
}

/* Column (inside a COMMAND column of width) of the fold marker of a node at depth. */
static long
tree_marker_col(const struct ui *u, size_t depth, long width)
{
	char mark[32];
	size_t elided = tree_elided(depth, width, tree_ascii(u), mark, sizeof mark);
	long col = depth <= 1 ? 0 : (long)(depth - 2) * 3 + 2;

	if (elided > 0)
		col += canvas_width(mark, strlen(mark)) - (long)elided * 3;
	return col;
}

int
scr_tree_marker_x(const struct ui *u, uint32_t id)
{
	struct scr_tree fit = *scr_tree_state(u);
	long right, x;

	tree_fit(u, &fit);
	right = u->lay.tree.x + u->lay.tree.w;
	x = fit.cmd_x + tree_marker_col(u, ptree_depth(u->pt, id), right - fit.cmd_x) - fit.hscroll;
	return x >= fit.cmd_x && x < right ? (int)x : -1;
}

/* Tree glyphs and fold marker in front of the command. */
static void
tree_glyphs(struct pen *p, const struct ui *u, uint32_t id, uint16_t attr)
{
	static const char *const utf8[] = { "│  ", "   ", "├─", "└─", "─" };
	static const char *const ascii[] = { "|  ", "   ", "|-", "`-", " " };
	/* On the critical path: heavy lines. */
	static const char *const utf8_crit[] = { "│  ", "   ", "┣━", "┗━", "━" };
	static const char *const ascii_crit[] = { "|  ", "   ", "|=", "`=", "=" };
	int crit = critpath_index(u->crit, id) >= 0;
	const char *const *g = tree_ascii(u) ? (crit ? ascii_crit : ascii) :
	    (crit ? utf8_crit : utf8);
	int flags = view_flags(u->view, id), marker;
	size_t depth = tree_pathlen, i = 1, elided;
	char mark[32];

	p->attr = attr;
	elided = tree_elided(depth, p->right - p->x, tree_ascii(u), mark, sizeof mark);
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
		pen_puts(p, g[(view_flags(u->view, tree_path[i]) & VIEW_LAST) ? 1 : 0]);
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

/* ---- the command, highlighted ---------------------------------------------------- */

/*
 * What to highlight in the commands: the filter's text and the last
 * search's, both lower-case, ASCII case-insensitive like the matching (a
 * space in a needle matches the space between two arguments).
 */
struct tree_hl {
	const char *needle[2];
	size_t nlen[2];
	int n;
	struct buf search;	/* the search's text, folded */
};

/* Length of the longest needle matching at s, 0 if none. */
static size_t
tree_hl_at(const struct tree_hl *hl, const char *s, size_t len)
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
tree_hl_put(struct pen *p, const char *s, size_t len, const struct tree_hl *hl)
{
	uint16_t attr = p->attr;
	size_t run = 0, i = 0, e, j, m;

	while (i < len && !pen_full(p)) {
		if ((m = tree_hl_at(hl, s + i, len - i)) == 0) {
			i++;
			continue;
		}
		/* Overlapping matches make one highlight. */
		for (e = i + m, j = i + 1; j < e; j++)
			if ((m = tree_hl_at(hl, s + j, len - j)) > 0 && j + m > e)
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

/* The filter's text and, while highlighted or revealed, the search's. */
static void
tree_hl_init(struct tree_hl *hl, const struct ui *u)
{
	const char *s;

	memset(hl, 0, sizeof *hl);
	if ((hl->needle[0] = view_filter_needle(u->view, &hl->nlen[0])) != NULL)
		hl->n = 1;
	if (u->search == NULL || *u->search == '\0' || !u->search_hl)
		return;
	for (s = u->search; *s != '\0'; s++)
		buf_addc(&hl->search, (char)filter_fold_byte((unsigned char)*s));
	hl->needle[hl->n] = hl->search.p;
	hl->nlen[hl->n++] = hl->search.len;
}

/* The argv as shown: quoted arguments, a space between, from *pos on. */
static void
tree_argv_text(struct buf *b, const struct exec_rec *x, size_t *pos, size_t limit, int flags)
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
tree_argv(struct pen *p, const struct ui *u, uint32_t id, struct buf *tmp,
    const struct tree_hl *hl)
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
		tree_argv_text(tmp, x, &pos, 4 * (size_t)(p->skip + p->right - p->x) + 4 *
		    (hl->nlen[0] > hl->nlen[1] ? hl->nlen[0] : hl->nlen[1]) + 16,
		    ui_fmt_flags(u));
		tree_hl_put(p, tmp->p, tmp->len, hl);
	}
	/* The rest (all of it without highlights), one argument at a time. */
	while (!pen_full(p) && pos < exec_arglen(x)) {
		before = pos;
		buf_clear(tmp);
		tree_argv_text(tmp, x, &pos, 1, ui_fmt_flags(u));
		if (before > 0)
			pen_puts(p, " ");
		pen_put(p, tmp->p, tmp->len);
	}
}

/* When the last descendant ended (the one place that knows the field's unit). */
static int64_t
tree_span_end_us(const struct node *n)
{
	return (int64_t)n->span_end_ms * 1000;
}

/*
 * " [12 procs, 2 failed, 1 running, 3.20s, cpu 1.50s, max 45.2M]" after a
 * folded node: the CPU of the whole subtree, each second once, and its
 * peak RSS, of what has ended.
 */
static void
tree_summary(struct pen *p, const struct ui *u, uint32_t id, uint16_t attr)
{
	const struct node *n = ptree_node(u->pt, id);
	const struct node_totals *tot = ptree_totals(u->pt, id);
	int64_t end;
	char t[32];

	end = n->end_us > tree_span_end_us(n) ? n->end_us : tree_span_end_us(n);
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
	pen_printf(p, ", %s", fmt_duration(t, sizeof t, end - n->start_us));
	if (tot->cpu_ms > 0)
		pen_printf(p, ", cpu %s", fmt_duration(t, sizeof t, (int64_t)tot->cpu_ms * 1000));
	if (tot->maxrss_kb > 0)
		pen_printf(p, ", max %s", fmt_kib(t, sizeof t, tot->maxrss_kb));
	pen_puts(p, "]");
}

/*
 * COMMAND of one row: glyphs, argv, the summary of a folded process.  With
 * a canvas it draws; without one it measures (see struct pen).
 */
static void
tree_command(struct pen *p, const struct ui *u, uint32_t id, uint16_t attr, uint16_t glyph,
    struct buf *tmp, const struct tree_hl *hl)
{
	tree_glyphs(p, u, id, glyph);
	p->attr = attr;
	tree_argv(p, u, id, tmp, hl);
	buf_clear(tmp);
	if (ptree_failure_note(u->pt, id, tmp, tree_ascii(u), ui_fmt_flags(u))) {
		/* What it tried to exec, and why that failed. */
		p->attr = (attr & (DRAW_REVERSE | DRAW_DIM)) | DRAW_RED | DRAW_BOLD;
		pen_puts(p, "  ");
		pen_put(p, tmp->p, tmp->len);
		p->attr = attr;
	}
	if ((view_flags(u->view, id) & VIEW_FOLDED) && view_has_children(u->view, id))
		tree_summary(p, u, id, (attr & DRAW_REVERSE) | DRAW_CYAN);
}

/* ---- rows ---------------------------------------------------------------------------- */

/* Bytes of s (len) that take at most cols columns, from its start or its end. */
static size_t
tree_cut(const char *s, size_t len, long cols, int from_end, size_t *start)
{
	const unsigned char *u = (const unsigned char *)s;
	long w = 0, total = canvas_width(s, len);
	size_t i = 0, n;
	uint32_t cp;
	int cw;

	*start = 0;
	if (from_end) {
		/* Skip from the start until what is left fits. */
		while (i < len && total > cols) {
			n = canvas_next_char(u + i, len - i, &cp, &cw);
			total -= cw;
			i += n;
		}
		*start = i;
		return len - i;
	}
	while (i < len) {
		n = canvas_next_char(u + i, len - i, &cp, &cw);
		if (w + cw > cols)
			break;
		w += cw;
		i += n;
	}
	return i;
}

/*
 * One cell: the text in the column's width (numbers right-aligned), then
 * a space.  Text too wide is cut with an ellipsis: at its start for CWD
 * (the end of a path says most), at its end otherwise.
 */
static void
tree_cell(struct pen *p, const struct ui *u, enum settings_col col, const char *s, size_t len)
{
	const struct column *c = column_get(col);
	const char *dots = tree_ascii(u) ? "~" : "\xe2\x80\xa6";
	long w = canvas_width(s, len), pad;
	size_t start, n;

	if (w > c->width) {
		if (col == SETTINGS_COL_CWD) {
			n = tree_cut(s, len, c->width - 1, 1, &start);
			pen_puts(p, dots);
			pen_put(p, s + start, n);
		} else {
			n = tree_cut(s, len, c->width - 1, 0, &start);
			pen_put(p, s, n);
			pen_puts(p, dots);
		}
		w = canvas_width(s + start, n) + 1;
		for (pad = c->width - w; pad > 0; pad--)
			pen_puts(p, " ");	/* a wide character did not fit */
		pen_puts(p, " ");
		return;
	}
	if (c->left) {
		pen_put(p, s, len);
		pen_printf(p, "%*s", (int)(c->width - w + 1), "");
	} else
		pen_printf(p, "%*s%.*s ", (int)(c->width - w), "", (int)len, s);
}

/* The colour a row gets while its process is new or has just ended (live), or 0. */
static uint16_t
tree_changed(const struct ui *u, const struct node *n)
{
	if (!(u->flags & UI_HIGHLIGHT) || u->replay != NULL)
		return 0;
	if (!(n->flags & NODE_RUNNING) && n->end_us >= 0 && u->now_us - n->end_us < UI_HIGHLIGHT_US)
		return DRAW_GONE;
	if (n->start_us >= 0 && u->now_us - n->start_us < UI_HIGHLIGHT_US)
		return DRAW_NEW;
	return 0;
}

static void
tree_row(struct canvas *c, const struct ui *u, const struct scr_tree *t, struct rect body,
    int y, uint32_t id, int selected, struct buf *tmp, const struct tree_hl *hl)
{
	const struct node *n = ptree_node(u->pt, id);
	struct pen p;
	uint16_t attr = scr_tree_state_attr(n), glyph = DRAW_DEFAULT, changed;
	struct rect cmd;
	int i, flags = (tree_ascii(u) || (u->flags & UI_ESCAPE8)) ? COLUMN_ASCII : 0;

	if (!view_matches(u->view, id)) {
		attr = (attr & ~DRAW_BOLD) | DRAW_DIM;	/* an ancestor kept for shape */
		glyph |= DRAW_DIM;
	}
	if (selected) {
		attr |= DRAW_REVERSE;
		glyph |= DRAW_REVERSE;
	} else if ((changed = tree_changed(u, n)) != 0) {
		attr = (attr & ~DRAW_COLOR_MASK) | changed;
		glyph = (glyph & ~DRAW_COLOR_MASK) | changed;
	}
	pen_start(&p, c, body, y, 0);
	p.attr = attr;
	for (i = 0; i < u->ncols; i++) {
		if (!(t->cols & (1u << u->cols[i])))
			continue;
		buf_clear(tmp);
		column_text(u->cols[i], u->pt, id, u->now_us, flags, tmp);
		tree_cell(&p, u, u->cols[i], tmp->p != NULL ? tmp->p : "", tmp->len);
	}
	pen_fill(&p);

	cmd = body;
	cmd.x = t->cmd_x;
	cmd.w = body.x + body.w - cmd.x;
	if (cmd.w <= 0)
		return;
	pen_start(&p, c, cmd, y, t->hscroll);
	tree_command(&p, u, id, attr, glyph, tmp, hl);
	p.attr = attr;
	pen_fill(&p);
}

/* "↓" or "↑" (ASCII: "v", "^") after the sort column's name. */
static const char *
tree_arrow(const struct ui *u, int desc)
{
	if (tree_ascii(u))
		return desc ? "v" : "^";
	return desc ? "\xe2\x86\x93" : "\xe2\x86\x91";
}

/*
 * The column names, the sort column's with an arrow on a bar (a right-
 * aligned name as wide as its column takes the space before it); when the
 * sort column is not shown (or does not fit), COMMAND's header names it.
 * Creation order (START ascending) is no sort: nothing is marked.
 */
static void
tree_column_header(struct canvas *c, const struct ui *u, const struct scr_tree *t,
    struct rect r)
{
	enum settings_col sort = view_sort_column(u->view);
	int desc = view_sort_descending(u->view), i, x, sort_x = -1;
	int sorted = !(sort == SETTINGS_COL_START && !desc);
	const struct column *col;
	struct buf b = BUF_INIT;
	struct rect cell;
	struct pen p;
	long w;

	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_TITLE;
	for (i = 0, x = r.x; i < u->ncols; i++) {
		if (!(t->cols & (1u << u->cols[i])))
			continue;
		col = column_get(u->cols[i]);
		tree_cell(&p, u, u->cols[i], col->name, strlen(col->name));
		if (u->cols[i] == sort)
			sort_x = x;
		x += col->width + 1;
	}
	if (sorted && sort == SETTINGS_COL_COMMAND) {
		p.attr = DRAW_BAR;
		pen_printf(&p, "COMMAND%s", tree_arrow(u, desc));
		p.attr = DRAW_TITLE;
	} else
		pen_puts(&p, "COMMAND");
	if (sorted && sort_x < 0 && sort != SETTINGS_COL_COMMAND)
		pen_printf(&p, " [sorted by %s%s]", settings_col_name(sort), tree_arrow(u, desc));
	if (t->hscroll > 0)
		pen_printf(&p, " (scrolled %ld)", t->hscroll);
	pen_fill(&p);
	if (!sorted || sort_x < 0)
		return;
	/* Over the sort column's cell: its name and the arrow, on a bar. */
	col = column_get(sort);
	if (col->left)
		buf_printf(&b, "%s%s", col->name, tree_arrow(u, desc));
	else
		buf_printf(&b, "%s%s", tree_arrow(u, desc), col->name);
	w = canvas_width(b.p, b.len);
	cell.x = col->left ? sort_x : sort_x + col->width - (int)w;
	if (cell.x < r.x)
		cell.x = r.x;
	cell.y = r.y;
	cell.w = (int)w;
	cell.h = 1;
	pen_start(&p, c, cell, 0, 0);
	p.attr = DRAW_BAR;
	pen_put(&p, b.p, b.len);
	buf_free(&b);
}

/* The rows' rectangle: the tree's, less its column header. */
static struct rect
tree_body(const struct ui *u)
{
	struct rect body = u->lay.tree;

	body.y++;
	body.h--;
	return body;
}

static void
tree_draw(struct canvas *c, const struct ui *u, const void *st)
{
	const struct scr_tree *t = st;
	struct rect r = u->lay.tree, body = tree_body(u);
	struct buf tmp = BUF_INIT;
	struct tree_hl hl;
	uint32_t top, row, nrows, cur, id;
	struct pen p;
	int y;

	if (r.h <= 0)
		return;	/* the pane is maximised */
	tree_hl_init(&hl, u);
	canvas_fill(c, body, DRAW_DEFAULT);
	top = view_top(u->view);
	nrows = view_nrows(u->view);
	cur = view_cursor(u->view);
	for (y = 0, row = top; y < body.h && row < nrows; y++, row++) {
		id = view_row_id(u->view, row);
		tree_path_to(u->pt, id, row == top);
		tree_row(c, u, t, body, y, id, row == cur, &tmp, &hl);
	}
	tree_column_header(c, u, t, r);
	if (nrows == 0) {
		pen_start(&p, c, body, 0, 0);
		p.attr = DRAW_DIM;
		pen_puts(&p, view_filter(u->view) != NULL ? "  no process matches the filter" :
		    "  no processes yet");
	}
	buf_free(&hl.search);
	buf_free(&tmp);
}

/* ---- layout: sideways scrolling ------------------------------------------------------- */

/*
 * Measure the rows on the screen: is any cut at the right edge (more to
 * scroll to), and how wide is the widest that is not.
 */
static void
tree_measure(const struct ui *u, struct scr_tree *t, int *more, long *maxw)
{
	struct rect body = tree_body(u), cmd = body;
	struct buf tmp = BUF_INIT;
	struct tree_hl hl;
	uint32_t top, row, nrows, id;
	struct pen p;
	int y;

	*more = 0;
	*maxw = 0;
	cmd.x = t->cmd_x;
	cmd.w = body.x + body.w - cmd.x;
	if (cmd.w <= 0 || body.h <= 0)
		return;
	memset(&hl, 0, sizeof hl);
	top = view_top(u->view);
	nrows = view_nrows(u->view);
	for (y = 0, row = top; y < body.h && row < nrows; y++, row++) {
		id = view_row_id(u->view, row);
		tree_path_to(u->pt, id, row == top);
		pen_start(&p, NULL, cmd, y, t->hscroll);
		tree_command(&p, u, id, 0, 0, &tmp, &hl);
		if (pen_full(&p))
			*more = 1;
		if (p.col > *maxw)
			*maxw = p.col;
	}
	buf_free(&tmp);
}

/*
 * A search moved the cursor: scroll COMMAND sideways, if need be, so that
 * the match on its row shows (back to the left edge when it fits there).
 */
static void
tree_reveal(struct ui *u, struct scr_tree *t, long cmdw)
{
	uint32_t id = view_cursor_id(u->view);
	const struct exec_rec *x;
	struct tree_hl one;
	struct buf tmp = BUF_INIT, needle = BUF_INIT;
	size_t pos = 0, i, from = 0, nlen;
	long start, end;
	const char *s;

	u->search_reveal = 0;
	if (u->search == NULL || id == 0 || (x = ptree_shown_exec(u->pt, id)) == NULL)
		return;
	for (s = u->search; *s != '\0'; s++)
		buf_addc(&needle, (char)filter_fold_byte((unsigned char)*s));
	if ((nlen = needle.len) == 0)
		goto out;
	memset(&one, 0, sizeof one);
	one.needle[0] = needle.p;
	one.nlen[0] = nlen;
	one.n = 1;
	for (;;) {
		/* An argument at a time, until the match is in. */
		tree_argv_text(&tmp, x, &pos, tmp.len + 1, ui_fmt_flags(u));
		for (i = from; i + nlen <= tmp.len; i++)
			if (tree_hl_at(&one, tmp.p + i, tmp.len - i) > 0)
				break;
		if (i + nlen <= tmp.len)
			break;
		if (pos >= exec_arglen(x))
			goto out;	/* it spans a quote: nothing to point at */
		from = tmp.len >= nlen ? tmp.len - nlen + 1 : 0;
	}
	start = tree_marker_col(u, ptree_depth(u->pt, id), cmdw) + 2 + canvas_width(tmp.p, i);
	end = start + canvas_width(tmp.p + i, nlen);
	if (start >= t->hscroll && end <= t->hscroll + cmdw)
		goto out;
	if (end <= cmdw)
		t->hscroll = 0;
	else
		t->hscroll = end - cmdw + cmdw / 4 < start ? end - cmdw + cmdw / 4 : start;
out:
	buf_free(&tmp);
	buf_free(&needle);
}

/* A row on the screen stands out as new or ended: draw again when that ends. */
static void
tree_layout_changed(struct ui *u)
{
	uint32_t row, top = view_top(u->view), nrows = view_nrows(u->view);
	int y, h = u->lay.tree.h - 1;

	if (!(u->flags & UI_HIGHLIGHT) || u->replay != NULL)
		return;
	for (y = 0, row = top; y < h && row < nrows && !u->tick; y++, row++)
		if (tree_changed(u, ptree_node(u->pt, view_row_id(u->view, row))) != 0)
			u->tick = 1;
}

static void
tree_layout(struct ui *u, void *st)
{
	struct scr_tree *t = st;
	long cmdw, maxw;
	int more;

	tree_fit(u, t);
	if (u->lay.tree.h <= 0)
		return;
	tree_layout_changed(u);
	cmdw = u->lay.tree.x + u->lay.tree.w - t->cmd_x;
	if (u->search_reveal)
		tree_reveal(u, t, cmdw);
	if (t->hscroll > 0) {
		tree_measure(u, t, &more, &maxw);
		if (!more && maxw <= t->hscroll) {
			/* Scrolled past every command: show the end of the longest. */
			t->hscroll = maxw - cmdw / 2 > 0 ? maxw - cmdw / 2 : 0;
		}
	}
}

/* ---- keys ----------------------------------------------------------------------------- */

static int
act_up(struct ui *u, void *st, int key)
{
	view_move(u->view, -1);
	return UI_REDRAW;
}

static int
act_down(struct ui *u, void *st, int key)
{
	view_move(u->view, 1);
	return UI_REDRAW;
}

static int
act_pgup(struct ui *u, void *st, int key)
{
	view_move(u->view, -(long)view_height(u->view));
	return UI_REDRAW;
}

static int
act_pgdn(struct ui *u, void *st, int key)
{
	view_move(u->view, (long)view_height(u->view));
	return UI_REDRAW;
}

static int
act_home(struct ui *u, void *st, int key)
{
	view_goto_row(u->view, 0);
	return UI_REDRAW;
}

static int
act_end(struct ui *u, void *st, int key)
{
	view_sync(u->view);
	if (view_nrows(u->view) > 0)
		view_goto_row(u->view, view_nrows(u->view) - 1);
	return UI_REDRAW;
}

static int
act_scroll_left(struct ui *u, void *st, int key)
{
	struct scr_tree *t = st;

	t->hscroll = t->hscroll > TREE_HSTEP ? t->hscroll - TREE_HSTEP : 0;
	return UI_REDRAW;
}

static int
act_scroll_right(struct ui *u, void *st, int key)
{
	struct scr_tree *t = st;
	long maxw;
	int more;

	view_sync(u->view);
	tree_fit(u, t);
	tree_measure(u, t, &more, &maxw);
	if (more)
		t->hscroll += TREE_HSTEP;
	return UI_REDRAW;
}

/* ---- sorting ---- */

static int
act_sort_menu(struct ui *u, void *st, int key)
{
	ui_open(u, &screen_sort, NULL);
	return UI_REDRAW;
}

/* htop's < and >: the previous or next shown column becomes the sort column. */
static int
act_sort_step(struct ui *u, void *st, int key)
{
	enum settings_col cur = view_sort_column(u->view), col;
	int i, n = u->ncols;

	for (i = 0; i < n && u->cols[i] != cur; i++)
		;
	if (i == n)
		i = key == '<' ? 0 : n - 1;	/* not shown: start from an end */
	i = (i + (key == '<' ? n - 1 : 1)) % n;
	col = u->cols[i];
	ui_sort(u, col, column_get(col)->desc);
	return UI_REDRAW;
}

static int
act_sort_invert(struct ui *u, void *st, int key)
{
	ui_sort(u, view_sort_column(u->view), !view_sort_descending(u->view));
	return UI_REDRAW;
}

static int
act_expand(struct ui *u, void *st, int key)
{
	view_expand(u->view);
	return UI_REDRAW;
}

static int
act_collapse(struct ui *u, void *st, int key)
{
	view_collapse(u->view);
	return UI_REDRAW;
}

static int
act_toggle(struct ui *u, void *st, int key)
{
	view_toggle(u->view);
	return UI_REDRAW;
}

static int
act_toggle_all(struct ui *u, void *st, int key)
{
	view_toggle_all(u->view);
	return UI_REDRAW;
}

static int
act_search(struct ui *u, void *st, int key)
{
	ui_open(u, &screen_search, NULL);
	return UI_REDRAW;
}

static int
act_filter(struct ui *u, void *st, int key)
{
	ui_open(u, &screen_filter, NULL);
	return UI_REDRAW;
}

static void
tree_search_again(struct ui *u, int dir)
{
	struct buf b = BUF_INIT;

	if (u->search == NULL || *u->search == '\0') {
		ui_message(u, "No search yet: press / to search");
		return;
	}
	if (view_search(u->view, u->search, 0, dir, 0) != 0) {
		fmt_escape(&b, u->search, strlen(u->search), ui_fmt_flags(u));
		ui_message(u, "Not found: %s", b.p);
		buf_free(&b);
		return;
	}
	u->search_hl = u->search_reveal = 1;
}

static int
act_next(struct ui *u, void *st, int key)
{
	tree_search_again(u, key == 'N' ? -1 : 1);
	return UI_REDRAW;
}

static int
act_next_bad(struct ui *u, void *st, int key)
{
	if (view_next_bad(u->view, key == 'X' ? -1 : 1) != 0)
		ui_message(u, "No failed or killed process%s",
		    view_filter(u->view) != NULL ? " passes the filter" : "");
	return UI_REDRAW;
}

static int
act_follow(struct ui *u, void *st, int key)
{
	view_set_follow(u->view, !view_follow(u->view));
	ui_message(u, view_follow(u->view) ? "Follow: on, the newest process stays selected" :
	    "Follow: off");
	return UI_REDRAW;
}

static int
act_detail(struct ui *u, void *st, int key)
{
	uint32_t id;

	view_sync(u->view);
	if ((id = view_cursor_id(u->view)) == 0)
		return 0;
	ui_open(u, &screen_detail, &id);
	return UI_REDRAW;
}

static int
act_signal(struct ui *u, void *st, int key)
{
	uint32_t id = view_cursor_id(u->view);
	const struct node *n;

	if (u->hooks.signal == NULL) {
		ui_message(u, "Signals can only be sent while tracing, not in a replay");
		return UI_REDRAW;
	}
	if (id == 0)
		return 0;
	n = ptree_node(u->pt, id);
	if (!(n->flags & NODE_RUNNING)) {
		ui_message(u, "Process %d has ended", (int)n->pid);
		return UI_REDRAW;
	}
	ui_open(u, &screen_signal, &id);
	return UI_REDRAW;
}

static int
act_setup(struct ui *u, void *st, int key)
{
	ui_open(u, &screen_setup, NULL);
	return UI_REDRAW;
}

int
scr_tree_help(struct ui *u, void *st, int key)
{
	ui_open(u, &screen_help, NULL);
	return UI_REDRAW;
}

int
scr_tree_quit(struct ui *u, void *st, int key)
{
	if (u->hooks.alive != NULL && u->hooks.alive(u->hooks.ctx) > 0) {
		ui_open(u, &screen_quit, NULL);
		return UI_REDRAW;
	}
	if (u->hooks.quit != NULL)
		u->hooks.quit(u->hooks.ctx, UI_QUIT_NOW);
	return 0;
}

static int
act_unhighlight(struct ui *u, void *st, int key)
{
	if (!u->search_hl)
		return 0;
	u->search_hl = 0;
	return UI_REDRAW;
}

int
scr_tree_repaint(struct ui *u, void *st, int key)
{
	return UI_REDRAW | UI_REPAINT;
}

/* Signals can be sent while tracing, not in a replay. */
static int
tree_live(const struct ui *u)
{
	return u->hooks.signal != NULL;
}

static const struct ui_key tree_keys[] = {
	UI_SECTION("Moving"),
	{ KEYC_UP, act_up, "Up k", "select the process above", NULL, NULL },
	{ 'k', act_up, NULL, NULL, NULL, NULL },
	{ KEYC_DOWN, act_down, "Down j", "select the process below", NULL, NULL },
	{ 'j', act_down, NULL, NULL, NULL, NULL },
	{ KEYC_PPAGE, act_pgup, "PgUp Ctrl-B", "one page up", NULL, NULL },
	{ KEYC_CTRL('b'), act_pgup, NULL, NULL, NULL, NULL },
	{ KEYC_NPAGE, act_pgdn, "PgDn Ctrl-F", "one page down", NULL, NULL },
	{ KEYC_CTRL('f'), act_pgdn, NULL, NULL, NULL, NULL },
	{ KEYC_HOME, act_home, "Home g", "first process", NULL, NULL },
	{ 'g', act_home, NULL, NULL, NULL, NULL },
	{ KEYC_END, act_end, "End G", "last process", NULL, NULL },
	{ 'G', act_end, NULL, NULL, NULL, NULL },
	{ KEYC_LEFT | KEYC_MOD_SHIFT, act_scroll_left, "Shift-Left {",
	    "scroll the COMMAND column left", NULL, NULL },
	{ '{', act_scroll_left, NULL, NULL, NULL, NULL },
	{ KEYC_RIGHT | KEYC_MOD_SHIFT, act_scroll_right, "Shift-Right }",
	    "scroll the COMMAND column right", NULL, NULL },
	{ '}', act_scroll_right, NULL, NULL, NULL, NULL },
	UI_SECTION("Folding"),
	{ KEYC_RIGHT, act_expand, "Right + l",
	    "expand (on an expanded process: go to its first child)", NULL, NULL },
	{ '+', act_expand, NULL, NULL, NULL, NULL },
	{ 'l', act_expand, NULL, NULL, NULL, NULL },
	{ KEYC_LEFT, act_collapse, "Left - h", "collapse, or go to the parent", NULL, NULL },
	{ '-', act_collapse, NULL, NULL, NULL, NULL },
	{ 'h', act_collapse, NULL, NULL, NULL, NULL },
	{ ' ', act_toggle, "Space", "expand or collapse", NULL, NULL },
	{ '*', act_toggle_all, "*",
	    "expand everything below, or collapse it all if all is expanded", NULL, NULL },
	UI_SECTION("Finding"),
	{ '/', act_search, "/ F3", "search the argv (incremental, case-insensitive)", NULL, NULL },
	{ KEYC_F(3), act_search, NULL, NULL, "Search", NULL },
	{ 'n', act_next, "n", "next match", NULL, NULL },
	{ 'N', act_next, "N", "previous match", NULL, NULL },
	{ '\\', act_filter, "\\ F4", "filter: only matching processes and their ancestors",
	    NULL, NULL },
	{ KEYC_F(4), act_filter, NULL, NULL, "Filter", NULL },
	{ 'x', act_next_bad, "x", "next failed or killed process", "Failed", NULL },
	{ 'X', act_next_bad, "X", "previous failed or killed process", NULL, NULL },
	{ 'f', act_follow, "f F", "follow mode: keep the newest process selected", "Follow", NULL },
	{ 'F', act_follow, NULL, NULL, NULL, NULL },
	{ KEYC_ESC, act_unhighlight, "Esc",
	    "stop highlighting the search's matches (n shows them again)", NULL, NULL },
	UI_SECTION("Sorting (siblings, as htop's tree view)"),
	{ KEYC_F(6), act_sort_menu, "F6", "choose the sort column", "SortBy", NULL },
	{ '<', act_sort_step, "< >", "sort by the column to the left or right", NULL, NULL },
	{ '>', act_sort_step, NULL, NULL, NULL, NULL },
	{ 'I', act_sort_invert, "I", "invert the sort order", NULL, NULL },
	UI_SECTION("Processes"),
	{ KEYC_ENTER, act_detail, "Enter", "details: full argv, exe, cwd, exec chain, times, status",
	    "Detail", NULL },
	{ KEYC_F(9), act_signal, "F9 K", "send a signal (while tracing)", "Signal", tree_live },
	{ 'K', act_signal, NULL, NULL, NULL, NULL },
	UI_SECTION("Where the time went"),
	{ 't', scr_timeline_toggle, "t", "timeline: a bar for each process over a time axis",
	    "Timeline", NULL },
	{ 'c', scr_timeline_walk, "c C", "the next, the previous step of the critical path",
	    "Critical", NULL },
	{ 'C', scr_timeline_walk, NULL, NULL, NULL, NULL },
	{ 'u', scr_profile_open, "u", "processes grouped by program: count, time, CPU, memory",
	    "Programs", NULL },
	UI_SECTION("Other"),
	{ KEYC_F(1), scr_tree_help, "F1 ?", "this help", "Help", NULL },
	{ '?', scr_tree_help, NULL, NULL, NULL, NULL },
	{ KEYC_F(2), act_setup, "F2 S", "setup: columns, colours, glyphs, pane, follow, sort "
	    "(saved)", "Setup", NULL },
	{ 'S', act_setup, NULL, NULL, NULL, NULL },
	{ KEYC_CTRL('l'), scr_tree_repaint, "Ctrl-L", "repaint the screen", NULL, NULL },
	{ 'q', scr_tree_quit, "q F10 Ctrl-C", "quit (asks first while the command runs)", NULL, NULL },
	{ KEYC_F(10), scr_tree_quit, NULL, NULL, "Quit", NULL },
	{ KEYC_CTRL('c'), scr_tree_quit, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

/* With the pane: its keys (maximised: the moving keys browse its history) first. */
static const struct ui_key *const *
tree_key_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const plain[] = { tree_keys, NULL };
	static const struct ui_key *const pane[] = { scr_pane_tree_keys, tree_keys, NULL };
	static const struct ui_key *const pane_max[] = {
		scr_pane_max_keys, scr_pane_tree_keys, tree_keys, NULL
	};

	if (u->pane == NULL)
		return plain;
	return u->pane_show == UI_PANE_MAX ? pane_max : pane;
}

static const struct ui_bar tree_bar[] = {
	{ KEYC_F(1), NULL }, { '\t', NULL }, { KEYC_F(2), NULL }, { KEYC_F(3), NULL },
	{ KEYC_F(4), NULL }, { KEYC_F(6), NULL }, { 'x', NULL }, { 'f', NULL },
	{ KEYC_ENTER, NULL }, { KEYC_F(9), NULL }, { KEYC_F(10), NULL }, { 0, NULL },
};

/* When the bar does not fit, these keys make way, in this order. */
static const int tree_bar_drop[] = { 'f', KEYC_F(2), KEYC_F(6), 0 };

/* The bar, less what does not fit (80 columns: F2, F6 and f make way). */
static void
tree_footer(struct pen *p, const struct ui *u, const void *st)
{
	struct ui_bar bar[sizeof tree_bar / sizeof tree_bar[0]];
	size_t i, j, k;

	memcpy(bar, tree_bar, sizeof bar);
	for (k = 0; tree_bar_drop[k] != 0 &&
	    ui_bar_width(u, &screen_tree, st, bar) > p->right - p->x; k++) {
		for (i = j = 0; bar[i].key != 0; i++)
			if (bar[i].key != tree_bar_drop[k])
				bar[j++] = bar[i];
		bar[j] = bar[i];
	}
	ui_bar_keys(p, u, &screen_tree, st, bar);
	p->attr = DRAW_BAR;
	pen_fill(p);
}

/* ---- mouse ----------------------------------------------------------------------------- */

/* A click on a column's name sorts by it (again: the other way), as in htop. */
static int
tree_header_click(struct ui *u, void *st, int x)
{
	struct scr_tree *t = st;
	enum settings_col col = SETTINGS_COL_COMMAND;
	int i, cx = u->lay.tree.x, w;

	tree_fit(u, t);
	for (i = 0; i < u->ncols; i++) {
		if (!(t->cols & (1u << u->cols[i])))
			continue;
		w = column_get(u->cols[i])->width + 1;
		if (x < cx + w) {
			col = u->cols[i];
			break;
		}
		cx += w;
	}
	if (col == view_sort_column(u->view) &&
	    !(col == SETTINGS_COL_START && !view_sort_descending(u->view)))
		ui_sort(u, col, !view_sort_descending(u->view));
	else
		ui_sort(u, col, column_get(col)->desc);
	return UI_REDRAW;
}

static int
tree_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	const struct rect *t = &u->lay.tree;
	uint32_t row, id;

	if (u->pane != NULL && x >= u->lay.pane.x && x < u->lay.pane.x + u->lay.pane.w &&
	    y >= u->lay.pane.y && y < u->lay.pane.y + u->lay.pane.h)
		return scr_pane_mouse(u, kind);
	if (kind == UI_WHEEL_UP || kind == UI_WHEEL_DOWN) {
		view_scroll(u->view, kind == UI_WHEEL_UP ? -UI_WHEEL_LINES : UI_WHEEL_LINES);
		return UI_REDRAW;
	}
	if (y == t->y && x >= t->x && x < t->x + t->w && t->h > 0)
		return tree_header_click(u, st, x);
	if (y <= t->y || y >= t->y + t->h || x < t->x || x >= t->x + t->w)
		return 0;
	view_sync(u->view);
	row = view_top(u->view) + (uint32_t)(y - t->y - 1);
	if (row >= view_nrows(u->view))
		return UI_REDRAW;
	id = view_row_id(u->view, row);
	view_goto_row(u->view, row);
	if (x == scr_tree_marker_x(u, id) && view_has_children(u->view, id))
		view_toggle(u->view);
	return UI_REDRAW;
}

/* A key the tables do not know still clears the message: a frame. */
static int
tree_key(struct ui *u, void *st, int key)
{
	return UI_REDRAW;
}

/* The help lists the tree's keys first, then the pane's. */
static const struct ui_key *const *
tree_help_keys(const struct ui *u)
{
	static const struct ui_key *const plain[] = { tree_keys, NULL };
	static const struct ui_key *const pane[] = {
		tree_keys, scr_pane_tree_keys, scr_pane_max_keys, NULL
	};

	return u->pane != NULL ? pane : plain;
}

static void
tree_help_notes(struct buf *b, const struct ui *u)
{
	if (u->pane != NULL)
		scr_pane_help_notes(b, u);
}

const struct screen screen_tree = {
	.name = "tree",
	.flags = SCREEN_MESSAGE,
	.state_size = sizeof(struct scr_tree),
	.keys = tree_key_tables,
	.bar = tree_bar,
	.key = tree_key,
	.footer = tree_footer,
	.mouse = tree_mouse,
	.layout = tree_layout,
	.draw = tree_draw,
	.help_title = "",
	.help_keys = tree_help_keys,
	.help_notes = tree_help_notes,
};
