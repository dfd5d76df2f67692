/*
 * view.c: visible rows, folds, filter, search and cursor.  See view.h.
 *
 * Invariants:
 * - flags[] and (while filtering) nmatch[] cover ids 0..seen; view_sync()
 *   extends them before anything reads a newer id.
 * - While filtering, a process is shown iff it matches or nmatch[id] > 0
 *   (nmatch counts matching descendants), so the ancestors of every match
 *   are shown and a hidden process has no shown descendant.
 * - rows[] is the pre-order of shown processes, skipping the children of
 *   folded ones; cur_id is the cursor's process and cur_row its row.
 *   Every public function that changes folds, filter or cursor leaves rows[]
 *   rebuilt and the cursor on screen.
 * - Parents have smaller ids than their children (ids follow creation), so
 *   one pass from the highest id down sums counts bottom-up.
 */
#include "config.h"

#include <stdlib.h>
#include <pthread.h>
#include <string.h>

#include "view.h"
#include "xmalloc.h"

#define VIEW_MAX_PENDING 4096

struct view {
	const struct ptree *pt;

	uint8_t *flags;		/* VIEW_* per id */
	uint32_t *nmatch;	/* matching descendants, while filtering */
	uint32_t alloc;		/* entries in flags (and nmatch) */
	uint32_t seen;		/* highest id set up */
	uint64_t struct_gen, data_gen;

	uint32_t *rows;
	uint32_t nrows, allocrows;
	uint32_t top, cur_row, cur_id, max_row;
	unsigned height;
	int follow;
	int rows_dirty;		/* the tree or filter changed since the rows were built */

	/* Filter. */
	int filtering;
	char *ftext;		/* as typed */
	char *needle;		/* text part, lower-case */
	size_t nlen;
	unsigned fstates;
	int refilter;		/* whole-tree pass needed */
	uint32_t pending[VIEW_MAX_PENDING];
	size_t npending;
	uint64_t sink_changes;	/* data events the sink saw since the last sync */
	unsigned full_passes;	/* whole-tree filter passes, for tests */
	unsigned sparse_builds;	/* rows built from the shown processes alone, for tests */
	int unexplained;	/* data changed without the sink seeing it */
	uint32_t nshown;	/* processes the last pass let through; VIEW_UNKNOWN after changes */

	/* Search hits by id for one needle, kept for n and N on a big tree. */
	uint8_t *hits;		/* hits[id] for ids 1..hits_seen */
	size_t hits_alloc;
	uint32_t hits_seen, hits_count;
	char *hits_needle;
	uint64_t hits_gen;	/* ptree_exec_gen() they were computed at */
};

#define VIEW_UNKNOWN UINT32_MAX

static void view_rebuild(struct view *v);

struct view *
view_new(const struct ptree *pt)
{
	struct view *v = xcalloc(1, sizeof *v);

	v->pt = pt;
	v->alloc = 1024;
	v->flags = xcalloc(v->alloc, 1);
	v->height = 1;
	v->flags[0] = VIEW_MATCH;
	return v;
}

void
view_free(struct view *v)
{
	if (v == NULL)
		return;
	free(v->flags);
	free(v->nmatch);
	free(v->rows);
	free(v->ftext);
	free(v->needle);
	free(v->hits);
	free(v->hits_needle);
	free(v);
}

size_t
view_memory(const struct view *v)
{
	return sizeof *v + v->alloc + (v->nmatch != NULL ? (size_t)v->alloc * 4 : 0) +
	    (size_t)v->allocrows * sizeof *v->rows + v->hits_alloc;
}

/* ---- sink: which processes changed ------------------------------------- */

static void
view_sink_event(void *ctx, const struct event *ev)
{
	struct view *v = ctx;

	if (ev->kind == EV_SPAWN || ev->kind == EV_ATTACH)
		return;
	v->sink_changes++;	/* the tree's data_gen moves once for each */
	if (!v->filtering || v->refilter || ev->kind == EV_THREADS)
		return;
	if (v->npending == VIEW_MAX_PENDING)
		v->refilter = 1;
	else
		v->pending[v->npending++] = ev->id;
}

static void
view_sink_end(void *ctx)
{
	struct view *v = ctx;

	/* The tree marks every unfinished process lost at once. */
	if (v->filtering)
		v->refilter = 1;
}

struct sink
view_sink(struct view *v)
{
	struct sink s = {
		.begin = NULL,
		.event = view_sink_event,
		.end = view_sink_end,
		.ctx = v,
	};
	return s;
}

/* ---- matching ------------------------------------------------------------ */

unsigned char
view_fold_byte(unsigned char c)
{
	if (c == '\0')
		return ' ';	/* argument separator */
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Next candidate start for byte c in [p, end), or NULL. */
static const unsigned char *
view_next_of(const unsigned char *p, const unsigned char *end, unsigned char c)
{
	return p < end ? memchr(p, c, (size_t)(end - p)) : NULL;
}

/*
 * Case-folded substring search in an argv (NUL separators match a space).
 * The needle's first byte can only match one or two raw bytes (a letter in
 * either case; a space or a separator), so memchr, which scans many bytes
 * at a time, finds the candidates and only those are compared.
 */
int
view_argv_contains(const char *args, size_t len, const char *needle, size_t nlen)
{
	const unsigned char *h = (const unsigned char *)args;
	const unsigned char *n = (const unsigned char *)needle;
	const unsigned char *end, *p1, *p2, *p;
	unsigned char c1, c2;
	size_t j;

	if (nlen == 0)
		return 1;
	if (nlen > len)
		return 0;
	c1 = n[0];
	c2 = c1 >= 'a' && c1 <= 'z' ? (unsigned char)(c1 - ('a' - 'A')) : c1 == ' ' ? '\0' : c1;
	end = h + (len - nlen + 1);	/* candidates start before this */
	p1 = view_next_of(h, end, c1);
	p2 = c2 != c1 ? view_next_of(h, end, c2) : NULL;
	while (p1 != NULL || p2 != NULL) {
		p = p2 == NULL || (p1 != NULL && p1 < p2) ? p1 : p2;
		for (j = 1; j < nlen && view_fold_byte(p[j]) == n[j]; j++)
			;
		if (j == nlen)
			return 1;
		if (p == p1)
			p1 = view_next_of(p1 + 1, end, c1);
		else
			p2 = view_next_of(p2 + 1, end, c2);
	}
	return 0;
}

/*
 * Does the argv of x contain the folded needle?  Most command lines have no
 * capital letter: folding them changes nothing, so unless the needle has a
 * space (which must also match the separators) glibc's memmem does it.
 */
static int
view_exec_contains(const struct exec_rec *x, const char *needle, size_t nlen)
{
	if (!(x->arglen & EXEC_HAS_UPPER) && memchr(needle, ' ', nlen) == NULL)
		return memmem(x->args, exec_arglen(x), needle, nlen) != NULL;
	return view_argv_contains(x->args, exec_arglen(x), needle, nlen);
}

static int
view_state_ok(unsigned states, const struct node *n)
{
	if (states == 0)
		return 1;
	if ((states & VIEW_STATE_FAILED) && node_is_bad(n))
		return 1;
	if ((states & VIEW_STATE_RUNNING) && (n->flags & NODE_RUNNING))
		return 1;
	if ((states & VIEW_STATE_KILLED) && (n->flags & NODE_SIGNALED))
		return 1;
	if ((states & VIEW_STATE_OK) && (n->flags & NODE_EXITED) && n->status == 0)
		return 1;
	return 0;
}

static int
view_compute_match(const struct view *v, uint32_t id)
{
	const struct exec_rec *x;

	if (!view_state_ok(v->fstates, ptree_node(v->pt, id)))
		return 0;
	if (v->nlen == 0)
		return 1;
	x = ptree_shown_exec(v->pt, id);
	return x != NULL && view_exec_contains(x, v->needle, v->nlen);
}

/* Shown under the filter (folds aside). */
static int
view_shown(const struct view *v, uint32_t id)
{
	return !v->filtering || (v->flags[id] & VIEW_MATCH) || v->nmatch[id] > 0;
}

int
view_matches(const struct view *v, uint32_t id)
{
	return !v->filtering || (id <= v->seen && (v->flags[id] & VIEW_MATCH));
}

/* ---- passes over every process, on two threads when there are many ---- */

/* Above this many processes a pass runs on two threads. */
#define VIEW_PARALLEL_MIN 200000
/* Ids a thread takes at a time. */
#define VIEW_CHUNK 8192

/* fn(arg, from, to) handles ids [from, to) and returns a count to sum. */
typedef uint32_t (*view_range_fn)(void *arg, uint32_t from, uint32_t to);

struct view_par {
	view_range_fn fn;
	void *arg;
	uint32_t first, end;
	uint32_t chunk;		/* next chunk to take (atomic) */
	uint32_t total;		/* sum of fn's counts (atomic) */
};

static void *
view_par_run(void *arg)
{
	struct view_par *p = arg;
	uint64_t from, to;
	uint32_t n = 0;

	for (;;) {
		from = p->first + (uint64_t)__atomic_fetch_add(&p->chunk, 1, __ATOMIC_RELAXED) *
		    VIEW_CHUNK;
		if (from >= p->end)
			break;
		to = from + VIEW_CHUNK < p->end ? from + VIEW_CHUNK : p->end;
		n += p->fn(p->arg, (uint32_t)from, (uint32_t)to);
	}
	__atomic_fetch_add(&p->total, n, __ATOMIC_RELAXED);
	return NULL;
}

/*
 * fn over ids [first, end); returns the sum of its counts.  The two threads
 * take chunks as they go rather than half each: when the other CPU is busy
 * (the terminal drawing the last frame), this one does more, instead of
 * waiting for a helper that has not run yet.  fn may write per-id state of
 * its own range only.
 */
static uint32_t
view_parallel(uint32_t first, uint32_t end, view_range_fn fn, void *arg)
{
	struct view_par p = { fn, arg, first, end, 0, 0 };
	pthread_t t;
	int threaded;

	if (end - first < VIEW_PARALLEL_MIN)
		return fn(arg, first, end);
	threaded = pthread_create(&t, NULL, view_par_run, &p) == 0;
	view_par_run(&p);
	if (threaded)
		pthread_join(t, NULL);
	return p.total;
}

/* Match ids [from, to); with narrow, only the old matches can match. */
struct view_match_job {
	struct view *v;
	int narrow;
};

static uint32_t
view_match_range(void *arg, uint32_t from, uint32_t to)
{
	struct view_match_job *j = arg;
	struct view *v = j->v;
	uint32_t id;

	for (id = from; id < to; id++) {
		if (j->narrow && !(v->flags[id] & VIEW_MATCH))
			continue;
		if (view_compute_match(v, id))
			v->flags[id] |= VIEW_MATCH;
		else
			v->flags[id] &= ~VIEW_MATCH;
	}
	return 0;
}

/*
 * One pass over the whole tree: every match, then the counts bottom-up.
 * With narrow, the filter only got stricter (typing more of it): what did
 * not match before cannot match now, so only the old matches are tested.
 * On a big tree two threads match: each writes only the flags of its own
 * ids and reads the tree, which nothing changes meanwhile.
 * The counts read a process's node only if it is shown, so a filter that
 * lets few through costs two small arrays' scan, not the whole tree's.
 */
static void
view_filter_pass(struct view *v, int narrow)
{
	struct view_match_job j = { v, narrow };
	uint32_t id, size = v->seen, c, shown = 0;

	memset(v->nmatch, 0, ((size_t)size + 1) * sizeof *v->nmatch);
	view_parallel(1, size + 1, view_match_range, &j);
	for (id = size; id >= 1; id--) {
		if ((c = v->nmatch[id] + ((v->flags[id] & VIEW_MATCH) != 0)) != 0) {
			v->nmatch[ptree_node(v->pt, id)->parent] += c;
			shown++;
		}
	}
	v->nshown = shown;
	v->refilter = 0;
	v->npending = 0;
	v->full_passes++;
}

unsigned
view_filter_passes(const struct view *v)
{
	return v->full_passes;
}

unsigned
view_sparse_builds(const struct view *v)
{
	return v->sparse_builds;
}

/* Re-match one process; returns the work done (ancestors walked). */
static uint32_t
view_rematch(struct view *v, uint32_t id)
{
	int m = view_compute_match(v, id), had = (v->flags[id] & VIEW_MATCH) != 0;
	uint32_t a, steps = 1;

	if (m == had)
		return steps;
	v->flags[id] ^= VIEW_MATCH;
	for (a = ptree_node(v->pt, id)->parent;; a = ptree_node(v->pt, a)->parent) {
		v->nmatch[a] += m ? 1 : (uint32_t)-1;
		steps++;
		if (a == 0)
			break;
	}
	return steps;
}

/*
 * Bring the filter up to date: new processes and changed ones one by one,
 * unless that would cost more than one pass over the whole tree.
 */
static void
view_filter_update(struct view *v, uint32_t old_seen, int data_changed)
{
	uint64_t budget = (uint64_t)v->seen + 1024, steps = 0;
	uint32_t id;
	size_t i;

	v->nshown = VIEW_UNKNOWN;	/* unless the pass below counts them */
	if (data_changed && v->unexplained)
		v->refilter = 1;	/* changed behind the sink's back */
	for (i = 0; i < v->npending && !v->refilter; i++) {
		if (v->pending[i] <= old_seen)
			steps += view_rematch(v, v->pending[i]);
		if (steps > budget)
			v->refilter = 1;
	}
	for (id = old_seen + 1; id <= v->seen && !v->refilter; id++) {
		steps += view_rematch(v, id);
		if (steps > budget)
			v->refilter = 1;
	}
	if (v->refilter)
		view_filter_pass(v, 0);
	v->npending = 0;
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
	if (v->nmatch != NULL) {
		v->nmatch = xreallocarray(v->nmatch, v->alloc, sizeof *v->nmatch);
		memset(v->nmatch + old, 0, (size_t)(v->alloc - old) * sizeof *v->nmatch);
	}
}

/* Extend the per-process arrays and the filter to the tree's newest state. */
static int
view_catch_up(struct view *v)
{
	uint32_t size = ptree_size(v->pt), old_seen = v->seen;
	uint64_t sg = ptree_struct_gen(v->pt), dg = ptree_data_gen(v->pt);
	int changed = 0, data_changed = dg != v->data_gen;

	if (sg != v->struct_gen || size != v->seen) {
		view_grow(v, size);
		v->seen = size;
		changed = 1;
	}
	/* More data changes than the sink saw: someone applied events directly. */
	v->unexplained = dg - v->data_gen > v->sink_changes;
	if (v->filtering && (changed || data_changed || v->refilter || v->npending > 0)) {
		view_filter_update(v, old_seen, data_changed);
		changed = 1;
	}
	v->struct_gen = sg;
	v->data_gen = dg;
	v->sink_changes = 0;
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

static uint32_t
view_first_shown(const struct view *v, uint32_t id)
{
	return view_skip_hidden(v, ptree_first_child(v->pt, id));
}

static uint32_t
view_next_shown(const struct view *v, uint32_t id)
{
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

/*
 * Link the shown processes, or return NULL when too many are shown for it
 * to pay.  Siblings are in id order in the tree, so appending each shown
 * process to its parent's list, by increasing id, keeps the tree's order.
 * The array is indexed by id but only shown entries are written or read.
 */
static struct view_links *
view_link_shown(struct view *v)
{
	struct view_links *l;
	uint32_t id, p, n = 0, most = v->seen >> VIEW_SPARSE_SHIFT;

	if (!v->filtering || most == 0)
		return NULL;
	if (v->nshown != VIEW_UNKNOWN) {
		if (v->nshown > most)
			return NULL;
	} else {
		for (id = 1; id <= v->seen && n <= most; id++)
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
	v->sparse_builds++;
	return l;
}

/*
 * Flatten the tree into rows; the cursor stays on its process (or moves to
 * the nearest shown ancestor) at the same height on the screen.
 */
static void
view_rebuild(struct view *v)
{
	uint32_t want = v->cur_id, found = UINT32_MAX, max_id = 0, id, next, c;
	uint32_t offset = v->cur_row >= v->top ? v->cur_row - v->top : 0;
	uint32_t old_row = v->cur_row;
	struct view_links *l = view_link_shown(v);

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
			id = c;
			continue;
		}
		while (next == 0) {
			id = ptree_node(v->pt, id)->parent;
			if (id == 0)
				break;
			next = NEXT(id);
		}
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
	if (v->filtering)
		return v->nmatch[id] > 0;
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

static const struct {
	const char *word;
	unsigned state;
} view_state_words[] = {
	{ "failed", VIEW_STATE_FAILED },
	{ "running", VIEW_STATE_RUNNING },
	{ "killed", VIEW_STATE_KILLED },
	{ "ok", VIEW_STATE_OK },
};

/* ":word" (or a prefix of it) naming a state; 0 if it is not one. */
static unsigned
view_parse_state(const char *w, size_t len)
{
	size_t i;

	if (len < 2 || w[0] != ':')
		return 0;
	for (i = 0; i < sizeof view_state_words / sizeof view_state_words[0]; i++)
		if (len - 1 <= strlen(view_state_words[i].word) &&
		    strncmp(w + 1, view_state_words[i].word, len - 1) == 0)
			return view_state_words[i].state;
	return 0;
}

/* Split the filter text into states and the lower-cased text part. */
static void
view_parse_filter(struct view *v, const char *text)
{
	size_t len = strlen(text), i = 0, j, start, end, n = 0;
	char *out = xmalloc(len + 1);
	unsigned st;

	v->fstates = 0;
	while (i < len) {
		for (j = i; j < len && text[j] != ' '; j++)
			;
		if ((st = view_parse_state(text + i, j - i)) != 0) {
			v->fstates |= st;
		} else {
			memcpy(out + n, text + i, j - i);
			n += j - i;
		}
		if (j < len)
			out[n++] = ' ';
		i = j + 1;
	}
	/* Trim the spaces the state words leave behind. */
	for (start = 0; start < n && out[start] == ' '; start++)
		;
	for (end = n; end > start && out[end - 1] == ' '; end--)
		;
	for (i = start; i < end; i++)
		out[i - start] = (char)view_fold_byte((unsigned char)out[i]);
	out[end - start] = '\0';
	free(v->needle);
	v->needle = out;
	v->nlen = end - start;
}

void
view_set_filter(struct view *v, const char *text)
{
	uint32_t old_top = v->top;

	view_catch_up(v);
	free(v->ftext);
	v->ftext = NULL;
	if (text == NULL || *text == '\0') {
		v->filtering = 0;
		free(v->nmatch);
		v->nmatch = NULL;
		free(v->needle);
		v->needle = NULL;
		v->nlen = 0;
		v->fstates = 0;
		v->npending = 0;
	} else {
		char *old_needle = v->needle;	/* ours now */
		unsigned old_states = v->fstates;
		uint32_t before = v->filtering ? v->nshown : v->seen;
		int narrow, from_all = !v->filtering;

		v->needle = NULL;
		v->ftext = xstrdup(text);
		view_parse_filter(v, text);
		/* Stricter than the filter in force: the same states, a longer text. */
		narrow = v->filtering && !v->refilter && v->npending == 0 &&
		    old_states == v->fstates && old_needle != NULL &&
		    strstr(v->needle, old_needle) != NULL;
		free(old_needle);
		if (v->nmatch == NULL)
			v->nmatch = xcalloc(v->alloc, sizeof *v->nmatch);
		v->filtering = 1;
		view_filter_pass(v, narrow);
		/*
		 * The same number shown, out of the same or a larger set: the
		 * same processes, so the same rows (typing a filter that all
		 * of a million processes match costs no rebuild).
		 */
		if (!v->rows_dirty && before != VIEW_UNKNOWN && (narrow || from_all) &&
		    v->nshown == before)
			return;
	}
	view_place(v, old_top);
}

const char *
view_filter(const struct view *v)
{
	return v->ftext;
}

const char *
view_filter_needle(const struct view *v, size_t *len)
{
	*len = v->filtering ? v->nlen : 0;
	return *len > 0 ? v->needle : NULL;
}

unsigned
view_filter_states(const struct view *v)
{
	return v->fstates;
}

/* ---- search --------------------------------------------------------------------- */

struct view_pred {
	int (*match)(const struct view *v, uint32_t id, const struct view_pred *p);
	/* Skip the descendants of id (none can match). */
	int (*prune)(const struct view *v, uint32_t id, const struct view_pred *p);
	const char *needle;
	size_t nlen;
};

/* Pre-order successor over the whole tree, 0 at the end. */
static uint32_t
view_preorder_next(const struct view *v, uint32_t id, const struct view_pred *p)
{
	uint32_t n;

	if ((id == 0 || !p->prune(v, id, p)) && (n = ptree_first_child(v->pt, id)) != 0)
		return n;
	while (id != 0) {
		if ((n = ptree_next(v->pt, id)) != 0)
			return n;
		id = ptree_node(v->pt, id)->parent;
	}
	return 0;
}

static int
view_pred_ok(const struct view *v, uint32_t id, const struct view_pred *p)
{
	return view_shown(v, id) && p->match(v, id, p);
}

static uint32_t
view_find(struct view *v, const struct view_pred *p, uint32_t start, int dir, int inclusive)
{
	uint32_t id, before = 0, last = 0;
	int passed = 0;

	if (start != 0 && inclusive && view_pred_ok(v, start, p))
		return start;
	if (dir > 0) {
		for (id = view_preorder_next(v, start, p); id != 0; id = view_preorder_next(v, id, p))
			if (view_pred_ok(v, id, p))
				return id;
		/* Wrap around, up to and including the start. */
		for (id = view_preorder_next(v, 0, p); id != 0; id = view_preorder_next(v, id, p)) {
			if (view_pred_ok(v, id, p))
				return id;
			if (id == start)
				break;
		}
		return 0;
	}
	for (id = view_preorder_next(v, 0, p); id != 0; id = view_preorder_next(v, id, p)) {
		if (id == start)
			passed = 1;
		else if (view_pred_ok(v, id, p)) {
			last = id;
			if (!passed)
				before = id;
		}
	}
	if (before != 0)
		return before;
	if (last != 0)
		return last;
	return start != 0 && view_pred_ok(v, start, p) ? start : 0;
}

static int
view_prune_hidden(const struct view *v, uint32_t id, const struct view_pred *p)
{
	return !view_shown(v, id);
}

static int
view_match_text(const struct view *v, uint32_t id, const struct view_pred *p)
{
	const struct exec_rec *x = ptree_shown_exec(v->pt, id);

	return x != NULL && view_exec_contains(x, p->needle, p->nlen);
}

/* Up to VIEW_NEAR_STEPS processes forward from start, no wrapping; 0 if none. */
#define VIEW_NEAR_STEPS 20000

static uint32_t
view_find_near(struct view *v, const struct view_pred *p, uint32_t start, int inclusive)
{
	uint32_t id, steps = 0;

	if (start != 0 && inclusive && view_pred_ok(v, start, p))
		return start;
	for (id = view_preorder_next(v, start, p); id != 0 && steps < VIEW_NEAR_STEPS;
	    id = view_preorder_next(v, id, p), steps++)
		if (view_pred_ok(v, id, p))
			return id;
	return 0;
}

/* The kept answer of view_search_hits. */
static int
view_match_hit(const struct view *v, uint32_t id, const struct view_pred *p)
{
	return v->hits[id];
}

struct view_hit_job {
	const struct view *v;
	const struct view_pred *p;
	uint8_t *hits;
};

static uint32_t
view_hit_range(void *arg, uint32_t from, uint32_t to)
{
	struct view_hit_job *j = arg;
	uint32_t id, n = 0;

	for (id = from; id < to; id++)
		n += j->hits[id] = (uint8_t)view_match_text(j->v, id, j->p);
	return n;
}

/* The kept answers are for this needle and still right (see below). */
static int
view_hits_kept(const struct view *v, const char *needle)
{
	return v->hits_needle != NULL && strcmp(v->hits_needle, needle) == 0 &&
	    v->hits_gen == ptree_exec_gen(v->pt) && v->hits_seen <= v->seen;
}

/*
 * On a big tree, test every process's text first, on two threads: the
 * walk in tree order then only reads the answers, and a text that matches
 * nowhere is known without walking at all.  The answers are kept for the
 * next n or N: still right while no process has exec'd since (a new one
 * shows what its parent ran, fixed at its spawn), so only processes new
 * since then are tested again.  Returns the number of hits.
 */
static uint32_t
view_search_hits(struct view *v, const struct view_pred *p)
{
	struct view_hit_job j = { v, p, NULL };
	uint32_t from = 1;

	if (view_hits_kept(v, p->needle))
		from = v->hits_seen + 1;
	else {
		free(v->hits_needle);
		v->hits_needle = xstrdup(p->needle);
		v->hits_gen = ptree_exec_gen(v->pt);
		v->hits_count = 0;
	}
	if ((size_t)v->seen + 1 > v->hits_alloc) {
		v->hits_alloc = (size_t)v->seen + 1 + v->seen / 2;
		v->hits = xrealloc(v->hits, v->hits_alloc);
	}
	j.hits = v->hits;
	if (from <= v->seen)
		v->hits_count += view_parallel(from, v->seen + 1, view_hit_range, &j);
	v->hits_seen = v->seen;
	return v->hits_count;
}

int
view_search(struct view *v, const char *text, uint32_t from, int dir, int inclusive)
{
	struct view_pred p = { view_match_text, view_prune_hidden, NULL, 0 };
	size_t len = strlen(text), i;
	char *needle;
	uint32_t id = 0;

	view_catch_up(v);
	if (len == 0)
		return -1;
	needle = xmalloc(len + 1);
	for (i = 0; i <= len; i++)
		needle[i] = (char)(text[i] == '\0' ? '\0' : view_fold_byte((unsigned char)text[i]));
	p.needle = needle;
	p.nlen = len;
	if (from == 0 || from > v->seen)
		from = view_cursor_id(v);
	if (v->seen >= VIEW_PARALLEL_MIN) {
		/* Unless the answers are kept, a match close ahead is found sooner by walking a little. */
		if (!view_hits_kept(v, needle) && dir > 0 &&
		    (id = view_find_near(v, &p, from, inclusive)) != 0)
			goto done;
		if (view_search_hits(v, &p) == 0)
			goto done;
		p.match = view_match_hit;
	}
	id = view_find(v, &p, from, dir, inclusive);
done:
	free(needle);
	if (id == 0)
		return -1;
	return view_select(v, id);
}

static int
view_match_bad(const struct view *v, uint32_t id, const struct view_pred *p)
{
	return node_is_bad(ptree_node(v->pt, id));
}

/* No failed descendant: nothing to find below. */
static int
view_prune_good(const struct view *v, uint32_t id, const struct view_pred *p)
{
	return !view_shown(v, id) || ptree_node(v->pt, id)->nbad == 0;
}

int
view_next_bad(struct view *v, int dir)
{
	struct view_pred p = { view_match_bad, view_prune_good, NULL, 0 };
	uint32_t id;

	view_catch_up(v);
	if ((id = view_find(v, &p, view_cursor_id(v), dir, 0)) == 0)
		return -1;
	return view_select(v, id);
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
