/*
 * critpath: the critical path of a trace, the chain of processes that
 * bounded the end of the run.  No curses; reads the tree only.
 *
 * The definition (doc/time.md has the reasoning and examples):
 * - A process's end is when it exited or was killed.  One that ptop let
 *   go of (detached) or never saw end (the trace was cut short: lost) ran
 *   on after the last event: it ends after everything seen to end.  A
 *   running process ends "now", later still.  Its subtree's end is the
 *   latest end among it and its descendants (to the millisecond).
 * - Start at the virtual root, whose life is the whole trace.  From a
 *   process, the next step is, among its children whose subtree ended
 *   within its own life (no later than it ended: it may have waited for
 *   them), the one whose subtree ended last; on a tie, the one created
 *   first.  Stop at a process with no such child.
 * - So children that outlive their parent (daemons, background jobs)
 *   never continue the path from it; with several roots (attach), the
 *   path starts at the root whose subtree ended last; while a process
 *   runs, its running children (the oldest first) come before the ended
 *   ones.
 *
 * Cost: critpath_sync() recomputes only when the tree changed, walking
 * the children of each process on the path: at most every process once
 * (the 1M-process generated trace: 20-40 ms, its root has 333,000
 * children).  Ids on the path increase
 * (children are created after their parents), so membership is a binary
 * search.
 */
#ifndef PTOP_CRITPATH_H
#define PTOP_CRITPATH_H

#include <stddef.h>
#include <stdint.h>

#include "ptree.h"

struct critpath;

/* A critical path of pt (which must outlive it), empty until synced. */
struct critpath *critpath_new(const struct ptree *pt);
void critpath_free(struct critpath *cp);
/* Follow another tree (NULL: none, the path is empty) from the next sync. */
void critpath_use(struct critpath *cp, const struct ptree *pt);
/* Catch up with the tree; returns 1 if it was recomputed. */
int critpath_sync(struct critpath *cp);
/*
 * The same for every frame: while the tree still changes (processes run)
 * and a walk took over CRITPATH_SLOW_US, at most once per CRITPATH_SHARE
 * times its duration, so that a live trace of a million processes spends
 * a few percent of a CPU on it; the marks lag by a fraction of a second.
 */
int critpath_sync_lazy(struct critpath *cp);
#define CRITPATH_SLOW_US	2000
#define CRITPATH_SHARE		20
/* Steps on the path, root first (after the last sync). */
size_t critpath_len(const struct critpath *cp);
/* Process id of step i (i < critpath_len). */
uint32_t critpath_id(const struct critpath *cp, size_t i);
/* The step of process id, or -1 if it is not on the path. */
long critpath_index(const struct critpath *cp, uint32_t id);
/* Times the path was computed (tests, benchmarks). */
unsigned critpath_computed(const struct critpath *cp);

/*
 * A process's end and its subtree's, in ms since the trace started, as
 * the path sees them: UINT32_MAX while it (or, for the subtree, any of
 * it) runs, UINT32_MAX - 1 if it was detached or lost.
 */
uint32_t critpath_end_ms(const struct node *n);
uint32_t critpath_span_ms(const struct node *n);

#endif
