/*
 * ui.c: the terminal.  The only file that calls curses.  See ui.h.
 *
 * Frames: ui_frame.c lays the screens out and paints a canvas; this file
 * copies the lines that changed since the last frame to curses and lets
 * doupdate() send the difference.
 * Frame pacing lives in an ev_prepare watcher, run once per loop iteration
 * just before libev blocks: a key asks for a frame at once, tree changes
 * (the tree's generation counters moved) for a frame at most every
 * UI_FRAME_GAP seconds, and not while a SIGCHLD is pending (the tracer's
 * stopped tracees wait for us), unless frames have been held back for
 * UI_FRAME_STARVE seconds.  Output of the command's terminal pane only
 * marks the screen dirty, like tree changes.
 *
 * A frame must never block on the terminal: while our tty still holds
 * output the terminal emulator has not read (TIOCOUTQ; a busy machine
 * starves tmux or xterm too), frames from events wait, since a blocked
 * write(2) would hold every stopped tracee with it.  And when the machine
 * has no CPU to spare (spin.h), event frames come UI_FRAME_GAP_BUSY apart:
 * each one costs the terminal emulator CPU the traced work would use.
 *
 * Colours: curses pairs come from alloc_pair(), for ptop's own colours and
 * for whatever foreground/background pairs the command's terminal uses,
 * its 256-colour indexes first reduced to the terminal's COLORS.
 */
#include "config.h"

#define NCURSES_WIDECHAR 1

#include <curses.h>
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

#include "log.h"
#include "spin.h"
#include "ui.h"
#include "xmalloc.h"

/* Last: its macros (lines, columns...) would clash with our names. */
#include <term.h>

#define UI_FRAME_GAP	(1.0 / 60)	/* at most ~60 frames a second from events */
#define UI_FRAME_GAP_BUSY (1.0 / 10)	/* ... ~10 when every CPU is busy */
#define UI_TTY_RETRY	0.01		/* the terminal is behind: look again then */
#define UI_FRAME_STARVE	0.1		/* ... but one every 100 ms even under load */
#define UI_TICK		0.5		/* running times move on */

static struct {
	struct ui *u;
	struct ev_loop *loop;
	SCREEN *screen;
	ev_io input;
	ev_prepare prepare;
	ev_timer frame_timer;
	ev_timer tick;
	struct canvas canvas;	/* this frame */
	struct canvas shown;	/* what curses has */
	int active;
	int color;
	int color_started;	/* 1: start_color() worked; -1: no colours here */
	int color_flags;	/* the UI_NOCOLOR and UI_LIGHT flags the colours were set up for */
	int ncolors;		/* the terminal's COLORS */
	int default_colors;	/* -1 (the terminal's own) works as a colour */
	int pairs[DRAW_NCOLORS]; /* ptop's colours */
	int cursor;		/* the cursor is shown (in the focused pane) */
	struct {
		int code, key;	/* curses key code of Ctrl-Up and the like; KEYC_* */
	} xkeys[96];
	int nxkeys;
	int dirty;		/* tree or time changed: a frame soon */
	int urgent;		/* a key: a frame now */
	int repaint;		/* the terminal may hold anything: rewrite it all */
	double last_frame;
	double input_at;	/* first key of the pending frame, for the debug log */
	uint64_t struct_gen, data_gen;
} U;

/* ---- curses attributes --------------------------------------------------------- */

static int
ui_pair(int fg, int bg)
{
	int pair;

	if (!U.default_colors) {
		fg = fg < 0 ? COLOR_WHITE : fg;
		bg = bg < 0 ? COLOR_BLACK : bg;
	}
	pair = alloc_pair(fg, bg);
	return pair > 0 ? pair : 0;
}

/*
 * ptop's colour pairs.  The light scheme trades yellow and cyan, which
 * hardly show on a white background, for blue.  Called again when the
 * settings change them.
 */
static void
ui_colors(void)
{
	static const short dark[DRAW_NCOLORS] = {
		[DRAW_RED] = COLOR_RED, [DRAW_GREEN] = COLOR_GREEN,
		[DRAW_YELLOW] = COLOR_YELLOW, [DRAW_BLUE] = COLOR_BLUE,
		[DRAW_MAGENTA] = COLOR_MAGENTA, [DRAW_CYAN] = COLOR_CYAN,
		[DRAW_BAR] = COLOR_BLACK, [DRAW_TITLE] = COLOR_BLACK,
		[DRAW_NEW] = COLOR_BLACK, [DRAW_GONE] = COLOR_BLACK,
	};
	short fg[DRAW_NCOLORS];
	int i;

	U.color = 0;
	U.color_flags = U.u->flags & (UI_NOCOLOR | UI_LIGHT);
	if (U.u->flags & UI_NOCOLOR)
		return;
	if (U.color_started == 0) {
		U.color_started = has_colors() && start_color() != ERR ? 1 : -1;
		if (U.color_started > 0) {
			U.default_colors = use_default_colors() != ERR;
			U.ncolors = COLORS;
		}
	}
	if (U.color_started < 0)
		return;
	memcpy(fg, dark, sizeof fg);
	if (U.u->flags & UI_LIGHT) {
		fg[DRAW_YELLOW] = COLOR_BLUE;
		fg[DRAW_CYAN] = COLOR_BLUE;
	}
	for (i = 1; i < DRAW_NCOLORS; i++) {
		if (i == DRAW_BAR)
			U.pairs[i] = ui_pair(fg[i], COLOR_CYAN);
		else if (i == DRAW_TITLE || i == DRAW_NEW)
			U.pairs[i] = ui_pair(fg[i], COLOR_GREEN);
		else if (i == DRAW_GONE)
			U.pairs[i] = ui_pair(fg[i], COLOR_RED);
		else
			U.pairs[i] = ui_pair(fg[i], -1);
	}
	U.color = 1;
}

static attr_t
ui_attr(uint32_t a, int *pair)
{
	attr_t r = A_NORMAL;
	int color = a & DRAW_COLOR_MASK, fg, bg;

	if (a & DRAW_BOLD)
		r |= A_BOLD;
	if (a & DRAW_DIM)
		r |= A_DIM;
	if (a & DRAW_REVERSE)
		r |= A_REVERSE;
	if (a & DRAW_UNDERLINE)
		r |= A_UNDERLINE;
	if (a & DRAW_BLINK)
		r |= A_BLINK;
#ifdef A_ITALIC
	if (a & DRAW_ITALIC)
		r |= A_ITALIC;
#endif
	*pair = 0;
	if (!U.color) {
		if (color == DRAW_BAR || color == DRAW_TITLE)
			r ^= A_REVERSE;	/* bars stay visible without colour */
		else if (color == DRAW_NEW || color == DRAW_GONE)
			r |= A_UNDERLINE;	/* new and ended rows, without colour */
		return r;
	}
	fg = DRAW_FG_OF(a);
	bg = DRAW_BG_OF(a);
	if (fg < 0 && bg < 0) {
		*pair = U.pairs[color];
		return r;
	}
	/* The command's colours, as near as the terminal has them. */
	fg = canvas_reduce_color(fg, U.ncolors);
	bg = canvas_reduce_color(bg, U.ncolors);
	if (fg >= 0 || bg >= 0)
		*pair = ui_pair(fg, bg);
	return r;
}

/* ---- frames ------------------------------------------------------------------------ */

/* Copy one canvas line to curses, one run of equal attributes at a time. */
static void
ui_put_line(const struct cell *line, int y, int w)
{
	wchar_t run[1024];
	size_t n;
	int pair;
	attr_t a;
	int x = 0, start;
	uint32_t attr;

	while (x < w) {
		attr = line[x].attr;
		start = x;
		n = 0;
		while (x < w && line[x].attr == attr && n + 2 < sizeof run / sizeof run[0]) {
			if (line[x].ch != 0) {
				run[n++] = (wchar_t)line[x].ch;
				if (line[x].comb != 0)
					run[n++] = (wchar_t)line[x].comb;
			}
			x++;
		}
		a = ui_attr(attr, &pair);
		/* ncurses takes the pair from opts: pairs past 32767 fit. */
		wattr_set(stdscr, a, (short)(pair < 0x7fff ? pair : 0), &pair);
		/* The last cell of the screen may "fail" (no room to scroll); it is drawn. */
		mvwaddnwstr(stdscr, y, start, run, (int)n);
	}
}

/* The focused pane's cursor, where the command left it; else none. */
static void
ui_cursor(const struct ui_layout *l)
{
	if (l->cur_on) {
		if (!U.cursor) {
			curs_set(1);
			leaveok(stdscr, FALSE);
			U.cursor = 1;
		}
		wmove(stdscr, l->cur_y, l->cur_x);
	} else if (U.cursor) {
		curs_set(0);
		leaveok(stdscr, TRUE);
		U.cursor = 0;
	}
}

static void
ui_render(void)
{
	const struct canvas *c = &U.canvas;
	int y, same_size = U.shown.w == c->w && U.shown.h == c->h && U.shown.cells != NULL;

	if (U.repaint || !same_size) {
		clearok(curscr, TRUE);
		U.repaint = 1;
	}
	for (y = 0; y < c->h; y++) {
		if (!U.repaint && memcmp(canvas_line(c, y), canvas_line(&U.shown, y),
		    (size_t)c->w * sizeof(struct cell)) == 0)
			continue;
		ui_put_line(canvas_line(c, y), y, c->w);
	}
	wattr_set(stdscr, A_NORMAL, 0, NULL);
	ui_cursor(&U.u->lay);
	wnoutrefresh(stdscr);
	doupdate();
	if (!same_size) {
		canvas_free(&U.shown);
		U.shown.cells = xreallocarray(NULL, (size_t)c->w * c->h, sizeof(struct cell));
		U.shown.w = c->w;
		U.shown.h = c->h;
	}
	memcpy(U.shown.cells, c->cells, (size_t)c->w * c->h * sizeof(struct cell));
	U.repaint = 0;
}

/*
 * OSC 52: the terminal (xterm, kitty, tmux with set-clipboard, ...) puts
 * the text on its clipboard.  Written after the frame, when curses has
 * flushed: base64 keeps any byte of it from the terminal.
 */
static void
ui_send_clipboard(struct ui *u)
{
	struct buf b = BUF_INIT;
	size_t off = 0;
	ssize_t n;

	buf_adds(&b, "\033]52;c;");
	buf_add_base64(&b, u->clipboard, u->clipboard_len);
	buf_adds(&b, "\a");
	while (off < b.len) {
		n = write(STDOUT_FILENO, b.p + off, b.len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	buf_free(&b);
	free(u->clipboard);
	u->clipboard = NULL;
}

static void
ui_frame(void)
{
	struct ui *u = U.u;
	double t0 = ev_time(), t1, t_draw;
	int w, h;

	getmaxyx(stdscr, h, w);
	ui_prepare(u, w, h);
	if ((u->flags & (UI_NOCOLOR | UI_LIGHT)) != U.color_flags) {
		/* The setup screen changed the colours. */
		ui_colors();
		U.repaint = 1;
	}
	canvas_resize(&U.canvas, w, h);
	ui_draw(&U.canvas, u);
	t_draw = ev_time();
	ui_render();
	if (u->clipboard != NULL)
		ui_send_clipboard(u);
	U.struct_gen = ptree_struct_gen(u->pt);
	U.data_gen = ptree_data_gen(u->pt);
	t1 = ev_time();
	U.last_frame = t1;
	if (log_debug_enabled()) {
		if (U.input_at > 0)
			log_debug("ui: frame %.3f ms (draw %.3f, terminal %.3f), key to frame %.3f ms",
			    (t1 - t0) * 1e3, (t_draw - t0) * 1e3, (t1 - t_draw) * 1e3,
			    (t1 - U.input_at) * 1e3);
		else
			log_debug("ui: frame %.3f ms (draw %.3f, terminal %.3f)", (t1 - t0) * 1e3,
			    (t_draw - t0) * 1e3, (t1 - t_draw) * 1e3);
	}
	U.input_at = 0;
}

/* The terminal has not read all of the last frame yet. */
static int
ui_tty_behind(void)
{
	int queued = 0;

	return ioctl(STDOUT_FILENO, TIOCOUTQ, &queued) == 0 && queued > 0;
}

static int
ui_sigchld_pending(void)
{
	sigset_t set;

	return sigpending(&set) == 0 && sigismember(&set, SIGCHLD) == 1;
}

static void
ui_prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	double now, wait;

	if (ptree_struct_gen(U.u->pt) != U.struct_gen || ptree_data_gen(U.u->pt) != U.data_gen)
		U.dirty = 1;
	if (!U.dirty && !U.urgent)
		return;
	if (!U.urgent) {
		now = ev_time();
		wait = U.last_frame + (spin_machine_busy() ? UI_FRAME_GAP_BUSY : UI_FRAME_GAP) - now;
		if (wait <= 0 && ui_tty_behind())
			wait = UI_TTY_RETRY;
		if (wait > 0) {
			if (!ev_is_active(&U.frame_timer)) {
				ev_timer_set(&U.frame_timer, wait, 0);
				ev_timer_start(loop, &U.frame_timer);
			}
			return;
		}
		/* The loop comes straight back after the tracer's turn. */
		if (ui_sigchld_pending() && now - U.last_frame < UI_FRAME_STARVE)
			return;
	}
	ev_timer_stop(loop, &U.frame_timer);
	U.dirty = U.urgent = 0;
	ui_frame();
}

static void
ui_frame_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	/* Only wakes the loop: the prepare watcher draws. */
}

static void
ui_tick_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	const struct ptree_stats *s = ptree_stats(U.u->pt);

	if ((s->running > 0 && U.u->replay == NULL) || (ui_top(U.u)->flags & SCREEN_TICK) ||
	    U.u->tick)
		U.dirty = 1;
}

void
ui_dirty(void)
{
	U.dirty = 1;
}

/* ---- input ----------------------------------------------------------------------------- */

/* xterm's modifier parameter (2 = Shift ... 8 = Shift+Alt+Ctrl) as KEYC_MOD_*. */
static int
ui_xterm_mods(int m)
{
	m--;
	return ((m & 1) ? KEYC_MOD_SHIFT : 0) | ((m & 2) ? KEYC_MOD_ALT : 0) |
	    ((m & 4) ? KEYC_MOD_CTRL : 0);
}

/*
 * Keys with modifiers (Ctrl-Up, Alt-PgDn...) have no fixed curses code:
 * ncurses gives each extended terminfo capability (kUP5...) a code of its
 * own.  Learn them once, for the terminal pane.
 */
static void
ui_learn_modified_keys(void)
{
	static const struct {
		const char *cap;
		int key;
	} caps[] = {
		{ "kUP", KEYC_UP }, { "kDN", KEYC_DOWN }, { "kLFT", KEYC_LEFT },
		{ "kRIT", KEYC_RIGHT }, { "kHOM", KEYC_HOME }, { "kEND", KEYC_END },
		{ "kPRV", KEYC_PPAGE }, { "kNXT", KEYC_NPAGE }, { "kDC", KEYC_DELETE },
		{ "kIC", KEYC_INSERT },
	};
	char name[16], *seq;
	size_t i;
	int m, code;

	U.nxkeys = 0;
	for (i = 0; i < sizeof caps / sizeof caps[0]; i++) {
		for (m = 2; m <= 8; m++) {
			snprintf(name, sizeof name, "%s%d", caps[i].cap, m);
			seq = tigetstr(name);
			if (seq == NULL || seq == (char *)-1 || (code = key_defined(seq)) <= 0)
				continue;
			if (U.nxkeys == (int)(sizeof U.xkeys / sizeof U.xkeys[0]))
				return;
			U.xkeys[U.nxkeys].code = code;
			U.xkeys[U.nxkeys].key = caps[i].key | ui_xterm_mods(m);
			U.nxkeys++;
		}
	}
}

/* A curses function key as KEYC_*, or 0. */
static int
ui_map_fkey(wint_t ch)
{
	int i;

	switch (ch) {
	case KEY_UP: return KEYC_UP;
	case KEY_DOWN: return KEYC_DOWN;
	case KEY_LEFT: return KEYC_LEFT;
	case KEY_RIGHT: return KEYC_RIGHT;
	case KEY_PPAGE: return KEYC_PPAGE;
	case KEY_NPAGE: return KEYC_NPAGE;
	case KEY_HOME: case KEY_FIND: case KEY_BEG: case KEY_A1: return KEYC_HOME;
	case KEY_END: case KEY_SELECT: case KEY_LL: case KEY_C1: return KEYC_END;
	case KEY_ENTER: return KEYC_ENTER;
	case KEY_BACKSPACE: return KEYC_BACKSPACE;
	case KEY_DC: return KEYC_DELETE;
	case KEY_IC: return KEYC_INSERT;
	case KEY_BTAB: return KEYC_BTAB;
	case KEY_SR: return KEYC_UP | KEYC_MOD_SHIFT;
	case KEY_SF: return KEYC_DOWN | KEYC_MOD_SHIFT;
	case KEY_SLEFT: return KEYC_LEFT | KEYC_MOD_SHIFT;
	case KEY_SRIGHT: return KEYC_RIGHT | KEYC_MOD_SHIFT;
	case KEY_SPREVIOUS: return KEYC_PPAGE | KEYC_MOD_SHIFT;
	case KEY_SNEXT: return KEYC_NPAGE | KEYC_MOD_SHIFT;
	case KEY_SHOME: return KEYC_HOME | KEYC_MOD_SHIFT;
	case KEY_SEND: return KEYC_END | KEYC_MOD_SHIFT;
	case KEY_SDC: return KEYC_DELETE | KEYC_MOD_SHIFT;
	case KEY_SIC: return KEYC_INSERT | KEYC_MOD_SHIFT;
	}
	/* xterm: F13-F24 are Shift-F1..F12, F25-F36 Ctrl-F1..F12. */
	if (ch >= KEY_F(1) && ch <= KEY_F(12))
		return KEYC_F(ch - KEY_F0);
	if (ch >= KEY_F(13) && ch <= KEY_F(24))
		return KEYC_F(ch - KEY_F0 - 12) | KEYC_MOD_SHIFT;
	if (ch >= KEY_F(25) && ch <= KEY_F(36))
		return KEYC_F(ch - KEY_F0 - 24) | KEYC_MOD_CTRL;
	for (i = 0; i < U.nxkeys; i++)
		if (U.xkeys[i].code == (int)ch)
			return U.xkeys[i].key;
	return 0;
}

/* raw: the key goes to the command's terminal, characters as typed. */
static int
ui_map_key(int r, wint_t ch, int raw)
{
	if (r == KEY_CODE_YES)
		return ui_map_fkey(ch);
	if (raw)
		return (int)ch;
	switch (ch) {
	case '\r': case '\n': return KEYC_ENTER;
	case 27: return KEYC_ESC;
	case 127: case 8: return KEYC_BACKSPACE;
	}
	return (int)ch;
}

static int
ui_read_mouse(void)
{
	MEVENT ev;

	if (getmouse(&ev) != OK)
		return 0;
	if (ev.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
		return ui_mouse(U.u, UI_CLICK, ev.x, ev.y);
	if (ev.bstate & BUTTON4_PRESSED)
		return ui_mouse(U.u, UI_WHEEL_UP, ev.x, ev.y);
#ifdef BUTTON5_PRESSED
	if (ev.bstate & BUTTON5_PRESSED)
		return ui_mouse(U.u, UI_WHEEL_DOWN, ev.x, ev.y);
#endif
	return 0;
}

/*
 * Readable, yet curses read nothing: the terminal may be gone.  A hung-up
 * tty (its window closed, its master side gone, vhangup) polls POLLHUP.
 */
static int
ui_input_gone(void)
{
	struct pollfd p = { .fd = STDIN_FILENO, .events = POLLIN };

	return poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR | POLLNVAL));
}

static void
ui_input_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	int r, react = 0, nkeys = 0;
	wint_t ch;

	if (U.input_at == 0)
		U.input_at = ev_time();
	if (U.u->pane != NULL)
		pane_cork(U.u->pane, 1);
	while ((r = wget_wch(stdscr, &ch)) != ERR) {
		nkeys++;
		if (r == KEY_CODE_YES && ch == KEY_MOUSE)
			react |= ui_read_mouse();
		else if (r == KEY_CODE_YES && ch == KEY_RESIZE)
			react |= UI_REDRAW;
		else
			react |= ui_key(U.u, ui_map_key(r, ch, ui_raw_keys(U.u)));
		if (!U.active)
			break;	/* a key quit */
	}
	if (U.u->pane != NULL)
		pane_cork(U.u->pane, 0);
	if (!U.active)
		return;
	if (nkeys == 0 && ui_input_gone()) {
		/* Whatever happened before (a stop, a continue), it is over. */
		log_debug("ui: the terminal hung up");
		ev_io_stop(loop, w);
		if (U.u->hooks.lost != NULL)
			U.u->hooks.lost(U.u->hooks.ctx);
		return;
	}
	if (react & UI_REPAINT)
		U.repaint = 1;
	if (react)
		U.urgent = 1;
}

/* ---- start, stop, resize ----------------------------------------------------------------- */



/* A terminfo string capability, or NULL. */
static const char *
ui_cap(const char *name)
{
	const char *s = tigetstr(name);

	return s != NULL && s != (char *)-1 ? s : NULL;
}

int
ui_term_ok(const char **why)
{
	TERMINAL *saved = cur_term;
	int err = 0, ok;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK) {
		*why = "unknown terminal type";
		return 0;
	}
	/* A full screen needs the cursor moved and the screen cleared (TERM=dumb cannot). */
	ok = ui_cap("cup") != NULL && ui_cap("clear") != NULL;
	if (!ok)
		*why = "the terminal type cannot move the cursor";
	del_curterm(cur_term);
	cur_term = saved;
	return ok;
}

size_t
ui_term_reset_bytes(char *out, size_t size)
{
	TERMINAL *saved = cur_term;
	const char *caps[] = { "sgr0", "cnorm", "rmkx", "rmcup" }, *s, *xm;
	struct buf b = BUF_INIT;
	size_t i, n;
	int err = 0;

	if (setupterm(NULL, STDOUT_FILENO, &err) != OK)
		return 0;
	/* Mouse reports off as ncurses turns them off: XM(0), else xterm's 1000. */
	if ((xm = ui_cap("XM")) != NULL)
		buf_adds(&b, tiparm(xm, 0));
	else if (ui_cap("kmous") != NULL)
		buf_adds(&b, "\033[?1000l");
	for (i = 0; i < sizeof caps / sizeof caps[0]; i++)
		if ((s = ui_cap(caps[i])) != NULL)
			buf_adds(&b, s);
	del_curterm(cur_term);
	cur_term = saved;
	n = b.len < size ? b.len : 0;
	if (n > 0)
		memcpy(out, b.p, n);
	buf_free(&b);
	return n;
}

static void
ui_atfatal(void)
{
	ui_stop();
}

void
ui_start(struct ui *u, struct ev_loop *loop)
{
	const char *term = getenv("TERM");

	U.u = u;
	U.loop = loop;
	log_atfatal(ui_atfatal);
	if ((U.screen = newterm(NULL, stdout, stdin)) == NULL)
		fatalx("cannot use the terminal type '%s'; set TERM or use -b",
		    term != NULL ? term : "");
	U.active = 1;
	log_hold();
	set_escdelay(25);
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	meta(stdscr, TRUE);
	curs_set(0);
	leaveok(stdscr, TRUE);
	mousemask(BUTTON1_PRESSED | BUTTON4_PRESSED
#ifdef BUTTON5_PRESSED
	    | BUTTON5_PRESSED
#endif
	    , NULL);
	mouseinterval(0);
	/* Home and End as other terminals (tmux, screen, rxvt, xterm) send them. */
	define_key("\033[1~", KEY_HOME);
	define_key("\033[7~", KEY_HOME);
	define_key("\033[H", KEY_HOME);
	define_key("\033OH", KEY_HOME);
	define_key("\033[4~", KEY_END);
	define_key("\033[8~", KEY_END);
	define_key("\033[F", KEY_END);
	define_key("\033OF", KEY_END);
	ui_learn_modified_keys();
	ui_colors();

	ev_io_init(&U.input, ui_input_cb, STDIN_FILENO, EV_READ);
	ev_io_start(loop, &U.input);
	ev_prepare_init(&U.prepare, ui_prepare_cb);
	ev_prepare_start(loop, &U.prepare);
	ev_init(&U.frame_timer, ui_frame_timer_cb);
	ev_timer_init(&U.tick, ui_tick_cb, UI_TICK, UI_TICK);
	ev_timer_start(loop, &U.tick);
	U.repaint = 1;
	U.urgent = 1;
}

void
ui_stop(void)
{
	if (!U.active)
		return;
	U.active = 0;
	if (U.loop != NULL) {
		ev_io_stop(U.loop, &U.input);
		ev_prepare_stop(U.loop, &U.prepare);
		ev_timer_stop(U.loop, &U.frame_timer);
		ev_timer_stop(U.loop, &U.tick);
	}
	mousemask(0, NULL);
	curs_set(1);
	U.cursor = 0;
	endwin();
	delscreen(U.screen);
	U.screen = NULL;
	U.color_started = 0;
	canvas_free(&U.canvas);
	canvas_free(&U.shown);
	log_release();
}

void
ui_suspend(void)
{
	if (!U.active)
		return;
	curs_set(1);
	endwin();
}

void
ui_resume(void)
{
	if (!U.active)
		return;
	curs_set(0);
	leaveok(stdscr, TRUE);
	U.cursor = 0;
	ui_resize();
}

void
ui_resize(void)
{
	struct winsize ws;

	if (!U.active)
		return;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
		resizeterm(ws.ws_row, ws.ws_col);
	U.repaint = 1;
	U.urgent = 1;
}
