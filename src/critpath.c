/*
 * critpath.c: the critical path, recomputed from the tree when it changed.
 * See critpath.h for the definition.
 *
 * Invariant: ids[0..len) is the path after the last sync, root first;
 * ids increase along it, since a child is created after its parent.
 */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "critpath.h"
#include "xmalloc.h"

struct critpath {
	const struct ptree *pt;
	uint32_t *ids;
	size_t len, alloc;
	uint64_t struct_gen, data_gen;
	uint32_t size;		/* the tree's size at the last sync */
	int synced;
	unsigned computed;
	int64_t cost_us;	/* the last walk */
	int64_t at_us;		/* when it ended (CLOCK_MONOTONIC) */
};

struct critpath *
critpath_new(const struct ptree *pt)
{
	struct critpath *cp = xcalloc(1, sizeof *cp);

	cp->pt = pt;
	return cp;
}

void
critpath_use(struct critpath *cp, const struct ptree *pt)
{
	if (cp->pt != pt) {
		cp->pt = pt;
		cp->synced = 0;
		cp->len = 0;
	}
}

void
critpath_free(struct critpath *cp)
{
	if (cp == NULL)
		return;
	free(cp->ids);
	free(cp);
}

uint32_t
critpath_end_ms(const struct node *n)
{
	int64_t ms;

	if ((n->flags & NODE_RUNNING) || n->end_us < 0)
		return UINT32_MAX;
	/* Let go of, or never seen to end: it ran on after the last event. */
	if (n->flags & (NODE_LOST | NODE_DETACHED))
		return UINT32_MAX - 1;
	ms = n->end_us / 1000;
	return ms >= UINT32_MAX - 1 ? UINT32_MAX - 2 : (uint32_t)ms;
}

uint32_t
critpath_span_ms(const struct node *n)
{
	uint32_t own = critpath_end_ms(n);

	if (own == UINT32_MAX || n->nrunning > 0)
		return UINT32_MAX;
	return n->span_end_ms > own ? n->span_end_ms : own;
}

static void
critpath_push(struct critpath *cp, uint32_t id)
{
	if (cp->len == cp->alloc) {
		cp->alloc = cp->alloc ? cp->alloc * 2 : 64;
		cp->ids = xreallocarray(cp->ids, cp->alloc, sizeof *cp->ids);
	}
	cp->ids[cp->len++] = id;
}

/*
 * The next step after id (0 for the virtual root), or 0 if the path ends
 * there.  The walk reads the nodes array directly (a make can have
 * hundreds of thousands of children): the children's list is circular,
 * from the parent's last child's next to that last child.
 */
static uint32_t
critpath_next(const struct ptree *pt, uint32_t id)
{
	const struct node *nodes = ptree_node(pt, 0), *n;
	uint32_t end = id == 0 ? UINT32_MAX : critpath_end_ms(&nodes[id]);
	uint32_t last = nodes[id].last_child, c, best = 0, best_span = 0, span;

	if (last == 0)
		return 0;
	for (c = nodes[last].next_sibling;; c = n->next_sibling) {
		n = &nodes[c];
		span = critpath_span_ms(n);
		/* Outlived it: not waited for.  A tie keeps the first. */
		if (span <= end && (best == 0 || span > best_span)) {
			best = c;
			best_span = span;
		}
		if (c == last)
			break;
	}
	return best;
}

static void
critpath_compute(struct critpath *cp)
{
	uint32_t id = 0;

	cp->len = 0;
	if (ptree_size(cp->pt) == 0)
		return;
	while ((id = critpath_next(cp->pt, id)) != 0)
		critpath_push(cp, id);
	cp->computed++;
}

static int64_t
critpath_clock_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int
critpath_sync_lazy(struct critpath *cp)
{
	if (cp->pt != NULL && cp->synced && cp->cost_us > CRITPATH_SLOW_US &&
	    ptree_stats(cp->pt)->running > 0 && !ptree_finished(cp->pt) &&
	    critpath_clock_us() - cp->at_us < CRITPATH_SHARE * cp->cost_us)
		return 0;
	return critpath_sync(cp);
}

int
critpath_sync(struct critpath *cp)
{
	uint64_t sg, dg;
	int64_t t0;

	if (cp->pt == NULL)
		return 0;
	sg = ptree_struct_gen(cp->pt);
	dg = ptree_data_gen(cp->pt);
	if (cp->synced && sg == cp->struct_gen && dg == cp->data_gen &&
	    ptree_size(cp->pt) == cp->size)
		return 0;
	cp->synced = 1;
	cp->struct_gen = sg;
	cp->data_gen = dg;
	cp->size = ptree_size(cp->pt);
	t0 = critpath_clock_us();
	critpath_compute(cp);
	cp->at_us = critpath_clock_us();
	cp->cost_us = cp->at_us - t0;
	return 1;
}

size_t
critpath_len(const struct critpath *cp)
{
	return cp->len;
}

uint32_t
critpath_id(const struct critpath *cp, size_t i)
{
	return i < cp->len ? cp->ids[i] : 0;
}

long
critpath_index(const struct critpath *cp, uint32_t id)
{
	size_t lo = 0, hi = cp->len, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp->ids[mid] == id)
			return (long)mid;
		if (cp->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return -1;
}

unsigned
critpath_computed(const struct critpath *cp)
{
	return cp->computed;
}
