/*
 * keys.c: key and mouse bindings, one table per mode.  See keys.h.
 *
 * A table entry with a label starts a help line; the entries after it
 * without one are more keys for the same action.  Entries with no key and
 * no action are section titles in the help screen.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "detail.h"
#include "fmt.h"
#include "keys.h"
#include "pane.h"
#include "xmalloc.h"

#define KEYS_HSTEP 8	/* columns per < or > */

typedef int (*keys_fn)(struct ui *u, int key);

struct keys_binding {
	int key;
	keys_fn fn;
	const char *label;	/* keys as the help shows them */
	const char *help;
};

#define SECTION(title)	{ 0, NULL, NULL, title }
#define END		{ 0, NULL, NULL, NULL }

const int keys_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGUSR1,
	SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGCHLD, SIGCONT, SIGSTOP,
	SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH,
	SIGIO, SIGPWR, SIGSYS,
};
const int keys_nsignals = sizeof keys_signals / sizeof keys_signals[0];

static int
keys_fmt_flags(const struct ui *u)
{
	return (u->flags & UI_ESCAPE8) ? FMT_ASCII : 0;
}

static int
keys_pager_height(const struct ui *u)
{
	struct rect r = draw_side_rect(u);

	return r.h - 1 > 0 ? r.h - 1 : 1;
}

/* ---- tree mode ---------------------------------------------------------- */

static int
act_up(struct ui *u, int key)
{
	view_move(u->view, -1);
	return KEYS_REDRAW;
}

static int
act_down(struct ui *u, int key)
{
	view_move(u->view, 1);
	return KEYS_REDRAW;
}

static int
act_pgup(struct ui *u, int key)
{
	view_move(u->view, -(long)view_height(u->view));
	return KEYS_REDRAW;
}

static int
act_pgdn(struct ui *u, int key)
{
	view_move(u->view, (long)view_height(u->view));
	return KEYS_REDRAW;
}

static int
act_home(struct ui *u, int key)
{
	view_goto_row(u->view, 0);
	return KEYS_REDRAW;
}

static int
act_end(struct ui *u, int key)
{
	view_sync(u->view);
	if (view_nrows(u->view) > 0)
		view_goto_row(u->view, view_nrows(u->view) - 1);
	return KEYS_REDRAW;
}

static int
act_scroll_left(struct ui *u, int key)
{
	u->hscroll = u->hscroll > KEYS_HSTEP ? u->hscroll - KEYS_HSTEP : 0;
	return KEYS_REDRAW;
}

static int
act_scroll_right(struct ui *u, int key)
{
	if (u->lay.cmd_more)
		u->hscroll += KEYS_HSTEP;
	return KEYS_REDRAW;
}

static int
act_expand(struct ui *u, int key)
{
	view_expand(u->view);
	return KEYS_REDRAW;
}

static int
act_collapse(struct ui *u, int key)
{
	view_collapse(u->view);
	return KEYS_REDRAW;
}

static int
act_toggle(struct ui *u, int key)
{
	view_toggle(u->view);
	return KEYS_REDRAW;
}

static int
act_toggle_all(struct ui *u, int key)
{
	view_toggle_all(u->view);
	return KEYS_REDRAW;
}

static int
act_search(struct ui *u, int key)
{
	u->mode = UI_SEARCH;
	buf_clear(&u->prompt);
	u->search_from = view_cursor_id(u->view);
	u->search_failed = 0;
	return KEYS_REDRAW;
}

static void
keys_search_again(struct ui *u, int dir)
{
	struct buf b = BUF_INIT;

	if (u->search == NULL || *u->search == '\0') {
		ui_message(u, "No search yet: press / to search");
		return;
	}
	if (view_search(u->view, u->search, 0, dir, 0) != 0) {
		fmt_escape(&b, u->search, strlen(u->search), keys_fmt_flags(u));
		ui_message(u, "Not found: %s", b.p);
		buf_free(&b);
		return;
	}
	u->search_hl = u->search_reveal = 1;
}

static int
act_next(struct ui *u, int key)
{
	keys_search_again(u, 1);
	return KEYS_REDRAW;
}

static int
act_prev(struct ui *u, int key)
{
	keys_search_again(u, -1);
	return KEYS_REDRAW;
}

static int
act_filter(struct ui *u, int key)
{
	const char *f = view_filter(u->view);

	u->mode = UI_FILTER;
	buf_clear(&u->prompt);
	if (f != NULL)
		buf_adds(&u->prompt, f);
	free(u->filter_before);
	u->filter_before = f != NULL ? xstrdup(f) : NULL;
	return KEYS_REDRAW;
}

static int
act_next_bad(struct ui *u, int key)
{
	if (view_next_bad(u->view, key == 'X' ? -1 : 1) != 0)
		ui_message(u, "No failed or killed process%s",
		    view_filter(u->view) != NULL ? " passes the filter" : "");
	return KEYS_REDRAW;
}

static int
act_follow(struct ui *u, int key)
{
	view_set_follow(u->view, !view_follow(u->view));
	ui_message(u, view_follow(u->view) ? "Follow: on, the newest process stays selected" :
	    "Follow: off");
	return KEYS_REDRAW;
}

static void
keys_build_detail(struct ui *u)
{
	const struct node *n = ptree_node(u->pt, u->detail_id);

	detail_build(&u->pager, u->pt, u->detail_id, u->now_us, keys_fmt_flags(u));
	u->detail_gen = ptree_data_gen(u->pt);
	u->detail_t = u->now_us;
	u->detail_flags = n != NULL ? n->flags : 0;
	u->detail_exec = n != NULL ? n->exec : NULL;
}

static int
act_detail(struct ui *u, int key)
{
	view_sync(u->view);
	if ((u->detail_id = view_cursor_id(u->view)) == 0)
		return 0;
	u->mode = UI_DETAIL;
	u->pager.top = 0;
	keys_build_detail(u);
	return KEYS_REDRAW;
}

static int
act_signal(struct ui *u, int key)
{
	uint32_t id = view_cursor_id(u->view);
	const struct node *n;
	int i;

	if (u->hooks.signal == NULL) {
		ui_message(u, "Signals can only be sent while tracing, not in a replay");
		return KEYS_REDRAW;
	}
	if (id == 0)
		return 0;
	n = ptree_node(u->pt, id);
	if (!(n->flags & NODE_RUNNING)) {
		ui_message(u, "Process %d has ended", (int)n->pid);
		return KEYS_REDRAW;
	}
	u->sig_id = id;
	u->sig_typed = 0;
	for (i = 0; i < keys_nsignals; i++)
		if (keys_signals[i] == SIGTERM)
			u->sig_sel = i;
	u->mode = UI_SIGNAL;
	return KEYS_REDRAW;
}

static int
act_help(struct ui *u, int key)
{
	keys_help(&u->pager, u->pane != NULL);
	u->pager.top = 0;
	u->mode = UI_HELP;
	return KEYS_REDRAW;
}

static int
act_quit(struct ui *u, int key)
{
	if (u->hooks.alive != NULL && u->hooks.alive(u->hooks.ctx) > 0) {
		u->mode = UI_QUIT;
		return KEYS_REDRAW;
	}
	if (u->hooks.quit != NULL)
		u->hooks.quit(u->hooks.ctx, UI_QUIT_NOW);
	return 0;
}

static int
act_unhighlight(struct ui *u, int key)
{
	if (!u->search_hl)
		return 0;
	u->search_hl = 0;
	return KEYS_REDRAW;
}

static int
act_repaint(struct ui *u, int key)
{
	return KEYS_REDRAW | KEYS_REPAINT;
}

static const struct keys_binding keys_tree[] = {
	SECTION("Moving"),
	{ KEYC_UP, act_up, "Up k", "select the process above" },
	{ 'k', act_up, NULL, NULL },
	{ KEYC_DOWN, act_down, "Down j", "select the process below" },
	{ 'j', act_down, NULL, NULL },
	{ KEYC_PPAGE, act_pgup, "PgUp Ctrl-B", "one page up" },
	{ KEYC_CTRL('b'), act_pgup, NULL, NULL },
	{ KEYC_NPAGE, act_pgdn, "PgDn Ctrl-F", "one page down" },
	{ KEYC_CTRL('f'), act_pgdn, NULL, NULL },
	{ KEYC_HOME, act_home, "Home g", "first process" },
	{ 'g', act_home, NULL, NULL },
	{ KEYC_END, act_end, "End G", "last process" },
	{ 'G', act_end, NULL, NULL },
	{ '<', act_scroll_left, "<", "scroll the COMMAND column left" },
	{ '>', act_scroll_right, ">", "scroll the COMMAND column right" },
	SECTION("Folding"),
	{ KEYC_RIGHT, act_expand, "Right + l", "expand (on an expanded process: go to its first child)" },
	{ '+', act_expand, NULL, NULL },
	{ 'l', act_expand, NULL, NULL },
	{ KEYC_LEFT, act_collapse, "Left - h", "collapse, or go to the parent" },
	{ '-', act_collapse, NULL, NULL },
	{ 'h', act_collapse, NULL, NULL },
	{ ' ', act_toggle, "Space", "expand or collapse" },
	{ '*', act_toggle_all, "*", "expand everything below, or collapse it all if all is expanded" },
	SECTION("Finding"),
	{ '/', act_search, "/ F3", "search the argv (incremental, case-insensitive)" },
	{ KEYC_F(3), act_search, NULL, NULL },
	{ 'n', act_next, "n", "next match" },
	{ 'N', act_prev, "N", "previous match" },
	{ '\\', act_filter, "\\ F4", "filter: only matching processes and their ancestors" },
	{ KEYC_F(4), act_filter, NULL, NULL },
	{ 'x', act_next_bad, "x", "next failed or killed process" },
	{ 'X', act_next_bad, "X", "previous failed or killed process" },
	{ 'f', act_follow, "f F", "follow mode: keep the newest process selected" },
	{ 'F', act_follow, NULL, NULL },
	{ KEYC_ESC, act_unhighlight, "Esc", "stop highlighting the search's matches (n shows them again)" },
	SECTION("Processes"),
	{ KEYC_ENTER, act_detail, "Enter", "details: full argv, exe, cwd, exec chain, times, status" },
	{ KEYC_F(9), act_signal, "F9 K", "send a signal (while tracing)" },
	{ 'K', act_signal, NULL, NULL },
	SECTION("Other"),
	{ KEYC_F(1), act_help, "F1 ?", "this help" },
	{ '?', act_help, NULL, NULL },
	{ KEYC_CTRL('l'), act_repaint, "Ctrl-L", "repaint the screen" },
	{ 'q', act_quit, "q F10 Ctrl-C", "quit (asks first while the command runs)" },
	{ KEYC_F(10), act_quit, NULL, NULL },
	{ KEYC_CTRL('c'), act_quit, NULL, NULL },
	END,
};

/* ---- the terminal pane, from the tree side ------------------------------------ */

static void
keys_pane_layout(struct ui *u, enum ui_pane_show show, int side)
{
	u->pane_show = show;
	u->pane_side = side;
	draw_layout(u, u->lay.w, u->lay.h);
}

static int
act_pane_focus(struct ui *u, int key)
{
	if (pane_closed(u->pane)) {
		ui_message(u, "The command's terminal is closed: it takes no more input");
		return KEYS_REDRAW;
	}
	if (u->pane_show == UI_PANE_HIDDEN)
		keys_pane_layout(u, UI_PANE_SPLIT, u->pane_side);
	u->focus = UI_FOCUS_PANE;
	u->pane_back = 0;
	return KEYS_REDRAW;
}

static int
act_pane_orient(struct ui *u, int key)
{
	keys_pane_layout(u, u->pane_show == UI_PANE_HIDDEN ? UI_PANE_SPLIT : u->pane_show,
	    !u->pane_side);
	ui_message(u, u->pane_side ? "Terminal pane beside the tree" :
	    "Terminal pane below the tree");
	return KEYS_REDRAW;
}

/* Both, the pane alone, the tree alone, both... */
static int
act_pane_zoom(struct ui *u, int key)
{
	switch (u->pane_show) {
	case UI_PANE_SPLIT:
		keys_pane_layout(u, UI_PANE_MAX, u->pane_side);
		ui_message(u, "Terminal pane maximised (z: tree only, Tab: type into it)");
		break;
	case UI_PANE_MAX:
		keys_pane_layout(u, UI_PANE_HIDDEN, u->pane_side);
		ui_message(u, "Tree maximised, terminal pane hidden (z: both)");
		break;
	case UI_PANE_HIDDEN:
		keys_pane_layout(u, UI_PANE_SPLIT, u->pane_side);
		ui_message(u, "Tree and terminal pane (z: pane maximised)");
		break;
	}
	return KEYS_REDRAW;
}

static int
act_pane_hide(struct ui *u, int key)
{
	if (u->pane_show == UI_PANE_HIDDEN) {
		keys_pane_layout(u, UI_PANE_SPLIT, u->pane_side);
		ui_message(u, "Terminal pane shown");
	} else {
		keys_pane_layout(u, UI_PANE_HIDDEN, u->pane_side);
		ui_message(u, "Terminal pane hidden (p shows it)");
	}
	return KEYS_REDRAW;
}

/* Browse the pane's history: lines > 0 go back (up), < 0 forward. */
static int
keys_pane_scroll(struct ui *u, long lines)
{
	long back;

	draw_pane_anchor(u);
	if (u->pane_show == UI_PANE_HIDDEN)
		keys_pane_layout(u, UI_PANE_SPLIT, u->pane_side);
	back = (long)u->pane_back + lines;
	if (back > (long)pane_history(u->pane))
		back = (long)pane_history(u->pane);
	u->pane_back = back > 0 ? (unsigned)back : 0;
	return KEYS_REDRAW;
}

static int
act_pane_history(struct ui *u, int key)
{
	long page = u->lay.term.h > 2 ? u->lay.term.h - 1 : 1;

	switch (key) {
	case '[': case KEYC_PPAGE | KEYC_MOD_SHIFT: case KEYC_PPAGE: case KEYC_CTRL('b'):
		return keys_pane_scroll(u, page);
	case ']': case KEYC_NPAGE | KEYC_MOD_SHIFT: case KEYC_NPAGE: case KEYC_CTRL('f'):
		return keys_pane_scroll(u, -page);
	case KEYC_UP: case 'k':
		return keys_pane_scroll(u, 1);
	case KEYC_DOWN: case 'j':
		return keys_pane_scroll(u, -1);
	case KEYC_HOME: case 'g':
		return keys_pane_scroll(u, (long)pane_history(u->pane));
	default:
		return keys_pane_scroll(u, -(long)u->pane_back);	/* End, G: live */
	}
}

static const struct keys_binding keys_pane_tree[] = {
	SECTION("Terminal pane (the command's own terminal)"),
	{ '\t', act_pane_focus, "Tab Ctrl-]", "type into the command's terminal: every key goes "
	    "to the command, Ctrl-C, Ctrl-Z and Ctrl-D too, until Ctrl-] brings you back" },
	{ KEYS_PANE_LEAVE, act_pane_focus, NULL, NULL },
	{ 'o', act_pane_orient, "o", "pane below the tree, or beside it" },
	{ 'z', act_pane_zoom, "z", "maximise: the pane alone, then the tree alone, then both" },
	{ 'p', act_pane_hide, "p", "hide the pane (its terminal keeps its size), or show it" },
	{ '[', act_pane_history, "[ ]", "the pane's history: a page back, a page forward" },
	{ ']', act_pane_history, NULL, NULL },
	{ KEYC_PPAGE | KEYC_MOD_SHIFT, act_pane_history, "Shift-PgUp", "a page back, as [" },
	{ KEYC_NPAGE | KEYC_MOD_SHIFT, act_pane_history, "Shift-PgDn", "a page forward, as ]" },
	{ KEYC_END | KEYC_MOD_SHIFT, act_pane_history, "Shift-End", "back to the live screen" },
	END,
};

/* With the pane maximised, the moving keys browse its history. */
static const struct keys_binding keys_pane_max[] = {
	{ KEYC_PPAGE, act_pane_history, "PgUp PgDn", "maximised pane: a page of history back, "
	    "forward (Up Down Home End too)" },
	{ KEYC_NPAGE, act_pane_history, NULL, NULL },
	{ KEYC_CTRL('b'), act_pane_history, NULL, NULL },
	{ KEYC_CTRL('f'), act_pane_history, NULL, NULL },
	{ KEYC_UP, act_pane_history, NULL, NULL },
	{ KEYC_DOWN, act_pane_history, NULL, NULL },
	{ 'k', act_pane_history, NULL, NULL },
	{ 'j', act_pane_history, NULL, NULL },
	{ KEYC_HOME, act_pane_history, NULL, NULL },
	{ 'g', act_pane_history, NULL, NULL },
	{ KEYC_END, act_pane_history, NULL, NULL },
	{ 'G', act_pane_history, NULL, NULL },
	END,
};

/* ---- the terminal pane, with focus ---------------------------------------------- */

int
keys_pane_focus(const struct ui *u)
{
	return u->pane != NULL && u->focus == UI_FOCUS_PANE && u->mode == UI_TREE;
}

static int
keys_pane_mods(int key)
{
	return ((key & KEYC_MOD_SHIFT) ? PANE_MOD_SHIFT : 0) |
	    ((key & KEYC_MOD_ALT) ? PANE_MOD_ALT : 0) | ((key & KEYC_MOD_CTRL) ? PANE_MOD_CTRL : 0);
}

/* What a terminal would send for the key, written to the command. */
static void
keys_pane_send(struct pane *p, int key)
{
	static const struct {
		int keyc;
		enum pane_key pk;
	} map[] = {
		{ KEYC_UP, PANE_KEY_UP }, { KEYC_DOWN, PANE_KEY_DOWN },
		{ KEYC_LEFT, PANE_KEY_LEFT }, { KEYC_RIGHT, PANE_KEY_RIGHT },
		{ KEYC_PPAGE, PANE_KEY_PAGEUP }, { KEYC_NPAGE, PANE_KEY_PAGEDOWN },
		{ KEYC_HOME, PANE_KEY_HOME }, { KEYC_END, PANE_KEY_END },
		{ KEYC_ENTER, PANE_KEY_ENTER }, { KEYC_ESC, PANE_KEY_ESCAPE },
		{ KEYC_BACKSPACE, PANE_KEY_BACKSPACE }, { KEYC_DELETE, PANE_KEY_DEL },
		{ KEYC_INSERT, PANE_KEY_INS }, { KEYC_BTAB, PANE_KEY_TAB },
	};
	int base = key & ~KEYC_MODS, mods = keys_pane_mods(key);
	size_t i;

	if (base == KEYC_BTAB)
		mods |= PANE_MOD_SHIFT;
	if (base >= KEYC_F(1) && base <= KEYC_F(12)) {
		pane_send_key(p, (enum pane_key)(PANE_KEY_F1 + (base - KEYC_F(1))), mods);
		return;
	}
	for (i = 0; i < sizeof map / sizeof map[0]; i++) {
		if (map[i].keyc == base) {
			pane_send_key(p, map[i].pk, mods);
			return;
		}
	}
	if (base > 0 && base < KEYC_BASE)
		pane_send_char(p, (uint32_t)base, mods);
}

static int
keys_pane_input(struct ui *u, int key)
{
	if (key == KEYS_PANE_LEAVE) {
		u->focus = UI_FOCUS_TREE;
		return KEYS_REDRAW;
	}
	keys_pane_send(u->pane, key);
	if (u->pane_back == 0)
		return 0;	/* the command's echo redraws */
	u->pane_back = 0;	/* typing shows the live screen, as terminals do */
	return KEYS_REDRAW;
}

/* ---- prompts (filter and search) ------------------------------------------- */

static void
keys_prompt_apply(struct ui *u)
{
	const char *text = u->prompt.p != NULL ? u->prompt.p : "";

	if (u->mode == UI_FILTER) {
		view_set_filter(u->view, text);
		return;
	}
	free(u->search);
	u->search = xstrdup(text);
	if (*text == '\0') {
		u->search_failed = 0;
		u->search_hl = 0;
		view_select(u->view, u->search_from);
		return;
	}
	u->search_failed = view_search(u->view, text, u->search_from, 1, 1) != 0;
	u->search_hl = 1;
	u->search_reveal = !u->search_failed;
}

static int
act_prompt_cancel(struct ui *u, int key)
{
	if (u->mode == UI_FILTER)
		view_set_filter(u->view, NULL);
	u->mode = UI_TREE;
	return KEYS_REDRAW;
}

static int
act_prompt_done(struct ui *u, int key)
{
	u->mode = UI_TREE;
	return KEYS_REDRAW;
}

static int
act_prompt_erase(struct ui *u, int key)
{
	/* Back over one UTF-8 character. */
	while (u->prompt.len > 0) {
		u->prompt.len--;
		if (((unsigned char)u->prompt.p[u->prompt.len] & 0xc0) != 0x80)
			break;
	}
	if (u->prompt.p != NULL)
		u->prompt.p[u->prompt.len] = '\0';
	keys_prompt_apply(u);
	return KEYS_REDRAW;
}

static int
act_prompt_kill(struct ui *u, int key)
{
	buf_clear(&u->prompt);
	keys_prompt_apply(u);
	return KEYS_REDRAW;
}

static int
act_prompt_word(struct ui *u, int key)
{
	while (u->prompt.len > 0 && u->prompt.p[u->prompt.len - 1] == ' ')
		u->prompt.len--;
	while (u->prompt.len > 0 && u->prompt.p[u->prompt.len - 1] != ' ')
		u->prompt.len--;
	if (u->prompt.p != NULL)
		u->prompt.p[u->prompt.len] = '\0';
	keys_prompt_apply(u);
	return KEYS_REDRAW;
}

static int
act_prompt_next(struct ui *u, int key)
{
	int dir = key == KEYC_UP || key == KEYC_CTRL('p') ? -1 : 1;

	if (u->mode != UI_SEARCH || u->prompt.len == 0)
		return 0;
	u->search_failed = view_search(u->view, u->prompt.p, 0, dir, 0) != 0;
	u->search_from = view_cursor_id(u->view);
	u->search_reveal = !u->search_failed;
	return KEYS_REDRAW;
}

static const struct keys_binding keys_prompt[] = {
	{ KEYC_ENTER, act_prompt_done, "Enter", "keep the filter / end the search here" },
	{ KEYC_ESC, act_prompt_cancel, "Esc", "clear the filter / end the search here" },
	{ KEYC_BACKSPACE, act_prompt_erase, "Backspace", "erase a character" },
	{ KEYC_CTRL('h'), act_prompt_erase, NULL, NULL },
	{ KEYC_CTRL('w'), act_prompt_word, "Ctrl-W", "erase a word" },
	{ KEYC_CTRL('u'), act_prompt_kill, "Ctrl-U", "erase everything" },
	{ KEYC_F(3), act_prompt_next, "F3 Down Ctrl-N", "search: next match" },
	{ KEYC_DOWN, act_prompt_next, NULL, NULL },
	{ KEYC_CTRL('n'), act_prompt_next, NULL, NULL },
	{ KEYC_UP, act_prompt_next, "Up Ctrl-P", "search: previous match" },
	{ KEYC_CTRL('p'), act_prompt_next, NULL, NULL },
	END,
};

/* Typed text goes into the prompt. */
static int
keys_prompt_char(struct ui *u, int key)
{
	char u8[8];
	mbstate_t st;
	size_t n;

	if (key < 0x20 || key == 0x7f || key >= KEYC_BASE || (key >= 0x80 && key < 0xa0))
		return 0;
	memset(&st, 0, sizeof st);
	if (key < 0x80) {
		u8[0] = (char)key;
		n = 1;
	} else if ((n = wcrtomb(u8, (wchar_t)key, &st)) == (size_t)-1)
		return 0;
	if (u->prompt.len + n > 1024)
		return 0;
	buf_add(&u->prompt, u8, n);
	keys_prompt_apply(u);
	return KEYS_REDRAW;
}

/* ---- detail and help ----------------------------------------------------------- */

static int
act_pager_back(struct ui *u, int key)
{
	u->mode = UI_TREE;
	return KEYS_REDRAW;
}

static int
act_pager_line(struct ui *u, int key)
{
	pager_scroll(&u->pager, key == KEYC_UP || key == 'k' ? -1 : 1, keys_pager_height(u));
	return KEYS_REDRAW;
}

static int
act_pager_page(struct ui *u, int key)
{
	long h = keys_pager_height(u);

	pager_scroll(&u->pager, key == KEYC_PPAGE || key == 'b' ? -h : h, (int)h);
	return KEYS_REDRAW;
}

static int
act_pager_ends(struct ui *u, int key)
{
	pager_scroll(&u->pager, key == KEYC_HOME || key == 'g' ? -(long)u->pager.nrows - 1 :
	    (long)u->pager.nrows + 1, keys_pager_height(u));
	return KEYS_REDRAW;
}

static const struct keys_binding keys_pager[] = {
	{ KEYC_UP, act_pager_line, "Up k Down j", "scroll a line" },
	{ 'k', act_pager_line, NULL, NULL },
	{ KEYC_DOWN, act_pager_line, NULL, NULL },
	{ 'j', act_pager_line, NULL, NULL },
	{ KEYC_PPAGE, act_pager_page, "PgUp b PgDn Space", "scroll a page" },
	{ 'b', act_pager_page, NULL, NULL },
	{ KEYC_NPAGE, act_pager_page, NULL, NULL },
	{ ' ', act_pager_page, NULL, NULL },
	{ KEYC_HOME, act_pager_ends, "Home g End G", "top, bottom" },
	{ 'g', act_pager_ends, NULL, NULL },
	{ KEYC_END, act_pager_ends, NULL, NULL },
	{ 'G', act_pager_ends, NULL, NULL },
	{ KEYC_ESC, act_pager_back, "Esc q Left Enter", "back to the tree" },
	{ 'q', act_pager_back, NULL, NULL },
	{ KEYC_LEFT, act_pager_back, NULL, NULL },
	{ 'h', act_pager_back, NULL, NULL },
	{ KEYC_ENTER, act_pager_back, NULL, NULL },
	{ KEYC_F(1), act_pager_back, NULL, NULL },
	{ '?', act_pager_back, NULL, NULL },
	{ KEYC_F(10), act_pager_back, NULL, NULL },
	END,
};

/* ---- signal menu and confirmation ------------------------------------------------- */

static int
act_sig_move(struct ui *u, int key)
{
	int sel = u->sig_sel;

	switch (key) {
	case KEYC_UP: case 'k': sel--; break;
	case KEYC_DOWN: case 'j': sel++; break;
	case KEYC_PPAGE: sel -= 10; break;
	case KEYC_NPAGE: sel += 10; break;
	case KEYC_HOME: sel = 0; break;
	case KEYC_END: sel = keys_nsignals - 1; break;
	}
	u->sig_sel = sel < 0 ? 0 : sel >= keys_nsignals ? keys_nsignals - 1 : sel;
	u->sig_typed = 0;
	return KEYS_REDRAW;
}

static int
act_sig_digit(struct ui *u, int key)
{
	int i, n = u->sig_typed * 10 + (key - '0');

	if (n > keys_signals[keys_nsignals - 1])
		n = key - '0';
	u->sig_typed = n;
	for (i = 0; i < keys_nsignals; i++)
		if (keys_signals[i] == n)
			u->sig_sel = i;
	return KEYS_REDRAW;
}

static int
act_sig_choose(struct ui *u, int key)
{
	u->sig = keys_signals[u->sig_sel];
	u->mode = UI_CONFIRM;
	return KEYS_REDRAW;
}

static int
act_sig_cancel(struct ui *u, int key)
{
	u->mode = UI_TREE;
	return KEYS_REDRAW;
}

static const struct keys_binding keys_signal[] = {
	{ KEYC_UP, act_sig_move, "Up Down j k", "choose a signal (PgUp PgDn Home End too)" },
	{ KEYC_DOWN, act_sig_move, NULL, NULL },
	{ 'k', act_sig_move, NULL, NULL },
	{ 'j', act_sig_move, NULL, NULL },
	{ KEYC_PPAGE, act_sig_move, NULL, NULL },
	{ KEYC_NPAGE, act_sig_move, NULL, NULL },
	{ KEYC_HOME, act_sig_move, NULL, NULL },
	{ KEYC_END, act_sig_move, NULL, NULL },
	{ '0', act_sig_digit, "0-9", "choose a signal by its number" },
	{ '1', act_sig_digit, NULL, NULL }, { '2', act_sig_digit, NULL, NULL },
	{ '3', act_sig_digit, NULL, NULL }, { '4', act_sig_digit, NULL, NULL },
	{ '5', act_sig_digit, NULL, NULL }, { '6', act_sig_digit, NULL, NULL },
	{ '7', act_sig_digit, NULL, NULL }, { '8', act_sig_digit, NULL, NULL },
	{ '9', act_sig_digit, NULL, NULL },
	{ KEYC_ENTER, act_sig_choose, "Enter", "send it (after a y/n confirmation)" },
	{ KEYC_ESC, act_sig_cancel, "Esc q", "cancel" },
	{ 'q', act_sig_cancel, NULL, NULL },
	END,
};

static int
act_confirm_yes(struct ui *u, int key)
{
	const struct node *n = ptree_node(u->pt, u->sig_id);

	u->mode = UI_TREE;
	if (n == NULL || !(n->flags & NODE_RUNNING)) {
		ui_message(u, "Process %d has ended; nothing sent", n != NULL ? (int)n->pid : 0);
		return KEYS_REDRAW;
	}
	if (u->hooks.signal(u->hooks.ctx, u->sig_id, u->sig) != 0)
		ui_message(u, "Cannot send %s to %d: %s", signal_name(u->sig), (int)n->pid,
		    strerror(errno));
	else
		ui_message(u, "Sent %s to %d", signal_name(u->sig), (int)n->pid);
	return KEYS_REDRAW;
}

static int
act_confirm_no(struct ui *u, int key)
{
	u->mode = UI_TREE;
	ui_message(u, "Nothing sent");
	return KEYS_REDRAW;
}

static const struct keys_binding keys_confirm[] = {
	{ 'y', act_confirm_yes, "y", "yes, send the signal" },
	{ 'Y', act_confirm_yes, NULL, NULL },
	{ 0, act_confirm_no, "any other key", "no" },
	END,
};

/* ---- quit question ------------------------------------------------------------------ */

static int
act_quit_kill(struct ui *u, int key)
{
	u->mode = UI_LEAVING;
	u->hooks.quit(u->hooks.ctx, UI_QUIT_KILL);
	return KEYS_REDRAW;
}

static int
act_quit_detach(struct ui *u, int key)
{
	u->hooks.quit(u->hooks.ctx, UI_QUIT_DETACH);
	return KEYS_REDRAW;
}

static int
act_quit_cancel(struct ui *u, int key)
{
	u->mode = UI_TREE;
	return KEYS_REDRAW;
}

static const struct keys_binding keys_quit[] = {
	{ 'k', act_quit_kill, "k", "kill the command and every process it started, then quit" },
	{ 'K', act_quit_kill, NULL, NULL },
	{ 'd', act_quit_detach, "d", "detach: quit and leave them running, untraced" },
	{ 'D', act_quit_detach, NULL, NULL },
	{ KEYC_ESC, act_quit_cancel, "Esc c n", "cancel: stay" },
	{ 'c', act_quit_cancel, NULL, NULL },
	{ 'n', act_quit_cancel, NULL, NULL },
	END,
};

/* ---- dispatch ------------------------------------------------------------------------- */

static const struct keys_binding *
keys_lookup(const struct keys_binding *t, int key)
{
	for (; t->fn != NULL || t->help != NULL; t++)
		if (t->fn != NULL && t->key == key && key != 0)
			return t;
	return NULL;
}

static int
keys_run(const struct keys_binding *t, struct ui *u, int key)
{
	const struct keys_binding *b = keys_lookup(t, key);

	return b != NULL ? b->fn(u, key) : 0;
}

int
keys_handle(struct ui *u, int key)
{
	int r;

	u->msg[0] = '\0';
	switch (u->mode) {
	case UI_TREE:
		if (u->pane == NULL)
			return keys_run(keys_tree, u, key) | KEYS_REDRAW;
		if (u->focus == UI_FOCUS_PANE)
			return keys_pane_input(u, key);
		if (u->pane_show == UI_PANE_MAX && (r = keys_run(keys_pane_max, u, key)) != 0)
			return r;
		if ((r = keys_run(keys_pane_tree, u, key)) != 0)
			return r;
		return keys_run(keys_tree, u, key) | KEYS_REDRAW;
	case UI_FILTER:
	case UI_SEARCH:
		if ((r = keys_run(keys_prompt, u, key)) != 0)
			return r;
		return keys_prompt_char(u, key) | KEYS_REDRAW;
	case UI_DETAIL:
	case UI_HELP:
		return keys_run(keys_pager, u, key) | KEYS_REDRAW;
	case UI_SIGNAL:
		return keys_run(keys_signal, u, key) | KEYS_REDRAW;
	case UI_CONFIRM:
		if ((r = keys_run(keys_confirm, u, key)) != 0)
			return r;
		return act_confirm_no(u, key);
	case UI_QUIT:
		return keys_run(keys_quit, u, key) | KEYS_REDRAW;
	case UI_LEAVING:
		return 0;
	}
	return 0;
}

static int
keys_in_rect(const struct rect *r, int x, int y)
{
	return x >= r->x && x < r->x + r->w && y >= r->y && y < r->y + r->h;
}

/* Over the pane: a click gives it the focus, the wheel browses its history. */
static int
keys_mouse_pane(struct ui *u, enum keys_mouse_kind kind)
{
	if (kind == KEYS_CLICK)
		return u->focus == UI_FOCUS_PANE ? 0 : act_pane_focus(u, '\t');
	return keys_pane_scroll(u, kind == KEYS_WHEEL_UP ? 3 : -3);
}

int
keys_mouse(struct ui *u, enum keys_mouse_kind kind, int x, int y)
{
	const struct rect *t = &u->lay.tree;
	uint32_t row, id;

	if (u->lay.too_small)
		return 0;
	switch (u->mode) {
	case UI_TREE:
		u->msg[0] = '\0';
		if (u->pane != NULL && keys_in_rect(&u->lay.pane, x, y))
			return keys_mouse_pane(u, kind);
		if (kind == KEYS_WHEEL_UP || kind == KEYS_WHEEL_DOWN) {
			view_scroll(u->view, kind == KEYS_WHEEL_UP ? -3 : 3);
			return KEYS_REDRAW;
		}
		if (y <= t->y || y >= t->y + t->h || x < t->x || x >= t->x + t->w)
			return 0;
		u->focus = UI_FOCUS_TREE;	/* a click on the tree takes the focus back */
		view_sync(u->view);
		row = view_top(u->view) + (uint32_t)(y - t->y - 1);
		if (row >= view_nrows(u->view))
			return KEYS_REDRAW;
		id = view_row_id(u->view, row);
		view_goto_row(u->view, row);
		if (x == draw_marker_x(u, id) && view_has_children(u->view, id))
			view_toggle(u->view);
		return KEYS_REDRAW;
	case UI_DETAIL:
	case UI_HELP:
		if (kind == KEYS_CLICK)
			return 0;
		pager_scroll(&u->pager, kind == KEYS_WHEEL_UP ? -3 : 3, keys_pager_height(u));
		return KEYS_REDRAW;
	case UI_SIGNAL:
		if (kind == KEYS_CLICK)
			return 0;
		return act_sig_move(u, kind == KEYS_WHEEL_UP ? KEYC_UP : KEYC_DOWN);
	default:
		return 0;
	}
}

void
keys_refresh(struct ui *u)
{
	const struct node *n;
	int64_t age = u->now_us - u->detail_t;

	if (u->focus == UI_FOCUS_PANE && (u->pane == NULL || pane_closed(u->pane))) {
		/* Nothing reads the keys any more: they are ptop's again. */
		u->focus = UI_FOCUS_TREE;
		ui_message(u, "The command's terminal closed: keys are ptop's again");
	}
	if (u->mode != UI_DETAIL || (n = ptree_node(u->pt, u->detail_id)) == NULL)
		return;
	/*
	 * At once when the process itself changed (exec, exit); for news
	 * below it (the children counts) or a running duration, at most
	 * every half second: a megabyte argv is not re-wrapped 60 times a
	 * second during a build.
	 */
	if (n->flags != u->detail_flags || n->exec != u->detail_exec ||
	    ((u->detail_gen != ptree_data_gen(u->pt) || (n->flags & NODE_RUNNING)) &&
	    age >= 500000))
		keys_build_detail(u);
}

/* ---- help --------------------------------------------------------------------------------- */

static void
keys_help_table(struct pager *p, const char *title, const struct keys_binding *t)
{
	if (title != NULL) {
		pager_add(p, DRAW_DEFAULT, 0, "", 0);
		pager_addf(p, DRAW_BOLD | DRAW_UNDERLINE, 0, "%s", title);
	}
	for (; t->fn != NULL || t->help != NULL; t++) {
		if (t->fn == NULL) {
			pager_add(p, DRAW_DEFAULT, 0, "", 0);
			pager_addf(p, DRAW_BOLD | DRAW_UNDERLINE, 0, "%s", t->help);
		} else if (t->label != NULL)
			pager_addf(p, DRAW_DEFAULT, 20, "  %-17s %s", t->label, t->help);
	}
}

void
keys_help(struct pager *p, int pane)
{
	pager_clear(p);
	pager_set_title(p, " ptop help: every key (Esc to go back)");
	pager_addf(p, DRAW_BOLD, 0, "ptop %s: the process tree of a command, live or replayed.",
	    PACKAGE_VERSION);
	pager_addf(p, DRAW_DEFAULT, 2, "STATE is running, ok, exit N, a signal name, detached "
	    "or lost; TIME is the wall time (live while running); CPU and MAXRSS come from "
	    "wait4 at exit.  A + marks a collapsed process, - an expanded one; a collapsed one "
	    "shows [descendants, failed, running, total time].");
	keys_help_table(p, NULL, keys_tree);
	if (pane) {
		keys_help_table(p, NULL, keys_pane_tree);
		keys_help_table(p, NULL, keys_pane_max);
		pager_addf(p, DRAW_DEFAULT, 4, "  The pane shows the command's terminal (colours, "
		    "cursor, full-screen programs) with %d lines of history.  The mouse: a "
		    "click gives it the focus, a click on the tree takes it back, the wheel "
		    "over it browses its history.  When its terminal closes, the pane keeps "
		    "the last screen and its title says how the command ended.  A command "
		    "detached from the pane loses its terminal when ptop exits and gets "
		    "SIGHUP (--no-pty runs a command that can be left running).", PANE_HISTORY);
	}
	keys_help_table(p, "Filter and search prompts", keys_prompt);
	pager_addf(p, DRAW_DEFAULT, 4, "  The filter keeps processes whose argv contains the "
	    "text (ASCII case-insensitive) and their ancestors, drawn dim.  Words :failed, "
	    ":running, :killed and :ok (or :f, :r, :k, :o) keep processes in that state; "
	    "\":failed make\" keeps failed processes whose argv contains \"make\".");
	keys_help_table(p, "Detail and help views", keys_pager);
	keys_help_table(p, "Signal menu", keys_signal);
	keys_help_table(p, "Sending a signal: confirmation", keys_confirm);
	keys_help_table(p, "Quitting while the command runs", keys_quit);
	pager_add(p, DRAW_DEFAULT, 0, "", 0);
	pager_addf(p, DRAW_BOLD | DRAW_UNDERLINE, 0, "Mouse");
	pager_addf(p, DRAW_DEFAULT, 20, "  %-17s %s", "click", "select a process; on its +/- "
	    "marker, expand or collapse it");
	pager_addf(p, DRAW_DEFAULT, 20, "  %-17s %s", "wheel", "scroll");
}
