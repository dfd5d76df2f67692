/*
 * scr_detail.c: the detail screen (Enter): everything about one process,
 * as detail.c words it, in a pager over the tree's region.  It follows the
 * trace: at once when the process itself changes (exec, exit), at most
 * every DETAIL_REFRESH_US for news below it or a running duration, so a
 * megabyte argv is not re-wrapped 60 times a second during a build.
 */
#include "config.h"

#include "detail.h"
#include "repro.h"
#include "screens.h"

#define DETAIL_REFRESH_US 500000

struct scr_detail {
	struct pager pager;	/* first: see scr_pager.c */
	uint32_t id;
	uint64_t gen;		/* tree data_gen the text was built from */
	int64_t t;		/* now_us it was built at */
	uint16_t flags;		/* the process's flags and latest exec then */
	const struct exec_rec *exec;
	int how;		/* DETAIL_* */
};

static void
detail_rebuild(struct ui *u, struct scr_detail *d)
{
	const struct node *n = ptree_node(u->pt, d->id);

	detail_build(&d->pager, u->pt, d->id, u->now_us, d->how, ui_fmt_flags(u));
	d->gen = ptree_data_gen(u->pt);
	d->t = u->now_us;
	d->flags = n != NULL ? n->flags : 0;
	d->exec = n != NULL ? n->exec : NULL;
}

/* arg: the process id (uint32_t *). */
static void
detail_open(struct ui *u, void *st, const void *arg)
{
	struct scr_detail *d = st;

	d->id = *(const uint32_t *)arg;
	detail_rebuild(u, d);
}

static void
detail_close(struct ui *u, void *st)
{
	struct scr_detail *d = st;

	pager_free(&d->pager);
}

static void
detail_refresh(struct ui *u, void *st)
{
	struct scr_detail *d = st;
	const struct node *n = ptree_node(u->pt, d->id);

	if (n == NULL)
		return;
	if (n->flags != d->flags || n->exec != d->exec ||
	    ((d->gen != ptree_data_gen(u->pt) || (n->flags & NODE_RUNNING)) &&
	    u->now_us - d->t >= DETAIL_REFRESH_US))
		detail_rebuild(u, d);
}

static int
act_detail_env(struct ui *u, void *st, int key)
{
	struct scr_detail *d = st;

	d->how ^= DETAIL_FULL_ENV;
	detail_rebuild(u, d);
	return UI_REDRAW;
}

/* The command that reruns it, to the terminal's clipboard (OSC 52). */
static int
act_detail_copy(struct ui *u, void *st, int key)
{
	struct scr_detail *d = st;
	struct buf cmd = BUF_INIT;

	if (detail_repro(&cmd, u->pt, d->id, key == 'C') < 0) {
		ui_message(u, "It never exec'd: nothing to run again");
		return UI_REDRAW;
	}
	ui_copy(u, cmd.p, cmd.len);
	ui_message(u, "Copied to the clipboard: the command%s (%zu bytes)",
	    key == 'C' ? " with env -i and all of its environment" : "", cmd.len);
	buf_free(&cmd);
	return UI_REDRAW;
}

static const struct ui_key detail_keys[] = {
	UI_SECTION("Detail view"),
	{ 'e', act_detail_env, "e", "the whole environment, or its difference from the parent's",
	    "Env", NULL },
	{ 'c', act_detail_copy, "c", "copy a command that runs it again (cd, env, argv) to the "
	    "terminal's clipboard (OSC 52)", "Copy", NULL },
	{ 'C', act_detail_copy, "C", "the same with env -i and all of its environment", NULL, NULL },
	UI_KEYS_END,
};

static const struct ui_key *const *
detail_tables(const struct ui *u, const void *st)
{
	static const struct ui_key *const tables[] = { detail_keys, scr_pager_keys, NULL };

	return tables;
}

static const struct ui_bar detail_bar[] = {
	{ KEYC_ESC, NULL }, { KEYC_UP, "Up/Dn" }, { KEYC_PPAGE, "PgUp/PgDn" }, { 'e', NULL },
	{ 'c', NULL }, { 0, NULL },
};

uint32_t
scr_detail_id(const struct ui *u)
{
	const struct scr_detail *d = ui_state_of(u, &screen_detail);

	return d != NULL ? d->id : 0;
}

const struct screen screen_detail = {
	.name = "detail",
	.flags = SCREEN_OPAQUE | SCREEN_MESSAGE | SCREEN_TICK | SCREEN_PAGER,
	.state_size = sizeof(struct scr_detail),
	.open = detail_open,
	.close = detail_close,
	.keys = detail_tables,
	.bar = detail_bar,
	.mouse = scr_pager_mouse,
	.refresh = detail_refresh,
	.layout = scr_pager_layout,
	.draw = scr_pager_draw,
	.help_title = "Detail and help views",
};
