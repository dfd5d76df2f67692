/*
 * scr_detail.c: the detail screen (Enter): everything about one process,
 * as detail.c words it, in a pager over the tree's region.  It follows the
 * trace: at once when the process itself changes (exec, exit), at most
 * every DETAIL_REFRESH_US for news below it or a running duration, so a
 * megabyte argv is not re-wrapped 60 times a second during a build.
 */
#include "config.h"

#include "detail.h"
#include "screens.h"

#define DETAIL_REFRESH_US 500000

struct scr_detail {
	struct pager pager;	/* first: see scr_pager.c */
	uint32_t id;
	uint64_t gen;		/* tree data_gen the text was built from */
	int64_t t;		/* now_us it was built at */
	uint16_t flags;		/* the process's flags and latest exec then */
	const struct exec_rec *exec;
};

static void
detail_rebuild(struct ui *u, struct scr_detail *d)
{
	const struct node *n = ptree_node(u->pt, d->id);

	detail_build(&d->pager, u->pt, d->id, u->now_us, ui_fmt_flags(u));
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

uint32_t
scr_detail_id(const struct ui *u)
{
	const struct scr_detail *d = ui_state_of(u, &screen_detail);

	return d != NULL ? d->id : 0;
}

const struct screen screen_detail = {
	.name = "detail",
	.flags = SCREEN_OPAQUE | SCREEN_MESSAGE | SCREEN_TICK,
	.state_size = sizeof(struct scr_detail),
	.open = detail_open,
	.close = detail_close,
	.keys = scr_pager_tables,
	.bar = scr_pager_bar,
	.mouse = scr_pager_mouse,
	.refresh = detail_refresh,
	.layout = scr_pager_layout,
	.draw = scr_pager_draw,
	.help_title = "Detail and help views",
};
