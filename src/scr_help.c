/*
 * scr_help.c: the help screen (F1): the keys of every screen, generated
 * from their key tables (screens_all), so it cannot miss one, in a pager
 * over the whole body.
 */
#include "config.h"

#include <string.h>

#include "screens.h"

struct scr_help {
	struct pager pager;	/* first: see scr_pager.c */
};

static void
help_notes(struct pager *p, void (*notes)(struct buf *, const struct ui *), const struct ui *u)
{
	struct buf b = BUF_INIT;

	notes(&b, u);
	if (b.len > 0)
		pager_addf(p, DRAW_DEFAULT, 4, "  %s", b.p);
	buf_free(&b);
}

/* One screen's keys: its title, a line per action, its notes. */
static void
help_screen(struct pager *p, const struct ui *u, const struct screen *s)
{
	const struct ui_key *const *tables, *k;

	if (s->help_title == NULL || s->keys == NULL)
		return;
	if (*s->help_title != '\0') {
		pager_add(p, DRAW_DEFAULT, 0, "", 0);
		pager_addf(p, DRAW_BOLD | DRAW_UNDERLINE, 0, "%s", s->help_title);
	}
	tables = s->help_keys != NULL ? s->help_keys(u) : s->keys(u, NULL);
	for (; *tables != NULL; tables++) {
		for (k = *tables; k->fn != NULL || k->help != NULL; k++) {
			if (k->fn == NULL) {
				pager_add(p, DRAW_DEFAULT, 0, "", 0);
				pager_addf(p, DRAW_BOLD | DRAW_UNDERLINE, 0, "%s", k->help);
			} else if (k->label != NULL)
				pager_addf(p, DRAW_DEFAULT, 20, "  %-17s %s", k->label, k->help);
		}
	}
	if (s->help_notes != NULL)
		help_notes(p, s->help_notes, u);
}

void
scr_help_build(struct pager *p, const struct ui *u)
{
	const struct screen *const *s;

	pager_clear(p);
	pager_set_title(p, " ptop help: every key (Esc to go back)");
	pager_addf(p, DRAW_BOLD, 0, "ptop %s: the process tree of a command, live or replayed.",
	    PACKAGE_VERSION);
	pager_addf(p, DRAW_DEFAULT, 2, "STATE is running, ok, exit N, a signal name, detached "
	    "or lost; TIME is the wall time (live while running); CPU and MAXRSS come from "
	    "wait4 at exit.  A + marks a collapsed process, - an expanded one; a collapsed one "
	    "shows [descendants, failed, running, total time, CPU, peak RSS] of its subtree.");
	for (s = u->screens; s != NULL && *s != NULL; s++)
		help_screen(p, u, *s);
	pager_add(p, DRAW_DEFAULT, 0, "", 0);
	pager_addf(p, DRAW_BOLD | DRAW_UNDERLINE, 0, "Mouse");
	pager_addf(p, DRAW_DEFAULT, 20, "  %-17s %s", "click", "select a process; on its +/- "
	    "marker, expand or collapse it");
	pager_addf(p, DRAW_DEFAULT, 20, "  %-17s %s", "wheel", "scroll");
}

static void
help_open(struct ui *u, void *st, const void *arg)
{
	struct scr_help *h = st;

	scr_help_build(&h->pager, u);
}

static void
help_close(struct ui *u, void *st)
{
	struct scr_help *h = st;

	pager_free(&h->pager);
}

const struct screen screen_help = {
	.name = "help",
	.flags = SCREEN_OPAQUE | SCREEN_WIDE | SCREEN_PAGER,
	.state_size = sizeof(struct scr_help),
	.open = help_open,
	.close = help_close,
	.keys = scr_pager_tables,
	.bar = scr_pager_bar,
	.mouse = scr_pager_mouse,
	.layout = scr_pager_layout,
	.draw = scr_pager_draw,
};
