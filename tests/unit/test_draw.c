/*
 * test_draw.c: frames drawn into a canvas, read back as text: tree glyphs,
 * fold summaries, escaping, wide characters, narrow and tiny screens,
 * attributes, the pager and the detail view.
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

#include "detail.h"
#include "draw.h"
#include "tree_helpers.h"
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
	struct sink s;

	f->pt = ptree_new();
	f->v = view_new(f->pt);
	event_remove_sinks();
	s = ptree_sink(f->pt);
	event_add_sink(&s);
	s = view_sink(f->v);
	event_add_sink(&s);
	th_begin("make");
	ui_init(&f->u, f->pt, f->v, 0);
	f->u.replay = "test.jsonl";
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	event_remove_sinks();
	ui_free(&f->u);
	canvas_free(&f->c);
	buf_free(&f->text);
	view_free(f->v);
	ptree_free(f->pt);
	free(f);
	return 0;
}

/* Draw a w x h frame; returns its text. */
static const char *
frame(struct fx *f, int w, int h)
{
	draw_layout(&f->u, w, h);
	view_sync(f->v);
	f->u.now_us = th_clock;
	canvas_resize(&f->c, w, h);
	draw_frame(&f->c, &f->u);
	buf_clear(&f->text);
	canvas_text(&f->c, &f->text);
	return f->text.p;
}

/* Line y of the last frame, without trailing blanks. */
static const char *
line(struct fx *f, int y)
{
	static char out[4096];
	const char *p = f->text.p, *e;
	size_t n;

	while (y-- > 0 && (p = strchr(p, '\n')) != NULL)
		p++;
	if (p == NULL)
		return "";
	e = strchr(p, '\n');
	n = (size_t)(e - p) < sizeof out - 1 ? (size_t)(e - p) : sizeof out - 1;
	memcpy(out, p, n);
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
	return out;
}

/* Text from the COMMAND column of line y. */
static const char *
command(struct fx *f, int y)
{
	const char *l = line(f, y);
	const char *p = l;
	int col = 0;

	/* cmd_x counts columns; the table part is ASCII. */
	while (*p != '\0' && col < f->u.lay.cmd_x) {
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
	assert_string_equal(command(f, 4), "├─- cc -c alpha.c");
	assert_string_equal(command(f, 5), "│  ├── as");
	assert_string_equal(command(f, 6), "│  └── ld");
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
	assert_string_equal(command(f, 4), "|-- cc -c alpha.c");
	assert_string_equal(command(f, 5), "|  |-  as");
	assert_string_equal(command(f, 6), "|  `-  ld");
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
	assert_string_equal(command(f, 4), "├─+ cc -c alpha.c  [2 procs, 1 failed, 0.010s]");
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
	cx = f->u.lay.cmd_x;
	l = canvas_line(&f->c, 3);
	assert_int_equal(l[cx + 7].ch, 0x65e5);
	assert_int_equal(l[cx + 8].ch, 0);
	assert_int_equal(l[cx + 14].ch, 'x');
	/* Every line fills exactly the width: columns stay aligned. */
	for (x = 0; x < 10; x++)
		assert_int_equal(draw_width(line(f, x), strlen(line(f, x))) <= 100, 1);
	/* Scrolled by one column: the cut character becomes a blank. */
	f->u.hscroll = 8;
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
	assert_true(f->u.lay.w - f->u.lay.cmd_x >= 20);
	assert_non_null(strstr(line(f, 2), "PID"));
	assert_null(strstr(line(f, 2), "MAXRSS"));
	assert_string_equal(command(f, 4), "├─- cc -c alpha.c");
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
	cx = f->u.lay.cmd_x;
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
	assert_true(f->u.lay.cmd_more);
	assert_null(strchr(line(f, 3), 'Z'));
	f->u.hscroll = 260;
	frame(f, 100, 10);
	assert_non_null(strchr(line(f, 3), 'Z'));
	assert_false(f->u.lay.cmd_more);
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
	assert_int_equal(l[draw_marker_x(&f->u, 2)].ch, '-');
	l = canvas_line(&f->c, 3);
	assert_int_equal(l[draw_marker_x(&f->u, 1)].ch, '-');
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

static void
test_detail(void **state)
{
	struct fx *f = *state;
	struct pager p;
	char big[3000];
	size_t i;

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
	detail_build(&p, f->pt, 2, th_clock, 0);
	buf_clear(&f->text);
	for (i = 0; i < p.nlines; i++) {
		buf_add(&f->text, p.text.p + p.lines[i].off, p.lines[i].len);
		buf_addc(&f->text, '\n');
	}
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
	assert_non_null(strstr(f->text.p, "cwd        /tmp"));
	assert_non_null(strstr(f->text.p, "pid        1002"));
	assert_null(strchr(f->text.p, '\033'));
	/* In the pane, the long element wraps: every character is on screen somewhere. */
	pager_layout(&p, 60);
	assert_true(p.nrows > 3000 / 60);
	pager_free(&p);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_tree_glyphs, setup, teardown),
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
		cmocka_unit_test(test_pager_wraps),
		cmocka_unit_test_setup_teardown(test_detail, setup, teardown),
	};

	if (setlocale(LC_ALL, "C.UTF-8") == NULL && setlocale(LC_ALL, "en_US.UTF-8") == NULL) {
		printf("SKIP: no UTF-8 locale\n");
		return 77;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
