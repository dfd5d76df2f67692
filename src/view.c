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

	struct filter_set fs;	/* which processes the filter shows */
	struct order *order;	/* the order of siblings */
	int sorted;		/* order_active(order): walks go through it */
	int64_t sorted_us;	/* when processes last moved to their sorted place */
	struct sink fs_sink, order_sink;
	struct search *search;	/* kept answers for n and N */
};

static void view_rebuild(struct view *v);

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
	if (!view_catch_up(v))
		return 0;
	view_rebuild(v);
	return 1;
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

static void
view_push_row(struct view *v, uint32_t id)
{
	if (v->nrows == v->allocrows) {
		v->allocrows = v->allocrows ? v->allocrows * 2 : 1024;
		v->rows = xreallocarray(v->rows, v->allocrows, sizeof *v->rows);
	}
	v->rows[v->nrows++] = id;
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

/*
 * Flatten the tree into rows; the cursor stays on its process (or moves to
 * the nearest shown ancestor) at the same height on the screen.  The walk
 * keeps its ancestors on a stack: climbing back by each node's parent
 * would read a node at random for every row (sorted, nodes are not in
 * memory order).
 */
static void
view_rebuild(struct view *v)
{
	uint32_t want = v->cur_id, found = UINT32_MAX, max_id = 0, id, next, c;
	uint32_t offset = v->cur_row >= v->top ? v->cur_row - v->top : 0;
	uint32_t old_row = v->cur_row;
	struct view_links *l = view_link_shown(v);
	size_t depth = 0;

#define FIRST(id) (l != NULL ? l[id].first : view_first_shown(v, id))
#define NEXT(id) (l != NULL ? l[id].next : view_next_shown(v, id))
	v->nrows = 0;
	v->max_row = 0;
	v->rows_dirty = 0;
	id = FIRST(0);
	while (id != 0) {
		next = NEXT(id);
		if (next == 0)
			v->flags[id] |= VIEW_LAST;
		else
			v->flags[id] &= ~VIEW_LAST;
		if (id == want)
			found = v->nrows;
		if (id > max_id) {
			max_id = id;
			v->max_row = v->nrows;
		}
		view_push_row(v, id);
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
	free(l);
	if (v->follow)
		v->cur_row = v->max_row;
	else if (found != UINT32_MAX)
		v->cur_row = found;
	else
		v->cur_row = view_fallback_row(v, want, old_row);
	v->top = v->cur_row >= offset ? v->cur_row - offset : 0;
	view_clamp(v);
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
	if (f != NULL && same && !v->rows_dirty)
		return;
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
	if (moved || v->rows_dirty)
		view_rebuild(v);
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
