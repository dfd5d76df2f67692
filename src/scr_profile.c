/*
 * scr_profile.c: the per-program profile (profile.h), a table over the
 * tree's region: for each program, how many processes ran it, how many
 * failed, their total wall time, the wall time they covered, their CPU
 * and their peak memory; sorted by any column, either way.  Enter on a
 * program filters the tree to its processes (":prog NAME") and goes back
 * to it.
 *
 * layout() asks the profile for this frame's rows (the programs, not the
 * processes: a frame costs the programs, plus the processes running) and
 * keeps the cursor on the same program when the order changes; draw()
 * only reads.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "screens.h"
#include "xmalloc.h"

struct scr_profile {
	enum profile_col col;	/* sorted by */
	int desc;
	const struct profile_row *rows;	/* this frame's */
	size_t nrows;
	size_t cur, top;
	char *sel;		/* the selected program, kept across changes of order */
	size_t sellen;
};

/* Column widths, PROGRAM aside (the rest of the line, last). */
static const int prof_width[PROF_NCOLS] = { 0, 7, 6, 9, 9, 9, 7 };
/* The order on screen: numbers, then the name (as the tree's COMMAND). */
static const enum profile_col prof_order[PROF_NCOLS] = {
	PROF_COUNT, PROF_FAILED, PROF_WALL, PROF_COVERED, PROF_CPU, PROF_RSS, PROF_NAME,
};

static int
prof_ascii(const struct ui *u)
{
	return (u->flags & (UI_ASCII | UI_ESCAPE8)) != 0;
}

/* The tree's region, with the timeline's part when it shows. */
static struct rect
prof_region(const struct ui *u)
{
	struct rect r = ui_region(u, &screen_profile);

	if (u->lay.tree.h > 0 && r.x == u->lay.tree.x && r.y == u->lay.tree.y)
		r.w += u->lay.side.w;
	return r;
}

/* Rows that fit under the column header. */
static size_t
prof_height(const struct ui *u)
{
	struct rect r = prof_region(u);

	return r.h > 1 ? (size_t)r.h - 1 : 1;
}

static void
prof_open(struct ui *u, void *st, const void *arg)
{
	struct scr_profile *s = st;

	s->col = PROF_WALL;
	s->desc = 1;
}

static void
prof_close(struct ui *u, void *st)
{
	struct scr_profile *s = st;

	free(s->sel);
}

static void
prof_select(struct scr_profile *s, size_t i)
{
	free(s->sel);
	s->sel = NULL;
	if (i >= s->nrows)
		return;
	s->cur = i;
	s->sel = xmalloc(s->rows[i].namelen + 1);
	memcpy(s->sel, s->rows[i].name, s->rows[i].namelen);
	s->sel[s->rows[i].namelen] = '\0';
	s->sellen = s->rows[i].namelen;
}

/* This frame's rows; the cursor stays on its program. */
static void
prof_layout(struct ui *u, void *st)
{
	struct scr_profile *s = st;
	size_t i, h = prof_height(u);

	s->rows = NULL;
	s->nrows = 0;
	if (u->prof == NULL)
		return;
	s->rows = profile_rows(u->prof, u->now_us, s->col, s->desc, &s->nrows);
	if (s->sel != NULL) {
		for (i = 0; i < s->nrows; i++)
			if (s->rows[i].namelen == s->sellen &&
			    memcmp(s->rows[i].name, s->sel, s->sellen) == 0)
				break;
		if (i < s->nrows)
			s->cur = i;
	}
	if (s->cur >= s->nrows)
		s->cur = s->nrows > 0 ? s->nrows - 1 : 0;
	if (s->sel == NULL && s->nrows > 0)
		prof_select(s, s->cur);
	if (s->cur < s->top)
		s->top = s->cur;
	if (s->cur >= s->top + h)
		s->top = s->cur - h + 1;
	if (s->top + h > s->nrows)
		s->top = s->nrows > h ? s->nrows - h : 0;
}

/* ---- drawing ------------------------------------------------------------------- */

static void
prof_field(struct pen *p, const struct ui *u, const struct profile_row *r, enum profile_col col)
{
	char s[32];
	int w = prof_width[col];
	struct buf b = BUF_INIT;

	switch (col) {
	case PROF_NAME:
		fmt_escape(&b, r->name, r->namelen, ui_fmt_flags(u));
		pen_put(p, b.p, b.len);
		buf_free(&b);
		return;
	case PROF_COUNT:
		snprintf(s, sizeof s, "%u", r->count);
		break;
	case PROF_FAILED:
		snprintf(s, sizeof s, "%u", r->failed);
		break;
	case PROF_WALL:
		fmt_duration(s, sizeof s, r->wall_us);
		break;
	case PROF_COVERED:
		fmt_duration(s, sizeof s, r->covered_us);
		break;
	case PROF_CPU:
		fmt_duration(s, sizeof s, r->cpu_us);
		break;
	case PROF_RSS:
		if (r->maxrss_kb > 0)
			fmt_kib(s, sizeof s, r->maxrss_kb);
		else
			snprintf(s, sizeof s, "-");
		break;
	default:
		return;
	}
	pen_printf(p, "%*.*s ", w, w, s);
}

static void
prof_header(struct canvas *c, const struct ui *u, const struct scr_profile *s, struct rect r)
{
	const char *mark = prof_ascii(u) ? (s->desc ? "v" : "^") :
	    (s->desc ? "\xe2\x96\xbc" : "\xe2\x96\xb2");
	char t[32];
	struct pen p;
	int i;

	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_TITLE;
	for (i = 0; i < PROF_NCOLS; i++) {
		snprintf(t, sizeof t, "%s%s", profile_col_name(prof_order[i]),
		    prof_order[i] == s->col ? mark : "");
		if (prof_order[i] == PROF_NAME)
			pen_puts(&p, t);
		else
			pen_printf(&p, "%*s ", prof_width[prof_order[i]] +
			    (prof_order[i] == s->col ? (int)strlen(mark) - 1 : 0), t);
	}
	pen_fill(&p);
}

static void
prof_draw(struct canvas *c, const struct ui *u, const void *st)
{
	const struct scr_profile *s = st;
	struct rect r = prof_region(u), body = r;
	const struct profile_row *row;
	size_t i, h = prof_height(u);
	struct pen p;
	int k;

	canvas_fill(c, r, DRAW_DEFAULT);
	prof_header(c, u, s, r);
	body.y++;
	body.h--;
	if (u->prof == NULL || s->nrows == 0) {
		pen_start(&p, c, body, 0, 0);
		p.attr = DRAW_DIM;
		pen_puts(&p, "  no processes yet");
		return;
	}
	for (i = s->top; i < s->nrows && i < s->top + h; i++) {
		row = &s->rows[i];
		pen_start(&p, c, body, (int)(i - s->top), 0);
		p.attr = i == s->cur ? DRAW_REVERSE : DRAW_DEFAULT;
		for (k = 0; k < PROF_NCOLS; k++) {
			if (prof_order[k] == PROF_FAILED && row->failed > 0)
				p.attr = (p.attr & ~DRAW_COLOR_MASK) | DRAW_RED;
			prof_field(&p, u, row, prof_order[k]);
			p.attr &= ~DRAW_COLOR_MASK;
			if (prof_order[k] == PROF_NAME && row->running > 0)
				pen_printf(&p, "  (%u running)", row->running);
		}
		pen_fill(&p);
	}
}

/* ---- keys ------------------------------------------------------------------------- */

static int
act_prof_move(struct ui *u, void *st, int key)
{
	struct scr_profile *s = st;
	long d, i;

	prof_layout(u, st);
	switch (key) {
	case KEYC_UP: case 'k': d = -1; break;
	case KEYC_DOWN: case 'j': d = 1; break;
	case KEYC_PPAGE: d = -(long)prof_height(u); break;
	case KEYC_NPAGE: d = (long)prof_height(u); break;
	case KEYC_HOME: case 'g': d = -(long)s->nrows; break;
	default: d = (long)s->nrows; break;
	}
	i = (long)s->cur + d;
	if (i < 0)
		i = 0;
	if (i >= (long)s->nrows)
		i = (long)s->nrows - 1;
	if (i >= 0)
		prof_select(s, (size_t)i);
	return UI_REDRAW;
}

static int
act_prof_sort(struct ui *u, void *st, int key)
{
	struct scr_profile *s = st;
	int i;

	for (i = 0; i < PROF_NCOLS && prof_order[i] != s->col; i++)
		;
	i = key == '<' ? i + PROF_NCOLS - 1 : i + 1;
	s->col = prof_order[i % PROF_NCOLS];
	s->desc = s->col != PROF_NAME;	/* names A-Z, numbers biggest first */
	ui_message(u, "Sorted by %s", profile_col_name(s->col));
	return UI_REDRAW;
}

static int
act_prof_invert(struct ui *u, void *st, int key)
{
	struct scr_profile *s = st;

	s->desc = !s->desc;
	return UI_REDRAW;
}

/* Enter: the tree, filtered to the selected program's processes. */
static int
act_prof_filter(struct ui *u, void *st, int key)
{
	struct scr_profile *s = st;
	struct buf b = BUF_INIT;

	prof_layout(u, st);
	if (s->sel == NULL)
		return UI_REDRAW;
	if (strchr(s->sel, ' ') != NULL || strlen(s->sel) != s->sellen) {
		ui_message(u, "A filter cannot name a program with a space in its name");
		return UI_REDRAW;
	}
	buf_printf(&b, ":prog %s", s->sel);
	view_set_filter(u->view, b.p);
	buf_free(&b);
	ui_close(u);
	return UI_REDRAW;
}

static int
act_prof_back(struct ui *u, void *st, int key)
{
	ui_close(u);
	return UI_REDRAW;
}

static int
act_prof_help(struct ui *u, void *st, int key)
{
	ui_open(u, &screen_help, NULL);
	return UI_REDRAW;
}

int
scr_profile_open(struct ui *u, void *st, int key)
{
	if (u->prof == NULL) {
		ui_message(u, "No profile in this view");
		return UI_REDRAW;
	}
	ui_open(u, &screen_profile, NULL);
	return UI_REDRAW;
}

static const struct ui_key profile_keys[] = {
	{ KEYC_UP, act_prof_move, "Up k Down j", "select a program", NULL, NULL },
	{ 'k', act_prof_move, NULL, NULL, NULL, NULL },
	{ KEYC_DOWN, act_prof_move, NULL, NULL, NULL, NULL },
	{ 'j', act_prof_move, NULL, NULL, NULL, NULL },
	{ KEYC_PPAGE, act_prof_move, "PgUp PgDn", "a page up, down", NULL, NULL },
	{ KEYC_NPAGE, act_prof_move, NULL, NULL, NULL, NULL },
	{ KEYC_HOME, act_prof_move, "Home g End G", "first, last program", NULL, NULL },
	{ 'g', act_prof_move, NULL, NULL, NULL, NULL },
	{ KEYC_END, act_prof_move, NULL, NULL, NULL, NULL },
	{ 'G', act_prof_move, NULL, NULL, NULL, NULL },
	{ '>', act_prof_sort, "> <", "sort by the next, the previous column", "Sort", NULL },
	{ '<', act_prof_sort, NULL, NULL, NULL, NULL },
	{ 'I', act_prof_invert, "I", "invert the order", "Invert", NULL },
	{ KEYC_ENTER, act_prof_filter, "Enter",
	    "the tree, filtered to the processes of the selected program (:prog NAME)",
	    "Filter", NULL },
	{ KEYC_ESC, act_prof_back, "Esc q u", "back to the tree", "Back", NULL },
	{ 'q', act_prof_back, NULL, NULL, NULL, NULL },
	{ 'u', act_prof_back, NULL, NULL, NULL, NULL },
	{ KEYC_F(1), act_prof_help, "F1 ?", "help", "Help", NULL },
	{ '?', act_prof_help, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
prof_keys(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { profile_keys, NULL };

	return tables;
}

static const struct ui_bar prof_bar[] = {
	{ KEYC_F(1), NULL }, { '>', ">/<" }, { 'I', NULL }, { KEYC_ENTER, NULL },
	{ KEYC_ESC, NULL }, { 0, NULL },
};

static int
prof_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	struct scr_profile *s = st;
	struct rect r = prof_region(u);
	size_t i;

	prof_layout(u, st);
	if (kind == UI_WHEEL_UP || kind == UI_WHEEL_DOWN) {
		i = kind == UI_WHEEL_UP ? (s->cur > UI_WHEEL_LINES ? s->cur - UI_WHEEL_LINES : 0) :
		    s->cur + UI_WHEEL_LINES;
		prof_select(s, i < s->nrows ? i : (s->nrows > 0 ? s->nrows - 1 : 0));
		return UI_REDRAW;
	}
	if (y <= r.y || y >= r.y + r.h || x < r.x || x >= r.x + r.w)
		return 0;
	if ((i = s->top + (size_t)(y - r.y - 1)) < s->nrows)
		prof_select(s, i);
	return UI_REDRAW;
}

static void
prof_help_notes(struct buf *b, const struct ui *u)
{
	buf_adds(b, "The profile groups processes by program: the basename of the executable "
	    "they ran, or of argv[0] for a fork that did not exec. WALL adds up their "
	    "lifetimes; COVERED is the time at least one of them ran (their union); CPU and "
	    "MAXRSS are each process's own, without the children it waited for.");
}

const struct screen screen_profile = {
	.name = "profile",
	.flags = SCREEN_OPAQUE | SCREEN_MESSAGE,
	.state_size = sizeof(struct scr_profile),
	.open = prof_open,
	.close = prof_close,
	.keys = prof_keys,
	.bar = prof_bar,
	.mouse = prof_mouse,
	.layout = prof_layout,
	.draw = prof_draw,
	.help_title = "Programs (u)",
	.help_notes = prof_help_notes,
};
