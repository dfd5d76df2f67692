/*
 * diff_run: the parts of a ptop --diff run that are not the diff (diff.h):
 * loading trace A beside the run's own tree, and the end of the run.
 * run.c wires them: A is loaded before anything runs, B is the run's tree
 * (a replayed trace, or the command being traced), the diff screen
 * (scr_diff.c) shows both, and batch mode prints the differences.
 */
#ifndef PTOP_DIFF_RUN_H
#define PTOP_DIFF_RUN_H

#include "output.h"
#include "ptree.h"

/* Exit status of a diff that could not be made (diff(1)'s "trouble"). */
#define DIFF_EXIT_TROUBLE 2

/* Trace path read into a new tree; NULL after a one-line error. */
struct ptree *diff_run_load(const char *path);

/*
 * The run is over: diff A and B, print the differences (DIFF_PRINT_*
 * flags) to o if it is open, else to standard output unless quiet (the
 * view showed them), and close o.  Returns 0 when the runs match, 1 when
 * they differ, -1 when the text could not be written (said already).
 */
int diff_run_finish(struct output *o, const struct ptree *a, const struct ptree *b, int flags,
    int quiet);

#endif
