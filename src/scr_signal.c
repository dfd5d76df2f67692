/*
 * scr_signal.c: sending a signal to a traced process (F9): a menu of
 * signals over the top left of the tree, then a y/n question in the footer.
 * The process is named by its trace id: if it ended meanwhile nothing is
 * sent, and the tracer's hook refuses a pid it does not trace any more.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <string.h>

#include "fmt.h"
#include "screens.h"

#define SIGNAL_MENU_W	26	/* columns of the menu */
#define SIGNAL_PAGE	10	/* entries per PgUp / PgDn */

const int scr_signal_list[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGILL, SIGTRAP, SIGABRT, SIGBUS, SIGFPE, SIGKILL, SIGUSR1,
	SIGSEGV, SIGUSR2, SIGPIPE, SIGALRM, SIGTERM, SIGSTKFLT, SIGCHLD, SIGCONT, SIGSTOP,
	SIGTSTP, SIGTTIN, SIGTTOU, SIGURG, SIGXCPU, SIGXFSZ, SIGVTALRM, SIGPROF, SIGWINCH,
	SIGIO, SIGPWR, SIGSYS,
};
const int scr_signal_count = sizeof scr_signal_list / sizeof scr_signal_list[0];

struct scr_signal {
	uint32_t id;		/* the process */
	int sel;		/* selected entry */
	int typed;		/* number typed so far */
};

struct scr_confirm {
	uint32_t id;
	int sig;
};

/* arg: the process id (uint32_t *); SIGTERM is preselected. */
static void
signal_open(struct ui *u, void *st, const void *arg)
{
	struct scr_signal *m = st;
	int i;

	m->id = *(const uint32_t *)arg;
	for (i = 0; i < scr_signal_count; i++)
		if (scr_signal_list[i] == SIGTERM)
			m->sel = i;
}

static int
act_sig_move(struct ui *u, void *st, int key)
{
	struct scr_signal *m = st;
	int sel = m->sel;

	switch (key) {
	case KEYC_UP: case 'k': sel--; break;
	case KEYC_DOWN: case 'j': sel++; break;
	case KEYC_PPAGE: sel -= SIGNAL_PAGE; break;
	case KEYC_NPAGE: sel += SIGNAL_PAGE; break;
	case KEYC_HOME: sel = 0; break;
	case KEYC_END: sel = scr_signal_count - 1; break;
	}
	m->sel = sel < 0 ? 0 : sel >= scr_signal_count ? scr_signal_count - 1 : sel;
	m->typed = 0;
	return UI_REDRAW;
}

static int
act_sig_digit(struct ui *u, void *st, int key)
{
	struct scr_signal *m = st;
	int i, n = m->typed * 10 + (key - '0');

	if (n > scr_signal_list[scr_signal_count - 1])
		n = key - '0';
	m->typed = n;
	for (i = 0; i < scr_signal_count; i++)
		if (scr_signal_list[i] == n)
			m->sel = i;
	return UI_REDRAW;
}

static int
act_sig_choose(struct ui *u, void *st, int key)
{
	const struct scr_signal *m = st;
	struct scr_confirm c = { m->id, scr_signal_list[m->sel] };

	ui_close(u);
	ui_open(u, &screen_confirm, &c);
	return UI_REDRAW;
}

static int
act_sig_cancel(struct ui *u, void *st, int key)
{
	ui_close(u);
	return UI_REDRAW;
}

static const struct ui_key signal_keys[] = {
	{ KEYC_UP, act_sig_move, "Up Down j k", "choose a signal (PgUp PgDn Home End too)",
	    NULL, NULL },
	{ KEYC_DOWN, act_sig_move, NULL, NULL, NULL, NULL },
	{ 'k', act_sig_move, NULL, NULL, NULL, NULL },
	{ 'j', act_sig_move, NULL, NULL, NULL, NULL },
	{ KEYC_PPAGE, act_sig_move, NULL, NULL, NULL, NULL },
	{ KEYC_NPAGE, act_sig_move, NULL, NULL, NULL, NULL },
	{ KEYC_HOME, act_sig_move, NULL, NULL, NULL, NULL },
	{ KEYC_END, act_sig_move, NULL, NULL, NULL, NULL },
	{ '0', act_sig_digit, "0-9", "choose a signal by its number", NULL, NULL },
	{ '1', act_sig_digit, NULL, NULL, NULL, NULL }, { '2', act_sig_digit, NULL, NULL, NULL, NULL },
	{ '3', act_sig_digit, NULL, NULL, NULL, NULL }, { '4', act_sig_digit, NULL, NULL, NULL, NULL },
	{ '5', act_sig_digit, NULL, NULL, NULL, NULL }, { '6', act_sig_digit, NULL, NULL, NULL, NULL },
	{ '7', act_sig_digit, NULL, NULL, NULL, NULL }, { '8', act_sig_digit, NULL, NULL, NULL, NULL },
	{ '9', act_sig_digit, NULL, NULL, NULL, NULL },
	{ KEYC_ENTER, act_sig_choose, "Enter", "send it (after a y/n confirmation)", "Send", NULL },
	{ KEYC_ESC, act_sig_cancel, "Esc q", "cancel", "Cancel", NULL },
	{ 'q', act_sig_cancel, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
signal_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { signal_keys, NULL };

	return tables;
}

static const struct ui_bar signal_bar[] = { { KEYC_ENTER, NULL }, { KEYC_ESC, NULL }, { 0, NULL } };

static int
signal_mouse(struct ui *u, void *st, enum ui_mouse_kind kind, int x, int y)
{
	if (kind == UI_CLICK)
		return 0;
	return act_sig_move(u, st, kind == UI_WHEEL_UP ? KEYC_UP : KEYC_DOWN);
}

/* The menu, over the top left of the tree's region. */
static void
signal_menu(struct canvas *c, const struct ui *u, int sel)
{
	struct rect r = ui_region(u, &screen_signal);
	struct pen p;
	int y, first, i, h;

	r.w = r.w < SIGNAL_MENU_W ? r.w : SIGNAL_MENU_W;
	h = scr_signal_count + 1 < r.h ? scr_signal_count + 1 : r.h;
	r.h = h;
	canvas_fill(c, r, DRAW_DEFAULT);
	pen_start(&p, c, r, 0, 0);
	p.attr = DRAW_BAR;
	pen_puts(&p, "Send signal:");
	pen_fill(&p);
	first = sel - (h - 1) / 2;
	if (first > scr_signal_count - (h - 1))
		first = scr_signal_count - (h - 1);
	if (first < 0)
		first = 0;
	for (y = 1, i = first; y < h && i < scr_signal_count; y++, i++) {
		pen_start(&p, c, r, y, 0);
		p.attr = i == sel ? DRAW_REVERSE | DRAW_BOLD : DRAW_DEFAULT;
		pen_printf(&p, " %2d %s", scr_signal_list[i], signal_name(scr_signal_list[i]));
		pen_fill(&p);
	}
}

static void
signal_draw(struct canvas *c, const struct ui *u, const void *st)
{
	const struct scr_signal *m = st;

	signal_menu(c, u, m->sel);
}

static void
signal_footer(struct pen *p, const struct ui *u, const void *st)
{
	ui_bar_keys(p, u, &screen_signal, st, NULL);
	p->attr = DRAW_BAR;
	pen_fill(p);
}

const struct screen screen_signal = {
	.name = "signal",
	.state_size = sizeof(struct scr_signal),
	.open = signal_open,
	.keys = signal_tables,
	.bar = signal_bar,
	.mouse = signal_mouse,
	.draw = signal_draw,
	.footer = signal_footer,
	.help_title = "Signal menu",
};

/* ---- the confirmation ------------------------------------------------------------ */

/* arg: struct scr_confirm. */
static void
confirm_open(struct ui *u, void *st, const void *arg)
{
	memcpy(st, arg, sizeof(struct scr_confirm));
}

static int
act_confirm_yes(struct ui *u, void *st, int key)
{
	const struct scr_confirm c = *(const struct scr_confirm *)st;
	const struct node *n = ptree_node(u->pt, c.id);

	ui_close(u);
	if (n == NULL || !(n->flags & NODE_RUNNING)) {
		ui_message(u, "Process %d has ended; nothing sent", n != NULL ? (int)n->pid : 0);
		return UI_REDRAW;
	}
	if (u->hooks.signal(u->hooks.ctx, c.id, c.sig) != 0)
		ui_message(u, "Cannot send %s to %d: %s", signal_name(c.sig), (int)n->pid,
		    strerror(errno));
	else
		ui_message(u, "Sent %s to %d", signal_name(c.sig), (int)n->pid);
	return UI_REDRAW;
}

static int
act_confirm_no(struct ui *u, void *st, int key)
{
	ui_close(u);
	ui_message(u, "Nothing sent");
	return UI_REDRAW;
}

static const struct ui_key confirm_keys[] = {
	{ 'y', act_confirm_yes, "y", "yes, send the signal", "Yes", NULL },
	{ 'Y', act_confirm_yes, NULL, NULL, NULL, NULL },
	{ 'n', act_confirm_no, "n, any other key", "no", "No", NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
confirm_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { confirm_keys, NULL };

	return tables;
}

static const struct ui_bar confirm_bar[] = { { 'y', NULL }, { 'n', NULL }, { 0, NULL } };

/* Any other key is a no. */
static int
confirm_key(struct ui *u, void *st, int key)
{
	return act_confirm_no(u, st, key);
}

/* The menu stays, the chosen signal selected. */
static void
confirm_draw(struct canvas *c, const struct ui *u, const void *st)
{
	const struct scr_confirm *k = st;
	int i, sel = 0;

	for (i = 0; i < scr_signal_count; i++)
		if (scr_signal_list[i] == k->sig)
			sel = i;
	signal_menu(c, u, sel);
}

static void
confirm_footer(struct pen *p, const struct ui *u, const void *st)
{
	const struct scr_confirm *k = st;
	const struct node *n = ptree_node(u->pt, k->id);

	p->attr = DRAW_BOLD;
	pen_printf(p, "Send %s to process %d? ", signal_name(k->sig), n != NULL ? (int)n->pid : 0);
	ui_bar_keys(p, u, &screen_confirm, st, NULL);
	p->attr = DRAW_BAR;
	pen_fill(p);
}

const struct screen screen_confirm = {
	.name = "confirm",
	.state_size = sizeof(struct scr_confirm),
	.open = confirm_open,
	.keys = confirm_tables,
	.bar = confirm_bar,
	.key = confirm_key,
	.draw = confirm_draw,
	.footer = confirm_footer,
	.help_title = "Sending a signal: confirmation",
};

int
scr_signal_selected(const struct ui *u)
{
	const struct scr_signal *m = ui_state_of(u, &screen_signal);

	return m != NULL ? scr_signal_list[m->sel] : 0;
}
