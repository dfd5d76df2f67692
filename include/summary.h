/*
 * summary: where the time of a finished trace went, as plain text for a
 * CI log (--summary): totals, the critical path step by step, the longest
 * processes and the per-program table.  Commands are escaped as the
 * batch tree escapes them (fmt.h) and cut to a line's worth.
 *
 *   Summary: make -j8
 *     processes   1204: 3 failed, 1 killed
 *     wall        12.301s
 *     CPU         20.112s, 1.6 processes busy on average
 *     parallel    at most 8 processes at once
 *
 *   Critical path: 4 steps
 *        START      TIME      SELF  COMMAND
 *       0.000s   12.301s    0.210s  make -j8
 *       ...
 */
#ifndef PTOP_SUMMARY_H
#define PTOP_SUMMARY_H

#include <stdio.h>

#include "profile.h"
#include "ptree.h"
#include "timeline.h"

/* Processes the summary lists as the longest. */
#define SUMMARY_LONGEST 10
/* Programs it lists at most (the rest are counted). */
#define SUMMARY_PROGRAMS 30

/*
 * Write the summary of pt (prof: its profile; hist: its running-processes
 * histogram, NULL if none) with batch_print's flags (batch.h); -1 if
 * writing failed.
 */
int summary_print(FILE *fp, const struct ptree *pt, struct profile *prof,
    const struct tl_hist *hist, int flags);

#endif
