/*
 * search.c: pre-order walks that find a process, and the kept answers of
 * a text search.  See search.h.
 *
 * Invariants: hits[id] for ids 1..seen is whether the argv id shows
 * contains needle, as the tree was at exec generation gen; count is how
 * many.  A walk never descends below a process it prunes (hidden by the
 * scope, or with nothing to find below).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "search.h"
#include "xmalloc.h"

struct search {
	uint8_t *hits;		/* hits[id] for ids 1..seen */
	size_t alloc;
	uint32_t seen, count;
	char *needle;		/* folded; NULL before the first kept search */
	uint64_t gen;		/* ptree_exec_gen() they were computed at */
};

struct search *
search_new(void)
{
	return xcalloc(1, sizeof(struct search));
}

void
search_free(struct search *s)
{
	if (s == NULL)
		return;
	free(s->hits);
	free(s->needle);
	free(s);
}

size_t
search_memory(const struct search *s)
{
	return sizeof *s + s->alloc;
}

/* ---- walks --------------------------------------------------------------- */

struct search_walk {
	const struct ptree *pt;
	const struct filter_set *scope;	/* NULL: every process */
	const struct order *order;	/* NULL: creation order */
	int (*match)(const struct search_walk *w, uint32_t id);
	/* Nothing to find below id (besides hidden ones); NULL: always look. */
	int (*prune)(const struct search_walk *w, uint32_t id);
	const char *needle;
	size_t nlen;
	const uint8_t *hits;
};

static int
search_shown(const struct search_walk *w, uint32_t id)
{
	return w->scope == NULL || filter_set_shown(w->scope, id);
}

static int
search_ok(const struct search_walk *w, uint32_t id)
{
	return search_shown(w, id) && w->match(w, id);
}

/* Pre-order successor over the whole tree, 0 at the end. */
static uint32_t
search_next(const struct search_walk *w, uint32_t id)
{
	uint32_t n;

	if ((id == 0 || (search_shown(w, id) && (w->prune == NULL || !w->prune(w, id)))) &&
	    (n = w->order != NULL ? order_first(w->order, id) : ptree_first_child(w->pt, id)) != 0)
		return n;
	while (id != 0) {
		if ((n = w->order != NULL ? order_next(w->order, id) : ptree_next(w->pt, id)) != 0)
			return n;
		id = ptree_node(w->pt, id)->parent;
	}
	return 0;
}

static uint32_t
search_find(const struct search_walk *w, uint32_t start, int dir, int inclusive)
{
	uint32_t id, before = 0, last = 0;
	int passed = 0;

	if (start != 0 && inclusive && search_ok(w, start))
		return start;
	if (dir > 0) {
		for (id = search_next(w, start); id != 0; id = search_next(w, id))
			if (search_ok(w, id))
				return id;
		/* Wrap around, up to and including the start. */
		for (id = search_next(w, 0); id != 0; id = search_next(w, id)) {
			if (search_ok(w, id))
				return id;
			if (id == start)
				break;
		}
		return 0;
	}
	for (id = search_next(w, 0); id != 0; id = search_next(w, id)) {
		if (id == start)
			passed = 1;
		else if (search_ok(w, id)) {
			last = id;
			if (!passed)
				before = id;
		}
	}
	if (before != 0)
		return before;
	if (last != 0)
		return last;
	return start != 0 && search_ok(w, start) ? start : 0;
}

/* Up to SEARCH_NEAR_STEPS processes forward from start, no wrapping; 0 if none. */
#define SEARCH_NEAR_STEPS 20000

static uint32_t
search_find_near(const struct search_walk *w, uint32_t start, int inclusive)
{
	uint32_t id, steps = 0;

	if (start != 0 && inclusive && search_ok(w, start))
		return start;
	for (id = search_next(w, start); id != 0 && steps < SEARCH_NEAR_STEPS;
	    id = search_next(w, id), steps++)
		if (search_ok(w, id))
			return id;
	return 0;
}

/* ---- text ------------------------------------------------------------------- */

static int
search_match_text(const struct search_walk *w, uint32_t id)
{
	const struct exec_rec *x = ptree_shown_exec(w->pt, id);

	return x != NULL && filter_exec_contains(x, w->needle, w->nlen);
}

/* The kept answer of search_hits. */
static int
search_match_hit(const struct search_walk *w, uint32_t id)
{
	return w->hits[id];
}

/* The kept answers are for this needle and still right (see below). */
static int
search_kept(const struct search *s, const struct ptree *pt, const char *needle)
{
	return s->needle != NULL && strcmp(s->needle, needle) == 0 &&
	    s->gen == ptree_exec_gen(pt) && s->seen <= ptree_size(pt);
}

/*
 * Test every process's text first, on two threads: the walk in tree order
 * then only reads the answers, and a text that matches nowhere is known
 * without walking at all.  The answers are kept for the next n or N: still
 * right while no process has exec'd since (a new one shows what its parent
 * ran, fixed at its spawn), so only processes new since then are tested
 * again.  Returns the number of hits.
 */
static uint32_t
search_hits(struct search *s, const struct search_walk *w)
{
	uint32_t from = 1, size = ptree_size(w->pt);

	if (search_kept(s, w->pt, w->needle))
		from = s->seen + 1;
	else {
		free(s->needle);
		s->needle = xstrdup(w->needle);
		s->gen = ptree_exec_gen(w->pt);
		s->count = 0;
	}
	if ((size_t)size + 1 > s->alloc) {
		s->alloc = (size_t)size + 1 + size / 2;
		s->hits = xrealloc(s->hits, s->alloc);
	}
	if (from <= size)
		s->count += filter_text_hits(w->pt, w->needle, w->nlen, s->hits, from, size + 1);
	s->seen = size;
	return s->count;
}

uint32_t
search_text(struct search *s, const struct ptree *pt, const struct filter_set *scope,
    const struct order *order, const char *text, uint32_t from, int dir, int inclusive)
{
	struct search_walk w = { pt, scope, order, search_match_text, NULL, NULL, 0, NULL };
	size_t len = strlen(text), i;
	char *needle;
	uint32_t id = 0;

	if (len == 0)
		return 0;
	needle = xmalloc(len + 1);
	for (i = 0; i <= len; i++)
		needle[i] = (char)(text[i] == '\0' ? '\0' : filter_fold_byte((unsigned char)text[i]));
	w.needle = needle;
	w.nlen = len;
	if (ptree_size(pt) >= FILTER_PARALLEL_MIN) {
		/* Unless the answers are kept, a match close ahead is found sooner by walking a little. */
		if (!search_kept(s, pt, needle) && dir > 0 &&
		    (id = search_find_near(&w, from, inclusive)) != 0)
			goto done;
		if (search_hits(s, &w) == 0)
			goto done;
		w.match = search_match_hit;
		w.hits = s->hits;
	}
	id = search_find(&w, from, dir, inclusive);
done:
	free(needle);
	return id;
}

/* ---- failed processes ------------------------------------------------------- */

static int
search_match_bad(const struct search_walk *w, uint32_t id)
{
	return node_is_bad(ptree_node(w->pt, id));
}

/* No failed descendant: nothing to find below. */
static int
search_prune_good(const struct search_walk *w, uint32_t id)
{
	return ptree_node(w->pt, id)->nbad == 0;
}

uint32_t
search_bad(const struct ptree *pt, const struct filter_set *scope, const struct order *order,
    uint32_t from, int dir)
{
	struct search_walk w = { pt, scope, order, search_match_bad, search_prune_good, NULL, 0,
	    NULL };

	return search_find(&w, from, dir, 0);
}
