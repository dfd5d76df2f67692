/*
 * search: find processes in tree order (pre-order, as the tree view lists
 * them, folds ignored), for any view: the next or previous one whose argv
 * contains a text, or that failed.  Walks wrap around.  A filter set, when
 * given, is the scope: processes it hides are neither found nor walked.
 * An order (order.h), when given, is the order of siblings: the walk goes
 * through the tree as the sorted view shows it.
 *
 * A struct search keeps the answers of the last text search on a big
 * tree (one byte per process) for the next n or N: they stay right while
 * no process execs, and only processes new since are tested again.
 *
 * Costs: O(processes) a search; on a tree of FILTER_PARALLEL_MIN processes
 * or more, every text is tested first on two threads (kept answers make
 * the next search a walk that reads bytes), unless a match lies a few
 * thousand processes ahead.  Failed processes are found by walking only
 * the subtrees that hold one (node.nbad).
 */
#ifndef PTOP_SEARCH_H
#define PTOP_SEARCH_H

#include <stddef.h>
#include <stdint.h>

#include "filter.h"
#include "order.h"
#include "ptree.h"

struct search;

struct search *search_new(void);
void search_free(struct search *s);
/* Bytes it holds. */
size_t search_memory(const struct search *s);

/*
 * The next (dir > 0) or previous (dir < 0) process after process from (0:
 * from the top) whose argv contains text (ASCII case-insensitive, a space
 * also matches between two arguments), wrapping around; from itself
 * included when inclusive.  scope (NULL: everything) and order (NULL:
 * creation order) must be synced with pt.  Returns its id, or 0 if none ("" finds nothing).
 */
uint32_t search_text(struct search *s, const struct ptree *pt, const struct filter_set *scope,
    const struct order *order, const char *text, uint32_t from, int dir, int inclusive);
/* The same for failed or killed processes; from itself never. */
uint32_t search_bad(const struct ptree *pt, const struct filter_set *scope,
    const struct order *order, uint32_t from, int dir);

#endif
