/*
 * view.c: visible rows, folds and cursor, with filter.c deciding which
 * processes are shown, order.c in what order siblings come and search.c
 * finding them.  See view.h.
 *
 * Invariants:
 * - flags[] covers ids 0..seen, and fs and order are synced to the same
 *   size; view_catch_up() extends them before anything reads a newer id.
 * - rows[] is the pre-order (siblings in the order's order) of the
 *   processes fs shows, skipping the children of folded ones; cur_id is
 *   the cursor's process and cur_row its row.  Every public function that
 *   changes folds, filter, sort or cursor leaves rows[] rebuilt and the
 *   cursor on screen.
 * - Unless rows_dirty, rows[] is that of processes 1..rows_seen, built
 *   when the filter set's shown_gen was rows_shown_gen and the order had
 *   made rows_sorts full sorts: if those two still hold, the processes
 *   shown then are shown now, in the same order, and view_add_rows() only
 *   has to add the new ones.
 * - VIEW_ANCHOR is set on no process outside view_add_rows().
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "order.h"
#include "search.h"
#include "view.h"
#include "xmalloc.h"

/* Sorted and live: processes move to their new place at most this often... */
#define VIEW_SORT_EVERY_US	2000000
/* ... and not this soon after a key (the row aimed at must stay put). */
#define VIEW_SORT_QUIET_US	2000000

struct view {
	const struct ptree *pt;

	uint8_t *flags;		/* VIEW_* per id */
	uint32_t alloc;		/* entries in flags */
	uint32_t seen;		/* highest id set up */
	uint64_t struct_gen;

	uint32_t *rows;
	uint32_t nrows, allocrows;
	uint32_t *stack;	/* scratch for view_rebuild's walk */
	size_t allocstack;
	uint32_t top, cur_row, cur_id, max_row;
	unsigned height;
	int follow;
	int rows_dirty;		/* the tree or filter changed since the rows were built */
	unsigned sparse_builds;	/* rows built from the shown processes alone, for tests */
	/* What the rows were built from, for view_add_rows(). */
	uint32_t rows_seen;	/* processes 1..rows_seen */
	uint64_t rows_shown_gen;	/* the filter set's filter_set_shown_gen() */
	unsigned rows_sorts;	/* the order's order_sorts() */
	unsigned added_builds;	/* rows added to rather than rebuilt, for tests */

	struct filter_set fs;	/* which processes the filter shows */
	struct order *order;	/* the order of siblings */
	int sorted;		/* order_active(order): walks go through it */
	int64_t sorted_us;	/* when processes last moved to their sorted place */
	struct sink fs_sink, order_sink;
	struct search *search;	/* kept answers for n and N */
};

static void view_rebuild(struct view *v);
static void view_update(struct view *v);

/* Set on the rows that new rows go before, only inside view_add_rows(). */
#define VIEW_ANCHOR	0x80

struct view *
view_new(const struct ptree *pt)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->pt = pt;
	v->alloc = 1024;
	v->flags = xcalloc(v->alloc, 1);
	v->height = 1;
	filter_set_init(&v->fs, pt);
	v->order = order_new(pt);
	v->fs_sink = filter_set_sink(&v->fs);
	v->order_sink = order_sink(v->order);
	v->search = search_new();
	return v;
}

void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	free(v->flags);
	free(v->rows);
	free(v->stack);
	filter_set_free(&v->fs);
	order_free(v->order);
	search_free(v->search);
	free(v);
}

size_t
view_memory(const struct view *v)
{
	return sizeof *v + v->alloc + filter_set_memory(&v->fs) + order_memory(v->order) +
	    (size_t)v->allocrows * sizeof *v->rows + v->allocstack * sizeof *v->stack +
	    search_memory(v->search);
}

/* The filter set's sink and the order's, in turn. */
static void
view_sink_begin(void *ctx, const struct trace_info *info)
{
	struct view *v = ctx;

	if (v->fs_sink.begin != NULL)
		v->fs_sink.begin(v->fs_sink.ctx, info);
	if (v->order_sink.begin != NULL)
		v->order_sink.begin(v->order_sink.ctx, info);
}

static void
view_sink_event(void *ctx, const struct event *ev)
{
	struct view *v = ctx;

	if (v->fs_sink.event != NULL)
		v->fs_sink.event(v->fs_sink.ctx, ev);
	if (v->order_sink.event != NULL)
		v->order_sink.event(v->order_sink.ctx, ev);
}

static void
view_sink_end(void *ctx)
{
	struct view *v = ctx;

	if (v->fs_sink.end != NULL)
		v->fs_sink.end(v->fs_sink.ctx);
	if (v->order_sink.end != NULL)
		v->order_sink.end(v->order_sink.ctx);
}

struct sink
view_sink(struct view *v)
{
	struct sink s = {
		.begin = view_sink_begin,
		.event = view_sink_event,
		.end = view_sink_end,
		.ctx = v,
	};
	return s;
}

/* Shown under the filter (folds aside). */
static int
view_shown(const struct view *v, uint32_t id)
{
	return filter_set_shown(&v->fs, id);
}

int
view_matches(const struct view *v, uint32_t id)
{
	return filter_set_matches(&v->fs, id);
}

unsigned
view_filter_passes(const struct view *v)
{
	return filter_set_passes(&v->fs);
}

unsigned
view_sparse_builds(const struct view *v)
{
	return v->sparse_builds;
}

unsigned
view_added_builds(const struct view *v)
{
	return v->added_builds;
}

uint32_t
view_max_row(const struct view *v)
{
	return v->max_row;
}

/* ---- sync ----------------------------------------------------------------- */

static void
view_grow(struct view *v, uint32_t size)
{
	uint32_t old = v->alloc;

	if (size < v->alloc)
		return;
	while (v->alloc <= size)
		v->alloc *= 2;
	v->flags = xrealloc(v->flags, v->alloc);
	memset(v->flags + old, 0, v->alloc - old);
}

/* Extend the per-process flags and the filter to the tree's newest state. */
static int
view_catch_up(struct view *v)
{
	uint32_t size = ptree_size(v->pt);
	uint64_t sg = ptree_struct_gen(v->pt);
	int changed = 0;

	if (sg != v->struct_gen || size != v->seen) {
		view_grow(v, size);
		v->seen = size;
		changed = 1;
	}
	v->struct_gen = sg;
	if (filter_set_sync(&v->fs))
		changed = 1;
	if (order_sync(v->order))
		changed = 1;
	if (changed)
		v->rows_dirty = 1;
	return changed;
}

int
view_sync(struct view *v)
{
	view_catch_up(v);
	/* Dirty also when a search caught up with the tree but built no rows. */
	if (!v->rows_dirty)
		return 0;
	view_update(v);
	return 1;
}

/* The rows from scratch, as any change but new processes makes them (tests). */
void
view_rebuild_rows(struct view *v)
{
	view_catch_up(v);
	view_rebuild(v);
}

/* ---- rows ----------------------------------------------------------------- */

/* c, or the first sibling after it that the filter shows; 0 if none. */
static uint32_t
view_skip_hidden(const struct view *v, uint32_t c)
{
	while (c != 0 && !view_shown(v, c))
		c = ptree_next(v->pt, c);
	return c;
}

/* c, or the first sibling after it in order that the filter shows; 0 if none. */
static uint32_t
view_skip_hidden_sorted(const struct view *v, uint32_t c)
{
	while (c != 0 && !view_shown(v, c))
		c = order_next(v->order, c);
	return c;
}

static uint32_t
view_first_shown(const struct view *v, uint32_t id)
{
	if (v->sorted)
		return view_skip_hidden_sorted(v, order_first(v->order, id));
	return view_skip_hidden(v, ptree_first_child(v->pt, id));
}

static uint32_t
view_next_shown(const struct view *v, uint32_t id)
{
	if (v->sorted)
		return view_skip_hidden_sorted(v, order_next(v->order, id));
	return view_skip_hidden(v, ptree_next(v->pt, id));
}

/* Keep top within bounds and the cursor on screen (minimal scrolling). */
static void
view_clamp(struct view *v)
{
	uint32_t h = v->height > 0 ? v->height : 1;

	if (v->nrows == 0) {
		v->top = v->cur_row = v->cur_id = 0;
		return;
	}
	if (v->cur_row >= v->nrows)
		v->cur_row = v->nrows - 1;
	v->cur_id = v->rows[v->cur_row];
	if (v->nrows <= h)
		v->top = 0;
	else if (v->top > v->nrows - h)
		v->top = v->nrows - h;
	if (v->cur_row < v->top)
		v->top = v->cur_row;
	if (v->cur_row >= v->top + h)
		v->top = v->cur_row - h + 1;
}

/* Is id shown: passes the filter and no ancestor is folded? */
static int
view_reachable(const struct view *v, uint32_t id)
{
	uint32_t a;

	if (!view_shown(v, id))
		return 0;
	for (a = ptree_node(v->pt, id)->parent; a != 0; a = ptree_node(v->pt, a)->parent)
		if (v->flags[a] & VIEW_FOLDED)
			return 0;
	return 1;
}

static uint32_t
view_find_row(const struct view *v, uint32_t id)
{
	uint32_t r;

	for (r = 0; r < v->nrows; r++)
		if (v->rows[r] == id)
			return r;
	return UINT32_MAX;
}

/* The row the cursor goes to when its process is no longer shown. */
static uint32_t
view_fallback_row(const struct view *v, uint32_t want, uint32_t old_row)
{
	uint32_t a, r;

	if (want != 0 && want <= v->seen) {
		for (a = ptree_node(v->pt, want)->parent; a != 0; a = ptree_node(v->pt, a)->parent)
			if (view_reachable(v, a) && (r = view_find_row(v, a)) != UINT32_MAX)
				return r;
	}
	return old_row < v->nrows ? old_row : (v->nrows > 0 ? v->nrows - 1 : 0);
}

/*
 * The shown processes linked among themselves, when a filter shows few of
 * many: walking the tree's own child lists would visit every hidden child
 * of every shown process (a make with 100,000 children, all hidden).
 */
struct view_links {
	uint32_t first, last, next;	/* shown children and siblings; 0 = none */
};

/* Fewer shown than this fraction of all (1/8): link them and walk those. */
#define VIEW_SPARSE_SHIFT 3

/* Sorted: put the shown children of p, linked in id order, in the order's. */
static void
view_link_sort(const struct view *v, struct view_links *l, uint32_t p, uint32_t **tmp,
    size_t *alloc)
{
	uint32_t c;
	size_t n = 0, i;

	for (c = l[p].first; c != 0; c = l[c].next) {
		if (n == *alloc) {
			*alloc = *alloc ? *alloc * 2 : 64;
			*tmp = xreallocarray(*tmp, *alloc, sizeof **tmp);
		}
		(*tmp)[n++] = c;
	}
	order_sort_ids(v->order, *tmp, n);
	l[p].first = (*tmp)[0];
	for (i = 0; i + 1 < n; i++)
		l[(*tmp)[i]].next = (*tmp)[i + 1];
	l[(*tmp)[n - 1]].next = 0;
	l[p].last = (*tmp)[n - 1];
}

/*
 * Link the shown processes, or return NULL when too many are shown for it
 * to pay.  Siblings are in id order in the tree, so appending each shown
 * process to its parent's list, by increasing id, keeps the tree's order;
 * sorted, each list of two or more is then sorted (few are shown).
 * The array is indexed by id but only shown entries are written or read.
 */
static struct view_links *
view_link_shown(struct view *v)
{
	struct view_links *l;
	uint32_t id, p, n, most = v->seen >> VIEW_SPARSE_SHIFT;

	if (filter_set_filter(&v->fs) == NULL || most == 0)
		return NULL;
	if ((n = filter_set_nshown(&v->fs)) != FILTER_UNKNOWN) {
		if (n > most)
			return NULL;
	} else {
		for (n = 0, id = 1; id <= v->seen && n <= most; id++)
			n += view_shown(v, id);
		if (n > most)
			return NULL;
	}
	l = xreallocarray(NULL, (size_t)v->seen + 1, sizeof *l);
	l[0].first = l[0].last = 0;
	for (id = 1; id <= v->seen; id++) {
		if (!view_shown(v, id))
			continue;
		l[id].first = l[id].last = l[id].next = 0;
		p = ptree_node(v->pt, id)->parent;
		if (l[p].last == 0)
			l[p].first = id;
		else
			l[l[p].last].next = id;
		l[p].last = id;
	}
	if (v->sorted) {
		uint32_t *tmp = NULL;
		size_t alloc = 0;

		for (id = 0; id <= v->seen; id++)
			if ((id == 0 || view_shown(v, id)) && l[id].first != l[id].last)
				view_link_sort(v, l, id, &tmp, &alloc);
		free(tmp);
	}
	v->sparse_builds++;
	return l;
}

/* Rows being made: those of view_rebuild(), or those a batch adds. */
struct view_walk {
	uint32_t *ids;
	uint32_t n, alloc;
	uint32_t want, found;	/* want's index, UINT32_MAX if not met */
	uint32_t max_id, max_at;	/* the highest id met (0: none) and its index */
};

static void
view_walk_push(struct view_walk *w, uint32_t id)
{
	if (w->n == w->alloc) {
		w->alloc = w->alloc ? w->alloc * 2 : 1024;
		w->ids = xreallocarray(w->ids, w->alloc, sizeof *w->ids);
	}
	if (id == w->want)
		w->found = w->n;
	if (id > w->max_id) {
		w->max_id = id;
		w->max_at = w->n;
	}
	w->ids[w->n++] = id;
}

/*
 * Append id and the shown siblings after it, up to stop (0: to the last),
 * each with its shown subtree in pre-order, setting VIEW_LAST on the way.
 * The walk keeps its ancestors on a stack: climbing back by each node's
 * parent would read a node at random for every row (sorted, nodes are
 * not in memory order).  With l, the shown processes linked among
 * themselves (view_link_shown) are walked instead of the tree.
 */
static void
view_walk(struct view *v, const struct view_links *l, uint32_t id, uint32_t stop,
    struct view_walk *w)
{
	uint32_t next, c;
	size_t depth = 0;

#define FIRST(id) (l != NULL ? l[id].first : view_first_shown(v, id))
#define NEXT(id) (l != NULL ? l[id].next : view_next_shown(v, id))
	while (id != 0) {
		next = NEXT(id);
		if (next == 0)
			v->flags[id] |= VIEW_LAST;
		else
			v->flags[id] &= ~VIEW_LAST;
		if (depth == 0 && next == stop)
			next = 0;
		view_walk_push(w, id);
		if (!(v->flags[id] & VIEW_FOLDED) && (c = FIRST(id)) != 0) {
			if (depth == v->allocstack) {
				v->allocstack = v->allocstack ? v->allocstack * 2 : 256;
				v->stack = xreallocarray(v->stack, v->allocstack, sizeof *v->stack);
			}
			v->stack[depth++] = next;	/* where to go on after id's subtree */
			id = c;
			continue;
		}
		while (next == 0 && depth > 0)
			next = v->stack[--depth];
		id = next;
	}
#undef FIRST
#undef NEXT
}

/*
 * The cursor after the rows changed: on its process (at found, or the
 * nearest shown ancestor's row) or, following, on the newest process; at
 * the same height on the screen as before (offset rows below the top).
 */
static void
view_place_cursor(struct view *v, uint32_t found, uint32_t want, uint32_t offset,
    uint32_t old_row)
{
	if (v->follow)
		v->cur_row = v->max_row;
	else if (found != UINT32_MAX)
		v->cur_row = found;
	else
		v->cur_row = view_fallback_row(v, want, old_row);
	v->top = v->cur_row >= offset ? v->cur_row - offset : 0;
	view_clamp(v);
}

/* The rows stand for the tree as it is now (see view_add_rows). */
static void
view_rows_built(struct view *v)
{
	v->rows_dirty = 0;
	v->rows_seen = v->seen;
	v->rows_shown_gen = filter_set_shown_gen(&v->fs);
	v->rows_sorts = order_sorts(v->order);
}

/* Flatten the tree into rows; the cursor stays on its process (view_place_cursor). */
static void
view_rebuild(struct view *v)
{
	uint32_t offset = v->cur_row >= v->top ? v->cur_row - v->top : 0;
	struct view_links *l = view_link_shown(v);
	struct view_walk w;

	memset(&w, 0, sizeof w);
	w.ids = v->rows;
	w.alloc = v->allocrows;
	w.want = v->cur_id;
	w.found = UINT32_MAX;
	view_walk(v, l, l != NULL ? l[0].first : view_first_shown(v, 0), 0, &w);
	free(l);
	v->rows = w.ids;
	v->allocrows = w.alloc;
	v->nrows = w.n;
	v->max_row = w.max_at;
	view_rows_built(v);
	view_place_cursor(v, w.found, v->cur_id, offset, v->cur_row);
}

/* ---- rows added to ----------------------------------------------------------- */

/*
 * The new shown children of one parent that come between two of its old
 * shown children (or after the last): their rows, with their subtrees,
 * go in one piece before an old row.
 */
struct view_group {
	uint32_t parent;
	uint32_t first;		/* the first of them in order */
	uint32_t stop;		/* the old shown sibling after them; 0: they come last */
	uint32_t anchor;	/* the old row they go before; 0: after the last row */
	uint32_t pos;		/* that row's index (nrows: after the last) */
	unsigned depth;		/* the parent's: at one place, deeper parents first */
	uint32_t off, n;	/* their rows in the walk */
};

/* The sibling after id, shown or not. */
static uint32_t
view_next_sibling(const struct view *v, uint32_t id)
{
	return v->sorted ? order_next(v->order, id) : ptree_next(v->pt, id);
}

/*
 * The old row after the rows of p's subtree: the first old shown sibling
 * after p or after its nearest ancestor that has one; 0 if none (the last
 * row).  Counts siblings walked in *steps; UINT32_MAX past budget.
 */
static uint32_t
view_row_after(const struct view *v, uint32_t p, uint32_t from, size_t *steps,
    size_t budget)
{
	uint32_t s;

	for (; p != 0; p = ptree_node(v->pt, p)->parent) {
		for (s = view_next_sibling(v, p); s != 0; s = view_next_sibling(v, s)) {
			if (++*steps > budget)
				return UINT32_MAX;
			if (s < from && view_shown(v, s))
				return s;
		}
	}
	return 0;
}

struct view_anchor {
	uint32_t id, pos;
};

static int
view_anchor_cmp(const void *a, const void *b)
{
	const struct view_anchor *x = a, *y = b;

	return (x->id > y->id) - (x->id < y->id);
}

/* By place in the rows; at one place, deeper parents first (their subtrees end first). */
static int
view_group_cmp(const void *a, const void *b)
{
	const struct view_group *x = a, *y = b;

	if (x->pos != y->pos)
		return x->pos < y->pos ? -1 : 1;
	return (x->depth < y->depth) - (x->depth > y->depth);
}

/*
 * Find the groups of new shown processes whose parent is old and has its
 * children on rows (new processes under new ones come with their parent's
 * subtree).  Each new one walks its siblings after it: new shown ones join
 * its group, an old shown one ends it, one already in a group makes it
 * that group's first.  grp[] holds each new id's group + 1.  Returns the
 * number of groups, or -1 past budget.
 */
static int
view_find_groups(struct view *v, uint32_t from, uint32_t *grp, struct view_group **gp,
    size_t *steps, size_t budget)
{
	struct view_group *g = NULL;
	uint32_t id, q, s, last_q = UINT32_MAX, *mem = NULL, gi;
	size_t ng = 0, allocg = 0, nm, allocm = 0, i;
	int q_ok = 0;

	for (id = from; id <= v->seen; id++) {
		q = ptree_node(v->pt, id)->parent;
		if (q >= from || grp[id - from] != 0 || !view_shown(v, id))
			continue;
		if (q != last_q) {
			last_q = q;
			q_ok = q == 0 || (!(v->flags[q] & VIEW_FOLDED) && view_reachable(v, q));
		}
		if (!q_ok)
			continue;
		nm = 0;
		gi = UINT32_MAX;
		for (s = id; s != 0; s = view_next_sibling(v, s)) {
			if (s != id && ++*steps > budget) {
				free(mem);
				free(g);
				return -1;
			}
			if (!view_shown(v, s))
				continue;
			if (s < from)
				break;
			if (grp[s - from] != 0) {
				gi = grp[s - from] - 1;
				break;
			}
			if (nm == allocm) {
				allocm = allocm ? allocm * 2 : 64;
				mem = xreallocarray(mem, allocm, sizeof *mem);
			}
			mem[nm++] = s;
		}
		if (gi == UINT32_MAX) {
			if (ng == allocg) {
				allocg = allocg ? allocg * 2 : 16;
				g = xreallocarray(g, allocg, sizeof *g);
			}
			memset(&g[ng], 0, sizeof g[ng]);
			g[ng].parent = q;
			g[ng].stop = s;
			gi = (uint32_t)ng++;
		}
		g[gi].first = id;
		for (i = 0; i < nm; i++)
			grp[mem[i] - from] = gi + 1;
	}
	free(mem);
	*gp = g;
	return (int)ng;
}

/*
 * When the only change since the rows were built is new processes (no
 * fold, filter or sort change, no process moved by a refresh, none shown
 * or hidden by them), add their rows instead of rebuilding a million:
 * each group (view_find_groups) goes before the old row that follows it,
 * found in one scan of the rows for the marked anchors, and all of them
 * are merged in one pass from the end.  The old last child of a parent
 * that got new ones after it loses VIEW_LAST.  Rows, flags, cursor, top
 * and max_row end up as view_rebuild() would leave them (tests/unit/
 * test_view_added.c checks).  Returns 0, having changed nothing, when it
 * cannot tell or it would not pay: rebuild then.
 */
static int
view_add_rows(struct view *v)
{
	uint32_t from = v->rows_seen + 1, k, *grp, cur_shift, id, x, q, r, wr, len;
	uint32_t offset = v->cur_row >= v->top ? v->cur_row - v->top : 0, max_row;
	struct view_group *g = NULL;
	struct view_anchor *an = NULL, key, *hit;
	struct view_walk w;
	size_t steps = 0, budget, nan = 0, i;
	int ng;

	if (v->nrows == 0 || v->cur_row >= v->nrows || v->rows[v->cur_row] != v->cur_id ||
	    filter_set_shown_gen(&v->fs) != v->rows_shown_gen ||
	    order_sorts(v->order) != v->rows_sorts)
		return 0;
	/* A filter that shows few: the rebuild links the shown ones, in its own way. */
	if (filter_set_filter(&v->fs) != NULL && v->nrows <= v->seen >> VIEW_SPARSE_SHIFT)
		return 0;
	k = v->seen - v->rows_seen;
	/* Many new ones (a trace read at once): one rebuild costs less. */
	if (k > (v->nrows >> 3) + 4096)
		return 0;
	budget = (size_t)k * 16 + 4096;
	grp = xcalloc((size_t)k + 1, sizeof *grp);
	if ((ng = view_find_groups(v, from, grp, &g, &steps, budget)) < 0) {
		free(grp);
		return 0;
	}
	free(grp);
	for (i = 0; i < (size_t)ng; i++) {
		g[i].depth = ptree_depth(v->pt, g[i].parent);
		g[i].anchor = g[i].stop != 0 ? g[i].stop :
		    view_row_after(v, g[i].parent, from, &steps, budget);
		if (g[i].anchor == UINT32_MAX) {
			free(g);
			return 0;
		}
	}

	/* Where the anchors are: one scan, over as many rows as it takes. */
	for (i = 0; i < (size_t)ng; i++) {
		if (g[i].anchor != 0 && !(v->flags[g[i].anchor] & VIEW_ANCHOR)) {
			v->flags[g[i].anchor] |= VIEW_ANCHOR;
			nan++;
		}
	}
	if (nan > 0) {
		an = xreallocarray(NULL, nan, sizeof *an);
		for (r = 0, i = 0; r < v->nrows && i < nan; r++) {
			if (v->flags[v->rows[r]] & VIEW_ANCHOR) {
				v->flags[v->rows[r]] &= ~VIEW_ANCHOR;
				an[i].id = v->rows[r];
				an[i++].pos = r;
			}
		}
		if (i < nan) {
			/* An anchor without a row: the rows are not what they seemed. */
			for (i = 0; i < (size_t)ng; i++)
				if (g[i].anchor != 0)
					v->flags[g[i].anchor] &= ~VIEW_ANCHOR;
			free(an);
			free(g);
			return 0;
		}
		qsort(an, nan, sizeof *an, view_anchor_cmp);
	}
	for (i = 0; i < (size_t)ng; i++) {
		if (g[i].anchor == 0) {
			g[i].pos = v->nrows;
			continue;
		}
		key.id = g[i].anchor;
		hit = bsearch(&key, an, nan, sizeof *an, view_anchor_cmp);
		g[i].pos = hit->pos;
	}
	free(an);
	if (ng > 1)
		qsort(g, (size_t)ng, sizeof *g, view_group_cmp);

	/*
	 * The new rows, group after group in their final order: a row at
	 * index t of the walk lands at its group's pos + t.  A parent's old
	 * last shown child is no longer last when a group comes after it:
	 * the row before the group is in its subtree.
	 */
	memset(&w, 0, sizeof w);
	w.want = UINT32_MAX;
	w.found = UINT32_MAX;
	max_row = v->max_row;
	for (i = 0; i < (size_t)ng; i++) {
		g[i].off = w.n;
		id = w.max_id;
		view_walk(v, NULL, g[i].first, g[i].stop, &w);
		g[i].n = w.n - g[i].off;
		if (w.max_id != id)
			max_row = g[i].pos + w.max_at;
		if (g[i].stop != 0 || g[i].pos == 0)
			continue;
		q = g[i].parent;
		for (x = v->rows[g[i].pos - 1]; x != 0 && x != q &&
		    ptree_node(v->pt, x)->parent != q; x = ptree_node(v->pt, x)->parent)
			;
		if (x != 0 && x != q)
			v->flags[x] &= ~VIEW_LAST;
	}

	/* Merge from the end: each old run moves up by the rows placed before it. */
	if (v->nrows + w.n > v->allocrows) {
		while (v->nrows + w.n > v->allocrows)
			v->allocrows *= 2;
		v->rows = xreallocarray(v->rows, v->allocrows, sizeof *v->rows);
	}
	for (i = (size_t)ng, r = v->nrows, wr = v->nrows + w.n; i-- > 0;) {
		len = r - g[i].pos;
		wr -= len;
		r = g[i].pos;
		memmove(v->rows + wr, v->rows + r, (size_t)len * sizeof *v->rows);
		wr -= g[i].n;
		memcpy(v->rows + wr, w.ids + g[i].off, (size_t)g[i].n * sizeof *v->rows);
	}
	for (i = 0, cur_shift = 0; i < (size_t)ng && g[i].pos <= v->cur_row; i++)
		cur_shift += g[i].n;
	v->nrows += w.n;
	v->max_row = max_row;	/* the newest process is a new one, if any came */
	free(w.ids);
	free(g);
	view_rows_built(v);
	v->added_builds++;
	view_place_cursor(v, v->cur_row + cur_shift, v->cur_id, offset, v->cur_row);
	return 1;
}

/* Bring the rows up to date: added to when only new processes came, else rebuilt. */
static void
view_update(struct view *v)
{
	if (!view_add_rows(v))
		view_rebuild(v);
}

uint32_t
view_nrows(const struct view *v)
{
	return v->nrows;
}

uint32_t
view_row_id(const struct view *v, uint32_t row)
{
	return row < v->nrows ? v->rows[row] : 0;
}

uint32_t
view_top(const struct view *v)
{
	return v->top;
}

uint32_t
view_cursor(const struct view *v)
{
	return v->cur_row;
}

uint32_t
view_cursor_id(const struct view *v)
{
	return v->nrows > 0 ? v->cur_id : 0;
}

void
view_set_height(struct view *v, unsigned height)
{
	v->height = height > 0 ? height : 1;
	view_clamp(v);
}

unsigned
view_height(const struct view *v)
{
	return v->height;
}

void
view_goto_row(struct view *v, uint32_t row)
{
	view_sync(v);
	if (v->nrows == 0)
		return;
	v->follow = 0;
	v->cur_row = row < v->nrows ? row : v->nrows - 1;
	view_clamp(v);
}

void
view_move(struct view *v, long delta)
{
	long row, top;

	view_sync(v);
	if (v->nrows == 0)
		return;
	row = (long)v->cur_row + delta;
	if (row < 0)
		row = 0;
	if (row >= (long)v->nrows)
		row = (long)v->nrows - 1;
	/* Paging keeps the cursor's height on the screen. */
	if (delta >= (long)v->height || -delta >= (long)v->height) {
		top = (long)v->top + (row - (long)v->cur_row);
		v->top = top < 0 ? 0 : (uint32_t)top;
	}
	v->follow = 0;
	v->cur_row = (uint32_t)row;
	view_clamp(v);
}

void
view_scroll(struct view *v, long delta)
{
	long top;
	uint32_t h = v->height;

	view_sync(v);
	if (v->nrows <= h)
		return;
	top = (long)v->top + delta;
	if (top < 0)
		top = 0;
	if (top > (long)(v->nrows - h))
		top = (long)(v->nrows - h);
	v->top = (uint32_t)top;
	if (v->cur_row < v->top)
		v->cur_row = v->top;
	if (v->cur_row >= v->top + h)
		v->cur_row = v->top + h - 1;
	v->cur_id = v->rows[v->cur_row];
	v->follow = 0;
}

/* Rebuild, then show the cursor: where it was if still on screen, else centred. */
static void
view_place(struct view *v, uint32_t old_top)
{
	uint32_t h = v->height;

	view_rebuild(v);
	if (v->cur_row >= old_top && v->cur_row < old_top + h)
		v->top = old_top;
	else
		v->top = v->cur_row > h / 2 ? v->cur_row - h / 2 : 0;
	view_clamp(v);
}

int
view_select(struct view *v, uint32_t id)
{
	uint32_t a, r, old_top = v->top, h = v->height;
	int opened = 0;

	view_catch_up(v);
	if (id == 0 || id > v->seen)
		return -1;
	for (a = ptree_node(v->pt, id)->parent; a != 0; a = ptree_node(v->pt, a)->parent) {
		opened |= (v->flags[a] & VIEW_FOLDED) != 0;
		v->flags[a] &= ~VIEW_FOLDED;
	}
	v->cur_id = id;
	v->follow = 0;
	if (opened || v->rows_dirty) {
		view_place(v, old_top);
		return v->cur_id == id ? 0 : -1;
	}
	/*
	 * No fold opened and nothing changed: the rows stand, only the
	 * cursor moves.  Finding the row is a scan of an array, far cheaper
	 * than rebuilding a million rows (x, n and N do this every press).
	 */
	for (r = 0; r < v->nrows && v->rows[r] != id; r++)
		;
	if (r == v->nrows)
		return -1;	/* filtered out */
	v->cur_row = r;
	if (r < old_top || r >= old_top + h)
		v->top = r > h / 2 ? r - h / 2 : 0;
	view_clamp(v);
	return 0;
}

/* ---- folding --------------------------------------------------------------- */

int
view_flags(const struct view *v, uint32_t id)
{
	return id <= v->seen ? v->flags[id] : 0;
}

int
view_has_children(const struct view *v, uint32_t id)
{
	if (id > v->seen)
		return 0;
	if (filter_set_filter(&v->fs) != NULL)
		return filter_set_below(&v->fs, id) > 0;
	return ptree_node(v->pt, id)->last_child != 0;
}

void
view_set_folded(struct view *v, uint32_t id, int folded)
{
	view_catch_up(v);
	if (id == 0 || id > v->seen)
		return;
	if (folded)
		v->flags[id] |= VIEW_FOLDED;
	else
		v->flags[id] &= ~VIEW_FOLDED;
	view_rebuild(v);
}

void
view_expand(struct view *v)
{
	uint32_t id;

	view_sync(v);
	if ((id = view_cursor_id(v)) == 0 || !view_has_children(v, id))
		return;
	if (v->flags[id] & VIEW_FOLDED)
		view_set_folded(v, id, 0);
	else
		view_move(v, 1);	/* already open: step onto the first child */
}

void
view_collapse(struct view *v)
{
	uint32_t id, parent;

	view_sync(v);
	if ((id = view_cursor_id(v)) == 0)
		return;
	if (view_has_children(v, id) && !(v->flags[id] & VIEW_FOLDED)) {
		view_set_folded(v, id, 1);
		return;
	}
	parent = ptree_node(v->pt, id)->parent;
	if (parent != 0)
		view_select(v, parent);
}

void
view_toggle(struct view *v)
{
	uint32_t id;

	view_sync(v);
	if ((id = view_cursor_id(v)) == 0 || !view_has_children(v, id))
		return;
	view_set_folded(v, id, !(v->flags[id] & VIEW_FOLDED));
}

/* Pre-order successor of id inside the subtree of root (0 when done). */
static uint32_t
view_subtree_next(const struct view *v, uint32_t id, uint32_t root)
{
	uint32_t n;

	if ((n = ptree_first_child(v->pt, id)) != 0)
		return n;
	while (id != root) {
		if ((n = ptree_next(v->pt, id)) != 0)
			return n;
		id = ptree_node(v->pt, id)->parent;
	}
	return 0;
}

void
view_toggle_all(struct view *v)
{
	uint32_t root, id;
	int any_folded = 0;

	view_sync(v);
	if ((root = view_cursor_id(v)) == 0)
		return;
	for (id = root; id != 0 && !any_folded; id = view_subtree_next(v, id, root))
		if ((v->flags[id] & VIEW_FOLDED) && ptree_node(v->pt, id)->last_child != 0)
			any_folded = 1;
	for (id = root; id != 0; id = view_subtree_next(v, id, root)) {
		if (any_folded)
			v->flags[id] &= ~VIEW_FOLDED;
		else if (ptree_node(v->pt, id)->last_child != 0)
			v->flags[id] |= VIEW_FOLDED;
	}
	view_rebuild(v);
}

/* ---- filter ------------------------------------------------------------------ */

void
view_use_filter(struct view *v, struct filter *f)
{
	uint32_t old_top = v->top;
	int same;

	view_catch_up(v);
	same = filter_set_use(&v->fs, f);
	/* The same processes shown: the same rows (typing "file" at 1M costs no rebuild). */
	if (f != NULL && same && !v->rows_dirty) {
		v->rows_shown_gen = filter_set_shown_gen(&v->fs);
		return;
	}
	view_place(v, old_top);
}

void
view_set_filter(struct view *v, const char *text)
{
	view_use_filter(v, text != NULL && *text != '\0' ? filter_parse(text) : NULL);
}

const struct filter *
view_get_filter(const struct view *v)
{
	return filter_set_filter(&v->fs);
}

const char *
view_filter(const struct view *v)
{
	const struct filter *f = filter_set_filter(&v->fs);

	return f != NULL ? filter_text(f) : NULL;
}

const char *
view_filter_needle(const struct view *v, size_t *len)
{
	const struct filter *f = filter_set_filter(&v->fs);
	const char *needle;

	*len = 0;
	if (f == NULL)
		return NULL;
	needle = filter_needle(f, len);
	return *len > 0 ? needle : NULL;
}

unsigned
view_filter_states(const struct view *v)
{
	const struct filter *f = filter_set_filter(&v->fs);

	return f != NULL ? filter_words_used(f) : 0;
}

/* ---- search ---------------------------------------------------------------------- */

/* The order searches walk: the sorted one, or the tree's (NULL: cheaper). */
static const struct order *
view_walk_order(const struct view *v)
{
	return v->sorted ? v->order : NULL;
}

int
view_search(struct view *v, const char *text, uint32_t from, int dir, int inclusive)
{
	uint32_t id;

	view_catch_up(v);
	if (from == 0 || from > v->seen)
		from = view_cursor_id(v);
	if ((id = search_text(v->search, v->pt, &v->fs, view_walk_order(v), text, from, dir,
	    inclusive)) == 0)
		return -1;
	return view_select(v, id);
}

int
view_next_bad(struct view *v, int dir)
{
	uint32_t id;

	view_catch_up(v);
	if ((id = search_bad(v->pt, &v->fs, view_walk_order(v), view_cursor_id(v), dir)) == 0)
		return -1;
	return view_select(v, id);
}

/* ---- sort --------------------------------------------------------------------------- */

void
view_set_sort(struct view *v, enum settings_col col, int desc, int64_t now_us)
{
	view_catch_up(v);
	order_set(v->order, col, desc, now_us);
	v->sorted = order_active(v->order);
	v->sorted_us = now_us;
	view_rebuild(v);
}

enum settings_col
view_sort_column(const struct view *v)
{
	return order_column(v->order);
}

int
view_sort_descending(const struct view *v)
{
	return order_descending(v->order);
}

const struct order *
view_order(const struct view *v)
{
	return v->order;
}

int
view_sort_refresh(struct view *v, int64_t now_us)
{
	int moved;

	view_catch_up(v);
	moved = order_refresh(v->order, now_us);
	v->sorted_us = now_us;
	/* view_catch_up placed the new ones: moved means old ones moved. */
	if (moved)
		view_rebuild(v);
	else if (v->rows_dirty)
		view_update(v);
	return moved;
}

int
view_sort_pending(const struct view *v)
{
	return order_stale(v->order);
}

int
view_sort_tick(struct view *v, int64_t now_us, int64_t key_us)
{
	if (!order_stale(v->order) || now_us - v->sorted_us < VIEW_SORT_EVERY_US ||
	    now_us - key_us < VIEW_SORT_QUIET_US)
		return 0;
	return view_sort_refresh(v, now_us);
}

/* ---- follow --------------------------------------------------------------------- */

void
view_set_follow(struct view *v, int on)
{
	view_catch_up(v);
	v->follow = on;
	view_rebuild(v);
}

int
view_follow(const struct view *v)
{
	return v->follow;
}
