/*
 * scr_diff.c: the diff screen of ptop --diff, at the bottom of the stack in
 * place of the tree.  One row per process of either run (diff.h), marked
 * - (only in A), + (only in B), ! (changed), with both states and wall
 * times, the tree of B (A's own processes among their siblings) and what
 * differs.  Keys fold, show only the differences (with their ancestors)
 * and jump from one difference to the next.
 *
 * The rows are built here, not by view.c: the diff's rows are pairs of
 * processes from two trees, which the view (one tree's ids) cannot hold.
 * The visible rows are rebuilt from the diff's pre-order rows, skipping
 * folded and (in "only differences") unchanged subtrees whole, so a build
 * costs the rows shown plus the subtrees skipped.  Folds are kept by
 * process id (B's, or A's for a row only in A), the cursor by its pair, so
 * both survive a new diff.
 *
 * B may grow (--diff A -- CMD): refresh() makes a new diff when B changed,
 * at most every DIFF_SCR_EVERY seconds and never more often than
 * DIFF_SCR_SHARE times what the last one cost: a diff runs on the loop,
 * and stopped tracees wait while it does, so it takes at most 5% of the
 * time.
 *
 * The frame's header names the two runs: this screen draws over the
 * generic header (ui_frame.c draws screens after it).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "diff.h"
#include "fmt.h"
#include "screens.h"
#include "xmalloc.h"

#define DIFF_SCR_EVERY	0.25	/* seconds between two diffs of a growing run */
#define DIFF_SCR_SHARE	20	/* ... and at least this many times one's cost */

/* Trace A, given before the screen opens (scr_diff_use). */
static const struct ptree *diff_scr_a;
static const char *diff_scr_labels[2];

struct scr_diff {
	struct diff *d;
	uint64_t gen_struct, gen_data;	/* B's when the diff was made */
	double built_at, cost;		/* when, and how long it took */
	int only;			/* show only differences and their ancestors */

	uint32_t *vis;			/* visible rows: diff row indices */
	uint32_t nvis, allocvis;
	uint8_t *last;			/* by diff row: last shown child of its parent */
	uint8_t *fold[2];		/* folded, by process id in A and in B */
	uint32_t nfold[2];
	uint32_t cur, top;		/* cursor and first row on screen (vis indices) */
	uint32_t cur_a, cur_b;		/* the cursor's pair, kept across diffs */
	unsigned height;
};

void
scr_diff_use(const struct ptree *a, const char *label_a, const char *label_b)
{
	diff_scr_a = a;
	diff_scr_labels[0] = label_a;
	diff_scr_labels[1] = label_b;
}

static double
diff_scr_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* ---- rows -------------------------------------------------------------------- */

static int
diff_scr_folded(const struct scr_diff *s, const struct diff_row *r)
{
	int t = r->b != 0 ? 1 : 0;
	uint32_t id = t ? r->b : r->a;

	return id < s->nfold[t] && s->fold[t][id];
}

static void
diff_scr_set_fold(struct scr_diff *s, const struct diff_row *r, int on)
{
	int t = r->b != 0 ? 1 : 0;
	uint32_t id = t ? r->b : r->a, n;

	if (id >= s->nfold[t]) {
		if (!on)
			return;
		n = id * 2 + 64;
		s->fold[t] = xreallocarray(s->fold[t], n, 1);
		memset(s->fold[t] + s->nfold[t], 0, n - s->nfold[t]);
		s->nfold[t] = n;
	}
	s->fold[t][id] = (uint8_t)on;
}

static int
diff_scr_shown(const struct scr_diff *s, const struct diff_row *r)
{
	return !s->only || (r->flags & (DIFF_SELF | DIFF_BELOW | DIFF_PENDING));
}

/* Has children that would show when it is unfolded. */
static int
diff_scr_has_children(const struct scr_diff *s, uint32_t row)
{
	const struct diff_row *r = diff_row(s->d, row);
	uint32_t i;

	for (i = row + 1; i < r->end; i = diff_row(s->d, i)->end)
		if (diff_scr_shown(s, diff_row(s->d, i)))
			return 1;
	return 0;
}

/* The visible rows, and which is the last shown child of its parent. */
static void
diff_scr_rows(struct scr_diff *s)
{
	uint32_t n = diff_nrows(s->d), i, k;
	const struct diff_row *r;
	uint8_t *later;

	s->nvis = 0;
	for (i = 0; i < n;) {
		r = diff_row(s->d, i);
		if (!diff_scr_shown(s, r)) {
			i = r->end;
			continue;
		}
		if (s->nvis == s->allocvis) {
			s->allocvis = s->allocvis ? s->allocvis * 2 : 256;
			s->vis = xreallocarray(s->vis, s->allocvis, sizeof *s->vis);
		}
		s->vis[s->nvis++] = i;
		i = diff_scr_folded(s, r) ? r->end : i + 1;
	}
	free(s->last);
	s->last = xcalloc((size_t)n + 1, 1);
	later = xcalloc((size_t)n + 1, 1);
	for (k = s->nvis; k-- > 0;) {
		r = diff_row(s->d, s->vis[k]);
		i = r->parent == UINT32_MAX ? n : r->parent;
		s->last[s->vis[k]] = !later[i];
		later[i] = 1;
	}
	free(later);
}

/* Put the cursor back on its pair (or the nearest row before it). */
static void
diff_scr_find_cursor(struct scr_diff *s)
{
	const struct diff_row *r;
	uint32_t k;

	for (k = 0; k < s->nvis; k++) {
		r = diff_row(s->d, s->vis[k]);
		if ((s->cur_b != 0 && r->b == s->cur_b) || (s->cur_b == 0 && r->a == s->cur_a)) {
			s->cur = k;
			return;
		}
	}
	if (s->cur >= s->nvis)
		s->cur = s->nvis > 0 ? s->nvis - 1 : 0;
}

static void
diff_scr_remember(struct scr_diff *s)
{
	const struct diff_row *r;

	if (s->nvis == 0)
		return;
	r = diff_row(s->d, s->vis[s->cur]);
	s->cur_a = r->a;
	s->cur_b = r->b;
}

/* New rows after a fold or a mode change, the cursor on the same process. */
static void
diff_scr_relayout(struct scr_diff *s)
{
	diff_scr_remember(s);
	diff_scr_rows(s);
	diff_scr_find_cursor(s);
}

/* A new diff if there is none, or B changed and it is time. */
static void
diff_scr_refresh(struct ui *u, void *st)
{
	struct scr_diff *s = st;
	double now = diff_scr_now(), wait;

	if (s->d != NULL && ptree_struct_gen(u->pt) == s->gen_struct &&
	    ptree_data_gen(u->pt) == s->gen_data)
		return;
	wait = s->cost * DIFF_SCR_SHARE > DIFF_SCR_EVERY ? s->cost * DIFF_SCR_SHARE :
	    DIFF_SCR_EVERY;
	if (s->d != NULL && now - s->built_at < wait && !ptree_finished(u->pt))
		return;
	if (s->d != NULL)
		diff_scr_remember(s);
	diff_free(s->d);
	s->gen_struct = ptree_struct_gen(u->pt);
	s->gen_data = ptree_data_gen(u->pt);
	s->d = diff_new(diff_scr_a, u->pt, 0);
	diff_scr_rows(s);
	diff_scr_find_cursor(s);
	s->built_at = diff_scr_now();
	s->cost = s->built_at - now;
}

static void
diff_scr_open(struct ui *u, void *st, const void *arg)
{
	diff_scr_refresh(u, st);
}

static void
diff_scr_close(struct ui *u, void *st)
{
	struct scr_diff *s = st;

	diff_free(s->d);
	free(s->vis);
	free(s->last);
	free(s->fold[0]);
	free(s->fold[1]);
}

/* The open diff screen's state (tests), or NULL. */
static struct scr_diff *
diff_scr_state(const struct ui *u)
{
	return ui_state_of(u, &screen_diff);
}

const struct diff *
scr_diff_model(const struct ui *u)
{
	const struct scr_diff *s = diff_scr_state(u);

	return s != NULL ? s->d : NULL;
}

const struct diff_row *
scr_diff_cursor(const struct ui *u)
{
	const struct scr_diff *s = diff_scr_state(u);

	return s != NULL && s->nvis > 0 ? diff_row(s->d, s->vis[s->cur]) : NULL;
}

/* ---- drawing ----------------------------------------------------------------------- */

#define DIFF_COLS_W	48	/* mark, two states, two times: "! exit 2     ok  ..." */

static uint16_t
diff_scr_attr(const struct diff_row *r)
{
	if (r->flags & DIFF_ONLY_A)
		return DRAW_RED;
	if (r->flags & DIFF_ONLY_B)
		return DRAW_GREEN;
	if (r->flags & DIFF_SELF)
		return DRAW_YELLOW | DRAW_BOLD;
	if (r->flags & DIFF_PENDING)
		return DRAW_BOLD;
	return DRAW_DEFAULT;
}

static char
diff_scr_mark(const struct diff_row *r)
{
	if (r->flags & DIFF_ONLY_A)
		return '-';
	if (r->flags & DIFF_ONLY_B)
		return '+';
	return (r->flags & DIFF_SELF) ? '!' : ' ';
}

/* Glyphs of a row's ancestors, from the root down (deep ones elided). */
static void
diff_scr_glyphs(struct pen *p, const struct ui *u, const struct scr_diff *s, uint32_t row,
    struct buf *tmp)
{
	static const char *const utf8[] = { "│  ", "   ", "├─", "└─" };
	static const char *const ascii[] = { "|  ", "   ", "|-", "`-" };
	const char *const *g = (u->flags & (UI_ASCII | UI_ESCAPE8)) ? ascii : utf8;
	const struct diff_row *r = diff_row(s->d, row);
	uint32_t depth = r->depth, keep, i, a;
	long room = (p->right - p->x - p->col) / 2;	/* half of what COMMAND has */

	if (depth == 0)
		return;
	/* Levels that fit in half the COMMAND column; the rest as a count. */
	keep = room / 3 > 1 ? (uint32_t)(room / 3) - 1 : 0;
	if (keep > depth - 1)
		keep = depth - 1;
	if (keep < depth - 1)
		pen_printf(p, "%s(%u) ", (u->flags & (UI_ASCII | UI_ESCAPE8)) ? ".." : "…",
		    depth - 1 - keep);
	/* The ancestors' columns, collected bottom up. */
	buf_clear(tmp);
	for (a = r->parent, i = 0; i < keep; i++, a = diff_row(s->d, a)->parent)
		buf_add(tmp, &a, sizeof a);
	while (tmp->len > 0) {
		tmp->len -= sizeof a;
		memcpy(&a, tmp->p + tmp->len, sizeof a);
		pen_puts(p, g[s->last[a] ? 1 : 0]);
	}
	pen_puts(p, g[s->last[row] ? 3 : 2]);
}

static void
diff_scr_row(struct canvas *c, const struct ui *u, const struct scr_diff *s, struct rect body,
    int y, uint32_t k, struct buf *tmp)
{
	uint32_t row = s->vis[k];
	const struct diff_row *r = diff_row(s->d, row);
	const struct ptree *pt = r->b != 0 ? u->pt : diff_scr_a;
	const struct exec_rec *x = ptree_shown_exec(pt, r->b != 0 ? r->b : r->a);
	const struct node *na = diff_node_a(s->d, r), *nb = diff_node_b(s->d, r);
	uint16_t attr = diff_scr_attr(r), sel = k == s->cur ? DRAW_REVERSE : 0;
	char sa[48], sb[48], wa[16], wb[16];
	struct argv_buf av;
	struct pen p;

	snprintf(wa, sizeof wa, "-");
	snprintf(wb, sizeof wb, "-");
	if (na != NULL)
		fmt_duration(wa, sizeof wa, diff_wall(diff_scr_a, r->a));
	if (nb != NULL)
		fmt_duration(wb, sizeof wb, (nb->flags & NODE_RUNNING) ?
		    u->now_us - nb->start_us : diff_wall(u->pt, r->b));
	pen_start(&p, c, body, y, 0);
	p.attr = attr | sel;
	pen_printf(&p, "%c %-10.10s %-10.10s %8s %8s ", diff_scr_mark(r),
	    na != NULL ? node_state(na, sa, sizeof sa, 0) : "-",
	    nb != NULL ? node_state(nb, sb, sizeof sb, 0) : "-", wa, wb);
	p.attr = DRAW_DEFAULT | sel;
	diff_scr_glyphs(&p, u, s, row, tmp);
	if (diff_scr_has_children(s, row)) {
		p.attr = DRAW_BOLD | sel;
		pen_puts(&p, diff_scr_folded(s, r) ? "+ " : "- ");
	} else if (r->depth > 0)
		pen_puts(&p, (u->flags & (UI_ASCII | UI_ESCAPE8)) ? "  " : "─ ");
	else
		pen_puts(&p, "  ");
	p.attr = attr | sel;
	buf_clear(tmp);
	if (x != NULL) {
		av.data = x->args;
		av.len = exec_arglen(x);
		fmt_argv(tmp, &av, ui_fmt_flags(u));
	} else
		buf_adds(tmp, "?");
	pen_put(&p, tmp->p, tmp->len);
	if (r->flags & (DIFF_SELF | DIFF_PENDING)) {
		buf_clear(tmp);
		diff_describe(s->d, r, tmp);
		p.attr = DRAW_CYAN | sel;
		pen_puts(&p, "  [");
		pen_put(&p, tmp->p, tmp->len);
		pen_puts(&p, "]");
	}
	p.attr = attr | sel;
	pen_fill(&p);
}

/* Over the generic header: the two runs and the counts. */
static void
diff_scr_header(struct canvas *c, const struct ui *u, const struct scr_diff *s)
{
	uint32_t matched, only_a, only_b;
	struct buf b = BUF_INIT;
	struct pen p;
	int t;

	canvas_fill(c, u->lay.header, DRAW_DEFAULT);
	pen_start(&p, c, u->lay.header, 0, 0);
	p.attr = DRAW_BOLD;
	pen_puts(&p, "ptop --diff: ");
	for (t = 0; t < 2; t++) {
		const struct ptree *pt = t == 0 ? diff_scr_a : u->pt;

		buf_clear(&b);
		p.attr = t == 0 ? DRAW_RED | DRAW_BOLD : DRAW_GREEN | DRAW_BOLD;
		pen_puts(&p, t == 0 ? "A " : "  B ");
		p.attr = DRAW_DEFAULT;
		if (diff_scr_labels[t] != NULL)
			fmt_escape(&b, diff_scr_labels[t], strlen(diff_scr_labels[t]),
			    ui_fmt_flags(u));
		else
			fmt_argv(&b, &ptree_info(pt)->argv, ui_fmt_flags(u));
		pen_put(&p, b.p != NULL ? b.p : "", b.len);
	}
	pen_start(&p, c, u->lay.header, 1, 0);
	if (s->d == NULL) {
		buf_free(&b);
		return;
	}
	diff_counts(s->d, &matched, &only_a, &only_b);
	p.attr = diff_ndiffs(s->d) > 0 ? DRAW_YELLOW | DRAW_BOLD : DRAW_GREEN | DRAW_BOLD;
	if (diff_ndiffs(s->d) == 0)
		pen_puts(&p, "no differences");
	else
		pen_printf(&p, "%u difference%s", diff_ndiffs(s->d),
		    diff_ndiffs(s->d) == 1 ? "" : "s");
	p.attr = DRAW_DEFAULT;
	pen_printf(&p, "  only in A %u  only in B %u  matched %u", only_a, only_b, matched);
	if (!ptree_finished(u->pt))
		pen_puts(&p, "  (B is running)");
	if (s->only) {
		p.attr = DRAW_CYAN | DRAW_BOLD;
		pen_puts(&p, "  [only differences]");
	}
	if (matched == 0 && only_a > 0 && only_b > 0) {
		p.attr = DRAW_BOLD;
		pen_puts(&p, "  no process in common");
	}
	buf_free(&b);
}

static struct rect
diff_scr_body(const struct ui *u)
{
	struct rect body = u->lay.tree;

	body.y++;
	body.h--;
	return body;
}

static void
diff_scr_draw(struct canvas *c, const struct ui *u, const void *st)
{
	const struct scr_diff *s = st;
	struct rect r = u->lay.tree, body = diff_scr_body(u);
	struct buf tmp = BUF_INIT;
	struct pen p;
	uint32_t k;
	int y;

	diff_scr_header(c, u, s);
	if (r.h <= 0)
		return;
	canvas_fill(c, body, DRAW_DEFAULT);
	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_TITLE;
	pen_printf(&p, "  %-10s %-10s %8s %8s  %s", "A STATE", "B STATE", "A TIME", "B TIME",
	    "COMMAND");
	pen_fill(&p);
	for (y = 0, k = s->top; y < body.h && k < s->nvis; y++, k++)
		diff_scr_row(c, u, s, body, y, k, &tmp);
	if (s->nvis == 0) {
		pen_start(&p, c, body, 0, 0);
		p.attr = DRAW_DIM;
		pen_puts(&p, s->d != NULL && diff_nrows(s->d) > 0 ? "  no differences" :
		    "  no processes yet");
	}
	buf_free(&tmp);
}

/* Keep the cursor on the screen. */
static void
diff_scr_layout(struct ui *u, void *st)
{
	struct scr_diff *s = st;
	struct rect body = diff_scr_body(u);

	s->height = body.h > 1 ? (unsigned)body.h : 1;
	if (s->cur >= s->nvis)
		s->cur = s->nvis > 0 ? s->nvis - 1 : 0;
	if (s->cur < s->top)
		s->top = s->cur;
	if (s->cur >= s->top + s->height)
		s->top = s->cur - s->height + 1;
	if (s->top > 0 && s->top + s->height > s->nvis)
		s->top = s->nvis > s->height ? s->nvis - s->height : 0;
}

/* ---- keys -------------------------------------------------------------------------- */

static void
diff_scr_move(struct scr_diff *s, long delta)
{
	long c = (long)s->cur + delta;

	if (c < 0 || s->nvis == 0)
		c = 0;
	else if (c >= (long)s->nvis)
		c = (long)s->nvis - 1;
	s->cur = (uint32_t)c;
	diff_scr_remember(s);
}

static int
act_up(struct ui *u, void *st, int key)
{
	diff_scr_move(st, -1);
	return UI_REDRAW;
}

static int
act_down(struct ui *u, void *st, int key)
{
	diff_scr_move(st, 1);
	return UI_REDRAW;
}

static int
act_pgup(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;

	diff_scr_move(s, -(long)(s->height > 1 ? s->height - 1 : 1));
	return UI_REDRAW;
}

static int
act_pgdn(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;

	diff_scr_move(s, (long)(s->height > 1 ? s->height - 1 : 1));
	return UI_REDRAW;
}

static int
act_home(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;

	diff_scr_move(s, -(long)s->nvis);
	return UI_REDRAW;
}

static int
act_end(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;

	diff_scr_move(s, (long)s->nvis);
	return UI_REDRAW;
}

static int
act_expand(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;
	const struct diff_row *r;

	if (s->nvis == 0)
		return 0;
	r = diff_row(s->d, s->vis[s->cur]);
	if (diff_scr_folded(s, r)) {
		diff_scr_set_fold(s, r, 0);
		diff_scr_relayout(s);
	} else if (diff_scr_has_children(s, s->vis[s->cur]))
		diff_scr_move(s, 1);
	return UI_REDRAW;
}

static int
act_collapse(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;
	const struct diff_row *r;
	uint32_t k;

	if (s->nvis == 0)
		return 0;
	r = diff_row(s->d, s->vis[s->cur]);
	if (!diff_scr_folded(s, r) && diff_scr_has_children(s, s->vis[s->cur])) {
		diff_scr_set_fold(s, r, 1);
		diff_scr_relayout(s);
		return UI_REDRAW;
	}
	/* Go to the parent. */
	for (k = s->cur; r->parent != UINT32_MAX && k-- > 0;) {
		if (s->vis[k] == r->parent) {
			s->cur = k;
			diff_scr_remember(s);
			break;
		}
	}
	return UI_REDRAW;
}

static int
act_toggle(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;
	const struct diff_row *r;

	if (s->nvis == 0 || !diff_scr_has_children(s, s->vis[s->cur]))
		return 0;
	r = diff_row(s->d, s->vis[s->cur]);
	diff_scr_set_fold(s, r, !diff_scr_folded(s, r));
	diff_scr_relayout(s);
	return UI_REDRAW;
}

static int
act_only(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;

	s->only = !s->only;
	diff_scr_relayout(s);
	ui_message(u, s->only ? "Only differences and their ancestors" : "Every process");
	return UI_REDRAW;
}

/*
 * The next (dir > 0) or previous row that differs, in tree order, wrapping
 * around; folds on the way are opened.
 */
static int
act_next(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;
	uint32_t n = s->d != NULL ? diff_nrows(s->d) : 0, from, i, step, a;
	int dir = key == 'N' || key == 'p' ? -1 : 1;
	const struct diff_row *r;

	if (n == 0 || diff_ndiffs(s->d) == 0) {
		ui_message(u, "No differences");
		return UI_REDRAW;
	}
	from = s->nvis > 0 ? s->vis[s->cur] : 0;
	for (step = 1; step <= n; step++) {
		i = (uint32_t)(((int64_t)from + dir * (int64_t)step + 2 * (int64_t)n) % n);
		r = diff_row(s->d, i);
		if (!(r->flags & DIFF_SELF))
			continue;
		/* Inside a row only in one run: that row is the difference. */
		for (a = r->parent; a != UINT32_MAX; a = diff_row(s->d, a)->parent)
			if (diff_row(s->d, a)->flags & (DIFF_ONLY_A | DIFF_ONLY_B))
				break;
		if (a != UINT32_MAX)
			continue;
		for (a = r->parent; a != UINT32_MAX; a = diff_row(s->d, a)->parent)
			diff_scr_set_fold(s, diff_row(s->d, a), 0);
		s->cur_a = r->a;
		s->cur_b = r->b;
		diff_scr_rows(s);
		diff_scr_find_cursor(s);
		return UI_REDRAW;
	}
	return UI_REDRAW;
}

static int
act_detail(struct ui *u, void *st, int key)
{
	struct scr_diff *s = st;
	const struct diff_row *r;
	struct buf b = BUF_INIT;
	uint32_t id;

	if (s->nvis == 0)
		return 0;
	r = diff_row(s->d, s->vis[s->cur]);
	if (r->b == 0) {
		diff_describe(s->d, r, &b);
		ui_message(u, "Process %d of A: %s", (int)diff_node_a(s->d, r)->pid, b.p);
		buf_free(&b);
		return UI_REDRAW;
	}
	id = r->b;
	ui_open(u, &screen_detail, &id);
	return UI_REDRAW;
}

static const struct ui_key diff_keys[] = {
	UI_SECTION("Comparing two runs (--diff)"),
	{ KEYC_UP, act_up, "Up k", "select the row above", NULL, NULL },
	{ 'k', act_up, NULL, NULL, NULL, NULL },
	{ KEYC_DOWN, act_down, "Down j", "select the row below", NULL, NULL },
	{ 'j', act_down, NULL, NULL, NULL, NULL },
	{ KEYC_PPAGE, act_pgup, "PgUp Ctrl-B", "one page up", NULL, NULL },
	{ KEYC_CTRL('b'), act_pgup, NULL, NULL, NULL, NULL },
	{ KEYC_NPAGE, act_pgdn, "PgDn Ctrl-F", "one page down", NULL, NULL },
	{ KEYC_CTRL('f'), act_pgdn, NULL, NULL, NULL, NULL },
	{ KEYC_HOME, act_home, "Home g", "first row", NULL, NULL },
	{ 'g', act_home, NULL, NULL, NULL, NULL },
	{ KEYC_END, act_end, "End G", "last row", NULL, NULL },
	{ 'G', act_end, NULL, NULL, NULL, NULL },
	{ KEYC_RIGHT, act_expand, "Right + l", "expand (expanded: go to the first child)",
	    NULL, NULL },
	{ '+', act_expand, NULL, NULL, NULL, NULL },
	{ 'l', act_expand, NULL, NULL, NULL, NULL },
	{ KEYC_LEFT, act_collapse, "Left - h", "collapse, or go to the parent", NULL, NULL },
	{ '-', act_collapse, NULL, NULL, NULL, NULL },
	{ 'h', act_collapse, NULL, NULL, NULL, NULL },
	{ ' ', act_toggle, "Space", "expand or collapse", NULL, NULL },
	{ 'd', act_only, "d", "show only the differences and their ancestors, or every row",
	    "Diffs", NULL },
	{ 'n', act_next, "n", "next difference (opens folds on the way)", "Next", NULL },
	{ 'N', act_next, "N", "previous difference", NULL, NULL },
	{ KEYC_ENTER, act_detail, "Enter", "details of B's process (a row only in A: a summary)",
	    "Detail", NULL },
	{ KEYC_F(1), scr_tree_help, "F1 ?", "this help", "Help", NULL },
	{ '?', scr_tree_help, NULL, NULL, NULL, NULL },
	{ KEYC_CTRL('l'), scr_tree_repaint, "Ctrl-L", "repaint the screen", NULL, NULL },
	{ 'q', scr_tree_quit, "q F10 Ctrl-C", "quit (asks first while the command runs)", NULL, NULL },
	{ KEYC_F(10), scr_tree_quit, NULL, NULL, "Quit", NULL },
	{ KEYC_CTRL('c'), scr_tree_quit, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

/* With the command's pane (--diff A -- CMD): its keys too, as on the tree. */
static const struct ui_key *const *
diff_scr_keys(const struct ui *u, const void *st)
{
	static const struct ui_key *const plain[] = { diff_keys, NULL };
	static const struct ui_key *const pane[] = { scr_pane_tree_keys, diff_keys, NULL };
	static const struct ui_key *const pane_max[] = {
		scr_pane_max_keys, scr_pane_tree_keys, diff_keys, NULL
	};

	if (u->pane == NULL)
		return plain;
	return u->pane_show == UI_PANE_MAX ? pane_max : pane;
}

static const struct ui_key *const *
diff_scr_help_keys(const struct ui *u)
{
	static const struct ui_key *const plain[] = { diff_keys, NULL };
	static const struct ui_key *const pane[] = {
		diff_keys, scr_pane_tree_keys, scr_pane_max_keys, NULL
	};

	return u->pane != NULL ? pane : plain;
}

static const struct ui_bar diff_bar[] = {
	{ KEYC_F(1), NULL }, { '\t', NULL }, { 'd', NULL }, { 'n', NULL }, { KEYC_ENTER, NULL },
	{ KEYC_F(10), NULL }, { 0, NULL },
};

static int
diff_scr_key(struct ui *u, void *st, int key)
{
	return UI_REDRAW;
}

static int
diff_scr_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	struct scr_diff *s = st;
	struct rect body = diff_scr_body(u);

	if (kind == UI_WHEEL_UP || kind == UI_WHEEL_DOWN) {
		diff_scr_move(s, kind == UI_WHEEL_UP ? -UI_WHEEL_LINES : UI_WHEEL_LINES);
		return UI_REDRAW;
	}
	if (y < body.y || y >= body.y + body.h || s->top + (uint32_t)(y - body.y) >= s->nvis)
		return 0;
	s->cur = s->top + (uint32_t)(y - body.y);
	diff_scr_remember(s);
	return UI_REDRAW;
}

static void
diff_scr_help_notes(struct buf *b, const struct ui *u)
{
	buf_adds(b, "A row is a process of A, of B or of both: - only in A, + only in B, "
	    "! changed (status, much slower or faster, argv, cwd or environment); "
	    "doc/diff.md has the matching rules.");
	if (u->pane != NULL) {
		buf_addc(b, ' ');
		scr_pane_help_notes(b, u);
	}
}

const struct screen screen_diff = {
	.name = "diff",
	.flags = SCREEN_MESSAGE | SCREEN_TICK,
	.state_size = sizeof(struct scr_diff),
	.open = diff_scr_open,
	.close = diff_scr_close,
	.keys = diff_scr_keys,
	.bar = diff_bar,
	.key = diff_scr_key,
	.mouse = diff_scr_mouse,
	.refresh = diff_scr_refresh,
	.layout = diff_scr_layout,
	.draw = diff_scr_draw,
	.help_title = "",
	.help_keys = diff_scr_help_keys,
	.help_notes = diff_scr_help_notes,
};
