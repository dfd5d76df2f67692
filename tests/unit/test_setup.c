/*
 * test_setup.c: the settings at work in the view, without curses: the
 * setup screen's list and changes (setup.c), F2 with its keys applying and
 * saving at once, what the command line forces, the sort keys (F6, < >,
 * I, a click on a column's name), the columns the settings choose as the
 * tree draws them, the sort column's mark, new and ended processes
 * highlighted while live, and a folded process's CPU and peak RSS.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <ftw.h>
#include <locale.h>
#include <sys/stat.h>
#include <unistd.h>

#include "screens.h"
#include "settings.h"
#include "setup.h"
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
	struct settings *s;
	char dir[64], path[128];
};

static int64_t
fake_now(void *ctx)
{
	return th_clock;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	strcpy(f->dir, "/tmp/ptop-setup-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->path, sizeof f->path, "%s/ptop/ptoprc", f->dir);
	th_tree_view(&f->pt, &f->v, "make");
	ui_init(&f->u, f->pt, f->v, 0, &screen_tree, screens_all);
	f->u.replay = "test.jsonl";
	f->u.hooks.now = fake_now;
	f->s = settings_load(f->path);
	ui_use_settings(&f->u, f->s);
	th_proc(1, 0, "make");
	th_spawn(2, 1);
	th_exec(2, "cc", "alpha.c", (const char *)NULL);
	th_spawn(3, 1);
	th_exec(3, "ld", "prog", (const char *)NULL);
	th_exit(2, 0, 0);
	*state = f;
	return 0;
}

static int
rm_one(const char *p, const struct stat *st, int flag, struct FTW *ftw)
{
	return remove(p);
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	bus_init(&th_bus);
	ui_free(&f->u);
	settings_free(f->s);
	canvas_free(&f->c);
	buf_free(&f->text);
	view_free(f->v);
	ptree_free(f->pt);
	nftw(f->dir, rm_one, 8, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

static void
keys(struct fx *f, const char *s)
{
	for (; *s != '\0'; s++)
		ui_key(&f->u, (unsigned char)*s);
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

/* The file's whole content. */
static const char *
slurp(const char *p)
{
	static char text[4096];
	int fd = open(p, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return "";
	n = read(fd, text, sizeof text - 1);
	close(fd);
	text[n > 0 ? n : 0] = '\0';
	return text;
}

/* ---- the model --------------------------------------------------------------- */

static void
test_items_and_changes(void **state)
{
	struct settings *s = settings_new();
	struct setup_item it[SETUP_MAX_ITEMS];
	enum settings_col cols[SETTINGS_NCOLS];
	size_t n = setup_items(s, it, SETUP_MAX_ITEMS), i;

	/* Shown columns in order, COMMAND last of them, then the hidden ones, then choices. */
	assert_int_equal(n, SETTINGS_NCOLS + SETUP_NCHOICES);
	assert_int_equal(it[0].col, SETTINGS_COL_PID);
	assert_true(it[0].shown);
	assert_int_equal(it[6].col, SETTINGS_COL_COMMAND);
	assert_true(it[6].shown);
	assert_int_equal(it[7].col, SETTINGS_COL_PPID);
	assert_false(it[7].shown);
	assert_false(it[SETTINGS_NCOLS].is_column);
	assert_int_equal(it[SETTINGS_NCOLS].choice, SETUP_COLOR);

	/* COMMAND cannot go; PPID is shown before it; STATE hidden. */
	assert_int_equal(setup_change(s, &it[6], 1), 0);
	assert_int_equal(setup_change(s, &it[7], 1), 1);
	assert_int_equal(setup_change(s, &it[1], 1), 1);
	assert_string_equal(settings_get(s, "columns"), "PID,START,TIME,CPU,MAXRSS,PPID,COMMAND");
	/* Moves: among the shown ones; COMMAND stays last. */
	assert_int_equal(setup_move(s, SETTINGS_COL_PPID, -1), 1);
	assert_int_equal(setup_move(s, SETTINGS_COL_PPID, 1), 1);
	assert_int_equal(setup_move(s, SETTINGS_COL_PPID, 1), 0);
	assert_int_equal(setup_move(s, SETTINGS_COL_PID, -1), 0);
	assert_int_equal(setup_move(s, SETTINGS_COL_STATE, 1), 0);	/* hidden */
	assert_int_equal(settings_columns(s, cols, SETTINGS_NCOLS), 7);
	assert_int_equal(cols[5], SETTINGS_COL_PPID);
	assert_int_equal(cols[6], SETTINGS_COL_COMMAND);

	/* Choices cycle both ways. */
	n = setup_items(s, it, SETUP_MAX_ITEMS);
	for (i = 0; i < n && (it[i].is_column || it[i].choice != SETUP_PANE); i++)
		;
	assert_string_equal(setup_choice_value(s, SETUP_PANE), "below");
	setup_change(s, &it[i], -1);
	assert_string_equal(setup_choice_value(s, SETUP_PANE), "hidden");
	setup_change(s, &it[i], 1);
	setup_change(s, &it[i], 1);
	assert_string_equal(setup_choice_value(s, SETUP_PANE), "beside");
	/* A new sort column takes its natural direction: sizes biggest first. */
	for (i = 0; i < n && (it[i].is_column || it[i].choice != SETUP_SORT); i++)
		;
	setup_change(s, &it[i], 1);		/* START -> TIME */
	assert_int_equal(settings_sort(s), SETTINGS_COL_TIME);
	assert_int_equal(settings_sort_descending(s), 1);
	setup_change(s, &it[i], -1);		/* back to START: ascending */
	assert_int_equal(settings_sort_descending(s), 0);
	settings_free(s);
}

/* ---- F2 ------------------------------------------------------------------------- */

static void
test_setup_screen_applies_and_saves(void **state)
{
	struct fx *f = *state;
	struct settings *again;

	frame(f, 100, 30);
	assert_non_null(strstr(line(f, 2), "PID STATE"));
	ui_key(&f->u, KEYC_F(2));
	assert_ptr_equal(ui_top(&f->u), &screen_setup);
	frame(f, 100, 30);
	assert_non_null(strstr(f->text.p, "[x] PID"));
	assert_non_null(strstr(f->text.p, "[ ] PPID"));
	/* Down to STATE, hide it: applied and saved at once. */
	ui_key(&f->u, KEYC_DOWN);
	keys(f, " ");
	assert_non_null(strstr(f->u.msg, "Saved to"));
	assert_non_null(strstr(slurp(f->path), "columns=PID,START,TIME,CPU,MAXRSS,COMMAND"));
	ui_key(&f->u, KEYC_ESC);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	frame(f, 100, 30);
	assert_null(strstr(line(f, 2), "STATE"));
	assert_non_null(strstr(line(f, 2), "PID    START"));
	/* The file says so for the next start. */
	again = settings_load(f->path);
	assert_null(settings_warning(again));
	assert_null(strstr(settings_get(again, "columns"), "STATE"));
	settings_free(again);
}

/* Choices in the setup screen change the UI's flags and layout. */
static void
test_setup_choices(void **state)
{
	struct fx *f = *state;
	struct setup_item it[SETUP_MAX_ITEMS];
	size_t n, i;

	ui_key(&f->u, KEYC_F(2));
	n = setup_items(f->u.settings, it, SETUP_MAX_ITEMS);
	for (i = 0; i < n && (it[i].is_column || it[i].choice != SETUP_COLOR); i++)
		ui_key(&f->u, KEYC_DOWN);
	keys(f, " ");
	assert_true(f->u.flags & UI_NOCOLOR);
	ui_key(&f->u, KEYC_DOWN);		/* scheme */
	ui_key(&f->u, KEYC_RIGHT);
	assert_true(f->u.flags & UI_LIGHT);
	ui_key(&f->u, KEYC_DOWN);		/* glyphs */
	keys(f, " ");
	assert_true(f->u.flags & UI_ASCII);
	ui_key(&f->u, KEYC_DOWN);		/* pane */
	keys(f, " ");
	assert_int_equal(f->u.pane_side, 1);
	ui_key(&f->u, KEYC_DOWN);		/* follow */
	keys(f, " ");
	assert_true(view_follow(f->v));
	ui_key(&f->u, KEYC_DOWN);		/* highlight */
	keys(f, " ");
	assert_false(f->u.flags & UI_HIGHLIGHT);
	ui_key(&f->u, KEYC_DOWN);		/* sort */
	ui_key(&f->u, KEYC_LEFT);		/* START -> the column before it, STATE */
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_STATE);
	assert_true(view_sort_descending(f->v));
	frame(f, 100, 30);
	assert_non_null(strstr(f->text.p, "Sort by              STATE"));
	keys(f, "q");
	settings_free(settings_load(f->path));
	assert_non_null(strstr(slurp(f->path), "color_scheme=light"));
	assert_non_null(strstr(slurp(f->path), "tree_glyphs=ascii"));
	assert_non_null(strstr(slurp(f->path), "sort=STATE"));
}

/* A change in F2 leaves alone what keys set meanwhile (f: follow). */
static void
test_keys_kept(void **state)
{
	struct fx *f = *state;
	struct setup_item it[SETUP_MAX_ITEMS];
	size_t n, i;

	keys(f, "f");
	assert_true(view_follow(f->v));
	ui_key(&f->u, KEYC_F(2));
	n = setup_items(f->u.settings, it, SETUP_MAX_ITEMS);
	for (i = 0; i < n && (it[i].is_column || it[i].choice != SETUP_SCHEME); i++)
		ui_key(&f->u, KEYC_DOWN);
	keys(f, " ");
	assert_true(f->u.flags & UI_LIGHT);
	assert_true(view_follow(f->v));
	keys(f, "q");
}

/* The command line wins: forced flags stay whatever the file says. */
static void
test_forced_flags(void **state)
{
	struct fx *f = *state;
	struct settings *s = settings_new();

	f->u.forced = UI_NOCOLOR | UI_ASCII | UI_NOHIGHLIGHT;
	settings_set_color(s, 1);
	settings_set_tree_glyphs(s, SETTINGS_GLYPHS_UNICODE);
	settings_set_highlight(s, 1);
	ui_use_settings(&f->u, s);
	assert_true(f->u.flags & UI_NOCOLOR);
	assert_true(f->u.flags & UI_ASCII);
	assert_false(f->u.flags & UI_HIGHLIGHT);
	/* Without them, the file decides. */
	f->u.forced = 0;
	ui_use_settings(&f->u, NULL);
	assert_false(f->u.flags & UI_NOCOLOR);
	assert_false(f->u.flags & UI_ASCII);
	assert_true(f->u.flags & UI_HIGHLIGHT);
	ui_use_settings(&f->u, f->s);	/* back to the fixture's (it frees its own) */
	settings_free(s);
}

/* With no file (--no-config) changes apply but are not saved, and the footer says so. */
static void
test_no_file(void **state)
{
	struct fx *f = *state;
	struct settings *s = settings_new();

	ui_use_settings(&f->u, s);
	ui_key(&f->u, KEYC_F(2));
	keys(f, " ");
	assert_non_null(strstr(f->u.msg, "Not saved"));
	assert_int_equal(f->u.ncols, 6);
	ui_use_settings(&f->u, f->s);
	settings_free(s);
}

/* ---- sorting keys --------------------------------------------------------------- */

static void
test_sort_keys(void **state)
{
	struct fx *f = *state;

	frame(f, 100, 30);
	/* > from START: TIME, descending; the header marks it. */
	keys(f, ">");
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_TIME);
	assert_true(view_sort_descending(f->v));
	frame(f, 100, 30);
	assert_non_null(strstr(line(f, 2), "\xe2\x86\x93TIME"));
	assert_non_null(strstr(f->u.msg, "Sorted by TIME"));
	keys(f, "I");
	assert_false(view_sort_descending(f->v));
	frame(f, 100, 30);
	assert_non_null(strstr(line(f, 2), "\xe2\x86\x91TIME"));
	keys(f, "<<");
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_STATE);
	/* Remembered in the settings, saved when the view ends (run.c). */
	assert_true(f->u.settings_dirty);
	assert_int_equal(settings_sort(f->u.settings), SETTINGS_COL_STATE);
	/* F6: the menu; Enter on MAXRSS. */
	ui_key(&f->u, KEYC_F(6));
	assert_ptr_equal(ui_top(&f->u), &screen_sort);
	ui_key(&f->u, KEYC_END);
	ui_key(&f->u, KEYC_UP);
	ui_key(&f->u, KEYC_UP);
	ui_key(&f->u, KEYC_UP);
	ui_key(&f->u, KEYC_UP);
	ui_key(&f->u, KEYC_ENTER);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_MAXRSS);
	/* A column not shown: COMMAND's header names it. */
	ui_key(&f->u, KEYC_F(6));
	ui_key(&f->u, KEYC_HOME);
	ui_key(&f->u, KEYC_DOWN);
	ui_key(&f->u, 'I');
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_PPID);
	assert_true(view_sort_descending(f->v));
	frame(f, 100, 30);
	assert_non_null(strstr(line(f, 2), "COMMAND [sorted by PPID\xe2\x86\x93]"));
	/* Back to creation order: nothing marked. */
	ui_key(&f->u, KEYC_F(6));
	ui_key(&f->u, KEYC_HOME);
	ui_key(&f->u, KEYC_DOWN);
	ui_key(&f->u, KEYC_DOWN);
	ui_key(&f->u, KEYC_DOWN);
	ui_key(&f->u, KEYC_ENTER);
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_START);
	assert_false(view_sort_descending(f->v));
	frame(f, 100, 30);
	assert_null(strstr(line(f, 2), "\xe2\x86"));
	assert_null(strstr(line(f, 2), "sorted"));
}

/* A click on a column's name sorts by it; again, the other way. */
static void
test_header_click(void **state)
{
	struct fx *f = *state;

	frame(f, 100, 30);
	/* "    PID STATE      ..." : STATE's cell starts at column 8. */
	ui_mouse(&f->u, UI_CLICK, 10, 2);
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_STATE);
	assert_true(view_sort_descending(f->v));
	ui_mouse(&f->u, UI_CLICK, 10, 2);
	assert_false(view_sort_descending(f->v));
	ui_mouse(&f->u, UI_CLICK, 2, 2);
	assert_int_equal(view_sort_column(f->v), SETTINGS_COL_PID);
	assert_false(view_sort_descending(f->v));
}

/* ---- columns, highlights, summaries as drawn -------------------------------------- */

static void
test_chosen_columns(void **state)
{
	struct fx *f = *state;
	struct event ev;
	static const enum settings_col cols[] = {
		SETTINGS_COL_PPID, SETTINGS_COL_THREADS, SETTINGS_COL_EXE, SETTINGS_COL_CWD,
		SETTINGS_COL_UTIME,
	};

	/* A long cwd shows its end; a long exe its start. */
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC;
	ev.t_us = th_clock += 1000;
	ev.id = 3;
	ev.pid = 1003;
	ev.argv.data = "ld\0prog\0";
	ev.argv.len = 8;
	ev.exe = "/usr/lib/bin/a-very-long-linker-name";
	ev.cwd = "/home/user/src/project/deep/sub/dir";
	bus_emit(&th_bus, &ev);
	settings_set_columns(f->u.settings, cols, 5);
	ui_use_settings(&f->u, NULL);
	frame(f, 120, 20);
	assert_string_equal(line(f, 2),
	    "   PPID THREADS EXE          CWD                    UTIME COMMAND");
	assert_string_equal(line(f, 3),
	    "      -       1 x            /tmp                       - - make");
	assert_string_equal(line(f, 4),
	    "   1001       1 x            /tmp                  0.000s \xe2\x94\x9c\xe2\x94\x80\xe2\x94"
	    "\x80 cc alpha.c");
	/* ld still runs: the critical path so far ends at it (heavy lines). */
	assert_string_equal(line(f, 5),
	    "   1001       1 a-very-long\xe2\x80\xa6 \xe2\x80\xa6roject/deep/sub/dir       - "
	    "\xe2\x94\x97\xe2\x94\x81\xe2\x94\x81 ld prog");
}

static void
test_highlight_live_only(void **state)
{
	struct fx *f = *state;
	uint16_t a;
	int x;

	f->u.replay = NULL;
	f->u.flags |= UI_HIGHLIGHT;
	th_clock += 500000;
	th_proc(4, 1, "as");			/* new: 0.5 s old at most */
	frame(f, 100, 20);
	/* Rows: 1 make, 2 cc (ended 0.5 s ago), 3 ld, 4 as (new). */
	x = scr_tree_state(&f->u)->cmd_x + 6;
	a = canvas_line(&f->c, 4)[0].attr;
	assert_int_equal(a & DRAW_COLOR_MASK, DRAW_GONE);
	assert_int_equal(canvas_line(&f->c, 4)[x].attr & DRAW_COLOR_MASK, DRAW_GONE);
	assert_int_equal(canvas_line(&f->c, 6)[0].attr & DRAW_COLOR_MASK, DRAW_NEW);
	assert_true(f->u.tick);			/* a frame when it fades */
	/* The selected row (make, new too) keeps its reverse video alone. */
	assert_true(canvas_line(&f->c, 3)[0].attr & DRAW_REVERSE);
	assert_int_equal(canvas_line(&f->c, 3)[0].attr & DRAW_COLOR_MASK, DRAW_DEFAULT);
	view_select(f->v, 3);
	frame(f, 100, 20);
	assert_int_equal(canvas_line(&f->c, 3)[0].attr & DRAW_COLOR_MASK, DRAW_NEW);
	/* 2 s later: plain again. */
	th_clock += UI_HIGHLIGHT_US + 1;
	frame(f, 100, 20);
	assert_int_equal(canvas_line(&f->c, 4)[0].attr & DRAW_COLOR_MASK, DRAW_DEFAULT);
	assert_int_equal(canvas_line(&f->c, 6)[0].attr & DRAW_COLOR_MASK, DRAW_DEFAULT);
	assert_false(f->u.tick);
	/* In a replay, never. */
	th_proc(5, 1, "as");
	f->u.replay = "x";
	frame(f, 100, 20);
	assert_int_equal(canvas_line(&f->c, 7)[0].attr & DRAW_COLOR_MASK, DRAW_DEFAULT);
}

/* A folded process sums up its subtree's CPU and peak RSS. */
static void
test_fold_summary_totals(void **state)
{
	struct fx *f = *state;
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT;
	ev.t_us = th_clock += 1000;
	ev.id = 3;
	ev.pid = 1003;
	ev.utime_us = 1500000;
	ev.stime_us = 500000;
	ev.maxrss_kb = 2048;
	bus_emit(&th_bus, &ev);
	view_set_folded(f->v, 1, 1);
	frame(f, 140, 20);
	assert_non_null(strstr(line(f, 3), "[2 procs, 0 failed, "));
	assert_non_null(strstr(line(f, 3), "s, cpu 2.000s, max 2.0M]"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_items_and_changes),
		cmocka_unit_test_setup_teardown(test_setup_screen_applies_and_saves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_setup_choices, setup, teardown),
		cmocka_unit_test_setup_teardown(test_keys_kept, setup, teardown),
		cmocka_unit_test_setup_teardown(test_forced_flags, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_file, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_header_click, setup, teardown),
		cmocka_unit_test_setup_teardown(test_chosen_columns, setup, teardown),
		cmocka_unit_test_setup_teardown(test_highlight_live_only, setup, teardown),
		cmocka_unit_test_setup_teardown(test_fold_summary_totals, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
