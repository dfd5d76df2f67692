/*
 * order: the order of siblings, sorted by a column (column.h), ascending
 * or descending, as htop sorts each parent's children in tree mode.  No
 * rows, no curses: the view walks the tree through it, searches walk it
 * too, so that what is found next is what is shown next.
 *
 * START ascending is the tree's own order (creation order): nothing is
 * held, every call goes to the tree.  Any other sort keeps its own sibling
 * lists.  Ties are in creation order, whichever the direction.
 *
 * When it moves things, and why (the rows must not jump faster than a
 * person can read):
 * - order_set() sorts everything.
 * - order_sync() places processes new since the last call where the sort
 *   puts them, by their values then, and moves nothing else.  Its clock for
 *   running times is the tree's newest event.
 * - order_refresh() moves the processes whose values changed since the
 *   last sort or refresh (exits, execs, running times) to their place.
 *   The caller decides when: view.h's policy.
 *
 * Costs: order_set() O(n) for numbers (a counting sort by parent, then
 * each family by a few comparisons or, if big, a stable radix sort; one
 * pass to link the lists), more for text columns whose siblings share
 * long prefixes (each run of equal bytes is sorted by the bytes after it,
 * 8 at a time).  order_sync() and order_refresh()
 * cost O(k log k) for k processes placed, plus for each parent they touch
 * either nothing (the new ones go last, the usual case), a walk of its
 * children (fewer than 512), or a binary search per process and a copy
 * of an array of its children (a parent with 512 or more keeps one).
 * Memory while sorting: 17 bytes a process (key, links, marks), and 4
 * more for each child of a parent with 512 children or more.
 */
#ifndef PTOP_ORDER_H
#define PTOP_ORDER_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "ptree.h"
#include "settings.h"

struct order;

/* The tree's own order over pt, which must outlive it. */
struct order *order_new(const struct ptree *pt);
void order_free(struct order *o);
/* Bytes it holds. */
size_t order_memory(const struct order *o);
/*
 * A sink to register after the tree's own: it notes the processes whose
 * values changed, for order_refresh().
 */
struct sink order_sink(struct order *o);
/* Note that id's values changed (what the sink does). */
void order_changed(struct order *o, uint32_t id);

/* Sort by col, descending if desc; everything is placed now. */
void order_set(struct order *o, enum settings_col col, int desc, int64_t now_us);
enum settings_col order_column(const struct order *o);
int order_descending(const struct order *o);
/* Not the tree's own order (START ascending). */
int order_active(const struct order *o);

/* Place the processes new since the last call; 1 if there were any. */
int order_sync(struct order *o);
/*
 * Move the processes whose values changed (running times at now_us) to
 * their place; new ones are placed first.  1 if a process moved.
 */
int order_refresh(struct order *o, int64_t now_us);
/* Processes whose place may be out of date until the next refresh. */
int order_stale(const struct order *o);

/* The first child of id (0: the roots), the sibling after id; 0 if none. */
uint32_t order_first(const struct order *o, uint32_t id);
uint32_t order_next(const struct order *o, uint32_t id);
/* <0, 0 (a == b), >0: a before b as siblings. */
int order_cmp(const struct order *o, uint32_t a, uint32_t b);
/* Sort n ids (siblings) into the order (stable; for a few shown ones). */
void order_sort_ids(const struct order *o, uint32_t *ids, size_t n);

/* Full sorts so far (tests, benchmarks). */
unsigned order_sorts(const struct order *o);

#endif
