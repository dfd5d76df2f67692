/*
 * test_keys.c: keys and mouse events against the UI state, with fake
 * tracer hooks: prompts, search, x, detail, help, the signal menu and its
 * confirmation, the quit question; the terminal pane: focus, the bytes
 * keys become on the command's pty, layout and history keys, the mouse.
 */
#include "config.h"

#include <errno.h>
#include <locale.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include "pane.h"
#include "pty_helpers.h"
#include "screens.h"
#include "tree_helpers.h"
#include "ui.h"
#include "view.h"

struct fx {
	struct ptree *pt;
	struct view *v;
	struct ui u;
	struct canvas c;
	/* What the fake hooks saw. */
	unsigned alive;
	int nsignals, last_sig;
	uint32_t last_id;
	int quits;
	enum ui_quit last_quit;
};

static int64_t
fake_now(void *ctx)
{
	return th_clock;
}

static unsigned
fake_alive(void *ctx)
{
	return ((struct fx *)ctx)->alive;
}

static int
fake_signal(void *ctx, uint32_t id, int sig)
{
	struct fx *f = ctx;

	f->nsignals++;
	f->last_sig = sig;
	f->last_id = id;
	return 0;
}

static void
fake_quit(void *ctx, enum ui_quit how)
{
	struct fx *f = ctx;

	f->quits++;
	f->last_quit = how;
}

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	th_tree_view(&f->pt, &f->v, "make");
	ui_init(&f->u, f->pt, f->v, 0, &screen_tree, screens_all);
	f->u.hooks.ctx = f;
	f->u.hooks.now = fake_now;
	f->u.hooks.alive = fake_alive;
	f->u.hooks.signal = fake_signal;
	f->u.hooks.quit = fake_quit;
	ui_layout(&f->u, 100, 30);

	th_proc(1, 0, "make");
	th_proc(2, 1, "cc alpha");
	th_proc(3, 2, "as");
	th_proc(4, 2, "ld");
	th_proc(5, 1, "cc beta");
	th_exit(4, 1, 0);
	view_sync(f->v);
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
	view_free(f->v);
	ptree_free(f->pt);
	free(f);
	return 0;
}

static void
keys(struct fx *f, const char *s)
{
	for (; *s != '\0'; s++)
		ui_key(&f->u, (unsigned char)*s);
}

/* Draw a frame (as ui.c does) so the layout-dependent state is set. */
static void
draw(struct fx *f)
{
	ui_prepare(&f->u, f->u.lay.w, f->u.lay.h);
	canvas_resize(&f->c, f->u.lay.w, f->u.lay.h);
	ui_draw(&f->c, &f->u);
}

/* Back to the tree, whatever is open. */
static void
to_tree(struct fx *f)
{
	while (ui_top(&f->u) != &screen_tree)
		ui_close(&f->u);
}

static void
test_moves(void **state)
{
	struct fx *f = *state;

	keys(f, "jj");
	assert_int_equal(view_cursor_id(f->v), 3);
	ui_key(&f->u, KEYC_UP);
	assert_int_equal(view_cursor_id(f->v), 2);
	keys(f, "G");
	assert_int_equal(view_cursor_id(f->v), 5);
	ui_key(&f->u, KEYC_HOME);
	assert_int_equal(view_cursor_id(f->v), 1);
	ui_key(&f->u, KEYC_END);
	assert_int_equal(view_cursor_id(f->v), 5);
	keys(f, "g");
	ui_key(&f->u, KEYC_NPAGE);
	assert_int_equal(view_cursor_id(f->v), 5);
}

static void
test_folding_keys(void **state)
{
	struct fx *f = *state;

	keys(f, "j-");
	assert_true(view_flags(f->v, 2) & VIEW_FOLDED);
	keys(f, "+");
	assert_false(view_flags(f->v, 2) & VIEW_FOLDED);
	keys(f, " ");
	assert_true(view_flags(f->v, 2) & VIEW_FOLDED);
	ui_key(&f->u, KEYC_RIGHT);
	assert_false(view_flags(f->v, 2) & VIEW_FOLDED);
	keys(f, "h");
	assert_true(view_flags(f->v, 2) & VIEW_FOLDED);
	keys(f, "h");				/* on a folded one: to the parent */
	assert_int_equal(view_cursor_id(f->v), 1);
	keys(f, "*");
	assert_false(view_flags(f->v, 2) & VIEW_FOLDED);
	keys(f, "*");
	assert_true(view_flags(f->v, 1) & VIEW_FOLDED);
	assert_true(view_flags(f->v, 2) & VIEW_FOLDED);
}

static void
test_filter_prompt(void **state)
{
	struct fx *f = *state;

	keys(f, "\\");
	assert_ptr_equal(ui_top(&f->u), &screen_filter);
	keys(f, "ld");				/* applied as it is typed */
	assert_string_equal(view_filter(f->v), "ld");
	assert_int_equal(view_nrows(f->v), 3);
	ui_key(&f->u, KEYC_ENTER);		/* Enter keeps it */
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_string_equal(view_filter(f->v), "ld");
	keys(f, "j");				/* keys act on the tree again */
	assert_int_equal(view_cursor_id(f->v), 2);
	ui_key(&f->u, KEYC_F(4));		/* reopens with the text */
	assert_string_equal(scr_prompt_text(&f->u), "ld");
	ui_key(&f->u, KEYC_BACKSPACE);
	assert_string_equal(view_filter(f->v), "l");
	ui_key(&f->u, KEYC_ESC);		/* Esc clears */
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_null(view_filter(f->v));
	assert_int_equal(view_nrows(f->v), 5);
	/* States through the prompt. */
	keys(f, "\\:failed");
	ui_key(&f->u, KEYC_ENTER);
	assert_int_equal(view_filter_states(f->v), VIEW_STATE_FAILED);
	assert_int_equal(view_nrows(f->v), 3);
	keys(f, "\\");
	ui_key(&f->u, KEYC_CTRL('u'));
	assert_null(view_filter(f->v));
}

static void
test_search_prompt(void **state)
{
	struct fx *f = *state;

	keys(f, "/c");
	assert_ptr_equal(ui_top(&f->u), &screen_search);
	assert_int_equal(view_cursor_id(f->v), 2);	/* first "c" from the start */
	keys(f, "c b");				/* incremental, from where it began */
	assert_int_equal(view_cursor_id(f->v), 5);
	ui_key(&f->u, KEYC_BACKSPACE);
	ui_key(&f->u, KEYC_BACKSPACE);
	assert_int_equal(view_cursor_id(f->v), 2);
	keys(f, "zz");
	assert_true(scr_prompt_failed(&f->u));
	assert_int_equal(view_cursor_id(f->v), 2);	/* stays */
	ui_key(&f->u, KEYC_CTRL('w'));
	keys(f, "cc");
	ui_key(&f->u, KEYC_ENTER);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	keys(f, "n");
	assert_int_equal(view_cursor_id(f->v), 5);
	keys(f, "n");
	assert_int_equal(view_cursor_id(f->v), 2);
	keys(f, "N");
	assert_int_equal(view_cursor_id(f->v), 5);
	/* F3 inside the prompt goes on to the next match. */
	ui_key(&f->u, KEYC_F(3));
	keys(f, "a");
	assert_int_equal(view_cursor_id(f->v), 5);	/* "cc beta" has an a */
	ui_key(&f->u, KEYC_F(3));
	assert_int_equal(view_cursor_id(f->v), 1);	/* make */
	ui_key(&f->u, KEYC_ESC);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_int_equal(view_cursor_id(f->v), 1);
	/* Matches stay highlighted until Esc in the tree; n brings them back. */
	assert_true(f->u.search_hl);
	assert_true(f->u.search_reveal);
	f->u.search_reveal = 0;			/* as the frame does */
	ui_key(&f->u, KEYC_ESC);
	assert_false(f->u.search_hl);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	keys(f, "n");
	assert_true(f->u.search_hl);
	assert_true(f->u.search_reveal);
	/* A search that finds nothing moves nothing: no scroll. */
	f->u.search_reveal = 0;
	keys(f, "/zzz");
	assert_false(f->u.search_reveal);
	ui_key(&f->u, KEYC_CTRL('u'));
	assert_false(f->u.search_hl);
}

static void
test_next_failed(void **state)
{
	struct fx *f = *state;

	keys(f, "*");				/* fold everything */
	keys(f, "x");
	assert_int_equal(view_cursor_id(f->v), 4);
	assert_false(view_flags(f->v, 2) & VIEW_FOLDED);
	keys(f, "gX");
	assert_int_equal(view_cursor_id(f->v), 4);
	th_exit(3, 0, 0);
	th_exit(5, 0, 0);
	th_exit(2, 0, 0);
	th_exit(1, 0, 0);
	th_exit(4, 0, 0);			/* ignored: 4 already ended */
	keys(f, "gx");
	assert_int_equal(view_cursor_id(f->v), 4);
}

static void
test_detail_and_back(void **state)
{
	struct fx *f = *state;
	char *text;

	keys(f, "jjj");
	ui_key(&f->u, KEYC_ENTER);
	assert_ptr_equal(ui_top(&f->u), &screen_detail);
	assert_int_equal(scr_detail_id(&f->u), 4);
	text = strndup(scr_pager_of(&f->u)->text.p, scr_pager_of(&f->u)->text.len);
	assert_non_null(strstr(text, "exited with status 1 (failure)"));
	free(text);
	draw(f);
	keys(f, "j");
	ui_key(&f->u, KEYC_ESC);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_int_equal(view_cursor_id(f->v), 4);
}

static int
pager_has(const struct pager *p, const char *what)
{
	char *text = strndup(p->text.p, p->text.len);
	int found = strstr(text, what) != NULL;

	free(text);
	return found;
}

static void
test_detail_refresh(void **state)
{
	struct fx *f = *state;

	keys(f, "j");				/* 2, running */
	f->u.now_us = th_clock;
	ui_key(&f->u, KEYC_ENTER);
	assert_true(pager_has(scr_pager_of(&f->u), "state      running"));
	th_exit(2, 0, 6);			/* the process itself changed: at once */
	ui_refresh(&f->u);
	assert_true(pager_has(scr_pager_of(&f->u), "killed by signal 6 (SIGABRT"));
	/* A change below it waits a little (no rebuild per event). */
	assert_true(pager_has(scr_pager_of(&f->u), "2 descendants, 1 failed"));	/* 4 */
	th_exit(3, 1, 0);
	ui_refresh(&f->u);
	assert_true(pager_has(scr_pager_of(&f->u), "2 descendants, 1 failed"));
	f->u.now_us += 600000;
	ui_refresh(&f->u);
	assert_true(pager_has(scr_pager_of(&f->u), "2 descendants, 2 failed"));
}

static void
test_help_lists_every_key(void **state)
{
	struct fx *f = *state;
	char *text;

	keys(f, "?");
	assert_ptr_equal(ui_top(&f->u), &screen_help);
	text = strndup(scr_pager_of(&f->u)->text.p, scr_pager_of(&f->u)->text.len);
	static const char *const labels[] = {
		"Up k", "Down j", "PgUp", "PgDn", "Home g", "End G", "Right + l", "Left - h",
		"Space", "*", "/ F3", "n ", "N ", "\\ F4", "x ", "X ", "f F", "Enter", "F9 K",
		"F1 ?", "q F10", "Ctrl-L", "Shift-Left {", "Shift-Right }", "< >", "F6", "I ",
		"F2 S", ":failed", ":running", "Esc", "Ctrl-U", "Ctrl-W", "click", "wheel",
		"F7 [", "F8 ]",
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strstr(text, labels[i]) == NULL)
			fail_msg("help lacks '%s'", labels[i]);
	free(text);
	ui_key(&f->u, KEYC_F(1));
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
}

static void
test_signal_menu(void **state)
{
	struct fx *f = *state;

	keys(f, "j");				/* 2, running */
	ui_key(&f->u, KEYC_F(9));
	assert_ptr_equal(ui_top(&f->u), &screen_signal);
	assert_int_equal(scr_signal_selected(&f->u), SIGTERM);	/* htop's default */
	keys(f, "9");
	assert_int_equal(scr_signal_selected(&f->u), SIGKILL);
	keys(f, "1");
	keys(f, "2");
	assert_int_equal(scr_signal_selected(&f->u), SIGUSR2);
	ui_key(&f->u, KEYC_UP);
	assert_int_equal(scr_signal_selected(&f->u), SIGSEGV);
	ui_key(&f->u, KEYC_ENTER);
	assert_ptr_equal(ui_top(&f->u), &screen_confirm);
	assert_int_equal(f->nsignals, 0);	/* nothing before the confirmation */
	keys(f, "n");
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_int_equal(f->nsignals, 0);
	keys(f, "K");
	ui_key(&f->u, KEYC_ENTER);
	keys(f, "y");
	assert_int_equal(f->nsignals, 1);
	assert_int_equal(f->last_sig, SIGTERM);
	assert_int_equal(f->last_id, 2);
	assert_non_null(strstr(f->u.msg, "Sent SIGTERM to 1002"));
	/* Not on an ended process, not in a replay. */
	keys(f, "jj");				/* 4 has exited */
	keys(f, "K");
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_non_null(strstr(f->u.msg, "has ended"));
	f->u.hooks.signal = NULL;
	keys(f, "gK");
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_non_null(strstr(f->u.msg, "while tracing"));
}

static void
test_quit_question(void **state)
{
	struct fx *f = *state;

	f->alive = 3;
	keys(f, "q");
	assert_ptr_equal(ui_top(&f->u), &screen_quit);
	assert_int_equal(f->quits, 0);
	ui_key(&f->u, KEYC_ESC);
	assert_ptr_equal(ui_top(&f->u), &screen_tree);
	assert_int_equal(f->quits, 0);
	ui_key(&f->u, KEYC_F(10));
	keys(f, "d");
	assert_int_equal(f->quits, 1);
	assert_int_equal(f->last_quit, UI_QUIT_DETACH);
	to_tree(f);
	ui_key(&f->u, KEYC_CTRL('c'));
	keys(f, "k");
	assert_int_equal(f->quits, 2);
	assert_int_equal(f->last_quit, UI_QUIT_KILL);
	assert_ptr_equal(ui_top(&f->u), &screen_leaving);
	/* Nothing runs: q quits at once. */
	to_tree(f);
	f->alive = 0;
	keys(f, "q");
	assert_int_equal(f->quits, 3);
	assert_int_equal(f->last_quit, UI_QUIT_NOW);
}

static void
test_mouse(void **state)
{
	struct fx *f = *state;
	int y_row2, mx;

	draw(f);
	y_row2 = f->u.lay.tree.y + 1 + 1;	/* column header, then rows 0, 1 */
	ui_mouse(&f->u, UI_CLICK, 10, y_row2);
	assert_int_equal(view_cursor_id(f->v), 2);
	assert_false(view_flags(f->v, 2) & VIEW_FOLDED);
	mx = scr_tree_marker_x(&f->u, 2);
	ui_mouse(&f->u, UI_CLICK, mx, y_row2);	/* on the marker: folds */
	assert_true(view_flags(f->v, 2) & VIEW_FOLDED);
	ui_mouse(&f->u, UI_CLICK, mx, y_row2);
	assert_false(view_flags(f->v, 2) & VIEW_FOLDED);
	ui_mouse(&f->u, UI_CLICK, 10, f->u.lay.h - 1);	/* footer: nothing */
	assert_int_equal(view_cursor_id(f->v), 2);
}

static void
test_hscroll_keys(void **state)
{
	struct fx *f = *state;

	draw(f);
	keys(f, "}");				/* nothing is cut: no scrolling */
	assert_int_equal(scr_tree_state(&f->u)->hscroll, 0);
	/* A command cut at the right edge: there is more to scroll to. */
	th_spawn(6, 1);
	th_exec(6, "cc", "-DLONG=xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
	    (const char *)NULL);
	draw(f);
	keys(f, "}");
	ui_key(&f->u, KEYC_RIGHT | KEYC_MOD_SHIFT);
	assert_int_equal(scr_tree_state(&f->u)->hscroll, 16);
	ui_key(&f->u, KEYC_LEFT | KEYC_MOD_SHIFT);
	keys(f, "{{");
	assert_int_equal(scr_tree_state(&f->u)->hscroll, 0);
	/* < and > sort now, as in htop: they do not scroll. */
	keys(f, "}>");
	assert_int_equal(scr_tree_state(&f->u)->hscroll, 8);
	assert_int_not_equal(view_sort_column(f->v), SETTINGS_COL_START);
}


/* ---- the terminal pane ---- */

/* A pane on a real pty; *slave is the test's raw end of it. */
static struct pane *
with_pane(struct fx *f, int *slave)
{
	struct pane *p = pane_new(1, 1, 1000);

	f->u.pane = p;
	ui_layout(&f->u, 100, 30);
	assert_int_equal(pane_open_pty(p), 0);
	*slave = pty_open_slave(O_NONBLOCK, 1);
	return p;
}

/* What reached the command's end so far (waits a little for the first byte). */
static const char *
slave_read(int fd)
{
	static char got[512];
	struct pollfd pfd = { fd, POLLIN, 0 };
	size_t n = 0;
	ssize_t k;

	while (n + 1 < sizeof got && poll(&pfd, 1, n == 0 ? 1000 : 50) == 1) {
		if ((k = read(fd, got + n, sizeof got - 1 - n)) <= 0)
			break;
		n += (size_t)k;
	}
	got[n] = '\0';
	return got;
}

static void
test_pane_focus_and_bytes(void **state)
{
	struct fx *f = *state;
	static const int seq[] = {
		'a', KEYC_CTRL('c'), KEYC_CTRL('z'), KEYC_CTRL('d'), 'q', 27, '\r', 0x7f, 0xe9,
		KEYC_UP, KEYC_UP | KEYC_MOD_CTRL, KEYC_HOME, KEYC_NPAGE, KEYC_F(5), KEYC_F(1),
		KEYC_BTAB, KEYC_BACKSPACE, KEYC_DELETE, KEYC_INSERT, KEYC_F(10), KEYC_ENTER,
	};
	int s, i;

	(void)with_pane(f, &s);
	/* Tab gives the pane the focus; from then on keys are the command's. */
	ui_key(&f->u, '\t');
	assert_ptr_equal(ui_top(&f->u), &screen_pane_focus);
	assert_true(ui_raw_keys(&f->u));
	f->alive = 1;
	for (i = 0; i < (int)(sizeof seq / sizeof seq[0]); i++)
		ui_key(&f->u, seq[i]);
	assert_string_equal(slave_read(s), "a\003\032\004q\033\r\177\xc3\xa9"
	    "\033[A\033[1;5A\033[H\033[6~\033[15~\033OP\033[Z\177\033[3~\033[2~\033[21~\r");
	assert_int_equal(f->quits, 0);		/* q, F10, Ctrl-C: not ptop's */
	assert_ptr_equal(ui_top(&f->u), &screen_pane_focus);	/* nothing else opened */
	/* Ctrl-] gives the focus back, and is not sent. */
	ui_key(&f->u, SCR_PANE_LEAVE);
	assert_ptr_not_equal(ui_top(&f->u), &screen_pane_focus);
	assert_false(ui_raw_keys(&f->u));
	keys(f, "j");
	assert_string_equal(slave_read(s), "");
	assert_int_equal(view_cursor_id(f->v), 2);
	/* Ctrl-] from the tree goes to the pane too. */
	ui_key(&f->u, SCR_PANE_LEAVE);
	assert_ptr_equal(ui_top(&f->u), &screen_pane_focus);
	/* A key is one write, however many bytes it makes; cork holds a burst. */
	pane_cork(f->u.pane, 1);
	ui_key(&f->u, 27);
	ui_key(&f->u, 'x');
	assert_string_equal(slave_read(s), "");
	pane_cork(f->u.pane, 0);
	assert_string_equal(slave_read(s), "\033x");
	close(s);
}

static void
test_pane_layout_keys(void **state)
{
	struct fx *f = *state;
	int s;

	/* No pane (replay, attach, --no-pty): the keys do nothing. */
	keys(f, "\tozp");
	assert_ptr_not_equal(ui_top(&f->u), &screen_pane_focus);
	assert_int_equal(f->u.pane_side, 0);
	assert_int_equal(f->u.pane_show, UI_PANE_SPLIT);

	(void)with_pane(f, &s);
	keys(f, "o");
	assert_int_equal(f->u.pane_side, 1);
	assert_int_equal(pane_cols(f->u.pane), 49);
	keys(f, "o");
	assert_int_equal(f->u.pane_side, 0);
	assert_int_equal(pane_cols(f->u.pane), 100);
	keys(f, "z");
	assert_int_equal(f->u.pane_show, UI_PANE_MAX);
	assert_int_equal(pane_rows(f->u.pane), 26);
	keys(f, "z");
	assert_int_equal(f->u.pane_show, UI_PANE_HIDDEN);
	assert_int_equal(pane_rows(f->u.pane), 26);	/* hidden: left alone */
	keys(f, "z");
	assert_int_equal(f->u.pane_show, UI_PANE_SPLIT);
	assert_int_equal(pane_rows(f->u.pane), 13);
	keys(f, "p");
	assert_int_equal(f->u.pane_show, UI_PANE_HIDDEN);
	keys(f, "p");
	assert_int_equal(f->u.pane_show, UI_PANE_SPLIT);
	/* Tab on a hidden pane shows it. */
	keys(f, "p\t");
	assert_int_equal(f->u.pane_show, UI_PANE_SPLIT);
	assert_ptr_equal(ui_top(&f->u), &screen_pane_focus);
	close(s);
}

static void
test_pane_history_keys(void **state)
{
	struct fx *f = *state;
	char line[32];
	int s, i;

	(void)with_pane(f, &s);
	for (i = 0; i < 100; i++) {
		snprintf(line, sizeof line, "%d\r\n", i);
		pane_feed(f->u.pane, line, strlen(line));
	}
	assert_int_equal(pane_history(f->u.pane), 88);
	keys(f, "[");
	assert_int_equal(f->u.pane_back, 12);		/* a page: the pane's rows less one */
	ui_key(&f->u, KEYC_PPAGE | KEYC_MOD_SHIFT);
	assert_int_equal(f->u.pane_back, 24);
	keys(f, "]");
	assert_int_equal(f->u.pane_back, 12);
	ui_key(&f->u, KEYC_END | KEYC_MOD_SHIFT);
	assert_int_equal(f->u.pane_back, 0);
	/* PgUp moves in the tree, unless the pane is maximised. */
	ui_key(&f->u, KEYC_PPAGE);
	assert_int_equal(f->u.pane_back, 0);
	keys(f, "z");
	ui_key(&f->u, KEYC_HOME);
	assert_int_equal(f->u.pane_back, pane_history(f->u.pane));
	ui_key(&f->u, KEYC_DOWN);
	assert_int_equal(f->u.pane_back, pane_history(f->u.pane) - 1);
	ui_key(&f->u, KEYC_NPAGE);
	assert_int_equal(f->u.pane_back, pane_history(f->u.pane) - 1 - 25);
	ui_key(&f->u, KEYC_END);
	assert_int_equal(f->u.pane_back, 0);
	keys(f, "[[[[[[[[[[[[[[[[[[[[[");
	assert_int_equal(f->u.pane_back, pane_history(f->u.pane));	/* stops at the top */
	/* Typing into the pane shows the live screen again. */
	keys(f, "\tx");
	assert_int_equal(f->u.pane_back, 0);
	assert_string_equal(slave_read(s), "x");
	close(s);
}

static void
test_pane_mouse(void **state)
{
	struct fx *f = *state;
	int s, i;

	(void)with_pane(f, &s);
	for (i = 0; i < 40; i++)
		pane_feed(f->u.pane, "text\r\n", 6);
	draw(f);
	ui_mouse(&f->u, UI_WHEEL_UP, 5, f->u.lay.term.y + 2);
	assert_int_equal(f->u.pane_back, 3);
	assert_ptr_not_equal(ui_top(&f->u), &screen_pane_focus);
	ui_mouse(&f->u, UI_CLICK, 5, f->u.lay.term.y + 2);
	assert_ptr_equal(ui_top(&f->u), &screen_pane_focus);
	assert_int_equal(f->u.pane_back, 0);
	/* A click on the tree takes the focus back and selects. */
	ui_mouse(&f->u, UI_CLICK, 10, f->u.lay.tree.y + 2);
	assert_ptr_not_equal(ui_top(&f->u), &screen_pane_focus);
	assert_int_equal(view_cursor_id(f->v), 2);
	close(s);
}

static void
test_pane_help(void **state)
{
	struct fx *f = *state;
	char *text;
	int s;

	(void)with_pane(f, &s);
	keys(f, "?");
	text = strndup(scr_pager_of(&f->u)->text.p, scr_pager_of(&f->u)->text.len);
	static const char *const labels[] = {
		"Tab Ctrl-]", "Ctrl-C, Ctrl-Z and Ctrl-D", "o ", "z ", "p ", "[ ]",
		"Shift-PgUp", "Shift-PgDn", "Shift-End", "maximised pane", "10000 lines", "SIGHUP",
	};
	for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
		if (strstr(text, labels[i]) == NULL)
			fail_msg("help lacks '%s'", labels[i]);
	free(text);
	close(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_moves, setup, teardown),
		cmocka_unit_test_setup_teardown(test_folding_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_filter_prompt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_search_prompt, setup, teardown),
		cmocka_unit_test_setup_teardown(test_next_failed, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail_and_back, setup, teardown),
		cmocka_unit_test_setup_teardown(test_detail_refresh, setup, teardown),
		cmocka_unit_test_setup_teardown(test_help_lists_every_key, setup, teardown),
		cmocka_unit_test_setup_teardown(test_signal_menu, setup, teardown),
		cmocka_unit_test_setup_teardown(test_quit_question, setup, teardown),
		cmocka_unit_test_setup_teardown(test_mouse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hscroll_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_focus_and_bytes, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_layout_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_history_keys, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_mouse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_pane_help, setup, teardown),
	};

	setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
