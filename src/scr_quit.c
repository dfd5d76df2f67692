/*
 * scr_quit.c: the quit question (q while the command runs: kill it all,
 * detach, or stay), and the screen that waits while killed processes go.
 * What happens is the run's business (the quit hook, run.c).
 */
#include "config.h"

#include "screens.h"

static unsigned
quit_alive(const struct ui *u)
{
	return u->hooks.alive != NULL ? u->hooks.alive(u->hooks.ctx) : 0;
}

static int
act_quit_kill(struct ui *u, void *st, int key)
{
	ui_close(u);
	ui_open(u, &screen_leaving, NULL);
	u->hooks.quit(u->hooks.ctx, UI_QUIT_KILL);
	return UI_REDRAW;
}

static int
act_quit_detach(struct ui *u, void *st, int key)
{
	u->hooks.quit(u->hooks.ctx, UI_QUIT_DETACH);
	return UI_REDRAW;
}

static int
act_quit_cancel(struct ui *u, void *st, int key)
{
	ui_close(u);
	return UI_REDRAW;
}

static const struct ui_key quit_keys[] = {
	{ 'k', act_quit_kill, "k", "kill the command and every process it started, then quit",
	    "Kill it and its tree ", NULL },
	{ 'K', act_quit_kill, NULL, NULL, NULL, NULL },
	{ 'd', act_quit_detach, "d", "detach: quit and leave them running, untraced",
	    "Detach, leave it running ", NULL },
	{ 'D', act_quit_detach, NULL, NULL, NULL, NULL },
	{ KEYC_ESC, act_quit_cancel, "Esc c n", "cancel: stay", "Cancel", NULL },
	{ 'c', act_quit_cancel, NULL, NULL, NULL, NULL },
	{ 'n', act_quit_cancel, NULL, NULL, NULL, NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
quit_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { quit_keys, NULL };

	return tables;
}

static const struct ui_bar quit_bar[] = { { 'k', NULL }, { 'd', NULL }, { KEYC_ESC, NULL }, { 0, NULL } };
static const struct ui_bar quit_bar_kill[] = { { 'k', NULL }, { 0, NULL } };
static const struct ui_bar quit_bar_cancel[] = { { KEYC_ESC, NULL }, { 0, NULL } };

/* With a live pane, d takes its terminal away: the bar says so. */
static void
quit_footer(struct pen *p, const struct ui *u, const void *st)
{
	p->attr = DRAW_BOLD;
	pen_printf(p, "Still running (%u): ", quit_alive(u));
	if ((u->pane != NULL && !pane_closed(u->pane)) || (u->flags & UI_KEEP_TRACING)) {
		ui_bar_keys(p, u, &screen_quit, st, quit_bar_kill);
		if (u->flags & UI_KEEP_TRACING)
			ui_bar_item(p, "d", u->pane != NULL && !pane_closed(u->pane) ?
			    "Leave it (its terminal closes: SIGHUP; ptop follows the rest) " :
			    "Leave it running (ptop follows it in the background) ");
		else
			ui_bar_item(p, "d", "Detach (its terminal closes: SIGHUP) ");
		ui_bar_keys(p, u, &screen_quit, st, quit_bar_cancel);
	} else
		ui_bar_keys(p, u, &screen_quit, st, NULL);
	p->attr = DRAW_BAR;
	pen_fill(p);
}

static void
quit_help_notes(struct buf *b, const struct ui *u)
{
	buf_adds(b, "Attached (-p), q detaches without asking.  A launched command left "
	    "running with d is followed in the background until it ends (its processes stop "
	    "at every exec attempt, and an exec without ptop would fail); one in the terminal "
	    "pane gets SIGHUP when its terminal closes.");
}

const struct screen screen_quit = {
	.name = "quit",
	.keys = quit_tables,
	.bar = quit_bar,
	.footer = quit_footer,
	.help_title = "Quitting while the command runs",
	.help_notes = quit_help_notes,
};

/* ---- waiting for the killed processes to go: no keys -------------------------------- */

static void
leaving_footer(struct pen *p, const struct ui *u, const void *st)
{
	p->attr = DRAW_BOLD;
	pen_printf(p, "Killing what still runs (%u)...", quit_alive(u));
	p->attr = DRAW_BAR;
	pen_fill(p);
}

const struct screen screen_leaving = {
	.name = "leaving",
	.footer = leaving_footer,
};
