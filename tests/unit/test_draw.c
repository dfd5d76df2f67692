/*
 * test_draw.c: frames drawn into a canvas, read back as text: tree glyphs,
 * fold summaries, escaping, wide characters, narrow and tiny screens,
 * attributes, the pager and the detail view; the terminal pane's layout,
 * cells, colours, cursor, title bar and history view.
 */
#include "config.h"

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ev.h>
#include <fcntl.h>
#include <unistd.h>

#include "detail.h"
#include "pane.h"
#include "pty_helpers.h"
#include "screens.h"
#include "tree_helpers.h"
#include "frame_helpers.h"
#include "ui.h"
#include "view.h"

struct fx {
	struct ptree *pt;
	struct view *v;
	struct ui u;
	struct canvas c;
	struct buf text;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	th_tree_view(&f->pt, &f->v, "make");
	ui_init(&f->u, f->pt, f->v, 0, &screen_tree, screens_all);
	f->u.replay = "test.jsonl";
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	bus_init(&th_bus);
	pane_free(f->u.pane);
	ui_free(&f->u);
	canvas_free(&f->c);
	buf_free(&f->text);
	view_free(f->v);
	ptree_free(f->pt);
	free(f);
	return 0;
}

/* Draw a w x h frame (laid out afresh, as after a change); returns its text. */
static const char *
frame(struct fx *f, int w, int h)
{
	return th_frame(&f->u, &f->c, &f->text, w, h);
}

/* Line y of the last frame, without trailing blanks. */
static const char *
line(struct fx *f, int y)
{
	return th_line(&f->text, y);
}

/* Text from the COMMAND column of line y. */
static const char *
command(struct fx *f, int y)
{
	const char *l = line(f, y);
	const char *p = l;
	int col = 0;

	/* cmd_x counts columns; the table part is ASCII. */
	while (*p != '\0' && col < scr_tree_state(&f->u)->cmd_x) {
		p++;
		col++;
	}
	return p;
}

static void
tree(void)
{
	th_proc(1, 0, "make");
	th_spawn(2, 1);
	th_exec(2, "cc", "-c", "alpha.c", (const char *)NULL);
	th_proc(3, 2, "as");
	th_proc(4, 2, "ld");
	th_proc(5, 1, "true");
	th_exit(3, 0, 0);
	th_exit(4, 1, 0);
	th_exit(5, 0, 9);
}

static void
test_tree_glyphs(void **state)
{
	struct fx *f = *state;

	tree();
	frame(f, 100, 20);
	assert_string_equal(command(f, 3), "- make");
	/* The critical path (make, cc, ld: the last to end) in heavy lines. */
	assert_string_equal(command(f, 4), "┣━- cc -c alpha.c");
	assert_string_equal(command(f, 5), "│  ├── as");
	assert_string_equal(command(f, 6), "│  ┗━━ ld");
	assert_string_equal(command(f, 7), "└── true");
	assert_non_null(strstr(line(f, 2), "PID"));
	assert_non_null(strstr(line(f, 2), "COMMAND"));
	assert_non_null(strstr(line(f, 6), "exit 1"));
	assert_non_null(strstr(line(f, 7), "SIGKILL"));
	assert_non_null(strstr(line(f, 3), "running"));
	assert_non_null(strstr(line(f, 0), "ptop: make"));
	assert_non_null(strstr(line(f, 1), "procs 5  running 2  failed 1  killed 1"));
	assert_non_null(strstr(line(f, 19), "F1Help"));
}

static void
test_ascii_glyphs(void **state)
{
	struct fx *f = *state;
	const char *t;

	tree();
	f->u.flags |= UI_ASCII;
	t = frame(f, 100, 20);
	assert_string_equal(command(f, 4), "|=- cc -c alpha.c");
	assert_string_equal(command(f, 5), "|  |-  as");
	assert_string_equal(command(f, 6), "|  `== ld");
	assert_string_equal(command(f, 7), "`-  true");
	for (; *t != '\0'; t++)
		assert_true((unsigned char)*t < 0x80);
}

static void
test_fold_summary(void **state)
{
	struct fx *f = *state;

	tree();
	view_set_folded(f->v, 2, 1);
	frame(f, 100, 20);
	assert_string_equal(command(f, 4), "┣━+ cc -c alpha.c  [2 procs, 1 failed, 0.010s]");
	assert_string_equal(command(f, 5), "└── true");
	view_set_folded(f->v, 1, 1);
	frame(f, 100, 20);
	/* Running inside: the count and a live total time. */
	assert_non_null(strstr(command(f, 3), "[4 procs, 2 failed, 1 running, "));
}

static void
test_escapes_never_raw(void **state)
{
	struct fx *f = *state;
	const char *t;

	th_spawn(1, 0);
	th_exec(1, "printf", "\033[31mred\033[0m\n", "caf\xc3", "\xc2\x9b" "2J", (const char *)NULL);
	t = frame(f, 120, 10);
	assert_string_equal(command(f, 3), "  printf $'\\e[31mred\\e[0m\\n' $'caf\\xc3' $'\\xc2\\x9b2J'");
	for (; *t != '\0'; t++) {
		assert_int_not_equal(*t, '\033');
		assert_false((unsigned char)*t == 0xc2 && (unsigned char)t[1] == 0x9b);
	}
}

static void
test_wide_characters(void **state)
{
	struct fx *f = *state;
	const struct cell *l;
	int x, cx;

	th_spawn(1, 0);
	th_exec(1, "echo", "日本語", "x", (const char *)NULL);
	th_proc(2, 1, "next");
	frame(f, 100, 10);
	assert_string_equal(command(f, 3), "- echo 日本語 x");
	/* Each wide character takes two cells, so "x" lands 7 + 6 + 1 columns in. */
	cx = scr_tree_state(&f->u)->cmd_x;
	l = canvas_line(&f->c, 3);
	assert_int_equal(l[cx + 7].ch, 0x65e5);
	assert_int_equal(l[cx + 8].ch, 0);
	assert_int_equal(l[cx + 14].ch, 'x');
	/* Every line fills exactly the width: columns stay aligned. */
	for (x = 0; x < 10; x++)
		assert_int_equal(canvas_width(line(f, x), strlen(line(f, x))) <= 100, 1);
	/* Scrolled by one column: the cut character becomes a blank. */
	scr_tree_state(&f->u)->hscroll = 8;
	frame(f, 100, 10);
	l = canvas_line(&f->c, 3);
	assert_int_equal(l[cx].ch, ' ');
	assert_int_equal(l[cx + 1].ch, 0x672c);
}

static void
test_wide_at_right_edge(void **state)
{
	struct fx *f = *state;
	struct canvas c = { 0, 0, NULL };
	struct rect r = { 0, 0, 5, 1 };
	struct pen p;

	canvas_resize(&c, 10, 1);
	pen_start(&p, &c, r, 0, 0);
	assert_int_equal(pen_puts(&p, "ab日本"), 1);	/* 2 + 2 fit, the last is cut */
	assert_int_equal(canvas_line(&c, 0)[2].ch, 0x65e5);
	assert_int_equal(canvas_line(&c, 0)[3].ch, 0);
	assert_int_equal(canvas_line(&c, 0)[4].ch, ' ');
	assert_int_equal(canvas_line(&c, 0)[5].ch, ' ');	/* outside the rect: untouched */
	/* Combining marks ride on the previous cell. */
	pen_start(&p, &c, r, 0, 0);
	pen_puts(&p, "e\xcc\x81x");
	assert_int_equal(canvas_line(&c, 0)[0].ch, 'e');
	assert_int_equal(canvas_line(&c, 0)[0].comb, 0x301);
	assert_int_equal(canvas_line(&c, 0)[1].ch, 'x');
	/* Control characters never land in a cell. */
	pen_start(&p, &c, r, 0, 0);
	pen_puts(&p, "\033\t\x7f");
	assert_int_equal(canvas_line(&c, 0)[0].ch, '?');
	assert_int_equal(canvas_line(&c, 0)[1].ch, '?');
	assert_int_equal(canvas_line(&c, 0)[2].ch, '?');
	canvas_free(&c);
	(void)f;
}

static void
test_too_small(void **state)
{
	struct fx *f = *state;

	tree();
	frame(f, 39, 20);
	assert_non_null(strstr(f->text.p, "terminal too small"));
	assert_non_null(strstr(f->text.p, "39x20, need 40x10"));
	frame(f, 80, 9);
	assert_non_null(strstr(f->text.p, "terminal too small"));
	frame(f, 40, 10);
	assert_null(strstr(f->text.p, "terminal too small"));
	assert_non_null(strstr(f->text.p, "make"));
}

static void
test_narrow_drops_columns(void **state)
{
	struct fx *f = *state;

	tree();
	frame(f, 50, 12);
	/* At least 20 columns stay for COMMAND; PID stays. */
	assert_true(f->u.lay.w - scr_tree_state(&f->u)->cmd_x >= 20);
	assert_non_null(strstr(line(f, 2), "PID"));
	assert_null(strstr(line(f, 2), "MAXRSS"));
	assert_string_equal(command(f, 4), "┣━- cc -c alpha.c");
	frame(f, 200, 12);
	assert_non_null(strstr(line(f, 2), "MAXRSS"));
}

static void
test_attributes(void **state)
{
	struct fx *f = *state;
	int cx;

	tree();
	view_select(f->v, 2);
	frame(f, 100, 20);
	cx = scr_tree_state(&f->u)->cmd_x;
	assert_true(canvas_line(&f->c, 3)[0].attr & DRAW_BOLD);		/* running */
	assert_true(canvas_line(&f->c, 4)[0].attr & DRAW_REVERSE);	/* selected */
	assert_false(canvas_line(&f->c, 3)[0].attr & DRAW_REVERSE);
	assert_int_equal(canvas_line(&f->c, 6)[0].attr & DRAW_COLOR_MASK, DRAW_RED);
	assert_int_equal(canvas_line(&f->c, 7)[0].attr & DRAW_COLOR_MASK, DRAW_MAGENTA);
	assert_int_equal(canvas_line(&f->c, 5)[cx + 8].attr & DRAW_COLOR_MASK, DRAW_DEFAULT);
	assert_int_equal(canvas_line(&f->c, 2)[0].attr & DRAW_COLOR_MASK, DRAW_TITLE);
	/* Filtered: ancestors dim, matches not. */
	view_set_filter(f->v, "ld");
	frame(f, 100, 20);
	assert_true(canvas_line(&f->c, 3)[cx + 3].attr & DRAW_DIM);
	assert_false(canvas_line(&f->c, 5)[cx + 8].attr & DRAW_DIM);
	assert_non_null(strstr(line(f, 1), "[filter: ld]"));
}

static void
test_hscroll(void **state)
{
	struct fx *f = *state;
	char big[300];

	memset(big, 'a', sizeof big - 2);
	big[sizeof big - 2] = 'Z';
	big[sizeof big - 1] = '\0';
	th_spawn(1, 0);
	th_exec(1, "echo", big, (const char *)NULL);
	frame(f, 100, 10);
	assert_null(strchr(line(f, 3), 'Z'));
	scr_tree_state(&f->u)->hscroll = 260;
	frame(f, 100, 10);
	assert_non_null(strchr(line(f, 3), 'Z'));
	assert_non_null(strstr(line(f, 2), "(scrolled 260)"));
	/* The table columns do not scroll. */
	assert_non_null(strstr(line(f, 3), "running"));
}

static void
test_marker_x(void **state)
{
	struct fx *f = *state;
	const struct cell *l;

	tree();
	frame(f, 100, 20);
	l = canvas_line(&f->c, 4);
	assert_int_equal(l[scr_tree_marker_x(&f->u, 2)].ch, '-');
	l = canvas_line(&f->c, 3);
	assert_int_equal(l[scr_tree_marker_x(&f->u, 1)].ch, '-');
}

/* Is the cell at column x of line y in reverse video? */
static int
reversed(struct fx *f, int y, int x)
{
	return (canvas_line(&f->c, y)[x].attr & DRAW_REVERSE) != 0;
}

/* Column of text in line y (one column a character before it), or -1. */
static int
col_of(struct fx *f, int y, const char *text)
{
	const char *l = line(f, y), *p = strstr(l, text);
	int col = 0;

	if (p == NULL)
		return -1;
	for (; l < p; l++)
		col += ((unsigned char)*l & 0xc0) != 0x80;
	return col;
}

static void
test_search_highlight(void **state)
{
	struct fx *f = *state;
	int x, i;

	tree();
	f->u.search = strdup("ALPHA");
	f->u.search_hl = 1;
	frame(f, 100, 20);
	/* Row 4 is "├─- cc -c alpha.c": alpha, and only alpha, reversed. */
	x = col_of(f, 4, "alpha");
	assert_true(x > 0);
	for (i = 0; i < 5; i++)
		assert_true(reversed(f, 4, x + i));
	assert_false(reversed(f, 4, x - 1));
	assert_false(reversed(f, 4, x + 5));
	/* On the cursor's (reversed) row the match is the one part not reversed. */
	view_select(f->v, 2);
	frame(f, 100, 20);
	assert_false(reversed(f, 4, x));
	assert_true(reversed(f, 4, x - 1));
	assert_true(reversed(f, 4, x + 5));
	view_select(f->v, 1);
	/* A match across arguments; Esc's flag off: nothing. */
	free(f->u.search);
	f->u.search = strdup("-c al");
	frame(f, 100, 20);
	x = col_of(f, 4, "-c al");
	for (i = 0; i < 5; i++)
		assert_true(reversed(f, 4, x + i));
	f->u.search_hl = 0;
	frame(f, 100, 20);
	assert_false(reversed(f, 4, x));
	/* The filter's text is highlighted too, its state words not. */
	view_set_filter(f->v, "LD :failed");
	frame(f, 100, 20);
	x = col_of(f, 5, "ld");
	assert_true(x > 0);
	assert_true(reversed(f, 5, x));
	assert_true(reversed(f, 5, x + 1));
	assert_false(reversed(f, 5, x - 1));
}

static void
test_search_reveal(void **state)
{
	struct fx *f = *state;
	char big[301];

	memset(big, 'a', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	th_proc(1, 0, "make");
	th_spawn(2, 1);
	th_exec(2, "cc", big, "needle", (const char *)NULL);
	th_spawn(3, 1);
	th_exec(3, "cc", "needle", (const char *)NULL);
	f->u.search = strdup("NEEDLE");
	f->u.search_hl = 1;
	view_select(f->v, 2);
	f->u.search_reveal = 1;
	frame(f, 100, 20);
	/* The match is on screen, with room after it; the flag is spent. */
	assert_true(scr_tree_state(&f->u)->hscroll > 250);
	assert_true(col_of(f, 4, "needle") > scr_tree_state(&f->u)->cmd_x);
	assert_true(col_of(f, 4, "needle") + 6 < 100 - 5);
	assert_false(f->u.search_reveal);
	assert_non_null(strstr(line(f, 2), "(scrolled"));
	/* A match that fits at the left edge scrolls back there. */
	view_select(f->v, 3);
	f->u.search_reveal = 1;
	frame(f, 100, 20);
	assert_int_equal(scr_tree_state(&f->u)->hscroll, 0);
	assert_true(col_of(f, 5, "cc needle") > 0);
	/* One already in view does not move anything. */
	scr_tree_state(&f->u)->hscroll = 2;
	f->u.search_reveal = 1;
	frame(f, 100, 20);
	assert_int_equal(scr_tree_state(&f->u)->hscroll, 2);
}

/*
 * A chain 300 deep: rows past half the COMMAND column show the count of the
 * levels that made way, then the last levels; the fold marker is still
 * where the mouse looks for it.
 */
static void
test_deep_elided(void **state)
{
	struct fx *f = *state;
	const struct cell *l;
	const char *c, *g;
	char name[16];
	unsigned n, ascii;
	uint32_t id;
	long half;

	for (id = 1; id <= 300; id++) {
		snprintf(name, sizeof name, "p%u", id);
		th_proc(id, id - 1, name);
	}
	for (ascii = 0; ascii <= 1; ascii++) {
		if (ascii)
			f->u.flags |= UI_ASCII;
		frame(f, 100, 400);
		half = (100 - scr_tree_state(&f->u)->cmd_x) / 2;
		/* Shallow rows: the whole indentation. */
		/* A running chain: the critical path, in heavy lines. */
		assert_string_equal(command(f, 3 + 4), ascii ? "         `=- p5" : "         ┗━- p5");
		for (id = 20; id <= 300; id += 40) {
			c = command(f, 2 + (int)id);
			snprintf(name, sizeof name, "p%u", id);
			assert_non_null(strstr(c, name));
			if (ascii) {
				assert_int_equal(sscanf(c, "..(%u) ", &n), 1);
				g = strstr(c, "`=");
			} else {
				assert_memory_equal(c, "\xe2\x80\xa6", 3);
				assert_int_equal(sscanf(c + 3, "(%u) ", &n), 1);
				g = strstr(c, "\xe2\x94\x97");	/* ┗ */
			}
			assert_non_null(g);
			/* n levels elided, the others drawn, all within half the column. */
			assert_int_equal((size_t)(g - (strchr(c, ')') + 2)), (size_t)(id - 2 - n) * 3);
			assert_true((long)(id - 2 - n) * 3 + 12 <= half);
			l = canvas_line(&f->c, 2 + (int)id);
			assert_int_equal(l[scr_tree_marker_x(&f->u, id)].ch, id < 300 ? '-' : (ascii ? '=' : 0x2501));
		}
	}
}

static void
test_pager_wraps(void **state)
{
	struct pager p;
	char s[250];
	size_t i, total = 0;

	memset(&p, 0, sizeof p);
	memset(s, 'x', sizeof s);
	memcpy(s, "  [1] ", 6);
	pager_add(&p, DRAW_DEFAULT, 6, s, sizeof s);
	pager_add(&p, DRAW_DEFAULT, 0, "short", 5);
	pager_layout(&p, 50);
	/* 50, then 44 a row under the hang: 250 = 50 + 44 * 4 + 24. */
	assert_int_equal(p.nrows, 7);
	for (i = 0; i < 6; i++)
		total += p.rows[i].len;
	assert_int_equal(total, sizeof s);
	assert_true(p.rows[0].first);
	assert_false(p.rows[1].first);
	assert_int_equal(p.rows[1].len, 44);
	pager_scroll(&p, 100, 5);
	assert_int_equal(p.top, 2);
	pager_scroll(&p, -100, 5);
	assert_int_equal(p.top, 0);
	pager_free(&p);
}

/* The pager's lines, one per text line, into f->text. */
static void
pager_text(struct fx *f, const struct pager *p)
{
	size_t i;

	buf_clear(&f->text);
	for (i = 0; i < p->nlines; i++) {
		buf_add(&f->text, p->text.p + p->lines[i].off, p->lines[i].len);
		buf_addc(&f->text, '\n');
	}
}

static void
test_detail(void **state)
{
	struct fx *f = *state;
	struct pager p;
	char big[3000];

	memset(big, 'q', sizeof big);
	big[sizeof big - 1] = '\0';
	big[sizeof big - 2] = 'E';
	th_proc(1, 0, "sh");
	th_spawn(2, 1);
	th_exec(2, "env", "A=1", "nice", "cc", (const char *)NULL);
	th_exec(2, "nice", "cc", (const char *)NULL);
	th_exec(2, "cc", "-o", "a b", big, "\033x", (const char *)NULL);
	th_exit(2, 0, 11);
	memset(&p, 0, sizeof p);
	detail_build(&p, f->pt, 2, th_clock, 0, 0);
	pager_text(f, &p);
	assert_non_null(strstr(f->text.p, "killed by signal 11 (SIGSEGV"));
	assert_non_null(strstr(f->text.p, "argv: 5 arguments\n"));
	assert_non_null(strstr(f->text.p, "  [2] a b\n"));
	assert_non_null(strstr(f->text.p, "  [4] \\ex\n"));
	assert_non_null(strstr(f->text.p, "qqqE\n"));		/* complete, not cut */
	assert_non_null(strstr(f->text.p, "exec chain: 3 execs"));
	assert_true(strstr(f->text.p, "1. +") < strstr(f->text.p, "env A=1 nice cc"));
	assert_true(strstr(f->text.p, "env A=1") < strstr(f->text.p, "3. +"));
	assert_non_null(strstr(f->text.p, "parent     1001  sh"));
	assert_non_null(strstr(f->text.p, "exe        /usr/bin/x"));
	assert_non_null(strstr(f->text.p, "cwd        /tmp\n"));
	assert_non_null(strstr(f->text.p, "pid        1002"));
	assert_null(strstr(f->text.p, "never called exec"));
	assert_null(strchr(f->text.p, '\033'));
	/* In the pane, the long element wraps: every character is on screen somewhere. */
	pager_layout(&p, 60);
	assert_true(p.nrows > 3000 / 60);

	/* A fork of sh that never exec'd: sh's argv, no chain of its own. */
	th_spawn(3, 1);
	th_exec(1, "bash", (const char *)NULL);	/* after the fork: not what 3 runs */
	detail_build(&p, f->pt, 3, th_clock, 0, 0);
	pager_text(f, &p);
	assert_non_null(strstr(f->text.p, "command    sh\n"));
	assert_non_null(strstr(f->text.p, "cwd        /tmp  (its parent's, at that exec)\n"));
	assert_non_null(strstr(f->text.p, "never called exec"));
	assert_null(strstr(f->text.p, "exec chain"));
	pager_free(&p);
}


/* ---- the terminal pane ---- */

#define FEED(p, lit) pane_feed(p, lit, sizeof(lit) - 1)

static int
rect_is(struct rect r, int x, int y, int w, int h)
{
	if (r.x == x && r.y == y && r.w == w && r.h == h)
		return 1;
	print_message("rect %d,%d %dx%d, want %d,%d %dx%d\n", r.x, r.y, r.w, r.h, x, y, w, h);
	return 0;
}

/* A launched command's pane (ui_set_pane would read the test's terminal size). */
static struct pane *
with_pane(struct fx *f)
{
	f->u.replay = NULL;
	f->u.pane = pane_new(1, 1, 100);
	return f->u.pane;
}

static void
test_pane_layout(void **state)
{
	struct fx *f = *state;
	struct pane *p = with_pane(f);
	struct rect side;

	ui_layout(&f->u, 100, 30);
	assert_true(rect_is(f->u.lay.body, 0, 2, 100, 27));
	assert_true(rect_is(f->u.lay.tree, 0, 2, 100, 13));
	assert_true(rect_is(f->u.lay.pane, 0, 15, 100, 14));
	assert_true(rect_is(f->u.lay.term, 0, 16, 100, 13));
	assert_int_equal(pane_rows(p), 13);
	assert_int_equal(pane_cols(p), 100);
	assert_int_equal(view_height(f->v), 12);
	/* Beside the tree, after a separator column. */
	f->u.pane_side = 1;
	ui_layout(&f->u, 100, 30);
	assert_true(rect_is(f->u.lay.tree, 0, 2, 50, 27));
	assert_true(rect_is(f->u.lay.pane, 50, 2, 50, 27));
	assert_true(rect_is(f->u.lay.term, 51, 3, 49, 26));
	assert_int_equal(pane_rows(p), 26);
	assert_int_equal(pane_cols(p), 49);
	/* Maximised: the tree side is the whole body (for help and detail). */
	f->u.pane_show = UI_PANE_MAX;
	ui_layout(&f->u, 100, 30);
	assert_int_equal(f->u.lay.tree.h, 0);
	assert_true(rect_is(f->u.lay.term, 0, 3, 100, 26));
	side = ui_region(&f->u, &screen_detail);
	assert_true(rect_is(side, 0, 2, 100, 27));
	/* Hidden: the tree takes the body; the pty keeps its size. */
	f->u.pane_show = UI_PANE_HIDDEN;
	ui_layout(&f->u, 120, 40);
	assert_true(rect_is(f->u.lay.tree, 0, 2, 120, 37));
	assert_int_equal(f->u.lay.pane.w, 0);
	assert_int_equal(pane_rows(p), 26);
	assert_int_equal(pane_cols(p), 100);
	/* Too small to draw: the command is left alone too. */
	f->u.pane_show = UI_PANE_SPLIT;
	f->u.pane_side = 0;
	ui_layout(&f->u, 30, 8);
	assert_int_equal(pane_rows(p), 26);
	/* The smallest screen still has tree rows and pane rows. */
	ui_layout(&f->u, UI_MIN_W, UI_MIN_H);
	assert_true(rect_is(f->u.lay.tree, 0, 2, UI_MIN_W, 3));
	assert_true(rect_is(f->u.lay.term, 0, 6, UI_MIN_W, 3));
	assert_int_equal(pane_rows(p), 3);
}

static void
test_pane_cells(void **state)
{
	struct fx *f = *state;
	struct pane *p = with_pane(f);
	const struct cell *row;
	int y0;

	tree();
	ui_layout(&f->u, 100, 30);
	y0 = f->u.lay.term.y;
	FEED(p, "hi \033[1;31mred\033[0m \033[38;5;196mx\033[48;2;0;0;255my\033[m\r\n");
	FEED(p, "\xe6\x97\xa5z \xcd\xb8!\r\n");	/* a wide character; unassigned U+0378 */
	FEED(p, "\033[7mrev\033[m\033[4mu\033[m\033[3mi\033[m\r\nabc");
	frame(f, 100, 30);
	assert_string_equal(line(f, y0), "hi red xy");
	row = canvas_line(&f->c, y0);
	assert_true(row[3].attr & DRAW_BOLD);
	assert_int_equal(DRAW_FG_OF(row[3].attr), 1);
	assert_int_equal(DRAW_BG_OF(row[3].attr), -1);
	assert_int_equal(row[2].attr, DRAW_DEFAULT);
	assert_int_equal(DRAW_FG_OF(row[7].attr), 196);
	assert_int_equal(DRAW_BG_OF(row[8].attr), canvas_rgb256(0x0000ff));
	/* Wide: two cells; what wcwidth() cannot place becomes '?'. */
	assert_string_equal(line(f, y0 + 1), "\xe6\x97\xa5z ?!");
	row = canvas_line(&f->c, y0 + 1);
	assert_int_equal(row[0].ch, 0x65e5);
	assert_int_equal(row[1].ch, 0);
	assert_true(canvas_line(&f->c, y0 + 2)[0].attr & DRAW_REVERSE);
	assert_true(canvas_line(&f->c, y0 + 2)[3].attr & DRAW_UNDERLINE);
	assert_true(canvas_line(&f->c, y0 + 2)[4].attr & DRAW_ITALIC);
	/* The title bar names the command; no cursor while the tree has the focus. */
	assert_string_equal(line(f, y0 - 1), " make");
	assert_false(f->u.lay.cur_on);
	ui_open(&f->u, &screen_pane_focus, NULL);
	frame(f, 100, 30);
	assert_true(f->u.lay.cur_on);
	assert_int_equal(f->u.lay.cur_x, 3);
	assert_int_equal(f->u.lay.cur_y, y0 + 3);
	assert_non_null(strstr(line(f, 29), "Ctrl-]Back to the tree"));
	/* A title the command set; a non-UTF-8 locale gets ASCII only. */
	FEED(p, "\033]2;vi main.c\007");
	f->u.flags |= UI_ESCAPE8;
	frame(f, 100, 30);
	assert_string_equal(line(f, y0 - 1), " vi main.c");
	assert_string_equal(line(f, y0 + 1), "? z ?!");
}

static void
test_pane_beside(void **state)
{
	struct fx *f = *state;
	struct pane *p = with_pane(f);

	tree();
	f->u.pane_side = 1;
	ui_layout(&f->u, 100, 30);
	FEED(p, "paneleft\r\nmore");
	frame(f, 100, 30);
	/* Tree on the left, a separator, the pane's title and cells on the right. */
	assert_non_null(strstr(line(f, 2), "PID"));
	assert_non_null(strstr(line(f, 2), "\xe2\x94\x82 make"));
	assert_non_null(strstr(line(f, 3), "\xe2\x94\x82paneleft"));
	assert_non_null(strstr(line(f, 4), "\xe2\x94\x82more"));
	/* Maximised: no tree, the help view covers the pane. */
	f->u.pane_show = UI_PANE_MAX;
	frame(f, 100, 30);
	assert_null(strstr(f->text.p, "PID"));
	assert_string_equal(line(f, 3), "paneleft");	/* under the title bar */
	ui_open(&f->u, &screen_help, NULL);
	frame(f, 100, 30);
	assert_null(strstr(f->text.p, "paneleft"));
	assert_non_null(strstr(f->text.p, "ptop help"));
}

static void
test_pane_history_view(void **state)
{
	struct fx *f = *state;
	struct pane *p = with_pane(f);
	char s[32];
	int i, y0;

	ui_layout(&f->u, 100, 30);
	y0 = f->u.lay.term.y;
	for (i = 1; i <= 50; i++) {
		snprintf(s, sizeof s, "line %d\r\n", i);
		pane_feed(p, s, strlen(s));
	}
	frame(f, 100, 30);
	assert_string_equal(line(f, y0), "line 39");	/* 13 rows: 39..50 and an empty one */
	f->u.pane_back = 10;
	frame(f, 100, 30);
	assert_string_equal(line(f, y0), "line 29");
	assert_non_null(strstr(line(f, y0 - 1), "[history -10/38]"));
	/* New output does not move what is shown. */
	for (i = 51; i <= 55; i++) {
		snprintf(s, sizeof s, "line %d\r\n", i);
		pane_feed(p, s, strlen(s));
	}
	frame(f, 100, 30);
	assert_int_equal(f->u.pane_back, 15);
	assert_string_equal(line(f, y0), "line 29");
	/* No cursor while looking at the history. */
	ui_open(&f->u, &screen_pane_focus, NULL);
	frame(f, 100, 30);
	assert_false(f->u.lay.cur_on);
}

static void
tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
}

/* The command's side of the pty closes: the title says how it ended. */
static void
test_pane_ended(void **state)
{
	struct fx *f = *state;
	struct pane *p = with_pane(f);
	struct ev_loop *loop = ev_loop_new(EVFLAG_AUTO);
	ev_timer tick;
	int fd, i;

	th_proc(1, 0, "make");
	ui_layout(&f->u, 100, 30);
	assert_int_equal(pane_open_pty(p), 0);
	fd = pty_open_slave(0, 0);
	assert_int_equal(write(fd, "last words\r\n", 12), 12);
	close(fd);
	pane_start(p, loop, NULL, NULL);
	/* A tick, so that each ev_run returns even if the pty never closes. */
	ev_timer_init(&tick, tick_cb, 0.05, 0.05);
	ev_timer_start(loop, &tick);
	for (i = 0; i < 400 && !pane_closed(p); i++)
		ev_run(loop, EVRUN_ONCE);
	ev_timer_stop(loop, &tick);
	assert_true(pane_closed(p));
	frame(f, 100, 30);
	assert_non_null(strstr(line(f, f->u.lay.pane.y), "[terminal closed]"));
	th_exit(1, 2, 0);
	frame(f, 100, 30);
	assert_non_null(strstr(line(f, f->u.lay.pane.y), "[command ended: exit 2]"));
	assert_string_equal(line(f, f->u.lay.term.y), "last words");
	pane_stop(p, loop);
	ev_loop_destroy(loop);
}

static void
test_palette(void **state)
{
	assert_int_equal(canvas_rgb256(0xff0000), 196);
	assert_int_equal(canvas_rgb256(0x000000), 16);
	assert_int_equal(canvas_rgb256(0x5f87af), 67);
	assert_int_equal(canvas_rgb256(0x808080), 244);
	assert_int_equal(canvas_rgb256(0x0000ff), 21);
	assert_int_equal(canvas_reduce_color(196, 256), 196);
	assert_int_equal(canvas_reduce_color(196, 16), 9);
	assert_int_equal(canvas_reduce_color(196, 8), 1);
	assert_int_equal(canvas_reduce_color(244, 16), 8);
	assert_int_equal(canvas_reduce_color(9, 8), 1);
	assert_int_equal(canvas_reduce_color(3, 8), 3);
	assert_int_equal(canvas_reduce_color(12, 16), 12);
	assert_int_equal(canvas_reduce_color(-1, 256), -1);
	assert_int_equal(canvas_reduce_color(5, 2), -1);
}


/* What a frame may not change: the view's place and every screen's state. */
struct snapshot {
	struct ui u;
	struct scr_tree tree;
	uint32_t top, cursor, nrows;
	size_t nstates;
	unsigned char states[UI_MAX_SCREENS][256];
};

static void
snap(struct fx *f, struct snapshot *s)
{
	int i;

	memset(s, 0, sizeof *s);
	s->u = f->u;
	s->tree = *scr_tree_state(&f->u);
	s->top = view_top(f->v);
	s->cursor = view_cursor(f->v);
	s->nrows = view_nrows(f->v);
	for (i = 0; i < f->u.depth; i++)
		if (f->u.stack[i].st != NULL)
			memcpy(s->states[i], f->u.stack[i].st, f->u.stack[i].s->state_size < 256 ?
			    f->u.stack[i].s->state_size : 256);
}

/* Drawing reads the state only: the same state twice, the same canvas, no state moved. */
static void
test_draw_is_read_only(void **state)
{
	struct fx *f = *state;
	const struct screen *tops[] = { NULL, &screen_detail, &screen_help, &screen_signal,
		&screen_search };
	struct snapshot before, after;
	struct canvas again = { 0, 0, NULL };
	struct pane *p = with_pane(f);
	uint32_t id = 2;
	size_t i;
	int k;

	tree();
	for (k = 0; k < 60; k++)
		pane_feed(p, "some output\r\n", 13);
	f->u.pane_back = 5;
	free(f->u.search);
	f->u.search = strdup("alpha");
	f->u.search_hl = f->u.search_reveal = 1;
	scr_tree_state(&f->u)->hscroll = 3;
	for (i = 0; i < sizeof tops / sizeof tops[0]; i++) {
		if (tops[i] != NULL)
			ui_open(&f->u, tops[i], &id);
		ui_layout(&f->u, 100, 30);
		f->u.now_us = th_clock;
		ui_prepare(&f->u, 100, 30);
		snap(f, &before);
		canvas_resize(&f->c, 100, 30);
		ui_draw(&f->c, &f->u);
		canvas_resize(&again, 100, 30);
		ui_draw(&again, &f->u);
		snap(f, &after);
		assert_memory_equal(f->c.cells, again.cells, sizeof *again.cells * 100 * 30);
		assert_memory_equal(&before, &after, sizeof before);
		if (tops[i] != NULL)
			ui_close(&f->u);
	}
	canvas_free(&again);
}

/* Every key a footer offers is bound, with a word; every labelled key is in the help. */
static void
test_bar_and_help_from_tables(void **state)
{
	struct fx *f = *state;
	const struct screen *const *s;
	const struct ui_key *const *t, *k;
	const struct ui_bar *b;
	struct pager help;
	char *text;
	int pane;

	memset(&help, 0, sizeof help);
	for (pane = 0; pane < 2; pane++) {
		if (pane)
			(void)with_pane(f);
		scr_help_build(&help, &f->u);
		text = strndup(help.text.p, help.text.len);
		for (s = screens_all; *s != NULL; s++) {
			for (b = (*s)->bar; b != NULL && b->key != 0; b++) {
				k = ui_binding(&f->u, *s, NULL, b->key);
				if (k == NULL && b->key == '\t' && !pane)
					continue;	/* Tab is the pane's */
				if (k == NULL || k->bar == NULL)
					fail_msg("%s: bar key %d has no binding with a word", (*s)->name,
					    b->key);
			}
			if ((*s)->keys == NULL || (*s)->help_title == NULL)
				continue;
			for (t = (*s)->keys(&f->u, NULL); *t != NULL; t++)
				for (k = *t; k->fn != NULL || k->help != NULL; k++)
					if (k->label != NULL && strstr(text, k->label) == NULL)
						fail_msg("%s: help lacks '%s'", (*s)->name, k->label);
		}
		free(text);
	}
	pager_free(&help);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_glyphs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draw_is_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bar_and_help_from_tables, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ascii_glyphs, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_summary, setup, teardown),
		cmocka_unit_test_setup_teardown(test_escapes_never_raw, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_characters, setup, teardown),
		cmocka_unit_test_setup_teardown(test_wide_at_right_edge, setup, teardown),
		cmocka_unit_test_setup_teardown(test_too_small, setup, teardown),
		cmocka_unit_test_setup_teardown(test_narrow_drops_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_attributes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hscroll, setup, teardown),
		cmocka_unit_test_setup_teardown(test_marker_x, setup, teardown),
		cmocka_unit_test_setup_teardown(test_deep_elided, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_highlight, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_reveal, setup, teardown),
		cmocka_unit_test(test_pager_wraps),
		cmocka_unit_test_setup_teardown(test_detail, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_layout, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_cells, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_beside, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_history_view, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_ended, setup, teardown),
		cmocka_unit_test(test_palette),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL && setlocale(LC_ALL, "en_US.UTF-8") == NULL) {
		printf("SKIP: no UTF-8 locale\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
