/*
 * test_scr_diff.c: the diff screen (scr_diff.c) without curses: frames
 * drawn into a canvas and read back as text, keys through ui_key, like
 * test_draw.c and test_keys.c do for the tree.  A is built here, B (the
 * ui's tree) through th_bus, so it can grow like a live run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "canvas.h"
#include "diff.h"
#include "pager.h"
#include "screens.h"
#include "tree_helpers.h"
#include "ui.h"
#include "view.h"

struct fx {
	struct ptree *a, *b;
	struct view *v;
	struct ui u;
	struct canvas c;
	struct buf text;
};

/* A: sh -> make -> {cc a.c, cc b.c (fails), cc c.c}, sh -> rm old. */
static struct ptree *
tree_a(void)
{
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);
	struct bus saved = th_bus;

	bus_init(&th_bus);
	bus_add(&th_bus, &s);
	th_begin("sh build");
	th_proc(1, 0, "sh");
	th_proc(2, 1, "make");
	th_proc(3, 2, "cc-a");
	th_exit(3, 0, 0);
	th_proc(4, 2, "cc-b");
	th_exit(4, 1, 0);
	th_proc(5, 2, "cc-c");
	th_exit(5, 0, 0);
	th_exit(2, 0, 0);
	th_proc(6, 1, "rm-old");
	th_exit(6, 0, 0);
	th_exit(1, 0, 0);
	bus_end(&th_bus);
	th_bus = saved;
	return pt;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	f->a = tree_a();
	/* B: the same but cc-b succeeds, rm-old is gone, ln-new is new; still open. */
	th_tree_view(&f->b, &f->v, "sh build");
	th_proc(1, 0, "sh");
	th_proc(2, 1, "make");
	th_proc(3, 2, "cc-c");
	th_exit(3, 0, 0);
	th_proc(4, 2, "cc-a");
	th_exit(4, 0, 0);
	th_proc(5, 2, "cc-b");
	th_exit(5, 0, 0);
	th_exit(2, 0, 0);
	th_proc(6, 1, "ln-new");
	th_exit(6, 0, 0);
	scr_diff_use(f->a, "a.jsonl", "b.jsonl");
	ui_init(&f->u, f->b, f->v, UI_ASCII, &screen_diff, screens_diff);
	f->u.replay = "b.jsonl";
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	bus_init(&th_bus);
	ui_free(&f->u);
	canvas_free(&f->c);
	buf_free(&f->text);
	view_free(f->v);
	ptree_free(f->b);
	ptree_free(f->a);
	free(f);
	return 0;
}

static const char *
frame(struct fx *f, int w, int h)
{
	f->u.now_us = th_clock;
	ui_prepare(&f->u, w, h);
	canvas_resize(&f->c, w, h);
	ui_draw(&f->c, &f->u);
	buf_clear(&f->text);
	canvas_text(&f->c, &f->text);
	return f->text.p;
}

static int
has_line(const char *text, const char *prefix)
{
	const char *p;

	for (p = text; p != NULL && *p != '\0'; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, prefix, strlen(prefix)) == 0)
			return 1;
	return 0;
}

/* The command of the row under the cursor, in B (or A for a row only in A). */
static const char *
cursor_cmd(struct fx *f)
{
	const struct diff_row *r = scr_diff_cursor(&f->u);

	assert_non_null(r);
	return r->b != 0 ? ptree_shown_exec(f->b, r->b)->args : ptree_shown_exec(f->a, r->a)->args;
}

static void
test_rows_and_header(void **state)
{
	struct fx *f = *state;
	const char *t = frame(f, 100, 20);

	assert_true(has_line(t, "ptop --diff: A a.jsonl  B b.jsonl"));
	assert_true(has_line(t, "3 differences  only in A 1  only in B 1  matched 5  (B is running)"));
	assert_true(has_line(t, "  A STATE    B STATE      A TIME   B TIME  COMMAND"));
	assert_true(has_line(t, "  ok         ok "));
	/* B's order: cc-c first; the failure fixed; A's rm-old after make. */
	assert_non_null(strstr(t, "  ok         ok           0.002s   0.002s |  |-  cc-c "));
	assert_true(has_line(t, "  ok         running      0.017s   0.016s - sh  [still running in B]"));
	assert_true(has_line(t, "  ok         ok           0.011s   0.011s |-- make "));
	assert_non_null(strstr(t, "! exit 1     ok "));
	assert_non_null(strstr(t, "|  `-  cc-b  [exit 1 -> ok]"));
	assert_non_null(strstr(t, "- ok         -  "));
	assert_non_null(strstr(t, "|-  rm-old  [only in A]"));
	assert_non_null(strstr(t, "+ -          ok "));
	assert_non_null(strstr(t, "`-  ln-new  [only in B]"));
	assert_non_null(strstr(t, "F1Help"));
	assert_non_null(strstr(t, "dDiffs"));
}

static void
test_draw_is_read_only(void **state)
{
	struct fx *f = *state;
	char *first;

	first = strdup(frame(f, 90, 16));
	ui_draw(&f->c, &f->u);
	buf_clear(&f->text);
	canvas_text(&f->c, &f->text);
	assert_string_equal(first, f->text.p);
	free(first);
}

static void
test_only_differences_and_next(void **state)
{
	struct fx *f = *state;
	const char *t;

	frame(f, 100, 20);
	ui_key(&f->u, 'd');
	t = frame(f, 100, 20);
	assert_non_null(strstr(t, "[only differences]"));
	assert_null(strstr(t, "cc-a"));
	assert_null(strstr(t, "cc-c"));
	assert_non_null(strstr(t, "cc-b"));
	assert_non_null(strstr(t, "make"));	/* an ancestor of one */
	ui_key(&f->u, 'd');

	ui_key(&f->u, 'g');
	ui_key(&f->u, 'n');
	assert_string_equal(cursor_cmd(f), "cc-b");
	ui_key(&f->u, 'n');
	assert_string_equal(cursor_cmd(f), "rm-old");
	ui_key(&f->u, 'n');
	assert_string_equal(cursor_cmd(f), "ln-new");
	ui_key(&f->u, 'n');
	assert_string_equal(cursor_cmd(f), "cc-b");	/* around */
	ui_key(&f->u, 'N');
	assert_string_equal(cursor_cmd(f), "ln-new");
}

static void
test_fold(void **state)
{
	struct fx *f = *state;
	const char *t;

	frame(f, 100, 20);
	ui_key(&f->u, 'g');
	ui_key(&f->u, KEYC_DOWN);
	assert_string_equal(cursor_cmd(f), "make");
	ui_key(&f->u, KEYC_LEFT);
	t = frame(f, 100, 20);
	assert_non_null(strstr(t, "|-+ make "));
	assert_null(strstr(t, "cc-b"));
	ui_key(&f->u, KEYC_LEFT);
	assert_string_equal(cursor_cmd(f), "sh");	/* Left again: the parent */
	ui_key(&f->u, 'n');				/* n opens the fold */
	assert_string_equal(cursor_cmd(f), "cc-b");
	assert_non_null(strstr(frame(f, 100, 20), "cc-a"));
}

/* B grows (a live run): once it ends, the diff is made again with it. */
static void
test_b_grows(void **state)
{
	struct fx *f = *state;
	const char *t;

	frame(f, 100, 20);
	th_proc(7, 1, "late");
	th_exit(7, 0, 0);
	th_exit(1, 0, 0);
	bus_end(&th_bus);
	t = frame(f, 100, 20);
	assert_non_null(strstr(t, "`-  late  [only in B]"));
	assert_true(has_line(t, "4 differences  only in A 1  only in B 2  matched 5"));
	assert_null(strstr(t, "(B is running)"));
}

/* Every key the footer offers is bound; every labelled key is in the help. */
static void
test_bar_and_help(void **state)
{
	struct fx *f = *state;
	const struct screen *const *s;
	const struct ui_key *const *t, *k;
	const struct ui_bar *b;
	struct pager help;
	char *text;

	memset(&help, 0, sizeof help);
	scr_help_build(&help, &f->u);
	text = strndup(help.text.p, help.text.len);
	assert_non_null(strstr(text, "Comparing two runs (--diff)"));
	assert_null(strstr(text, "next failed or killed process"));	/* not the tree's keys */
	for (s = screens_diff; *s != NULL; s++) {
		for (b = (*s)->bar; b != NULL && b->key != 0; b++) {
			k = ui_binding(&f->u, *s, NULL, b->key);
			if (k == NULL && b->key == '\t')
				continue;	/* Tab is the pane's */
			if (k == NULL || k->bar == NULL)
				fail_msg("%s: bar key %d has no binding with a word", (*s)->name, b->key);
		}
		if ((*s)->keys == NULL || (*s)->help_title == NULL)
			continue;
		for (t = (*s)->keys(&f->u, NULL); *t != NULL; t++)
			for (k = *t; k->fn != NULL || k->help != NULL; k++)
				if (k->label != NULL && strstr(text, k->label) == NULL)
					fail_msg("%s: help lacks '%s'", (*s)->name, k->label);
	}
	free(text);
	pager_free(&help);
}

static void
test_enter_opens_detail_of_b(void **state)
{
	struct fx *f = *state;

	frame(f, 100, 20);
	ui_key(&f->u, 'g');
	ui_key(&f->u, 'n');
	ui_key(&f->u, KEYC_ENTER);
	assert_ptr_equal(ui_top(&f->u), &screen_detail);
	assert_int_equal(scr_detail_id(&f->u), scr_diff_cursor(&f->u)->b);
	ui_key(&f->u, KEYC_ESC);
	assert_ptr_equal(ui_top(&f->u), &screen_diff);
	ui_key(&f->u, 'n');
	assert_string_equal(cursor_cmd(f), "rm-old");	/* only in A: a message */
	ui_key(&f->u, KEYC_ENTER);
	assert_ptr_equal(ui_top(&f->u), &screen_diff);
	assert_non_null(strstr(f->u.msg, "only in A"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_rows_and_header, setup, teardown),
		cmocka_unit_test_setup_teardown(test_draw_is_read_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_only_differences_and_next, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold, setup, teardown),
		cmocka_unit_test_setup_teardown(test_b_grows, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bar_and_help, setup, teardown),
		cmocka_unit_test_setup_teardown(test_enter_opens_detail_of_b, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
