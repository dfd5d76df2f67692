/*
 * detail: the text of the detail view of one process (Enter): every argv
 * element on its own line, exe, cwd, the exec chain with times, pid and
 * parent, times, exit status in words, CPU, peak RSS and threads.  All text
 * from the traced program is escaped with fmt before it reaches the pager.
 */
#ifndef PTOP_DETAIL_H
#define PTOP_DETAIL_H

#include <stdint.h>

#include "pager.h"
#include "ptree.h"

/* Replace the pager's content with process id's details at time now_us. */
void detail_build(struct pager *p, const struct ptree *pt, uint32_t id, int64_t now_us,
    int fmt_flags);
/* The exit status in words: "exited with status 2", "killed by SIGSEGV ...". */
void detail_status_words(struct buf *b, const struct node *n);

#endif
