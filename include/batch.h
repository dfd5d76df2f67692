/*
 * batch: the text tree printed at the end of -b (and of -r in batch mode).
 * One line per process, table columns then the tree and the command:
 *
 *     PID STATUS         WALL      CPU  COMMAND
 *    4242 exit 2       1.203s   0.950s  make all
 *    4243 ok           0.412s   0.398s  ├─ cc -c foo.c
 */
#ifndef PTOP_BATCH_H
#define PTOP_BATCH_H

#include <stdio.h>

#include "ptree.h"

#define BATCH_ASCII	0x1	/* |- `- instead of box drawing */
#define BATCH_ESCAPE8	0x2	/* escape all non-ASCII (terminal is not UTF-8) */

/* Write the whole tree; returns -1 if writing failed. */
int batch_print(FILE *fp, const struct ptree *pt, int flags);

#endif
