/*
 * view: what the tree UI shows of the model, without curses.  It owns the
 * per-process fold state, the cursor and the flat list of visible rows
 * (pre-order, folded subtrees and filtered-out processes skipped).  Which
 * processes the filter shows is a filter set's (filter.h); search and the
 * x/X jumps are search.c's, scoped by that set.  Frames read rows from it;
 * keys change it.
 *
 * Siblings come in the order of a sort (order.h): creation order unless
 * view_set_sort() says otherwise.  Sorted and live, new processes appear
 * at once in their place; processes whose values change (an exit, an
 * exec, a running time) move to their new place only when view_sort_tick()
 * finds it due: at most every 2 seconds, and not within 2 seconds of a key,
 * so that rows do not jump while someone reads or moves; choosing a sort
 * (again) sorts at once.
 *
 * Costs: view_sync() rebuilds the rows only when the tree's structure, a
 * fold, the order or the filter changed, in O(visible rows) (a filter that shows few
 * adds a scan of one small per-process array).  When the only change is
 * new processes (live: every frame), their rows are added instead: O(new
 * processes) to place them, plus one scan of the rows for where they go
 * (none when they all go last) and one move of the rows after the first
 * place; anything else (a fold, the filter, a sort or a refresh that moves
 * processes, a new process that shows a hidden one) rebuilds.  With a filter, changed
 * processes are re-matched one by one (fed by view_sink()), falling back to
 * one O(processes) pass when that is cheaper.  Search, x/X and filter
 * changes are O(processes).  Memory: one byte of flags per process, four
 * bytes per visible row, four more bytes per process while filtering, and
 * one per process once a search on a big tree kept its answers.
 *
 * The cursor is a process id, not a row: when rows appear above it, it stays
 * on the same process at the same height on the screen.  If its process
 * becomes hidden it moves to the nearest shown ancestor.
 */
#ifndef PTOP_VIEW_H
#define PTOP_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "filter.h"
#include "order.h"
#include "ptree.h"
#include "settings.h"

/* view_flags() bits. */
#define VIEW_FOLDED	0x01	/* collapsed by the user */
#define VIEW_LAST	0x04	/* last shown child of its parent (valid for rows) */

/* view_filter_states() bits: the state words of a filter (filter.h). */
#define VIEW_STATE_FAILED	FILTER_FAILED
#define VIEW_STATE_RUNNING	FILTER_RUNNING
#define VIEW_STATE_KILLED	FILTER_KILLED
#define VIEW_STATE_OK		FILTER_OK

struct view;

/* A view of pt; pt must outlive it. */
struct view *view_new(const struct ptree *pt);
void view_free(struct view *v);
/*
 * A sink to register after the tree's own: it tells the view's filter set
 * which processes changed so a filter is re-evaluated for those only.
 */
struct sink view_sink(struct view *v);
/* Catch up with the tree; returns 1 if the rows changed. */
int view_sync(struct view *v);
/* Bytes the view holds. */
size_t view_memory(const struct view *v);

/* ---- rows and cursor (call view_sync first) ---- */
uint32_t view_nrows(const struct view *v);
/* Process id shown on a row (row < view_nrows). */
uint32_t view_row_id(const struct view *v, uint32_t row);
/* First row on the screen. */
uint32_t view_top(const struct view *v);
/* Cursor row and process id; 0/0 when there are no rows. */
uint32_t view_cursor(const struct view *v);
uint32_t view_cursor_id(const struct view *v);
/* Rows the screen has room for (keeps the cursor in view, page size). */
void view_set_height(struct view *v, unsigned height);
unsigned view_height(const struct view *v);
/* Move the cursor by delta rows, clamped. */
void view_move(struct view *v, long delta);
void view_goto_row(struct view *v, uint32_t row);
/* Scroll the screen by delta rows; the cursor stays on screen. */
void view_scroll(struct view *v, long delta);
/* Put the cursor on process id, opening its folded ancestors; -1 if unknown. */
int view_select(struct view *v, uint32_t id);

/* ---- folding ---- */
int view_flags(const struct view *v, uint32_t id);
/* Has children that the filter lets through. */
int view_has_children(const struct view *v, uint32_t id);
void view_set_folded(struct view *v, uint32_t id, int folded);
/* Right/+: expand the cursor's node. */
void view_expand(struct view *v);
/* Left/-: collapse the cursor's node, or go to its parent. */
void view_collapse(struct view *v);
/* Space: toggle the cursor's node. */
void view_toggle(struct view *v);
/* '*': expand the whole subtree, or collapse it all if it is all expanded. */
void view_toggle_all(struct view *v);

/* ---- filter ---- */
/*
 * Show only the processes the filter text passes (see filter.h: argv text,
 * ":failed", ":running", ":killed", ":ok" or a prefix like ":f"; several
 * states mean any of them) and their ancestors.  NULL or "" clears it.
 */
void view_set_filter(struct view *v, const char *text);
/* The same with a parsed filter, which the view owns from now (NULL clears). */
void view_use_filter(struct view *v, struct filter *f);
/* The filter in force, NULL if none (another view can match against it). */
const struct filter *view_get_filter(const struct view *v);
/* Current filter text, NULL if none. */
const char *view_filter(const struct view *v);
/* The table words it uses, VIEW_STATE_* for the states (tests and the header). */
unsigned view_filter_states(const struct view *v);
/* Whole-tree filter passes so far (tests and benchmarks). */
unsigned view_filter_passes(const struct view *v);
/* Row builds that linked the shown processes alone (a filter showing few), for tests. */
unsigned view_sparse_builds(const struct view *v);
/* Row updates that added the rows of new processes instead of rebuilding, for tests. */
unsigned view_added_builds(const struct view *v);
/* Rebuild the rows from scratch now (tests compare it with rows added to). */
void view_rebuild_rows(struct view *v);
/* The row of the newest shown process, where follow mode goes (tests). */
uint32_t view_max_row(const struct view *v);
/* The filter's text part, lower-case (NULL if none; ":failed" alone has none). */
const char *view_filter_needle(const struct view *v, size_t *len);
/* Does a process pass the filter (1 when there is no filter)? */
int view_matches(const struct view *v, uint32_t id);

/* ---- sort ---- */
/*
 * Sort siblings by col, descending if desc (START ascending: creation
 * order), at trace time now_us; the cursor stays on its process, at its
 * height on the screen.
 */
void view_set_sort(struct view *v, enum settings_col col, int desc, int64_t now_us);
enum settings_col view_sort_column(const struct view *v);
int view_sort_descending(const struct view *v);
/* The order of siblings (for searches and other views of the same rows). */
const struct order *view_order(const struct view *v);
/* Move the processes whose values changed to their place now; 1 if rows moved. */
int view_sort_refresh(struct view *v, int64_t now_us);
/* Some processes may be out of their sorted place until a refresh. */
int view_sort_pending(const struct view *v);
/*
 * The refresh, if due at now_us with the last key at key_us (see the top
 * of this file); 1 if rows moved.
 */
int view_sort_tick(struct view *v, int64_t now_us, int64_t key_us);

/* ---- search and jumps (pre-order as shown, folds ignored, filter respected; search.h) ---- */
/*
 * Move to the next (dir > 0) or previous (dir < 0) process after process
 * from (0: the cursor) whose argv contains text (ASCII case-insensitive),
 * wrapping around; from itself included when inclusive.  Opens folds on
 * the way.  Returns 0, or -1 if nothing matches (the cursor stays).
 */
int view_search(struct view *v, const char *text, uint32_t from, int dir, int inclusive);
/* Same for failed or signalled processes (x / X). */
int view_next_bad(struct view *v, int dir);

/* ---- follow mode: keep the cursor on the newest shown process ---- */
void view_set_follow(struct view *v, int on);
int view_follow(const struct view *v);

#endif
